"""A customer's detail: level explanation, pins, timeline with delete and undo,
referrals (chain, fission tree, cycles), communities and 大C flag, tasks, archive."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QToolButton

from crm.models import Customer, Task, Visit
from crm.services import customers, referrals, visits
from crm.services.common import Actor
from tests.ui.test_customers import M, make_shop, make_view, row_for, type_text, wait_loaded
from ui.context import AppContext
from ui.models.customers_fission import CUSTOMER_ID_ROLE, FissionTreeModel
from ui.models.customers_timeline import VISIT_ID_ROLE


@pytest.fixture
def yes(monkeypatch):
    """Answer Yes to the confirmation questions."""
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def open_detail(qtbot, customer_id: int, ctx: AppContext | None = None):
    view = make_view(qtbot, ctx)
    view.open_customer(customer_id)
    return view, view.detail


def pick(qtbot, picker, text: str) -> None:
    """Type in a CustomerPicker and choose the first hit with Enter, like a person."""
    type_text(qtbot, picker, text)
    if not text.isascii():
        picker.textEdited.emit(picker.text())  # an input-method commit edits the text
    popup = picker.completer().popup()
    popup.setCurrentIndex(picker.completer().completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_opening_a_customer_explains_the_level_and_what_moves_them_up(db, qtbot):
    shop = make_shop()
    _, detail = open_detail(qtbot, shop.wang)
    assert detail.name_label.text() == "王丽"
    assert detail.badge.text() == "Strong"
    text = detail.explanation_label.text()
    assert text.startswith("Strong — ")
    assert "6 purchase days in the last 365 (≥ 6)" in text
    assert "last purchase 1 day ago (≤ 90)" in text
    steps = detail.steps_label.text()
    assert "What moves them up" in steps and "for Super-strong" in steps
    assert "138 1234 5678" in detail.facts_label.text()


def test_pin_with_an_empty_reason_shows_an_error_and_changes_nothing(db, qtbot):
    shop = make_shop()
    _, detail = open_detail(qtbot, shop.li)
    qtbot.mouseClick(detail.pin_button, Qt.MouseButton.LeftButton)
    dialog = detail.pin_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.level_combo.setCurrentIndex(4)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    error = dialog.errors.labels["reason"]
    assert not error.isHidden()
    assert "Reason" in error.text() and "reason" in error.text().lower()
    assert dialog.isVisible()  # nothing typed is lost
    assert dialog.level_combo.currentIndex() == 4
    row = Customer.get_by_id(shop.li)
    assert row.pin_level is None and row.level == 2
    assert detail.badge.text() == "Weak"


def test_pin_with_a_reason_changes_the_badge_and_the_list(db, qtbot):
    shop = make_shop()
    view, detail = open_detail(qtbot, shop.li)
    qtbot.mouseClick(detail.pin_button, Qt.MouseButton.LeftButton)
    dialog = detail.pin_dialog
    dialog.level_combo.setCurrentIndex(4)
    qtbot.keyClicks(dialog.reason_edit, "owner's sister")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    row = Customer.get_by_id(shop.li)
    assert row.pin_level == 4 and row.level == 4 and row.pin_reason == "owner's sister"
    assert detail.badge.text() == "Super-strong"
    assert "pinned (owner's sister)" in detail.explanation_label.text()
    assert detail.pin_button.text() == "Unpin level"
    qtbot.mouseClick(detail.back_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    assert row_for(view, shop.li)[M.COL_LEVEL] == "Super-strong"


def test_unpin_asks_and_gives_the_level_back_to_the_rules(db, qtbot, yes):
    shop = make_shop()
    from crm.services import customer_level

    customer_level.pin_level(shop.li, 4, "test")
    _, detail = open_detail(qtbot, shop.li)
    assert detail.badge.text() == "Super-strong"
    qtbot.mouseClick(detail.pin_button, Qt.MouseButton.LeftButton)
    assert yes and "李娜" in yes[0]
    assert Customer.get_by_id(shop.li).pin_level is None
    assert detail.badge.text() == "Weak"


def test_a_staff_member_may_not_pin_and_is_told_so(db, qtbot):
    from crm.errors import NotAllowed
    from crm.services import customer_level

    shop = make_shop()
    ctx = AppContext("test", actor=Actor(None, "staff", "小李"))
    _, detail = open_detail(qtbot, shop.li, ctx)
    assert not detail.pin_button.isEnabled()
    assert "manager" in detail.pin_button.toolTip()
    with pytest.raises(NotAllowed):  # the service refuses whatever the screen shows
        customer_level.pin_level(shop.li, "strong", "friend", actor=ctx.actor)
    assert Customer.get_by_id(shop.li).pin_level is None


def test_timeline_merges_visits_level_changes_and_tasks_newest_first(db, qtbot):
    shop = make_shop()
    from crm.services import tasks

    tasks.create_task(shop.li, "service", due=date(2026, 7, 3), title="call about the new stock")
    _, detail = open_detail(qtbot, shop.li)
    model = detail.timeline_model
    kinds = [model.item(r).kind for r in range(model.rowCount())]
    assert kinds.count("visit") == 2 and kinds.count("task") == 1 and "level" in kinds
    whens = [model.item(r).at for r in range(model.rowCount())]
    assert whens == sorted(whens, reverse=True)
    assert model.item(0).kind == "task"  # due in the future
    titles = [model.index(r, model.COL_WHAT).data() for r in range(model.rowCount())]
    assert "Purchase" in titles and any(t.startswith("Level ") for t in titles)


def test_delete_a_visit_with_a_reason_then_undo_restores_it(db, qtbot, monkeypatch):
    shop = make_shop()
    view, detail = open_detail(qtbot, shop.li)
    model = detail.timeline_model
    row = next(r for r in range(model.rowCount()) if model.item(r).visit_id is not None)
    visit_id = model.index(row, 0).data(VISIT_ID_ROLE)
    detail.timeline.setCurrentIndex(model.index(row, 0))
    assert detail.delete_visit_button.isEnabled()
    monkeypatch.setattr(detail, "ask_reason", lambda: ("typed on the wrong customer", True))
    qtbot.mouseClick(detail.delete_visit_button, Qt.MouseButton.LeftButton)
    assert Visit.get_or_none(Visit.id == visit_id) is None
    assert visit_id not in [model.item(r).visit_id for r in range(model.rowCount())]
    assert not detail.undo_button.isHidden()
    assert "deleted" in detail.message_label.text()
    assert Customer.get_by_id(shop.li).level == 1  # one purchase day left: Micro
    assert detail.badge.text() == "Micro"
    qtbot.mouseClick(detail.undo_button, Qt.MouseButton.LeftButton)
    assert Visit.get_or_none(Visit.id == visit_id) is not None
    assert visit_id in [model.item(r).visit_id for r in range(model.rowCount())]
    assert detail.undo_button.isHidden()
    assert Customer.get_by_id(shop.li).level == 2
    assert detail.badge.text() == "Weak"


def test_deleting_a_visit_without_a_reason_changes_nothing(db, qtbot, monkeypatch):
    shop = make_shop()
    _, detail = open_detail(qtbot, shop.li)
    model = detail.timeline_model
    row = next(r for r in range(model.rowCount()) if model.item(r).visit_id is not None)
    detail.timeline.setCurrentIndex(model.index(row, 0))
    monkeypatch.setattr(detail, "ask_reason", lambda: ("  ", True))
    qtbot.mouseClick(detail.delete_visit_button, Qt.MouseButton.LeftButton)
    assert Visit.select().where(Visit.customer == shop.li).count() == 2
    assert "Reason" in detail.message_label.text()
    assert detail.undo_button.isHidden()


def test_log_a_visit_inline_updates_level_timeline_and_list(db, qtbot):
    shop = make_shop()
    ctx = AppContext("test")
    view, detail = open_detail(qtbot, shop.wangqiang, ctx)
    assert detail.badge.text() == "None"
    qtbot.mouseClick(detail.log_button, Qt.MouseButton.LeftButton)
    assert detail.visit_amount.hasFocus()
    qtbot.keyClicks(detail.visit_amount, "88.5")
    qtbot.keyClick(detail.visit_amount, Qt.Key.Key_Return)
    visit = Visit.get(Visit.customer == shop.wangqiang)
    assert visit.amount == 8850 and visit.kind == "purchase"
    assert detail.badge.text() == "Micro"
    assert "Level now Micro" in detail.message_label.text()
    assert detail.visit_amount.text() == ""
    qtbot.mouseClick(detail.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row_for(view, shop.wangqiang)[M.COL_SPEND] == "¥88.50", timeout=3000)


def test_a_bad_amount_is_shown_next_to_the_field_and_kept(db, qtbot):
    shop = make_shop()
    _, detail = open_detail(qtbot, shop.wangqiang)
    qtbot.keyClicks(detail.visit_amount, "12.345")
    qtbot.mouseClick(detail.visit_log_button, Qt.MouseButton.LeftButton)
    label = detail.visit_errors.labels["amount"]
    assert not label.isHidden() and "decimal" in label.text()
    assert detail.visit_amount.text() == "12.345"
    assert Visit.select().where(Visit.customer == shop.wangqiang).count() == 0


def test_referral_chain_reads_from_the_root_and_opens_a_person(db, qtbot):
    shop = make_shop()
    grandchild = customers.create_customer("孙悦", "13300006666", referrer_id=shop.zhang).id
    _, detail = open_detail(qtbot, grandchild)
    text = detail.chain_label.text()
    assert text.index("王丽") < text.index("张伟") < text.index("孙悦")
    detail.chain_label.linkActivated.emit(str(shop.zhang))
    assert detail.customer_id == shop.zhang
    qtbot.mouseClick(detail.back_button, Qt.MouseButton.LeftButton)
    assert detail.customer_id == grandchild  # Back goes to the customer seen before


def test_fission_tree_shows_generations_totals_and_opens_a_person(db, qtbot, qtmodeltester):
    shop = make_shop()
    grandchild = customers.create_customer("孙悦", "13300006666", referrer_id=shop.zhang).id
    customers.create_customer("周杰", "13300007777", referrer_id=shop.wang)
    _, detail = open_detail(qtbot, shop.wang)
    assert "3 people in 2 generations" in detail.tree_totals.text()
    assert "1 converted" in detail.tree_totals.text()
    assert "Generation 2: 1" in detail.generations_label.text()
    model = detail.fission_model
    assert model.rowCount() == 2
    zhang_index = next(
        model.index(r, 0) for r in range(model.rowCount()) if model.index(r, 0).data() == "张伟"
    )
    assert model.index(zhang_index.row(), FissionTreeModel.COL_CONVERTED).data() == "✓"
    child = model.index(0, 0, zhang_index)
    assert child.data() == "孙悦" and child.data(CUSTOMER_ID_ROLE) == grandchild
    assert model.parent(child) == zhang_index
    qtmodeltester.check(model)
    detail.tree.activated.emit(child)
    assert detail.customer_id == grandchild


def test_setting_a_referrer_that_makes_a_cycle_is_refused_with_a_message(db, qtbot):
    shop = make_shop()
    _, detail = open_detail(qtbot, shop.wang)  # 王丽 brought 张伟
    detail.tabs.setCurrentIndex(1)
    pick(qtbot, detail.referrer_picker, "zw")  # 张伟
    assert detail.referrer_picker.customer_id() == shop.zhang
    qtbot.mouseClick(detail.set_referrer_button, Qt.MouseButton.LeftButton)
    label = detail.referral_errors.labels["referrer"]
    assert not label.isHidden()
    assert "loop" in label.text() and "王丽" in label.text() and "张伟" in label.text()
    assert Customer.get_by_id(shop.wang).referrer_id is None
    assert detail.referrer_picker.text()  # what was typed stays


def test_setting_and_clearing_a_referrer(db, qtbot, yes):
    shop = make_shop()
    _, detail = open_detail(qtbot, shop.li)
    assert "nobody" in detail.chain_label.text()
    pick(qtbot, detail.referrer_picker, "赵敏")
    qtbot.mouseClick(detail.set_referrer_button, Qt.MouseButton.LeftButton)
    assert Customer.get_by_id(shop.li).referrer_id == shop.zhao
    assert "赵敏" in detail.chain_label.text()
    qtbot.mouseClick(detail.clear_referrer_button, Qt.MouseButton.LeftButton)
    assert Customer.get_by_id(shop.li).referrer_id is None
    assert referrals.upstream_chain(shop.li) == []


def test_archive_asks_then_hides_the_customer_unless_include_archived(db, qtbot, yes):
    shop = make_shop()
    view, detail = open_detail(qtbot, shop.li)
    qtbot.mouseClick(detail.archive_button, Qt.MouseButton.LeftButton)
    assert yes and "李娜" in yes[0]
    assert Customer.get_by_id(shop.li).archived
    assert not detail.archived_tag.isHidden()
    assert detail.archive_button.text() == "Unarchive"
    qtbot.mouseClick(detail.back_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    assert shop.li not in view.model.ids()
    qtbot.mouseClick(view.archived_check, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    assert shop.li in view.model.ids()


def test_archive_answered_no_changes_nothing(db, qtbot, monkeypatch):
    shop = make_shop()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    _, detail = open_detail(qtbot, shop.li)
    qtbot.mouseClick(detail.archive_button, Qt.MouseButton.LeftButton)
    assert not Customer.get_by_id(shop.li).archived


def test_communities_tab_shows_roles_and_the_big_c_flag_toggles(db, qtbot):
    shop = make_shop()
    _, detail = open_detail(qtbot, shop.zhang)
    detail.tabs.setCurrentIndex(2)
    table = detail.communities_table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in (0, 2, 3)] == ["楼下宝妈群", "Member", "赵敏"]
    assert "small c served by 赵敏" in detail.big_c_status.text()
    assert detail.big_c_tag.isHidden()
    qtbot.mouseClick(detail.big_c_flag, Qt.MouseButton.LeftButton)
    assert Customer.get_by_id(shop.zhang).big_c_flag
    assert not detail.big_c_tag.isHidden()
    # Double-clicking the community opens its leader.
    table.itemActivated.emit(table.item(0, 0))
    assert detail.customer_id == shop.zhao
    assert detail.communities_table.item(0, 2).text() == "Leader"


def test_a_staff_member_cannot_flag_big_c_and_the_box_goes_back(db, qtbot):
    shop = make_shop()
    ctx = AppContext("test", actor=Actor(None, "staff", "小李"))
    _, detail = open_detail(qtbot, shop.zhang, ctx)
    detail.tabs.setCurrentIndex(2)
    qtbot.mouseClick(detail.big_c_flag, Qt.MouseButton.LeftButton)
    assert not Customer.get_by_id(shop.zhang).big_c_flag
    assert not detail.big_c_flag.isChecked()
    assert "may not" in detail.community_error.text()


def test_add_a_task_from_the_detail(db, qtbot):
    shop = make_shop()
    _, detail = open_detail(qtbot, shop.li)
    detail.tabs.setCurrentIndex(3)
    qtbot.keyClicks(detail.task_title, "send the new catalogue")
    qtbot.mouseClick(detail.add_task_button, Qt.MouseButton.LeftButton)
    task = Task.get(Task.customer == shop.li)
    assert task.title == "send the new catalogue" and task.status == "open"
    assert detail.tasks_table.rowCount() == 1
    assert detail.tasks_table.item(0, 3).text() == "send the new catalogue"


def test_timeline_model_passes_the_model_tester(db, qtbot, qtmodeltester):
    shop = make_shop()
    _, detail = open_detail(qtbot, shop.wang)
    assert detail.timeline_model.rowCount() >= 6
    qtmodeltester.check(detail.timeline_model)


def test_a_visit_logged_elsewhere_shows_in_the_open_detail(db, qtbot):
    shop = make_shop()
    ctx = AppContext("test")
    _, detail = open_detail(qtbot, shop.zhao, ctx)
    before = {detail.timeline_model.item(r).visit_id for r in range(detail.timeline_model.rowCount())}
    new = visits.log_visit(shop.zhao, 5000, "purchase").visit.id
    assert new not in before
    ctx.bus.visits_changed.emit(shop.zhao)

    def shown() -> set:
        return {detail.timeline_model.item(r).visit_id for r in range(detail.timeline_model.rowCount())}

    qtbot.waitUntil(lambda: new in shown(), timeout=2000)
    assert detail.badge.text() == "Weak"


def test_edit_profile_opens_the_customer_form_and_shows_the_saved_name(db, qtbot):
    shop = make_shop()
    view, detail = open_detail(qtbot, shop.li)
    qtbot.mouseClick(detail.edit_button, Qt.MouseButton.LeftButton)
    dialog = detail.profile_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.form_ready, timeout=5000)
    assert dialog.name.text() == "李娜"
    dialog.name.clear()
    type_text(qtbot, dialog.name, "李娜娜")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert customers.get_customer(shop.li).name == "李娜娜"
    assert detail.name_label.text() == "李娜娜"
    qtbot.mouseClick(detail.back_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    assert row_for(view, shop.li)[M.COL_NAME] == "李娜娜"


def test_staff_see_the_customer_but_not_the_buttons_their_role_may_not_use(db, qtbot):
    shop = make_shop()
    staff = AppContext(location=":memory:", actor=Actor(staff_id=None, role="staff", name="小李"))
    _, detail = open_detail(qtbot, shop.li, staff)
    assert detail.log_button.isEnabled()
    for button in (detail.edit_button, detail.pin_button, detail.archive_button):
        assert not button.isEnabled() and "manager" in button.toolTip()
    assert detail.findChild(QToolButton, "privacy_button").isHidden()


def test_a_manager_saves_a_customers_data_and_erases_them_by_typing_the_name(db, qtbot, tmp_path):
    import json

    from ui.dialogs.customer_privacy import EraseDialog

    shop = make_shop()
    manager = AppContext(location=":memory:", actor=Actor(staff_id=None, role="manager", name="店长"))
    _, detail = open_detail(qtbot, shop.li, manager)
    assert not detail.findChild(QToolButton, "privacy_button").isHidden()
    detail.write_customer_data(str(tmp_path / "li.json"))
    assert json.loads((tmp_path / "li.json").read_text(encoding="utf-8"))["customer"]["name"] == "李娜"
    assert "li.json" in detail.message_label.text()
    detail.erase_action.trigger()
    dialog = detail.findChild(EraseDialog)
    assert not dialog.erase_button.isEnabled()
    dialog.name_edit.setText("李")  # typed with an input method
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # Enter with the wrong name does nothing
    assert not Customer.get_by_id(shop.li).erased
    dialog.name_edit.setText("李娜")
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Erased" in detail.message_label.text(), timeout=10000)
    assert Customer.get_by_id(shop.li).erased
    assert detail.name_label.text() != "李娜"
    assert not detail.edit_button.isEnabled() and not detail.erase_action.isEnabled()
