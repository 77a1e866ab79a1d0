"""How many customers each level would hold under candidate rules, before they are saved.

Settings → Levels counts this while the owner tries numbers. The facts (purchase days and the
last purchase, converted referrals, active led members) and the pins are read once for a day
and a window into numpy arrays, as a whole-shop refresh reads them
(:mod:`crm.services.shop_refresh`), with who is counted (:class:`PreviewBasis`); trying other
thresholds only applies the rules to the arrays again: milliseconds for a chain's million.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from crm import clock
from crm.levels import LEVELS, NEVER_BOUGHT, Rules, compute_arrays
from crm.services import levels, settings
from crm.services.shop_refresh import shop_facts


@dataclass(frozen=True, eq=False)
class PreviewBasis:
    """What a preview counts from, as of one day with one window: per customer id, purchase
    days, days since the last purchase (:data:`NEVER_BOUGHT` for none), converted referrals,
    active led members, the level of the pin active that day (-1: none), and whether they are
    counted (joined by that day, not archived or erased: those the dashboard's pyramid counts)."""

    day: date
    window_days: int
    purchase_days: Any
    since: Any
    converted: Any
    led: Any
    pinned: Any
    counted: Any


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
    import numpy as np  # the preview's arrays; the app's start does not need it

    today = today or clock.today()
    f = shop_facts(today, rules)
    since = np.where(f.last > 0, today.toordinal() - f.last, NEVER_BOUGHT)
    return PreviewBasis(today, rules.window_days, f.days, since, f.converted, f.led, f.pinned, f.counted)


def preview(values: Mapping[str, Any], basis: PreviewBasis | None = None) -> LevelPreview:
    """Counts per level with the rules in ``values`` (setting keys ``level.*``; missing ones
    as stored). ``basis`` from an earlier preview is reused while it is for today and the
    same window."""
    import numpy as np

    rules = Rules.from_settings({**settings.get_all(), **values})
    today = clock.today()
    if basis is None or basis.day != today or basis.window_days != rules.window_days:
        basis = gather(rules, today)
    b = basis
    computed = compute_arrays(b.purchase_days, b.since, b.converted, b.led, rules).astype(np.int64)
    chosen = np.where(b.pinned >= 0, b.pinned, computed)[b.counted]
    counts = np.bincount(chosen, minlength=len(LEVELS))[: len(LEVELS)].tolist()
    stored = levels.distribution(current_only=True)
    return LevelPreview(counts, [stored[key] for key in LEVELS], basis)
