"""The first-run welcome: a demo shop off the GUI thread, the owner's own shop ("My shop",
with its PIN, currency and phone region from the computer's locale), or a backup from
another computer."""

from __future__ import annotations

import peewee
import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDialog

from crm.db import close_database, open_database
from crm.models import Customer, Staff, Visit
from crm.services import backup, settings, shop, staff
from tests import factories
from ui.context import AppContext
from ui.dialogs.welcome import WelcomeDialog
from ui.dialogs.welcome_demo import DemoMaker


def make_dialog(qtbot, locale: str = "zh_CN") -> WelcomeDialog:
    dialog = WelcomeDialog(AppContext(location="shop.db"), locale=QLocale(locale))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_needed_only_for_a_brand_new_shop(db):
    assert WelcomeDialog.needed()
    staff.create_staff("陈丽华", "owner")
    assert not WelcomeDialog.needed()


def test_needed_is_false_once_there_are_customers(db):
    factories.customer("王丽")
    assert not WelcomeDialog.needed()


def test_it_explains_the_five_levels_and_big_c(qtbot, db):
    dialog = make_dialog(qtbot)
    assert [badge.text() for badge in dialog.level_badges] == [
        "None",
        "Micro",
        "Weak",
        "Strong",
        "Super-strong",
    ]
    assert "Big C" in dialog.big_c_text.text() and "small c" in dialog.big_c_text.text()


def test_my_shop_creates_the_owner_with_a_pin_and_the_shop_settings(qtbot, db, type_text):
    dialog = make_dialog(qtbot)
    qtbot.mouseClick(dialog.empty_choice, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == dialog.PAGE_EMPTY
    type_text(dialog.setup_form.shop_name_edit, "阳光小店")
    qtbot.keyClick(dialog.setup_form.shop_name_edit, Qt.Key.Key_Return)  # on to the owner's name
    assert dialog.setup_form.owner_edit.hasFocus()
    type_text(dialog.setup_form.owner_edit, "陈丽华")
    qtbot.keyClick(dialog.setup_form.owner_edit, Qt.Key.Key_Return)
    assert dialog.setup_form.pin_edit.hasFocus()
    qtbot.keyClicks(dialog.setup_form.pin_edit, "2468")
    qtbot.keyClicks(dialog.setup_form.pin_again_edit, "2468")
    dialog.setup_form.region_combo.setCurrentIndex(dialog.setup_form.region_combo.findData("HK"))
    dialog.setup_form.currency_combo.setCurrentIndex(dialog.setup_form.currency_combo.findData("HKD"))
    qtbot.mouseClick(dialog.empty_start, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (settings.get("shop_name"), settings.get("phone_region"), settings.get("currency")) == (
        "阳光小店",
        "HK",
        "HKD",
    )
    assert settings.get("demo") is False
    [owner] = staff.list_staff()
    assert (owner.name, owner.role, owner.active, owner.has_pin) == ("陈丽华", "owner", True, True)
    assert staff.verify_pin(owner.id, "2468") and not staff.verify_pin(owner.id, "1357")
    assert dialog.owner == owner
    assert not WelcomeDialog.needed()


@pytest.mark.parametrize(
    "locale, currency, region",
    [("en_GB", "GBP", "GB"), ("zh_CN", "CNY", "CN"), ("en_US", "USD", "US"), ("zh_HK", "HKD", "HK")],
)
def test_my_shop_starts_in_the_currency_and_phone_region_of_the_computer(
    qtbot, db, locale, currency, region, type_text
):
    dialog = make_dialog(qtbot, locale)
    dialog.empty_choice.click()
    assert (dialog.setup_form.currency_combo.currency(), dialog.setup_form.region_combo.region()) == (
        currency,
        region,
    )
    type_text(dialog.setup_form.shop_name_edit, "Corner Shop")
    type_text(dialog.setup_form.owner_edit, "Alice")
    qtbot.keyClicks(dialog.setup_form.pin_edit, "1234")
    qtbot.keyClicks(dialog.setup_form.pin_again_edit, "1234")
    qtbot.keyClick(dialog.setup_form.pin_again_edit, Qt.Key.Key_Return)  # Enter in the last field starts
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (settings.get("currency"), settings.get("phone_region")) == (currency, region)


def test_my_shop_needs_both_names_and_stores_nothing_without_them(qtbot, db, type_text):
    dialog = make_dialog(qtbot)
    dialog.empty_choice.click()
    type_text(dialog.setup_form.shop_name_edit, "阳光小店")
    qtbot.mouseClick(dialog.empty_start, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert (
        dialog.setup_form.errors["name"].isVisible()
        and "your name" in dialog.setup_form.errors["name"].text()
    )
    assert Staff.select().count() == 0
    assert settings.get("shop_name") == ""
    assert dialog.setup_form.shop_name_edit.text() == "阳光小店"


@pytest.mark.parametrize(
    "pin, again, field, words",
    [("", "", "pin", "PIN of 4 to 8 digits"), ("2468", "2486", "pin_again", "not the same"),
     ("12", "12", "pin", "4 to 8 digits")],
)  # fmt: skip
def test_my_shop_needs_a_pin_typed_twice_alike(qtbot, db, pin, again, field, words, type_text):
    dialog = make_dialog(qtbot)
    dialog.empty_choice.click()
    type_text(dialog.setup_form.shop_name_edit, "阳光小店")
    type_text(dialog.setup_form.owner_edit, "陈丽华")
    qtbot.keyClicks(dialog.setup_form.pin_edit, pin)
    qtbot.keyClicks(dialog.setup_form.pin_again_edit, again)
    qtbot.mouseClick(dialog.empty_start, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.setup_form.errors[field].isVisible() and words in dialog.setup_form.errors[field].text()
    assert Staff.select().count() == 0 and settings.get("shop_name") == ""


def test_the_pin_fields_take_digits_only(qtbot, db):
    dialog = make_dialog(qtbot)
    dialog.empty_choice.click()
    qtbot.keyClicks(dialog.setup_form.pin_edit, "12ab34567890")
    assert dialog.setup_form.pin_edit.text() == "12345678"


@pytest.fixture
def old_computer_backup(db, tmp_path):
    """A backup made on the shop's old computer; this test's shop is the new, empty one."""
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("a PostgreSQL shop is backed up on its server")
    location = db.shop_location
    close_database()
    open_database(str(tmp_path / "old-computer.db"))
    owner = staff.create_staff("陈丽华", "owner", pin="2468")
    factories.customer("王丽")
    factories.customer("张伟")
    settings.set_many({"shop_name": "阳光小店", "currency": "HKD"})
    (tmp_path / "usb").mkdir()
    path = backup.backup(tmp_path / "usb" / "shop-copy.db", actor=None)
    close_database()
    open_database(location)
    return path, owner


def test_restore_from_a_backup_brings_the_shop_over_after_asking(qtbot, db, old_computer_backup, monkeypatch):
    path, owner = old_computer_backup
    asked: list[str] = []
    monkeypatch.setattr(
        "ui.dialogs.welcome_restore.confirm", lambda parent, title, text: asked.append(text) or True
    )
    dialog = make_dialog(qtbot)
    dialog.restore_from(str(path))
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=30_000)
    assert "阳光小店 · shop-copy.db" in asked[0] and "2 customers" in asked[0]
    assert sorted(c.name for c in Customer.select()) == ["张伟", "王丽"]
    assert (settings.get("shop_name"), settings.get("currency")) == ("阳光小店", "HKD")
    assert staff.verify_pin(owner.id, "2468")
    assert dialog.restored.customers == 2
    assert not (path.parent.parent / "backups").exists()  # an empty shop has nothing to keep aside


def test_restore_from_a_damaged_file_says_so_and_changes_nothing(qtbot, db, old_computer_backup, tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"not a database at all" * 100)
    dialog = make_dialog(qtbot)
    dialog.restore_from(str(bad), ask=False)
    qtbot.waitUntil(lambda: dialog.restore_job is None, timeout=30_000)
    assert "not a ShopCircle database" in dialog.restore_status.text()
    assert dialog.isVisible() and dialog.restore_choice.isEnabled()
    assert shop.is_new()


def test_demo_fills_the_database_with_progress(qtbot, db, monkeypatch):
    monkeypatch.setattr(DemoMaker, "SIZES", (120, 20_000))
    dialog = make_dialog(qtbot)
    qtbot.mouseClick(dialog.demo_choice, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == dialog.PAGE_DEMO
    assert dialog.demo.size_buttons[0].isChecked()
    seen: list[int] = []
    dialog.demo.progress_bar.valueChanged.connect(seen.append)
    qtbot.mouseClick(dialog.demo.start_button, Qt.MouseButton.LeftButton)
    assert dialog.demo.progress_bar.isVisible() and dialog.demo.cancel_button.isVisible()
    assert not dialog.demo.start_button.isEnabled()

    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=30_000)
    assert Customer.select().count() == 120
    assert Visit.select().count() > 0
    assert any(0 < value < 100 for value in seen), seen
    assert dialog.demo.progress_bar.value() == 100
    assert not WelcomeDialog.needed()


def test_cancelling_the_demo_leaves_the_database_empty(qtbot, db):
    dialog = make_dialog(qtbot)
    dialog.demo_choice.click()
    dialog.demo.size_buttons[1].setChecked(True)  # 20,000 customers: seconds of work to interrupt
    qtbot.mouseClick(dialog.demo.start_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.demo.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running(), timeout=30_000)
    assert "Nothing was written" in dialog.demo.status.text()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert WelcomeDialog.needed() and Customer.select().count() == 0 and Visit.select().count() == 0
    assert dialog.demo.start_button.isEnabled()


def test_escape_during_the_demo_stops_it_before_closing(qtbot, db):
    dialog = make_dialog(qtbot)
    dialog.demo_choice.click()
    dialog.demo.size_buttons[1].setChecked(True)
    dialog.demo.start()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    if dialog.running():
        assert dialog.isVisible()  # closes only once the demo has stopped
    qtbot.waitUntil(lambda: not dialog.running(), timeout=30_000)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert Customer.select().count() == 0


def test_demo_refuses_a_shop_that_has_data(qtbot, db, monkeypatch):
    monkeypatch.setattr(DemoMaker, "SIZES", (50, 100))
    factories.customer("王丽")
    dialog = make_dialog(qtbot)
    dialog.demo_choice.click()
    dialog.demo.start()
    qtbot.waitUntil(lambda: not dialog.running(), timeout=30_000)
    assert "already has data" in dialog.demo.status.text()
    assert dialog.isVisible()
    assert Customer.select().count() == 1


def test_escape_on_my_shop_goes_back_to_the_choices_keeping_what_was_typed(qtbot, db, type_text):
    dialog = make_dialog(qtbot)
    dialog.empty_choice.click()
    type_text(dialog.setup_form.shop_name_edit, "阳光小店")
    qtbot.keyClick(dialog.setup_form.shop_name_edit, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.stack.currentIndex() == dialog.PAGE_INTRO
    dialog.empty_choice.click()
    assert dialog.setup_form.shop_name_edit.text() == "阳光小店"
    dialog.stack.setCurrentIndex(dialog.PAGE_INTRO)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # on the first page Esc closes, as dialogs do
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_currency_names_follow_a_language_chosen_on_the_welcome(qtbot, db, qapp):
    from ui import i18n

    dialog = make_dialog(qtbot, "en_GB")
    assert dialog.setup_form.currency_combo.currentText() == "GBP — Pound sterling (£)"
    try:
        dialog.language_combo.setCurrentIndex(2)  # 简体中文
        assert dialog.setup_form.currency_combo.currentText() == "GBP — 英镑（£）"
    finally:
        i18n.install(qapp, "en")


def test_enter_on_the_demo_page_creates_the_demo_of_the_chosen_size(qtbot, db, monkeypatch):
    monkeypatch.setattr(DemoMaker, "SIZES", (80, 20_000))
    dialog = make_dialog(qtbot)
    qtbot.mouseClick(dialog.demo_choice, Qt.MouseButton.LeftButton)
    assert dialog.demo.size_buttons[0].hasFocus()
    qtbot.keyClick(dialog.demo.size_buttons[0], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=30_000)
    assert Customer.select().count() == 80
