"""One section of the settings page: a form over some setting keys, with its own
Save and Cancel.

Save stores only what changed, through ``ctx.actions.set_settings`` (the service
checks the actor's role and every value before storing any). An invalid value is
shown in red under its field and nothing is stored; what was typed stays in the
form. Cancel puts the stored values back. The page hands every section the stored
values it read (:meth:`SettingsSection.show_stored`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm.errors import ShopError
from crm.services.common import may
from ui.context import AppContext
from ui.errors import error_text
from ui.widgets.forms import ERROR_STYLE, OK_STYLE, form_layout, note, reason_text, title_label
from ui.widgets.page_parts import shortcut

BANNER_STYLE = (
    "QLabel { background: #fff8e1; border: 1px solid #ffe082; border-radius: 6px; padding: 8px 10px;"
    " color: #5d4037; }"
)


def title(text: str) -> QLabel:
    """A section's title, large and bold."""
    label = title_label(text)
    label.setObjectName("SectionTitle")
    return label


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


def field(widget: QWidget, error: QLabel, hint: QLabel | None = None) -> QWidget:
    """A form field with its hint and its (hidden) error under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(3)
    layout.addWidget(widget)
    if hint is not None:
        layout.addWidget(hint)
    layout.addWidget(error)
    return box


def settings_form() -> QFormLayout:
    form = form_layout(12, 16)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    return form


def may_change_settings(ctx: AppContext) -> bool:
    return may(ctx.actor, "change settings")


class SettingsSection(QWidget):
    """Subclasses build their fields into ``self.body``, list their ``keys`` and
    implement :meth:`load` and :meth:`values`; :meth:`validate` may refuse values
    the service would accept but the shop should not (raise InvalidInput). A section
    whose settings move customers' levels recomputes them in :meth:`after_save`, which
    publishes the levels that moved."""

    keys: tuple[str, ...] = ()
    dirty_changed = Signal(bool)

    def __init__(self, ctx: AppContext, heading_text: str, intro: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._stored: dict[str, Any] = {}
        self._loading = False
        self._dirty = False
        self._error_labels: dict[str, QLabel] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(10)
        self.title_label = title(heading_text)
        outer.addWidget(self.title_label)
        if intro:
            outer.addWidget(note(intro))
        if not may_change_settings(ctx):
            banner = QLabel(
                self.tr(
                    "Signed in as staff: you can read these settings;"
                    " only the owner or a manager can change them."
                )
            )
            banner.setWordWrap(True)
            banner.setStyleSheet(BANNER_STYLE)
            outer.addWidget(banner)

        self.body = QVBoxLayout()
        self.body.setSpacing(10)
        outer.addLayout(self.body)
        outer.addStretch(1)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #e0e0e0;")
        outer.addWidget(line)
        bar = QHBoxLayout()
        self.message = QLabel()
        self.message.setObjectName("SectionMessage")
        self.message.setWordWrap(True)
        bar.addWidget(self.message, 1)
        self.extra_buttons = QHBoxLayout()
        bar.addLayout(self.extra_buttons)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Put back the stored values"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("Save this section (Ctrl+S)"))
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.clicked.connect(self.save)
        shortcut(self, QKeySequence.StandardKey.Save, self.save)
        self._set_dirty(False)

    # --- for subclasses ---------------------------------------------------

    def load(self, values: dict[str, Any]) -> None:
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def validate(self, values: dict[str, Any]) -> None:
        """Raise InvalidInput(key, translated reason) to refuse a value."""

    def after_save(self, changed: dict[str, Any]) -> None:
        """What a section does once its values are stored (the pages hear of them anyway)."""

    def error_label(self, key: str) -> QLabel:
        """A red label to place under the field of ``key``; hidden until an error."""
        label = QLabel()
        label.setObjectName("error_" + key.replace(".", "_"))
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        self._error_labels[key] = label
        return label

    def watch(self, *widgets: QWidget) -> None:
        """Mark the section as edited when any of these fields change."""
        for widget in widgets:
            if isinstance(widget, QSpinBox):
                widget.valueChanged.connect(self._edited)
            elif isinstance(widget, QLineEdit):
                widget.textChanged.connect(self._edited)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._edited)
            elif isinstance(widget, QAbstractButton):
                widget.toggled.connect(self._edited)

    # --- state --------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self._dirty

    def busy(self) -> bool:
        """Still working on what was saved (the page leaves the section alone meanwhile)."""
        return False

    def show_stored(self, values: dict[str, Any]) -> None:
        """Show the stored values (every setting may be given; the section takes its own)."""
        self._stored = {key: value for key, value in values.items() if key in self.keys}
        self._loading = True
        try:
            self.load(self._stored)
        finally:
            self._loading = False
        self._clear_field_errors()
        self._set_dirty(False)

    def changed_values(self) -> dict[str, Any]:
        return {key: value for key, value in self.values().items() if self._stored.get(key) != value}

    def _edited(self, *_args) -> None:
        if self._loading:
            return
        self._set_dirty(bool(self.changed_values()))
        if self.message.styleSheet() == OK_STYLE:
            self.message.clear()

    def _set_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.cancel_button.setEnabled(dirty)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _clear_field_errors(self) -> None:
        for label in self._error_labels.values():
            label.clear()
            label.hide()

    def clear_errors(self) -> None:
        self._clear_field_errors()
        self.message.clear()

    def show_error(self, exc: BaseException) -> None:
        field = getattr(exc, "field", None)
        label = self._error_labels.get(field) if field else None
        if label is not None:
            label.setText(reason_text(exc))
            label.show()
            self.show_message(self.tr("Nothing was saved: correct the value marked in red."), ERROR_STYLE)
        else:
            self.show_message(error_text(exc), ERROR_STYLE)

    def show_message(self, text: str, style: str = OK_STYLE) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)

    # --- actions --------------------------------------------------------------

    def save(self) -> bool:
        """Store what changed; False (and the error shown) when nothing could be stored."""
        self.clear_errors()
        values = self.values()
        changed = {key: value for key, value in values.items() if self._stored.get(key) != value}
        if not changed:
            self._set_dirty(False)
            return True
        try:
            self.validate(values)
            self.ctx.actions.set_settings(changed)
        except ShopError as exc:
            self.show_error(exc)
            return False
        self._stored.update(changed)  # as stored; the page reads them again all the same
        self._set_dirty(bool(self.changed_values()))
        self.show_message(self.tr("Saved."))
        self.after_save(changed)
        return True

    def cancel(self) -> None:
        self.show_stored(self._stored)
        self.message.clear()
