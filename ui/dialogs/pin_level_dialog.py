"""Pin a customer's level by hand: a level, a reason (required) and an optional end date.

A pin overrides the computed level while it lasts (SPEC 2.1). It is saved
through ``ctx.actions``; the service checks the reason, the date and the
actor's role, and its errors appear next to the field they name (or above the
buttons for a refused role); nothing typed is lost.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from crm import clock
from crm.errors import ShopError
from ui.context import AppContext
from ui.widgets.forms import DialogButtons, FieldErrors, OptionalDateEdit, form_layout
from ui.widgets.kept_input import KeepsInput
from ui.words import level_name


class PinLevelDialog(KeepsInput, QDialog):
    """``open()`` it; on success the pin is saved and the dialog accepts."""

    def __init__(
        self,
        ctx: AppContext,
        customer_id: int,
        customer_name: str = "",
        current_level: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        self.changed: list[int] = []
        self.setWindowTitle(self.tr("Pin level"))
        self.setMinimumWidth(420)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The pinned level replaces the one the rules give for %1 until the end date "
                "(or until you remove the pin)."
            ).replace("%1", customer_name or self.tr("this customer"))
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.errors = FieldErrors()
        form = form_layout()
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("pin_level")
        for level in range(5):
            self.level_combo.addItem(level_name(level), level)
        if current_level is not None:
            self.level_combo.setCurrentIndex(current_level)
        form.addRow(self.tr("Level"), self.level_combo)
        form.addRow("", self.errors.label_for("level"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("pin_reason")
        self.reason_edit.setPlaceholderText(self.tr("Why, e.g. family of the owner, key partner"))
        form.addRow(self.tr("Reason"), self.reason_edit)
        form.addRow("", self.errors.label_for("reason"))
        self.until_edit = OptionalDateEdit(default=clock.today() + timedelta(days=90))
        self.until_edit.setObjectName("pin_until")
        self.until_edit.setToolTip(self.tr("Leave unticked for a pin without an end date"))
        form.addRow(self.tr("Until (optional)"), self.until_edit)
        form.addRow("", self.errors.label_for("until"))
        layout.addLayout(form)

        self.errors.general_label("pin_error")
        layout.addWidget(self.errors.general)

        self.buttons = DialogButtons(self)
        self.ok_button = self.buttons.ok_button
        self.ok_button.setText(self.tr("Pin"))
        layout.addWidget(self.buttons)
        self.reason_edit.setFocus()
        self.remember_input()

    def accept(self) -> None:
        self.errors.clear()
        try:
            self.changed = self.ctx.actions.pin_level(
                self.customer_id,
                int(self.level_combo.currentData()),
                self.reason_edit.text(),
                until=self.until_edit.value(),
            )
        except ShopError as exc:
            self.errors.show(exc)
            return
        super().accept()
