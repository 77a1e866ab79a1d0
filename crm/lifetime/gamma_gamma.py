"""Gamma-Gamma spend: Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for
customer base analysis", Journal of Marketing Research 42(4), 415-430 (and Hardie's note "The
Gamma-Gamma model of monetary value", 2013).

Each purchase of a customer is worth z ~ Gamma(p, ν), their scale ν ~ Gamma(q, γ) across
customers (γ is called v here). The mean m of x purchases has the marginal density

    f(m | p, q, v, x) = Γ(px + q) / (Γ(px) Γ(q)) · v^q m^(px − 1) x^(px) / (v + m x)^(px + q)

fitted over customers with x ≥ 1 (their repeat purchase days: the first is left out, as in
the paper) in log space, for all of them at once. A customer's expected spend per purchase
is the posterior mean (p (v + m x)) / (p x + q − 1): their own mean shrunk towards the shop's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm.lifetime import FitFailed, mle, special

NAMES = ("p", "q", "v")


@dataclass(frozen=True)
class GammaGamma:
    p: float
    q: float
    v: float

    @property
    def array(self) -> np.ndarray:
        return np.array([self.p, self.q, self.v])

    @property
    def mean_spend(self) -> float:
        """The shop's expected spend per purchase, p v / (q − 1) (finite only for q > 1)."""
        return self.p * self.v / (self.q - 1.0)


@dataclass(frozen=True)
class GammaGammaFit:
    params: GammaGamma
    log_likelihood: float
    customers: int
    iterations: int


def _usable(x, spend):
    x, spend = np.asarray(x, dtype=float), np.asarray(spend, dtype=float)
    keep = (x >= 1) & (spend > 0)
    return x[keep], spend[keep]


def log_likelihood_terms(params: GammaGamma, x, spend) -> np.ndarray:
    """Each customer's log-density of their mean spend, for customers with x ≥ 1 and spend > 0."""
    x, m = _usable(x, spend)
    p, q, v = params.array
    px = p * x
    return (
        special.gammaln(px + q)
        - special.gammaln(px)
        - special.gammaln(q)
        + q * np.log(v)
        + (px - 1.0) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(v + m * x)
    )


def log_likelihood(params: GammaGamma, x, spend) -> float:
    return float(np.sum(log_likelihood_terms(params, x, spend)))


def _negative(x, m):
    log_m, log_x = np.log(m), np.log(x)

    def negative(params: np.ndarray) -> tuple[float, np.ndarray]:
        p, q, v = params
        px = p * x
        log_vmx = np.log(v + m * x)
        terms = (
            special.gammaln(px + q)
            - special.gammaln(px)
            - special.gammaln(q)
            + q * np.log(v)
            + (px - 1.0) * log_m
            + px * log_x
            - (px + q) * log_vmx
        )
        d_p = x * (special.psi(px + q) - special.psi(px) + log_m + log_x - log_vmx)
        d_q = special.psi(px + q) - special.psi(q) + np.log(v) - log_vmx
        d_v = q / v - (px + q) / (v + m * x)
        return float(-terms.sum()), -np.array([d_p.sum(), d_q.sum(), d_v.sum()])

    return negative


def start(x, m) -> np.ndarray:
    """A sane start: p = 2, q = 3 and v so that the model's mean spend p v / (q − 1) is the
    customers' mean spend."""
    return np.array([2.0, 3.0, float(np.mean(m))])


def fit(x, spend) -> GammaGammaFit:
    """Maximum likelihood estimates of (p, q, v) over customers with x ≥ 1 and a positive mean
    spend (refunds can bring a day's spend to nothing); :class:`FitFailed` when there is none,
    or when q ≤ 1 (the shop's mean spend would be infinite)."""
    x, m = _usable(x, spend)
    if len(x) == 0:
        raise FitFailed("no customers with repeat purchases to fit the spend model on")
    found = mle.maximise(_negative(x, m), start(x, m), NAMES, scale=float(len(x)))
    params = GammaGamma(*map(float, found.params))
    if params.q <= 1.0:
        raise FitFailed(f"the spend model has no finite mean (q = {params.q:.3g} ≤ 1)")
    return GammaGammaFit(params, found.log_likelihood, len(x), found.iterations)


def standard_errors(params: GammaGamma, x, spend) -> dict[str, float]:
    x, m = _usable(x, spend)
    errors = mle.standard_errors(_negative(x, m), params.array)
    return dict(zip(NAMES, map(float, errors), strict=True))


def expected_spend(params: GammaGamma, x, spend) -> np.ndarray:
    """Expected spend per purchase given x repeat purchases of mean ``spend``:
    p (v + m x) / (p x + q − 1). With x = 0 it is the shop's mean, p v / (q − 1); a mean at or
    below zero (refunds as large as the purchases) counts as zero spend, so it only pulls the
    estimate down towards nothing."""
    x = np.asarray(x, dtype=float)
    m = np.maximum(np.asarray(spend, dtype=float), 0.0)
    p, q, v = params.array
    return p * (v + m * x) / (p * x + q - 1.0)
