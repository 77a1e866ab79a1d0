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
from crm.services import followup_page, settings, tasks
from crm.services.changes import Changes
from crm.services.common import Actor
from crm.services.suggestions import Suggestion
from tests.conftest import TODAY as D
from tests.factories import community, customer, visit
from tests.ui.gestures import click, pick, type_text
from ui.context import AppContext
from ui.dialogs.task_dialog import OutcomeDialog, TaskDialog
from ui.models.suggestion_model import SuggestionTableModel, suggestion_reason
from ui.models.task_model import TaskTableModel
from ui.views.followup.filters import EVERYONE, ME, NOBODY
from ui.views.followup.page import FollowUpView
from ui.views.followup.task_lists import CLOSED, OVERDUE, TODAY, UPCOMING


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


@pytest.fixture
def make_view(open_page):
    """The follow-up page, shown, once it has read its tasks and suggestions."""
    return lambda ctx=None: open_page(FollowUpView, ctx)


def ids(view, tab: int) -> list[int]:
    return [t.id for t in view.tasks.models[tab].tasks()]


def choose(view, settled, key) -> None:
    """Filter the tasks by assignee; the lists are read again by the time this returns."""
    view.filter.choose(key)
    settled(view)


def outcome_of(view, qtbot, tab: int, row: int, button) -> OutcomeDialog:
    """Select a task and press Done or Skip: the dialog asking for the outcome."""
    view.tasks.show_tab(tab)
    view.tasks.tables[tab].selectRow(row)
    click(qtbot, button)
    dialog = view.tasks.dialog
    assert isinstance(dialog, OutcomeDialog) and dialog.isVisible()
    return dialog


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


def test_buckets_show_overdue_today_and_upcoming_tasks(shop, make_view):
    view = make_view()
    assert ids(view, TODAY) == [shop["today"].id, shop["today_unassigned"].id]
    assert ids(view, OVERDUE) == [shop["overdue"].id]
    assert ids(view, UPCOMING) == [shop["upcoming"].id]  # 20 days ahead is not upcoming
    assert ids(view, CLOSED) == [shop["done"].id]
    tabs = view.tasks.tabs
    assert [tabs.tabText(i) for i in range(4)] == ["Today (2)", "Overdue (1)", "Upcoming (1)", "Closed (1)"]

    today_rows = shown(view.tasks.models[TODAY])
    # customer, phone, WeChat, kind, due, assignee, via, title
    assert today_rows[0][:8] == [
        "张伟",
        "138 0000 0002",
        "",
        "Content",
        "2026-06-30",
        "周敏",
        "via 王丽",
        "新品",
    ]
    assert today_rows[1][:8] == [
        "赵敏",
        "138 0000 0004",
        "",
        "Experience",
        "2026-06-30",
        "Unassigned",
        "",
        "邀请体验",
    ]
    overdue = view.tasks.models[OVERDUE]
    due = overdue.index(0, TaskTableModel.DUE)
    assert due.data(Qt.ItemDataRole.ToolTipRole) == "2 days overdue"


def test_assigned_to_filter(shop, make_view, settled):
    me = Actor(staff_id=shop["li"].id, role="staff", name="李娜")
    view = make_view(AppContext(location="test", actor=me))
    choose(view, settled, ME)
    assert ids(view, TODAY) == []
    assert ids(view, OVERDUE) == [shop["overdue"].id]
    choose(view, settled, NOBODY)
    assert ids(view, TODAY) == [shop["today_unassigned"].id]
    assert ids(view, OVERDUE) == []
    choose(view, settled, shop["zhou"].id)
    assert ids(view, TODAY) == [shop["today"].id]
    choose(view, settled, EVERYONE)
    assert len(ids(view, TODAY)) == 2


# --- done, skip, reopen, reassign ---------------------------------------------------------


def test_done_with_outcome_stores_it_and_moves_the_task_to_closed(shop, qtbot, make_view):
    view = make_view()
    dialog = outcome_of(view, qtbot, TODAY, 0, view.tasks.done_button)
    type_text(dialog.text, "约了周六来店")
    with qtbot.waitSignal(view.ctx.actions.changed):
        click(qtbot, dialog.ok_button)
    task = Task.get_by_id(shop["today"].id)
    assert (task.status, task.outcome, task.closed_on) == ("done", "约了周六来店", D)
    assert shop["today"].id not in ids(view, TODAY)
    assert view.tasks.tabs.tabText(TODAY) == "Today (1)"
    assert view.status.text() == "Done: 张伟."
    # The next task is selected, so the next Ctrl+D goes on with the list.
    assert view.tasks.selected_task().id == shop["today_unassigned"].id
    view.tasks.show_tab(CLOSED)
    closed = view.tasks.models[CLOSED]
    row = closed.row_of(shop["today"].id)
    assert closed.index(row, TaskTableModel.OUTCOME).data() == "约了周六来店"
    assert closed.index(row, TaskTableModel.STATUS).data() == "Done"


def test_skip_needs_a_reason_and_reopen_brings_it_back(shop, qtbot, make_view):
    view = make_view()
    dialog = outcome_of(view, qtbot, OVERDUE, 0, view.tasks.skip_button)
    click(qtbot, dialog.ok_button)  # no reason yet
    assert dialog.isVisible() and not dialog.error.isHidden()
    assert Task.get_by_id(shop["overdue"].id).status == "open"
    type_text(dialog.text, "搬走了")
    click(qtbot, dialog.ok_button)
    task = Task.get_by_id(shop["overdue"].id)
    assert (task.status, task.outcome) == ("skipped", "搬走了")

    view.tasks.show_tab(CLOSED)
    closed = view.tasks.models[CLOSED]
    view.tasks.tables[CLOSED].selectRow(closed.row_of(shop["overdue"].id))
    assert not view.tasks.done_button.isEnabled()
    click(qtbot, view.tasks.reopen_button)
    assert Task.get_by_id(shop["overdue"].id).status == "open"
    assert ids(view, OVERDUE) == [shop["overdue"].id]


def test_done_on_a_task_closed_elsewhere_shows_the_error_and_keeps_the_text(shop, qtbot, make_view):
    view = make_view()
    dialog = outcome_of(view, qtbot, TODAY, 0, view.tasks.done_button)
    type_text(dialog.text, "打过电话")
    tasks.complete_task(shop["today"].id, "另一台电脑")  # another counter was quicker
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "already done" in dialog.error.text()
    assert dialog.text.text() == "打过电话"
    assert Task.get_by_id(shop["today"].id).outcome == "另一台电脑"


def test_reassign_from_the_menu(shop, make_view, settled):
    view = make_view()
    view.tasks.tables[TODAY].selectRow(1)  # the unassigned one
    menu = view.tasks.reassign_menu()
    action = next(a for a in menu.actions() if a.text() == "李娜")
    action.trigger()
    assert Task.get_by_id(shop["today_unassigned"].id).assignee_id == shop["li"].id
    assert view.tasks.models[TODAY].index(1, TaskTableModel.ASSIGNEE).data() == "李娜"
    # Filtered to 李娜, a task given to someone else leaves the list.
    choose(view, settled, shop["li"].id)
    view.tasks.tables[TODAY].selectRow(0)
    next(a for a in view.tasks.reassign_menu().actions() if a.text() == "周敏").trigger()
    assert view.tasks.models[TODAY].rowCount() == 0
    assert Task.get_by_id(shop["today_unassigned"].id).assignee_id == shop["zhou"].id


def test_double_click_opens_the_customer(shop, qtbot, make_view):
    view = make_view()
    table = view.tasks.tables[TODAY]
    rect = table.visualRect(view.tasks.models[TODAY].index(0, TaskTableModel.KIND))
    with qtbot.waitSignal(view.ctx.bus.open_customer) as opened:
        # A real double-click is a press and release, then the double-click.
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [shop["zhang"].id]


# --- suggestions --------------------------------------------------------------------------


def test_suggestions_load_in_the_background_with_translated_reasons(db, qtbot, settled):
    micro("刘洋", "+8613800000011", 34)
    view = FollowUpView(AppContext(location="test"))
    qtbot.addWidget(view)
    view.show()
    assert view.loading() and not view.busy.isHidden()  # started, not waited for
    assert view.suggestions.working.text() == "Looking for suggestions…"
    settled(view)
    assert view.busy.isHidden() and view.suggestions.working.text() == ""
    model = view.suggestions.model
    assert model.rowCount() == 1
    assert model.index(0, SuggestionTableModel.CUSTOMER).data() == "刘洋"
    assert model.index(0, SuggestionTableModel.REASON).data() == (
        "Micro customer not back for 34 days (last purchase 5/27)"
    )
    assert view.suggestions.count.text() == "1 for today"


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


def test_accepting_a_suggestion_creates_the_task_and_the_suggestion_disappears(db, qtbot, make_view, settled):
    li = Staff.create(name="李娜", role="staff")
    liu = micro("刘洋", "+8613800000011", 40)
    sun = micro("孙丽", "+8613800000012", 50)
    view = make_view()
    assert view.suggestions.model.total() == 2
    row = next(r for r in range(2) if view.suggestions.model.suggestion(r).customer_id == liu.id)
    view.suggestions.select_suggestions([row])
    view.suggestions.accept_assignee.setCurrentIndex(view.suggestions.accept_assignee.findData(li.id))
    with qtbot.waitSignal(view.ctx.actions.changed):
        click(qtbot, view.suggestions.accept_button)
    task = Task.get(Task.customer == liu.id)
    assert (task.kind, task.rule, task.assignee_id, task.due, task.status) == (
        "content",
        "micro_not_back",
        li.id,
        D,
        "open",
    )
    assert [s.customer_id for s in view.suggestions.model.suggestions()] == [sun.id]
    assert view.suggestions.count.text() == "1 for today"
    assert task.id in ids(view, TODAY)
    # The page reads again after the change, and the service no longer suggests it.
    settled(view)
    assert [s.customer_id for s in view.suggestions.model.suggestions()] == [sun.id]
    assert task.id in ids(view, TODAY)


def test_dismissing_a_suggestion_hides_it_for_good(db, qtbot, make_view, settled):
    liu = micro("刘洋", "+8613800000011", 40)
    view = make_view()
    view.suggestions.select_suggestions([0])
    click(qtbot, view.suggestions.dismiss_button)
    assert view.suggestions.model.total() == 0
    assert SuggestionDismissal.select().where(SuggestionDismissal.customer == liu.id).count() == 1
    assert Task.select().count() == 0
    view.refresh()
    settled(view)
    assert view.suggestions.model.total() == 0


def test_bulk_dismiss_asks_first(db, qtbot, monkeypatch, make_view):
    for i in range(3):
        micro(f"客户{i}", f"+86138000001{i:02d}", 40 + i)
    view = make_view()
    view.suggestions.select_suggestions([0, 1])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    click(qtbot, view.suggestions.dismiss_button)
    assert SuggestionDismissal.select().count() == 0 and view.suggestions.model.total() == 3
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, view.suggestions.dismiss_button)
    assert SuggestionDismissal.select().count() == 2 and view.suggestions.model.total() == 1


def test_bulk_accept_of_many_runs_in_the_background(db, qtbot, make_view, settled):
    settings.set("followup.daily_suggestions", 30)  # all of them today
    people = [micro(f"客户{i}", f"+86138000002{i:02d}", 31 + i) for i in range(30)]
    view = make_view()
    view.suggestions.table.selectAll()
    chosen = len(view.suggestions.selected_suggestions())
    assert chosen == 30
    with qtbot.waitSignal(view.ctx.actions.changed, timeout=10000):
        click(qtbot, view.suggestions.accept_button)
        assert view.suggestions.answering() and not view.suggestions.accept_button.isEnabled()
        assert view.suggestions.working.text() == "Accepting 30 suggestions…"
    assert Task.select().where(Task.rule == "micro_not_back").count() == 30
    assert {t.customer_id for t in Task.select()} == {p.id for p in people}
    assert view.suggestions.model.total() == 0
    assert view.status.text() == "Accepted 30 suggestions; the tasks are in the lists above."
    settled(view)  # the lists read again after the published change show the new tasks
    assert len(ids(view, TODAY)) == 30


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
    assert model.index(0, SuggestionTableModel.CUSTOMER).data() == "客户0069"
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
    # The rows read leave; those not read yet leave the book when it is read again.
    assert model.remove_where(lambda s: s.customer_id in (5, 6, 7, 900)) == 3
    assert model.rowCount() == SuggestionTableModel.BATCH - 3
    assert model.total() == 997
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
    dialog = view.dialog
    assert isinstance(dialog, TaskDialog) and dialog.isVisible()
    return dialog


def test_new_task_for_a_small_c_is_routed_via_the_big_c(shop, qtbot, make_view):
    view = make_view()
    dialog = open_new_task(view, qtbot)
    pick(qtbot, dialog.customer, "0002")  # 张伟, a member of 王丽's community
    assert not dialog.route_label.isHidden()
    assert dialog.route_label.text() == "Will be routed via Big C 王丽"
    dialog.kind.setCurrentIndex(dialog.kind.findData("service"))
    type_text(dialog.title, "问问新品反馈")
    with qtbot.waitSignal(view.ctx.actions.changed):
        click(qtbot, dialog.save_button)
    task = Task.get((Task.customer == shop["zhang"].id) & (Task.kind == "service"))
    assert (task.via_id, task.title, task.due) == (shop["wang"].id, "问问新品反馈", D)
    assert task.id in ids(view, TODAY)  # shown at once
    assert view.status.text() == "Task created for 张伟."


def test_direct_task_to_a_small_c_asks_and_no_creates_nothing(shop, qtbot, monkeypatch, make_view):
    asked = []

    def answer(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    view = make_view()
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


def test_new_task_needs_a_customer_and_shows_service_errors_inline(shop, qtbot, make_view):
    view = make_view()
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


def test_accepting_when_an_open_task_of_that_kind_exists_drops_the_stale_suggestion(
    db, qtbot, monkeypatch, make_view
):
    liu = micro("刘洋", "+8613800000011", 40)
    view = make_view()
    tasks.create_task(liu.id, "content")  # made on another screen meanwhile
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warned.append(text))
    view.suggestions.select_suggestions([0])
    click(qtbot, view.suggestions.accept_button)
    assert warned == ["刘洋 already has an open task of this kind."]
    assert view.suggestions.model.total() == 0
    assert Task.select().count() == 1


def test_buttons_follow_the_selection(shop, qtbot, make_view):
    view = make_view()
    view.tasks.tables[TODAY].clearSelection()
    assert not view.tasks.done_button.isEnabled() and not view.tasks.reopen_button.isEnabled()
    view.tasks.tables[TODAY].selectRow(0)
    assert view.tasks.done_button.isEnabled() and not view.tasks.reopen_button.isEnabled()
    assert not view.suggestions.accept_button.isEnabled()  # no suggestion selected


def test_changes_elsewhere_are_read_again_while_shown_and_when_shown_again(shop, qtbot, make_view, settled):
    view = make_view()
    with qtbot.waitSignal(view.ctx.actions.changed):  # e.g. on the customer page
        made = view.ctx.actions.create_task(shop["chen"].id, "content", D, title="别的页面建的")
    assert view.refresh_scheduled()
    settled(view)
    assert made.id in ids(view, TODAY)
    # A page that is not shown only notes that it is out of date ...
    view.hide()
    liu = micro("刘洋", "+8613800000011", 40)
    view.ctx.actions.publish(Changes.of([liu.id], visits=True))  # e.g. a sale at the counter
    assert view.is_dirty() and not view.refresh_scheduled() and not view.loading()
    # ... and reads again when it is shown.
    view.show()
    view.activated()
    settled(view)
    assert [s.customer_name for s in view.suggestions.model.suggestions()] == ["刘洋"]


def test_an_answer_shows_at_once_and_the_read_after_it_keeps_the_clerks_place(
    shop, qtbot, make_view, settled
):
    people = [micro(name, f"+86138000000{i}", 40 + i) for i, name in enumerate(("刘洋", "孙丽", "周杰"), 11)]
    view = make_view()
    view.suggestions.select_suggestions([0])
    first = view.suggestions.selected_suggestions()[0]
    click(qtbot, view.suggestions.accept_button)
    # Gone at once, before the page reads again; the next one takes its place.
    assert view.refresh_scheduled()
    assert first not in view.suggestions.model.suggestions() and view.suggestions.model.total() == 2
    second = view.suggestions.selected_suggestions()
    assert len(second) == 1 and second[0].customer_id in {p.id for p in people} - {first.customer_id}
    settled(view)
    assert view.suggestions.model.total() == 2
    assert view.suggestions.selected_suggestions() == second


def test_a_read_begun_before_an_answer_does_not_bring_the_answered_back(db, qtbot, make_view, settled):
    liu = micro("刘洋", "+8613800000011", 40)
    view = make_view()
    view.refresh()  # reads what is suggested now ...
    stale = followup_page.daily_suggestions()  # ... as that read will find it
    view.suggestions.select_suggestions([0])
    click(qtbot, view.suggestions.dismiss_button)
    view.suggestions.show_suggestions(stale)  # the read begun before the answer arrives
    assert view.suggestions.model.total() == 0
    settled(view)
    assert view.suggestions.model.total() == 0
    assert SuggestionDismissal.select().where(SuggestionDismissal.customer == liu.id).count() == 1


def test_accepted_task_is_titled_in_the_app_language(db, qtbot, make_view):
    liu = micro("刘洋", "+8613800000011", 40)
    view = make_view(AppContext(location="test", language="zh_CN"))
    suggestion = view.suggestions.model.suggestion(0)
    reason = suggestion_reason(suggestion)
    assert reason != suggestion.reason
    view.suggestions.select_suggestions([0])
    click(qtbot, view.suggestions.accept_button)
    task = Task.get(Task.customer == liu.id)
    assert task.title == reason  # the translated sentence, not the service's English one
    assert "2026-05-21" not in task.title


def test_accepting_titles_the_task_once_with_the_reason_the_list_shows(db, qtbot, make_view):
    liu = micro("刘洋", "+8613800000011", 40)
    view = make_view()
    shown_reason = view.suggestions.model.index(0, SuggestionTableModel.REASON).data()
    view.suggestions.select_suggestions([0])
    click(qtbot, view.suggestions.accept_button)
    task = Task.get(Task.customer == liu.id)
    assert task.title == shown_reason
    entries = AuditEntry.select().where((AuditEntry.entity == "task") & (AuditEntry.entity_id == task.id))
    assert [e.action for e in entries] == ["create"]  # no second write to retitle it


def test_closed_tab_shows_tasks_closed_in_the_last_30_days_whatever_their_due_date(db, make_view, settled):
    chen = person("陈静", "+8613800000003")
    clock.fix(days_ago(31))
    long_closed = tasks.create_task(chen.id, "service", days_ago(31))
    tasks.complete_task(long_closed.id, "打过电话")
    clock.fix(days_ago(5))
    long_due = tasks.create_task(chen.id, "content", days_ago(90))  # due long ago, done lately
    tasks.skip_task(long_due.id, "搬走了")
    clock.fix(D)
    view = make_view()
    assert ids(view, CLOSED) == [long_due.id]
    assert view.tasks.tabs.tabToolTip(CLOSED) == "Done or skipped in the last 30 days"
    choose(view, settled, NOBODY)
    assert ids(view, CLOSED) == [long_due.id]


def test_a_staff_change_in_the_settings_refills_the_staff_lists(shop, qtbot, monkeypatch, make_view, settled):
    from crm.services import settings_page
    from ui.views.settings.staff import StaffSection

    owner = Staff.create(name="陈丽华", role="owner")
    view = make_view()
    section = StaffSection(view.ctx)
    qtbot.addWidget(section)
    section.show_staff(settings_page.load(view.ctx.actor).staff)  # as the settings page gives it
    choose(view, settled, shop["li"].id)
    assert ids(view, OVERDUE) == [shop["overdue"].id]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    section.select_row(section.model.row_of(shop["li"].id))
    with qtbot.waitSignal(view.ctx.actions.changed):
        click(qtbot, section.active_button)  # deactivate 李娜
    settled(view)
    assert view.filter.findData(shop["li"].id) == -1
    assert view.suggestions.accept_assignee.findData(shop["li"].id) == -1
    assert view.filter.currentData() == EVERYONE  # the filter on her is gone: everyone's tasks
    assert len(ids(view, TODAY)) == 2
    view.ctx.actions.update_staff(shop["zhou"].id, name="周敏敏")  # as the section does after an edit
    settled(view)
    assert view.filter.itemText(view.filter.findData(shop["zhou"].id)) == "周敏敏"
    assert "周敏敏" in [t.assignee_name for t in view.tasks.models[TODAY].tasks()]
    assert view.suggestions.accept_assignee.findData(owner.id) >= 0


def test_the_tabs_say_their_counts_are_not_known_until_the_tasks_are_read(shop, qtbot):
    view = FollowUpView(AppContext(location="test"))
    qtbot.addWidget(view)
    tabs = view.tasks.tabs
    assert [tabs.tabText(i) for i in range(4)] == ["Today (…)", "Overdue (…)", "Upcoming (…)", "Closed (…)"]
    qtbot.waitUntil(lambda: not view.loading(), timeout=10_000)
    assert [tabs.tabText(i) for i in range(4)] == ["Today (2)", "Overdue (1)", "Upcoming (1)", "Closed (1)"]


def test_a_task_done_finds_only_its_customers_suggestions_again(shop, qtbot, make_view, settled, monkeypatch):
    sun = micro("孙丽", "+8613800000021", 45)
    liu = micro("刘洋", "+8613800000011", 40)
    waiting = tasks.create_task(sun.id, "content", D, title="新品")  # the micro rule's kind: not suggested
    view = make_view()
    assert [s.customer_id for s in view.suggestions.model.suggestions()] == [liu.id]
    whole_reads = []
    read_all = followup_page.daily_suggestions
    monkeypatch.setattr(followup_page, "daily_suggestions", lambda *a: whole_reads.append(a) or read_all(*a))

    dialog = outcome_of(
        view, qtbot, TODAY, view.tasks.models[TODAY].row_of(waiting.id), view.tasks.done_button
    )
    with qtbot.waitSignal(view.ctx.actions.changed):
        click(qtbot, dialog.ok_button)
    settled(view)

    assert {s.customer_id for s in view.suggestions.model.suggestions()} == {liu.id, sun.id}
    assert view.suggestions.model.total() == 2 and whole_reads == []
    assert view.suggestions.count.text() == "2 for today"


def test_a_page_shown_again_after_a_minute_reads_every_suggestion_again(
    shop, qtbot, make_view, settled, monkeypatch
):
    view = make_view()
    whole_reads = []
    read_all = followup_page.daily_suggestions
    monkeypatch.setattr(followup_page, "daily_suggestions", lambda *a: whole_reads.append(a) or read_all(*a))
    view.hide()
    liu = micro("刘洋", "+8613800000011", 40)
    view.ctx.actions.publish(Changes.of([liu.id], visits=True))
    view._loaded_at -= 120  # another counter may have written meanwhile
    view.show()
    view.activated()
    settled(view)
    assert len(whole_reads) == 1
    assert [s.customer_name for s in view.suggestions.model.suggestions()] == ["刘洋"]


def test_the_count_says_the_others_are_being_counted_until_they_are(shop, make_view, qtbot):
    liu = micro("刘洋", "+8613800000011", 40)
    sun = person("孙丽", "+8613800000021")
    Customer.update(level=MICRO + 2, birthday=date(1990, 7, 2)).where(Customer.id == sun.id).execute()
    settings.set("followup.daily_suggestions", 1)
    view = make_view()
    panel = view.suggestions
    first = followup_page.daily_suggestions(None, D, 0, True)  # the birthday (D is 30 June) ...
    assert not first.book.complete

    panel.show_suggestions(first)
    assert panel.count.text() == "1 for today · counting the others…" and not panel.more_button.isVisible()
    panel.show_suggestions(followup_page.rest_of_suggestions(first))  # ... and the Micro customer
    assert panel.count.text() == "1 for today · 1 more waiting" and panel.more_button.isVisible()
    assert [s.customer_id for s in panel.model.suggestions()] == [sun.id]
    click(qtbot, panel.more_button)  # a level not ranked yet: read off the GUI thread
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=5000)
    assert [s.customer_id for s in panel.model.suggestions()] == [sun.id, liu.id]
