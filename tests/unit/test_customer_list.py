"""The customer list: one query with its filters, rows as tuples, sorting on the list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crm import clock
from crm.models import Membership
from crm.services import customer_list, customers, visits
from crm.services.customer_list import R_ARCHIVED, R_ID, R_LAST, R_NAME, R_REFERRER, R_SPEND, CustomerFilter
from tests.factories import community, customer


def buy(customer_id: int, days_ago: int, yuan: int) -> None:
    visits.log_visit(customer_id, yuan * 100, "purchase", at=clock.today() - timedelta(days=days_ago))


@pytest.fixture
def shop(db):
    wang = customers.create_customer("王丽", "13812345678", joined=date(2025, 1, 1), tags="老顾客").id
    zhang = customers.create_customer("张伟", "13900001111", joined=date(2025, 3, 1), referrer_id=wang).id
    li = customers.create_customer("李娜", "13700002222", tags=["宝妈", "团购"]).id
    zhao = customers.create_customer("赵敏", "13600003333").id
    chen = customers.create_customer("陈静", "13400005555").id
    for days_ago in (1, 10, 20, 30, 40, 50):
        buy(wang, days_ago, 100)
    buy(zhang, 5, 50)
    buy(li, 3, 80)
    customers.archive_customer(chen)
    return {"wang": wang, "zhang": zhang, "li": li, "zhao": zhao, "chen": chen}


def ids(flt: CustomerFilter = CustomerFilter(), sort=None) -> list[int]:  # noqa: B008 - frozen
    return [r[R_ID] for r in customer_list.load(flt, sort).rows]


def test_rows_carry_the_stored_figures_and_the_referrers_name(shop):
    result = customer_list.load(CustomerFilter())
    rows = {r[R_ID]: r for r in result.rows}
    assert set(rows) == {shop["wang"], shop["zhang"], shop["li"], shop["zhao"]}  # not the archived
    wang = rows[shop["wang"]]
    assert (wang[R_NAME], wang[R_LAST], wang[R_SPEND], wang[R_ARCHIVED]) == (
        "王丽",
        "2026-06-29",
        60000,
        False,
    )
    assert rows[shop["zhang"]][R_REFERRER] == "王丽"
    assert rows[shop["zhao"]][R_LAST] is None
    assert (result.region, result.currency) == ("CN", "CNY")


def test_each_filter_narrows_the_list(shop):
    assert ids(CustomerFilter(levels=frozenset({3}))) == [shop["wang"]]
    assert ids(CustomerFilter(tag="宝妈")) == [shop["li"]]
    assert ids(CustomerFilter(tag="宝")) == []  # a tag matches whole, not a part of 宝妈
    assert ids(CustomerFilter(text="zw")) == [shop["zhang"]]  # pinyin initials
    assert ids(CustomerFilter(text="3333")) == [shop["zhao"]]  # the last digits of a phone
    assert shop["chen"] in ids(CustomerFilter(include_archived=True))


def test_like_wildcards_are_searched_as_text(shop):
    assert ids(CustomerFilter(text="%")) == []
    assert ids(CustomerFilter(text="_")) == []


def test_a_community_lists_its_leader_and_current_members_and_big_c_only_leaders_and_flagged(db):
    leader, member, former, outsider = (customer(name) for name in ("赵敏", "张伟", "李娜", "王强"))
    group = community(leader, [member, former], created=date(2025, 1, 10))
    Membership.update(left=date(2026, 1, 1)).where(Membership.customer == former.id).execute()
    customers.set_big_c_flag(outsider.id, True)
    assert set(ids(CustomerFilter(community_id=group.id))) == {leader.id, member.id}
    assert set(ids(CustomerFilter(big_c_only=True))) == {leader.id, outsider.id}
    assert customer_list.load(CustomerFilter()).big_c == {leader.id, outsider.id}


def test_sorted_by_spend_or_by_last_purchase_with_never_bought_last(shop):
    assert ids(sort=("spend", True)) == [shop["wang"], shop["li"], shop["zhang"], shop["zhao"]]
    assert ids(sort=("last", True))[-1] == shop["zhao"]
    rows = customer_list.load(CustomerFilter()).rows
    by_name = customer_list.sorted_rows(rows, "name", False, set())
    assert [r[R_NAME] for r in by_name] == sorted(r[R_NAME] for r in rows)
    for sort in customer_list.SORTS:  # every column sorts, empty values included
        customer_list.sorted_rows(rows, sort, True, {shop["zhao"]})


def test_rows_of_some_customers_keep_the_filter(shop):
    wanted = [shop["wang"], shop["li"]]
    assert {r[R_ID] for r in customer_list.rows_of(CustomerFilter(), set(), wanted)} == set(wanted)
    assert [r[R_ID] for r in customer_list.rows_of(CustomerFilter(tag="宝妈"), set(), wanted)] == [shop["li"]]


def test_choices_are_the_tags_in_use_and_the_open_communities(db):
    a, b = customer("赵敏", tags=",宝妈,团购,"), customer("王强", tags=",宝妈,")
    open_group = community(a, [b], name="楼下宝妈群")
    closed = community(b, [], name="旧群")
    closed.archived = True
    closed.save()
    choices = customer_list.choices()
    assert choices.tags == sorted(["宝妈", "团购"])
    assert choices.communities == [(open_group.id, "楼下宝妈群")]


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("sort", customer_list.SORTS)
def test_the_first_screen_is_the_head_of_the_whole_list_for_every_sort(shop, sort, reverse):
    """The list shows the first rows read with LIMIT in SQL while the whole list loads: they
    must be the whole list's first rows, in its order, or rows would jump when it arrives."""
    for n in range(4):  # namesakes, equal spends and never-bought customers: ties to break
        customers.create_customer("王丽", f"1351234{n:04d}", tags="老顾客")
    for flt in (CustomerFilter(), CustomerFilter(tag="老顾客"), CustomerFilter(include_archived=True)):
        whole = customer_list.load(flt, (sort, reverse)).rows
        for limit in (1, 3, 100):
            first = customer_list.first_rows(flt, (sort, reverse), limit)
            assert first.rows == whole[:limit], (sort, reverse, flt, limit)
            assert first.big_c == customer_list.load(flt).big_c
        for size in (1, 2, 5):  # page after page, each read on from the last row of the one before
            pages: list[tuple] = []
            while True:
                page = customer_list.first_rows(flt, (sort, reverse), size, pages[-1] if pages else None)
                pages += page.rows
                if len(page.rows) < size:
                    break
            assert pages == whole, (sort, reverse, flt, size)


@pytest.mark.parametrize("sort", ["last", "spend", "days", "big_c"])
def test_a_customer_who_moves_between_pages_is_neither_shown_twice_nor_skipped(shop, sort):
    """The next page is read on from the values of the last row shown, not from a count of rows:
    a visit that moves a customer not yet shown up the order leaves every other customer shown
    once, none skipped (the one who moved shows where they now are once the list is read again)."""
    for n in range(6):
        customers.create_customer(f"周{n}", f"1361234{n:04d}")
    order = (sort, True)
    whole = [r[R_ID] for r in customer_list.load(CustomerFilter(), order).rows]
    shown = customer_list.first_rows(CustomerFilter(), order, 3).rows
    moved = whole[-1]  # not shown yet: a big purchase today puts them on top
    visits.log_visit(moved, 900_000, "purchase")
    rest: list[tuple] = []
    while True:
        page = customer_list.first_rows(CustomerFilter(), order, 2, (rest or shown)[-1])
        rest += page.rows
        if len(page.rows) < 2:
            break
    ids = [r[R_ID] for r in shown + rest]
    assert len(ids) == len(set(ids))
    assert set(whole) - {moved} <= set(ids)


def test_opening_the_app_loads_no_statistics_pinyin_or_phone_libraries(tmp_path):
    """The window opens on either landing page (the counter, the customer list) without scipy,
    numpy, pypinyin or the phone library (a third of a second and more of imports): they load
    when the lifetime models, a new name or a phone number not a Chinese mobile need them."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from crm.db import open_database\n"
        "open_database(sys.argv[1])\n"
        "from ui.main_window import build_window\n"
        "window = build_window(sys.argv[1], None, 'en')\n"
        "for page in ('counter', 'customers'):\n"
        "    window.show_page(page)\n"
        "print(sorted(m for m in ('scipy', 'numpy', 'pypinyin', 'phonenumbers') if m in sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "shop.db")], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("sort", customer_list.SORTS)
def test_the_end_of_the_list_read_backwards_is_the_tail_of_the_whole_list_for_every_sort(shop, sort, reverse):
    """End shows the last rows of a million from one short read, in the reversed order, and
    PageUp from there reads back from the first row shown; a drag to the middle reads past a
    number of rows from the nearer end. Each must be the whole list's rows at those places, ties
    and never-bought customers included."""
    for n in range(4):  # namesakes, equal spends and never-bought customers: ties to break
        customers.create_customer("王丽", f"1351234{n:04d}", tags="老顾客")
    for flt in (CustomerFilter(), CustomerFilter(tag="老顾客"), CustomerFilter(text="王 1234")):
        whole = customer_list.load(flt, (sort, reverse)).rows
        for limit in (1, 3, 100):
            last = customer_list.page(flt, (sort, reverse), limit, backward=True)
            assert last.rows == whole[-limit:], (sort, reverse, flt, limit)
        for size in (1, 2, 5):  # page after page up from the end, each before the first row read
            pages: list[tuple] = []
            while True:
                before = pages[0] if pages else None
                page = customer_list.page(flt, (sort, reverse), size, before, backward=True)
                pages[:0] = page.rows
                if len(page.rows) < size:
                    break
            assert pages == whole, (sort, reverse, flt, size)
        for skip in range(len(whole) + 1):
            ahead = customer_list.page(flt, (sort, reverse), 2, skip=skip)
            assert ahead.rows == whole[skip : skip + 2]
            back = customer_list.page(flt, (sort, reverse), 2, backward=True, skip=skip)
            assert back.rows == whole[max(0, len(whole) - skip - 2) : len(whole) - skip]
        if len(whole) > 2:
            after = customer_list.page(flt, (sort, reverse), 1, whole[0], skip=1)
            assert after.rows == [whole[2]]


def test_customers_who_never_bought_come_last_by_last_purchase_either_way(shop):
    never = customers.create_customer("钱多", "13312345678").id
    for reverse in (False, True):
        order = ids(sort=("last", reverse))
        assert set(order[-2:]) == {shop["zhao"], never}, reverse
        assert order[-2:] == sorted(order[-2:])  # among themselves by id, both ways
    assert ids(sort=("last", False))[:3] == [shop["zhang"], shop["li"], shop["wang"]]  # oldest first


def test_the_filter_takes_the_counters_combined_words(shop):
    """As at the counter: a name part or pinyin initials with digits narrow each other,
    in either order, with or without a space."""
    for text in ("王 5678", "5678 王", "王5678", "wl 5678", "5678 wl", "王丽 138"):
        assert ids(CustomerFilter(text=text)) == [shop["wang"]], text
    assert ids(CustomerFilter(text="王 1111")) == []
    assert ids(CustomerFilter(text="张 1111")) == [shop["zhang"]]
    assert customer_list.count(CustomerFilter(text="5678 王")) == 1
    assert ids(CustomerFilter(text="138 1234 5678")) == [shop["wang"]]  # one kind: one phone
