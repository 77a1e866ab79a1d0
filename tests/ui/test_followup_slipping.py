"""The follow-up page's Slipping away tab: the list from the stored fit, one click (or the
context menu) to a follow-up task, and the empty states in English and Chinese."""

import pytest
from PySide6.QtCore import Qt

from crm import demo
from crm.models import Task
from crm.services import lifetime, settings, slipping
from crm.services.changes import Changes
from tests.conftest import TODAY as D
from tests.ui.gestures import click
from ui import i18n
from ui.models.slipping_model import SlippingTableModel
from ui.views.followup.page import FollowUpView


@pytest.fixture
def make_view(open_page, qtbot):
    def make(ctx=None):
        view = open_page(FollowUpView, ctx)
        view.below.setCurrentWidget(view.slipping)  # the list is read once its tab is shown
        qtbot.waitUntil(lambda: not view.loading(), timeout=10_000)
        return view

    return make


def test_the_list_is_read_only_once_its_tab_is_shown(fitted, open_page, qtbot):
    view = open_page(FollowUpView)
    assert view.slipping.last is None and view.slipping.model.rowCount() == 0
    view.below.setCurrentWidget(view.slipping)
    qtbot.waitUntil(lambda: not view.loading(), timeout=10_000)
    assert rows(view) == [c.customer_id for c in slipping.slipping(D).customers] != []


@pytest.fixture
def chinese(qapp):
    i18n.install(qapp, "zh_CN")
    yield
    i18n.install(qapp, "en")


@pytest.fixture
def fitted(db):
    demo.generate(2000, seed=5, until=D)
    assert lifetime.fit(D).ok


def rows(view) -> list[int]:
    model = view.slipping.model
    return [model.customer(r).customer_id for r in range(model.rowCount())]


def empty_text(view) -> tuple[str, str]:
    empty = view.slipping.empty
    assert empty.isVisibleTo(view.slipping.table)
    return empty.title.text(), empty.detail.text()


def test_the_tab_lists_the_services_ranking_and_one_click_makes_a_task(
    fitted, make_view, qtbot, qtmodeltester
):
    view = make_view()
    qtmodeltester.check(view.slipping.model)
    expected = slipping.slipping(D)
    assert expected.customers and rows(view) == [c.customer_id for c in expected.customers]
    view.below.setCurrentWidget(view.slipping)
    first = expected.customers[0]
    model = view.slipping.model
    shown = [model.index(0, col).data() for col in range(model.columnCount())]
    assert shown[SlippingTableModel.RANK] == "1" and shown[SlippingTableModel.CUSTOMER] == first.name
    assert shown[SlippingTableModel.AT_RISK].startswith("¥")
    assert shown[SlippingTableModel.ALIVE].endswith("%")

    assert "Had they stayed" in model.index(0, SlippingTableModel.AT_RISK).data(Qt.ItemDataRole.ToolTipRole)
    tip = model.index(0, SlippingTableModel.ALIVE).data(Qt.ItemDataRole.ToolTipRole)
    assert "weeks apart" in tip and first.slipped_on.isoformat() in tip
    view.slipping.table.selectRow(0)
    click(qtbot, view.slipping.follow_button)

    made = Task.get(Task.customer == first.customer_id)
    assert (made.kind, made.status, made.due) == (slipping.TASK_KIND, "open", D)
    # The title says in the clerk's words since when and how often they used to come.
    weeks = round(first.weeks_between)
    assert made.title == (
        f"Win back: no purchase since {first.last_purchase.isoformat()};"
        f" used to come about every {weeks} week{'s' if weeks != 1 else ''}"
    )
    assert made.assignee_id == view.ctx.staff_id  # the signed-in one, as the box says at first
    assert first.customer_id not in rows(view)
    assert first.name in view.status.text()


def test_the_task_goes_to_whom_the_box_names_and_a_done_call_keeps_them_off(fitted, make_view, qtbot):
    from crm.models import Staff
    from crm.services import tasks

    helper = Staff.create(name="王强", role="staff")
    view = make_view()
    view.refresh()
    qtbot.waitUntil(lambda: view.slipping.assignee.findData(helper.id) >= 0, timeout=10_000)
    view.slipping.assignee.setCurrentIndex(view.slipping.assignee.findData(helper.id))
    view.slipping.table.selectRow(0)
    first = view.slipping.selected()
    text = view.slipping.copy_selected()
    assert text.startswith(f"Hi {first.name}, we haven't seen you") and first.name in view.status.text()
    click(qtbot, view.slipping.follow_button)
    made = Task.get(Task.customer == first.customer_id)
    assert (made.kind, made.assignee_id) == ("win_back", helper.id)
    tasks.complete_task(made.id, "called, coming on Saturday")
    assert first.customer_id not in [c.customer_id for c in slipping.slipping(D, limit=10_000).customers]


def test_the_context_menu_follows_up_too_and_never_twice(fitted, make_view, qtbot, monkeypatch):
    view = make_view()
    target = view.slipping.model.customer(1)
    menu = view.slipping.menu.menu_for(target.customer_id)
    follow = menu.findChild(type(menu.actions()[0]), "follow_up")
    assert follow is menu.actions()[0] and follow.text() == "Follow up"
    follow.trigger()
    assert Task.select().where(Task.customer == target.customer_id).count() == 1
    # A second try (a list not read again yet) says why and makes nothing.
    warned = []
    monkeypatch.setattr(
        "ui.views.followup.slipping_panel.QMessageBox.warning", lambda *args: warned.append(args[2])
    )
    view.slipping.model.set_customers([target], "CNY")
    assert view.slipping.follow_up(target.customer_id) is None
    assert warned and "already has an open" in warned[0]
    assert Task.select().where(Task.customer == target.customer_id).count() == 1


def test_a_new_fit_is_read_again(db, make_view, settled):
    view = make_view()
    assert view.slipping.model.rowCount() == 0
    demo.generate(2000, seed=5, until=D)
    lifetime.fit(D)
    view.ctx.actions.publish(Changes(lifetime=True))
    settled(view)
    assert rows(view) == [c.customer_id for c in slipping.slipping(D).customers]


def test_empty_says_why_in_english(db, make_view):
    view = make_view()
    assert empty_text(view) == (
        "Not enough data yet",
        "Not enough purchase history yet to estimate (the estimates have not been worked out yet)",
    )


def test_empty_says_why_in_chinese(db, make_view, chinese, settled):
    view = make_view()
    assert empty_text(view) == ("数据还不够", "购买记录还不够，暂无法预估（还没有算出预估）")
    lifetime.fit(D)  # nobody bought: too few repeat buyers
    view.ctx.actions.publish(Changes(lifetime=True))
    settled(view)
    assert empty_text(view)[1] == (
        f"购买记录还不够，暂无法预估（截至 {D.isoformat()} 只有 0 位顾客在两天或以上购买过，"
        "至少需要 200 位才能预估）"
    )


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_nobody_slipping_says_so(fitted, make_view, qapp, settled, language):
    settings.set(slipping.THRESHOLD_KEY, 0)
    i18n.install(qapp, language)
    try:
        view = make_view()
        title, detail = empty_text(view)
    finally:
        i18n.install(qapp, "en")
    if language == "en":
        assert title == "No valuable customer is slipping away"
        assert "under 0%" in detail
    else:
        assert title == "没有正在流失的重要顾客"
        assert "低于 0%" in detail


def test_the_threshold_is_changed_on_the_tab_and_the_list_follows(fitted, make_view, settled):
    view = make_view()
    before = rows(view)
    assert view.slipping.threshold.value() == 50 and view.slipping.threshold.isEnabled()
    view.slipping.threshold.setValue(10)
    settled(view)
    assert settings.get(slipping.THRESHOLD_KEY) == 10
    after = rows(view)
    assert after == [c.customer_id for c in slipping.slipping(D).customers]
    assert set(after) < set(before)
    assert all(view.slipping.model.customer(r).p_alive < 0.1 for r in range(len(after)))


def test_staff_see_the_threshold_but_may_not_change_it(fitted, open_page):
    from crm.models import Staff
    from crm.services.common import Actor
    from ui.context import AppContext

    clerk = Staff.create(name="李娜", role="staff")
    ctx = AppContext(location="test", actor=Actor(clerk.id, "staff", "李娜"))
    view = open_page(FollowUpView, ctx)
    assert not view.slipping.threshold.isEnabled()
    assert view.slipping.threshold.toolTip()
