"""The shop as a whole: is it brand new, is it a demo, where it lives and how much it holds.

The welcome is shown to a brand-new shop; a restore keeps the data first unless the shop
is empty; Settings → Database shows where the shop is and, in a demo, the way to the real
shop (:mod:`crm.services.shop_setup` sets that up).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crm.db import database, is_postgres
from crm.models import Customer, Setting, Staff, Visit
from crm.services import settings


def is_new() -> bool:
    """A brand-new shop: no customers and no staff yet (the first start shows the welcome)."""
    return not Customer.select().exists() and not Staff.select().exists()


def is_empty() -> bool:
    """Nothing a restore could lose: no customers, visits or staff."""
    return is_new() and not Visit.select().exists()


@dataclass(frozen=True)
class Counts:
    customers: int
    visits: int


def counts() -> Counts:
    """How many customers (archived and erased ones too) and visits the shop holds."""
    return Counts(Customer.select().count(), Visit.select().count())


def is_demo() -> bool:
    return bool(settings.get("demo"))


def location() -> str:
    """Where the open shop lives (a file path, ``:memory:`` or a PostgreSQL URL)."""
    return str(getattr(database.obj, "shop_location", "") or "")


def in_a_file(where: str) -> bool:
    """A shop in a file on this computer (not a server, not in memory): it can be backed up
    here, set aside, and opened from a folder."""
    return bool(where) and where != ":memory:" and not is_postgres(where)


def left_for() -> str | None:
    """The real shop this demo was left for, while its file is there and is not this one;
    None otherwise."""
    path = str(settings.get("demo_left_for") or "")
    if not path or not Path(path).is_file():
        return None
    here = location()
    if not in_a_file(here) or Path(here).expanduser().resolve() == Path(path):
        return None
    return path


def forget_left_for() -> None:
    """A demo restored from a backup belongs to no real shop here (the path it kept may be
    another computer's, or another person's)."""
    Setting.delete().where(Setting.key == "demo_left_for").execute()


def file_size(where: str) -> int | None:
    """Bytes the shop's file and its write-ahead log take; None for a shop not in a file."""
    if not in_a_file(where):
        return None
    path = Path(where)
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


@dataclass(frozen=True)
class ShopState:
    """What Settings → Database and the demo banner show of the open shop."""

    location: str
    customers: int
    demo: bool
    left_for: str | None  # in a demo left for the real shop: that shop's file
    file_size: int | None  # None for a shop not in a file

    @property
    def in_a_file(self) -> bool:
        return in_a_file(self.location)


def state() -> ShopState:
    where = location()
    demo = is_demo()
    return ShopState(
        location=where,
        customers=Customer.select().count(),
        demo=demo,
        left_for=left_for() if demo else None,
        file_size=file_size(where),
    )
