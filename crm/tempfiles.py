"""Temporary files that hold customers' names and phones: private, and gone after a crash.

Two kinds. *Work files* (openpyxl writes each sheet of a workbook to a temporary XML
file before zipping it) go to a private folder in this user's cache, owner-only, one
sub-folder per running process (``run-<pid>``); :func:`clear_stale` (at every start of
the app and the command line) removes the folders of processes that are gone.
*Part files* are a backup or a workbook being written beside its target and renamed
into place when whole; they are owner-only and carry their process id, and
:func:`clear_parts` (at the next backup or export into that folder) removes the ones a
killed process left.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import secrets
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from platformdirs import user_cache_dir

PRIVATE_ENV = "SHOPCIRCLE_TEMP"  # another private folder (tests; a shop PC with a small system disk)
_RUN = re.compile(r"^run-(\d+)$")
# .<target name>.<pid>-<token>.part, and SQLite's journal beside a backup being written
_PART = re.compile(r"^\..+\.(\d+)-[0-9a-f]{8}\.part(-journal|-wal|-shm)?$")
# What our part files start with: an SQLite copy, a zipped workbook, a JSON document, a CSV
# file with its byte-order mark.
_OUR_STARTS = (b"SQLite format 3\x00", b"PK\x03\x04", b"{", b"\xef\xbb\xbf")
_lock = threading.Lock()
_users = 0
_saved_tempdir: str | None = None


def private_folder() -> Path:
    """The private folder for work files (created owner-only, and made so if it was not)."""
    chosen = os.environ.get(PRIVATE_ENV)
    # A chosen folder gets a sub-folder of our own: nothing else in it is ever touched.
    folder = (
        Path(chosen) / "shopcircle-temp"
        if chosen
        else Path(user_cache_dir("ShopCircle", "ShopCircle")) / "temp"
    )
    _private_dir(folder)
    return folder


def process_folder() -> Path:
    """This process's own sub-folder of the private folder; removed when the process ends."""
    folder = private_folder() / f"run-{os.getpid()}"
    if not folder.is_dir():
        _private_dir(folder)
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _private_dir(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name != "nt" and folder.stat().st_mode & 0o077:
        os.chmod(folder, 0o700)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs (a zombie not yet reaped counts as running)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clear_stale() -> list[Path]:
    """Remove the run folders that processes which are gone left in the private folder (and
    nothing else); what was removed."""
    try:
        folder = private_folder()
        entries = list(folder.iterdir())
    except OSError:
        return []
    removed = []
    for entry in entries:
        found = _RUN.match(entry.name)
        if not found or pid_alive(int(found.group(1))):
            continue  # only the run folders of processes that are gone
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue  # still held open (Windows): the next start tries again
        removed.append(entry)
    return removed


@contextlib.contextmanager
def private_tempdir() -> Iterator[Path | None]:
    """While the block runs, Python's ``tempfile`` (and so openpyxl's sheet files) writes to
    this process's private folder. Blocks may overlap across threads; the last one out puts
    the previous folder back. Where no private folder can be made, nothing changes."""
    folder = _enter()
    try:
        yield folder
    finally:
        if folder is not None:
            _leave()


def keep_private() -> Path | None:
    """For the app: every temporary file of this process goes to the private folder, for good."""
    return _enter()


def _enter() -> Path | None:
    global _users, _saved_tempdir
    try:
        folder = process_folder()
    except OSError:
        return None
    with _lock:
        if _users == 0:
            _saved_tempdir = tempfile.tempdir
            tempfile.tempdir = str(folder)
        _users += 1
    return folder


def _leave() -> None:
    global _users
    with _lock:
        _users -= 1
        if _users == 0:
            tempfile.tempdir = _saved_tempdir


def new_part(target: Path) -> Path:
    """A new, empty, owner-only file beside ``target`` to write it under before the rename."""
    while True:
        part = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.part")
        try:
            os.close(os.open(part, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            continue
        return part


def _ours(entry: Path, found: re.Match) -> bool:
    """A part file we wrote: empty (killed at once), or starting as our files start; its
    SQLite journal when the part beside it is ours or gone."""
    if found.group(2):  # -journal, -wal, -shm
        base = entry.with_name(entry.name[: -len(found.group(2))])
        return not base.exists() or _ours(base, _PART.match(base.name))
    try:
        with open(entry, "rb") as handle:
            start = handle.read(16)
    except OSError:
        return False
    return start == b"" or start.startswith(_OUR_STARTS)


def clear_parts(folder: Path) -> list[Path]:
    """Remove the part files (and a backup's SQLite journal) that killed processes of ours left
    in ``folder``: named as we name them, by a process that is gone, holding what we write.
    A running process's, and anyone else's files, are left alone. What was removed."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for entry in entries:
        found = _PART.match(entry.name)
        if not found or pid_alive(int(found.group(1))) or not entry.is_file() or not _ours(entry, found):
            continue
        try:
            entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed
