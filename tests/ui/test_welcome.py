"""The first-run welcome: a demo shop off the GUI thread, or an empty shop with its owner."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QDialog

from crm.models import Customer, Staff, Visit
from crm.services import settings, staff
from tests import factories
from ui.context import AppContext
from ui.dialogs.welcome import WelcomeDialog


def type_text(edit, text: str) -> None:
    """Chinese arrives as a whole word from the input method, not key by key."""
    edit.setFocus()
    edit.insert(text)


@pytest.fixture(autouse=True)
def _no_work_left_behind(db):
    yield
    QThreadPool.globalInstance().waitForDone(30_000)


def make_dialog(qtbot) -> WelcomeDialog:
    dialog = WelcomeDialog(AppContext(location="shop.db"))
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


def test_empty_shop_creates_the_owner_and_the_shop_name(qtbot, db):
    dialog = make_dialog(qtbot)
    qtbot.mouseClick(dialog.empty_choice, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == dialog.PAGE_EMPTY
    type_text(dialog.shop_name_edit, "阳光小店")
    qtbot.keyClick(dialog.shop_name_edit, Qt.Key.Key_Return)  # on to the owner's name
    assert dialog.owner_edit.hasFocus()
    type_text(dialog.owner_edit, "陈丽华")
    dialog.region_combo.setCurrentIndex(dialog.region_combo.findData("HK"))
    qtbot.mouseClick(dialog.empty_start, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.get("shop_name") == "阳光小店"
    assert settings.get("phone_region") == "HK"
    [owner] = staff.list_staff()
    assert (owner.name, owner.role, owner.active) == ("陈丽华", "owner", True)
    assert dialog.owner == owner
    assert not WelcomeDialog.needed()


def test_empty_shop_needs_both_names_and_stores_nothing_without_them(qtbot, db):
    dialog = make_dialog(qtbot)
    dialog.empty_choice.click()
    type_text(dialog.shop_name_edit, "阳光小店")
    qtbot.mouseClick(dialog.empty_start, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors["name"].isVisible() and "your name" in dialog.errors["name"].text()
    assert Staff.select().count() == 0
    assert settings.get("shop_name") == ""
    assert dialog.shop_name_edit.text() == "阳光小店"


def test_demo_fills_the_database_with_progress(qtbot, db, monkeypatch):
    monkeypatch.setattr(WelcomeDialog, "DEMO_SIZES", (120, 20_000))
    dialog = make_dialog(qtbot)
    qtbot.mouseClick(dialog.demo_choice, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == dialog.PAGE_DEMO
    assert dialog.size_buttons[0].isChecked()
    seen: list[int] = []
    dialog.progress_bar.valueChanged.connect(seen.append)
    qtbot.mouseClick(dialog.demo_start, Qt.MouseButton.LeftButton)
    assert dialog.progress_bar.isVisible() and dialog.demo_cancel.isVisible()
    assert not dialog.demo_start.isEnabled()

    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=30_000)
    assert Customer.select().count() == 120
    assert Visit.select().count() > 0
    assert any(0 < value < 100 for value in seen), seen
    assert dialog.progress_bar.value() == 100
    assert not WelcomeDialog.needed()


def test_cancelling_the_demo_leaves_the_database_empty(qtbot, db):
    dialog = make_dialog(qtbot)
    dialog.demo_choice.click()
    dialog.size_buttons[1].setChecked(True)  # 20,000 customers: seconds of work to interrupt
    qtbot.mouseClick(dialog.demo_start, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.demo_cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running(), timeout=30_000)
    assert "Nothing was written" in dialog.demo_status.text()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert WelcomeDialog.needed() and Customer.select().count() == 0 and Visit.select().count() == 0
    assert dialog.demo_start.isEnabled()


def test_escape_during_the_demo_stops_it_before_closing(qtbot, db):
    dialog = make_dialog(qtbot)
    dialog.demo_choice.click()
    dialog.size_buttons[1].setChecked(True)
    dialog.start_demo()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    if dialog.running():
        assert dialog.isVisible()  # closes only once the demo has stopped
    qtbot.waitUntil(lambda: not dialog.running(), timeout=30_000)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert Customer.select().count() == 0


def test_demo_refuses_a_shop_that_has_data(qtbot, db, monkeypatch):
    monkeypatch.setattr(WelcomeDialog, "DEMO_SIZES", (50, 100))
    factories.customer("王丽")
    dialog = make_dialog(qtbot)
    dialog.demo_choice.click()
    dialog.start_demo()
    qtbot.waitUntil(lambda: not dialog.running(), timeout=30_000)
    assert "already has data" in dialog.demo_status.text()
    assert dialog.isVisible()
    assert Customer.select().count() == 1
