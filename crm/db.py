"""Opening the shop's database.

Every model is bound to one deferred ``DatabaseProxy`` (:data:`crm.models.database`,
also reachable here); :func:`open_database` initialises it from a file path
(SQLite) or a ``postgresql://`` URL, creates a fresh schema or migrates an
existing one.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

import peewee
from platformdirs import user_data_dir

from crm.errors import DatabaseBusy, DatabaseUnavailable, DiskFull
from crm.models import ALL_MODELS, create_postgres_search, create_sqlite_search, database
from crm.pg_begin import DeferredBegin

APP_NAME = "ShopCircle"
APP_AUTHOR = "ShopCircle"
MIGRATIONS_DIR = str(Path(__file__).with_name("migrations"))

# Explicit adapters: Python 3.12 deprecates sqlite3's implicit date ones.
sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(datetime, lambda moment: moment.isoformat(sep=" "))

BUSY_TIMEOUT_SECONDS = 5  # how long a write waits for another program's write to finish
BEGIN_TRY_MS = 20  # one try at the write lock (see ShopSqliteDatabase.begin)

SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("busy_timeout", BUSY_TIMEOUT_SECONDS * 1000),
    ("synchronous", "normal"),
    ("cache_size", -16 * 1024),  # 16 MB: as fast as 64 MB here (the OS caches the file), 50 MB less RSS
    ("temp_store", "memory"),
    ("secure_delete", 1),  # erased data is overwritten, not left in free pages (SPEC 8)
)


def default_location() -> str:
    """``SHOPCIRCLE_DB`` if set, else ``shopcircle.db`` in the user data folder."""
    env = os.environ.get("SHOPCIRCLE_DB")
    if env:
        return env
    return str(Path(user_data_dir(APP_NAME, APP_AUTHOR)) / "shopcircle.db")


def is_postgres(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


class PostgresDatabase(DeferredBegin, peewee.PostgresqlDatabase):
    """PostgreSQL that also accepts the ``?`` placeholders our hand-written SQL uses,
    so one SQL text runs on both engines; the server's troubles are the app's own errors.
    A transaction's BEGIN goes with its first statement (:mod:`crm.pg_begin`)."""

    def execute_sql(self, sql, params=None, *args, **kwargs):
        if "?" in sql:
            sql = sql.replace("%", "%%").replace("?", "%s")
        begin = self.take_begin()
        if begin:
            sql = "BEGIN;\n" + sql
        try:
            with typed_postgres_errors(where(self)):
                return super().execute_sql(sql, params, *args, **kwargs)
        except (TypeError, ValueError, IndexError, KeyError):  # refused before it was sent
            if begin:
                self.keep_begin()
            raise


def where(db: peewee.Database) -> str:
    """How the app names a database in its messages: the location it was opened from."""
    return getattr(db, "shop_location", "") or db.database


PG_BUSY = ("55P03", "40P01")  # lock_not_available, deadlock_detected
# peewee's wrapping of the driver's errors, and the driver's own from a cursor used directly (bulk writes)
_PG_DRIVER_ERRORS = (peewee.OperationalError, peewee.InterfaceError) + (
    (peewee.psycopg2.OperationalError, peewee.psycopg2.InterfaceError) if peewee.psycopg2 else ()
)
PG_DISK_FULL = "53100"


@contextlib.contextmanager
def typed_postgres_errors(location: str = ""):
    """A lock waited on too long or a deadlock, a full disk and a lost server as the app's own
    errors (told by the SQLSTATE code the server gives, or by a connection that is gone)."""
    try:
        yield
    except _PG_DRIVER_ERRORS as exc:
        code = _pgcode(exc)
        if code in PG_BUSY:
            raise DatabaseBusy(location, BUSY_TIMEOUT_SECONDS) from exc
        if code == PG_DISK_FULL:
            raise DiskFull(location) from exc
        if code is None or code.startswith("08"):  # 08: connection exceptions
            raise DatabaseUnavailable(location, friendly_reason(exc)) from exc
        raise


@contextlib.contextmanager
def typed_sqlite_errors(location: str = ""):
    """SQLite's "database is locked" (another program held the write lock for longer than
    the busy timeout) and "disk is full" as the app's own errors, for every service."""
    try:
        yield
    except (peewee.OperationalError, sqlite3.OperationalError) as exc:
        text = str(exc)
        if "database is locked" in text or "database is busy" in text:
            raise DatabaseBusy(location, BUSY_TIMEOUT_SECONDS) from exc
        if "disk is full" in text:
            raise DiskFull(location) from exc
        raise


def _pgcode(exc: BaseException) -> str | None:
    """The server's SQLSTATE of the driver error peewee wrapped (None when the connection broke)."""
    for error in (exc, exc.__cause__, exc.__context__, *exc.args):
        code = getattr(error, "pgcode", None)
        if code:
            return code
    return None


class ShopSqliteDatabase(peewee.SqliteDatabase):
    """SQLite for two counters on one file (SPEC 8): every transaction begins IMMEDIATE,
    taking the write lock at its start, so it waits within the busy timeout for another
    writer. A deferred one that has read and then writes is refused at once in WAL mode
    (its snapshot is stale), which the busy timeout cannot help. Nested ``atomic()`` blocks
    stay savepoints. A lock that outlasts the timeout is :class:`DatabaseBusy`."""

    def __init__(self, location: str, **kwargs):
        kwargs.setdefault("lock_type", "IMMEDIATE")
        super().__init__(location, **kwargs)

    def begin(self, lock_type=None):
        """BEGIN IMMEDIATE, waiting up to the busy timeout in short turns. SQLite's own
        busy handler sleeps 100 ms between tries once it has waited a quarter of a second;
        with several counters saving back to back, one that waits that long keeps missing
        the moment the lock is free (measured with four counters: waits of 1.5 to 4 s, close
        to giving up). Tries of 20 ms each (SQLite sleeps 1, 2, 5, 10 ms in one) keep every
        waiter close to the door: the longest wait fell to about 0.3 s, the p95 stayed the same."""
        with typed_sqlite_errors(self.database):
            cursor = self.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {BEGIN_TRY_MS}")
            try:
                deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
                while True:
                    try:
                        return super().begin(lock_type)
                    except peewee.OperationalError as exc:
                        if "database is locked" not in str(exc) or time.monotonic() >= deadline:
                            raise
            finally:
                cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")

    def commit(self):
        with typed_sqlite_errors(self.database):
            return super().commit()

    def execute_sql(self, sql, params=None, *args, **kwargs):
        with typed_sqlite_errors(self.database):
            return super().execute_sql(sql, params, *args, **kwargs)


def query_rows(sql: str, params=()) -> list[tuple]:
    """Every row of a hand-written query (``?`` placeholders, either engine)."""
    return database.execute_sql(sql, tuple(params)).fetchall()


_streams = itertools.count()


def stream_rows(sql: str, params=(), batch: int = 2000) -> Iterator[tuple]:
    """The rows of a hand-written query a batch at a time, never all of them in memory: a
    whole shop's rows (a million customers) as they come. On PostgreSQL through a server-side
    cursor, since psycopg2 otherwise reads the whole result into memory before the first row."""
    db = database.obj
    if not isinstance(db, peewee.PostgresqlDatabase):
        cursor = database.execute_sql(sql, tuple(params))
        try:
            while rows := cursor.fetchmany(batch):
                yield from rows
        finally:
            cursor.close()
        return
    location = where(db)
    with database.atomic():
        # psycopg2 takes a named cursor only "with hold" while peewee runs in autocommit.
        with typed_postgres_errors(location):
            # A cursor is planned for its first tenth by default, which can pick a nested loop
            # that takes a hundred times longer over the whole result; every row is read here.
            database.execute_sql("SET LOCAL cursor_tuple_fraction = 1.0")
            cursor = db.connection().cursor(name=f"rows_{next(_streams)}", withhold=True)
        cursor.itersize = batch
        try:
            with typed_postgres_errors(location):
                cursor.execute(sql.replace("%", "%%").replace("?", "%s"), tuple(params))
            while True:
                with typed_postgres_errors(location):
                    rows = cursor.fetchmany(batch)
                if not rows:
                    break
                yield from rows
        finally:
            cursor.close()


def as_date(value) -> date | None:
    """A date from what a driver returns: ISO text on SQLite, a date on PostgreSQL."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _parse_day(str(value)[:10])


@functools.lru_cache(maxsize=8192)
def _parse_day(text: str) -> date:
    return date.fromisoformat(text)  # a shop's history has a few thousand distinct days


def executemany(sql: str, rows) -> None:
    """Run one statement (``?`` placeholders) for many rows: the fast path for bulk writes."""
    db = database.obj if isinstance(database, peewee.DatabaseProxy) else database
    cursor = db.cursor()
    if isinstance(db, peewee.PostgresqlDatabase):
        from psycopg2.extras import execute_batch

        # psycopg2's own executemany makes one round trip to the server per row;
        # batches of a thousand statements per trip import 100k rows 5x faster.
        with typed_postgres_errors(where(db)):
            execute_batch(cursor, sql.replace("%", "%%").replace("?", "%s"), rows, page_size=1000)
        return
    with typed_sqlite_errors(db.database):
        cursor.executemany(sql, rows)


def make_database(location: str) -> peewee.Database:
    """A peewee database for a file path, ``:memory:`` or a PostgreSQL URL."""
    if is_postgres(location):
        parsed = urlparse(location)
        try:
            return PostgresDatabase(
                unquote(parsed.path.lstrip("/")),
                user=unquote(parsed.username) if parsed.username else None,
                password=unquote(parsed.password) if parsed.password else None,
                host=parsed.hostname,
                port=parsed.port,
                # As SQLite's busy timeout: a row or table another session holds (a long import, a
                # migration) is waited on this long, then the app's busy error, not a frozen counter.
                options=f"-c lock_timeout={BUSY_TIMEOUT_SECONDS * 1000}",
            )
        except Exception as exc:  # pragma: no cover - driver missing
            raise DatabaseUnavailable(location, str(exc)) from exc
    if location != ":memory:":
        if Path(location).expanduser().is_dir():
            raise DatabaseUnavailable(
                location, reason("that is a folder; choose or name a database file in it")
            )
        folder = Path(location).expanduser().resolve().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(location, exc.strerror or str(exc)) from exc
    return ShopSqliteDatabase(location, pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_SECONDS)


def all_models():
    return ALL_MODELS


def _runner(db: peewee.Database):
    from playhouse.migrations import Runner

    return Runner(db, MIGRATIONS_DIR, table_name="schema_migration")


def schema_version(db: peewee.Database) -> list[str]:
    """Names of the migrations applied to ``db``."""
    return sorted(_runner(db).applied())


def pending_migrations(db: peewee.Database) -> list[str]:
    # The common case, a shop already up to date, is told from the history table without the
    # migration library (about 15 ms of imports at every start).
    files = {path.stem for path in Path(MIGRATIONS_DIR).glob("[0-9]*.py")}
    if "schema_migration" in db.get_tables():
        applied = {row[0] for row in db.execute_sql('SELECT "name" FROM "schema_migration"')}
        if files <= applied:
            return []
    return [m.name for m in _runner(db).status() if m.path and not m.applied]


def has_schema(db: peewee.Database) -> bool:
    return "customer" in db.get_tables() or "schema_migration" in db.get_tables()


def create_list_indexes(db: peewee.Database) -> None:
    """What the customer list's first screen reads (migrations 0012, 0013 and 0018 add them to an
    older shop, each with its own copy of its statement): the list's first order, last purchase
    most recent first then id (PostgreSQL told where NULL goes, as the query is), and the
    customers flagged 大C (a partial index: a few rows, not a walk of every customer)."""
    sqlite = isinstance(db, peewee.SqliteDatabase)
    nulls = "" if sqlite else " NULLS LAST"
    columns = f'"last_purchase" DESC{nulls}, "id"'
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "customer_last_purchase" ON "customer" ({columns})')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "customer_big_c" ON "customer" ("id") WHERE "big_c_flag"')
    # two more orders (migration 0018): last purchase going up (never bought last), and by name
    if not sqlite:
        db.execute_sql(
            'CREATE INDEX IF NOT EXISTS "customer_last_purchase_up" ON "customer" ("last_purchase", "id")'
        )
    name = '"name"' if sqlite else '"name" COLLATE "C"'
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "customer_name_order" ON "customer" ({name}, "id")')


def create_fresh(db: peewee.Database) -> None:
    """Create the newest schema from the models and stamp every migration as applied.

    This includes the search indexes (and on SQLite the trigram table) the models cannot declare."""
    with db.bind_ctx(all_models()):
        with db.atomic():
            db.create_tables(all_models())
            create_list_indexes(db)
            if isinstance(db, peewee.SqliteDatabase):
                create_sqlite_search(db)
            else:
                create_postgres_search(db)
            _runner(db).fake()


def migrate(db: peewee.Database, location: str | None = None) -> list[str]:
    """Apply pending migrations in one transaction; copy an SQLite file aside first."""
    pending = pending_migrations(db)
    if not pending:
        return []
    if location and not is_postgres(location) and location != ":memory:":
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = f"{location}.before-{pending[0]}-{stamp}.bak"
        src = sqlite3.connect(location)
        try:
            dst = sqlite3.connect(backup)
            with dst:
                src.backup(dst)
            dst.close()
        finally:
            src.close()
    with db.atomic():
        return _runner(db).up()


def open_database(location: str | None = None, *, create: bool = True) -> peewee.Database:
    """Open (creating or migrating as needed) and bind the shop database."""
    location = location or default_location()
    if not create and not is_postgres(location) and location != ":memory:" and not Path(location).exists():
        raise DatabaseUnavailable(location, reason("no ShopCircle database there"))
    db = make_database(location)
    try:
        db.connect(reuse_if_open=True)
    except peewee.ImproperlyConfigured as exc:  # psycopg2 is not installed
        raise DatabaseUnavailable(
            location, reason("the PostgreSQL driver is not installed (pip install -e '.[postgres]')")
        ) from exc
    except peewee.DatabaseError as exc:
        raise DatabaseUnavailable(location, friendly_reason(exc)) from exc
    try:
        if not has_schema(db):
            if not create:
                raise DatabaseUnavailable(location, reason("no ShopCircle database there"))
            create_fresh(db)
        else:
            migrate(db, location)
    except peewee.OperationalError as exc:
        raise DatabaseUnavailable(location, friendly_reason(exc)) from exc
    except peewee.DatabaseError as exc:
        raise DatabaseUnavailable(location, friendly_reason(exc)) from exc
    database.initialize(db)
    db.shop_location = location  # as the app names it (errors, backups, another connection)
    return db


def database_files(path: str | os.PathLike) -> list[Path]:
    """An SQLite database file and the side files SQLite may keep beside it."""
    path = Path(path)
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm"))]


def is_open_shop_file(path: str | os.PathLike) -> bool:
    """Whether ``path`` is the open shop's database or one of its side files. Such a file must
    never be opened other than through SQLite: on POSIX systems closing any other descriptor
    of it drops every lock this process holds on it, and another program closing the database
    would then delete the log this one still writes to."""
    db = database.obj
    location = getattr(db, "shop_location", None)
    if not isinstance(db, peewee.SqliteDatabase) or not location or location == ":memory:":
        return False
    for file in database_files(location):
        try:
            if file.exists() and os.path.samefile(file, path):
                return True
        except OSError:
            continue
    return False


def remove_database(path: str | os.PathLike) -> None:
    """Delete a (closed) SQLite database with its side files."""
    for file in database_files(path):
        file.unlink(missing_ok=True)


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()


def reason(text: str) -> str:
    """Marks a fixed reason for the translations (the app shows it in the owner's language)."""
    return text


def friendly_reason(exc: Exception) -> str:
    text = str(exc)
    if "locked" in text:
        return reason("the database is locked by another program; try again in a moment")
    if "disk is full" in text:
        return reason("the disk is full; free some space and try again (nothing was saved)")
    if "not a database" in text or "malformed" in text:
        return reason("the file is not a ShopCircle database or is damaged")
    if "readonly" in text or "read-only" in text:
        return reason("the file or its folder is read-only; copy the database to a folder you can write to")
    if "password authentication failed" in text or "no password supplied" in text:
        return reason("the server refused the user name or password")
    if "does not exist" in text and "database" in text:
        return reason("the server has no database of that name")
    if "Connection refused" in text or "could not translate host name" in text or "timeout expired" in text:
        return reason("the server is not answering; check its address and that it is running")
    if "unable to open" in text:
        return reason("the file cannot be opened (check the folder exists and is writable)")
    return text
