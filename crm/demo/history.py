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


def store_levels(until: date) -> None:
    """The replay stored each customer's level and level_since where their history ends;
    refresh_all fills in the list statistics and finds no level to change."""
    levels.refresh_all(until)
