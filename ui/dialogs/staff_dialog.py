"""Add or edit a staff member: name, role and an optional PIN typed twice (the owner's
dialog). Changing one's own PIN here asks for the current one first."""

from __future__ import annotations

from types import EllipsisType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QVBoxLayout, QWidget

from crm.errors import OwnerPinNeeded, PinLocked, ShopError, WrongPin
from crm.services import staff
from crm.services.common import ROLES
from crm.services.staff import StaffInfo
from ui.context import AppContext
from ui.dialogs.pin_dialog import pin_edit, pins_differ
from ui.errors import error_text
from ui.widgets.forms import DialogButtons, EditDialog, FieldErrors, form_layout, note, reason_text
from ui.words import role_name


class StaffDialog(EditDialog):
    """``StaffDialog(ctx)`` adds a staff member, ``StaffDialog(ctx, info)`` edits one.

    On success the dialog accepts and ``saved`` holds the stored :class:`StaffInfo`;
    on an error it stays open with the message beside the field.
    """

    def __init__(self, ctx: AppContext, info: StaffInfo | None = None, parent: QWidget | None = None):
        super().__init__(ctx, info, parent, width=420)
        self.setWindowTitle(self.tr("Edit staff member") if self.editing else self.tr("Add staff member"))
        self.saved: StaffInfo | None = None

        self.name_edit = QLineEdit(info.name if info else "")
        self.name_edit.setMaxLength(staff.NAME_MAX)
        self.role_combo = QComboBox()
        for role in ROLES:
            self.role_combo.addItem(role_name(role), role)
        self.role_combo.setCurrentIndex(self.role_combo.findData(info.role if info else "staff"))
        self.pin_edit = pin_edit()
        self.confirm_edit = pin_edit()
        # One's own PIN is changed by typing the current one first.
        self.own_pin = bool(info and info.has_pin and ctx.actor and ctx.actor.staff_id == info.id)
        self.old_edit = pin_edit()
        self.remove_pin = QCheckBox(self.tr("Remove the PIN"))
        self.remove_pin.setVisible(bool(info and info.has_pin))
        self.remove_pin.toggled.connect(self._remove_toggled)

        self.field_errors = FieldErrors(field_text=reason_text)
        self.errors = self.field_errors.labels
        form = form_layout()
        form.addRow(self.tr("Name"), self.field_errors.with_label(self.name_edit, "name"))
        form.addRow(self.tr("Role"), self.field_errors.with_label(self.role_combo, "role"))
        if self.own_pin:
            form.addRow(self.tr("Current PIN"), self.field_errors.with_label(self.old_edit, "old_pin"))
        form.addRow(self.tr("PIN"), self.field_errors.with_label(self.pin_edit, "pin"))
        form.addRow(self.tr("Repeat PIN"), self.field_errors.with_label(self.confirm_edit, "confirm"))
        if self.own_pin:
            hint = self.tr(
                "To change or remove your PIN, type the current one. Leave the rest empty to keep it."
            )
        elif info and info.has_pin:
            hint = self.tr("4 to 8 digits. Leave empty to keep the current PIN.")
        else:
            hint = self.tr("Optional: 4 to 8 digits, asked when they sign in at the counter.")
        self.pin_hint = note(hint)
        form.addRow("", self.pin_hint)
        form.addRow("", self.remove_pin)
        role_help = note(
            self.tr(
                "The owner manages staff and PINs, restores backups and repairs the database; managers"
                " change settings and levels, import and export; staff serve customers at the counter."
                " Once the shop has two people, every owner needs a PIN."
            )
        )
        self.general = self.field_errors.general_label("StaffDialogError")
        self.buttons = DialogButtons(self, self.save, save=True)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(role_help)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.name_edit.setFocus()
        self.remember_input()

    def _remove_toggled(self, on: bool) -> None:
        self.pin_edit.setEnabled(not on)
        self.confirm_edit.setEnabled(not on)

    def _clear(self) -> None:
        self.field_errors.clear()

    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, (WrongPin, PinLocked)) and self.own_pin:
            self.errors["old_pin"].setText(error_text(exc))
            self.errors["old_pin"].show()
            self.old_edit.clear()
            return
        if isinstance(exc, OwnerPinNeeded) and self._is_here(exc):
            # The person in this dialog is the owner without a PIN: the PIN field is where to fix it.
            self.errors["pin"].setText(error_text(exc))
            self.errors["pin"].show()
            return
        self.field_errors.show(exc)

    def _is_here(self, exc: OwnerPinNeeded) -> bool:
        if self.info is not None:
            return exc.staff_id == self.info.id
        return exc.staff_name == self.name_edit.text().strip()  # the new owner, not yet stored

    def _pin(self) -> str | None | EllipsisType:
        """The PIN change: a new PIN, None to remove it, ... to leave it alone."""
        if self.remove_pin.isChecked():
            return None
        pin = self.pin_edit.text().strip()
        if pin:
            return pin
        return ... if self.info else None

    def save(self) -> None:
        self._clear()
        if not self.remove_pin.isChecked() and pins_differ(
            self.field_errors, self.pin_edit, self.confirm_edit
        ):
            return
        role = self.role_combo.currentData()
        try:
            if self.info is None:
                pin = self._pin()
                self.saved = self.ctx.actions.create_staff(
                    self.name_edit.text(), role, None if pin is ... else pin
                )
            else:
                # Only what changed.
                name = self.name_edit.text()
                self.saved = self.ctx.actions.update_staff(
                    self.info.id,
                    name=None if name.strip() == self.info.name else name,
                    role=None if role == self.info.role else role,
                    pin=self._pin(),
                    old_pin=self.old_edit.text() if self.own_pin else None,
                )
        except ShopError as exc:
            self.show_error(exc)
            fields = {"name": self.name_edit, "pin": self.pin_edit, "role": self.role_combo}
            fields["old_pin"] = self.old_edit
            focus = fields.get(getattr(exc, "field", ""), None)
            if focus is not None:
                focus.setFocus()
            return
        self.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Enter in a field saves, like the Save button.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
            return
        super().keyPressEvent(event)
