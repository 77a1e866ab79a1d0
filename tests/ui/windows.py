"""A main window with only the pages a test needs built for real (the others blank)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.main_window import MainWindow


class Blank(QWidget):
    def __init__(self, ctx):
        super().__init__()


def main_window(qtbot, tmp_path, *real: str) -> MainWindow:
    """The main window, shown, with the pages named in ``real`` as the app builds them."""
    factories = {key: Blank for key in MainWindow.PAGE_KEYS}
    for key in real:
        factories[key] = MainWindow.default_factories()[key]
    window = MainWindow(AppContext(location=str(tmp_path / "shop.db")), factories)
    qtbot.addWidget(window)
    window.show()
    return window
