"""Which follow-up matters most: the one ranking of suggestions and of open tasks.

A customer's :class:`Stake` says what is at stake in following them up; :func:`stake_key`
orders by it, most at stake first: the customer's level (higher first), then what the
lifetime models expect them to be worth in the next 12 months (from the stored fit,
:func:`values_of`), then what they spent in the last 365 days, then how overdue the reason
is. Adding a measure means a field on :class:`Stake` and its place in :func:`stake_key`:
every list that ranks goes through here.

The expected value comes after the level, not before: the level is what the shop sees and
has agreed to serve first (a Strong customer before a Micro one), and the value separates
customers the level cannot (two Micro customers, one of whom the models expect back soon).
It comes before the spend because it looks ahead where the spend looks back: of two customers
who spent the same, the one still likely to buy matters more. Without a usable fit every value
is 0 and the order is the level's, then the spend's, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from crm.db import query_rows

T = TypeVar("T")


@dataclass(frozen=True)
class Stake:
    level: int = 0  # crm.levels: NONE 0 … SUPER_STRONG 4
    value_12m: float = 0.0  # expected value of the next 12 months, currency units (0: unknown)
    spend_365: int = 0  # purchases and refunds in the last 365 days, minor units
    overdue_days: int = 0  # how long the reason has waited (a birthday: minus the days to it)


def stake_key(stake: Stake) -> tuple[Any, ...]:
    """Sorts ascending with the most at stake first."""
    return (-stake.level, -stake.value_12m, -stake.spend_365, -stake.overdue_days)


def ranked(items: Iterable[T], stake_of: Callable[[T], Stake], tie: Callable[[T], Any]) -> list[T]:
    """``items`` most at stake first; ``tie`` orders equal stakes (an id last, so the order is stable)."""
    return sorted(items, key=lambda item: (stake_key(stake_of(item)), tie(item)))


@dataclass(frozen=True)
class Reach:
    """What a row needs to reach a customer and rank them."""

    level: int = 0
    spend_365: int = 0
    phone: str | None = None
    wechat: str | None = None


def reach_of(customer_ids: Iterable[int]) -> dict[int, Reach]:
    """Level, spend in 365 days (kept on the customer row with the level), phone and WeChat id
    of these customers, in one query (the whole shop's rows when they are many)."""
    ids = sorted(set(customer_ids))
    if not ids:
        return {}
    sql = "SELECT id, level, spend_365, phone, wechat FROM customer"
    params: list[Any] = []
    if len(ids) <= 500:
        sql += f" WHERE id IN ({', '.join('?' * len(ids))})"
        params = ids
    wanted = set(ids)
    return {
        cid: Reach(int(level or 0), int(spend or 0), phone, wechat)
        for cid, level, spend, phone, wechat in query_rows(sql, params)
        if cid in wanted
    }


def values_of(customer_ids: Iterable[int]) -> dict[int, float]:
    """Each customer's expected value of the next 12 months (currency units) from the stored
    lifetime fit, read for all of them at once (never a refit); empty when there is no usable
    fit or spend model, so the ranking falls back to the level and the spend."""
    from crm.services import lifetime

    ids = sorted(set(customer_ids))
    if not ids:
        return {}
    # Past a few hundred, the whole shop's figures: kept after one read and shared with the
    # Slipping away list (crm.services.lifetime.figures), so the page reads them once.
    found = lifetime.figures(None if len(ids) > 500 else ids)
    if found.reason is not None or found.value_12m is None:
        return {}
    wanted = set(ids)
    return {
        int(cid): float(value)
        for cid, value in zip(found.ids.tolist(), found.value_12m.tolist(), strict=True)
        if cid in wanted and value == value  # NaN: no number
    }


PER_ID_VALUES = 20_000  # up to this many customers, their values are read for them alone


def values_array(customer_ids):
    """:func:`values_of` for a numpy array of customer ids (repeats allowed): their values in the
    same order, 0 where there is none. Up to :data:`PER_ID_VALUES` distinct customers, read for
    them alone (a chain's whole-shop figures take seconds when not kept); past that, the whole
    shop's, kept and shared as :func:`values_of` does."""
    import numpy as np

    from crm.services import lifetime

    ids = np.asarray(customer_ids, dtype=np.int64)
    out = np.zeros(len(ids), dtype=np.float64)
    wanted = np.unique(ids)
    if not len(wanted):
        return out
    found = lifetime.figures(None if len(wanted) > PER_ID_VALUES else wanted.tolist())
    if found.reason is not None or found.value_12m is None or not len(found.ids):
        return out
    known = np.asarray(found.ids, dtype=np.int64)
    values = np.asarray(found.value_12m, dtype=np.float64)
    by_id = np.argsort(known, kind="stable")
    at = np.searchsorted(known, ids, sorter=by_id)
    at = np.minimum(at, len(known) - 1)
    hit = known[by_id[at]] == ids
    picked = values[by_id[at]]
    out[hit & ~np.isnan(picked)] = picked[hit & ~np.isnan(picked)]
    return out
