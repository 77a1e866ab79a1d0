"""How many customers each level would hold under candidate rules, before they are saved.

Settings → Levels counts this while the owner tries numbers. The facts (purchases
in the window, active referrals, active led members) and the pins are gathered
once for a day and a window (:class:`PreviewBasis`); trying other thresholds only
applies the rules again, which takes milliseconds for a big shop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from crm import clock
from crm.db import database
from crm.levels import LEVELS, Pin, Rules
from crm.services import levels, settings
from crm.services.level_facts import RawFacts, _levels_from, gather_facts, pins_of


@dataclass(frozen=True)
class PreviewBasis:
    """What a preview counts from: the facts of one window as of one day, the pins, and the
    current customers joined by that day (not archived or erased: those the dashboard's
    pyramid counts)."""

    day: date
    window_days: int
    facts: RawFacts
    pins: Mapping[int, Pin]
    customers: list[int]


@dataclass(frozen=True)
class LevelPreview:
    counts: list[int]  # customers per level (None … Super-strong) with the candidate rules
    current: list[int]  # customers per level as stored now
    basis: PreviewBasis  # give it back to the next preview while the day and window hold

    @property
    def moves(self) -> list[int]:
        """Per level, how many more (or, negative, fewer) customers the candidate rules give."""
        return [new - now for new, now in zip(self.counts, self.current, strict=True)]


def gather(rules: Rules, today: date | None = None) -> PreviewBasis:
    today = today or clock.today()
    joined = [
        row[0]
        for row in database.execute_sql(
            "SELECT id FROM customer WHERE joined <= ? AND archived = ? AND erased = ?", [today, False, False]
        )
    ]
    return PreviewBasis(today, rules.window_days, gather_facts(today, None, rules), pins_of(None), joined)


def preview(values: Mapping[str, Any], basis: PreviewBasis | None = None) -> LevelPreview:
    """Counts per level with the rules in ``values`` (setting keys ``level.*``; missing ones
    as stored). ``basis`` from an earlier preview is reused while it is for today and the
    same window."""
    rules = Rules.from_settings({**settings.get_all(), **values})
    today = clock.today()
    if basis is None or basis.day != today or basis.window_days != rules.window_days:
        basis = gather(rules, today)
    counts = [0] * len(LEVELS)
    for level in _levels_from(today, basis.facts, basis.pins, basis.customers, rules).values():
        counts[level] += 1
    stored = levels.distribution(current_only=True)
    return LevelPreview(counts, [stored[key] for key in LEVELS], basis)
