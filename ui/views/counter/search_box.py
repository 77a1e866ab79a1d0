"""The counter's search box: large, and the keyboard stays in it. Up/Down and
PgUp/PgDn move the highlight in the results (``move_requested``), Enter picks
(``pick_requested``), Esc clears (``clear_requested``)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QLineEdit

_PHONE_TYPED = re.compile(r"^[+\d][\d\s\-()]*$")

# The rows each key moves the highlight by.
_MOVES = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}


def prefill_from(text: str) -> dict:
    """What a clerk typed in the search, as the new customer's phone or name."""
    text = text.strip()
    if not text:
        return {}
    if _PHONE_TYPED.match(text) and any(ch.isdigit() for ch in text):
        return {"phone": text}
    if text.isascii() and any(ch.isdigit() for ch in text):  # a member code or a WeChat id, no name
        return {}
    return {"name": text}


class CounterSearchBox(QLineEdit):
    move_requested = Signal(int)
    pick_requested = Signal()
    clear_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("CounterSearch")
        self.setPlaceholderText(
            self.tr("Phone, last 4 digits, name or pinyin initials (e.g. 5678, 王丽, wl)")
        )
        self.setToolTip(self.tr("Up/Down to move, Enter to pick, Esc to clear (Ctrl+F to come back here)"))
        self.setClearButtonEnabled(True)
        self.setMinimumHeight(40)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.setFont(font)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            key = event.key()
            if key in _MOVES:
                self.move_requested.emit(_MOVES[key])
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.pick_requested.emit()
                return
            if key == Qt.Key.Key_Escape:
                self.clear_requested.emit()
                return
        super().keyPressEvent(event)
