"""The monthly metrics of SPEC section 4, computed in bulk SQL.

For a month M: the period is [first day, last day] of M, D_end is its last day
and D_start the last day of the previous month. A *purchase* is a visit with
amount > 0; *revenue* is the sum of the amounts of purchases and refunds.

Values stay exact here: money in integer minor units (cents; ``avg_ticket`` is
a float number of cents, being a quotient), ratios as unrounded floats, level
counts as {level key: count}. Rounding to 4 places and money in currency units
belong to the report's JSON and workbook. A ratio whose denominator is 0 is 0.

Every query is plain SQL with ``?`` placeholders that runs on SQLite and
PostgreSQL. ``amount > 0`` is written literally: SQLite only uses the partial
purchase index when it can see its condition in the query.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import peewee

from crm.db import database, query_rows
from crm.errors import InvalidInput
from crm.levels import LEVELS, SUPER_USER_LEVELS
from crm.reports import month_counts
from crm.reports.level_counts import LevelJoint, level_values
from crm.services import communities, shop_levels

# Every key of SPEC 4, in the order of the table there.
KEYS = (
    "month",
    "customers_total",
    "new_customers",
    "new_referred",
    "active_customers",
    "buyers",
    "purchases",
    "revenue",
    "avg_ticket",
    "repurchase_rate",
    "returning_buyers",
    "retention_rate",
    "repeat_buyers_ever",
    "levels_start",
    "levels_end",
    "level_migration",
    "upgrades",
    "downgrades",
    "super_users",
    "referral_conversion",
    "fission_rate",
    "k_factor",
    "big_c",
    "communities",
    "zombie_communities",
    "tasks_created",
    "tasks_done",
    "tasks_overdue",
)
LEVEL_TABLE_KEYS = ("levels_start", "levels_end", "level_migration")  # tables, not single figures
# The month at a glance (the report page's preview), in KEYS order: the workbook's summary
# without the finer figures.
_NOT_AT_A_GLANCE = {
    "month",
    "returning_buyers",
    "repeat_buyers_ever",
    "k_factor",
    "communities",
    "tasks_created",
}
HEADLINE_KEYS = tuple(key for key in KEYS if key not in _NOT_AT_A_GLANCE and key not in LEVEL_TABLE_KEYS)
MONEY_KEYS = ("revenue", "avg_ticket")  # minor units
RATE_KEYS = ("repurchase_rate", "retention_rate", "referral_conversion", "fission_rate", "k_factor")

# Refunds carry their own kind; any visit with a positive amount is a purchase.
_REVENUE = "CASE WHEN amount > 0 OR kind = 'refund' THEN amount ELSE 0 END"

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        found = _MONTH_RE.match(str(text).strip())
        if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1:
            raise InvalidInput("month", f"{text!r} is not a month; use YYYY-MM")
        month = cls(int(found.group(1)), int(found.group(2)))
        if not (1900, 1) <= (month.year, month.month) <= (9999, 11):  # a report looks a year back
            raise InvalidInput("month", "must be from 1900-01 to 9999-11")
        return month

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        """D_end."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def start(self) -> date:
        """D_start: the last day of the previous month."""
        return self.first - timedelta(days=1)

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return self.key


def _month(month: str | Month) -> Month:
    return month if isinstance(month, Month) else Month.parse(month)


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _one(sql: str, params: Sequence[Any]) -> tuple:
    return tuple(database.execute_sql(sql, tuple(params)).fetchone())


def _int(value: Any) -> int:
    # SUM is NULL over no rows; PostgreSQL returns Decimal for SUM of integers.
    return int(value or 0)


# --- customers ---------------------------------------------------------------


def _end(m: Month, through: date | None) -> date:
    """The period's last day: the month's, or ``through`` for the first days of it only."""
    return m.last if through is None else max(m.first - timedelta(days=1), min(m.last, through))


def customer_metrics(month: str | Month, through: date | None = None) -> dict[str, Any]:
    """customers_total, new_customers, new_referred and fission_rate (of the month, or of
    its days up to ``through``)."""
    m = _month(month)
    total, new, referred = _one(
        "SELECT COUNT(*),"
        " SUM(CASE WHEN joined >= ? THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN joined >= ? AND referrer_id IS NOT NULL THEN 1 ELSE 0 END)"
        " FROM customer WHERE joined <= ?",
        (m.first, m.first, _end(m, through)),
    )
    new, referred = _int(new), _int(referred)
    return {
        "customers_total": _int(total),
        "new_customers": new,
        "new_referred": referred,
        "fission_rate": ratio(referred, new),
    }


def referral_conversion(month: str | Month) -> float:
    """Referred customers joined by D_end with a purchase by D_end ÷ referred customers joined by D_end."""
    m = _month(month)
    past = month_counts.history([(m.first, m.last)])[m.last]
    return ratio(past.converted, past.referred)


# --- visits and purchases ------------------------------------------------------

# One pass over the visits of the month and the one before, one row per customer.
_PURCHASES_SQL = """
WITH per AS (
    SELECT customer_id,
        MAX(CASE WHEN day >= ? THEN 1 ELSE 0 END) AS active,
        COUNT(DISTINCT CASE WHEN day >= ? AND amount > 0 THEN day END) AS purchase_days,
        SUM(CASE WHEN day >= ? AND amount > 0 THEN 1 ELSE 0 END) AS purchases,
        SUM(CASE WHEN day >= ? AND amount > 0 THEN amount ELSE 0 END) AS purchase_amount,
        SUM(CASE WHEN day >= ? THEN {revenue} ELSE 0 END) AS revenue,
        MAX(CASE WHEN day < ? THEN 1 ELSE 0 END) AS active_before,
        MAX(CASE WHEN day < ? AND amount > 0 THEN 1 ELSE 0 END) AS bought_before
    FROM visit
    WHERE day >= ? AND day <= ?
    GROUP BY customer_id
)
SELECT
    SUM(active),
    SUM(CASE WHEN purchase_days > 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN purchase_days >= 2 THEN 1 ELSE 0 END),
    SUM(purchases),
    SUM(purchase_amount),
    SUM(revenue),
    SUM(active_before),
    SUM(bought_before),
    SUM(CASE WHEN bought_before = 1 AND purchase_days > 0 THEN 1 ELSE 0 END){returning}
FROM per
"""
# Buyers with a purchase before the period: a look-up per buyer (a month's report counts them
# from the purchase history it reads anyway, month_counts.history).
_RETURNING = """,
    SUM(CASE WHEN purchase_days > 0 AND EXISTS (
            SELECT 1 FROM visit v
            WHERE v.customer_id = per.customer_id AND v.amount > 0 AND v.day < ?)
        THEN 1 ELSE 0 END)"""


@dataclass(frozen=True)
class _PurchaseCounts:
    active: int
    buyers: int
    repurchasers: int  # buyers with at least 2 purchase days in the period
    purchases: int
    purchase_amount: int
    revenue: int
    previous_active: int
    previous_buyers: int
    retained: int  # previous month's buyers who bought again this month
    returning: int  # buyers with a purchase before the period


def _purchase_counts(m: Month, through: date | None = None, returning: int | None = None) -> _PurchaseCounts:
    """The month's purchase counts (of its days up to ``through``); ``returning`` when known already."""
    first = m.first
    params = [first, first, first, first, first, first, first, m.shift(-1).first, _end(m, through)]
    if returning is None:
        row = _one(_PURCHASES_SQL.format(revenue=_REVENUE, returning=_RETURNING), (*params, first))
    else:
        row = (*_one(_PURCHASES_SQL.format(revenue=_REVENUE, returning=""), params), returning)
    return _PurchaseCounts(*(_int(v) for v in row))


def _purchase_dict(c: _PurchaseCounts) -> dict[str, Any]:
    return {
        "active_customers": c.active,
        "buyers": c.buyers,
        "purchases": c.purchases,
        "revenue": c.revenue,
        "avg_ticket": ratio(c.purchase_amount, c.purchases),
        "repurchase_rate": ratio(c.repurchasers, c.buyers),
        "returning_buyers": c.returning,
        "retention_rate": ratio(c.retained, c.previous_buyers),
    }


def purchase_metrics(month: str | Month, through: date | None = None) -> dict[str, Any]:
    """active_customers, buyers, purchases, revenue, avg_ticket, repurchase_rate,
    returning_buyers and retention_rate, from one query; of the month, or of its days up
    to ``through`` (a dashboard comparing the month so far with the same days before)."""
    return _purchase_dict(_purchase_counts(_month(month), through))


def repeat_buyers_ever(month: str | Month) -> int:
    """Customers with at least 2 purchase days on or before D_end."""
    m = _month(month)
    return month_counts.history([(m.first, m.last)])[m.last].repeat_buyers


# --- levels --------------------------------------------------------------------


def level_metrics(month: str | Month, joint: LevelJoint | None = None) -> dict[str, Any]:
    """levels_start/levels_end (recomputed as of D_start and D_end), the 5×5
    level_migration, upgrades, downgrades and super_users.

    Counted by the database (:mod:`crm.reports.level_counts`, or ``joint`` when it covers
    both days), but within :func:`shop_levels.memo` (the workbook, which lists every customer
    and so holds the whole-shop levels of these days anyway) from those tables."""
    m = _month(month)
    if joint is None or not joint.covers(m.start, m.last):
        if not shop_levels.memo_active():
            joint = LevelJoint.of((m.start, m.last))
        else:
            joint = None
    if joint is not None:
        return level_values(joint.pairs(m.start, m.last))
    start, end = shop_levels.levels_as_of(m.start), shop_levels.levels_as_of(m.last)
    migration = [[0] * len(LEVELS) for _ in LEVELS]
    upgrades = downgrades = 0
    for cid, before in start.items():
        after = end.get(cid, before)
        migration[before][after] += 1
        upgrades += after > before
        downgrades += after < before
    levels_end = shop_levels.count_levels(end)
    return {
        "levels_start": shop_levels.count_levels(start),
        "levels_end": levels_end,
        "level_migration": migration,
        "upgrades": upgrades,
        "downgrades": downgrades,
        "super_users": sum(levels_end[LEVELS[i]] for i in SUPER_USER_LEVELS),
    }


# --- communities ---------------------------------------------------------------


def live_communities(day: date) -> list[communities.CommunityInfo]:
    """The communities not archived on ``day``, read once within :func:`shop_levels.memo`
    (a report's metrics and its Communities sheet both need them)."""
    return shop_levels.remembered(
        ("communities", day), lambda: communities.list_communities(day, include_archived=False)
    )


def community_metrics(month: str | Month) -> dict[str, Any]:
    """big_c, communities (existing, not archived) and zombie_communities at D_end: counted by
    the database, but within :func:`shop_levels.memo` (the workbook, whose Communities sheet
    lists them anyway) from the list."""
    day = _month(month).last
    if not shop_levels.memo_active():
        counts = month_counts.community_counts(day)
        return {
            "big_c": counts.big_c,
            "communities": counts.communities,
            "zombie_communities": counts.zombies,
        }
    groups = live_communities(day)
    return {
        "big_c": month_counts.big_c_count(day),
        "communities": len(groups),
        "zombie_communities": sum(1 for g in groups if g.zombie),
    }


# --- follow-up -----------------------------------------------------------------


def task_metrics(month: str | Month) -> dict[str, Any]:
    """Tasks created in the period, done in the period, and open at D_end with a due date before it."""
    m = _month(month)
    created, done, overdue = _one(
        "SELECT"
        " SUM(CASE WHEN created_on >= ? AND created_on <= ? THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN status = 'done' AND closed_on >= ? AND closed_on <= ? THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN created_on <= ? AND due < ?"
        "          AND (status = 'open' OR closed_on > ?) THEN 1 ELSE 0 END)"
        " FROM task",
        (m.first, m.last, m.first, m.last, m.last, m.last, m.last),
    )
    return {"tasks_created": _int(created), "tasks_done": _int(done), "tasks_overdue": _int(overdue)}


# --- the whole month -------------------------------------------------------------


def month_metrics(month: str | Month) -> dict[str, Any]:
    """Every metric of SPEC 4 for ``month`` ("YYYY-MM"), keys in :data:`KEYS` order."""
    return months_metrics([month])[0]


def months_metrics(
    months: Sequence[str | Month],
    levels: Callable[[], LevelJoint] | None = None,
    history: Callable[[], dict[date, month_counts.History]] | None = None,
) -> list[dict[str, Any]]:
    """:func:`month_metrics` of each of ``months``, sharing the queries that read much: the
    levels on every D_start and D_end in one query (:func:`month_levels`; within
    :func:`shop_levels.memo` the whole-shop tables instead), the purchase history up to every D_end in one
    (:func:`month_history`). ``levels`` and ``history``, when given, return those (say, read
    meanwhile on other connections); they are called once every other figure is in."""
    ms = [_month(month) for month in months]
    rows = []
    for m in ms:
        values: dict[str, Any] = {"month": m.key, **customer_metrics(m)}
        values.update(community_metrics(m))
        values.update(task_metrics(m))
        rows.append((m, _purchase_counts(m, returning=0), values))
    joint = None
    if levels is not None:
        joint = levels()
    elif not shop_levels.memo_active():
        joint = month_levels(ms)
    past = history() if history is not None else month_history(ms)
    out = []
    for m, counts, values in rows:
        before = past[m.last]
        values.update(_purchase_dict(dataclasses.replace(counts, returning=before.returning)))
        values["repeat_buyers_ever"] = before.repeat_buyers
        values.update(level_metrics(m, joint))
        values["referral_conversion"] = ratio(before.converted, before.referred)
        values["k_factor"] = ratio(values["new_referred"], counts.previous_active)
        out.append({key: values[key] for key in KEYS})
    return out


def month_levels(months: Sequence[str | Month]) -> LevelJoint:
    """The levels :func:`months_metrics` of ``months`` needs: on every D_start and D_end, in one query."""
    return LevelJoint.of([day for m in map(_month, months) for day in (m.start, m.last)])


def month_history(months: Sequence[str | Month]) -> dict[date, month_counts.History]:
    """The purchase history :func:`months_metrics` of ``months`` needs, by D_end, in one query."""
    return month_counts.history([(m.first, m.last) for m in map(_month, months)])


# --- month by month ----------------------------------------------------------------


def _bucket(column: str, months: list[Month]) -> tuple[str, list[date]]:
    """A CASE giving the index of the month a date falls in (the caller bounds the range)."""
    whens = " ".join(f"WHEN {column} <= ? THEN {i}" for i in range(len(months)))
    return f"CASE {whens} END", [m.last for m in months]


def trend(last_month: str | Month, months: int = 12) -> list[dict[str, Any]]:
    """new_customers, buyers, revenue and repurchase_rate for each of the ``months``
    months ending with ``last_month``, oldest first; two grouped queries in all."""
    if months < 1:
        raise InvalidInput("months", "must be at least 1")
    last = _month(last_month)
    span = [last.shift(i - months + 1) for i in range(months)]
    lo, hi = span[0].first, span[-1].last
    out = [
        {"month": m.key, "new_customers": 0, "buyers": 0, "revenue": 0, "repurchase_rate": 0.0} for m in span
    ]

    bucket, params = _bucket("joined", span)
    for index, count in query_rows(
        f"SELECT {bucket} AS m, COUNT(*) FROM customer WHERE joined >= ? AND joined <= ? GROUP BY 1",
        (*params, lo, hi),
    ):
        out[int(index)]["new_customers"] = _int(count)

    bucket, params = _bucket("day", span)
    if not isinstance(database.obj, peewee.PostgresqlDatabase):
        _month_buyers_in_one_pass(out, bucket, [*params, lo, hi])
        return out
    # PostgreSQL sorts every customer's days for a distinct count, spilling to disk: about 6 s
    # for a million customers' year. Per customer and month from the purchase index instead
    # (read in customer order, the months of a customer group as they come), two purchase days
    # being a first and a later one: about 2 s. Refunds, few, are added by a second query.
    # (SQLite is about 15 % faster the other way, on the 100k demo.)
    sql = f"""
    SELECT m, COUNT(*), SUM(CASE WHEN first_day < last_day THEN 1 ELSE 0 END), SUM(amount)
    FROM (
        SELECT customer_id, {bucket} AS m, MIN(day) AS first_day, MAX(day) AS last_day, SUM(amount) AS amount
        FROM visit
        WHERE amount > 0 AND day >= ? AND day <= ?
        GROUP BY customer_id, m
    ) per
    GROUP BY m
    """
    for index, buyers, repurchasers, revenue in query_rows(sql, (*params, lo, hi)):
        row = out[int(index)]
        row["buyers"] = _int(buyers)
        row["revenue"] = _int(revenue)
        row["repurchase_rate"] = ratio(_int(repurchasers), _int(buyers))
    for index, refunds in query_rows(
        f"SELECT {bucket} AS m, SUM(amount) FROM visit"
        " WHERE amount < 0 AND kind = 'refund' AND day >= ? AND day <= ? GROUP BY 1",
        (*params, lo, hi),
    ):
        out[int(index)]["revenue"] += _int(refunds)
    return out


def _month_buyers_in_one_pass(out: list[dict[str, Any]], bucket: str, params: list) -> None:
    """buyers, revenue and repurchase_rate of each month, from one pass over every visit."""
    sql = f"""
    WITH per AS (
        SELECT {bucket} AS m, customer_id,
            COUNT(DISTINCT CASE WHEN amount > 0 THEN day END) AS purchase_days,
            SUM({_REVENUE}) AS revenue
        FROM visit
        WHERE day >= ? AND day <= ?
        GROUP BY 1, 2
    )
    SELECT m, SUM(CASE WHEN purchase_days > 0 THEN 1 ELSE 0 END),
        SUM(CASE WHEN purchase_days >= 2 THEN 1 ELSE 0 END), SUM(revenue)
    FROM per GROUP BY m
    """
    for index, buyers, repurchasers, revenue in query_rows(sql, params):
        row = out[int(index)]
        row["buyers"] = _int(buyers)
        row["revenue"] = _int(revenue)
        row["repurchase_rate"] = ratio(_int(repurchasers), _int(buyers))
