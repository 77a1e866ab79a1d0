"""Who is slipping away: valuable customers whom the lifetime models (SPEC 9) now think
probably gone, ranked by what the shop stands to lose, to follow up before it is too late.

A customer is slipping when their P(alive) is below the shop's threshold
(``followup.slipping_below_percent``, 50 % by default) and they have bought on two or more
days: BG/NBD gives P(alive) = 1 to a customer who bought on one day only (nothing says they
left), so they are never listed. They are ranked by the **value at risk**: what their next 12
months would be worth had they stayed, times the chance they have gone,

    value at risk = value if still a customer × (1 − P(alive)).

The model's 12-month value is already an expectation over whether they are still a customer:
BG/NBD's expected purchases are P(alive) × the purchases expected of a customer still there,
month by month, so the value had they stayed is ``value_12m / P(alive)``. The measure puts first
the customers who were worth most and are most likely gone, the ones a phone call has the most to
win back; a customer worth little, or still likely there, comes later.

Read from the stored fit for every customer at once (:func:`crm.services.lifetime.figures`),
never a refit; without a usable fit (or a spend model) the list is empty with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from crm import clock
from crm.db import as_date, query_rows
from crm.errors import OpenTaskExists
from crm.services import lifetime, settings
from crm.services.lifetime import NotEnoughData

THRESHOLD_KEY = "followup.slipping_below_percent"
DEFAULT_THRESHOLD = 0.5  # settings.DEFAULTS[THRESHOLD_KEY] / 100
# A slipping customer's follow-up is a service call (服务): asking how the last purchase went and
# whether anything is wrong is how a shop finds out why a good customer stopped, and it is the
# kind the shop's own "about to drop" rule uses, so a customer with that task open is not also
# suggested by the rule (SPEC 2.4: never two open tasks of one kind).
TASK_KIND = "service"
LIMIT = 500  # the most at risk shown; the count says how many there are in all


@dataclass(frozen=True)
class SlippingCustomer:
    customer_id: int
    name: str
    phone: str | None
    wechat: str | None
    level: int
    last_purchase: date | None
    purchase_days: int
    p_alive: float  # 0…1
    value_12m: float  # the model's expected value of the next 12 months, currency units
    value_if_stayed: float  # had they stayed: value_12m / P(alive)
    value_at_risk: float  # value_if_stayed × (1 − P(alive)), currency units

    @property
    def id(self) -> int:
        return self.customer_id


@dataclass(frozen=True)
class Slipping:
    """The customers slipping away as of ``as_of``, most value at risk first (at most
    :data:`LIMIT`; ``total`` counts them all), or none with ``reason`` when the models cannot tell."""

    as_of: date
    threshold: float  # P(alive) below this (0…1) is slipping
    customers: list[SlippingCustomer] = field(default_factory=list)
    total: int = 0
    reason: NotEnoughData | None = None
    fitted_as_of: date | None = None
    currency: str = "CNY"  # the shop's, for the amounts


def threshold() -> float:
    """The P(alive) below which a valuable customer is slipping, as a fraction (50 % → 0.5)."""
    return float(settings.get(THRESHOLD_KEY)) / 100.0


def at_risk(p_alive: np.ndarray, value_12m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The value had they stayed and the value at risk, from P(alive) and the 12-month value."""
    with np.errstate(all="ignore"):
        stayed = np.where(p_alive > 0, value_12m / p_alive, 0.0)
    stayed = np.where(np.isfinite(stayed), stayed, 0.0)
    return stayed, stayed * (1.0 - p_alive)


def slipping(as_of: date | None = None, limit: int = LIMIT) -> Slipping:
    """Who is slipping away as of ``as_of`` (default today), from the stored lifetime fit.
    Archived and erased customers, and those with an open task of :data:`TASK_KIND`, are left out."""
    as_of = as_of or clock.today()
    below = threshold()
    currency = str(settings.get("currency"))
    found = lifetime.figures(None, as_of)
    fitted = found.fit.as_of if found.fit is not None else None
    if found.reason is not None or found.value_12m is None:
        reason = found.reason or found.spend_reason
        return Slipping(as_of, below, reason=reason, fitted_as_of=fitted, currency=currency)
    stayed, risk = at_risk(found.p_alive, found.value_12m)
    chosen = np.flatnonzero((found.purchase_days >= 2) & (found.p_alive < below) & (risk > 0))
    chosen = chosen[np.lexsort((found.ids[chosen], -risk[chosen]))]  # most at risk, then by id
    facts = _customers([int(found.ids[i]) for i in chosen])
    rows = []
    for i in chosen:
        cid = int(found.ids[i])
        fact = facts.get(cid)
        if fact is None:  # archived, erased, or followed up already
            continue
        name, phone, wechat, level, last = fact
        rows.append(
            SlippingCustomer(
                cid, name, phone, wechat, level, last, int(found.purchase_days[i]),
                float(found.p_alive[i]), float(found.value_12m[i]), float(stayed[i]), float(risk[i]),
            )
        )  # fmt: skip
    return Slipping(as_of, below, rows[:limit], len(rows), fitted_as_of=fitted, currency=currency)


def _customers(ids: list[int]) -> dict[int, tuple]:
    """Name, phone, WeChat id, level and last purchase of the live customers among ``ids`` who
    have no open task of :data:`TASK_KIND`, in one query (the whole shop's when they are many)."""
    if not ids:
        return {}
    sql = (
        "SELECT c.id, c.name, c.phone, c.wechat, c.level, c.last_purchase FROM customer c"
        " WHERE NOT c.archived AND NOT c.erased AND NOT EXISTS (SELECT 1 FROM task t"
        " WHERE t.customer_id = c.id AND t.status = 'open' AND t.kind = ?)"
    )
    params: list = [TASK_KIND]
    if len(ids) <= 500:
        sql += f" AND c.id IN ({', '.join('?' * len(ids))})"
        params += ids
    wanted = set(ids)
    return {
        cid: (name, phone, wechat, int(level or 0), as_date(last) if last else None)
        for cid, name, phone, wechat, level, last in query_rows(sql, params)
        if cid in wanted
    }


def check_no_open_task(customer_id: int) -> None:
    """Refuse (:class:`OpenTaskExists`) a second open :data:`TASK_KIND` task for this customer:
    one click makes a task, a second click (a list not yet read again) does not make another."""
    open_task = query_rows(
        "SELECT t.id, c.name FROM task t JOIN customer c ON c.id = t.customer_id"
        " WHERE t.customer_id = ? AND t.kind = ? AND t.status = 'open'",
        [customer_id, TASK_KIND],
    )
    if open_task:
        task_id, name = open_task[0]
        raise OpenTaskExists(task_id, name, TASK_KIND)
