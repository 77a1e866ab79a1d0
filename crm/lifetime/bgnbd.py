"""BG/NBD: Fader, Hardie & Lee (2005), "'Counting your customers' the easy way: an alternative
to the Pareto/NBD model", Marketing Science 24(2), 275-284.

While active, a customer buys at a Poisson rate λ ~ Gamma(r, α); after each repeat purchase they
drop out with probability p ~ Beta(a, b). A customer is summarised by ``x`` repeat purchases,
``t_x`` the time of the last one and ``T`` the time since the first (both in weeks here).

The likelihood of one customer is the paper's equation (6),

    L = A1 · A2 · (A3 + δ(x > 0) · A4)
    A1 = Γ(r + x) α^r / Γ(r)          A2 = Γ(a + b) Γ(b + x) / (Γ(b) Γ(a + b + x))
    A3 = (α + T)^−(r + x)             A4 = a / (b + x − 1) · (α + t_x)^−(r + x)

taken in log space (log-gamma, log-beta, and log(A3 + A4) as a log-sum-exp), for all customers
at once. P(alive) is equation (13) and the expected purchases in the next t weeks equation (10).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm.lifetime import FitFailed, mle, special

NAMES = ("r", "alpha", "a", "b")


@dataclass(frozen=True)
class BgNbd:
    r: float
    alpha: float
    a: float
    b: float

    @property
    def array(self) -> np.ndarray:
        return np.array([self.r, self.alpha, self.a, self.b])


@dataclass(frozen=True)
class BgNbdFit:
    params: BgNbd
    log_likelihood: float
    customers: int
    iterations: int


def _arrays(*values) -> list[np.ndarray]:
    return [np.asarray(value, dtype=float) for value in values]


def _parts(params: np.ndarray, x, t_x, T):
    """log A1 + log A2, log A3, log A4 (−inf where x = 0) for every customer."""
    r, alpha, a, b = params
    repeat = x > 0
    head = (
        special.gammaln(r + x)
        - special.gammaln(r)
        + r * np.log(alpha)
        + special.betaln(a, b + x)
        - special.betaln(a, b)
    )
    log_a3 = -(r + x) * np.log(alpha + T)
    # b + x − 1 is only read where x ≥ 1 (where it is at least b > 0).
    log_a4 = np.where(
        repeat, np.log(a) - np.log(np.where(repeat, b + x - 1, 1.0)) - (r + x) * np.log(alpha + t_x), -np.inf
    )
    return head, log_a3, log_a4


def log_likelihood_terms(params: BgNbd, x, t_x, T) -> np.ndarray:
    """Each customer's log-likelihood, equation (6) in log space."""
    x, t_x, T = _arrays(x, t_x, T)
    head, log_a3, log_a4 = _parts(params.array, x, t_x, T)
    return head + np.logaddexp(log_a3, log_a4)


def log_likelihood(params: BgNbd, x, t_x, T, weights=None) -> float:
    terms = log_likelihood_terms(params, x, t_x, T)
    return float(np.sum(terms if weights is None else terms * weights))


def _negative(x, t_x, T, weights):
    """−LL and its gradient in (r, α, a, b), for :func:`crm.lifetime.mle.maximise`."""

    def negative(params: np.ndarray) -> tuple[float, np.ndarray]:
        r, alpha, a, b = params
        head, log_a3, log_a4 = _parts(params, x, t_x, T)
        log_sum = np.logaddexp(log_a3, log_a4)
        w4 = np.exp(log_a4 - log_sum)  # the share of A4 in A3 + A4 (0 where x = 0)
        w3 = 1.0 - w4
        repeat = x > 0
        d_r = (
            special.psi(r + x)
            - special.psi(r)
            + np.log(alpha)
            - w3 * np.log(alpha + T)
            - w4 * np.log(alpha + t_x)
        )
        d_alpha = r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + t_x))
        d_a = special.psi(a + b) - special.psi(a + b + x) + w4 / a
        d_b = (
            special.psi(b + x)
            - special.psi(b)
            + special.psi(a + b)
            - special.psi(a + b + x)
            - w4 / np.where(repeat, b + x - 1, 1.0)
        )
        value = -np.dot(weights, head + log_sum)
        gradient = -np.array([np.dot(weights, d) for d in (d_r, d_alpha, d_a, d_b)])
        return float(value), gradient

    return negative


def _compressed(x, t_x, T):
    """The distinct (x, t_x, T) rows and how many customers share each: customers counted in
    days share rows, and the likelihood is a weighted sum over them."""
    rows, counts = np.unique(np.column_stack([x, t_x, T]), axis=0, return_counts=True)
    return rows[:, 0], rows[:, 1], rows[:, 2], counts.astype(float)


def start(x, T) -> np.ndarray:
    """A sane start: r = 1 and α so that the mean rate r/α is the shop's repeat purchases per
    week of customer age; a = 1, b = 3, a one-in-four chance of dropping out after a purchase."""
    rate = max(float(np.sum(x)), 1.0) / max(float(np.sum(T)), 1.0)
    return np.array([1.0, 1.0 / rate, 1.0, 3.0])


def fit(x, t_x, T) -> BgNbdFit:
    """Maximum likelihood estimates of (r, α, a, b); :class:`FitFailed` when there is none."""
    x, t_x, T = _arrays(x, t_x, T)
    if len(x) == 0:
        raise FitFailed("no customers to fit")
    ux, ut, uT, weights = _compressed(x, t_x, T)
    negative = _negative(ux, ut, uT, weights)
    found = mle.maximise(negative, start(x, T), NAMES, scale=float(len(x)))
    return BgNbdFit(BgNbd(*map(float, found.params)), found.log_likelihood, len(x), found.iterations)


def standard_errors(params: BgNbd, x, t_x, T) -> dict[str, float]:
    """Asymptotic standard errors of the estimates (the inverse observed information)."""
    x, t_x, T = _arrays(x, t_x, T)
    errors = mle.standard_errors(_negative(*_compressed(x, t_x, T)), params.array)
    return dict(zip(NAMES, map(float, errors), strict=True))


def p_alive(params: BgNbd, x, t_x, T) -> np.ndarray:
    """P(still a customer | x, t_x, T), equation (13): 1 / (1 + δ(x > 0) a/(b + x − 1)
    ((α + T)/(α + t_x))^(r + x)). A customer with no repeat purchase is alive (the model lets
    customers drop out only after a repeat purchase)."""
    x, t_x, T = _arrays(x, t_x, T)
    r, alpha, a, b = params.array
    repeat = x > 0
    log_odds = (
        np.log(a)
        - np.log(np.where(repeat, b + x - 1, 1.0))
        + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
    )
    return np.where(repeat, special.expit(-log_odds), 1.0)


def weeks_until_below(params: BgNbd, threshold: float, x, t_x) -> np.ndarray:
    """The age T (weeks since the first purchase) past which P(alive) of a customer with ``x``
    repeat purchases, the last at ``t_x``, is below ``threshold``, were they to buy no more.

    P(alive) falls as T grows after the last purchase, and equation (13) solves for it in closed
    form: P(alive) < θ when (r + x) ln((α + T)/(α + t_x)) > ln((1 − θ)/θ) + ln(b + x − 1) − ln a,
    so T* = (α + t_x) · exp(that / (r + x)) − α. When P(alive) is below θ at the last purchase
    already (a right side under 0), T* is t_x. Infinite for a customer with no repeat purchase,
    whom the model keeps alive."""
    x, t_x = _arrays(x, t_x)
    r, alpha, a, b = params.array
    repeat = x > 0
    if threshold <= 0.0:  # nobody's chance falls under 0
        return np.full(np.shape(x), np.inf)
    with np.errstate(all="ignore"):
        odds = np.log1p(-min(threshold, 1.0)) - np.log(threshold)  # −inf at 1: under it at once
        right = odds + np.log(np.where(repeat, b + x - 1, 1.0)) - np.log(a)
        weeks = (alpha + t_x) * np.exp(np.maximum(right, 0.0) / (r + x)) - alpha
    return np.where(repeat, np.maximum(weeks, t_x), np.inf)


def expected_purchases(params: BgNbd, t, x, t_x, T) -> np.ndarray:
    """Expected purchases in the next ``t`` weeks given (x, t_x, T), equation (10):

        (a + b + x − 1)/(a − 1) · [1 − ((α + T)/(α + T + t))^(r + x)
            · 2F1(r + x, b + x; a + b + x − 1; t/(α + T + t))] · P(alive)

    The power times 2F1 is taken through Euler's transformation, 2F1(A, B; C; z) =
    (1 − z)^(C − A − B) 2F1(C − A, C − B; C; z), as (1 − z)^(a − 1) 2F1(a + b − 1 − r, a − 1;
    a + b + x − 1; z): the same number, without a vanishing power times a 2F1 that grows
    like (1 − z)^−x for customers with many purchases."""
    x, t_x, T, t = _arrays(x, t_x, T, t)
    r, alpha, a, b = params.array
    if abs(a - 1.0) < 1e-9:  # (a − 1) cancels in the limit; step off the removable point
        a = 1.0 + 1e-9
    z = t / (alpha + T + t)
    tail = np.power(1.0 - z, a - 1.0) * special.hyp2f1(a + b - 1.0 - r, a - 1.0, a + b + x - 1.0, z)
    return (a + b + x - 1.0) / (a - 1.0) * (1.0 - tail) * p_alive(params, x, t_x, T)
