"""RFM: recency, frequency and money, each scored 1–5 by quintile (SPEC 4).

Scored over the customers who bought in the last 365 days. Recency scores high
when the last purchase is recent; frequency counts purchase days; money is the
spend (purchases and refunds) in the window. Equal values always get equal
scores. Segments follow the usual R × F grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

SEGMENTS = (
    "champions",
    "loyal",
    "potential_loyalist",
    "new",
    "promising",
    "need_attention",
    "about_to_sleep",
    "at_risk",
    "cant_lose",
    "hibernating",
)

SEGMENT_NAMES_EN = {
    "champions": "Champions",
    "loyal": "Loyal",
    "potential_loyalist": "Potential loyalist",
    "new": "New",
    "promising": "Promising",
    "need_attention": "Need attention",
    "about_to_sleep": "About to sleep",
    "at_risk": "At risk",
    "cant_lose": "Can't lose them",
    "hibernating": "Hibernating",
}
SEGMENT_NAMES_ZH = {
    "champions": "重要价值",
    "loyal": "忠诚顾客",
    "potential_loyalist": "潜力顾客",
    "new": "新顾客",
    "promising": "有望发展",
    "need_attention": "需要关注",
    "about_to_sleep": "即将沉睡",
    "at_risk": "流失风险",
    "cant_lose": "不能失去",
    "hibernating": "沉睡顾客",
}


@dataclass(frozen=True)
class Score:
    r: int
    f: int
    m: int
    segment: str

    @property
    def code(self) -> str:
        return f"{self.r}{self.f}{self.m}"


def segment(r: int, f: int) -> str:
    """The usual R × F grid: every one of the 25 cells names one segment."""
    if r <= 2:
        return "hibernating" if f <= 2 else ("at_risk" if f <= 4 else "cant_lose")
    if r == 3:
        return "about_to_sleep" if f <= 2 else ("need_attention" if f == 3 else "loyal")
    if f == 1:
        return "promising" if r == 4 else "new"
    if f <= 3:
        return "potential_loyalist"
    return "loyal" if r == 4 else "champions"


def quintiles(values: Sequence[float]) -> list[int]:
    """Score each value 1–5 by its rank (ties share the lowest rank's score)."""
    n = len(values)
    if n == 0:
        return []
    order = sorted(range(n), key=lambda i: values[i])
    scores = [0] * n
    first_rank: dict[float, int] = {}
    for rank, i in enumerate(order):
        first = first_rank.setdefault(values[i], rank)
        scores[i] = 1 + (5 * first) // n
    return scores


def segment_codes(recency: np.ndarray, frequency: np.ndarray) -> np.ndarray:
    """The index in :data:`SEGMENTS` of each customer's segment, from their days since their
    last purchase and their purchase days (whole numbers), as one byte each: a report's buyers
    only need this, not a :class:`Score` each (a million of them as tuples and lists took
    hundreds of MB; as arrays, a few bytes a buyer)."""
    import numpy as np  # here: the reports page imports this module and needs no numpy

    grid = np.array(
        [[SEGMENTS.index(segment(ri, fi)) for fi in range(1, 6)] for ri in range(1, 6)], dtype=np.uint8
    )
    # More recent is better: recency scores by the count of longer ones, frequency by shorter.
    r = _quintile_array(recency, larger_first=True)
    f = _quintile_array(frequency)
    return grid[r - 1, f - 1]


def _quintile_array(values: np.ndarray, larger_first: bool = False) -> np.ndarray:
    """:func:`quintiles` of whole numbers (of their negatives with ``larger_first``), one byte
    each: a value's score follows the count of values ranked before it (the rank of its first
    equal in sorted order), counted by value when the values are small (days), else sorted."""
    import numpy as np

    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=np.uint8)
    low, high = int(values.min()), int(values.max())
    if high - low < 1 << 20:
        counts = np.bincount(values - low if low else values, minlength=high - low + 1)
        if larger_first:  # values ranked before v: the larger ones
            before = n - np.cumsum(counts)
        else:  # the smaller ones
            before = np.cumsum(counts) - counts
        scores = (1 + (5 * before) // n).astype(np.uint8)
        return scores[values - low if low else values]
    ranked = -values.astype(np.int64) if larger_first else values
    first = np.searchsorted(np.sort(ranked), ranked, side="left")
    return (1 + (5 * first) // n).astype(np.uint8)


def score(rows: Sequence[tuple[int, int, int, int]]) -> dict[int, Score]:
    """rows: (customer id, days since last purchase, purchase days, spend in cents)."""
    if not rows:
        return {}
    ids = [row[0] for row in rows]
    r = quintiles([-row[1] for row in rows])  # more recent is better
    f = quintiles([row[2] for row in rows])
    m = quintiles([row[3] for row in rows])
    return {cid: Score(r[i], f[i], m[i], segment(r[i], f[i])) for i, cid in enumerate(ids)}
