"""Handing the counter to another staff member without restarting: the PIN is asked,
every page is built again for the new role, and the choice is remembered."""

import contextlib
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget

from crm import clock
from crm.errors import ShopError
from crm.services import staff as staff_service
from crm.services.changes import Changes
from ui import app, session
from ui.context import AppContext
from ui.dialogs.pin_dialog import PinDialog
from ui.main_window import MainWindow


class RolePage(QWidget):
    def __init__(self, ctx):
        super().__init__()
        self.role = ctx.actor.role if ctx.actor else "shop"


@pytest.fixture
def people(db):
    owner = staff_service.create_staff("老板", "owner", pin="1234")
    clerk = staff_service.create_staff("小李", "staff")
    return owner, clerk


def signed_in_window(people, qtbot, tmp_path, pages=None) -> MainWindow:
    """The main window, shown, with the owner signed in (``pages``: stand-ins for the real pages)."""
    owner, _ = people
    ctx = AppContext(location=str(tmp_path / "shop.db"), actor=staff_service.actor_for(owner.id))
    win = MainWindow(ctx, pages)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def window(people, qtbot, tmp_path):
    """Pages that only tell the role they were built for."""
    return signed_in_window(people, qtbot, tmp_path, {key: RolePage for key in MainWindow.PAGE_KEYS})


@pytest.fixture
def real_window(people, qtbot, tmp_path):
    return signed_in_window(people, qtbot, tmp_path)


def answer(monkeypatch, item=None, pins=()):
    """What the person does: the staff member picked, then each PIN typed into the PIN
    dialog (None: Cancel). Returns what the dialog said: its prompt, then after each PIN."""
    pins = list(pins)
    said = []
    if item is None:
        monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("", False))
    else:
        monkeypatch.setattr(
            QInputDialog,
            "getItem",
            lambda parent, title, label, items, *a, **k: (next(i for i in items if i.startswith(item)), True),
        )

    def run(dialog: PinDialog) -> int:
        dialog.show()  # as exec() does, without its loop
        said.append(dialog.prompt.text())
        while pins:
            pin = pins.pop(0)
            if pin is None:
                dialog.reject()
                break
            QTest.keyClicks(dialog.pin_edit, pin)
            QTest.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
            if dialog.result() == QDialog.DialogCode.Accepted:
                break
            said.append(dialog.message.text())
        dialog.hide()
        return dialog.result()

    monkeypatch.setattr(PinDialog, "exec", run)
    return said


def test_switching_to_a_clerk_rebuilds_the_pages_for_their_role(window, people, monkeypatch):
    assert window.page("counter").role == "owner"
    assert window.staff_button.text() == "Signed in: 老板 · Owner"
    answer(monkeypatch, item="小李")  # no PIN
    window.switch_staff()
    assert window.ctx.actor.name == "小李" and window.ctx.actor.role == "staff"
    assert window.page("counter").role == "staff" and window.current_key() == "counter"
    assert window.staff_button.text() == "Signed in: 小李 · Staff"
    assert session.last_staff() == str(people[1].id)


def test_the_owner_needs_their_pin_asked_again_when_wrong(window, people, monkeypatch):
    answer(monkeypatch, item="小李")
    window.switch_staff()
    said = answer(monkeypatch, item="老板", pins=["0000", "1234"])
    window.switch_staff()
    assert said == ["PIN for 老板:", "Wrong PIN. Try again."]
    assert window.ctx.actor.role == "owner"


def test_cancelling_changes_nothing(window, people, monkeypatch):
    answer(monkeypatch, item="小李")
    window.switch_staff()
    answer(monkeypatch, item="老板", pins=[None])  # cancels at the PIN
    window.switch_staff()
    answer(monkeypatch, item=None)  # cancels the choice
    window.switch_staff()
    assert window.ctx.actor.name == "小李"


def test_real_pages_follow_the_new_role(real_window, monkeypatch):
    win = real_window
    assert win.show_page("customers").list.import_button.isEnabled()
    answer(monkeypatch, item="小李")
    win.switch_staff()
    assert win.current_key() == "customers"
    assert not win.page("customers").list.import_button.isEnabled()  # a clerk may not import


def test_at_start_the_last_person_is_proposed_and_a_cancelled_pin_falls_back(people, monkeypatch):
    owner, clerk = people
    session.remember_staff(owner.id)
    answer(monkeypatch, pins=["1234"])
    assert session.choose_actor().staff_id == owner.id
    answer(monkeypatch, item="小李", pins=[None])  # not the owner: they pick themselves
    assert session.choose_actor().staff_id == clerk.id
    assert session.last_staff() == str(clerk.id)


def test_a_cancelled_pin_at_start_never_lands_on_a_manager_without_a_pin(people, monkeypatch):
    owner, clerk = people
    staff_service.create_staff("店长", "manager", actor=None)  # no PIN
    session.remember_staff(owner.id)
    answer(monkeypatch, item=None, pins=[None])  # cancels the PIN, then the choice
    assert session.choose_actor() is False
    answer(monkeypatch, item="小李", pins=[None])
    assert session.choose_actor().role == "staff"


def test_a_new_role_for_the_person_signed_in_rebuilds_the_pages(window, people, monkeypatch):
    owner, clerk = people
    answer(monkeypatch, item="小李")
    window.switch_staff()
    staff_service.update_staff(clerk.id, role="manager")
    window.ctx.actions.publish(Changes(staff=True))  # as another counter would
    assert window.ctx.actor.role == "manager" and window.page("counter").role == "manager"


def test_when_the_person_signed_in_is_gone_someone_signs_in_again(window, people, monkeypatch):
    from crm.models import Staff

    owner, clerk = people
    answer(monkeypatch, item="小李")
    window.switch_staff()
    Staff.update(active=False).where(Staff.id == clerk.id).execute()  # e.g. a restored backup without them
    answer(monkeypatch, item="老板", pins=["1234"])
    window.ctx.actions.publish(Changes(staff=True))  # as another counter would
    assert window.ctx.actor.staff_id == owner.id and window.page("counter").role == "owner"


def test_unsaved_settings_are_not_dropped_without_asking(real_window, people, monkeypatch):
    owner, _ = people
    win = real_window
    settings_page = win.show_page("settings")
    settings_page.shop.name_edit.setText("新店名")
    asked = []
    monkeypatch.setattr("ui.widgets.confirm.confirm", lambda parent, title, text: asked.append(text) or False)
    answer(monkeypatch, item="小李")
    win.switch_staff()
    assert "Settings has changes that are not saved" in asked[0]
    assert win.ctx.actor.staff_id == owner.id  # they chose to stay


def test_a_failed_automatic_backup_is_said_in_the_status_bar(window):
    from crm.services.backup import BackupFailed

    app._started(window, (0, BackupFailed("/x/backups", "the disk is full; free some space and try again")))
    assert window.statusBar().currentMessage() == (
        "Today's automatic backup failed: backups: the disk is full; free some space and try again"
    )


# --- the wait after wrong PINs ------------------------------------------------------------


def later(seconds: int) -> None:
    clock.fix(clock.now() + timedelta(seconds=seconds))


def pin_dialog(qtbot, person) -> PinDialog:
    dialog = PinDialog(staff_service.get_staff(person.id))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_pin(qtbot, dialog: PinDialog, pin: str) -> None:
    qtbot.keyClicks(dialog.pin_edit, pin)
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)


def test_after_five_wrong_pins_the_dialog_counts_down_the_wait(people, qtbot):
    owner, _ = people
    dialog = pin_dialog(qtbot, owner)
    for _ in range(4):
        type_pin(qtbot, dialog, "0000")
        assert dialog.message.text().startswith("Wrong PIN.") and dialog.pin_edit.isEnabled()
        assert dialog.pin_edit.text() == ""
    type_pin(qtbot, dialog, "0000")
    assert dialog.message.text() == "Too many wrong PINs. Try again in 30 s."
    assert not dialog.pin_edit.isEnabled() and not dialog.ok_button.isEnabled()
    later(15)
    qtbot.waitUntil(lambda: dialog.message.text() == "Too many wrong PINs. Try again in 15 s.", timeout=3000)
    later(15)
    qtbot.waitUntil(dialog.pin_edit.isEnabled, timeout=3000)
    assert dialog.message.text() == "You can type the PIN again." and dialog.ok_button.isEnabled()
    type_pin(qtbot, dialog, "1234")
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.actor.staff_id == owner.id


def test_a_wait_that_began_before_shows_when_the_dialog_opens(people, qtbot):
    owner, _ = people
    for _ in range(6):  # e.g. typed before the app was restarted
        with contextlib.suppress(ShopError):
            staff_service.sign_in(owner.id, "9999")
        later(60)
    later(-50)  # 10 s into the 60 s after the sixth wrong PIN
    dialog = pin_dialog(qtbot, owner)
    assert dialog.message.text() == "Too many wrong PINs. Try again in 50 s."
    assert not dialog.pin_edit.isEnabled()
    dialog.accept()  # Enter during the wait checks nothing
    assert dialog.result() != QDialog.DialogCode.Accepted and staff_service.pin_wait(owner.id) == 50


def test_the_wait_is_said_in_chinese(people, qtbot, qapp):
    from ui import i18n

    owner, _ = people
    for _ in range(5):
        with contextlib.suppress(ShopError):
            staff_service.sign_in(owner.id, "9999")
    i18n.install(qapp, "zh_CN")
    try:
        dialog = pin_dialog(qtbot, owner)
        assert dialog.message.text() == "PIN 码错误次数过多，请 30 秒后再试。"
        assert dialog.prompt.text() == "老板 的 PIN 码："
    finally:
        i18n.install(qapp, "en")


def test_switching_to_someone_who_must_wait_changes_nothing(window, people, monkeypatch):
    owner, clerk = people
    answer(monkeypatch, item="小李")
    window.switch_staff()
    for _ in range(5):
        with contextlib.suppress(ShopError):
            staff_service.sign_in(owner.id, "9999")
    said = answer(monkeypatch, item="老板", pins=["1234", None])  # the right PIN, during the wait
    window.switch_staff()
    assert said == ["PIN for 老板:", "Too many wrong PINs. Try again in 30 s."]
    assert window.ctx.actor.staff_id == clerk.id


def _owner_pin_removed(owner):
    """A shop from before the owner-PIN rule (restored, upgraded): two staff, the owner without a PIN."""
    from crm.models import Staff

    Staff.update(pin_hash=None).where(Staff.id == owner.id).execute()


def choose_new_pin(monkeypatch, pin):
    """The owner types ``pin`` twice into the new-PIN dialog (None: Cancel); returns its intro."""
    from ui.dialogs.pin_dialog import NewPinDialog

    shown = []

    def run(dialog) -> int:
        dialog.show()
        shown.append(dialog.intro.text())
        if pin is None:
            dialog.reject()
        else:
            QTest.keyClicks(dialog.new_edit, pin)
            QTest.keyClicks(dialog.confirm_edit, pin)
            dialog.save()
        dialog.hide()
        return dialog.result()

    monkeypatch.setattr(NewPinDialog, "exec", run)
    return shown


def test_an_owner_without_a_pin_in_a_shop_of_two_chooses_one_before_working_as_owner(people, monkeypatch):
    owner, clerk = people
    _owner_pin_removed(owner)
    session.remember_staff(owner.id)
    shown = choose_new_pin(monkeypatch, "2468")
    assert session.choose_actor().staff_id == owner.id
    assert "2 staff members" in shown[0] and "老板" in shown[0]
    assert staff_service.verify_pin(owner.id, "2468")  # stored: asked from now on
    answer(monkeypatch, pins=["2468"])
    assert session.choose_actor().staff_id == owner.id


def test_cancelling_the_owners_new_pin_never_signs_in_as_the_owner(window, people, monkeypatch):
    owner, clerk = people
    _owner_pin_removed(owner)
    session.remember_staff(owner.id)
    choose_new_pin(monkeypatch, None)
    answer(monkeypatch, item="小李")  # the start falls back to choosing: the clerk picks themselves
    assert session.choose_actor().staff_id == clerk.id
    answer(monkeypatch, item="老板")  # switching to the owner asks for the PIN too
    choose_new_pin(monkeypatch, None)
    assert session.switch_staff(None, clerk.id) is None
    assert not staff_service.verify_pin(owner.id, "")


def test_the_rule_leaves_a_shop_of_one_a_clerk_and_a_demo_alone(db):
    from crm.services import settings

    alone = staff_service.create_staff("老板", "owner")  # a shop of one needs no PIN
    assert not staff_service.must_choose_pin(staff_service.list_staff()[0])
    staff_service.update_staff(alone.id, pin="1357")
    clerk = staff_service.create_staff("小李", "staff")
    _owner_pin_removed(alone)
    by_id = {s.id: s for s in staff_service.list_staff()}
    assert staff_service.must_choose_pin(by_id[alone.id])
    assert not staff_service.must_choose_pin(by_id[clerk.id])
    settings.set("demo", True)  # a demo is made to be tried by anyone
    assert not staff_service.must_choose_pin(by_id[alone.id])


def test_the_person_remembered_is_the_open_shops_own(people, tmp_path, monkeypatch):
    """Staff ids are each shop's own: who signed in last in one shop is not proposed in another."""
    from crm.db import close_database, open_database

    owner, clerk = people
    session.remember_staff(clerk.id)
    assert session.last_staff() == str(clerk.id)
    first = session.shop_key(session.STAFF_KEY)
    close_database()
    open_database(str(tmp_path / "other.db"))
    try:
        assert session.shop_key(session.STAFF_KEY) != first
        assert session.last_staff() is None
        other_owner = staff_service.create_staff("店主", "owner", pin="9753")
        staff_service.create_staff("小张", "staff")
        answer(monkeypatch, pins=["9753"])
        assert session.choose_actor().staff_id == other_owner.id  # the owner, asked for the PIN
    finally:
        close_database()
