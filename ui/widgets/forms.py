"""Form helpers: a form's rows and its OK/Cancel buttons, an inline error label under
each field, optional dates, and the folder a file dialog opens in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QSettings, QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm.errors import InvalidInput
from ui.errors import error_text
from ui.widgets.kept_input import KeepsInput

ERROR_STYLE = "color: #c62828;"
OK_STYLE = "color: #2e7d32;"
NOTE_STYLE = "color: #616161;"


def form_layout(vertical_spacing: int = 8, horizontal_spacing: int | None = None) -> QFormLayout:
    """The rows of a form: a label, and the field with its error under it."""
    form = QFormLayout()
    form.setVerticalSpacing(vertical_spacing)
    if horizontal_spacing is not None:
        form.setHorizontalSpacing(horizontal_spacing)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class DialogButtons(QDialogButtonBox):
    """OK (Save with ``save=True``, or a button of one's own words with ``accept_text``) and
    Cancel at the foot of ``dialog``: the first calls ``on_accept`` (the dialog's accept by
    default), Cancel and Esc reject. ``ok_button`` is the first."""

    def __init__(
        self,
        dialog: QDialog,
        on_accept=None,
        *,
        save: bool = False,
        accept_text: str = "",
    ):
        standard = QDialogButtonBox.StandardButton
        kind = standard.Save if save else standard.Ok
        super().__init__(standard.Cancel if accept_text else kind | standard.Cancel, dialog)
        self.ok_button: QPushButton = (
            self.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
            if accept_text
            else self.button(kind)
        )
        self.cancel_button: QPushButton = self.button(standard.Cancel)
        self.accepted.connect(on_accept or dialog.accept)
        self.rejected.connect(dialog.reject)


class EditDialog(KeepsInput, QDialog):
    """A dialog that makes a new thing or edits one: ``info`` is the thing edited, None for
    a new one; the subclass builds the fields and sets its title. Esc, Cancel or closing asks
    before throwing away what was typed (:class:`KeepsInput`: the fields as first shown are
    the start)."""

    def __init__(self, ctx, info: Any, parent: QWidget | None, width: int):
        super().__init__(parent)
        self.ctx = ctx
        self.info = info
        self.setMinimumWidth(width)

    @property
    def editing(self) -> bool:
        return self.info is not None


def wrapping(text: str = "", style: str = "") -> QLabel:
    """A label whose text wraps at the width it is given."""
    label = QLabel(text)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label


def note(text: str = "") -> QLabel:
    """A grey, wrapping line that explains the fields around it."""
    return wrapping(text, NOTE_STYLE)


def title_label(text: str = "", scale: float = 1.45) -> QLabel:
    """A page's or section's title, large and bold."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def reason_text(exc: BaseException) -> str:
    """The sentence to show under a field: the reason alone, the field is right above."""
    if isinstance(exc, InvalidInput):
        return QCoreApplication.translate("Reasons", exc.reason)
    return error_text(exc)


class ErrorLabel(QLabel):
    """A red, wrapping line under a field that keeps its room while it says nothing: shown
    or hidden, filled or cleared, the fields around it stay where they are (a click aimed at
    a field never lands in another because a message appeared). Hidden, it stays in the
    layout with no text (``isHidden()`` and ``isVisible()`` answer whether it says
    something); it takes one line, and a longer message wraps and keeps the room it took."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setMinimumHeight(self.fontMetrics().lineSpacing())

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt's name: show() and hide() come here
        if visible:
            super().setVisible(True)
        else:
            QLabel.setText(self, "")  # the line stays, empty

    def isHidden(self) -> bool:  # noqa: N802 - Qt's name: shown is saying something
        return super().isHidden() or not self.text()

    def isVisible(self) -> bool:  # noqa: N802 - Qt's name
        return super().isVisible() and bool(self.text())

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        if text and self.width() > 0:  # a second line, once needed, stays
            self.setMinimumHeight(max(self.minimumHeight(), self.heightForWidth(self.width())))


def error_label(name: str, parent: QWidget | None = None, reserve: bool = True) -> QLabel:
    """A hidden, wrapping red label named ``name`` (tests find it by that name) whose line is
    kept for it while hidden (:class:`ErrorLabel`); with ``reserve`` False, a plain label that
    takes no room until it says something (the counter's form, short of height on a 1024 x 768
    screen, where the clerk works by keyboard)."""
    if reserve:
        label = ErrorLabel(parent)
    else:
        label = QLabel(parent)
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
    label.setObjectName(name)
    label.hide()
    return label


class FieldErrors:
    """Red text next to the field a service error names; nothing typed is lost.

    ``field_text`` makes the sentence shown next to a field (the whole error
    sentence by default); the general label always gets the whole sentence."""

    def __init__(self, field_text: Callable[[BaseException], str] = error_text, reserve: bool = True):
        self.labels: dict[str, QLabel] = {}
        self.general: QLabel | None = None
        self.field_text = field_text
        self.reserve = reserve  # keep each label's line while it is empty (see error_label)

    def label_for(self, field: str) -> QLabel:
        label = error_label(f"error_{field}", reserve=self.reserve)
        self.labels[field] = label
        return label

    def with_label(self, widget: QWidget, field: str) -> QWidget:
        """``widget`` with the error label of ``field`` right below it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.label_for(field))
        return box

    def general_label(self, name: str = "error_general", parent: QWidget | None = None) -> QLabel:
        """The label for an error that names no field with a label here."""
        self.general = error_label(name, parent, reserve=self.reserve)
        return self.general

    def clear(self) -> None:
        for label in self.labels.values():
            label.clear()
            label.hide()
        if self.general is not None:
            self.general.clear()
            self.general.hide()

    def show(self, exc: BaseException) -> str:
        """Show ``exc`` next to its field (or in the general label); returns the text."""
        text = error_text(exc)
        field = getattr(exc, "field", None)
        if field is None and type(exc).__name__ in ("DuplicatePhone", "InvalidPhone"):
            field = "phone"
        if field is None and type(exc).__name__ == "DuplicateCode":
            field = "code"
        if field is None and type(exc).__name__ in ("ReferralCycle", "SelfReferral"):
            field = "referrer"
        target = self.labels.get(field) if field else None
        if target is not None:
            target.setText(self.field_text(exc))
            target.show()
        elif self.general is not None:
            self.general.setText(text)
            self.general.show()
        return text


def to_qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate()


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class OptionalDateEdit(QWidget):
    """A date that may be left empty (a birthday nobody told us)."""

    def __init__(self, parent=None, default: date | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox()
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setDate(to_qdate(default or date(1990, 1, 1)))
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))


def remembered_folder(key: str) -> str:
    """Where the last file of this kind was (``key`` in the app's settings), else Documents."""
    remembered = QSettings().value(key)
    if remembered and Path(str(remembered)).is_dir():
        return str(remembered)
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(
        Path.home()
    )


def remember_folder(key: str, file_path: str) -> None:
    QSettings().setValue(key, str(Path(file_path).parent))
