"""Follow-up screen: buckets, suggestions (accept, dismiss, bulk), done/skip/reopen,
a new task with 大C routing and its confirmation, opening the customer."""

import json
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from crm import clock
from crm.levels import MICRO
from crm.models import AuditEntry, Customer, Staff, SuggestionDismissal, Task
from crm.pinyin import search_key
from crm.services import tasks
from crm.services.common import Actor
from crm.services.suggestions import Suggestion
from tests.conftest import TODAY
from tests.factories import community, customer, visit
from tests.ui.gestures import click, pick, type_text
from ui.context import AppContext
from ui.dialogs.task_dialog import TaskDialog
from ui.models.suggestion_model import SuggestionTableModel, suggestion_reason
from ui.models.task_model import TaskTableModel
from ui.views.followup import FollowUpView

D = TODAY


def days_ago(n: int) -> date:
    return D - timedelta(days=n)


def person(name: str, phone: str, **fields) -> Customer:
    code = fields.pop("code", None) or f"P{phone[-6:]}"
    return customer(name, phone=phone, code=code, search_key=search_key(name, phone, code, None), **fields)


def micro(name: str, phone: str, last_purchase_ago: int) -> Customer:
    c = person(name, phone)
    visit(c, days_ago(last_purchase_ago))
    Customer.update(level=MICRO).where(Customer.id == c.id).execute()
    return c


def make_view(qtbot, ctx=None) -> FollowUpView:
    view = FollowUpView(ctx or AppContext(location="test"))
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitUntil(lambda: view.suggestions_loaded, timeout=10000)
    return view


def shown(model) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


@pytest.fixture
def shop(db):
    """Two staff, a 大C with a 小c, and tasks around today."""
    li = Staff.create(name="李娜", role="staff")
    zhou = Staff.create(name="周敏", role="manager")
    wang = person("王丽", "+8613800000001")
    zhang = person("张伟", "+8613800000002")
    chen = person("陈静", "+8613800000003")
    zhao = person("赵敏", "+8613800000004")
    community(wang, [zhang], created=date(2025, 1, 1))
    t = {
        "overdue": tasks.create_task(chen.id, "service", days_ago(2), assignee_id=li.id, title="回访"),
        "today": tasks.create_task(zhang.id, "content", D, assignee_id=zhou.id, title="新品"),
        "today_unassigned": tasks.create_task(zhao.id, "experience", D, title="邀请体验"),
        "upcoming": tasks.create_task(chen.id, "birthday", D + timedelta(days=3), assignee_id=li.id),
        "later": tasks.create_task(zhao.id, "other", D + timedelta(days=20), assignee_id=li.id),
        "done": tasks.create_task(zhao.id, "service", days_ago(1), assignee_id=li.id),
    }
    tasks.complete_task(t["done"].id, "打过电话")
    return {"li": li, "zhou": zhou, "wang": wang, "zhang": zhang, "chen": chen, "zhao": zhao, **t}


# --- buckets ------------------------------------------------------------------------


def test_buckets_show_overdue_today_and_upcoming_tasks(shop, qtbot):
    view = make_view(qtbot)
    ids = [[m.task(r).id for r in range(m.rowCount())] for m in view.models]
    assert ids[view.TODAY] == [shop["today"].id, shop["today_unassigned"].id]
    assert ids[view.OVERDUE] == [shop["overdue"].id]
    assert ids[view.UPCOMING] == [shop["upcoming"].id]  # 20 days ahead is not upcoming
    assert view.tabs.tabText(view.TODAY) == "Today (2)"
    assert view.tabs.tabText(view.OVERDUE) == "Overdue (1)"
    assert view.tabs.tabText(view.CLOSED) == "Closed"  # loaded when first shown
    view.show_tab(view.CLOSED)
    closed = view.models[view.CLOSED]
    assert [closed.task(r).id for r in range(closed.rowCount())] == [shop["done"].id]
    assert view.tabs.tabText(view.CLOSED) == "Closed (1)"

    today_rows = shown(view.models[view.TODAY])
    # customer, kind, due, assignee, via, title
    assert today_rows[0][:6] == ["张伟", "Content", "2026-06-30", "周敏", "via 王丽", "新品"]
    assert today_rows[1][:6] == ["赵敏", "Experience", "2026-06-30", "Unassigned", "", "邀请体验"]
    overdue = view.models[view.OVERDUE]
    due = overdue.index(0, TaskTableModel.DUE)
    assert due.data(Qt.ItemDataRole.ToolTipRole) == "2 days overdue"


def test_assigned_to_filter(shop, qtbot):
    me = Actor(staff_id=shop["li"].id, role="staff", name="李娜")
    view = make_view(qtbot, AppContext(location="test", actor=me))
    view.select_assigned("me")
    assert view.models[view.TODAY].rowCount() == 0
    assert [t.id for t in view.models[view.OVERDUE].tasks()] == [shop["overdue"].id]
    view.select_assigned("none")
    assert [t.id for t in view.models[view.TODAY].tasks()] == [shop["today_unassigned"].id]
    assert view.models[view.OVERDUE].rowCount() == 0
    view.select_assigned(shop["zhou"].id)
    assert [t.id for t in view.models[view.TODAY].tasks()] == [shop["today"].id]
    view.select_assigned("all")
    assert view.models[view.TODAY].rowCount() == 2


# --- done, skip, reopen, reassign ---------------------------------------------------------


def test_done_with_outcome_stores_it_and_moves_the_task_to_closed(shop, qtbot):
    view = make_view(qtbot)
    view.show_tab(view.TODAY)
    view.tables[view.TODAY].selectRow(0)
    click(qtbot, view.done_button)
    dialog = view._dialog
    assert dialog.isVisible()
    type_text(dialog.text, "约了周六来店")
    with qtbot.waitSignal(view.ctx.bus.tasks_changed):
        click(qtbot, dialog.ok_button)
    task = Task.get_by_id(shop["today"].id)
    assert (task.status, task.outcome, task.closed_on) == ("done", "约了周六来店", D)
    assert shop["today"].id not in [t.id for t in view.models[view.TODAY].tasks()]
    assert view.tabs.tabText(view.TODAY) == "Today (1)"
    # The next task is selected, so the next Ctrl+D goes on with the list.
    assert view.selected_task().id == shop["today_unassigned"].id
    view.show_tab(view.CLOSED)
    closed = view.models[view.CLOSED]
    row = closed.row_of(shop["today"].id)
    assert closed.index(row, TaskTableModel.OUTCOME).data() == "约了周六来店"
    assert closed.index(row, TaskTableModel.STATUS).data() == "Done"


def test_skip_needs_a_reason_and_reopen_brings_it_back(shop, qtbot):
    view = make_view(qtbot)
    view.show_tab(view.OVERDUE)
    view.tables[view.OVERDUE].selectRow(0)
    click(qtbot, view.skip_button)
    dialog = view._dialog
    click(qtbot, dialog.ok_button)  # no reason yet
    assert dialog.isVisible() and not dialog.error.isHidden()
    assert Task.get_by_id(shop["overdue"].id).status == "open"
    type_text(dialog.text, "搬走了")
    click(qtbot, dialog.ok_button)
    task = Task.get_by_id(shop["overdue"].id)
    assert (task.status, task.outcome) == ("skipped", "搬走了")

    view.show_tab(view.CLOSED)
    closed = view.models[view.CLOSED]
    view.tables[view.CLOSED].selectRow(closed.row_of(shop["overdue"].id))
    assert not view.done_button.isEnabled()
    click(qtbot, view.reopen_button)
    assert Task.get_by_id(shop["overdue"].id).status == "open"
    assert [t.id for t in view.models[view.OVERDUE].tasks()] == [shop["overdue"].id]


def test_done_on_a_task_closed_elsewhere_shows_the_error_and_keeps_the_text(shop, qtbot):
    view = make_view(qtbot)
    view.tables[view.TODAY].selectRow(0)
    click(qtbot, view.done_button)
    dialog = view._dialog
    type_text(dialog.text, "打过电话")
    tasks.complete_task(shop["today"].id, "另一台电脑")  # another counter was quicker
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "already done" in dialog.error.text()
    assert dialog.text.text() == "打过电话"
    assert Task.get_by_id(shop["today"].id).outcome == "另一台电脑"


def test_reassign_from_the_menu(shop, qtbot):
    view = make_view(qtbot)
    view.tables[view.TODAY].selectRow(1)  # the unassigned one
    menu = view.reassign_menu()
    action = next(a for a in menu.actions() if a.text() == "李娜")
    action.trigger()
    assert Task.get_by_id(shop["today_unassigned"].id).assignee_id == shop["li"].id
    assert view.models[view.TODAY].index(1, TaskTableModel.ASSIGNEE).data() == "李娜"
    # Filtered to 李娜, a task given to someone else leaves the list.
    view.select_assigned(shop["li"].id)
    view.tables[view.TODAY].selectRow(0)
    next(a for a in view.reassign_menu().actions() if a.text() == "周敏").trigger()
    assert view.models[view.TODAY].rowCount() == 0
    assert Task.get_by_id(shop["today_unassigned"].id).assignee_id == shop["zhou"].id


def test_double_click_opens_the_customer(shop, qtbot):
    view = make_view(qtbot)
    table = view.tables[view.TODAY]
    rect = table.visualRect(view.models[view.TODAY].index(0, TaskTableModel.KIND))
    with qtbot.waitSignal(view.ctx.bus.open_customer) as opened:
        # A real double-click is a press and release, then the double-click.
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [shop["zhang"].id]


# --- suggestions --------------------------------------------------------------------------


def test_suggestions_load_in_the_background_with_translated_reasons(db, qtbot):
    micro("刘洋", "+8613800000011", 34)
    view = FollowUpView(AppContext(location="test"))
    qtbot.addWidget(view)
    assert view.loader.busy and not view.busy.isHidden()  # started, not waited for
    qtbot.waitUntil(lambda: view.suggestions_loaded, timeout=10000)
    assert view.busy.isHidden()
    model = view.suggestion_model
    assert model.rowCount() == 1
    assert model.index(0, SuggestionTableModel.CUSTOMER).data() == "刘洋"
    assert model.index(0, SuggestionTableModel.REASON).data() == (
        "Micro customer not back for 34 days (last purchase 5/27)"
    )
    assert view.suggestion_count.text() == "1 to review"


def test_reasons_for_every_rule():
    def s(rule, days, occasion, related=None):
        return Suggestion(rule, 1, "王丽", "content", D, "x", occasion, days, related_name=related)

    assert suggestion_reason(s("birthday", 3, date(2026, 7, 3))) == "Birthday on 7/3, in 3 days"
    assert suggestion_reason(s("birthday", 0, D)) == "Birthday today (6/30)"
    assert suggestion_reason(s("referral_converted", 2, days_ago(2), "张伟")) == (
        "Referral 张伟 made a first purchase — thank the referrer"
    )
    assert suggestion_reason(s("weak_dropping", 151, days_ago(151))) == (
        "Weak customer 151 days since last purchase — about to drop"
    )
    assert suggestion_reason(s("new_customer", 7, days_ago(7))) == "New customer: first visit 7 days ago"


def test_accepting_a_suggestion_creates_the_task_and_the_suggestion_disappears(db, qtbot):
    li = Staff.create(name="李娜", role="staff")
    liu = micro("刘洋", "+8613800000011", 40)
    sun = micro("孙丽", "+8613800000012", 50)
    view = make_view(qtbot)
    assert view.suggestion_model.total() == 2
    row = next(r for r in range(2) if view.suggestion_model.suggestion(r).customer_id == liu.id)
    view.select_suggestions([row])
    view.accept_assignee.setCurrentIndex(view.accept_assignee.findData(li.id))
    with qtbot.waitSignal(view.ctx.bus.tasks_changed):
        click(qtbot, view.accept_button)
    task = Task.get(Task.customer == liu.id)
    assert (task.kind, task.rule, task.assignee_id, task.due, task.status) == (
        "content",
        "micro_not_back",
        li.id,
        D,
        "open",
    )
    assert [s.customer_id for s in view.suggestion_model.suggestions()] == [sun.id]
    assert view.suggestion_count.text() == "1 to review"
    assert task.id in [t.id for t in view.models[view.TODAY].tasks()]
    # A fresh load agrees: the service no longer suggests it.
    view.reload_suggestions()
    qtbot.waitUntil(lambda: not view.loader.busy, timeout=10000)
    assert [s.customer_id for s in view.suggestion_model.suggestions()] == [sun.id]


def test_dismissing_a_suggestion_hides_it_for_good(db, qtbot):
    liu = micro("刘洋", "+8613800000011", 40)
    view = make_view(qtbot)
    view.select_suggestions([0])
    click(qtbot, view.dismiss_button)
    assert view.suggestion_model.total() == 0
    assert SuggestionDismissal.select().where(SuggestionDismissal.customer == liu.id).count() == 1
    assert Task.select().count() == 0
    view.reload_suggestions()
    qtbot.waitUntil(lambda: not view.loader.busy, timeout=10000)
    assert view.suggestion_model.total() == 0


def test_bulk_dismiss_asks_first(db, qtbot, monkeypatch):
    for i in range(3):
        micro(f"客户{i}", f"+86138000001{i:02d}", 40 + i)
    view = make_view(qtbot)
    view.select_suggestions([0, 1])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    click(qtbot, view.dismiss_button)
    assert SuggestionDismissal.select().count() == 0 and view.suggestion_model.total() == 3
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, view.dismiss_button)
    assert SuggestionDismissal.select().count() == 2 and view.suggestion_model.total() == 1


def test_bulk_accept_of_many_runs_in_the_background(db, qtbot):
    people = [micro(f"客户{i}", f"+86138000002{i:02d}", 31 + i) for i in range(30)]
    view = make_view(qtbot)
    view.suggestion_table.selectAll()
    chosen = len(view.selected_suggestions())
    assert chosen == 30
    with qtbot.waitSignal(view.ctx.bus.tasks_changed, timeout=10000):
        click(qtbot, view.accept_button)
        assert view.bulk.busy and not view.accept_button.isEnabled()
    assert Task.select().where(Task.rule == "micro_not_back").count() == 30
    assert {t.customer_id for t in Task.select()} == {p.id for p in people}
    assert view.suggestion_model.total() == 0
    assert "30" in view.status.text()


def model_tester_failures(qtlog) -> list[str]:
    """Qt's model tester reports through warnings: collect them so a test can fail on them."""
    return [r.message for r in qtlog.records if "FAIL!" in r.message]


def test_suggestions_model_is_lazy_and_sortable(db, qtbot, qtmodeltester, qtlog):
    rows = [
        Suggestion("micro_not_back", i, f"客户{i:04d}", "content", D, str(i), days_ago(30 + i), 30 + i)
        for i in range(70)
    ]
    model = SuggestionTableModel()
    model.BATCH = 20  # small batches keep the model tester quick
    model.set_suggestions(rows)
    assert model.rowCount() == 20 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 40
    qtmodeltester.check(model)  # fetches the rest as a view would when scrolled
    assert model.rowCount() == 70 and not model.canFetchMore()
    model.sort(SuggestionTableModel.CUSTOMER, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "客户0069"
    # The tester fetched again after the sort's reset; remove rows shown and not yet shown.
    model.sort(SuggestionTableModel.CUSTOMER, Qt.SortOrder.AscendingOrder)
    gone = model.remove_where(lambda s: s.customer_id % 2 == 0)
    assert gone == 35 and model.total() == 35
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 35
    assert all(model.suggestion(r).customer_id % 2 for r in range(model.rowCount()))
    assert model_tester_failures(qtlog) == []


def test_removing_unfetched_suggestions_keeps_the_shown_rows(db):
    rows = [Suggestion("micro_not_back", i, f"客户{i:04d}", "content", D, str(i), D, 30) for i in range(1000)]
    model = SuggestionTableModel()
    model.set_suggestions(rows)
    assert model.rowCount() == SuggestionTableModel.BATCH
    assert model.remove_where(lambda s: s.customer_id in (5, 6, 7, 900)) == 4
    assert model.rowCount() == SuggestionTableModel.BATCH - 3
    assert model.total() == 996
    assert [model.suggestion(r).customer_id for r in range(4, 6)] == [4, 8]


def test_task_model_passes_the_model_tester(shop, qtbot, qtmodeltester, qtlog):
    model = TaskTableModel()
    model.set_tasks(tasks.list_tasks())
    qtmodeltester.check(model)
    model.sort(TaskTableModel.CUSTOMER, Qt.SortOrder.DescendingOrder)
    names = [model.task(r).customer_name for r in range(model.rowCount())]
    assert names == sorted(names, reverse=True)
    done = tasks.reopen_task(shop["done"].id)
    model.remove_task(done.id)
    assert model.row_of(done.id) == -1
    row = model.add_task(done)
    assert model.task(row).id == done.id
    names = [model.task(r).customer_name for r in range(model.rowCount())]
    assert names == sorted(names, reverse=True)  # inserted where the sort puts it
    model.set_tasks(tasks.list_tasks(status="open"))
    assert model_tester_failures(qtlog) == []


# --- new task and 大C routing --------------------------------------------------------------


def open_new_task(view, qtbot) -> TaskDialog:
    click(qtbot, view.new_button)
    dialog = view._dialog
    assert isinstance(dialog, TaskDialog) and dialog.isVisible()
    return dialog


def test_new_task_for_a_small_c_is_routed_via_the_big_c(shop, qtbot):
    view = make_view(qtbot)
    dialog = open_new_task(view, qtbot)
    pick(qtbot, dialog.customer, "0002")  # 张伟, a member of 王丽's community
    assert not dialog.route_label.isHidden()
    assert dialog.route_label.text() == "Will be routed via Big C 王丽"
    dialog.kind.setCurrentIndex(dialog.kind.findData("service"))
    type_text(dialog.title, "问问新品反馈")
    with qtbot.waitSignal(view.ctx.bus.tasks_changed):
        click(qtbot, dialog.save_button)
    task = Task.get((Task.customer == shop["zhang"].id) & (Task.kind == "service"))
    assert (task.via_id, task.title, task.due) == (shop["wang"].id, "问问新品反馈", D)


def test_direct_task_to_a_small_c_asks_and_no_creates_nothing(shop, qtbot, monkeypatch):
    asked = []

    def answer(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    view = make_view(qtbot)
    before = Task.select().count()
    dialog = open_new_task(view, qtbot)
    pick(qtbot, dialog.customer, "0002")
    dialog.direct.setChecked(True)
    click(qtbot, dialog.save_button)
    assert asked == ["张伟 is served by Big C 王丽. Contact them directly anyway?"]
    assert Task.select().count() == before
    assert dialog.isVisible()  # nothing typed is lost

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, dialog.save_button)
    assert Task.select().count() == before + 1
    task = Task.select().order_by(Task.id.desc()).get()
    assert (task.customer_id, task.via_id) == (shop["zhang"].id, None)
    entry = AuditEntry.select().where((AuditEntry.entity == "task") & (AuditEntry.entity_id == task.id)).get()
    assert json.loads(entry.after)["bypassed_big_c"] == shop["wang"].id
    assert not dialog.isVisible()


def test_new_task_needs_a_customer_and_shows_service_errors_inline(shop, qtbot):
    view = make_view(qtbot)
    before = Task.select().count()
    dialog = open_new_task(view, qtbot)
    click(qtbot, dialog.save_button)
    assert not dialog.errors.labels["customer"].isHidden()
    Customer.update(archived=True).where(Customer.id == shop["chen"].id).execute()
    dialog.customer.set_customer(shop["chen"].id, "陈静")
    type_text(dialog.title, "回访")
    click(qtbot, dialog.save_button)
    assert "archived" in dialog.errors.labels["customer"].text()
    assert dialog.title.text() == "回访"
    assert Task.select().count() == before


def test_accepting_when_an_open_task_of_that_kind_exists_drops_the_stale_suggestion(db, qtbot, monkeypatch):
    liu = micro("刘洋", "+8613800000011", 40)
    view = make_view(qtbot)
    tasks.create_task(liu.id, "content")  # made on another screen meanwhile
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warned.append(text))
    view.select_suggestions([0])
    click(qtbot, view.accept_button)
    assert warned == ["刘洋 already has an open task of this kind."]
    assert view.suggestion_model.total() == 0
    assert Task.select().count() == 1


def test_buttons_follow_the_selection(shop, qtbot):
    view = make_view(qtbot)
    view.tables[view.TODAY].clearSelection()
    assert not view.done_button.isEnabled() and not view.reopen_button.isEnabled()
    view.tables[view.TODAY].selectRow(0)
    assert view.done_button.isEnabled() and not view.reopen_button.isEnabled()
    assert not view.accept_button.isEnabled()  # no suggestion selected


def test_changes_elsewhere_refresh_tasks_and_later_the_suggestions(shop, qtbot):
    view = make_view(qtbot)
    view._reload_timer.setInterval(0)
    made = tasks.create_task(shop["chen"].id, "content", D, title="别的页面建的")  # e.g. the customer page
    view.ctx.bus.tasks_changed.emit()
    assert made.id in [t.id for t in view.models[view.TODAY].tasks()]
    qtbot.waitUntil(lambda: view.suggestions_stale is False and not view.loader.busy, timeout=5000)
    # A page that is not shown only notes that its suggestions are stale ...
    view.hide()
    micro("刘洋", "+8613800000011", 40)
    view.ctx.bus.visits_changed.emit(1)
    assert view.suggestions_stale and not view.loader.busy
    # ... and reloads them when it is shown again.
    view.show()
    view.activated()
    qtbot.waitUntil(lambda: not view.loader.busy, timeout=5000)
    assert [s.customer_name for s in view.suggestion_model.suggestions()] == ["刘洋"]


def test_own_changes_do_not_reload_the_suggestions(shop, qtbot):
    micro("刘洋", "+8613800000011", 40)
    micro("孙丽", "+8613800000012", 50)
    view = make_view(qtbot)
    view.select_suggestions([0])
    click(qtbot, view.accept_button)
    assert not view.suggestions_stale and not view.loader.busy  # updated in place, no reload
    assert view.suggestion_model.total() == 1


def test_accepted_task_is_titled_in_the_app_language(db, qtbot):
    liu = micro("刘洋", "+8613800000011", 40)
    view = make_view(qtbot, AppContext(location="test", language="zh_CN"))
    suggestion = view.suggestion_model.suggestion(0)
    reason = suggestion_reason(suggestion)
    assert reason != suggestion.reason
    view.select_suggestions([0])
    click(qtbot, view.accept_button)
    task = Task.get(Task.customer == liu.id)
    assert task.title == reason  # the translated sentence, not the service's English one
    assert "2026-05-21" not in task.title


def test_accepting_titles_the_task_once_with_the_reason_the_list_shows(db, qtbot):
    liu = micro("刘洋", "+8613800000011", 40)
    view = make_view(qtbot)
    shown_reason = view.suggestion_model.index(0, SuggestionTableModel.REASON).data()
    view.select_suggestions([0])
    click(qtbot, view.accept_button)
    task = Task.get(Task.customer == liu.id)
    assert task.title == shown_reason
    entries = AuditEntry.select().where((AuditEntry.entity == "task") & (AuditEntry.entity_id == task.id))
    assert [e.action for e in entries] == ["create"]  # no second write to retitle it


def test_closed_tab_shows_tasks_closed_in_the_last_30_days_whatever_their_due_date(db, qtbot):
    chen = person("陈静", "+8613800000003")
    clock.fix(days_ago(31))
    long_closed = tasks.create_task(chen.id, "service", days_ago(31))
    tasks.complete_task(long_closed.id, "打过电话")
    clock.fix(days_ago(5))
    long_due = tasks.create_task(chen.id, "content", days_ago(90))  # due long ago, done lately
    tasks.skip_task(long_due.id, "搬走了")
    clock.fix(D)
    view = make_view(qtbot)
    view.show_tab(view.CLOSED)
    assert [t.id for t in view.models[view.CLOSED].tasks()] == [long_due.id]
    assert view.tabs.tabToolTip(view.CLOSED) == "Done or skipped in the last 30 days"
    view.select_assigned("none")
    assert [t.id for t in view.models[view.CLOSED].tasks()] == [long_due.id]


def test_staff_changed_in_the_settings_refills_the_staff_lists(shop, qtbot, monkeypatch):
    from crm.services import settings_page
    from ui.views.settings.staff import StaffSection

    owner = Staff.create(name="陈丽华", role="owner")
    view = make_view(qtbot)
    section = StaffSection(view.ctx)
    qtbot.addWidget(section)
    section.show_staff(settings_page.load(view.ctx.actor).staff)  # as the settings page gives it
    view.select_assigned(shop["li"].id)
    assert [t.id for t in view.models[view.OVERDUE].tasks()] == [shop["overdue"].id]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    section.select_row(section.model.row_of(shop["li"].id))
    with qtbot.waitSignal(view.ctx.bus.staff_changed):
        click(qtbot, section.active_button)  # deactivate 李娜
    assert view.assigned.findData(shop["li"].id) == -1
    assert view.accept_assignee.findData(shop["li"].id) == -1
    assert view.assigned.currentData() == "all"  # the filter on her is gone: everyone's tasks
    assert view.models[view.TODAY].rowCount() == 2
    Staff.update(name="周敏敏").where(Staff.id == shop["zhou"].id).execute()
    view.ctx.bus.staff_changed.emit()  # what the section says after an edit
    assert view.assigned.itemText(view.assigned.findData(shop["zhou"].id)) == "周敏敏"
    assert "周敏敏" in [t.assignee_name for t in view.models[view.TODAY].tasks()]
    assert view.accept_assignee.findData(owner.id) >= 0
