"""The lifetime models on their own (crm/lifetime): the fits recover the parameters of data
simulated from them, the predictions agree with the model worked out by brute force, and they
behave as probabilities and counts must."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.lifetime import FitFailed, bgnbd, gamma_gamma, simulate, value
from crm.lifetime.bgnbd import BgNbd
from crm.lifetime.gamma_gamma import GammaGamma

# Recovery: maximum likelihood estimates are asymptotically normal around the truth with the
# standard errors of the inverse observed information. A fixed seed makes each run the same;
# four standard errors leave a chance of 6 in 100,000 per parameter that a correct likelihood
# misses on some seed, so a miss means a wrong likelihood, not bad luck. The sample is sized so
# every standard error is under a fifth of its parameter: a likelihood off by a factor in any
# parameter (a wrong sign, a term dropped) lands many standard errors away.
WITHIN_SE = 4.0
MAX_RELATIVE_SE = 0.2


@pytest.mark.parametrize(
    ("truth", "seed"),
    [
        (BgNbd(r=0.5, alpha=8.0, a=0.8, b=2.5), 11),  # CDNOW-like: most leave, slow buyers
        (BgNbd(r=2.0, alpha=10.0, a=1.5, b=6.0), 12),  # loyal, regular buyers (a > 1)
    ],
)
def test_bgnbd_fit_recovers_the_parameters_of_simulated_customers(truth, seed):
    rng = np.random.default_rng(seed)
    people = simulate.customers(rng, truth, rng.uniform(26, 104, 8000))  # joined 6 to 24 months ago
    found = bgnbd.fit(people.x, people.t_x, people.T)
    errors = bgnbd.standard_errors(found.params, people.x, people.t_x, people.T)
    for name, error in errors.items():
        true, estimate = getattr(truth, name), getattr(found.params, name)
        assert error < MAX_RELATIVE_SE * true, (name, error)
        assert abs(estimate - true) < WITHIN_SE * error, (name, estimate, true, error)
    # The maximum is a maximum: the truth is no more likely than the estimate.
    assert found.log_likelihood >= bgnbd.log_likelihood(truth, people.x, people.t_x, people.T)


def test_gamma_gamma_fit_recovers_the_parameters_of_simulated_spend():
    truth = GammaGamma(p=4.0, q=3.0, v=40.0)
    rng = np.random.default_rng(21)
    people = simulate.customers(rng, BgNbd(0.8, 6.0, 0.6, 3.0), rng.uniform(26, 104, 6000), truth)
    found = gamma_gamma.fit(people.x, people.spend)
    assert found.customers == np.count_nonzero(people.x >= 1)
    errors = gamma_gamma.standard_errors(found.params, people.x, people.spend)
    for name, error in errors.items():
        true, estimate = getattr(truth, name), getattr(found.params, name)
        assert error < MAX_RELATIVE_SE * true, (name, error)
        assert abs(estimate - true) < WITHIN_SE * error, (name, estimate, true, error)


def test_the_analytic_gradients_are_the_slopes_of_the_likelihoods():
    rng = np.random.default_rng(3)
    people = simulate.customers(
        rng, BgNbd(0.5, 8.0, 0.8, 2.5), rng.uniform(10, 60, 500), GammaGamma(3, 4, 20)
    )
    for negative, at in (
        (bgnbd._negative(*bgnbd._compressed(people.x, people.t_x, people.T)), np.array([0.4, 6.0, 0.9, 2.0])),
        (gamma_gamma._negative(*gamma_gamma._usable(people.x, people.spend)), np.array([2.0, 3.5, 25.0])),
    ):
        gradient = negative(at)[1]
        for i, step in enumerate(1e-6 * at):
            up, down = at.copy(), at.copy()
            up[i] += step
            down[i] -= step
            slope = (negative(up)[0] - negative(down)[0]) / (2 * step)
            assert slope == pytest.approx(gradient[i], rel=1e-5, abs=1e-6)


def _posterior_check(params: BgNbd, x: int, t_x: float, T: float, t: float):
    """P(alive) and the purchases expected in t weeks, by brute force: draw (λ, p) from the
    prior, weigh each draw by the likelihood of the customer's history, alive (no drop-out in x
    repeat purchases, none since t_x) or gone (dropped out at the last one), and average what an
    alive customer with that λ and p buys in t weeks, (1 − e^(−λpt))/p. Gives the two ratios and
    their Monte Carlo standard errors (delta method)."""
    rng = np.random.default_rng(99)
    n = 2_000_000
    lam = rng.gamma(params.r, 1 / params.alpha, n)
    p = rng.beta(params.a, params.b, n)
    alive = (1 - p) ** x * lam**x * np.exp(-lam * T)
    gone = p * (1 - p) ** (x - 1) * lam**x * np.exp(-lam * t_x) if x > 0 else np.zeros(n)
    weight = alive + gone
    ahead = alive * -np.expm1(-lam * p * t) / p
    results = []
    for top in (alive, ahead):
        ratio = top.mean() / weight.mean()
        error = np.std(top - ratio * weight) / weight.mean() / np.sqrt(n)
        results.append((ratio, error))
    return results


@pytest.mark.parametrize(
    ("x", "t_x", "T"),
    [(0, 0.0, 0.0), (0, 0.0, 30.0), (2, 10.0, 30.0), (5, 28.0, 30.0), (5, 5.0, 30.0), (12, 40.0, 52.0)],
)
def test_p_alive_and_expected_purchases_match_the_model_worked_out_by_brute_force(x, t_x, T):
    params = BgNbd(r=0.6, alpha=6.0, a=0.7, b=2.8)
    (alive, alive_error), (ahead, ahead_error) = _posterior_check(params, x, t_x, T, t=13.0)
    assert bgnbd.p_alive(params, x, t_x, T) == pytest.approx(alive, abs=4 * alive_error + 1e-12)
    assert bgnbd.expected_purchases(params, 13.0, x, t_x, T) == pytest.approx(ahead, abs=4 * ahead_error)


def test_many_purchases_do_not_overflow_the_forecast():
    params = BgNbd(r=0.3, alpha=2.0, a=0.2, b=2.6)
    ahead = bgnbd.expected_purchases(params, 52.0, [500, 2000], [150.0, 156.0], [156.0, 156.0])
    assert np.all(np.isfinite(ahead)) and np.all(ahead > 0)
    # A customer who bought on every weekday of three years keeps buying at that rate.
    assert ahead[1] == pytest.approx(52 * 2000 / 156, rel=0.1)


@st.composite
def histories(draw):
    params = BgNbd(
        r=draw(st.floats(0.05, 5.0)),
        alpha=draw(st.floats(0.5, 50.0)),
        a=draw(st.floats(0.05, 5.0)),
        b=draw(st.floats(0.05, 10.0)),
    )
    x = draw(st.integers(0, 60))
    T = draw(st.floats(0.0, 200.0))
    t_x = draw(st.floats(0.0, T)) if x > 0 else 0.0
    return params, x, t_x, T


@settings(max_examples=300, deadline=None)
@given(histories(), st.floats(0.0, 200.0))
def test_p_alive_is_a_probability_one_without_repeat_purchases_falling_with_silence(history, later):
    params, x, t_x, T = history
    alive = float(bgnbd.p_alive(params, x, t_x, T))
    assert 0.0 <= alive <= 1.0
    if x == 0:
        assert alive == 1.0  # the model lets customers leave only after a repeat purchase
    else:
        assert float(bgnbd.p_alive(params, x, t_x, T + later)) <= alive


@settings(max_examples=300, deadline=None)
@given(histories(), st.floats(0.01, 100.0), st.floats(0.01, 100.0))
def test_expected_purchases_are_positive_and_grow_with_the_horizon(history, t, more):
    params, x, t_x, T = history
    sooner = float(bgnbd.expected_purchases(params, t, x, t_x, T))
    later = float(bgnbd.expected_purchases(params, t + more, x, t_x, T))
    assert np.isfinite(sooner) and np.isfinite(later)
    assert sooner >= 0.0
    assert later >= sooner * (1 - 1e-9)


@settings(max_examples=200, deadline=None)
@given(
    st.floats(0.1, 20.0),
    st.floats(1.01, 20.0),
    st.floats(0.1, 500.0),
    st.integers(0, 50),
    st.floats(0.01, 5000.0),
)
def test_expected_spend_lies_between_the_shops_mean_and_the_customers_own(p, q, v, x, spend):
    params = GammaGamma(p, q, v)
    expected = float(gamma_gamma.expected_spend(params, x, spend))
    low, high = sorted((params.mean_spend, spend if x else params.mean_spend))
    assert low * (1 - 1e-9) <= expected <= high * (1 + 1e-9)


def test_twelve_month_value_is_each_months_purchases_times_spend_discounted():
    params = BgNbd(r=0.6, alpha=6.0, a=0.7, b=2.8)
    x, t_x, T = np.array([0.0, 3.0, 8.0]), np.array([0.0, 20.0, 50.0]), np.array([10.0, 40.0, 52.0])
    months = value.monthly_purchases(params, x, t_x, T)
    assert months.shape == (3, 12) and np.all(months > 0)
    year = bgnbd.expected_purchases(params, 12 * value.MONTH_WEEKS, x, t_x, T)
    assert months.sum(axis=1) == pytest.approx(year)
    spend = np.array([50.0, 80.0, 120.0])
    assert value.discounted_value(params, x, t_x, T, spend, 0.0) == pytest.approx(year * spend)
    by_hand = sum(months[:, k] * spend / 1.02 ** (k + 1) for k in range(12))
    assert value.discounted_value(params, x, t_x, T, spend, 0.02) == pytest.approx(by_hand)


def test_a_shop_where_nobody_differs_and_nobody_leaves_has_no_maximum():
    # 300 customers who each bought every week for a year: no spread of rates, no drop-outs,
    # so the likelihood climbs without end as the Gamma and Beta sharpen; that is not a fit.
    x = np.full(300, 52.0)
    with pytest.raises(FitFailed):
        bgnbd.fit(x, np.full(300, 52.0), np.full(300, 52.0))


def test_spend_without_a_finite_mean_is_refused():
    # Customers' spend scales drawn with q = 0.8: the likelihood peaks at q < 1, where the shop's
    # mean spend p v / (q − 1) does not exist, so there is nothing to shrink a customer towards.
    rng = np.random.default_rng(5)
    people = simulate.customers(
        rng, BgNbd(0.8, 6.0, 0.6, 3.0), rng.uniform(26, 104, 6000), GammaGamma(3, 0.8, 40)
    )
    with pytest.raises(FitFailed, match="no finite mean"):
        gamma_gamma.fit(people.x, people.spend)


def test_spend_running_off_along_a_ridge_is_refused():
    # Pareto-tailed spend: the Gamma-Gamma likelihood keeps rising as p grows without end.
    rng = np.random.default_rng(5)
    x = rng.integers(1, 4, 2000).astype(float)
    with pytest.raises(FitFailed):
        gamma_gamma.fit(x, (rng.pareto(0.8, 2000) + 1) * 10)


@settings(max_examples=300, deadline=None)
@given(
    r=st.floats(0.05, 5.0),
    alpha=st.floats(0.5, 50.0),
    a=st.floats(0.05, 5.0),
    b=st.floats(0.05, 10.0),
    x=st.integers(1, 60),
    t_x=st.floats(0.1, 200.0),
    threshold=st.floats(0.01, 0.99),
)
def test_the_day_p_alive_falls_under_a_threshold_is_where_it_crosses(r, alpha, a, b, x, t_x, threshold):
    """weeks_until_below solves equation (13) for T: under the threshold just after it, not
    under it just before (unless under it at the last purchase already, when it is t_x)."""
    params = BgNbd(r, alpha, a, b)
    crossing = float(bgnbd.weeks_until_below(params, threshold, [x], [t_x])[0])
    assert crossing >= t_x
    after = float(bgnbd.p_alive(params, [x], [t_x], [crossing * (1 + 1e-6) + 1e-6])[0])
    assert after < threshold + 1e-9
    if crossing > t_x * (1 + 1e-6) + 1e-6:
        before = float(bgnbd.p_alive(params, [x], [t_x], [crossing * (1 - 1e-6) - 1e-6])[0])
        assert before >= threshold - 1e-9
    else:  # under it at the last purchase already
        assert float(bgnbd.p_alive(params, [x], [t_x], [t_x])[0]) <= threshold + 1e-9


def test_nobody_crosses_a_zero_threshold_and_a_customer_without_repeat_never_does():
    params = BgNbd(0.8, 5.0, 0.7, 3.0)
    assert np.isinf(bgnbd.weeks_until_below(params, 0.0, [3], [10.0])).all()
    assert np.isinf(bgnbd.weeks_until_below(params, 0.5, [0], [0.0])).all()
    assert bgnbd.weeks_until_below(params, 1.0, [3], [10.0])[0] == pytest.approx(10.0)
