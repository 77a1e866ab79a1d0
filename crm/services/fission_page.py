"""What the fission page shows: the referral forest (each tree's root with its
size, depth and revenue) and the super-user leaderboard."""

from __future__ import annotations

import time
from dataclasses import dataclass

from crm import clock
from crm.services import referral_forest, referrals, settings, shop_levels
from crm.services.referrals import TreeSummary

FOREST_LIMIT = 200
LEADERS = 20
SORTS = ("size", "revenue")


@dataclass(frozen=True)
class Forest:
    sort_by: str
    trees: list[TreeSummary]
    currency: str
    seconds: float


def load_forest(sort_by: str, limit: int = FOREST_LIMIT) -> Forest:
    started = time.perf_counter()
    trees = referrals.forest(sort_by=sort_by, limit=limit)
    return Forest(sort_by, trees, str(settings.get("currency")), time.perf_counter() - started)


def load_leaderboard(limit: int = LEADERS) -> list[LeaderRow]:
    """The top referrers by converted referrals, with their level today and tree size (from the
    forest's figures the trees share; a referrer outside every tree, who joined after today or
    sits on a loop in damaged data, has theirs counted alone)."""
    stats = referrals.super_referrers(limit=limit)
    ids = [s.person.id for s in stats]
    levels = shop_levels.levels_as_of(clock.today(), ids, joined_only=False)
    forest = referral_forest.figures()

    def tree_size(customer_id: int) -> int:
        size = forest.tree_size(customer_id)
        return referrals.downstream_tree(customer_id).size if size is None else size

    return [
        LeaderRow(
            rank=rank,
            customer_id=s.person.id,
            name=s.person.name,
            code=s.person.code,
            level=levels.get(s.person.id, 0),
            converted=s.converted,
            referrals=s.referrals,
            tree_size=tree_size(s.person.id),
        )
        for rank, s in enumerate(stats, start=1)
    ]


@dataclass(frozen=True)
class LeaderRow:
    rank: int
    customer_id: int
    name: str
    code: str
    level: int
    converted: int  # converted direct referrals
    referrals: int  # direct referrals
    tree_size: int
