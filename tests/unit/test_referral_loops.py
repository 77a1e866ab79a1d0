"""The one walk that refuses a referral loop (crm.services.referral_loops)."""

from __future__ import annotations

from hypothesis import event, given
from hypothesis import strategies as st

from crm.services.referral_loops import referral_loop


def has_cycle(referrer: dict[int, int | None]) -> bool:
    """Counting steps, not remembering who was met: a chain longer than the people has a loop."""
    for start in referrer:
        node, steps = start, 0
        while node is not None:
            steps += 1
            if steps > len(referrer):
                return True
            node = referrer.get(node)
    return False


forests = st.lists(st.integers(min_value=-1, max_value=40), min_size=1, max_size=15).map(
    # Each person's referrer is someone before them, or nobody: a forest.
    lambda picks: {i: (pick % i if i and pick >= 0 else None) for i, pick in enumerate(picks)}
)
proposals = st.lists(st.tuples(st.integers(0, 14), st.integers(-1, 14)), max_size=30)


@given(forests, proposals)
def test_a_forest_never_accepts_a_loop(referrer, attempts):
    for who, proposed in attempts:
        who %= len(referrer)
        new = None if proposed < 0 else proposed % len(referrer)
        loop = referral_loop(who, new, referrer.get)
        if loop is None:
            event("accepted")
            referrer[who] = new
        else:
            event("refused")
            # The loop runs from the customer up through real referrals back to them.
            assert loop[0] == loop[-1] == who
            assert loop[1] == new
            assert all(referrer[a] == b for a, b in zip(loop[1:-1], loop[2:], strict=True))
        assert not has_cycle(referrer)


@given(forests, st.integers(0, 14), st.integers(0, 14))
def test_a_referrer_below_the_customer_closes_a_loop_and_one_elsewhere_does_not(referrer, who, other):
    who, other = who % len(referrer), other % len(referrer)
    below = other == who
    node = referrer[other]
    while node is not None and not below:
        below = node == who
        node = referrer[node]
    assert (referral_loop(who, other, referrer.get) is not None) == below


def test_self_referral_is_a_loop_of_one():
    assert referral_loop("王丽", "王丽", {}.get) == ["王丽", "王丽"]


def test_a_loop_already_above_ends_the_walk_at_the_first_one_met_twice():
    referrer = {"B": "C", "C": "D", "D": "C"}  # damaged data: C and D refer each other
    assert referral_loop("A", "B", referrer.get) == ["A", "B", "C", "D", "C"]
    assert referral_loop("A", "Z", referrer.get) is None
