"""What the counter needs of search, on either engine: among matches of equal quality the
customer most likely at the counter first (recent, then regular, buyers before lapsed
ones; one just added too), a surname or initials with digits narrowing the list, and how
many matched when only some are shown."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.models import Customer
from crm.pinyin import search_key
from crm.services import search_parts
from crm.services.customers import create_customer
from crm.services.search import classify, find, normalize_term, search
from tests.conftest import TODAY  # the day the db fixture fixes the clock at
from tests.unit.test_search import _counter_order


def _customer(name, phone, *, last=None, days=0, joined=datetime.date(2023, 1, 1), code=None):
    made = create_customer(name, phone, code=code)
    Customer.update(last_purchase=last, purchase_days=days, joined=joined).where(
        Customer.id == made.id
    ).execute()
    return made.id


@pytest.fixture
def tail_shop(db):
    """Forty customers whose phones end in 8895, most with earlier surnames in code point order."""
    ids = {}
    for i in range(40):
        surname = "丁仇余刘方"[i % 5]
        last = TODAY - datetime.timedelta(days=100 + i)
        ids[f"{surname}{i}"] = _customer(f"{surname}某{i}", f"138{i:04d}8895", last=last)
    return ids


def test_recent_buyers_come_first_among_phone_tails(tail_shop):
    wang = _customer("王颖瑶", "15623078895", last=TODAY - datetime.timedelta(days=2), days=3)
    lapsed = _customer("丁老", "13911118895", last=datetime.date(2023, 2, 1), days=1)
    hits = search("8895", limit=30)
    assert hits[0].id == wang and hits[0].match == "phone_tail"
    assert lapsed not in [h.id for h in hits]  # long lapsed: below the other 40


def test_a_purchase_logged_moves_the_buyer_to_the_front_of_their_rank(tail_shop):
    """The order's columns are the customer's own, kept by the visit's level refresh."""
    from crm.services.visits import log_visit

    lapsed = _customer("丁老", "13911118895", last=datetime.date(2023, 2, 1), days=1)
    assert search("8895", limit=50)[-1].id == lapsed  # last seen long ago: after the other 40
    log_visit(lapsed, 1500, at=TODAY)
    hits = search("8895", limit=50)
    assert hits[0].id == lapsed and hits[0].match == "phone_tail"


def test_a_customer_just_added_is_listed_first_for_their_last_four(tail_shop):
    new = create_customer("赵新", "13900001234")
    for i in range(40):
        _customer(f"丁{i}", f"13{i:03d}881234", last=TODAY - datetime.timedelta(days=30))
    assert search("1234", limit=30)[0].id == new.id


def test_on_the_same_day_regulars_come_first_then_by_name(db):
    day = TODAY - datetime.timedelta(days=1)
    once = _customer("丁一", "13800008895", last=day, days=1)
    regular = _customer("王二", "13800018895", last=day, days=12)
    also_once = _customer("丁三", "13800028895", last=day, days=1)
    assert [h.id for h in search("8895")] == [regular, once, also_once]


@pytest.mark.parametrize("typed", ["王 8895", "8895 王", "王8895", "王颖 8895", "wyy 8895", "8895 wyy"])
def test_a_surname_or_initials_with_digits_narrow_the_list(tail_shop, typed):
    wang = _customer("王颖瑶", "15623078895", last=datetime.date(2024, 1, 1))
    _customer("王丽", "15623071111", last=TODAY)  # 王 without the digits
    _customer("汪洋", "15623078896", last=TODAY)  # wy, other digits
    found = find(typed, limit=30)
    assert [h.id for h in found.hits] == [wang]
    assert found.total == 1 and not found.more


def test_a_surname_with_digits_ranks_a_name_start_first(db):
    inside = _customer("李王", "13800008895", last=TODAY)
    start = _customer("王李", "13800018895", last=datetime.date(2024, 1, 1))
    assert [h.id for h in search("王 8895")] == [start, inside]


def test_words_of_one_kind_stay_one_term(db):
    phone = _customer("王丽", "13812345678")
    latin = _customer("Anna Lee", "13900001111")
    assert search_parts.parts("138 1234 5678", normalize_term) == []
    assert [h.id for h in search("138 1234 5678")] == [phone]
    assert [h.id for h in search("anna lee")] == [latin]
    assert [h.id for h in search("王 丽")] == [phone]


def test_the_count_says_how_many_matched_when_only_some_are_shown(tail_shop):
    found = find("8895", limit=30)
    assert len(found.hits) == 30 and found.more and found.total == 40
    everyone = find("8895", limit=50)
    assert len(everyone.hits) == 40 and not everyone.more and everyone.total == 40


def _holding_every_part(split, include_archived=False):
    rows = Customer.select(
        Customer.id, Customer.search_key, Customer.joined, Customer.last_purchase, Customer.purchase_days
    ).where(~Customer.erased, Customer.archived == include_archived)
    out = []
    for cid, key, joined, last, days in rows.tuples():
        if all(part in key for part in split):
            rank = sum(classify(key, part)[0] for part in split)
            out.append((rank, _counter_order(joined, last, days, key, cid)))
    return [order[-1] for _, order in sorted(out)]


@pytest.fixture
def mixed_shop(db):
    import random

    rng = random.Random(3)
    rows = []
    for i in range(150):
        name = rng.choice(["王", "汪", "李", "丁", "王李"]) + rng.choice(["颖", "丽", "伟", "瑶", ""]) + "某"
        phone = f"+86138{rng.randrange(100):02d}{rng.choice(['8895', '1234', '0889', '9588'])}{i:02d}"[:14]
        rows.append(
            dict(
                code=f"C{i:05d}",
                name=name,
                phone=phone,
                joined=rng.choice(["2024-01-01", "2025-06-01"]),
                last_purchase=rng.choice([None, "2025-01-01", "2025-06-02", "2025-06-03"]),
                purchase_days=rng.choice([0, 2, 9]),
                search_key=search_key(name, phone, f"C{i:05d}", None),
            )
        )
    Customer.insert_many(rows).execute()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(["王", "汪", "李", "王李", "颖", "wy", "wl", "lw"]),
    digits=st.text("0123456789", min_size=1, max_size=4),
    digits_first=st.booleans(),
    limit=st.integers(1, 40),
    cap=st.sampled_from([2000, 500, 3]),
)
def test_any_name_part_with_digits_ranks_like_ranking_every_holder(
    mixed_shop, monkeypatch, name, digits, digits_first, limit, cap
):
    # a small cap makes the surnames common and the digits' matches too many to rank all:
    # the holders are then read most recent first
    from crm.services import search_pg, search_sqlite

    monkeypatch.setattr(search_pg, "CAP", cap)
    monkeypatch.setattr(search_sqlite, "FTS_CAP", cap)
    typed = f"{digits} {name}" if digits_first else f"{name} {digits}"
    split = search_parts.parts(typed, normalize_term)
    expected = _holding_every_part(split)
    found = find(typed, limit=limit)
    if not expected:  # nothing holds both: the whole term is searched as one
        assert found.hits == search(normalize_term(typed), limit)
        return
    got = [h.id for h in found.hits]
    if found.total is not None:  # every holder was ranked
        assert got == expected[:limit] and found.total == len(expected)
        assert found.more == (len(expected) > limit)
    else:  # too many to rank all: the most recent holders, ranked
        assert set(got) <= set(expected) and got == sorted(got, key=expected.index) and found.more


def _holding(text, include_archived=False):
    """How many customers a term matches: every match holds it in the key."""
    rows = Customer.select(Customer.search_key).where(~Customer.erased)
    if not include_archived:
        rows = rows.where(~Customer.archived)
    return sum(text in key for (key,) in rows.tuples())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    term=st.text(alphabet="王汪李颖丽wylc0123895", min_size=1, max_size=4).filter(
        lambda term: not search_parts.parts(term, normalize_term)
    ),
    limit=st.integers(1, 60),
    caps=st.sampled_from([(1000, 2000), (5, 5), (3, 12), (40, 0)]),
)
def test_the_count_is_how_many_match_or_more_than_the_cap(mixed_shop, monkeypatch, term, limit, caps):
    """Whichever way the count is learnt (an index that counted a dense rule, the trigram
    table, the Chinese characters' index), it is the number of customers the term matches,
    or says there are more than COUNT_CAP, and only when there are."""
    from crm.services import search as search_module
    from crm.services import search_pg, search_sqlite

    count_cap, cap = caps
    monkeypatch.setattr(search_module, "COUNT_CAP", count_cap)
    monkeypatch.setattr(search_pg, "CAP", cap)
    monkeypatch.setattr(search_sqlite, "FTS_CAP", cap)
    found = find(term, limit=limit)
    holding = _holding(normalize_term(term))
    assert len(found.hits) == min(limit, holding)
    if len(found.hits) < limit:
        assert found.total == holding and not found.more
    elif found.total is None:  # no index counts one letter or digit: "only the best are shown"
        assert found.more
    elif found.total > count_cap:
        assert holding > count_cap and found.more
    else:
        assert found.total == holding and found.more == (holding > limit)


def test_more_than_a_thousand_matches_are_more_than_a_thousand(db):
    rows = [
        dict(code=f"C{i:05d}", name="王某", phone=f"+86138{i:04d}8895", joined="2024-01-01")
        for i in range(1001)
    ]
    for row in rows:
        row["search_key"] = search_key(row["name"], row["phone"], row["code"], None)
    Customer.insert_many(rows).execute()
    found = find("8895", limit=30)
    assert len(found.hits) == 30 and found.more and found.total > 1000
    assert find("王", limit=30).total > 1000


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    term=st.text(alphabet="王汪李颖丽某 wylc0123895", min_size=1, max_size=7).filter(lambda t: t.strip()),
    few=st.sampled_from([5000, 3]),
)
def test_the_customer_list_filter_matches_whom_the_counter_finds(mixed_shop, monkeypatch, term, few):
    """The Customers page's filter reads what is typed as the counter does (one implementation):
    the customers it lists are the counter's matches, whether the trigram table or the planner
    narrows the words first (``few``: as many as the list takes from the table)."""
    from crm.services import customer_list
    from crm.services.customer_list import R_ID, CustomerFilter

    monkeypatch.setattr(search_parts, "FEW_HOLDERS", few)
    counter = {hit.id for hit in find(term, limit=1000, include_archived=True).hits}
    listed = customer_list.load(CustomerFilter(text=term, include_archived=True)).rows
    assert {row[R_ID] for row in listed} == counter
    assert customer_list.count(CustomerFilter(text=term, include_archived=True)) == len(counter)
