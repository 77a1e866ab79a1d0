"""One section of the settings page: a form over some setting keys, with its own
Save and Cancel.

Save stores only what changed, through ``settings.set_many`` (which checks the
actor's role and every value before storing any). An invalid value is shown in
red under its field and nothing is stored; what was typed stays in the form.
Cancel puts the stored values back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm.errors import InvalidInput, ShopError
from crm.services import settings
from ui.context import AppContext
from ui.errors import error_text

ERROR_STYLE = "color: #c62828;"
OK_STYLE = "color: #2e7d32;"
NOTE_STYLE = "color: #616161;"
BANNER_STYLE = (
    "QLabel { background: #fff8e1; border: 1px solid #ffe082; border-radius: 6px; padding: 8px 10px;"
    " color: #5d4037; }"
)


def reason_text(exc: BaseException) -> str:
    """The sentence to show under a field: the reason alone, the field is right above."""
    if isinstance(exc, InvalidInput):
        return QCoreApplication.translate("Reasons", exc.reason)
    return error_text(exc)


def note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


def may_change_settings(ctx: AppContext) -> bool:
    return ctx.actor is None or ctx.actor.role in ("owner", "manager")


class SettingsSection(QWidget):
    """Subclasses build their fields into ``self.body``, list their ``keys`` and
    implement :meth:`load` and :meth:`values`; :meth:`validate` may refuse values
    the service would accept but the shop should not (raise InvalidInput)."""

    keys: tuple[str, ...] = ()
    dirty_changed = Signal(bool)

    def __init__(self, ctx: AppContext, title: str, intro: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._stored: dict[str, Any] = {}
        self._loading = False
        self._dirty = False
        self._error_labels: dict[str, QLabel] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(10)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("SectionTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.title_label.setFont(font)
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
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        self._set_dirty(False)

    # --- for subclasses ---------------------------------------------------

    def load(self, values: dict[str, Any]) -> None:
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def validate(self, values: dict[str, Any]) -> None:
        """Raise InvalidInput(key, translated reason) to refuse a value."""

    def after_save(self, changed: dict[str, Any]) -> None:
        self.ctx.bus.settings_changed.emit()

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

    def reload(self) -> None:
        """Show the stored values (what Cancel does)."""
        self._stored = {key: value for key, value in settings.get_all().items() if key in self.keys}
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
            settings.set_many(changed, self.ctx.actor)
        except ShopError as exc:
            self.show_error(exc)
            return False
        self._stored.update({key: settings.get(key) for key in changed})
        self._set_dirty(bool(self.changed_values()))
        self.show_message(self.tr("Saved."))
        self.after_save(changed)
        return True

    def cancel(self) -> None:
        self.reload()
        self.message.clear()
