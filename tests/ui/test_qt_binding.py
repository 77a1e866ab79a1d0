"""The Qt binding must not leak references to None: PySide6 6.12.0 does under
Python 3.11 and the app aborts after a few thousand calls (pyproject excludes it)."""

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("a")
    assert sys.getrefcount(None) >= before - 50
