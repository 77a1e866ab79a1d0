"""The pure level engine (SPEC 2.1): every rule at its boundaries, explanations, pins."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.levels import (
    MICRO,
    NEVER_BOUGHT,
    NONE,
    STRONG,
    SUPER_STRONG,
    WEAK,
    Facts,
    Pin,
    Rules,
    compute,
    compute_arrays,
    compute_by_clauses,
    describe,
    describe_step,
    explain,
    level_of,
)


def f(days=0, since=None, conv=0, led=0):
    return Facts(purchase_days=days, days_since_last=since, active_referrals=conv, active_led_members=led)


@pytest.mark.parametrize(
    "facts, level",
    [
        (f(), NONE),
        (f(0, 400), NONE),  # lapsed: a purchase long ago but none in the window
        (f(1, 0), MICRO),
        (f(1, 300), MICRO),
        (f(2, 180), WEAK),
        (f(2, 181), MICRO),
        (f(5, 10), WEAK),  # 5 purchase days is not strong
        (f(6, 90), STRONG),  # 6 days, last 90 days ago: strong
        (f(6, 89), STRONG),
        (f(6, 91), WEAK),  # 91 days: no longer strong by frequency
        (f(2, 180, conv=1), STRONG),  # recommends the shop
        (f(2, 181, conv=1), MICRO),
        (f(1, 10, conv=1), MICRO),  # one purchase day is not enough even with a referral
        (f(6, 90, conv=3), SUPER_STRONG),
        (f(6, 90, conv=2), STRONG),
        (f(6, 90, led=5), SUPER_STRONG),
        (f(6, 90, led=4), STRONG),
        (f(2, 100, conv=3), SUPER_STRONG),  # strong by referral, and 3 converted
        (f(5, 100, conv=0, led=9), WEAK),  # leads a big group but is not strong: not super-strong
    ],
)
def test_default_rules_at_their_boundaries(facts, level):
    assert compute(facts) == level


def test_rules_are_settings():
    strict = Rules(strong_purchase_days=10)
    assert compute(f(6, 10)) == STRONG
    assert compute(f(6, 10), strict) == WEAK
    assert Rules.from_settings({"level.strong_purchase_days": 8, "shop_name": "x"}).strong_purchase_days == 8


facts_strategy = st.builds(
    Facts,
    purchase_days=st.integers(0, 400),
    days_since_last=st.one_of(st.none(), st.integers(0, 800)),
    active_referrals=st.integers(0, 10),
    active_led_members=st.integers(0, 20),
)
rules_strategy = st.builds(
    Rules,
    strong_purchase_days=st.integers(1, 20),
    strong_recent_days=st.integers(1, 365),
    weak_purchase_days=st.integers(1, 10),
    weak_recent_days=st.integers(1, 365),
    super_active_referrals=st.integers(1, 10),
    super_active_led_members=st.integers(1, 10),
)


@given(facts_strategy, rules_strategy)
def test_fast_rules_agree_with_the_explained_rules(facts, rules):
    assert compute(facts, rules) == compute_by_clauses(facts, rules)


every_rule_strategy = st.builds(
    Rules, **{name: st.integers(0, 400) for name in Rules.__dataclass_fields__ if name != "window_days"}
)


@settings(deadline=None)  # the first example imports numpy
@given(st.lists(facts_strategy, min_size=1, max_size=40), st.one_of(rules_strategy, every_rule_strategy))
def test_array_rules_agree_with_the_rules_customer_by_customer(shop, rules):
    import numpy as np

    def column(values):
        return np.array(values, dtype=np.int64)

    levels = compute_arrays(
        column([f.purchase_days for f in shop]),
        column([NEVER_BOUGHT if f.days_since_last is None else f.days_since_last for f in shop]),
        column([f.active_referrals for f in shop]),
        column([f.active_led_members for f in shop]),
        rules,
    )
    assert levels.tolist() == [compute(f, rules) for f in shop]


@given(facts_strategy)
def test_more_purchase_days_never_lowers_the_level(facts):
    more = Facts(
        facts.purchase_days + 1, facts.days_since_last, facts.active_referrals, facts.active_led_members
    )
    assert compute(more) >= compute(facts)


@given(facts_strategy)
def test_explanation_reasons_are_met_and_next_steps_lead_higher(facts):
    e = explain(facts)
    assert e.level == compute(facts)
    assert all(clause.met for clause in e.reasons)
    assert [s.level for s in e.next_steps] == list(range(e.level + 1, SUPER_STRONG + 1))
    for step in e.next_steps:
        assert step.missing or step.needs_lower


def test_explanation_reads_like_the_spec():
    e = explain(f(9, 12))
    assert describe(e) == "Strong — 9 purchase days in the last 365 (≥ 6), last purchase 12 days ago (≤ 90)"
    assert "强关系" in describe(e, zh=True)
    up = e.next_steps[0]
    assert up.level == SUPER_STRONG
    assert describe_step(up) == "for Super-strong: 3 more active referrals"


def test_next_step_counts_what_is_missing():
    e = explain(f(6, 20, conv=1))
    assert describe_step(e.next_steps[0]) == "for Super-strong: 2 more active referrals"
    micro = explain(f(1, 20))
    weak_step = micro.next_steps[0]
    assert weak_step.gaps() == [("purchase_days", 1)]
    lapsed = explain(f(3, 200))
    assert ("days_since_last", None) in lapsed.next_steps[0].gaps()


def test_super_strong_step_says_strong_comes_first():
    e = explain(f(2, 30, led=6))
    assert e.level == WEAK
    step = e.next_steps[-1]
    assert step.level == SUPER_STRONG and step.needs_lower


def test_pin_overrides_while_it_lasts():
    pin = Pin(SUPER_STRONG, "partner shop owner", since=date(2026, 1, 1), until=date(2026, 3, 31))
    assert level_of(f(), pin=pin, as_of=date(2026, 3, 31)) == SUPER_STRONG
    assert level_of(f(), pin=pin, as_of=date(2026, 4, 1)) == NONE
    assert level_of(f(), pin=pin, as_of=date(2025, 12, 31)) == NONE
    e = explain(f(1, 3), pin=pin, as_of=date(2026, 2, 1))
    assert e.level == SUPER_STRONG and e.computed == MICRO
    assert "pinned (partner shop owner)" in describe(e)


def test_explanation_names_each_fact_once_with_the_stricter_rule():
    e = explain(f(79, 1, conv=16))
    assert describe(e) == (
        "Super-strong — 79 purchase days in the last 365 (≥ 6), last purchase 1 day ago (≤ 90), "
        "16 active referrals (≥ 3)"
    )
    by_referral = explain(f(2, 100, conv=3))
    text = describe(by_referral)
    assert text.count("active referrals") == 1 and "(≥ 3)" in text
