"""An empty list says why and what to do next, with a button where there is an obvious
next step; it says nothing while the list is still being read."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from crm.services import customers, staff
from crm.services.common import Actor
from tests.ui.gestures import click
from ui.context import AppContext
from ui.dialogs.community_dialog import CommunityDialog
from ui.dialogs.customer_dialog import CustomerDialog
from ui.views.communities.page import CommunitiesView
from ui.views.customer_list import CustomerListView
from ui.views.customers import CustomersView
from ui.views.followup.page import FollowUpView
from ui.views.followup.task_lists import CLOSED, OVERDUE, TODAY, UPCOMING


def shown(empty) -> bool:
    """The empty state is up over its list (the list may be on a tab not shown now)."""
    return not empty.isHidden()


def as_staff() -> AppContext:
    clerk = staff.create_staff("小李", "staff")
    return AppContext(location="test", actor=Actor(clerk.id, "staff", "小李"))


# --- the customer list --------------------------------------------------------------------------


def test_a_new_shops_customer_list_says_so_and_adds_the_first_customer(db, qtbot, open_page):
    page = open_page(CustomerListView)
    assert page.model.rowCount() == 0
    assert page.empty.isVisible()
    assert page.empty.title.text() == "No customers yet"
    assert page.empty.buttons == [page.empty_add, page.empty_import]
    click(qtbot, page.empty_add)
    assert isinstance(page.customer_dialog, CustomerDialog) and page.customer_dialog.isVisible()
    page.customer_dialog.reject()
    click(qtbot, page.empty_import)
    assert page.import_dialog is not None and page.import_dialog.isVisible()
    page.import_dialog.reject()


def test_staff_see_the_import_button_disabled_with_the_reason(db, qtbot, open_page):
    page = open_page(CustomerListView, as_staff())
    assert page.empty.isVisible()
    assert not page.empty_import.isEnabled()
    assert "owner or a manager" in page.empty_import.toolTip()
    assert page.empty_add.isEnabled()


def test_a_filter_that_matches_nobody_says_so_and_clears(db, qtbot, open_page, settled):
    customers.create_customer("王丽", "13812345678", joined=date(2025, 1, 1))
    page = open_page(CustomerListView)
    assert page.model.rowCount() == 1 and not page.empty.isVisible()
    qtbot.keyClicks(page.search, "zzzz")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and not page.loading(), timeout=5000)
    assert page.empty.isVisible()
    assert page.empty.title.text() == "No customer matches these filters"
    assert page.empty.buttons == [page.empty_clear]
    click(qtbot, page.empty_clear)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.loading(), timeout=5000)
    assert page.search.text() == ""
    assert not page.empty.isVisible()


def test_the_empty_state_is_hidden_while_the_list_is_read(db, qtbot):
    page = CustomerListView(AppContext(location="test"))
    qtbot.addWidget(page)
    page.show()
    assert page.loading()
    assert page.model.rowCount() == 0 and not page.empty.isVisible()
    qtbot.waitUntil(lambda: not page.loading(), timeout=5000)
    assert page.empty.isVisible()
    # A new read (another filter) hides it until its rows are shown.
    qtbot.keyClicks(page.search, "13")
    page.apply_filter()
    assert page.loading() and not page.empty.isVisible()
    qtbot.waitUntil(lambda: not page.loading(), timeout=5000)
    assert page.empty.isVisible()
    assert page.empty.title.text() == "No customer matches these filters"


# --- follow-up ------------------------------------------------------------------------------------


def test_follow_up_with_nothing_due_says_what_appears_there(db, qtbot, open_page):
    page = open_page(FollowUpView)
    today = page.tasks.empties[TODAY]
    assert today.isVisible() and today.title.text() == "Nothing due today"
    assert "New task" in today.detail.text()
    for tab in (OVERDUE, UPCOMING, CLOSED):
        assert shown(page.tasks.empties[tab])
    assert page.suggestions.empty.isVisible()
    assert page.suggestions.empty.title.text() == "No suggestions now"


def test_follow_up_lists_with_tasks_say_nothing(db, qtbot, open_page):
    from crm import clock
    from crm.services import tasks

    wang = customers.create_customer("王丽", "13812345678").id
    tasks.create_task(wang, "service", clock.today())
    page = open_page(FollowUpView)
    assert page.tasks.models[TODAY].rowCount() == 1
    assert not shown(page.tasks.empties[TODAY])
    assert shown(page.tasks.empties[OVERDUE])


# --- communities ----------------------------------------------------------------------------------


def test_no_communities_yet_offers_a_new_one(db, qtbot, open_page):
    page = open_page(CommunitiesView)
    assert page.empty.isVisible() and page.empty.title.text() == "No communities yet"
    click(qtbot, page.empty_new)
    assert isinstance(page.dialog, CommunityDialog) and page.dialog.isVisible()
    page.dialog.reject()


def test_staff_cannot_make_a_community_and_are_told_why(db, qtbot, open_page):
    page = open_page(CommunitiesView, as_staff())
    assert page.empty.isVisible()
    assert not page.empty_new.isEnabled() and "owner or a manager" in page.empty_new.toolTip()


def test_communities_filtered_to_nothing_clear_their_filters(db, qtbot, open_page, type_text):
    from crm.services import community_changes

    wang = customers.create_customer("王丽", "13812345678").id
    community_changes.create_community("楼下宝妈群", wang, created=date(2025, 1, 10))
    page = open_page(CommunitiesView)
    assert not page.empty.isVisible()
    type_text(page.filter, "没有这个群")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.empty.isVisible() and page.empty.title.text() == "No community matches these filters"
    click(qtbot, page.empty_clear)
    assert page.model.rowCount() == 1 and not page.empty.isVisible() and page.filter.text() == ""


def test_a_community_without_members_says_how_to_add_one(db, qtbot, open_page):
    from crm.services import community_changes

    wang = customers.create_customer("王丽", "13812345678").id
    group = community_changes.create_community("楼下宝妈群", wang, created=date(2025, 1, 10))
    page = open_page(CommunitiesView)
    page.select_community(group.id)
    qtbot.waitUntil(lambda: not page.loading(), timeout=5000)
    empty = page.members.empty
    assert page.members.model.rowCount() == 0  # the leader is not listed among the members
    assert empty.isVisible() and empty.title.text() == "No members yet"
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    click(qtbot, page.members.empty_add)
    qtbot.waitUntil(page.members.picker.hasFocus)


# --- one customer's page ------------------------------------------------------------------------


def test_a_new_customers_tabs_say_what_goes_there(db, qtbot, settled):
    wang = customers.create_customer("王丽", "13812345678").id
    view = CustomersView(AppContext(location="test"))
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    view.open_customer(wang)
    settled(view.detail)
    detail = view.detail
    assert detail.timeline.empty.isVisible()
    assert detail.timeline.empty.title.text() == "No visits yet"
    for part, title in (
        (detail.tasks, "No follow-up tasks"),
        (detail.communities, "Not in any community"),
        (detail.referrals, "Has not brought anyone in yet"),
    ):
        assert shown(part.empty) and part.empty.title.text() == title
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    click(qtbot, detail.timeline.empty_log)
    qtbot.waitUntil(detail.timeline.amount.hasFocus)


def test_a_customer_with_visits_has_no_empty_timeline(db, qtbot, settled):
    from crm.services import visits

    wang = customers.create_customer("王丽", "13812345678").id
    visits.log_visit(wang, 5000, "purchase")
    view = CustomersView(AppContext(location="test"))
    qtbot.addWidget(view)
    view.show()
    view.open_customer(wang)
    settled(view.detail)
    assert view.detail.timeline.model.rowCount() > 0
    assert not shown(view.detail.timeline.empty)
    assert shown(view.detail.tasks.empty)


def test_opening_another_customer_hides_the_empty_state_until_they_are_read(db, qtbot, settled):
    from crm.services import visits

    wang = customers.create_customer("王丽", "13812345678").id
    zhang = customers.create_customer("张伟", "13900001111").id
    visits.log_visit(zhang, 5000, "purchase")
    view = CustomersView(AppContext(location="test"))
    qtbot.addWidget(view)
    view.show()
    view.open_customer(wang)
    settled(view.detail)
    assert shown(view.detail.timeline.empty)
    view.open_customer(zhang)
    assert view.detail.loading()
    assert not shown(view.detail.timeline.empty)  # 王丽's "no visits" is not said of 张伟
    settled(view.detail)
    assert not shown(view.detail.timeline.empty)


def test_the_empty_state_sits_over_the_whole_table(db, qtbot, open_page):
    page = open_page(CustomerListView)
    assert page.empty.geometry() == page.table.viewport().rect()
    page.resize(900, 500)
    qtbot.waitUntil(lambda: page.empty.geometry() == page.table.viewport().rect())
    assert page.empty.title.alignment() & Qt.AlignmentFlag.AlignCenter
