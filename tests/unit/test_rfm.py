"""RFM quintiles and segments."""

from hypothesis import given
from hypothesis import strategies as st

from crm.reports.rfm import SEGMENTS, quintiles, score, segment


def test_quintiles_split_ten_values_two_per_score():
    assert quintiles(list(range(10))) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_equal_values_share_a_score():
    assert quintiles([7, 7, 7, 7, 7]) == [1, 1, 1, 1, 1]
    assert quintiles([1, 2, 2, 2, 3]) == [1, 2, 2, 2, 5]


def test_recent_frequent_big_spender_is_a_champion():
    rows = [(i, 300 - i * 30, i + 1, (i + 1) * 1000) for i in range(10)]
    scores = score(rows)
    assert scores[9].code == "555" and scores[9].segment == "champions"
    assert scores[0].code == "111" and scores[0].segment == "hibernating"


def test_grid_names_every_cell():
    cells = {segment(r, f) for r in range(1, 6) for f in range(1, 6)}
    assert cells == set(SEGMENTS)
    assert segment(5, 1) == "new" and segment(1, 5) == "cant_lose" and segment(3, 3) == "need_attention"


@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=200))
def test_quintiles_are_monotone_and_in_range(values):
    scores = quintiles(values)
    assert all(1 <= s <= 5 for s in scores)
    pairs = sorted(zip(values, scores, strict=True))
    assert all(a[1] <= b[1] for a, b in zip(pairs, pairs[1:], strict=False))


@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 60)), max_size=200))
def test_segment_codes_name_the_segments_score_gives(rows):
    import numpy as np

    from crm.reports.rfm import segment_codes

    recency = np.array([r for r, _ in rows], dtype=np.int64)
    frequency = np.array([f for _, f in rows], dtype=np.int64)
    scores = score([(i, r, f, 0) for i, (r, f) in enumerate(rows)])
    assert [SEGMENTS[code] for code in segment_codes(recency, frequency)] == [
        scores[i].segment for i in range(len(rows))
    ]


@given(st.lists(st.integers(-(10**7), 10**7), min_size=1, max_size=100))
def test_array_quintiles_are_the_quintiles_of_any_whole_numbers(values):
    import numpy as np

    from crm.reports.rfm import _quintile_array

    array = np.array(values, dtype=np.int64)
    assert list(_quintile_array(array)) == quintiles(values)
    assert list(_quintile_array(array, larger_first=True)) == quintiles([-v for v in values])
