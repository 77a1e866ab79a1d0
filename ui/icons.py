"""The app's icons: one set, Lucide (https://lucide.dev, ISC licence), bundled as SVG files in
``resources/icons/lucide/`` beside the set's licence, only the icons named here.

Lucide draws with ``currentColor`` strokes; each icon is drawn in the colour of where it is
shown (light on the dark rail, dark grey in menus), through Qt's SVG image plugin, which the
frozen app carries too (``installer/qt_parts.py``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QRect, QSize
from PySide6.QtGui import QIcon, QIconEngine, QImageReader, QPainter, QPixmap

from ui.i18n import RESOURCES

ICON_SET = "Lucide"
ICON_SET_VERSION = "1.62.0"  # lucide-static on npm
ICON_LICENCE = "ISC"
FOLDER = RESOURCES / "icons" / "lucide"

# What each icon stands for, and the file it is drawn from: every icon the app names.
ICONS = {
    "page:dashboard": "layout-dashboard",
    "page:counter": "shopping-cart",
    "page:customers": "users",
    "page:followup": "bell",
    "page:communities": "messages-square",
    "page:fission": "git-fork",
    "page:reports": "chart-column",
    "page:settings": "settings",
    "open database": "folder-open",
    "back up": "database-backup",
    "restore": "history",
    "backups folder": "folder-archive",
    "check": "shield-check",
    "real shop": "store",
    "switch staff": "user-round-cog",
    "quit": "log-out",
    "refresh": "refresh-cw",
    "guide": "book-open",
    "shortcuts": "keyboard",
    "about": "info",
    "search": "search",
    "new customer": "user-plus",
    "log visit": "receipt",
}

ON_DARK = "#eceff1"  # the rail's text colour
ON_LIGHT = "#455a64"  # menus and buttons
DISABLED = "#b0bec5"
SIZES = (16, 24, 32, 48)  # Qt picks the nearest, and a larger one on a high-density screen


def icon_path(purpose: str) -> Path:
    return FOLDER / f"{ICONS[purpose]}.svg"


def _drawn(svg: bytes, size: int) -> QPixmap:
    buffer = QBuffer()
    buffer.setData(QByteArray(svg))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(size, size))
    return QPixmap.fromImage(reader.read())


class _Drawn(QIconEngine):
    """An icon drawn from its SVG at the size and in the mode asked, the first time each is
    asked: the window's few dozen icons at four sizes in two modes took a tenth of a second to
    draw at start-up, most of them never shown at most of those sizes."""

    def __init__(self, svg: bytes, colour: str):
        super().__init__()
        self.svg, self.colour = svg, colour
        self.drawn: dict[tuple[int, str], QPixmap] = {}

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        stroke = DISABLED if mode == QIcon.Mode.Disabled else self.colour
        side = max(1, min(size.width(), size.height()))
        key = (side, stroke)
        if key not in self.drawn:
            self.drawn[key] = _drawn(self.svg.replace(b"currentColor", stroke.encode()), side)
        return self.drawn[key]

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.drawPixmap(rect, self.pixmap(rect.size(), mode, state))

    def availableSizes(self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off):  # noqa: N802
        return [QSize(side, side) for side in SIZES]

    def clone(self) -> QIconEngine:
        return _Drawn(self.svg, self.colour)


@cache
def icon(purpose: str, colour: str = ON_LIGHT) -> QIcon:
    """The icon for ``purpose`` (a key of :data:`ICONS`) with its strokes in ``colour``; an
    empty icon for a purpose not named there or a file that cannot be read (a missing icon
    never stops the window; ``tests/ui/test_main_menu.py`` checks that none is missing)."""
    if purpose not in ICONS:
        return QIcon()
    try:
        svg = icon_path(purpose).read_bytes()
    except OSError:
        return QIcon()
    return QIcon(_Drawn(svg, colour))
