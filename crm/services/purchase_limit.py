"""The large-purchase limit: an amount far above the shop's usual tickets is a typo
until someone confirms it (¥99,999,999 typed for ¥99.99).

The limit is the setting ``large_purchase_limit`` (whole currency units) when the
owner set one; otherwise it is worked out from the shop's own sales: 20 × the
99th-percentile ticket (every visit with an amount above 0). A shop with no sales
yet gets 10,000 in its currency; one with only a few (fewer than
``MIN_HISTORY``, whose 99th percentile is just the largest of a handful) gets the
larger of the two, so its first days are not interrupted by ordinary sales.

The percentile is two queries over the paid visits (0.15 s on a million visits in
SQLite, through the covering partial index; 0.5 s in PostgreSQL), so it is
remembered per database and worked out again after ``REFRESH_SECONDS`` or once
the visits have grown by a tenth (an import of past sales).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from crm.db import database
from crm.errors import ShopError, shop_error
from crm.models import Visit
from crm.money import format_amount
from crm.services import settings

SETTING = "large_purchase_limit"
TIMES_USUAL = 20
PERCENTILE = 0.99
NO_HISTORY_LIMIT = 10_000 * 100  # minor units: 10,000 in the shop's currency
MIN_HISTORY = 30
REFRESH_SECONDS = 3600


@shop_error
class LargePurchase(ShopError):
    """An amount far above the shop's usual tickets: booked only when the caller confirms it.

    ``amount`` and ``limit`` are minor units; ``automatic`` tells a limit worked out from the
    shop's own purchases from one set in the settings."""

    amount: int
    limit: int
    currency: str = "CNY"
    automatic: bool = True

    def __str__(self) -> str:
        return (
            f"{format_amount(abs(self.amount), self.currency)} is far above this shop's usual purchases"
            f" (limit {format_amount(self.limit, self.currency)}); confirm to book it"
        )


@dataclass(frozen=True)
class UsualTicket:
    """The shop's 99th-percentile ticket (minor units; None without sales) over ``tickets`` sales."""

    p99: int | None
    tickets: int


@dataclass(frozen=True)
class PurchaseLimit:
    limit: int  # minor units
    automatic: bool  # worked out from the shop's sales (no limit set in the settings)
    currency: str


@dataclass
class _Remembered:
    usual: UsualTicket
    at: float  # time.monotonic()
    last_visit_id: int


_remembered: dict[str, _Remembered] = {}
_lock = threading.Lock()


def _key() -> str:
    db = database.obj
    return f"{type(db).__name__}:{db.database}:{id(db)}"


def _last_visit_id() -> int:
    row = database.execute_sql('SELECT MAX("id") FROM "visit"').fetchone()
    return int(row[0] or 0)


def _paid_visits():
    return Visit.select(Visit.amount).where(Visit.amount > 0)


def compute_usual_ticket() -> UsualTicket:
    """The nearest-rank 99th percentile of the amounts above 0, in SQL on either engine."""
    tickets = _paid_visits().count()
    if tickets == 0:
        return UsualTicket(None, 0)
    rank = math.ceil(PERCENTILE * tickets)  # 1-based, from the smallest
    # From the largest down: the sorter keeps only the top 1 %, not every amount.
    row = _paid_visits().order_by(Visit.amount.desc()).limit(1).offset(tickets - rank).tuples().first()
    return UsualTicket(int(row[0]), tickets)


def usual_ticket(fresh: bool = False, last_visit_id: int | None = None) -> UsualTicket:
    """:func:`compute_usual_ticket`, remembered for this database while it still holds
    (``last_visit_id``: the newest visit's id, when the caller has read it)."""
    key = _key()
    last_id = _last_visit_id() if last_visit_id is None else last_visit_id
    now = time.monotonic()
    with _lock:
        kept = _remembered.get(key)
    if (
        kept is not None
        and not fresh
        and now - kept.at < REFRESH_SECONDS
        and 0 <= last_id - kept.last_visit_id <= max(MIN_HISTORY, kept.usual.tickets // 10)
    ):
        return kept.usual
    usual = compute_usual_ticket()
    with _lock:
        _remembered[key] = _Remembered(usual, now, last_id)
    return usual


def forget() -> None:
    """Work the usual ticket out again next time (after an import of past visits, a restore)."""
    with _lock:
        _remembered.clear()


def automatic_limit(usual: UsualTicket | None = None) -> int:
    """20 × the 99th-percentile ticket; 10,000 without sales, never less with only a few."""
    usual = usual_ticket() if usual is None else usual
    if usual.p99 is None:
        return NO_HISTORY_LIMIT
    limit = TIMES_USUAL * usual.p99
    if usual.tickets < MIN_HISTORY:
        limit = max(limit, NO_HISTORY_LIMIT)
    return limit


def current_limit(values: dict | None = None, last_visit_id: int | None = None) -> PurchaseLimit:
    """The limit in force: the setting when set (whole units), else the automatic one.
    ``values``: the settings and ``last_visit_id`` the newest visit's id, when the caller has
    read them."""
    values = settings.get_many("currency", SETTING) if values is None else values
    currency = str(values["currency"])
    chosen = int(values[SETTING] or 0)
    if chosen > 0:
        return PurchaseLimit(chosen * 100, False, currency)
    usual = None if last_visit_id is None else usual_ticket(last_visit_id=last_visit_id)
    return PurchaseLimit(automatic_limit(usual), True, currency)


def check_amount(amount: int, values: dict | None = None, last_visit_id: int | None = None) -> None:
    """Refuse an amount (either sign: a refund of a typo is as wrong) above the limit
    (``values`` and ``last_visit_id`` as for :func:`current_limit`)."""
    if amount == 0:
        return
    limit = current_limit(values, last_visit_id)
    if abs(amount) > limit.limit:
        raise LargePurchase(amount, limit.limit, limit.currency, limit.automatic)
