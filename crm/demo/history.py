"""The level history a demo shop would have had, and its stored levels to match."""

from __future__ import annotations

from datetime import date

from crm import clock
from crm.services import levels


def record_levels(until: date) -> int:
    """Replay every customer's level through the demo's history (SPEC 2.1), so a customer's
    timeline shows how they came to their level: each change at the purchase that made it
    (or the start of the day a purchase left the window), with what caused it; none later
    than the moment the demo is made. Returns the number of changes."""
    return levels.record_history(until, clock.now())


def store_levels(db, until: date) -> None:
    """The stored levels then equal the last day's: refresh_all finds no change to record
    and fills in the list statistics; level_since is the moment of the last change."""
    _store_history_levels(db)
    levels.refresh_all(until)


def _store_history_levels(db) -> None:
    """Each customer's stored level and level_since from the last change of their history."""
    db.execute_sql(
        "UPDATE customer SET level = (SELECT c.to_level FROM level_change c WHERE c.customer_id = customer.id"
        " ORDER BY c.at DESC, c.id DESC LIMIT 1),"
        " level_since = (SELECT MAX(c.at) FROM level_change c WHERE c.customer_id = customer.id)"
        " WHERE EXISTS (SELECT 1 FROM level_change c WHERE c.customer_id = customer.id)"
    )
