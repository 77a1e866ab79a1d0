"""Dialogs that do not lose what was typed: Esc, Cancel or the window's close button ask
before throwing away fields the user changed, and close at once when nothing changed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ui.widgets.confirm import confirm


def input_state(root: QWidget) -> tuple:
    """What can be typed or chosen in ``root``'s fields, in a form that compares."""
    state = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            state.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            state.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            state.append((widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QDateTimeEdit):
            state.append(widget.dateTime().toString())
        elif isinstance(widget, QAbstractSpinBox):
            state.append(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.append(widget.isChecked())
    return tuple(state)


class KeepsInput:
    """For a QDialog (listed before QDialog in its bases): call :meth:`remember_input` once its
    fields show their starting values (again when more arrive, while nothing was typed); a
    dialog that never calls it remembers what its fields hold when it is first shown.
    :meth:`reject` (Esc, Cancel, the window's close button) then asks before it drops changes."""

    _input_at_start: tuple | None = None

    def remember_input(self) -> None:
        self._input_at_start = input_state(self)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._input_at_start is None:
            self.remember_input()
        super().showEvent(event)

    def has_new_input(self) -> bool:
        return self._input_at_start is not None and input_state(self) != self._input_at_start

    def drop(self) -> None:
        """Close without asking: the user chose to leave what they typed (e.g. to open the
        customer who already has this phone)."""
        QDialog.reject(self)

    def reject(self) -> None:
        if self.has_new_input() and not confirm(
            self,
            QCoreApplication.translate("KeptInput", "Discard what you typed?"),
            QCoreApplication.translate(
                "KeptInput", "What you typed here is not saved yet. Close and throw it away?"
            ),
        ):
            return
        QDialog.reject(self)
