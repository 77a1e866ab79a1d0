"""A customer's detail: level explanation, pins, timeline with delete and undo,
referrals (chain, fission tree, cycles), communities and 大C flag, tasks, archive."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from crm.models import Customer, Task, Visit
from crm.services import customer_level, customers, referrals, tasks
from crm.services.changes import Changes
from crm.services.common import Actor
from tests.ui.gestures import click, pick, type_text
from tests.ui.test_customers import make_shop, make_view, row_for, wait_loaded
from ui.context import AppContext
from ui.models.customer_table import CustomerTableModel as M
from ui.models.customers_fission import CUSTOMER_ID_ROLE, FissionTreeModel
from ui.models.customers_timeline import VISIT_ID_ROLE

STAFF = Actor(None, "staff", "小李")


@pytest.fixture
def yes(monkeypatch):
    """Answer Yes to the confirmation questions."""
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


@pytest.fixture
def open_detail(qtbot, settled):
    """The Customers page showing this customer's detail, read, in the active window."""

    def open_(customer_id: int, ctx: AppContext | None = None):
        view = make_view(qtbot, ctx)
        view.open_customer(customer_id)
        settled(view.detail)
        view.activateWindow()  # the list's search, hidden now, took the focus with it
        qtbot.waitUntil(view.isActiveWindow)
        return view, view.detail

    return open_


def pin(qtbot, detail, level: int, reason: str):
    """Pin level… then choose the level, type the reason and press Pin; returns the dialog."""
    click(qtbot, detail.header.pin_button)
    dialog = detail.header.pin_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.level_combo.setCurrentIndex(level)
    qtbot.keyClicks(dialog.reason_edit, reason)
    click(qtbot, dialog.ok_button)
    return dialog


def visit_ids(detail) -> list[int | None]:
    model = detail.timeline.model
    return [model.item(r).visit_id for r in range(model.rowCount())]


def select_a_visit(detail) -> int:
    model = detail.timeline.model
    row = next(r for r in range(model.rowCount()) if model.item(r).visit_id is not None)
    detail.timeline.table.setCurrentIndex(model.index(row, 0))
    return model.index(row, 0).data(VISIT_ID_ROLE)


def test_opening_a_customer_explains_the_level_and_what_moves_them_up(db, open_detail):
    shop = make_shop()
    _, detail = open_detail(shop.wang)
    assert detail.header.name_label.text() == "王丽"
    assert detail.header.badge.text() == "Strong"
    text = detail.level_box.explanation_label.text()
    assert text.startswith("Strong — ")
    assert "6 purchase days in the last 365 (≥ 6)" in text
    assert "last purchase 1 day ago (≤ 90)" in text
    steps = detail.level_box.steps_label.text()
    assert "What moves them up" in steps and "for Super-strong" in steps
    assert "138 1234 5678" in detail.header.facts_label.text()
    assert detail.timings["customer"] > 0  # read off the GUI thread


def test_nothing_in_the_header_is_cut_on_a_1024_pixel_screen(db, qtbot, open_detail):
    shop = make_shop()
    customers.update_customer(shop.wang, wechat="wang_li_flowers_2026", birthday="1990-08-21")
    _, detail = open_detail(shop.wang)
    header = detail.header
    # The header alone at the width it has beside the rail (the hidden list would hold the
    # whole page wider with this platform's fonts).
    header.setParent(None)
    qtbot.addWidget(header)
    header.resize(1024 - 150 - 40, header.sizeHint().height())
    header.show()
    qtbot.waitUntil(lambda: header.width() == 1024 - 150 - 40)
    for button in (
        header.edit_button,
        header.log_button,
        header.pin_button,
        header.archive_button,
        header.privacy,
    ):
        assert button.width() >= button.sizeHint().width(), button.text()
    facts = header.facts_label
    assert "wang_li_flowers_2026" in facts.text()
    assert facts.width() >= min(facts.sizeHint().width(), header.width() - header.back_button.width() - 24)


def test_pin_with_an_empty_reason_shows_an_error_and_changes_nothing(db, qtbot, open_detail):
    shop = make_shop()
    _, detail = open_detail(shop.li)
    dialog = pin(qtbot, detail, 4, "")
    error = dialog.errors.labels["reason"]
    assert not error.isHidden()
    assert "Reason" in error.text() and "reason" in error.text().lower()
    assert dialog.isVisible()  # nothing typed is lost
    assert dialog.level_combo.currentIndex() == 4
    row = Customer.get_by_id(shop.li)
    assert row.pin_level is None and row.level == 2
    assert detail.header.badge.text() == "Weak"


def test_pin_with_a_reason_changes_the_badge_and_the_list(db, qtbot, open_detail, settled):
    shop = make_shop()
    view, detail = open_detail(shop.li)
    dialog = pin(qtbot, detail, 4, "owner's sister")
    assert not dialog.isVisible()
    row = Customer.get_by_id(shop.li)
    assert row.pin_level == 4 and row.level == 4 and row.pin_reason == "owner's sister"
    assert "Level pinned" in detail.messages.label.text()
    settled(detail)
    assert detail.header.badge.text() == "Super-strong"
    assert "pinned (owner's sister)" in detail.level_box.explanation_label.text()
    assert detail.header.pin_button.text() == "Unpin level"
    click(qtbot, detail.header.back_button)
    wait_loaded(qtbot, view)
    assert row_for(view, shop.li)[M.COL_LEVEL] == "Super-strong"


def test_unpin_asks_and_gives_the_level_back_to_the_rules(db, qtbot, yes, open_detail, settled):
    shop = make_shop()
    customer_level.pin_level(shop.li, 4, "test")
    _, detail = open_detail(shop.li)
    assert detail.header.badge.text() == "Super-strong"
    click(qtbot, detail.header.pin_button)
    assert yes and "李娜" in yes[0]
    assert Customer.get_by_id(shop.li).pin_level is None
    settled(detail)
    assert detail.header.badge.text() == "Weak"


def test_a_staff_member_may_not_pin_and_is_told_so(db, open_detail):
    from crm.errors import NotAllowed

    shop = make_shop()
    ctx = AppContext("test", actor=STAFF)
    _, detail = open_detail(shop.li, ctx)
    assert not detail.header.pin_button.isEnabled()
    assert "manager" in detail.header.pin_button.toolTip()
    with pytest.raises(NotAllowed):  # the service refuses whatever the screen shows
        ctx.actions.pin_level(shop.li, "strong", "friend")
    assert Customer.get_by_id(shop.li).pin_level is None


def test_timeline_merges_visits_level_changes_and_tasks_newest_first(db, open_detail):
    shop = make_shop()
    tasks.create_task(shop.li, "service", due=date(2026, 7, 3), title="call about the new stock")
    _, detail = open_detail(shop.li)
    model = detail.timeline.model
    kinds = [model.item(r).kind for r in range(model.rowCount())]
    assert kinds.count("visit") == 2 and kinds.count("task") == 1 and "level" in kinds
    whens = [model.item(r).at for r in range(model.rowCount())]
    assert whens == sorted(whens, reverse=True)
    assert model.item(0).kind == "task"  # due in the future
    assert model.index(0, model.COL_WHEN).data() == "2026-07-03"
    titles = [model.index(r, model.COL_WHAT).data() for r in range(model.rowCount())]
    assert "Purchase" in titles and any(t.startswith("Level ") for t in titles)


def test_delete_a_visit_with_a_reason_then_undo_restores_it(db, qtbot, monkeypatch, open_detail, settled):
    shop = make_shop()
    _, detail = open_detail(shop.li)
    visit_id = select_a_visit(detail)
    assert detail.timeline.delete_button.isEnabled()
    monkeypatch.setattr(detail.timeline, "ask_reason", lambda visit: ("typed on the wrong customer", True))
    click(qtbot, detail.timeline.delete_button)
    assert Visit.get_or_none(Visit.id == visit_id) is None
    assert not detail.messages.undo_button.isHidden()
    assert "deleted" in detail.messages.label.text()
    assert Customer.get_by_id(shop.li).level == 1  # one purchase day left: Micro
    settled(detail)
    assert visit_id not in visit_ids(detail)
    assert detail.header.badge.text() == "Micro"
    click(qtbot, detail.messages.undo_button)
    assert Visit.get_or_none(Visit.id == visit_id) is not None
    assert detail.messages.undo_button.isHidden()
    assert Customer.get_by_id(shop.li).level == 2
    settled(detail)
    assert visit_id in visit_ids(detail)
    assert detail.header.badge.text() == "Weak"


def test_deleting_a_visit_without_a_reason_changes_nothing(db, qtbot, monkeypatch, open_detail):
    shop = make_shop()
    _, detail = open_detail(shop.li)
    select_a_visit(detail)
    monkeypatch.setattr(detail.timeline, "ask_reason", lambda visit: ("  ", True))
    click(qtbot, detail.timeline.delete_button)
    assert Visit.select().where(Visit.customer == shop.li).count() == 2
    assert "Reason" in detail.messages.label.text()
    assert detail.messages.undo_button.isHidden()


def test_the_delete_question_names_the_visit_and_waits_for_a_reason(db, qtbot, open_detail):
    """The real question: it says which visit; Delete stays off while the reason is blank, so
    a blank answer cannot throw the question away; a typed reason deletes."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.dialogs.delete_visit import DeleteVisitDialog

    shop = make_shop()
    _, detail = open_detail(shop.li)
    visit_id = select_a_visit(detail)
    seen: dict = {}

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, DeleteVisitDialog):
            QTimer.singleShot(10, answer)
            return
        seen["visit"] = dialog.visit_label.text()
        seen["blank"] = dialog.buttons.ok_button.isEnabled()
        qtbot.keyClicks(dialog.reason, "   ")
        seen["spaces"] = dialog.buttons.ok_button.isEnabled()
        qtbot.keyClicks(dialog.reason, "typed on the wrong customer")
        click(qtbot, dialog.buttons.ok_button)

    QTimer.singleShot(0, answer)
    click(qtbot, detail.timeline.delete_button)
    assert seen["visit"].startswith("Purchase") and " on 20" in seen["visit"]
    assert seen["blank"] is False and seen["spaces"] is False
    assert Visit.get_or_none(Visit.id == visit_id) is None
    assert "deleted" in detail.messages.label.text()


def test_log_a_visit_inline_updates_level_timeline_and_list(db, qtbot, open_detail, settled):
    shop = make_shop()
    view, detail = open_detail(shop.wangqiang)
    assert detail.header.badge.text() == "None"
    click(qtbot, detail.header.log_button)
    amount = detail.timeline.amount
    assert amount.hasFocus()
    qtbot.keyClicks(amount, "88.5")
    qtbot.keyClick(amount, Qt.Key.Key_Return)
    visit = Visit.get(Visit.customer == shop.wangqiang)
    assert visit.amount == 8850 and visit.kind == "purchase"
    assert "Level now Micro" in detail.messages.label.text()
    assert amount.text() == ""
    settled(detail)
    assert detail.header.badge.text() == "Micro"
    assert visit.id in visit_ids(detail)
    model = detail.timeline.model
    moved = next(model.item(r) for r in range(model.rowCount()) if model.item(r).kind == "level")
    # The change says why, from what the rules counted when it was made.
    assert moved.detail == "by the level rules: 1 purchase day in 365 days, bought that day"
    click(qtbot, detail.header.back_button)
    qtbot.waitUntil(lambda: row_for(view, shop.wangqiang)[M.COL_SPEND] == "¥88.50", timeout=3000)


def test_a_bad_amount_is_shown_next_to_the_field_and_kept(db, qtbot, open_detail):
    shop = make_shop()
    _, detail = open_detail(shop.wangqiang)
    qtbot.keyClicks(detail.timeline.amount, "12.345")
    click(qtbot, detail.timeline.log_button)
    label = detail.timeline.errors.labels["amount"]
    assert not label.isHidden() and "decimal" in label.text()
    assert detail.timeline.amount.text() == "12.345"
    assert Visit.select().where(Visit.customer == shop.wangqiang).count() == 0


def test_referral_chain_reads_from_the_root_and_opens_a_person(db, qtbot, open_detail, settled):
    shop = make_shop()
    grandchild = customers.create_customer("孙悦", "13300006666", referrer_id=shop.zhang).id
    _, detail = open_detail(grandchild)
    text = detail.referrals.chain_label.text()
    assert text.index("王丽") < text.index("张伟") < text.index("孙悦")
    detail.referrals.chain_label.linkActivated.emit(str(shop.zhang))
    assert detail.customer_id == shop.zhang
    settled(detail)
    assert detail.header.name_label.text() == "张伟"
    click(qtbot, detail.header.back_button)
    assert detail.customer_id == grandchild  # Back goes to the customer seen before
    settled(detail)
    assert detail.header.name_label.text() == "孙悦"


def test_fission_tree_shows_generations_totals_and_opens_a_person(db, qtmodeltester, open_detail):
    shop = make_shop()
    grandchild = customers.create_customer("孙悦", "13300006666", referrer_id=shop.zhang).id
    customers.create_customer("周杰", "13300007777", referrer_id=shop.wang)
    _, detail = open_detail(shop.wang)
    tab = detail.referrals
    assert "3 customers in 2 generations" in tab.tree_totals.text()
    assert "1 converted" in tab.tree_totals.text()
    assert "Generation 2: 1" in tab.generations_label.text()
    model = tab.model
    assert model.rowCount() == 2
    zhang_index = next(
        model.index(r, 0) for r in range(model.rowCount()) if model.index(r, 0).data() == "张伟"
    )
    assert model.index(zhang_index.row(), FissionTreeModel.COL_CONVERTED).data() == "✓"
    child = model.index(0, 0, zhang_index)
    assert child.data() == "孙悦" and child.data(CUSTOMER_ID_ROLE) == grandchild
    assert model.parent(child) == zhang_index
    qtmodeltester.check(model)
    tab.tree.activated.emit(child)
    assert detail.customer_id == grandchild


def test_setting_a_referrer_that_makes_a_cycle_is_refused_with_a_message(db, qtbot, open_detail):
    shop = make_shop()
    _, detail = open_detail(shop.wang)  # 王丽 brought 张伟
    tab = detail.referrals
    detail.tabs.setCurrentWidget(tab)
    pick(qtbot, tab.picker, "zw")  # 张伟
    assert tab.picker.customer_id() == shop.zhang
    click(qtbot, tab.set_button)
    label = tab.errors.labels["referrer"]
    assert not label.isHidden()
    assert "loop" in label.text() and "王丽" in label.text() and "张伟" in label.text()
    assert Customer.get_by_id(shop.wang).referrer_id is None
    assert tab.picker.text()  # what was typed stays


def test_setting_and_clearing_a_referrer(db, qtbot, yes, open_detail, settled):
    shop = make_shop()
    _, detail = open_detail(shop.li)
    tab = detail.referrals
    assert "nobody" in tab.chain_label.text()
    pick(qtbot, tab.picker, "zm")  # 赵敏
    click(qtbot, tab.set_button)
    assert Customer.get_by_id(shop.li).referrer_id == shop.zhao
    settled(detail)
    assert "赵敏" in tab.chain_label.text()
    click(qtbot, tab.clear_button)
    assert yes and "赵敏" in yes[0]
    assert Customer.get_by_id(shop.li).referrer_id is None
    assert referrals.upstream_chain(shop.li) == []
    settled(detail)
    assert "nobody" in tab.chain_label.text()


def test_staff_may_not_change_the_referrer(db, qtbot, open_detail):
    shop = make_shop()
    _, detail = open_detail(shop.zhang, AppContext("test", actor=STAFF))
    tab = detail.referrals
    pick(qtbot, tab.picker, "zm")  # 赵敏
    assert not tab.set_button.isEnabled() and not tab.clear_button.isEnabled()
    assert "manager" in tab.set_button.toolTip()


def test_archive_asks_then_hides_the_customer_unless_include_archived(db, qtbot, yes, open_detail, settled):
    shop = make_shop()
    view, detail = open_detail(shop.li)
    click(qtbot, detail.header.archive_button)
    assert yes and "李娜" in yes[0]
    assert Customer.get_by_id(shop.li).archived
    settled(detail)
    assert not detail.header.archived_tag.isHidden()
    assert detail.header.archive_button.text() == "Unarchive"
    assert not detail.timeline.log_button.isEnabled()
    click(qtbot, detail.header.back_button)
    wait_loaded(qtbot, view)
    assert shop.li not in view.list.model.ids()
    click(qtbot, view.list.filters.archived_check)
    wait_loaded(qtbot, view)
    assert shop.li in view.list.model.ids()


def test_archive_answered_no_changes_nothing(db, qtbot, monkeypatch, open_detail):
    shop = make_shop()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    _, detail = open_detail(shop.li)
    click(qtbot, detail.header.archive_button)
    assert not Customer.get_by_id(shop.li).archived


def test_communities_tab_shows_roles_and_the_big_c_flag_toggles(db, qtbot, open_detail, settled):
    shop = make_shop()
    _, detail = open_detail(shop.zhang)
    tab = detail.communities
    detail.tabs.setCurrentWidget(tab)
    assert tab.table.rowCount() == 1
    assert [tab.table.item(0, c).text() for c in (0, 2, 3)] == ["楼下宝妈群", "Member", "赵敏"]
    assert "small c served by 赵敏" in tab.big_c_status.text()
    assert detail.header.big_c_tag.isHidden()
    click(qtbot, tab.big_c_flag)
    assert Customer.get_by_id(shop.zhang).big_c_flag
    settled(detail)
    assert not detail.header.big_c_tag.isHidden()
    # Double-clicking the community opens its leader.
    tab.table.itemActivated.emit(tab.table.item(0, 0))
    assert detail.customer_id == shop.zhao
    settled(detail)
    assert tab.table.item(0, 2).text() == "Leader"


def test_a_staff_member_cannot_flag_big_c_and_the_box_goes_back(db, qtbot, open_detail):
    shop = make_shop()
    _, detail = open_detail(shop.zhang, AppContext("test", actor=STAFF))
    tab = detail.communities
    detail.tabs.setCurrentWidget(tab)
    click(qtbot, tab.big_c_flag)
    assert not Customer.get_by_id(shop.zhang).big_c_flag
    assert not tab.big_c_flag.isChecked()
    assert "may not" in tab.error.text()


def test_add_a_task_from_the_detail(db, qtbot, open_detail, settled):
    shop = make_shop()
    _, detail = open_detail(shop.li)
    tab = detail.tasks
    detail.tabs.setCurrentWidget(tab)
    qtbot.keyClicks(tab.title, "send the new catalogue")
    click(qtbot, tab.add_button)
    task = Task.get(Task.customer == shop.li)
    assert task.title == "send the new catalogue" and task.status == "open"
    assert task.due == date(2026, 7, 1)  # tomorrow unless chosen
    settled(detail)
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 3).text() == "send the new catalogue"


def test_timeline_model_passes_the_model_tester(db, qtmodeltester, open_detail):
    shop = make_shop()
    _, detail = open_detail(shop.wang)
    assert detail.timeline.model.rowCount() >= 6
    qtmodeltester.check(detail.timeline.model)


def test_a_visit_logged_elsewhere_shows_in_the_open_detail(db, open_detail, settled):
    shop = make_shop()
    ctx = AppContext("test")
    _, detail = open_detail(shop.zhao, ctx)
    new = ctx.actions.log_visit(shop.zhao, amount=5000, kind="purchase").visit.id
    assert detail.refresh_scheduled()
    settled(detail)
    assert new in visit_ids(detail)
    assert detail.header.badge.text() == "Weak"


def test_the_page_reads_again_for_those_it_shows_only(db, open_detail):
    """A purchase by someone they brought changes their tree; a stranger's changes nothing here."""
    shop = make_shop()
    ctx = AppContext("test")
    _, detail = open_detail(shop.wang, ctx)
    ctx.actions.log_visit(shop.wangqiang, amount=1000)
    assert not detail.is_dirty() and not detail.refresh_scheduled()
    ctx.actions.log_visit(shop.zhang, amount=1000)  # 王丽 brought 张伟
    assert detail.is_dirty() and detail.refresh_scheduled()
    assert detail.cares(Changes(tasks=True))
    assert detail.cares(Changes(staff=True))  # who logged a visit, who has a task: staff names
    assert not detail.cares(Changes.of([shop.wangqiang]))


def test_a_change_while_hidden_is_read_when_shown_again(db, qtbot, open_detail):
    shop = make_shop()
    ctx = AppContext("test")
    view, detail = open_detail(shop.li, ctx)
    click(qtbot, detail.header.back_button)  # the list is shown, the detail hidden
    customers.update_customer(shop.li, name="李娜娜")
    ctx.actions.publish(Changes.of([shop.li]))
    assert detail.is_dirty() and not detail.refresh_scheduled()
    view.open_customer(shop.li)
    qtbot.waitUntil(lambda: detail.header.name_label.text() == "李娜娜", timeout=5000)


def test_edit_profile_opens_the_customer_form_and_shows_the_saved_name(db, qtbot, open_detail, settled):
    shop = make_shop()
    view, detail = open_detail(shop.li)
    click(qtbot, detail.header.edit_button)
    dialog = detail.header.profile_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.form_ready, timeout=5000)
    assert dialog.name.text() == "李娜"
    dialog.name.clear()
    type_text(dialog.name, "李娜娜")
    click(qtbot, dialog.save_button)
    assert customers.get_customer(shop.li).name == "李娜娜"
    assert detail.messages.label.text() == "Profile saved."
    settled(detail)
    assert detail.header.name_label.text() == "李娜娜"
    click(qtbot, detail.header.back_button)
    wait_loaded(qtbot, view)
    assert row_for(view, shop.li)[M.COL_NAME] == "李娜娜"


def test_staff_see_the_customer_but_not_the_buttons_their_role_may_not_use(db, open_detail):
    shop = make_shop()
    _, detail = open_detail(shop.li, AppContext(location=":memory:", actor=STAFF))
    header = detail.header
    assert header.log_button.isEnabled()
    for button in (header.edit_button, header.pin_button, header.archive_button):
        assert not button.isEnabled() and "manager" in button.toolTip()
    assert detail.findChild(QPushButton, "privacy_button").isHidden()


def test_a_manager_saves_a_customers_data_and_erases_them_by_typing_the_name(
    db, qtbot, tmp_path, open_detail
):
    import json

    from ui.dialogs.customer_privacy import EraseDialog

    shop = make_shop()
    manager = AppContext(location=":memory:", actor=Actor(staff_id=None, role="manager", name="店长"))
    _, detail = open_detail(shop.li, manager)
    privacy = detail.findChild(QPushButton, "privacy_button")
    assert not privacy.isHidden()
    privacy.write_customer_data(str(tmp_path / "li.json"))
    assert json.loads((tmp_path / "li.json").read_text(encoding="utf-8"))["customer"]["name"] == "李娜"
    assert "li.json" in detail.messages.label.text()
    (tmp_path / "a file").write_text("")
    privacy.write_customer_data(str(tmp_path / "a file" / "li.json"))  # no such folder: said, no traceback
    assert detail.messages.label.text() and "li.json" not in detail.messages.label.text()
    privacy.erase_action.trigger()
    dialog = detail.findChild(EraseDialog)
    assert not dialog.erase_button.isEnabled()
    dialog.name_edit.setText("李")  # typed with an input method
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # Enter with the wrong name does nothing
    assert not Customer.get_by_id(shop.li).erased
    dialog.name_edit.setText("李娜")
    click(qtbot, dialog.erase_button)
    qtbot.waitUntil(lambda: "Erased" in detail.messages.label.text(), timeout=10000)
    assert Customer.get_by_id(shop.li).erased
    qtbot.waitUntil(lambda: detail.header.name_label.text() != "李娜", timeout=5000)
    assert not detail.header.edit_button.isEnabled() and not privacy.erase_action.isEnabled()


def test_a_customer_being_read_shows_no_level_until_theirs_is_in(db, qtbot, settled):
    shop = make_shop()
    view = make_view(qtbot, None)
    view.open_customer(shop.wang)
    assert view.detail.header.badge.text() == ""  # not level 0's name ("None") for a moment
    settled(view.detail)
    assert view.detail.header.badge.text() == "Strong"
