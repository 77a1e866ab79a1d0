"""The shop's database as the app sees it: which one, open it, close it.

The screen never holds the database handle itself; it opens, closes and names
the shop through these functions, and reads and writes through the other
services."""

from __future__ import annotations

import os
from collections.abc import Callable

from crm import db


def default_location() -> str:
    """The shop file used when none is named (in the user's data folder)."""
    return db.default_location()


def is_server(location: str) -> bool:
    """Whether ``location`` names a PostgreSQL server rather than a file."""
    return db.is_postgres(location)


def current_location() -> str:
    """The open shop's file or URL ("" when none is open)."""
    return getattr(db.database.obj, "shop_location", "") or ""


def open_shop(location: str | None = None, *, create: bool = True) -> None:
    """Open (creating or migrating as needed) the shop at ``location``; typed errors say why not."""
    db.open_database(location, create=create)


def schema_version() -> list[str]:
    """The migrations the open shop has had."""
    return db.schema_version(db.database.obj)


def close_shop() -> None:
    db.close_database()


def remove_shop(path: str | os.PathLike) -> None:
    """Delete a closed shop file with its -wal and -shm companions."""
    db.remove_database(path)


def thread_closer() -> Callable[[], None]:
    """For work on another thread: a function that closes that thread's own connection
    to the shop open now (peewee keeps one per thread), to call when the work ends."""
    handle = db.database.obj

    def close() -> None:
        try:
            if handle is not None and not handle.is_closed():
                handle.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass

    return close
