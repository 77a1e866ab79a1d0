"""Customers drawn from the BG/NBD and Gamma-Gamma processes with known parameters: what the
fits must recover (tests), and a shop of any size to time them on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm.lifetime.bgnbd import BgNbd
from crm.lifetime.gamma_gamma import GammaGamma


@dataclass(frozen=True)
class Simulated:
    x: np.ndarray  # repeat purchases in (0, T]
    t_x: np.ndarray  # time of the last one (0 when none)
    T: np.ndarray  # time from the first purchase to the end of the observation
    spend: np.ndarray  # mean of the repeat purchases' amounts (0 when none)
    alive: np.ndarray  # still a customer at T (the truth P(alive) estimates)


def customers(
    rng: np.random.Generator,
    bgnbd: BgNbd,
    T,
    gamma_gamma: GammaGamma | None = None,
) -> Simulated:
    """One customer per entry of ``T`` (weeks observed since their first purchase).

    Each draws λ ~ Gamma(r, rate α) and p ~ Beta(a, b); purchases follow at exponential gaps of
    mean 1/λ, and after each repeat purchase the customer leaves with probability p. With a spend
    model, each draws ν ~ Gamma(q, rate v) and every purchase is worth Gamma(p, rate ν)."""
    T = np.asarray(T, dtype=float)
    n = len(T)
    rate = rng.gamma(bgnbd.r, 1.0 / bgnbd.alpha, n)
    drop = rng.beta(bgnbd.a, bgnbd.b, n)
    x = np.zeros(n, dtype=np.int64)
    t_x = np.zeros(n)
    now = np.zeros(n)
    buying = np.ones(n, dtype=bool)  # neither dropped out nor past T yet
    alive = np.ones(n, dtype=bool)
    while buying.any():
        who = np.flatnonzero(buying)
        now[who] += rng.exponential(1.0 / rate[who])
        past = now[who] > T[who]
        buying[who[past]] = False
        bought = who[~past]
        x[bought] += 1
        t_x[bought] = now[bought]
        left = bought[rng.random(len(bought)) < drop[bought]]
        buying[left] = False
        alive[left] = False
    spend = np.zeros(n)
    if gamma_gamma is not None:
        scale = rng.gamma(gamma_gamma.q, 1.0 / gamma_gamma.v, n)
        repeat = x > 0
        # The sum of x purchases of Gamma(p, rate ν) is Gamma(p x, rate ν).
        spend[repeat] = rng.gamma(gamma_gamma.p * x[repeat], 1.0 / scale[repeat]) / x[repeat]
    return Simulated(x.astype(float), t_x, T, spend, alive)
