"""Maximum likelihood for the lifetime models: one optimiser, its checks, standard errors.

Every parameter of both models is positive, so the optimiser works on their logarithms: any
real vector is a valid model, steps are relative (alpha in weeks and v in yuan live on scales a
thousand times apart from r and a), and no bound is touched on the way to an interior maximum.

The optimiser is L-BFGS-B with the analytic gradient. Both log-likelihoods are smooth and their
gradients cost about as much as the likelihood itself (digamma beside each log-gamma), so a
quasi-Newton method reaches the maximum in a few dozen evaluations; Nelder-Mead needs hundreds
on four parameters and stops on a flat ridge without saying so, where L-BFGS-B reports whether
the gradient vanished. Its box bounds on the log-parameters only keep a runaway step from
overflowing; a result at or near such a bound is not a maximum and is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from crm.lifetime import FitFailed, special

# A parameter outside this range is absurd for a shop's customers (a Gamma shape of 10^-4, a
# scale of 10^5 weeks): the likelihood is running off along a ridge, not peaking.
PLAUSIBLE = (1e-4, 1e4)
_BOUNDS = (np.log(1e-6), np.log(1e6))


@dataclass(frozen=True)
class Maximum:
    params: np.ndarray  # natural scale
    log_likelihood: float
    iterations: int


def maximise(
    negative: Callable[[np.ndarray], tuple[float, np.ndarray]],
    start: np.ndarray,
    names: tuple[str, ...],
    scale: float,
) -> Maximum:
    """The maximum of a log-likelihood given as ``negative(params) -> (−LL, −∂LL/∂params)``.

    ``scale`` (the number of customers) divides the objective, so the optimiser's tolerances mean
    the same on 300 customers as on 100,000."""

    def objective(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        params = np.exp(log_params)
        value, gradient = negative(params)
        if not np.isfinite(value) or not np.all(np.isfinite(gradient)):
            return np.inf, np.zeros_like(log_params)
        return value / scale, gradient * params / scale  # chain rule: d/d(log θ) = θ · d/dθ

    with np.errstate(all="ignore"):
        result = special.minimize(
            objective,
            np.log(start),
            jac=True,
            method="L-BFGS-B",
            bounds=[_BOUNDS] * len(start),
            options={"maxiter": 1000, "ftol": 1e-13, "gtol": 1e-7},
        )
    params = np.exp(result.x)
    # A line search that cannot improve on a point where the gradient has all but vanished is
    # at the maximum, to the precision of the arithmetic: that counts as converged.
    flat = np.all(np.isfinite(result.jac)) and float(np.max(np.abs(result.jac))) < 1e-5
    if not (result.success or flat) or not np.isfinite(result.fun):
        raise FitFailed(f"the fit did not converge ({result.message})")
    low, high = PLAUSIBLE
    for name, value in zip(names, params, strict=True):
        if not low <= value <= high:
            raise FitFailed(f"the fit ran off to an implausible {name} = {value:.3g}")
    return Maximum(params, float(-result.fun * scale), int(result.nit))


def standard_errors(negative: Callable[[np.ndarray], tuple[float, np.ndarray]], params: np.ndarray):
    """Asymptotic standard errors at a maximum: the square roots of the diagonal of the inverse
    observed information, the Hessian of −LL taken by central differences of the gradient."""
    params = np.asarray(params, dtype=float)
    size = len(params)
    hessian = np.empty((size, size))
    for i in range(size):
        step = 1e-5 * params[i]
        up, down = params.copy(), params.copy()
        up[i] += step
        down[i] -= step
        hessian[i] = (negative(up)[1] - negative(down)[1]) / (2 * step)
    hessian = (hessian + hessian.T) / 2
    return np.sqrt(np.diag(np.linalg.inv(hessian)))
