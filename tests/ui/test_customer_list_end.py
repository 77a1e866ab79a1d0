"""The customer list at its end: End, Ctrl+End, PageUp, Home and the scroll bar on a list held in
part (a chain's million customers, here a few hundred with small pages), in every order."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from crm import clock
from crm.models import Customer
from crm.pinyin import search_key
from crm.services import customer_list
from crm.services.customer_list import R_ID, CustomerFilter
from ui.context import AppContext
from ui.models.customer_table import PLACEHOLDER, CustomerTableModel
from ui.views.customer_list import CustomerListView
from ui.views.customers import CustomersView

M = CustomerTableModel
CUSTOMERS = 400


@pytest.fixture
def big_shop(db, monkeypatch):
    """Four hundred customers with ties (equal days, spends, levels, namesakes) and some who
    never bought; the list reads 30 rows first and 40 around a line shown, so it is held in part."""
    rng = random.Random(7)
    today = clock.today()
    rows = []
    for i in range(CUSTOMERS):
        name = rng.choice(["王", "李", "张", "赵"]) + rng.choice(["丽", "伟", "颖", ""]) + "某"

        phone = f"+86138{i:04d}{rng.choice(['8895', '1234'])}"
        bought = rng.random() < 0.7
        rows.append(
            dict(
                code=f"C{i:05d}",
                name=name,
                phone=phone,
                joined=date(2024, 1, 1),
                last_purchase=today - timedelta(days=rng.randrange(30)) if bought else None,
                purchase_days=rng.randrange(4) if bought else 0,
                spend_365=rng.choice([0, 5000, 12000]) if bought else 0,
                level=rng.randrange(5) if bought else 0,
                tags=rng.choice(["", ",宝妈,", ",团购,"]),
                search_key=search_key(name, phone, f"C{i:05d}", None),
            )
        )
    Customer.insert_many(rows).execute()
    monkeypatch.setattr(CustomerListView, "FIRST_ROWS", 30)
    monkeypatch.setattr(CustomerListView, "WINDOW_ROWS", 40)
    monkeypatch.setattr(CustomerListView, "SYNC_SORT_ROWS", 0)  # sorted in SQL, as a big list is


def open_list(qtbot) -> CustomersView:
    view = CustomersView(AppContext("test"))
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitUntil(lambda: not view.list.loading() and view.list.model.rowCount() > 0, timeout=10_000)
    return view


def whole(view: CustomersView) -> list[int]:
    """The ids of the whole list in the page's filter and order, read at once."""
    flt, sort = view.list._asked()
    return [row[R_ID] for row in customer_list.load(flt, sort).rows]


def shown_lines(view: CustomersView) -> range:
    table = view.list.table
    top = table.rowAt(0)
    bottom = table.rowAt(table.viewport().height() - 1)
    return range(top, (bottom if bottom >= 0 else view.list.model.rowCount() - 1) + 1)


def wait_shown(qtbot, view: CustomersView) -> list[int]:
    """Wait until every line shown holds its customer; their ids."""
    model = view.list.model

    def ready() -> bool:
        view.list.table.viewport().repaint()  # asks for the lines shown, as a screen does
        return not view.list.loading() and all(model.is_read(n) for n in shown_lines(view))

    qtbot.waitUntil(ready, timeout=10_000)
    return [model.customer_id(n) for n in shown_lines(view)]


def current_customer(view: CustomersView) -> int | None:
    return view.list.model.customer_id(view.list.table.currentIndex().row())


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier])
def test_end_shows_the_last_customers_of_the_list_and_opens_the_last_one(big_shop, qtbot, modifier):
    view = open_list(qtbot)
    model, table = view.list.model, view.list.table
    order = whole(view)
    assert model.rowCount() == len(order) == CUSTOMERS  # a line for everyone
    assert model.held() == 30  # only the first rows read
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_End, modifier)
    ids = wait_shown(qtbot, view)
    assert table.currentIndex().row() == CUSTOMERS - 1 and table.currentIndex().column() >= 0
    assert current_customer(view) == order[-1]
    assert ids == order[shown_lines(view).start :]
    assert model.held() < CUSTOMERS / 2  # the middle of the list was never read
    assert [model.customer_id(i.row()) for i in table.selectionModel().selectedRows()] == [order[-1]]
    opened: list[int] = []
    view.list.customer_opened.connect(opened.append)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened == [order[-1]]


def test_page_up_from_the_end_reads_back_and_home_returns_to_the_start(big_shop, qtbot, qtmodeltester):
    view = open_list(qtbot)
    model, table = view.list.model, view.list.table
    order = whole(view)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_End)
    wait_shown(qtbot, view)
    for _ in range(4):  # past the rows read with the end
        qtbot.keyClick(table, Qt.Key.Key_PageUp)
        ids = wait_shown(qtbot, view)
        assert ids == order[shown_lines(view).start : shown_lines(view).stop]
        assert current_customer(view) == order[table.currentIndex().row()]
    assert model.held() < CUSTOMERS
    qtbot.keyClick(table, Qt.Key.Key_Home)
    ids = wait_shown(qtbot, view)
    assert table.currentIndex().row() == 0 and current_customer(view) == order[0]
    assert ids == order[: len(ids)]
    qtmodeltester.check(model)


def test_the_scroll_bar_dragged_to_the_bottom_or_the_middle_shows_those_customers(big_shop, qtbot):
    view = open_list(qtbot)
    model, bar = view.list.model, view.list.table.verticalScrollBar()
    order = whole(view)
    bar.setValue(bar.maximum())
    ids = wait_shown(qtbot, view)
    assert ids[-1] == order[-1] and ids == order[-len(ids) :]
    bar.setValue(bar.maximum() // 2)  # far from any row read: read past the rows before it
    ids = wait_shown(qtbot, view)
    start = shown_lines(view).start
    assert 100 < start < 300 and ids == order[start : start + len(ids)]
    assert model.held() < CUSTOMERS
    bar.setValue(bar.value() - 3)  # a little up: read back from the first row held
    ids = wait_shown(qtbot, view)
    assert ids == order[shown_lines(view).start : shown_lines(view).stop]


@pytest.mark.parametrize("column", range(len(M.COLUMNS)))
def test_end_shows_the_last_customers_in_every_order(big_shop, qtbot, column):
    """Each column sorted both ways (ties by id, never-bought last by last purchase either way):
    End shows the order's last customers, the current one the very last."""
    view = open_list(qtbot)
    table, header = view.list.table, view.list.table.horizontalHeader()
    for _ in range(2):  # the first click's order, then the other way
        view.list._header_clicked(column)
        qtbot.waitUntil(lambda: not view.list.loading(), timeout=10_000)
        order = whole(view)
        assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == view.list.order
        table.setFocus()
        qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        ids = wait_shown(qtbot, view)
        assert ids == order[-len(ids) :] and current_customer(view) == order[-1]
        if column == M.COL_LAST:
            assert model_value(view, CUSTOMERS - 1, M.COL_LAST) == ""  # never bought: last
        qtbot.keyClick(table, Qt.Key.Key_Home)
        assert wait_shown(qtbot, view) == order[: len(ids)]


def model_value(view: CustomersView, line: int, column: int):
    return view.list.model.index(line, column).data()


def test_a_line_not_read_yet_shows_a_placeholder_and_is_read_when_shown(big_shop, qtbot):
    view = open_list(qtbot)
    model = view.list.model
    assert model_value(view, 200, M.COL_NAME) == PLACEHOLDER and model.customer_id(200) is None
    view.list.table.scrollTo(model.index(200, 0))
    wait_shown(qtbot, view)
    assert model.customer_id(200) == whole(view)[200]


def test_the_filter_takes_the_counters_words_and_its_end_is_its_last_match(big_shop, qtbot):
    view = open_list(qtbot)
    qtbot.keyClicks(view.list.search, "8895")
    qtbot.waitUntil(lambda: view.list.applied_filter.text == "8895", timeout=5000)
    from tests.ui.test_customers import type_text

    view.list.search.clear()
    type_text(qtbot, view.list.search, "王 8895")
    view.list.apply_filter()
    qtbot.waitUntil(lambda: not view.list.loading(), timeout=10_000)
    expected = {
        row[R_ID]
        for row in customer_list.load(CustomerFilter()).rows
        if row[2].startswith("王") and "8895" in (row[3] or "")
    }
    order = whole(view)
    assert expected and set(order) == expected
    assert view.list.model.rowCount() == len(expected)
    assert view.list.count_label.text().startswith(str(len(expected)))
    view.list.table.setFocus()
    qtbot.keyClick(view.list.table, Qt.Key.Key_End)
    ids = wait_shown(qtbot, view)
    assert current_customer(view) == order[-1] and ids == order[-len(ids) :]


def test_rows_far_from_those_read_last_are_let_go(big_shop, qtbot, monkeypatch):
    monkeypatch.setattr(CustomerTableModel, "MOST_HELD", 100)
    view = open_list(qtbot)
    model, table = view.list.model, view.list.table
    order = whole(view)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_End)
    wait_shown(qtbot, view)
    for _ in range(6):
        qtbot.keyClick(table, Qt.Key.Key_PageUp)
        wait_shown(qtbot, view)
        assert model.held() <= 100
    qtbot.keyClick(table, Qt.Key.Key_Home)
    assert wait_shown(qtbot, view) == order[: len(shown_lines(view))]
    assert not model.is_read(CUSTOMERS - 1)  # the end was let go
