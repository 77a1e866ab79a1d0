"""The level history a demo shop would have had, and its stored levels to match."""

from __future__ import annotations

from datetime import date, timedelta

from crm import clock
from crm.demo.shop import HISTORY_DAYS
from crm.services import levels

CLOSING_TIME = "22:00:00"


def record_levels(until: date, customers: int) -> None:
    """The levels the shop would have seen at each month's end (each quarter's in a big
    demo: a whole-shop recompute costs about 0.6 s per 100,000 customers) and on its last
    day, so a customer's timeline shows how they came to their level. Each is dated at the
    shop's closing time, the last day when it is today at the moment the demo is made: a
    timeline never shows a level change later than now."""
    now = clock.now()
    last = (
        now.strftime("%H:%M:%S") if until == now.date() and now.strftime("%H:%M:%S") < CLOSING_TIME else None
    )
    levels.record_history(
        _history_days(until, customers), CLOSING_TIME, closing_of={until: last} if last else None
    )


def store_levels(db, until: date) -> None:
    """The stored levels then equal the last day's: refresh_all finds no change to record
    and fills in the list statistics; level_since is the day of the last change."""
    _store_history_levels(db)
    levels.refresh_all(until)


def _history_days(until: date, customers: int) -> list[date]:
    """Month ends over the demo's history (quarter ends above 20,000 customers) and its last day."""
    step = 1 if customers <= 20_000 else 3
    first = until - timedelta(days=HISTORY_DAYS - 1)
    days = []
    year, month = first.year, first.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        end = date(year, month, 1) - timedelta(days=1)  # the last day of the month before
        if end >= until:
            break
        if end >= first and (end.month % step == 0):
            days.append(end)
    return [*days, until]


def _store_history_levels(db) -> None:
    """Each customer's stored level and level_since from the last change of their history."""
    db.execute_sql(
        "UPDATE customer SET level = (SELECT c.to_level FROM level_change c WHERE c.customer_id = customer.id"
        " ORDER BY c.at DESC, c.id DESC LIMIT 1),"
        " level_since = (SELECT MAX(c.at) FROM level_change c WHERE c.customer_id = customer.id)"
        " WHERE EXISTS (SELECT 1 FROM level_change c WHERE c.customer_id = customer.id)"
    )
