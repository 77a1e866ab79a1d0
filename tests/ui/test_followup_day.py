"""The follow-up page as a day's work: today's share of ranked suggestions and how many wait,
the count following each answer, phone and WeChat on every row, Copy message in both
languages, each kind explained, and the messages in Settings."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from crm.levels import MICRO, STRONG
from crm.models import Customer, SuggestionDismissal, Task
from crm.services import followup_messages, levels, settings, tasks
from crm.services.followup_page import DAILY_KEY
from tests.conftest import TODAY as D
from tests.factories import customer, visit
from tests.ui.gestures import click
from ui import i18n
from ui.context import AppContext
from ui.dialogs.task_dialog import TaskDialog
from ui.models.suggestion_model import SuggestionTableModel as S
from ui.models.task_model import TaskTableModel as T
from ui.models.task_model import kind_explanation, kind_line
from ui.views.followup.page import FollowUpView
from ui.views.followup.task_lists import OVERDUE, TODAY
from ui.views.settings.page import SettingsView


def buyer(name: str, phone: str, bought_days_ago: list[int], amount: int = 1000, **fields) -> Customer:
    c = customer(name, phone=phone, **fields)
    for n in bought_days_ago:
        visit(c, D - timedelta(days=n), amount)
    return c


def lapsed(count: int) -> list[Customer]:
    """Micro customers not back for 40 days or more."""
    people = [buyer(f"客户{i:02d}", f"+86138000004{i:02d}", [40 + i]) for i in range(count)]
    levels.refresh_all(D)
    return people


@pytest.fixture
def make_view(open_page):
    return lambda ctx=None: open_page(FollowUpView, ctx)


@pytest.fixture
def chinese(qapp):
    i18n.install(qapp, "zh_CN")
    yield
    i18n.install(qapp, "en")


def row_of_rule(view, rule: str) -> int:
    rules = [s.rule for s in view.suggestions.model.suggestions()]
    return rules.index(rule)


def panel_rows(view) -> list[int]:
    model = view.suggestions.model
    return [model.suggestion(r).customer_id for r in range(model.rowCount())]


# --- ranked, and today's share ----------------------------------------------------------------


def test_the_list_is_ranked_by_level_then_spend_not_by_name(db, make_view):
    strong = buyer("阿强", "+8613800000101", [10, 20, 30, 40, 50, 60], 100, birthday=date(1990, 7, 3))
    small = buyer("白小", "+8613800000102", [60], 500)
    big = buyer("周大", "+8613800000103", [35], 90_000)
    levels.refresh_all(D)
    view = make_view()
    assert panel_rows(view) == [strong.id, big.id, small.id]
    model = view.suggestions.model
    assert [model.index(r, S.RANK).data() for r in range(3)] == ["1", "2", "3"]
    assert [model.index(r, S.LEVEL).data() for r in range(3)] == ["Strong", "Micro", "Micro"]
    # A column sorts the day's list; # puts the ranking back.
    view.suggestions.table.sortByColumn(S.CUSTOMER, Qt.SortOrder.DescendingOrder)
    by_name = sorted((strong, small, big), key=lambda c: c.name, reverse=True)
    assert panel_rows(view) == [c.id for c in by_name]
    view.suggestions.table.sortByColumn(S.RANK, Qt.SortOrder.AscendingOrder)
    assert panel_rows(view) == [strong.id, big.id, small.id]


def test_the_daily_number_shows_that_many_says_how_many_wait_and_shows_more(db, qtbot, make_view):
    people = lapsed(10)
    settings.set(DAILY_KEY, 3)
    view = make_view()
    panel = view.suggestions
    assert panel.model.rowCount() == 3 and panel.model.total() == 10
    assert panel.count.text() == "3 for today · 7 more waiting"
    assert panel.more_button.isVisible() and panel.more_button.text() == "Show 3 more"
    # The most overdue of equals first: the longest not back.
    assert panel_rows(view) == [p.id for p in people[::-1][:3]]

    click(qtbot, panel.more_button)
    assert panel.model.rowCount() == 6
    assert panel.count.text() == "6 for today · 4 more waiting"
    click(qtbot, panel.more_button)
    assert panel.more_button.text() == "Show 1 more"
    click(qtbot, panel.more_button)
    assert panel.model.rowCount() == 10 and panel.count.text() == "10 for today"
    assert not panel.more_button.isVisible()
    assert panel_rows(view) == [p.id for p in people[::-1]]


def test_one_for_today_is_said_in_the_singular(db, make_view):
    lapsed(2)
    settings.set(DAILY_KEY, 1)
    view = make_view()
    assert view.suggestions.count.text() == "1 for today · 1 more waiting"
    assert view.suggestions.more_button.text() == "Show 1 more"


def test_the_count_drops_after_accept_and_after_dismiss_and_stays_after_reading_again(
    db, qtbot, make_view, settled
):
    lapsed(5)
    settings.set(DAILY_KEY, 3)
    view = make_view()
    panel = view.suggestions
    assert panel.count.text() == "3 for today · 2 more waiting"

    panel.select_suggestions([0])
    with qtbot.waitSignal(view.ctx.actions.changed):
        click(qtbot, panel.accept_button)
    assert panel.count.text() == "2 for today · 2 more waiting"
    assert view.status.text() == "Accepted 1 suggestion; the tasks are in the lists above."
    assert panel.model.rowCount() == 2
    settled(view)  # read again: what was answered today counts against today's share
    assert panel.count.text() == "2 for today · 2 more waiting"

    panel.select_suggestions([0])
    click(qtbot, panel.dismiss_button)
    assert panel.count.text() == "1 for today · 2 more waiting"
    settled(view)
    assert panel.count.text() == "1 for today · 2 more waiting"
    assert Task.select().count() == 1 and SuggestionDismissal.select().count() == 1

    panel.select_suggestions([0])
    click(qtbot, panel.dismiss_button)
    assert panel.count.text() == "Done for today · 2 more waiting"
    assert view.suggestions.empty.title.text() == "Done for today"
    click(qtbot, panel.more_button)
    assert panel.count.text() == "2 for today" and panel.model.rowCount() == 2


# --- rows a clerk can act on ------------------------------------------------------------------


def test_rows_show_phone_and_wechat_and_the_kind_explains_itself(db, make_view):
    wang = buyer("王芳", "+8613800000101", [40], wechat="wangfang88")
    levels.refresh_all(D)
    tasks.create_task(wang.id, "service", D - timedelta(days=3))
    view = make_view()
    model = view.suggestions.model
    assert model.index(0, S.PHONE).data() == "138 0000 0101"
    assert model.index(0, S.WECHAT).data() == "wangfang88"
    assert model.headerData(S.WECHAT, Qt.Orientation.Horizontal) == "WeChat"
    assert model.index(0, S.KIND).data(Qt.ItemDataRole.ToolTipRole) == (
        "Content — send them something worth a look: new arrivals, a tip, photos of what they like"
    )
    view.suggestions.select_suggestions([0])
    assert view.suggestions.kind_hint.text() == kind_line("content")
    overdue = view.tasks.models[OVERDUE]
    assert overdue.index(0, T.PHONE).data() == "138 0000 0101"
    assert overdue.index(0, T.WECHAT).data() == "wangfang88"
    assert overdue.index(0, T.KIND).data(Qt.ItemDataRole.ToolTipRole) == kind_line("service")


def test_overdue_tasks_on_the_page_put_the_most_valuable_customers_first(db, make_view):
    strong = buyer("阿强", "+8613800000101", [10, 20, 30, 40, 50, 60], 100)
    small = buyer("白小", "+8613800000102", [60], 500)
    big = buyer("周大", "+8613800000103", [35], 90_000)
    levels.refresh_all(D)
    assert Customer.get_by_id(strong.id).level == STRONG and Customer.get_by_id(big.id).level == MICRO
    made = [tasks.create_task(c.id, "service", D - timedelta(days=n)) for c, n in ((small, 20), (big, 2))]
    made.append(tasks.create_task(strong.id, "service", D - timedelta(days=1)))
    view = make_view()
    shown = [t.customer_id for t in view.tasks.models[OVERDUE].tasks()]
    assert shown == [strong.id, big.id, small.id]
    # A task reopened here goes where the ranking puts it.
    closed = tasks.complete_task(made[1].id)
    view.tasks.place(closed)
    view.tasks.place(tasks.reopen_task(closed.id))
    assert [t.customer_id for t in view.tasks.models[OVERDUE].tasks()] == shown


def test_copy_message_puts_the_filled_template_on_the_clipboard(db, qtbot, make_view):
    settings.set("shop_name", "Rose & Co")
    wang = buyer("Wang Fang", "+8613800000101", [40, 400], birthday=date(1990, 7, 2))
    levels.refresh_all(D)
    tasks.create_task(wang.id, "service", D)
    view = make_view()
    # Not back for 40 days is more overdue than a birthday in 2 days.
    assert [s.rule for s in view.suggestions.model.suggestions()] == ["micro_not_back", "birthday"]
    view.suggestions.select_suggestions([row_of_rule(view, "birthday")])
    QGuiApplication.clipboard().clear()
    click(qtbot, view.suggestions.copy_button)
    expected = followup_messages.default_template("birthday", "en").format(name="Wang Fang", shop="Rose & Co")
    assert QGuiApplication.clipboard().text() == expected
    assert expected.startswith("Happy birthday, Wang Fang!") and expected.endswith("— Rose & Co")
    assert view.status.text() == "Message copied for Wang Fang."

    view.tasks.show_tab(TODAY)
    view.tasks.tables[TODAY].selectRow(0)
    click(qtbot, view.tasks.copy_button)
    assert QGuiApplication.clipboard().text().startswith("Hi Wang Fang, how are you getting on")


def test_copy_message_in_chinese_and_the_shops_own_template(db, qtbot, make_view, chinese):
    settings.set("shop_name", "小王鲜花店")
    buyer("王芳", "+8613800000101", [40, 400], birthday=date(1990, 7, 2))
    levels.refresh_all(D)
    view = make_view(AppContext(location="test", language="zh_CN"))
    view.suggestions.select_suggestions([row_of_rule(view, "birthday")])
    click(qtbot, view.suggestions.copy_button)
    text = QGuiApplication.clipboard().text()
    assert text == followup_messages.default_template("birthday", "zh_CN").format(
        name="王芳", shop="小王鲜花店"
    )
    assert text.startswith("王芳，生日快乐！") and text.endswith("——小王鲜花店")
    assert view.status.text() == "已复制给王芳的消息。"
    assert view.suggestions.count.text() == "今天 2 条"

    settings.set("followup.message.content", "{name}，好久不见！{shop}上新了。")
    view.suggestions.select_suggestions([row_of_rule(view, "micro_not_back")])
    click(qtbot, view.suggestions.copy_button)
    assert QGuiApplication.clipboard().text() == "王芳，好久不见！小王鲜花店上新了。"


# --- each kind explains itself ----------------------------------------------------------------


def test_every_kind_has_its_explanation_in_both_languages(qapp):
    english = [kind_explanation(k) for k in tasks.KINDS]
    assert all(english) and len(set(english)) == len(tasks.KINDS)
    assert kind_line("experience") == (
        "Experience — invite them to try something new in the shop: a tasting, a fitting, a new arrival"
    )
    i18n.install(qapp, "zh_CN")
    try:
        chinese = [kind_explanation(k) for k in tasks.KINDS]
        assert all(chinese) and set(chinese).isdisjoint(english)
        assert kind_line("experience") == "体验——邀请顾客来店里体验新东西：试吃、试穿、新品"
    finally:
        i18n.install(qapp, "en")


def test_the_task_dialog_explains_the_kind_chosen(db, qtbot, chinese):
    dialog = TaskDialog(AppContext(location="test", language="zh_CN"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.kind.currentData() == "content"
    assert dialog.kind_hint.text() == kind_explanation("content")
    dialog.kind.setCurrentIndex(dialog.kind.findData("companionship"))
    assert dialog.kind_hint.text() == "像朋友一样保持联系：问候近况，不推销"
    index = dialog.kind.findData("experience")
    assert dialog.kind.itemData(index, Qt.ItemDataRole.ToolTipRole) == kind_explanation("experience")
    form = dialog.layout().itemAt(0).layout()
    labels = [form.itemAt(r, form.ItemRole.LabelRole) for r in range(form.rowCount())]
    texts = [item.widget().text() for item in labels if item is not None and item.widget() is not None]
    assert "顾客" in texts and "客户" not in "".join(texts)
    assert dialog.direct.text() == "改为直接联系该顾客"
    dialog.kind.setCurrentIndex(dialog.kind.findData("content"))  # as opened: it closes without asking


# --- the settings: the daily number and the messages -----------------------------------------


@pytest.fixture
def section(db, qtbot):
    view = SettingsView(AppContext(location="test"))
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitUntil(lambda: view.data is not None and not view.loading())
    view.show_section("followup")
    return view.followup


def test_the_daily_number_is_a_setting(section, qtbot):
    assert section.daily.value() == 20
    section.daily.setValue(3)
    click(qtbot, section.save_button)
    assert settings.get(DAILY_KEY) == 3
    section.daily.setValue(0)
    click(qtbot, section.save_button)
    assert not section._error_labels[DAILY_KEY].isHidden()
    assert settings.get(DAILY_KEY) == 3


def test_a_template_with_an_unknown_placeholder_is_refused_and_nothing_is_saved(section, qtbot):
    editor = section.messages["birthday"]
    assert editor.toPlainText() == followup_messages.default_template("birthday", "en")
    section.daily.setValue(5)
    editor.setPlainText("Happy birthday, {nmae}! — {shop}")
    assert section.save_button.isEnabled()
    click(qtbot, section.save_button)
    error = section._error_labels["followup.message.birthday"]
    assert not error.isHidden()
    assert error.text() == "The app does not know the placeholder {nmae}: use {name}, {shop} or {staff}."
    assert settings.get("followup.message.birthday") == "" and settings.get(DAILY_KEY) == 20
    assert editor.toPlainText() == "Happy birthday, {nmae}! — {shop}"  # what was typed stays
    click(qtbot, section.resets["birthday"])
    assert error.isHidden() and editor.toPlainText() == followup_messages.default_template("birthday", "en")


def test_a_template_saved_then_reset_to_default(section, qtbot):
    editor = section.messages["birthday"]
    editor.setPlainText("{name}, happy birthday from all of us at {shop}!")
    click(qtbot, section.save_button)
    assert settings.get("followup.message.birthday") == "{name}, happy birthday from all of us at {shop}!"
    click(qtbot, section.resets["birthday"])
    assert editor.toPlainText() == followup_messages.default_template("birthday", "en")
    click(qtbot, section.save_button)
    assert settings.get("followup.message.birthday") == ""  # the default, in whatever language
