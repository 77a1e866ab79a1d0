"""The settings page, used like a person would: type a number, press Save, read
the message; the database is the judge."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from crm import clock
from crm.levels import STRONG, WEAK
from crm.models import Customer, Setting, Staff
from crm.services import levels, settings, staff
from crm.services.changes import Changes
from crm.services.common import Actor
from crm.services.staff import StaffInfo
from tests import factories
from tests.conftest import TODAY
from ui.context import AppContext
from ui.models.staff_model import STAFF_ID_ROLE, StaffTableModel
from ui.views.settings.page import SettingsView


def make_view(qtbot, actor: Actor | None = None, section: str = "shop") -> SettingsView:
    ctx = AppContext(location="shop.db", actor=actor)
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)  # shortcuts need an active window
    view.show_section(section)
    settled(qtbot, view)
    return view


def settled(qtbot, view) -> None:
    """The page has read what the last change moved (it reads off the GUI thread)."""
    qtbot.waitUntil(
        lambda: view.data is not None and not (view.is_dirty() or view.refresh_scheduled() or view.loading())
    )


def click(qtbot, button) -> None:
    """Click a check box or radio button on its box, as a person does."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def type_number(qtbot, box, value: int) -> None:
    edit = box.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, str(value))


def wait_preview(qtbot, view) -> list[int]:
    qtbot.waitUntil(lambda: view.levels.preview_job is None and view.levels.preview.numbers is not None)
    return view.levels.preview.numbers


@pytest.fixture
def regular(db):
    """Three purchase days in the last month: Weak by the standard rules (Strong needs 6)."""
    who = factories.customer("王丽", joined=date(2025, 1, 1))
    for back in (3, 10, 20):
        factories.visit(who, TODAY - timedelta(days=back))
    levels.refresh_all()
    assert Customer.get_by_id(who.id).level == WEAK
    return who


# --- levels -------------------------------------------------------------------------


def test_saving_a_level_rule_stores_it_and_moves_customers(qtbot, regular):
    view = make_view(qtbot, section="levels")
    section = view.levels
    wait_preview(qtbot, view)
    type_number(qtbot, section.boxes["level.strong_purchase_days"], 3)
    assert section.save_button.isEnabled()
    # The preview counts the new rules before anything is saved.
    qtbot.waitUntil(lambda: section.preview.numbers is not None and section.preview.numbers[STRONG] == 1)
    assert settings.get("level.strong_purchase_days") == 6

    published = []
    view.ctx.actions.changed.connect(published.append)
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert section.progress is not None  # the busy dialog while levels are recomputed
    assert published == [Changes(settings=True)]  # the rules; no stored level has moved yet
    qtbot.waitUntil(lambda: not section.busy(), timeout=10_000)
    assert published[1:] == [Changes(every_customer=True)]  # the levels moved

    assert settings.get("level.strong_purchase_days") == 3
    assert Customer.get_by_id(regular.id).level == STRONG
    assert section.progress is None
    assert section.message.text().startswith("Saved. 1 customer")  # "1 customer(s)" until plurals are built
    assert not section.save_button.isEnabled()


def test_an_impossible_rule_is_refused_next_to_its_field_and_nothing_is_stored(qtbot, regular):
    view = make_view(qtbot, section="levels")
    section = view.levels
    type_number(qtbot, section.boxes["level.weak_purchase_days"], 400)
    type_number(qtbot, section.boxes["level.window_days"], 0)
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)

    error = section.findChild(type(section.message), "error_level_window_days")
    assert error.isVisible() and "at least 1 day" in error.text()
    assert "Nothing was saved" in section.message.text()
    assert Setting.select().count() == 0
    assert Customer.get_by_id(regular.id).level == WEAK
    # What was typed is still there, to be corrected.
    assert section.boxes["level.window_days"].value() == 0
    assert section.boxes["level.weak_purchase_days"].value() == 400

    type_number(qtbot, section.boxes["level.window_days"], 365)
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    error = section.findChild(type(section.message), "error_level_weak_purchase_days")
    assert error.isVisible() and "365 days of the window" in error.text()
    assert Setting.select().count() == 0


def test_cancel_puts_the_stored_rules_back(qtbot, db):
    view = make_view(qtbot, section="levels")
    box = view.levels.boxes["level.strong_recent_days"]
    type_number(qtbot, box, 45)
    assert view.nav.item(1).text().endswith("•")  # unsaved edits are marked in the list
    qtbot.mouseClick(view.levels.cancel_button, Qt.MouseButton.LeftButton)
    assert box.value() == 90
    assert not view.nav.item(1).text().endswith("•")


def test_preview_counts_the_customers_of_each_level(qtbot, regular):
    factories.customer("张伟", joined=date(2025, 2, 1))  # never bought: None
    levels.refresh_all()
    view = make_view(qtbot, section="levels")
    numbers = wait_preview(qtbot, view)
    assert numbers == [1, 0, 1, 0, 0]
    assert view.levels.preview.counts[WEAK].text() == "1"


def test_staff_may_not_change_settings(qtbot, db, type_text):
    clerk = staff.create_staff("李婷婷", "staff")
    view = make_view(qtbot, actor=Actor(clerk.id, "staff", clerk.name))
    section = view.shop
    type_text(section.name_edit, "阳光小店")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert "Your role may not do this" in section.message.text()
    assert settings.get("shop_name") == ""
    assert section.name_edit.text() == "阳光小店"  # nothing typed is lost


def test_edits_survive_a_change_made_elsewhere(qtbot, db, type_text):
    view = make_view(qtbot)
    type_text(view.shop.name_edit, "阳光")
    settings.set_many({"currency": "USD", "route_via_big_c": False})
    view.ctx.actions.publish(Changes(settings=True))  # as another counter would
    qtbot.waitUntil(lambda: not view.followup.route_check.isChecked())  # clean sections read again
    assert view.shop.name_edit.text() == "阳光"
    assert view.shop.currency_combo.currency() != "USD"  # what was being edited stays as it was


# --- shop, follow-up, language --------------------------------------------------------


def test_shop_section_saves_name_currency_region_and_prefix(qtbot, db, type_text):
    view = make_view(qtbot)
    section = view.shop
    type_text(section.name_edit, "阳光小店")
    section.currency_combo.setCurrentIndex(section.currency_combo.findData("HKD"))
    section.region_combo.setCurrentIndex(section.region_combo.findData("HK"))
    section.prefix_edit.selectAll()
    qtbot.keyClicks(section.prefix_edit, "VIP 1!")  # the space and ! are not accepted as typed
    assert section.prefix_edit.text() == "VIP1"
    with qtbot.waitSignal(view.ctx.actions.changed):
        qtbot.keyClick(section.name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert settings.get("shop_name") == "阳光小店"
    assert settings.get("currency") == "HKD"
    assert settings.get("phone_region") == "HK"
    assert settings.get("code_prefix") == "VIP1"
    assert section.message.text() == "Saved."


def test_follow_up_rules_and_big_c_routing(qtbot, db):
    view = make_view(qtbot, section="followup")
    section = view.followup
    click(qtbot, section.enabled["birthday"])
    assert not section.days["birthday"].isEnabled()
    type_number(qtbot, section.days["micro_not_back"], 45)
    kind = section.kinds["micro_not_back"]
    kind.setCurrentIndex(kind.findData("companionship"))
    click(qtbot, section.route_check)
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert settings.get("suggest.birthday.enabled") is False
    assert settings.get("suggest.micro_not_back.days") == 45
    assert settings.get("suggest.micro_not_back.kind") == "companionship"
    assert settings.get("route_via_big_c") is False

    type_number(qtbot, section.zombie_days, 0)
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert section.findChild(type(section.message), "error_community_zombie_days").isVisible()
    assert settings.get("community.zombie_days") == 60


def test_language_is_stored_and_applied(qtbot, db, monkeypatch):
    installed = []
    monkeypatch.setattr("ui.i18n.install", lambda app, language: installed.append(language) or language)
    view = make_view(qtbot, section="language")
    section = view.language
    click(qtbot, section.buttons["zh_CN"])
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert settings.get("language") == "zh_CN"
    assert installed == ["zh_CN"] and view.ctx.language == "zh_CN"
    assert "Restart" in section.message.text()


def test_a_language_given_at_start_is_said_beside_the_stored_choice(qtbot, db, monkeypatch):
    """Started with --lang zh_CN while the shop follows an English computer: the page says the
    choice shown is not what this window uses, and stops saying it once they agree."""
    monkeypatch.setattr("ui.i18n.system_language", lambda: "en")
    monkeypatch.setattr("ui.i18n.install", lambda app, language: language)
    settings.set_many({"language": ""})
    ctx = AppContext(location="shop.db", language="zh_CN")
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.show_section("language")
    settled(qtbot, view)
    section = view.language
    assert section.buttons[""].isChecked()
    assert section.override_note.isVisible() and "简体中文" in section.override_note.text()
    click(qtbot, section.buttons["zh_CN"])
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    settled(qtbot, view)
    assert not section.override_note.isVisible()


def test_database_section_shows_where_the_data_is(qtbot, db):
    factories.customer("王丽")
    view = make_view(qtbot, section="database")
    assert view.database.location_label.text() == "shop.db"
    assert view.database.count_label.text() == "1"
    assert view.database.folder()


def test_database_location_hides_a_password(qtbot):
    from ui.views.settings.database import DatabaseSection

    section = DatabaseSection(AppContext(location="postgresql://shop:s3cret@db.local/shop"))
    qtbot.addWidget(section)
    assert section.location_label.text() == "postgresql://shop:••••@db.local/shop"


# --- staff --------------------------------------------------------------------------------


def test_adding_staff_with_mismatched_pins_is_refused(qtbot, db, type_text):
    view = make_view(qtbot, section="staff")
    qtbot.mouseClick(view.staff.add_button, Qt.MouseButton.LeftButton)
    dialog = view.staff.dialog
    assert dialog is not None and dialog.isVisible()
    type_text(dialog.name_edit, "周敏")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("manager"))
    qtbot.keyClicks(dialog.pin_edit, "1234")
    qtbot.keyClicks(dialog.confirm_edit, "1243")
    qtbot.keyClick(dialog.confirm_edit, Qt.Key.Key_Return)

    assert dialog.isVisible()
    assert dialog.errors["confirm"].isVisible() and "not the same" in dialog.errors["confirm"].text()
    assert Staff.select().count() == 0

    dialog.confirm_edit.clear()
    qtbot.keyClicks(dialog.confirm_edit, "1234")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    [added] = staff.list_staff()
    assert (added.name, added.role, added.has_pin) == ("周敏", "manager", True)
    assert staff.verify_pin(added.id, "1234")
    settled(qtbot, view)
    assert view.staff.model.rowCount() == 1
    assert "周敏 was added" in view.staff.message.text()


def test_adding_and_editing_staff_tells_the_other_screens(qtbot, db, type_text):
    view = make_view(qtbot, section="staff")
    view.staff.add()
    dialog = view.staff.dialog
    type_text(dialog.name_edit, "周敏")
    with qtbot.waitSignal(view.ctx.actions.changed, check_params_cb=lambda c: c.staff):
        dialog.save()
    [added] = staff.list_staff()
    settled(qtbot, view)
    view.staff.edit()
    dialog = view.staff.dialog
    dialog.name_edit.clear()
    type_text(dialog.name_edit, "周敏敏")
    with qtbot.waitSignal(view.ctx.actions.changed, check_params_cb=lambda c: c.staff):
        dialog.save()
    assert staff.get_staff(added.id).name == "周敏敏"


def test_a_short_pin_is_refused_next_to_the_pin(qtbot, db, type_text):
    view = make_view(qtbot, section="staff")
    view.staff.add()
    dialog = view.staff.dialog
    type_text(dialog.name_edit, "王强")
    qtbot.keyClicks(dialog.pin_edit, "12")
    qtbot.keyClicks(dialog.confirm_edit, "12")
    dialog.save()
    assert dialog.errors["pin"].isVisible() and "4 to 8 digits" in dialog.errors["pin"].text()
    assert Staff.select().count() == 0


def test_deactivating_the_last_owner_is_refused(qtbot, db, monkeypatch):
    owner = staff.create_staff("陈丽华", "owner", pin="1234")
    staff.create_staff("王强", "staff")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    view = make_view(qtbot, section="staff")
    section = view.staff
    section.select_row(section.model.row_of(owner.id))
    assert section.active_button.text() == "Deactivate"
    qtbot.mouseClick(section.active_button, Qt.MouseButton.LeftButton)
    assert "陈丽华 is the last active owner" in section.message.text()
    assert staff.get_staff(owner.id).active


def test_deactivate_then_reactivate(qtbot, db, monkeypatch):
    staff.create_staff("陈丽华", "owner", pin="1234")
    clerk = staff.create_staff("王强", "staff")
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    view = make_view(qtbot, section="staff")
    section = view.staff
    section.select_row(section.model.row_of(clerk.id))
    qtbot.mouseClick(section.active_button, Qt.MouseButton.LeftButton)  # answered No
    assert staff.get_staff(clerk.id).active
    qtbot.mouseClick(section.active_button, Qt.MouseButton.LeftButton)
    assert not staff.get_staff(clerk.id).active
    settled(qtbot, view)
    assert section.selected().id == clerk.id and section.active_button.text() == "Reactivate"
    qtbot.mouseClick(section.active_button, Qt.MouseButton.LeftButton)
    assert staff.get_staff(clerk.id).active
    assert section.pin_dialog is None  # the owner has a PIN: nothing more to ask


def owner_view(qtbot, owner) -> SettingsView:
    return make_view(qtbot, actor=Actor(owner.id, "owner", owner.name), section="staff")


def type_new_pin(qtbot, dialog, pin: str, repeat: str | None = None) -> None:
    qtbot.keyClicks(dialog.new_edit, pin)
    qtbot.keyClicks(dialog.confirm_edit, pin if repeat is None else repeat)
    qtbot.keyClick(dialog.confirm_edit, Qt.Key.Key_Return)


def test_adding_a_second_person_asks_the_owner_to_set_a_pin_first(qtbot, db, type_text):
    owner = staff.create_staff("陈丽华", "owner")  # a shop of one: no PIN asked so far
    view = owner_view(qtbot, owner)
    section = view.staff
    assert not section.pin_banner.isVisible()
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    pin_dialog = section.pin_dialog
    assert pin_dialog is not None and pin_dialog.isVisible() and section.dialog is None
    assert "陈丽华 (owner) needs a PIN" in pin_dialog.intro.text()
    assert not pin_dialog.old_edit.isVisible()  # no PIN yet, so none to type first
    type_new_pin(qtbot, pin_dialog, "2468", "2486")
    assert "not the same" in pin_dialog.errors["confirm"].text() and not staff.get_staff(owner.id).has_pin
    pin_dialog.confirm_edit.clear()
    with qtbot.waitSignal(view.ctx.actions.changed, check_params_cb=lambda c: c.staff):
        type_new_pin(qtbot, pin_dialog, "", "2468")
    assert not pin_dialog.isVisible() and staff.get_staff(owner.id).has_pin
    # Straight on to the person being added.
    dialog = section.dialog
    assert dialog is not None and dialog.isVisible()
    type_text(dialog.name_edit, "王强")
    dialog.save()
    assert [s.name for s in staff.list_staff()] == ["陈丽华", "王强"]
    assert "王强 was added" in section.message.text()
    assert staff.sign_in(owner.id, "2468").role == "owner"


def test_cancelling_the_owner_pin_adds_nobody(qtbot, db):
    owner = staff.create_staff("陈丽华", "owner")
    view = owner_view(qtbot, owner)
    view.staff.add()
    view.staff.pin_dialog.reject()
    assert view.staff.dialog is None and Staff.select().count() == 1
    assert not staff.get_staff(owner.id).has_pin


def test_reactivating_someone_asks_for_the_owner_pin_first(qtbot, db, monkeypatch):
    owner = staff.create_staff("陈丽华", "owner", pin="1234")
    clerk = staff.create_staff("王强", "staff")
    staff.deactivate_staff(clerk.id)
    staff.update_staff(owner.id, pin=None)  # alone again, the owner removed their PIN
    view = owner_view(qtbot, owner)
    section = view.staff
    section.select_row(section.model.row_of(clerk.id))
    qtbot.mouseClick(section.active_button, Qt.MouseButton.LeftButton)
    assert not staff.get_staff(clerk.id).active
    type_new_pin(qtbot, section.pin_dialog, "8642")
    assert staff.get_staff(clerk.id).active and staff.verify_pin(owner.id, "8642")
    assert "王强 is active again" in section.message.text()


def test_an_owner_without_a_pin_in_an_older_shop_is_pointed_out(qtbot, db):
    owner = staff.create_staff("陈丽华", "owner")
    Staff.insert(name="王强", role="staff", active=True).execute()  # as older versions allowed
    view = owner_view(qtbot, owner)
    section = view.staff
    assert section.pin_banner.isVisible() and "陈丽华 (owner) has no PIN" in section.pin_banner.text()
    qtbot.mouseClick(section.set_owner_pin_button, Qt.MouseButton.LeftButton)
    type_new_pin(qtbot, section.pin_dialog, "2468")
    settled(qtbot, view)
    assert staff.get_staff(owner.id).has_pin and not section.pin_banner.isVisible()


def test_the_owner_changing_their_own_pin_types_the_current_one(qtbot, db):
    owner = staff.create_staff("陈丽华", "owner", pin="1234")
    clerk = staff.create_staff("王强", "staff", pin="5678")
    view = owner_view(qtbot, owner)
    section = view.staff
    section.select_row(section.model.row_of(owner.id))
    section.edit()
    dialog = section.dialog
    qtbot.keyClicks(dialog.pin_edit, "2468")
    qtbot.keyClicks(dialog.confirm_edit, "2468")
    dialog.save()
    assert dialog.isVisible() and "current PIN" in dialog.errors["old_pin"].text()
    qtbot.keyClicks(dialog.old_edit, "1111")
    dialog.save()
    assert dialog.errors["old_pin"].text() == "Wrong PIN." and staff.verify_pin(owner.id, "1234")
    qtbot.keyClicks(dialog.old_edit, "1234")
    dialog.save()
    assert not dialog.isVisible() and staff.verify_pin(owner.id, "2468")
    # Someone else's PIN is reset without knowing it.
    section.select_row(section.model.row_of(clerk.id))
    section.edit()
    dialog = section.dialog
    assert not dialog.old_edit.isVisible()
    qtbot.keyClicks(dialog.pin_edit, "9090")
    qtbot.keyClicks(dialog.confirm_edit, "9090")
    dialog.save()
    assert staff.verify_pin(clerk.id, "9090")


def test_making_someone_owner_needs_their_pin(qtbot, db):
    owner = staff.create_staff("陈丽华", "owner", pin="1234")
    clerk = staff.create_staff("王强", "staff")
    view = owner_view(qtbot, owner)
    section = view.staff
    section.select_row(section.model.row_of(clerk.id))
    section.edit()
    dialog = section.dialog
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("owner"))
    dialog.save()
    assert dialog.isVisible() and "王强 (owner) needs a PIN" in dialog.errors["pin"].text()
    assert staff.get_staff(clerk.id).role == "staff"
    qtbot.keyClicks(dialog.pin_edit, "7777")
    qtbot.keyClicks(dialog.confirm_edit, "7777")
    dialog.save()
    assert staff.get_staff(clerk.id).role == "owner" and staff.verify_pin(clerk.id, "7777")


@pytest.mark.parametrize("role", ["manager", "staff"])
def test_only_the_owner_is_offered_the_staff_list_others_their_own_pin(qtbot, db, role):
    staff.create_staff("陈丽华", "owner", pin="1234")
    me = staff.create_staff("王强", role, pin="5678")
    view = make_view(qtbot, actor=Actor(me.id, role, me.name), section="staff")
    section = view.staff
    assert view.nav.item(view.SECTION_KEYS.index("staff")).text() == "My PIN"
    assert section.own_pin is not None and not hasattr(section, "add_button")
    panel = section.own_pin
    assert "Signed in as 王强" in panel.status.text() and panel.change_button.text() == "Change my PIN…"
    qtbot.mouseClick(panel.change_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog.isVisible()
    type_new_pin(qtbot, dialog, "2468")  # without the current PIN
    assert dialog.isVisible() and "current PIN" in dialog.errors["old_pin"].text()
    qtbot.keyClicks(dialog.old_edit, "0000")
    qtbot.keyClick(dialog.old_edit, Qt.Key.Key_Return)
    assert dialog.errors["old_pin"].text() == "Wrong PIN." and staff.verify_pin(me.id, "5678")
    qtbot.keyClicks(dialog.old_edit, "5678")
    qtbot.keyClick(dialog.old_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible() and staff.verify_pin(me.id, "2468")
    assert panel.message.text() == "Your new PIN is saved."


def test_a_wrong_current_pin_leads_to_the_wait_in_the_pin_dialog(qtbot, db):
    staff.create_staff("陈丽华", "owner", pin="1234")
    me = staff.create_staff("王强", "staff", pin="5678")
    view = make_view(qtbot, actor=Actor(me.id, "staff", me.name), section="staff")
    panel = view.staff.own_pin
    panel.change()
    dialog = panel.dialog
    qtbot.keyClicks(dialog.new_edit, "2468")
    qtbot.keyClicks(dialog.confirm_edit, "2468")
    for _ in range(5):
        qtbot.keyClicks(dialog.old_edit, "0000")
        dialog.save()
    qtbot.keyClicks(dialog.old_edit, "5678")
    dialog.save()
    assert dialog.errors["old_pin"].text() == "Too many wrong PINs. Try again in 30 s."
    clock.fix(clock.now() + timedelta(seconds=30))
    assert staff.verify_pin(me.id, "5678")  # unchanged


def test_staff_model_passes_the_model_tester(qtmodeltester, db):
    from datetime import datetime

    rows = [
        StaffInfo(1, "陈丽华", "owner", True, True, datetime(2025, 1, 1)),
        StaffInfo(2, "王强", "staff", False, False, datetime(2025, 2, 1)),
    ]
    model = StaffTableModel(rows)
    qtmodeltester.check(model)
    assert model.index(0, StaffTableModel.ROLE).data() == "Owner"
    assert model.index(1, StaffTableModel.ACTIVE).data() == "Inactive"
    assert model.index(0, StaffTableModel.PIN).data() == "Set"
    assert model.index(1, 0).data(STAFF_ID_ROLE) == 2
    model.set_rows([])
    qtmodeltester.check(model)


@pytest.mark.parametrize("section", ["levels", "followup"])
def test_every_section_fits_a_1024_pixel_screen_without_a_sideways_scroll(qtbot, db, section):
    """The rules' sentences go on to a second line where the width runs out, so Save stays
    in view beside the rail and the sections list."""
    view = make_view(qtbot, section=section)
    view.resize(1024 - 150, 700)  # the page beside the rail
    page = view.show_section(section)
    qtbot.waitUntil(lambda: view.width() == 1024 - 150)
    assert page.minimumSizeHint().width() <= page.width() + 1
    window = page.window()
    save = page.save_button if hasattr(page, "save_button") else None
    if save is not None:
        right = save.mapTo(window, save.rect().topRight()).x()
        assert right <= window.width(), "Save is off to the right"
