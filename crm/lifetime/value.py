"""The value of a customer's next twelve months (SPEC 9): the purchase days expected in each
month × the expected spend per purchase day, each month discounted at a monthly rate.

A month is a twelfth of a year (365.25 / 12 days); month k (1…12) is discounted by (1 + d)^k,
as money received at its end."""

from __future__ import annotations

import numpy as np

from crm.lifetime.bgnbd import BgNbd, expected_purchases

MONTH_WEEKS = 365.25 / 12 / 7
MONTHS = 12


def monthly_purchases(params: BgNbd, x, t_x, T, months: int = MONTHS) -> np.ndarray:
    """Expected purchase days in each of the next ``months`` months, one column per month."""
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    ends = MONTH_WEEKS * np.arange(1, months + 1)
    cumulative = expected_purchases(params, ends[:, None], x[None, :], t_x[None, :], T[None, :])
    return np.diff(cumulative, axis=0, prepend=0.0).T


def discounted_purchases(
    params: BgNbd, x, t_x, T, monthly_discount: float, months: int = MONTHS
) -> np.ndarray:
    """Σ_k purchases in month k / (1 + d)^k, for every customer: their value per unit of spend."""
    factors = (1.0 + monthly_discount) ** -np.arange(1, months + 1)
    return monthly_purchases(params, x, t_x, T, months) @ factors


def discounted_value(
    params: BgNbd, x, t_x, T, spend_per_day, monthly_discount: float, months: int = MONTHS
) -> np.ndarray:
    """Σ_k purchases in month k × spend per purchase day / (1 + d)^k, for every customer."""
    return discounted_purchases(params, x, t_x, T, monthly_discount, months) * np.asarray(
        spend_per_day, dtype=float
    )
