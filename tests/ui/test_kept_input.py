"""Dialogs one types in do not lose it: Esc, Cancel or the window's close button ask before
throwing away what was typed, and close at once when nothing was. Error lines under the
fields keep their room, so no field moves when a message appears or goes."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox

from crm.errors import InvalidInput
from crm.services import community_changes, customers, staff
from tests.ui.gestures import click

_phones = itertools.count(13800000001)


def someone(name: str = "王丽") -> int:
    """A new customer (each call another phone: a test opens its dialog twice)."""
    return customers.create_customer(name, str(next(_phones))).id


def some_community():
    return community_changes.create_community("楼下宝妈群", someone("赵敏"), created=date(2025, 1, 10))


def staff_dialog(ctx):
    from ui.dialogs.staff_dialog import StaffDialog

    return StaffDialog(ctx)


def staff_edit_dialog(ctx):
    from ui.dialogs.staff_dialog import StaffDialog

    return StaffDialog(ctx, staff.create_staff(f"Alice {next(_phones)}", "manager"))


def new_pin_dialog(ctx):
    from ui.dialogs.pin_dialog import NewPinDialog

    return NewPinDialog(ctx, staff.create_staff(f"Bob {next(_phones)}", "staff"))


def pin_level_dialog(ctx):
    from ui.dialogs.pin_level_dialog import PinLevelDialog

    return PinLevelDialog(ctx, someone(), "王丽", 1)


def shop_setup_dialog(ctx):
    from ui.dialogs.shop_setup import ShopSetupDialog

    return ShopSetupDialog(lambda setup: setup)


def task_dialog(ctx):
    from ui.dialogs.task_dialog import TaskDialog

    return TaskDialog(ctx, customer_id=someone(), customer_label="王丽")


def outcome_dialog(ctx):
    from ui.dialogs.task_dialog import OutcomeDialog

    return OutcomeDialog("Done", "What came of it?", lambda text: None)


def community_dialog(ctx):
    from ui.dialogs.community_dialog import CommunityDialog

    return CommunityDialog(ctx)


def community_edit_dialog(ctx):
    from ui.dialogs.community_dialog import CommunityDialog

    return CommunityDialog(ctx, info=some_community())


def leader_dialog(ctx):
    from ui.dialogs.community_dialog import LeaderDialog

    return LeaderDialog(ctx, some_community())


DIALOGS: list[Callable] = [
    staff_dialog,
    staff_edit_dialog,
    new_pin_dialog,
    pin_level_dialog,
    shop_setup_dialog,
    task_dialog,
    outcome_dialog,
    community_dialog,
    community_edit_dialog,
    leader_dialog,
]


def shown(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def first_text_field(dialog: QDialog) -> QLineEdit:
    return next(
        edit
        for edit in dialog.findChildren(QLineEdit)
        if edit.isVisible() and edit.isEnabled() and not edit.isReadOnly()
    )


def answering(monkeypatch, reply) -> list[str]:
    asked: list[str] = []

    def question(*args, **kwargs):
        asked.append(args[1])
        return reply

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


@pytest.mark.parametrize("make", DIALOGS, ids=lambda make: make.__name__)
def test_esc_closes_an_untouched_dialog_and_asks_before_dropping_typed_text(
    db, qtbot, ctx, monkeypatch, make
):
    asked = answering(monkeypatch, QMessageBox.StandardButton.No)
    untouched = shown(qtbot, make(ctx))
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert not untouched.isVisible() and asked == []  # nothing typed: gone at once, unasked

    dialog = shown(qtbot, make(ctx))
    field = first_text_field(dialog)
    field.setFocus()
    qtbot.keyClicks(field, "1234")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["Discard what you typed?"]
    assert dialog.isVisible() and field.text().endswith("1234")  # No keeps it all
    dialog.close()  # the window's close button asks too
    assert len(asked) == 2 and dialog.isVisible()
    answering(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_cancel_asks_too_and_a_chosen_value_counts_as_typed(db, qtbot, ctx, monkeypatch):
    from ui.dialogs.staff_dialog import StaffDialog

    asked = answering(monkeypatch, QMessageBox.StandardButton.No)
    dialog = shown(qtbot, StaffDialog(ctx))
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("manager"))
    click(qtbot, dialog.buttons.cancel_button)
    assert asked == ["Discard what you typed?"] and dialog.isVisible()


def test_a_saved_dialog_closes_without_asking(db, qtbot, ctx, monkeypatch):
    from ui.dialogs.staff_dialog import StaffDialog

    asked = answering(monkeypatch, QMessageBox.StandardButton.No)
    dialog = shown(qtbot, StaffDialog(ctx))
    qtbot.keyClicks(dialog.name_edit, "Carol")
    click(qtbot, dialog.buttons.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert asked == [] and [s.name for s in staff.list_staff()] == ["Carol"]


# --- error lines keep their room ---------------------------------------------------------------


def test_an_error_under_a_field_moves_no_field(db, qtbot, ctx):
    from ui.dialogs.staff_dialog import StaffDialog

    dialog = shown(qtbot, StaffDialog(ctx))
    fields = [dialog.name_edit, dialog.role_combo, dialog.pin_edit, dialog.confirm_edit, dialog.buttons]

    def places():
        qtbot.wait_until(lambda: not dialog.layout().geometry().isEmpty())
        return [(f.mapTo(dialog, f.rect().topLeft()), f.size()) for f in fields], dialog.size()

    before = places()
    dialog.field_errors.show(InvalidInput("name", "is required"))
    assert dialog.errors["name"].isVisible()
    dialog.layout().activate()
    assert places() == before
    dialog.field_errors.show(InvalidInput("pin", "must be 4 to 8 digits"))
    dialog.layout().activate()
    assert places() == before
    dialog.field_errors.clear()
    dialog.layout().activate()
    assert places() == before


def test_community_dialog_hint_under_the_leader_moves_no_field(db, qtbot, ctx):
    from ui.dialogs.community_dialog import CommunityDialog

    dialog = shown(qtbot, CommunityDialog(ctx))
    qtbot.keyClicks(dialog.name, "Sunny Gardens")
    fields = [dialog.name, dialog.platform, dialog.leader, dialog.created, dialog.note, dialog.buttons]

    def places():
        dialog.layout().activate()
        return [(f.mapTo(dialog, f.rect().topLeft()), f.size()) for f in fields]

    before = places()
    click(qtbot, dialog.save_button)  # no leader picked: the hint shows under the picker
    assert dialog.errors.labels["leader"].isVisible()
    assert places() == before
