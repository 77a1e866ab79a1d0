"""Who is slipping away: customers the lifetime models (SPEC 9) now think probably gone, the
recently lapsed first, to win back before it is too late.

A customer is slipping when they have bought on two or more days and their P(alive) is under
the shop's threshold (``followup.slipping_below_percent``, 50 % by default): BG/NBD gives
P(alive) = 1 to a customer who bought on one day only (nothing says they left), so they are
never listed. Each has the day their P(alive) fell under the threshold had they bought no more
(:func:`crm.lifetime.bgnbd.weeks_until_below`): a regular who stops is missed within weeks, a
customer who came twice a year only after many months.

They are ranked in two groups: first those who started slipping in the last
:data:`RECENT_SLIP_DAYS` days and bought in the last :data:`RECENT_DAYS` (regulars who have
lately stopped: a call wins them back far more often than one to a customer long gone, and a
customer who came twice a year and slipped only now, years after their last purchase, is not
one of them), then the others; each group by the **value at risk**
(:func:`crm.services.lifetime.at_risk`): what their next 12 months would be worth had they
stayed, times the chance they have gone.

A customer followed up (a win-back task made since their last purchase, open or closed) leaves
the list until they buy again: a clerk never calls the same customer twice for one lapse.

Read from the stored fit for every customer at once (:func:`crm.services.lifetime.figures`,
shared with the suggestions' ranking), never a refit; without a usable fit (or a spend model)
the list is empty with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from crm import clock
from crm.db import as_date, query_rows
from crm.errors import OpenTaskExists
from crm.services import lifetime, settings
from crm.services.lifetime import DEFAULT_THRESHOLD, THRESHOLD_KEY, NotEnoughData, at_risk, threshold

__all__ = ["DEFAULT_THRESHOLD", "THRESHOLD_KEY", "at_risk", "slipping", "threshold"]

# A slipping customer's follow-up is a win-back (挽回): the shop asks after them, finds out
# whether something went wrong and invites them back; its own kind, with its own message.
TASK_KIND = "win_back"
LIMIT = 500  # the most at risk shown; the count says how many there are in all
RECENT_SLIP_DAYS = 90  # started slipping within this many days …
RECENT_DAYS = 365  # … with a purchase within this many: the first group


@dataclass(frozen=True)
class SlippingCustomer:
    customer_id: int
    name: str
    phone: str | None
    wechat: str | None
    level: int
    last_purchase: date | None
    purchase_days: int
    first_purchase: date | None
    slipped_on: date  # the day P(alive) fell under the threshold
    recent: bool  # slipped in RECENT_SLIP_DAYS, bought in RECENT_DAYS: ranked in the first group
    p_alive: float  # 0…1
    value_12m: float  # the model's expected value of the next 12 months, currency units
    value_if_stayed: float  # had they stayed: value_12m / P(alive)
    value_at_risk: float  # value_if_stayed × (1 − P(alive)), currency units

    @property
    def id(self) -> int:
        return self.customer_id

    @property
    def weeks_between(self) -> float | None:
        """How many weeks apart their purchase days used to be, on average."""
        if self.first_purchase is None or self.last_purchase is None or self.purchase_days < 2:
            return None
        return (self.last_purchase - self.first_purchase).days / 7.0 / (self.purchase_days - 1)


@dataclass(frozen=True)
class Slipping:
    """The customers slipping away as of ``as_of``, the recently slipped first, each group most
    value at risk first (at most :data:`LIMIT`; ``total`` counts them all, ``recent`` those of
    the first group), or none with ``reason`` when the models cannot tell."""

    as_of: date
    threshold: float  # P(alive) below this (0…1) is slipping
    customers: list[SlippingCustomer] = field(default_factory=list)
    total: int = 0
    recent: int = 0
    reason: NotEnoughData | None = None
    fitted_as_of: date | None = None
    currency: str = "CNY"  # the shop's, for the amounts


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
    below = found.slipping_below  # the threshold the slipping days were worked out for
    stayed, risk = at_risk(found.p_alive, found.value_12m)
    chosen = np.flatnonzero((found.purchase_days >= 2) & (found.p_alive < below) & (risk > 0))
    since = np.datetime64(as_of - timedelta(days=RECENT_DAYS), "D")
    slipped_since = np.datetime64(as_of - timedelta(days=RECENT_SLIP_DAYS), "D")
    lately = (found.last_purchase > since) & (found.slipped_on > slipped_since)
    recent = lately[chosen]
    # The recently lapsed first, then the most at risk, then by id (a stable order).
    order = np.lexsort((found.ids[chosen], -risk[chosen], ~recent))
    chosen = chosen[order]
    # Archived, erased and followed-up customers leave the list: a few, read as ids; the facts
    # shown are read for the first ``limit`` of the others alone, never for the whole list.
    chosen = chosen[~np.isin(found.ids[chosen], _left_out())]
    first = found.first_purchase
    rows: list[SlippingCustomer] = []
    at = 0
    while len(rows) < limit and at < len(chosen):
        part = chosen[at : at + limit]
        at += limit
        facts = _customers([int(found.ids[i]) for i in part])
        for i in part:
            cid = int(found.ids[i])
            fact = facts.get(cid)
            if fact is None or len(rows) >= limit:  # archived, erased or followed up meanwhile
                continue
            name, phone, wechat, level, last = fact
            slipped = found.slipped_on[i].astype(object)
            rows.append(
                SlippingCustomer(
                    cid, name, phone, wechat, level, last, int(found.purchase_days[i]),
                    first[i].astype(object), slipped, bool(lately[i]),
                    float(found.p_alive[i]), float(found.value_12m[i]), float(stayed[i]), float(risk[i]),
                )
            )  # fmt: skip
    return Slipping(
        as_of,
        below,
        rows,
        len(chosen),
        int(np.count_nonzero(lately[chosen])),
        fitted_as_of=fitted,
        currency=currency,
    )


_FOLLOWED_UP = (
    "SELECT t.customer_id FROM task t JOIN customer c ON c.id = t.customer_id WHERE t.kind = ?"
    " AND (t.status = 'open' OR c.last_purchase IS NULL OR t.created_on >= c.last_purchase)"
)


def _left_out() -> np.ndarray:
    """The ids of the customers never listed: archived or erased, or followed up for this lapse
    (a :data:`TASK_KIND` task open, or made since their last purchase)."""
    rows = query_rows(f"SELECT id FROM customer WHERE archived OR erased UNION {_FOLLOWED_UP}", [TASK_KIND])
    return np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))


def _customers(ids: list[int]) -> dict[int, tuple]:
    """Name, phone, WeChat id, level and last purchase of the live customers among ``ids`` not
    followed up for this lapse (see :func:`_left_out`), in one query."""
    if not ids:
        return {}
    sql = (
        "SELECT c.id, c.name, c.phone, c.wechat, c.level, c.last_purchase FROM customer c"
        " WHERE NOT c.archived AND NOT c.erased AND NOT EXISTS (SELECT 1 FROM task t"
        " WHERE t.customer_id = c.id AND t.kind = ?"
        " AND (t.status = 'open' OR c.last_purchase IS NULL OR t.created_on >= c.last_purchase))"
        f" AND c.id IN ({', '.join('?' * len(ids))})"
    )
    return {
        cid: (name, phone, wechat, int(level or 0), as_date(last) if last else None)
        for cid, name, phone, wechat, level, last in query_rows(sql, [TASK_KIND, *ids])
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
