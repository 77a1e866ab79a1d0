"""Backups, restores and a health check of the shop database.

A backup is SQLite's own online copy (the backup API): consistent even while
counters keep working, written to a temporary name, checked, then renamed into
place. A restore checks the backup first (a ShopCircle database, not damaged,
not from a newer version), copies the current database aside, then copies the
backup in and brings its schema up to date. The check and the repair are in
:mod:`crm.services.health`, reached from here too.

A PostgreSQL shop is backed up on its server (``pg_dump``); only the check
runs there.

Who may: backing up and checking are for managers and owners, restoring and
repairing for owners (SPEC 8). Each takes the acting staff member as ``actor``, a
required keyword so that no caller forgets it; ``None`` is the shop itself (the
command line, the automatic daily copy), which acts as the owner.
"""

from __future__ import annotations

import glob
import json
import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crm import tempfiles
from crm.db import database, database_files, is_postgres, remove_database
from crm.errors import ShopError, shop_error
from crm.services.common import Actor, require
from crm.services.health import CheckResult, Finding, check, repair  # noqa: F401 - one place to reach them

Progress = Callable[[float, str], None]
KEEP_AUTOMATIC = 7  # automatic backups kept in the backups folder


@shop_error
class BackupFailed(ShopError):
    path: str
    reason: str
    message = "{path}: {reason}"


def _location() -> str:
    location = getattr(database.obj, "shop_location", None)
    if not location or location == ":memory:":
        raise BackupFailed(str(location), "an in-memory database has no file to back up")
    if is_postgres(location):
        raise BackupFailed(
            "PostgreSQL",
            "a shop on a PostgreSQL server is backed up on the server (for example with pg_dump)",
        )
    return location


def backups_folder(location: str | None = None) -> Path:
    return Path(location or _location()).expanduser().resolve().parent / "backups"


def _stem(location: str) -> str:
    """Backups are named after their database (shopcircle.db → shopcircle-…), so shops that
    share a folder (a demo kept beside the real shop) never take each other's copies."""
    return Path(location).stem or "shopcircle"


def default_backup_path(location: str | None = None, now: datetime | None = None) -> Path:
    location = location or _location()
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return backups_folder(location) / f"{_stem(location)}-{stamp}.db"


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if (
        isinstance(exc, OSError)
        and exc.errno == 28
        or "disk is full" in text
        or "database or disk is full" in text
    ):
        return "the disk is full; free some space and try again"
    if isinstance(exc, PermissionError) or "readonly" in text or "unable to open" in text:
        return "the folder cannot be written to"
    if isinstance(exc, OSError):
        return exc.strerror or text
    return text


BUSY_SECONDS = 10  # how long a copy waits for a counter that is saving


class _Busy(Exception):
    pass


def _patient(say: Progress, base: float, span: float, message: str):
    """A progress callback for SQLite's backup: reports, and gives up once the other
    side has been busy (a counter saving) for BUSY_SECONDS; Python's own backup
    would otherwise wait for ever."""
    since: list[float] = []

    def step(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            since.append(since[0] if since else time.monotonic())
            if time.monotonic() - since[0] > BUSY_SECONDS:
                raise _Busy()
            return
        since.clear()
        say(base + span * (1 - remaining / total) if total else base + span, message)

    return step


def _copy(source: str, target: Path, progress: Progress | None, verify: bool = True) -> None:
    """SQLite's online backup of ``source`` into a new file ``target`` (atomically), through an
    owner-only part file; what a killed copy left in that folder is removed first."""
    say = progress or (lambda fraction, message: None)
    tempfiles.clear_parts(target.parent)
    try:
        temp = tempfiles.new_part(target)
    except OSError as exc:
        raise BackupFailed(str(target), _reason(exc)) from exc
    try:
        with (
            closing(sqlite3.connect(source, timeout=BUSY_SECONDS)) as src,
            closing(sqlite3.connect(temp)) as dst,
        ):
            # In one step: a copy made page batch by page batch starts over whenever a
            # counter writes meanwhile; one step reads a single consistent snapshot.
            src.backup(dst, pages=-1, progress=_patient(say, 0.05, 0.85, "copying"))
            dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        if verify:
            say(0.92, "checking")
            problems = integrity(str(temp))
            if problems:
                raise BackupFailed(str(target), "the copy did not read back whole: " + problems[0])
        os.replace(temp, target)
    except _Busy:
        raise BackupFailed(
            str(target), "the shop is busy (a counter is saving); try again in a moment"
        ) from None
    except (OSError, sqlite3.Error) as exc:
        raise BackupFailed(str(target), _reason(exc)) from exc
    finally:
        remove_database(temp)


def backup(
    out: str | os.PathLike | None = None, progress: Progress | None = None, *, actor: Actor | None
) -> Path:
    """Copy the shop's database to ``out`` (default: a dated file in the backups folder; a
    folder: a dated file in it). An existing file is replaced only when it is a ShopCircle
    backup; the shop's own files never."""
    require(actor, "back up")
    location = _location()
    if out is None:
        target = default_backup_path(location)
        target.parent.mkdir(parents=True, exist_ok=True)
    else:
        target = Path(out).expanduser().resolve()
        if target.is_dir():
            target = target / default_backup_path(location).name
    _refuse_target(target, location)
    if not target.parent.is_dir():
        raise BackupFailed(str(target), f"the folder {target.parent} does not exist")
    _copy(location, target, progress)
    if progress:
        progress(1.0, "done")
    return target


def _refuse_target(target: Path, location: str) -> None:
    """The live database and its side files are never a backup's target (writing a copy over
    ``shop.db-wal`` or ``-journal`` would wreck the shop), nor is any file but a backup."""
    live = database_files(Path(location).expanduser().resolve())
    if any(
        target == file or (file.exists() and target.exists() and os.path.samefile(target, file))
        for file in live
    ):
        raise BackupFailed(str(target), "that is the shop's database itself; choose another file")
    if target.exists() and not is_backup_file(target):
        raise BackupFailed(
            str(target), "a file that is not a ShopCircle backup is already there; choose another name"
        )


def is_backup_file(path: Path) -> bool:
    """A ShopCircle database in rollback-journal mode, as every backup is written (a live
    shop is in WAL mode: another shop's database is not a backup to write over)."""
    try:
        with open(path, "rb") as file:
            header = file.read(20)
    except OSError:
        return False
    if len(header) < 20 or not header.startswith(b"SQLite format 3\x00") or header[18:20] != b"\x01\x01":
        return False
    try:
        inspect(path, whole=False)
    except BackupFailed:
        return False
    return True


def automatic_backup(now: datetime | None = None) -> Path | None:
    """Once a day, a copy in the backups folder; the newest few are kept. Made by the shop
    itself at start-up, whoever signs in."""
    location = _location()
    folder = backups_folder(location)
    now = now or datetime.now()
    prefix = f"{_stem(location)}-auto-"
    existing = sorted(folder.glob(f"{glob.escape(prefix)}*.db")) if folder.is_dir() else []
    if existing and existing[-1].name >= f"{prefix}{now:%Y%m%d}":
        return None
    folder.mkdir(parents=True, exist_ok=True)
    made = backup(folder / f"{prefix}{now:%Y%m%d-%H%M%S}.db", actor=None)  # the shop itself
    for old in sorted(folder.glob(f"{glob.escape(prefix)}*.db"))[:-KEEP_AUTOMATIC]:
        old.unlink(missing_ok=True)
    return made


def _read_only_uri(path: str | os.PathLike) -> str:
    """A file that nobody writes to (a backup, a fresh copy), read as is: a "#" or "?" in
    its folder's name stays part of the name, and a copy of a WAL database on read-only
    media opens without its side files."""
    return Path(path).expanduser().resolve().as_uri() + "?mode=ro&immutable=1"


def integrity(path: str) -> list[str]:
    """SQLite's own check of every page of the file; an empty list when it is whole."""
    try:
        with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:  # a page so damaged that the check itself stops
        return [str(exc)]
    return [] if rows == ["ok"] else rows


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    customers: int
    visits: int
    last_visit: str | None
    migrations: list[str]
    shop_name: str = ""


def inspect(path: str | os.PathLike, whole: bool = True) -> BackupInfo:
    """What a backup holds; :class:`BackupFailed` when it is not a usable ShopCircle database."""
    from crm.db import MIGRATIONS_DIR

    file = Path(path).expanduser().resolve()
    if not file.is_file():
        raise BackupFailed(str(file), "no such file")
    try:
        with closing(sqlite3.connect(_read_only_uri(file), uri=True)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"customer", "visit", "schema_migration"} <= tables:
                raise BackupFailed(str(file), "this is not a ShopCircle database")
            applied = sorted(r[0] for r in conn.execute("SELECT name FROM schema_migration"))
            customers = conn.execute("SELECT COUNT(*) FROM customer").fetchone()[0]
            visits, last = conn.execute("SELECT COUNT(*), MAX(day) FROM visit").fetchone()
            named = conn.execute("SELECT value FROM setting WHERE key = 'shop_name'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupFailed(str(file), "this is not a ShopCircle database, or it is damaged") from exc
    known = {p.stem for p in Path(MIGRATIONS_DIR).glob("[0-9]*.py")}
    newer = [name for name in applied if name not in known]
    if newer:
        raise BackupFailed(str(file), "it was made by a newer version of ShopCircle; update the app first")
    problems = integrity(str(file)) if whole else []
    if problems:
        raise BackupFailed(str(file), "this backup is damaged; nothing was changed")
    shop_name = ""
    if named:
        try:
            shop_name = str(json.loads(named[0]) or "")
        except ValueError:
            pass  # a hand-edited setting: the file name says enough
    return BackupInfo(file, customers, visits, last, applied, shop_name)


def try_open(path: str | os.PathLike) -> None:
    """Open a private copy of a backup as the app would (older schemas brought up to date)
    and read every table: a file that only looks like a ShopCircle database (the right
    table names, other columns) is refused before it can replace the shop's data."""
    import tempfile

    import peewee

    from crm.db import all_models, has_schema, make_database, migrate

    file = Path(path).expanduser().resolve()
    with tempfile.TemporaryDirectory(dir=tempfiles.private_folder()) as folder:
        trial = Path(folder) / "trial.db"
        db = None
        try:
            with closing(sqlite3.connect(_read_only_uri(file), uri=True)) as src:
                with closing(sqlite3.connect(trial)) as dst:
                    src.backup(dst)
            db = make_database(str(trial))
            db.connect()
            if not has_schema(db):
                raise BackupFailed(str(file), "this is not a ShopCircle database")
            migrate(db)
            with db.bind_ctx(all_models()):
                for model in all_models():
                    list(model.select().limit(1).tuples())
        except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
            raise BackupFailed(str(file), "this is not a ShopCircle database, or it is damaged") from exc
        finally:
            if db is not None and not db.is_closed():
                db.close()


def described(info: BackupInfo) -> str:
    """The shop's name and the file, to show before a restore."""
    return f"{info.shop_name} · {info.path.name}" if info.shop_name else info.path.name


def restore(
    path: str | os.PathLike,
    progress: Progress | None = None,
    verified: bool = False,
    *,
    actor: Actor | None,
) -> Path | None:
    """Replace the shop's data with the backup's; returns where the data before it was saved
    (None when the shop was empty: a new computer's first start has nothing to keep).
    ``verified``: :func:`inspect` has just read the whole backup; only its kind is checked again."""
    from crm.db import open_database
    from crm.services.shop import is_empty

    require(actor, "restore a backup")
    location = _location()
    info = inspect(path, whole=not verified)
    live = Path(location).expanduser().resolve()
    if info.path == live:
        raise BackupFailed(str(info.path), "that is the shop's database itself")
    try_open(info.path)
    say = progress or (lambda fraction, message: None)
    before = None
    if not is_empty():
        say(0.02, "saving the current data")
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = backups_folder(location)
        folder.mkdir(parents=True, exist_ok=True)
        # The copy of the data as it is now goes straight before the restore, unchecked (it
        # is SQLite's own copy of a database that is in use): the shorter the gap between the
        # two, the less a counter saving meanwhile can slip between them.
        before = folder / f"{_stem(location)}-before-restore-{stamp}.db"
        _copy(location, before, None, verify=False)
    kept = f"; the data before is kept in {before}" if before else ""
    say(0.4, "restoring")
    try:
        # Read exactly what was inspected and tried: the file alone, never a -wal beside it.
        with closing(sqlite3.connect(_read_only_uri(info.path), uri=True, timeout=BUSY_SECONDS)) as src:
            with closing(sqlite3.connect(location, timeout=BUSY_SECONDS)) as dst:
                if _page_size(src) != _page_size(dst):
                    raise BackupFailed(
                        str(info.path),
                        "the backup was written with another page size; it cannot be restored here",
                    )
                src.backup(dst, pages=-1, progress=_patient(say, 0.4, 0.5, "restoring"))
    except _Busy:
        raise BackupFailed(
            location, f"the shop is busy (a counter is saving); nothing was restored, try again{kept}"
        ) from None
    except sqlite3.DatabaseError as exc:
        if _damaged(exc):  # the backup: the live file is only written to
            raise BackupFailed(str(info.path), "this backup is damaged; nothing was restored") from exc
        raise BackupFailed(location, f"{_reason(exc)}{kept}") from exc
    say(0.9, "updating")
    open_database(location)  # an older backup's schema is brought up to date
    _forget_left_for()
    say(1.0, "done")
    return before


def _forget_left_for() -> None:
    from crm.services.shop import forget_left_for

    forget_left_for()


def restore_new(
    path: str | os.PathLike, location: str, progress: Progress | None = None, *, actor: Actor | None
) -> BackupInfo:
    """A new computer: create the shop database at ``location`` (which must not exist yet)
    from a backup, bring its schema up to date and open it. Nothing is left at ``location``
    when the backup is refused or the copy fails."""
    from crm.db import open_database

    require(actor, "restore a backup")
    target = Path(location).expanduser().resolve()
    if target.exists():
        raise BackupFailed(str(target), "a file is already there; restore into it or choose a new name")
    info = inspect(path)
    if not target.parent.is_dir():
        try:
            target.parent.mkdir(parents=True)
        except OSError as exc:
            raise BackupFailed(str(target), _reason(exc)) from exc
    _copy(str(info.path), target, progress)
    say = progress or (lambda fraction, message: None)
    say(0.95, "updating")
    open_database(str(target))  # an older backup's schema is brought up to date
    _forget_left_for()
    say(1.0, "done")
    return info


def _damaged(exc: BaseException) -> bool:
    text = str(exc)
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _page_size(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA page_size").fetchone()[0])
