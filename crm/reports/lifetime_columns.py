"""The report's lifetime figures (SPEC 5 and 9): each customer's P(alive), purchase days
expected in 90 days and 12-month value for the Customers sheet, and the shop's purchase days
and their value expected in the next 30 days for the Summary.

From the stored fit (:func:`crm.services.lifetime.latest`, never a refit: the export budget of
SPEC 7 has no room for one) applied to every customer's history up to the month's end (today,
for the month under way), read in one aggregate and computed as arrays, as
:func:`crm.services.lifetime.figures` computes them; the next 30 days come from the same
history, so the summary is read once. When the models cannot tell, the columns are blank and
the reason goes to the Notes sheet.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from datetime import date

import numpy as np

from crm import clock
from crm.lifetime import bgnbd, gamma_gamma, summary
from crm.lifetime.value import discounted_value
from crm.services import lifetime
from crm.services.lifetime import Fit, NotEnoughData

NEXT_DAYS = 30  # "the next month" of the Summary
CHUNK = 10_000
NAN_BYTES = array("d", [float("nan")]).tobytes()


ONCE = -1.0  # in p_alive: bought on one day only, the model cannot tell


@dataclass(frozen=True)
class LifetimeColumns:
    as_of: date  # the customers' history up to this day
    fit: Fit | None
    reason: NotEnoughData | None = None  # why all three columns and both summary figures are blank
    spend_reason: NotEnoughData | None = None  # why only the values are blank
    # Dense by customer id (index = id), NaN where a customer has no figure (no purchase yet).
    p_alive: array | None = None
    purchases_90: array | None = None
    value_12m: array | None = None
    next_purchases: float | None = None  # the shop's expected purchase days in the next 30 days
    next_value: float | None = None  # and their value, currency units (not discounted)

    def row(self, customer_id: int) -> tuple:
        """(P(alive), purchase days in 90 days, 12-month value), None for each one not known."""
        if self.p_alive is None or customer_id >= len(self.p_alive):
            return None, None, None
        alive = self.p_alive[customer_id]
        if alive != alive:  # NaN: no purchase by then
            return None, None, None
        value = self.value_12m[customer_id] if self.value_12m is not None else None
        # Bought on one day only (ONCE): BG/NBD's P(alive) is 1 however long ago, which would
        # put a customer seen once in 2023 above the best regular; the chance is left blank.
        alive = None if alive == ONCE else alive
        return alive, self.purchases_90[customer_id], None if value != value else value


def _grow(dense: array, size: int) -> None:
    """Lengthen a by-id array to ``size`` with NaN (no figure)."""
    if size > len(dense):
        dense.extend(array("d", NAN_BYTES * (size - len(dense))))


def read(month_end: date, fit: Fit | None = None) -> LifetimeColumns:
    """Every customer's figures and the shop's next 30 days, as of ``month_end`` (or today when
    that is later), from ``fit`` (default the stored one)."""
    as_of = min(month_end, clock.today())
    fit = fit or lifetime.latest()
    if fit is None:
        return LifetimeColumns(as_of, None, NotEnoughData(lifetime.NEVER_FITTED))
    if not fit.ok:
        return LifetimeColumns(as_of, fit, fit.not_enough_data)
    spend_known = fit.gamma_gamma is not None
    # By customer id, 8 bytes a customer (a million: 8 MB each), NaN where there is no figure.
    alive_of, ahead_of, value_of = array("d"), array("d"), array("d")
    next_purchases = next_value = 0.0
    discount = lifetime.monthly_discount()
    # A slice of customers at a time, in id order, as the history is read: the 12 months' arrays
    # of every customer at once would hold tens of MB (hundreds for a million).
    for s in summary.slices(as_of, CHUNK):
        x, t_x, T = s.x, s.t_x, s.T
        with np.errstate(all="ignore"):
            alive = np.where(x == 0, ONCE, bgnbd.p_alive(fit.bgnbd, x, t_x, T))
            ahead = bgnbd.expected_purchases(fit.bgnbd, lifetime.HORIZON_DAYS / 7.0, x, t_x, T)
            days = bgnbd.expected_purchases(fit.bgnbd, NEXT_DAYS / 7.0, x, t_x, T)
            next_purchases += float(np.nansum(days))
            if spend_known:
                spend = gamma_gamma.expected_spend(fit.gamma_gamma, x, s.spend)
                value = discounted_value(fit.bgnbd, x, t_x, T, spend, discount)
                next_value += float(np.nansum(days * spend))
        size = int(s.ids[-1]) + 1
        for dense, figures in (
            (alive_of, alive),
            (ahead_of, ahead),
            *(((value_of, value),) if spend_known else ()),
        ):
            _grow(dense, size)
            np.frombuffer(dense, dtype=np.float64)[s.ids] = figures
    return LifetimeColumns(
        as_of,
        fit,
        spend_reason=fit.spend_reason,
        p_alive=alive_of,
        purchases_90=ahead_of,
        value_12m=value_of if spend_known else None,
        next_purchases=next_purchases,
        next_value=next_value if spend_known else None,
    )
