"""The customer form: create and edit, with errors next to their field."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from crm.models import AuditEntry, Customer, Membership
from crm.services import communities, community_changes, customers, referrals
from crm.services.changes import Changes
from crm.services.common import Actor
from tests import factories
from tests.ui.gestures import click, type_text
from ui.context import AppContext
from ui.dialogs.customer_dialog import CustomerDialog


@pytest.fixture
def published(ctx) -> list[Changes]:
    """What the form's saves told the other screens."""
    said: list[Changes] = []
    ctx.actions.changed.connect(said.append)
    return said


def open_dialog(qtbot, ctx, **kwargs) -> CustomerDialog:
    dialog = CustomerDialog(ctx, **kwargs)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.form_ready, timeout=5000)
    return dialog


def save(qtbot, dialog):
    click(qtbot, dialog.save_button)


def save_new(qtbot, ctx, name: str = "", **typed: str) -> CustomerDialog:
    """The new-customer form with the name and the other fields typed, after Save."""
    dialog = open_dialog(qtbot, ctx)
    type_text(dialog.name, name)
    for field, text in typed.items():
        qtbot.keyClicks(getattr(dialog, field), text)
    save(qtbot, dialog)
    return dialog


def pick_referrer(qtbot, dialog, text):
    picker = dialog.referrer
    qtbot.keyClicks(picker, text)
    popup = picker.completer().popup()
    popup.setCurrentIndex(picker.completer().completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def error(dialog, field):
    label = dialog.errors.labels[field]
    return "" if label.isHidden() else label.text()


# --- creating ------------------------------------------------------------------


def test_new_customer_is_saved_with_every_field(qtbot, ctx, published):
    dialog = open_dialog(qtbot, ctx, prefill={"phone": "13812345678"})
    assert dialog.windowTitle() == "New customer"
    assert dialog.code.placeholderText() == "Automatic: C000001"
    type_text(dialog.name, "王丽")
    qtbot.keyClicks(dialog.wechat, "wangli88")
    dialog.birthday.set_value(date(1990, 3, 8))
    qtbot.keyClicks(dialog.tags, "vip, tea")
    dialog.notes.setPlainText("likes oolong")
    save(qtbot, dialog)

    assert dialog.result() == CustomerDialog.DialogCode.Accepted
    assert [c.customers for c in published] == [{dialog.customer_id}]
    info = customers.get_customer(dialog.customer_id)
    assert (info.name, info.phone, info.wechat, info.birthday) == (
        "王丽",
        "+8613812345678",
        "wangli88",
        date(1990, 3, 8),
    )
    assert info.tags == ["vip", "tea"] and info.notes == "likes oolong"
    assert info.code == "C000001" and info.source == "walk_in"


def test_invalid_phone_is_shown_next_to_the_phone_and_nothing_is_created(qtbot, ctx, published):
    dialog = save_new(qtbot, ctx, "王丽", phone="12345")

    assert "12345 is not a valid phone number" in error(dialog, "phone")
    assert dialog.isVisible() and dialog.customer_id is None
    assert Customer.select().count() == 0 and published == []
    # Nothing typed is lost; fixing the number saves.
    assert (dialog.name.text(), dialog.phone.text()) == ("王丽", "12345")
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "13812345678")
    save(qtbot, dialog)
    assert error(dialog, "phone") == ""
    assert Customer.select().count() == 1


def test_a_name_is_required(qtbot, ctx):
    dialog = open_dialog(qtbot, ctx, prefill={"phone": "13812345678"})
    save(qtbot, dialog)
    assert "is required" in error(dialog, "name")
    assert Customer.select().count() == 0


def test_duplicate_phone_names_the_existing_customer_and_offers_to_open_them(qtbot, ctx):
    wang = customers.create_customer("王丽", "13812345678")
    dialog = save_new(qtbot, ctx, "王小丽", phone="138-1234-5678")

    assert "already belongs to 王丽" in error(dialog, "phone")
    assert dialog.open_existing_button.isVisible()
    assert Customer.select().count() == 1
    assert dialog.name.text() == "王小丽"
    with qtbot.waitSignal(ctx.bus.open_customer, timeout=1000) as opened:
        click(qtbot, dialog.open_existing_button)
    assert opened.args == [wang.id]
    assert not dialog.isVisible()


def test_duplicate_code_is_shown_next_to_the_code(qtbot, ctx):
    customers.create_customer("王丽", code="VIP1")
    dialog = save_new(qtbot, ctx, "张伟", code="VIP1")
    assert "VIP1 already belongs to 王丽" in error(dialog, "code")
    assert Customer.select().count() == 1


def test_referred_by_picker_sets_the_referrer_and_the_source(qtbot, ctx):
    zhang = customers.create_customer("张伟", "13900001111")
    dialog = open_dialog(qtbot, ctx)
    type_text(dialog.name, "王丽")
    pick_referrer(qtbot, dialog, "1111")
    assert dialog.referrer.customer_id() == zhang.id
    assert dialog.source.currentData() == "referral"
    save(qtbot, dialog)

    info = customers.get_customer(dialog.customer_id)
    assert info.referrer_id == zhang.id and info.source == "referral"


def test_a_referrer_typed_but_not_picked_is_refused(qtbot, ctx):
    customers.create_customer("张伟", "13900001111")
    dialog = save_new(qtbot, ctx, "王丽", referrer="zw")
    assert "pick the referrer from the list" in error(dialog, "referrer")
    assert Customer.select().count() == 1


def test_new_customer_joins_the_ticked_communities(qtbot, ctx, published):
    leader = factories.customer("李娜")
    tea = factories.community(leader, [], name="茶友群")
    factories.community(leader, [], name="跑步群")
    dialog = open_dialog(qtbot, ctx)
    assert dialog.communities.model.rowCount() == 2
    type_text(dialog.name, "王丽")
    dialog.set_community_checked(tea.id)
    save(qtbot, dialog)
    assert dialog.result() == CustomerDialog.DialogCode.Accepted
    assert published[-1].communities
    assert [link.name for link in communities.communities_of(dialog.customer_id)] == ["茶友群"]


def test_a_failed_community_join_keeps_the_new_customer_and_says_why(qtbot, ctx):
    leader = factories.customer("李娜")
    tea = factories.community(leader, [], name="茶友群")
    dialog = open_dialog(qtbot, ctx)
    type_text(dialog.name, "王丽")
    dialog.set_community_checked(tea.id)
    community_changes.archive_community(tea.id)  # archived by someone else meanwhile
    save(qtbot, dialog)

    assert dialog.customer_id is not None
    assert customers.get_customer(dialog.customer_id).name == "王丽"
    text = error(dialog, "communities")
    assert "王丽 was saved" in text and "茶友群" in text and "archived" in text
    assert dialog.isVisible() and dialog.is_edit()
    # Saving again does not create a second customer.
    community_changes.unarchive_community(tea.id)
    save(qtbot, dialog)
    assert Customer.select().where(Customer.name == "王丽").count() == 1
    assert Membership.select().where(Membership.customer == dialog.customer_id).count() == 1


def test_staff_can_tick_communities_for_a_new_customer(qtbot, db):
    leader = factories.customer("李娜")
    factories.community(leader, [], name="茶友群")
    ctx = AppContext(location="x", actor=Actor(None, "staff", "Anna"))
    dialog = open_dialog(qtbot, ctx)
    assert dialog.communities.list.isEnabled() and dialog.communities.status.isHidden()


# --- editing -------------------------------------------------------------------


def test_edit_loads_the_customer_and_saves_only_what_changed(qtbot, ctx, published):
    wang = customers.create_customer("王丽", "13812345678", wechat="wl", tags=["vip"])
    dialog = open_dialog(qtbot, ctx, customer_id=wang.id)
    assert dialog.windowTitle() == "Edit customer: 王丽"
    assert (dialog.name.text(), dialog.phone.text(), dialog.code.text()) == (
        "王丽",
        "138 1234 5678",
        wang.code,
    )
    assert dialog.tags.text() == "vip"
    dialog.name.clear()
    type_text(dialog.name, "王丽丽")
    save(qtbot, dialog)

    assert [c.customers for c in published] == [{wang.id}]
    assert dialog.result() == CustomerDialog.DialogCode.Accepted
    assert customers.get_customer(wang.id).name == "王丽丽"
    entry = (
        AuditEntry.select()
        .where((AuditEntry.entity == "customer") & (AuditEntry.action == "update"))
        .order_by(AuditEntry.id.desc())
        .first()
    )
    import json

    before, after = json.loads(entry.before), json.loads(entry.after)
    changed_keys = {k for k in after if before.get(k) != after.get(k)}
    assert changed_keys == {"name"}


def test_edit_changes_the_referrer(qtbot, ctx):
    zhang = customers.create_customer("张伟", "13900001111")
    wang = customers.create_customer("王丽", "13812345678")
    dialog = open_dialog(qtbot, ctx, customer_id=wang.id)
    pick_referrer(qtbot, dialog, "1111")
    save(qtbot, dialog)
    assert customers.get_customer(wang.id).referrer_id == zhang.id


def test_a_referral_loop_is_refused_in_edit_mode_and_nothing_changes(qtbot, ctx):
    zhang = customers.create_customer("张伟", "13900001111")
    wang = customers.create_customer("王丽", "13812345678", referrer_id=zhang.id)
    dialog = open_dialog(qtbot, ctx, customer_id=zhang.id)
    dialog.name.clear()
    type_text(dialog.name, "张大伟")
    pick_referrer(qtbot, dialog, "5678")
    assert dialog.referrer.customer_id() == wang.id
    save(qtbot, dialog)

    text = error(dialog, "referrer")
    assert "referral loop" in text and "张伟 → 王丽 → 张伟" in text
    assert dialog.isVisible()
    info = customers.get_customer(zhang.id)
    assert info.referrer_id is None and info.name == "张伟"
    assert referrals.upstream_chain(zhang.id) == []


def test_a_customer_cannot_refer_themselves(qtbot, ctx):
    wang = customers.create_customer("王丽", "13812345678")
    dialog = open_dialog(qtbot, ctx, customer_id=wang.id)
    pick_referrer(qtbot, dialog, "5678")
    save(qtbot, dialog)
    assert "cannot refer themselves" in error(dialog, "referrer")
    assert customers.get_customer(wang.id).referrer_id is None


def test_clearing_the_referrer_in_edit_mode_removes_it(qtbot, ctx):
    zhang = customers.create_customer("张伟", "13900001111")
    wang = customers.create_customer("王丽", "13812345678", referrer_id=zhang.id)
    dialog = open_dialog(qtbot, ctx, customer_id=wang.id)
    assert dialog.referrer.customer_id() == zhang.id and dialog.referrer.text() == "张伟"
    dialog.referrer.selectAll()
    qtbot.keyClick(dialog.referrer, Qt.Key.Key_Backspace)
    assert dialog.referrer.customer_id() is None
    save(qtbot, dialog)
    assert customers.get_customer(wang.id).referrer_id is None


def test_edit_ticks_current_communities_and_leaves_unticked_ones(qtbot, ctx):
    leader = factories.customer("李娜")
    member = customers.create_customer("王丽", "13812345678")
    tea = factories.community(leader, [Customer.get_by_id(member.id)], name="茶友群")
    run = factories.community(leader, [], name="跑步群")
    dialog = open_dialog(qtbot, ctx, customer_id=member.id)
    assert dialog.checked_communities() == {tea.id}
    dialog.set_community_checked(tea.id, False)
    dialog.set_community_checked(run.id, True)
    save(qtbot, dialog)
    assert [link.name for link in communities.communities_of(member.id)] == ["跑步群"]


def test_a_duplicate_phone_in_edit_mode_is_shown_and_changes_nothing(qtbot, ctx):
    customers.create_customer("张伟", "13900001111")
    wang = customers.create_customer("王丽", "13812345678")
    dialog = open_dialog(qtbot, ctx, customer_id=wang.id)
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "13900001111")
    dialog.name.clear()
    type_text(dialog.name, "王二")
    save(qtbot, dialog)
    assert "already belongs to 张伟" in error(dialog, "phone")
    info = customers.get_customer(wang.id)
    assert (info.name, info.phone) == ("王丽", "+8613812345678")


def test_community_list_filters_keeps_ticks_and_passes_the_model_tester(qtbot, ctx, qtmodeltester):
    leader = factories.customer("李娜")
    member = customers.create_customer("王丽", "13812345678")
    tea = factories.community(leader, [Customer.get_by_id(member.id)], name="茶友群")
    run = factories.community(leader, [], name="跑步群")
    led = factories.community(Customer.get_by_id(member.id), [], name="王丽的群")
    dialog = open_dialog(qtbot, ctx, customer_id=member.id)
    model = dialog.communities.model
    qtmodeltester.check(model)
    # Their own community comes first, ticked; the one they lead cannot be ticked.
    assert model.index(0).data().startswith("茶友群")
    assert model.index(0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    led_row = next(r for r in range(model.rowCount()) if model.index(r).data().startswith("王丽的群"))
    assert not model.flags(model.index(led_row)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(model.index(led_row), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)

    search = dialog.communities.filter
    search.show()
    qtbot.keyClicks(search, "pao")  # no pinyin here: nothing matches
    assert model.rowCount() == 0
    search.clear()
    search.insert("跑步")
    assert model.rowCount() == 1
    model.setData(model.index(0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    search.clear()
    assert model.rowCount() == 3
    assert dialog.checked_communities() == {tea.id, run.id}
    qtmodeltester.check(model)
    assert led.id not in dialog.checked_communities()


def test_esc_asks_before_throwing_away_a_half_filled_customer(db, qtbot, ctx, monkeypatch):
    """Esc on an untouched form closes it; on a half-filled one it asks, and No keeps it all."""
    from PySide6.QtWidgets import QMessageBox

    asked = []

    def answer(reply):
        def question(*args, **kwargs):
            asked.append(args[1])
            return reply

        return question

    untouched = open_dialog(qtbot, ctx, prefill={"phone": "13812345678"})  # typed at the counter
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert not untouched.isVisible() and asked == []

    dialog = open_dialog(qtbot, ctx)
    type_text(dialog.name, "陈静")
    qtbot.keyClicks(dialog.phone, "139")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.name.text() == "陈静" and dialog.phone.text() == "139"
    assert asked == ["Discard what you typed?"]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
