"""RFM: recency, frequency and money, each scored 1–5 by quintile (SPEC 4).

Scored over the customers who bought in the last 365 days. Recency scores high
when the last purchase is recent; frequency counts purchase days; money is the
spend (purchases and refunds) in the window. Equal values always get equal
scores. Segments follow the usual R × F grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


def segment_indices(rows: Sequence[tuple[int, int, int, int]]) -> list[int]:
    """The index in :data:`SEGMENTS` of each row's segment, in row order (a report's
    100,000 customers need only this, not a :class:`Score` each)."""
    r = quintiles([-row[1] for row in rows])
    f = quintiles([row[2] for row in rows])
    grid = {(ri, fi): SEGMENTS.index(segment(ri, fi)) for ri in range(1, 6) for fi in range(1, 6)}
    return [grid[pair] for pair in zip(r, f, strict=True)]


def score(rows: Sequence[tuple[int, int, int, int]]) -> dict[int, Score]:
    """rows: (customer id, days since last purchase, purchase days, spend in cents)."""
    if not rows:
        return {}
    ids = [row[0] for row in rows]
    r = quintiles([-row[1] for row in rows])  # more recent is better
    f = quintiles([row[2] for row in rows])
    m = quintiles([row[3] for row in rows])
    return {cid: Score(r[i], f[i], m[i], segment(r[i], f[i])) for i, cid in enumerate(ids)}
