"""The customer list: columns, sorting, filters, refresh, opening a customer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from crm import clock
from crm.services import community_changes, customer_list, customers, visits
from crm.services.customer_list import CustomerFilter
from ui.context import AppContext
from ui.models.customer_table import CUSTOMER_ID_ROLE, CustomerTableModel
from ui.views.customers import CustomersView
from ui.widgets.level_badge import LEVEL_ROLE
from ui.words import customers_count

M = CustomerTableModel


@dataclass
class Shop:
    wang: int  # 王丽: Strong, 6 purchase days, the biggest spender
    zhang: int  # 张伟: referred by 王丽, one purchase (Micro), member of 赵敏's community
    li: int  # 李娜: tag 宝妈, two purchases (Weak)
    zhao: int  # 赵敏: leads a community with a member, so a 大C; one purchase
    wangqiang: int  # 王强: never bought (None)
    chen: int  # 陈静: archived


def buy(customer_id: int, days_ago: int, yuan: int) -> None:
    visits.log_visit(customer_id, yuan * 100, "purchase", at=clock.today() - timedelta(days=days_ago))


def make_shop() -> Shop:
    """A small shop made by hand through the services (search keys and levels as in real use)."""
    wang = customers.create_customer("王丽", "13812345678", joined=date(2025, 1, 1), tags="老顾客").id
    zhang = customers.create_customer("张伟", "13900001111", joined=date(2025, 3, 1), referrer_id=wang).id
    li = customers.create_customer("李娜", "13700002222", joined=date(2025, 2, 1), tags=["宝妈", "团购"]).id
    zhao = customers.create_customer("赵敏", "13600003333", joined=date(2025, 1, 5)).id
    wangqiang = customers.create_customer("王强", "13500004444", joined=date(2025, 4, 1)).id
    chen = customers.create_customer("陈静", "13400005555", joined=date(2025, 4, 2)).id
    for days_ago in (1, 10, 20, 30, 40, 50):
        buy(wang, days_ago, 100)
    buy(zhang, 5, 50)
    buy(li, 3, 80)
    buy(li, 60, 80)
    buy(zhao, 2, 30)
    group = community_changes.create_community("楼下宝妈群", zhao, created=date(2025, 1, 10))
    community_changes.add_member(group.id, zhang, joined=date(2025, 3, 2))
    customers.archive_customer(chen)
    return Shop(wang, zhang, li, zhao, wangqiang, chen)


def type_text(qtbot, widget, text: str) -> None:
    """Type like a person: Latin letters and digits as keys, Chinese through the input
    method (QTest cannot press a key for 王)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def wait_loaded(qtbot, view: CustomersView) -> None:
    qtbot.waitUntil(lambda: not view.list.loading(), timeout=5000)


def make_view(qtbot, ctx: AppContext | None = None) -> CustomersView:
    view = CustomersView(ctx or AppContext("test"))
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    wait_loaded(qtbot, view)
    return view


def shown(view: CustomersView, column: int) -> list:
    model = view.list.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def row_for(view: CustomersView, customer_id: int) -> list:
    model = view.list.model
    row = model.row_of(customer_id)
    assert row >= 0, "customer not in the list"
    return [model.index(row, c).data() for c in range(model.columnCount())]


def click_header(qtbot, view: CustomersView, column: int) -> None:
    header = view.list.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_list_shows_every_column_for_a_hand_made_shop(db, qtbot):
    shop = make_shop()
    view = make_view(qtbot)
    model = view.list.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Code",
        "Name",
        "Phone",
        "Level",
        "Last purchase",
        "Purchase days (365 d)",
        "Spend (365 d)",
        "Referred by",
        "Big C",
        "Tags",
    ]
    # Archived 陈静 is not listed; everybody else is.
    assert model.rowCount() == 5
    assert view.list.count_label.text() == "5 customers"
    code, name, phone, level, last, days, spend, referrer, bigc, tags = row_for(view, shop.wang)
    assert (name, phone, level, last, days, spend) == (
        "王丽",
        "138 1234 5678",
        "Strong",
        "2026-06-29",
        "6",
        "¥600.00",
    )
    assert code.startswith("C") and referrer == "" and bigc == "" and tags == "老顾客"
    wang_row = model.row_of(shop.wang)
    assert model.index(wang_row, M.COL_LEVEL).data(LEVEL_ROLE) == 3
    assert model.index(wang_row, M.COL_NAME).data(CUSTOMER_ID_ROLE) == shop.wang
    assert row_for(view, shop.zhang)[M.COL_REFERRER] == "王丽"
    assert row_for(view, shop.zhang)[M.COL_LEVEL] == "Micro"
    assert row_for(view, shop.li)[M.COL_TAGS] == "宝妈, 团购"
    assert row_for(view, shop.li)[M.COL_LEVEL] == "Weak"
    assert row_for(view, shop.zhao)[M.COL_BIG_C] == "Big C"
    never = row_for(view, shop.wangqiang)
    assert never[M.COL_LAST] == "" and never[M.COL_DAYS] == "0" and never[M.COL_LEVEL] == "None"


def test_clicking_spend_puts_the_biggest_spender_first_and_again_reverses(db, qtbot):
    shop = make_shop()
    view = make_view(qtbot)
    click_header(qtbot, view, M.COL_SPEND)
    assert shown(view, M.COL_NAME)[0] == "王丽"
    assert view.list.model.customer_id(0) == shop.wang
    assert shown(view, M.COL_SPEND) == ["¥600.00", "¥160.00", "¥50.00", "¥30.00", "¥0.00"]
    click_header(qtbot, view, M.COL_SPEND)
    assert shown(view, M.COL_SPEND)[0] == "¥0.00"
    click_header(qtbot, view, M.COL_NAME)
    names = shown(view, M.COL_NAME)
    assert names == sorted(names)


def test_sort_survives_a_reload(db, qtbot):
    make_shop()
    view = make_view(qtbot)
    click_header(qtbot, view, M.COL_DAYS)
    view.list.refresh()
    wait_loaded(qtbot, view)
    assert shown(view, M.COL_DAYS) == ["6", "2", "1", "1", "0"]


def test_level_filter_shows_only_the_chosen_levels(db, qtbot):
    shop = make_shop()
    view = make_view(qtbot)
    qtbot.mouseClick(view.list.filters.level_buttons[3], Qt.MouseButton.LeftButton)  # Strong
    wait_loaded(qtbot, view)
    assert view.list.model.ids() == [shop.wang]
    assert view.list.count_label.text() == "1 customer"
    qtbot.mouseClick(view.list.filters.level_buttons[1], Qt.MouseButton.LeftButton)  # and Micro
    wait_loaded(qtbot, view)
    assert set(view.list.model.ids()) == {shop.wang, shop.zhang, shop.zhao}
    qtbot.mouseClick(view.list.filters.clear_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    assert view.list.model.rowCount() == 5
    assert not any(b.isChecked() for b in view.list.filters.level_buttons)


def test_big_c_filter_shows_only_community_leaders_and_flagged(db, qtbot):
    shop = make_shop()
    customers.set_big_c_flag(shop.li, True)
    view = make_view(qtbot)
    qtbot.mouseClick(view.list.filters.big_c_check, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    assert set(view.list.model.ids()) == {shop.zhao, shop.li}
    assert set(shown(view, M.COL_BIG_C)) == {"Big C"}


def test_community_and_tag_filters(db, qtbot):
    shop = make_shop()
    view = make_view(qtbot)
    view.list.filters.community_combo.setCurrentIndex(
        view.list.filters.community_combo.findText("楼下宝妈群")
    )
    wait_loaded(qtbot, view)
    assert set(view.list.model.ids()) == {shop.zhao, shop.zhang}  # the leader and the member
    view.list.filters.community_combo.setCurrentIndex(0)
    view.list.filters.tag_combo.setCurrentIndex(view.list.filters.tag_combo.findText("宝妈"))
    wait_loaded(qtbot, view)
    assert view.list.model.ids() == [shop.li]


def test_typing_wang_keeps_only_names_with_wang(db, qtbot):
    shop = make_shop()
    view = make_view(qtbot)
    type_text(qtbot, view.list.search, "王")
    qtbot.waitUntil(lambda: view.list.applied_filter.text == "王" and not view.list.loading(), timeout=3000)
    assert set(view.list.model.ids()) == {shop.wang, shop.wangqiang}
    assert all("王" in name for name in shown(view, M.COL_NAME))
    # Pinyin initials and the last digits of a phone work too.
    view.list.search.clear()
    qtbot.keyClicks(view.list.search, "zw")
    qtbot.waitUntil(lambda: view.list.applied_filter.text == "zw" and not view.list.loading(), timeout=3000)
    assert view.list.model.ids() == [shop.zhang]
    view.list.search.clear()
    qtbot.keyClicks(view.list.search, "3333")
    qtbot.waitUntil(lambda: view.list.applied_filter.text == "3333" and not view.list.loading(), timeout=3000)
    assert view.list.model.ids() == [shop.zhao]


def test_include_archived_shows_archived_customers(db, qtbot):
    shop = make_shop()
    view = make_view(qtbot)
    assert shop.chen not in view.list.model.ids()
    qtbot.mouseClick(view.list.filters.archived_check, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    assert shop.chen in view.list.model.ids()
    row = view.list.model.row_of(shop.chen)
    assert "archived" in view.list.model.index(row, M.COL_NAME).data(Qt.ItemDataRole.ToolTipRole)


def test_list_model_passes_the_model_tester(db, qtbot, qtmodeltester):
    make_shop()
    model = CustomerTableModel()
    model.set_list(customer_list.load(CustomerFilter()))
    assert model.rowCount() == 5
    qtmodeltester.check(model)
    model.sort(M.COL_SPEND, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_a_visit_elsewhere_refreshes_the_row_without_a_reload(db, qtbot):
    shop = make_shop()
    ctx = AppContext("test")
    view = make_view(qtbot, ctx)
    before = row_for(view, shop.wangqiang)
    assert before[M.COL_LEVEL] == "None"
    resets = []
    view.list.model.modelReset.connect(lambda: resets.append(True))
    ctx.actions.log_visit(shop.wangqiang, amount=12300, kind="purchase")
    qtbot.waitUntil(lambda: row_for(view, shop.wangqiang)[M.COL_SPEND] == "¥123.00", timeout=2000)
    after = row_for(view, shop.wangqiang)
    assert after[M.COL_LEVEL] == "Micro" and after[M.COL_LAST] == "2026-06-30"
    assert resets == []  # done in place, no full reload


def test_a_new_customer_elsewhere_reloads_the_list(db, qtbot):
    make_shop()
    ctx = AppContext("test")
    view = make_view(qtbot, ctx)
    new = ctx.actions.create_customer("孙悦", "13300006666").id
    qtbot.waitUntil(lambda: new in view.list.model.ids(), timeout=3000)
    assert view.list.count_label.text() == "6 customers"


def test_enter_on_a_row_opens_the_customer_and_back_returns(db, qtbot):
    shop = make_shop()
    view = make_view(qtbot)
    row = view.list.model.row_of(shop.li)
    view.list.table.setFocus()
    view.list.table.setCurrentIndex(view.list.model.index(row, 0))
    qtbot.keyClick(view.list.table, Qt.Key.Key_Return)
    assert view.stack.currentWidget() is view.detail
    qtbot.waitUntil(lambda: view.detail.header.name_label.text() == "李娜", timeout=5000)
    qtbot.mouseClick(view.detail.header.back_button, Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.list


def test_enter_in_the_filter_opens_the_only_match(db, qtbot):
    shop = make_shop()
    view = make_view(qtbot)
    type_text(qtbot, view.list.search, "赵敏")
    qtbot.waitUntil(lambda: view.list.applied_filter.text == "赵敏" and not view.list.loading(), timeout=3000)
    qtbot.keyClick(view.list.search, Qt.Key.Key_Return)
    assert view.stack.currentWidget() is view.detail
    assert view.detail.customer_id == shop.zhao


def test_open_customer_from_another_screen(db, qtbot):
    shop = make_shop()
    view = make_view(qtbot)
    view.open_customer(shop.zhang)
    assert view.stack.currentWidget() is view.detail
    qtbot.waitUntil(lambda: view.detail.header.name_label.text() == "张伟", timeout=5000)


def test_new_customer_button_opens_the_form_then_the_new_customer(db, qtbot):
    make_shop()
    view = make_view(qtbot)
    qtbot.mouseClick(view.list.new_button, Qt.MouseButton.LeftButton)
    dialog = view.list.customer_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.form_ready, timeout=5000)
    type_text(qtbot, dialog.name, "孙悦")
    qtbot.keyClicks(dialog.phone, "13300006666")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    new = customers.find_by_phone("13300006666")
    assert new is not None and new.name == "孙悦"
    assert view.stack.currentWidget() is view.detail
    assert view.detail.customer_id == new.id
    qtbot.mouseClick(view.detail.header.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: new.id in view.list.model.ids(), timeout=3000)


def test_a_big_list_is_sorted_in_a_worker_and_keeps_the_selection(db, qtbot, qtmodeltester):
    shop = make_shop()
    view = make_view(qtbot)
    view.list.SYNC_SORT_ROWS = 0  # behave as with 100,000 customers
    view.list.table.selectRow(view.list.model.row_of(shop.li))
    click_header(qtbot, view, M.COL_SPEND)
    assert view.list.loading()
    wait_loaded(qtbot, view)
    assert shown(view, M.COL_SPEND) == ["¥600.00", "¥160.00", "¥50.00", "¥30.00", "¥0.00"]
    selected = view.list.table.selectionModel().selectedRows()
    assert [view.list.model.customer_id(i.row()) for i in selected] == [shop.li]
    qtmodeltester.check(view.list.model)


def test_customers_who_never_bought_do_not_break_the_list(db, qtbot):
    """PostgreSQL gives dates as objects: every row is read the same, whatever row comes first."""
    never = [
        customers.create_customer(f"周{i}", f"1330000{i:04d}", joined=date(2024, 12, 1)).id for i in range(10)
    ]
    bought = customers.create_customer("吴琳", "13300007777", joined=date(2025, 1, 1)).id
    buy(bought, 3, 40)
    view = make_view(qtbot)
    click_header(qtbot, view, CustomerTableModel.COL_LAST)
    wait_loaded(qtbot, view)
    assert row_for(view, bought)[CustomerTableModel.COL_NAME] == "吴琳"
    assert all(row_for(view, cid) for cid in never)


def test_a_big_list_is_read_a_page_at_a_time_as_it_is_scrolled(db, qtbot, qtmodeltester):
    """On opening, the first screen of rows comes from a short read, then how many match: a line
    each. The rest is read a few screens at a time as the lines are shown (never the whole list
    at once: a chain's million customers would be a gigabyte), in the list's order. A header
    clicked on a list held in part reads it again, sorted in SQL."""
    from crm import demo

    demo.generate(400, seed=3)
    events: list[tuple[str, int]] = []
    view = CustomersView(AppContext("test"))
    qtbot.addWidget(view)
    view.list.first_rows.connect(lambda n: events.append(("first", n)))
    view.list.loaded.connect(lambda n: events.append(("all", n)))
    view.resize(1200, 700)
    view.show()
    qtbot.waitUntil(lambda: any(kind == "all" for kind, _ in events), timeout=10_000)
    model = view.list.model
    total = customer_list.count(CustomerFilter())
    assert total > 300
    assert events[0] == ("first", view.list.FIRST_ROWS) and events[-1] == ("all", total)
    assert model.rowCount() == total  # a line for everyone
    assert model.held() == view.list.FIRST_ROWS  # nothing more was read
    assert view.list.count_label.text() == customers_count(total)

    def ids() -> list[int | None]:
        return [model.customer_id(r) for r in range(model.rowCount())]

    whole = [r[customer_list.R_ID] for r in customer_list.load(CustomerFilter(), ("last", True)).rows]
    assert ids()[: view.list.FIRST_ROWS] == whole[: view.list.FIRST_ROWS]
    bar = view.list.table.verticalScrollBar()
    table = view.list.table

    def shown_read() -> bool:
        table.viewport().repaint()  # asks for the lines shown, as a screen does
        top, bottom = table.rowAt(0), table.rowAt(table.viewport().height() - 1)
        bottom = model.rowCount() - 1 if bottom < 0 else bottom
        return not view.list.loading() and all(model.is_read(n) for n in range(top, bottom + 1))

    while bar.value() < bar.maximum():
        before = model.held()
        bar.setValue(bar.value() + bar.pageStep())
        qtbot.waitUntil(shown_read, timeout=10_000)
        assert model.held() - before <= max(view.list.WINDOW_ROWS, 3 * bar.pageStep())  # a few screens
    assert model.whole()
    assert ids() == whole
    qtmodeltester.check(model)

    # Held in part again, then sorted by spend: the first page of that order, read in SQL.
    view.list.SYNC_SORT_ROWS = 0
    click_header(qtbot, view, M.COL_SPEND)
    qtbot.waitUntil(lambda: not view.list.loading(), timeout=10_000)
    by_spend = customer_list.load(CustomerFilter(), ("spend", True)).rows
    assert ids()[: view.list.FIRST_ROWS] == [r[customer_list.R_ID] for r in by_spend[: view.list.FIRST_ROWS]]
    assert view.list.table.verticalScrollBar().value() == 0  # from the top of the new order
    assert model.total == total


def test_the_order_chosen_is_the_order_the_list_opens_in_next_time(db, qtbot):
    make_shop()
    view = make_view(qtbot)
    click_header(qtbot, view, M.COL_SPEND)  # biggest spender first
    click_header(qtbot, view, M.COL_SPEND)  # then smallest first
    wait_loaded(qtbot, view)
    again = make_view(qtbot)
    assert again.list.order == (M.COL_SPEND, Qt.SortOrder.AscendingOrder)
    header = again.list.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == again.list.order
    assert shown(again, M.COL_SPEND) == ["¥0.00", "¥30.00", "¥50.00", "¥160.00", "¥600.00"]


def test_home_and_end_go_to_the_first_and_last_row_in_the_same_column(db, qtbot):
    make_shop()
    view = make_view(qtbot)
    table, model = view.list.table, view.list.model
    table.setFocus()
    table.setCurrentIndex(model.index(1, 1))
    for key, modifier, row in (
        (Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier, model.rowCount() - 1),
        (Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier, 0),
        (Qt.Key.Key_End, Qt.KeyboardModifier.NoModifier, model.rowCount() - 1),
        (Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier, 0),
    ):
        qtbot.keyClick(table, key, modifier)
        assert (table.currentIndex().row(), table.currentIndex().column()) == (row, 1)
