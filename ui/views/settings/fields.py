"""Fields of the settings sections: a sentence with number boxes inside it."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QSpinBox, QWidget

_TOKEN = re.compile(r"(%[1-9])")


class LineLayout(QLayout):
    """Widgets placed left to right as words are, going on to the next line when the width
    runs out (a sentence with number boxes reads whole on a 1024-pixel screen)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hints = [item.sizeHint() for item in self._items]
        width = sum(h.width() for h in hints) + self._gap * max(0, len(hints) - 1)
        return QSize(width, max((h.height() for h in hints), default=0))

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        """The widest single piece: anything wider goes on to the next line."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the items out in ``rect`` (only measure unless ``move``); the height used."""
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + self._gap, 0
            line = max(line, hint.height())
            if move:
                # Pieces of one line share its middle: a label beside a taller number box.
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
        if move:
            self._centre_lines(rect)
        return y + line - rect.y()

    def _centre_lines(self, rect: QRect) -> None:
        rows: dict[int, list[QLayoutItem]] = {}
        for item in self._items:
            rows.setdefault(item.geometry().y(), []).append(item)
        for items in rows.values():
            tallest = max(item.geometry().height() for item in items)
            for item in items:
                g = item.geometry()
                item.setGeometry(QRect(g.x(), g.y() + (tallest - g.height()) // 2, g.width(), g.height()))


def sentence(template: str, fields: dict[str, QWidget], parent: QWidget | None = None) -> QWidget:
    """A row that reads as a sentence: ``"at least %1 days"`` with a widget for %1, going on
    to a second line where the width runs out.

    The translated template decides the word order, so fields land where the
    language puts them.
    """
    row = QWidget(parent)
    layout = LineLayout(row)
    for part in _TOKEN.split(template):
        if not part:
            continue
        if part in fields:
            layout.addWidget(fields[part])
        else:
            label = QLabel(part.strip())
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            if label.text():
                layout.addWidget(label)
    return row


def number_box(maximum: int = 100_000, width: int = 84) -> QSpinBox:
    """A whole number as the settings store them (0 … 100,000)."""
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setFixedWidth(width)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    box.setGroupSeparatorShown(False)
    return box
