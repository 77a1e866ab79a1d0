"""The customer menu of every table that lists customers: a right-click (or the Menu key,
or Shift+F10) on a row, then its items do what they say, for that row's customer."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from crm.services import customers, staff
from crm.services.common import Actor
from ui.context import AppContext
from ui.dialogs.customer_dialog import CustomerDialog
from ui.dialogs.task_dialog import TaskDialog
from ui.models.base import CUSTOMER_ID_ROLE


def row_of(view, customer_id: int):
    """The model index of the first row (depth first in a tree) that stands for this customer."""
    model = view.model()

    def walk(parent):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(CUSTOMER_ID_ROLE) == customer_id:
                return index
            found = walk(index)
            if found is not None:
                return found
        return None

    index = walk(view.rootIndex())
    assert index is not None, f"customer {customer_id} is not in the table"
    return index


def right_click(qtbot, view, customer_id: int):
    """Right-click the customer's row as the mouse does; returns the menu that opened."""
    index = row_of(view, customer_id)
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(lambda: menu_of(view) is not None and menu_of(view).isVisible(), timeout=3000)
    return menu_of(view)


def menu_of(view):
    from PySide6.QtWidgets import QMenu

    menus = [m for m in view.findChildren(QMenu, "customer_menu") if m.isVisible()]
    return menus[-1] if menus else None


def item(menu, key: str):
    found = [a for a in menu.actions() if a.objectName() == key]
    assert found, f"no {key} in the menu"
    return found[0]


def trigger(menu, key: str) -> None:
    action = item(menu, key)
    assert action.isEnabled(), action.toolTip()
    menu.hide()
    action.trigger()


@pytest.fixture
def shop(db):
    wang = customers.create_customer("王丽", "13812345678", joined=date(2025, 1, 1)).id
    zhang = customers.create_customer("张伟", "13900001111", joined=date(2025, 3, 1), referrer_id=wang).id
    return wang, zhang


# --- the customer list ------------------------------------------------------------------------


@pytest.fixture
def customer_list(qtbot, shop, open_page):
    from ui.views.customer_list import CustomerListView

    return open_page(CustomerListView)


def test_customer_list_copy_phone_and_code_put_them_on_the_clipboard(qtbot, shop, customer_list):
    wang, zhang = shop
    table = customer_list.table
    trigger(right_click(qtbot, table, zhang), "copy_phone")
    assert QGuiApplication.clipboard().text() == customers.get_customer(zhang).phone_display
    trigger(right_click(qtbot, table, wang), "copy_code")
    assert QGuiApplication.clipboard().text() == customers.get_customer(wang).code


def test_customer_list_open_opens_the_row_clicked(qtbot, shop, customer_list):
    wang, zhang = shop
    opened = []
    customer_list.customer_opened.connect(opened.append)
    trigger(right_click(qtbot, customer_list.table, zhang), "open")
    assert opened == [zhang]


def test_customer_list_add_task_opens_the_task_dialog_for_that_customer(qtbot, shop, customer_list):
    wang, _ = shop
    trigger(right_click(qtbot, customer_list.table, wang), "add_task")
    dialog = customer_list.menu.dialog
    assert isinstance(dialog, TaskDialog) and dialog.isVisible()
    assert dialog.customer.customer_id() == wang
    dialog.reject()


def test_log_a_visit_asks_for_the_counter_on_that_customer(qtbot, shop, customer_list):
    wang, zhang = shop
    asked = []
    customer_list.ctx.bus.log_visit.connect(asked.append)
    trigger(right_click(qtbot, customer_list.table, zhang), "log_visit")
    assert asked == [zhang]


def test_menu_key_and_shift_f10_open_the_menu_of_the_current_row(qtbot, shop, customer_list):
    wang, zhang = shop
    table = customer_list.table
    customer_list.window().activateWindow()
    table.setFocus()
    table.setCurrentIndex(row_of(table, zhang))
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Menu)
    qtbot.waitUntil(lambda: menu_of(table) is not None, timeout=3000)
    trigger(menu_of(table), "copy_phone")
    assert QGuiApplication.clipboard().text() == customers.get_customer(zhang).phone_display
    table.setCurrentIndex(row_of(table, wang))
    qtbot.keyClick(table, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: menu_of(table) is not None, timeout=3000)
    trigger(menu_of(table), "copy_code")
    assert QGuiApplication.clipboard().text() == customers.get_customer(wang).code


def test_what_a_role_may_not_do_is_disabled_with_the_reason(qtbot, shop, open_page):
    from ui.views.customer_list import CustomerListView

    clerk = staff.create_staff("小李", "staff")
    page = open_page(CustomerListView, AppContext(location="test", actor=Actor(clerk.id, "staff", "小李")))
    wang, _ = shop
    menu = right_click(qtbot, page.table, wang)
    edit = item(menu, "edit")
    assert not edit.isEnabled()
    assert "edit customers" in edit.toolTip()
    assert item(menu, "add_task").isEnabled() and item(menu, "log_visit").isEnabled()
    menu.hide()


def test_a_manager_edits_from_the_menu(qtbot, shop, customer_list):
    wang, _ = shop
    trigger(right_click(qtbot, customer_list.table, wang), "edit")
    dialog = customer_list.menu.dialog
    assert isinstance(dialog, CustomerDialog) and dialog.loaded.id == wang
    dialog.reject()


def test_an_archived_customer_cannot_get_a_visit_or_a_task(qtbot, shop, customer_list):
    wang, zhang = shop
    menu = right_click(qtbot, customer_list.table, zhang)
    assert item(menu, "log_visit").isEnabled()
    menu.hide()
    customers.archive_customer(zhang)  # by another counter, since the list was read
    menu = right_click(qtbot, customer_list.table, zhang)
    for key in ("log_visit", "add_task"):
        assert not item(menu, key).isEnabled()
        assert "archived" in item(menu, key).toolTip()
    assert item(menu, "open").isEnabled() and item(menu, "copy_phone").isEnabled()
    menu.hide()


# --- the other tables that list customers -----------------------------------------------------


def test_follow_up_tasks_and_suggestions_have_the_menu(qtbot, shop, open_page):
    from datetime import timedelta

    from crm import clock
    from crm.levels import MICRO
    from crm.models import Customer
    from crm.services import tasks, visits
    from ui.views.followup.page import FollowUpView
    from ui.views.followup.task_lists import TODAY

    wang, zhang = shop
    tasks.create_task(wang, "service", clock.today(), title="Call about the autumn range")
    visits.log_visit(zhang, 5000, "purchase", at=clock.today() - timedelta(days=40))
    Customer.update(level=MICRO).where(Customer.id == zhang).execute()  # a Micro who did not come back
    page = open_page(FollowUpView)
    task_table = page.tasks.tables[TODAY]
    trigger(right_click(qtbot, task_table, wang), "copy_phone")
    assert QGuiApplication.clipboard().text() == customers.get_customer(wang).phone_display
    opened = []
    page.ctx.bus.open_customer.connect(opened.append)
    trigger(right_click(qtbot, task_table, wang), "open")
    assert opened == [wang]

    assert page.suggestions.model.rowCount() >= 1
    trigger(right_click(qtbot, page.suggestions.table, zhang), "add_task")
    dialog = page.suggestions.menu.dialog
    assert isinstance(dialog, TaskDialog) and dialog.customer.customer_id() == zhang
    dialog.reject()


def test_community_members_have_the_menu(qtbot, shop, open_page):
    from crm.services import community_changes
    from ui.views.communities.page import CommunitiesView

    wang, zhang = shop
    group = community_changes.create_community("楼下宝妈群", wang, created=date(2025, 1, 10))
    community_changes.add_member(group.id, zhang, joined=date(2025, 3, 2))
    page = open_page(CommunitiesView)
    page.select_community(group.id)
    qtbot.waitUntil(lambda: not page.loading() and page.members.model.rowCount() > 0, timeout=5000)
    members = page.members.table
    trigger(right_click(qtbot, members, zhang), "copy_code")
    assert QGuiApplication.clipboard().text() == customers.get_customer(zhang).code
    trigger(right_click(qtbot, members, zhang), "add_task")
    dialog = page.members.menu.dialog
    assert isinstance(dialog, TaskDialog) and dialog.customer.customer_id() == zhang
    dialog.reject()


def test_fission_tree_and_leaderboard_have_the_menu(qtbot, shop, open_page):
    from crm import clock
    from crm.services import visits
    from ui.views.fission import FissionView

    wang, zhang = shop
    visits.log_visit(zhang, 5000, "purchase", at=clock.today())
    page = open_page(FissionView)
    opened = []
    page.ctx.bus.open_customer.connect(opened.append)
    trigger(right_click(qtbot, page.tree, wang), "open")
    assert opened == [wang]
    trigger(right_click(qtbot, page.board, wang), "copy_phone")
    assert QGuiApplication.clipboard().text() == customers.get_customer(wang).phone_display


def test_counter_results_have_the_menu_and_log_a_visit_takes_the_customer(qtbot, shop, counter, clerk):
    wang, zhang = shop
    clerk.type(counter.search, "1")  # both phones have a 1
    clerk.wait_for_reads(counter)
    assert counter.results_model.row_of(zhang) >= 0 and counter.results_model.row_of(wang) >= 0
    trigger(right_click(qtbot, counter.results, zhang), "copy_phone")
    assert QGuiApplication.clipboard().text() == customers.get_customer(zhang).phone_display
    trigger(right_click(qtbot, counter.results, wang), "log_visit")
    assert counter.customer_id() == wang
    opened = []
    counter.ctx.bus.open_customer.connect(opened.append)
    trigger(right_click(qtbot, counter.results, zhang), "open")
    assert opened == [zhang]


def test_the_menu_key_in_the_counter_search_opens_the_highlighted_customers_menu(qtbot, shop, counter, clerk):
    wang, zhang = shop
    clerk.type(counter.search, "1111")
    clerk.wait_for_reads(counter)
    assert counter.results_model.hit(counter.results.current_row()).id == zhang
    qtbot.keyClick(counter.search, Qt.Key.Key_Menu)
    qtbot.waitUntil(lambda: menu_of(counter.results) is not None, timeout=3000)
    trigger(menu_of(counter.results), "copy_code")
    assert QGuiApplication.clipboard().text() == customers.get_customer(zhang).code


def test_log_a_visit_from_another_page_opens_the_counter_on_that_customer(qtbot, shop):
    from ui.main_window import MainWindow

    wang, _ = shop
    window = MainWindow(AppContext(location="test"))
    qtbot.addWidget(window)
    window.show()
    window.show_page("customers")
    window.ctx.bus.log_visit.emit(wang)
    assert window.current_key() == "counter"
    counter = window.page("counter")
    assert counter.customer_id() == wang
    assert counter.search.text() == customers.get_customer(wang).code
