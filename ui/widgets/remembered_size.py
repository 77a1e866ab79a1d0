"""Window and dialog sizes that are remembered between sessions and always fit the screen: a
laptop of 1366 × 768, or a size remembered from a bigger screen, never hides a window's edges."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter, QWidget


def fit_screen(widget: QWidget) -> None:
    """No bigger than the screen's free room, and on it."""
    screen = widget.screen()
    if screen is None:
        return
    room = screen.availableGeometry()
    width, height = min(widget.width(), room.width()), min(widget.height(), room.height())
    if (width, height) != (widget.width(), widget.height()):
        widget.resize(width, height)
    x = min(max(widget.x(), room.left()), room.right() - width + 1)
    y = min(max(widget.y(), room.top()), room.bottom() - height + 1)
    if (x, y) != (widget.x(), widget.y()):
        widget.move(x, y)


def restore_size(widget: QWidget, key: str, width: int, height: int, split: QSplitter | None = None) -> None:
    """The size (and the splitter's division) remembered under ``key``, else ``width`` × ``height``,
    fitted to the screen."""
    from ui.session import app_settings

    settings = app_settings()
    geometry = settings.value(f"{key}/geometry")
    if geometry is None or not widget.restoreGeometry(geometry):
        widget.resize(width, height)
    state = settings.value(f"{key}/split")
    if split is not None and state is not None:
        split.restoreState(state)
    fit_screen(widget)


def remember_size(widget: QWidget, key: str, split: QSplitter | None = None) -> None:
    from ui.session import app_settings

    settings = app_settings()
    settings.setValue(f"{key}/geometry", widget.saveGeometry())
    if split is not None:
        settings.setValue(f"{key}/split", split.saveState())
