"""What a person does with the mouse and keyboard, for the UI tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def type_text(widget, text: str) -> None:
    """Type text the way a Chinese input method commits it (QTest only types ASCII keys)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    widget.setFocus()
    QApplication.sendEvent(widget, event)


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def pick(qtbot, picker, text: str) -> None:
    """Type into a CustomerPicker and choose the first hit with Enter, like a person."""
    qtbot.keyClicks(picker, text)
    assert picker.results.rowCount() >= 1
    popup = picker.completer().popup()
    popup.setCurrentIndex(picker.completer().completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
