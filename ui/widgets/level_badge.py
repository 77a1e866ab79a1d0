"""The level badge: a coloured pill with the level's name, as a label and as a
table delegate, so the five levels read the same on every screen."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QLabel, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.words import LEVEL_COLORS, level_name

# Models put the level index (0..4) under this role in the level column.
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 10


def _text_color(level: int) -> str:
    return "#212121" if level == 3 else "#ffffff"


class LevelBadge(QLabel):
    def __init__(self, level: int | None = None, parent=None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_level(level)

    def set_level(self, level: int | None) -> None:
        self.level = level
        if level is None:
            self.setText("")
            self.setStyleSheet("")
            return
        self.setText(level_name(level))
        self.setStyleSheet(
            f"QLabel {{ background: {LEVEL_COLORS[level]}; color: {_text_color(level)};"
            " border-radius: 9px; padding: 2px 10px; font-weight: bold; }"
        )


class LevelDelegate(QStyledItemDelegate):
    """Paints the level column as a pill; the model gives the index under LEVEL_ROLE."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        level = index.data(LEVEL_ROLE)
        if level is None:
            super().paint(painter, option, index)
            return
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        text = level_name(level)
        metrics = option.fontMetrics
        width = min(option.rect.width() - 6, metrics.horizontalAdvance(text) + 18)
        height = min(option.rect.height() - 4, metrics.height() + 4)
        rect = QRectF(option.rect.x() + 3, option.rect.center().y() - height / 2 + 1, width, height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(LEVEL_COLORS[level]))
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(QColor(_text_color(level)))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 90), hint.height())
