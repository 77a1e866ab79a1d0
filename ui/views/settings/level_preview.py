"""The level rules' preview: "With these rules, today:" and, per level, a badge with how
many customers it would hold and how many more or fewer than now."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from crm.levels import LEVELS
from crm.services.level_preview import LevelPreview as LevelPreviewData
from ui.widgets.forms import NOTE_STYLE
from ui.widgets.level_badge import LevelBadge


class LevelPreview(QWidget):
    """ "With these rules, today:" and a badge with a count (and the change) per level."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("LevelPreview")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#LevelPreview { background: #f5f7fa; border-radius: 8px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        self.caption = QLabel(self.tr("With these rules, today:"))
        font = self.caption.font()
        font.setBold(True)
        self.caption.setFont(font)
        self.state = QLabel()
        self.state.setStyleSheet(NOTE_STYLE)
        top.addWidget(self.caption)
        top.addStretch(1)
        top.addWidget(self.state)
        layout.addLayout(top)
        grid = QHBoxLayout()
        grid.setSpacing(18)
        self.counts: list[QLabel] = []
        self.deltas: list[QLabel] = []
        for level in range(len(LEVELS)):
            cell = QVBoxLayout()
            cell.setSpacing(2)
            badge = LevelBadge(level)
            count = QLabel("—")
            count.setObjectName(f"preview_count_{LEVELS[level]}")
            count.setAlignment(Qt.AlignmentFlag.AlignCenter)
            big = count.font()
            big.setPointSizeF(big.pointSizeF() * 1.3)
            big.setBold(True)
            count.setFont(big)
            delta = QLabel()
            delta.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.addWidget(badge)
            cell.addWidget(count)
            cell.addWidget(delta)
            grid.addLayout(cell)
            self.counts.append(count)
            self.deltas.append(delta)
        grid.addStretch(1)
        layout.addLayout(grid)
        self.numbers: list[int] | None = None

    def set_computing(self) -> None:
        self.state.setText(self.tr("Counting…"))

    def set_failed(self, text: str) -> None:
        self.state.setText(text)

    def set_counts(self, shown: LevelPreviewData) -> None:
        locale = QLocale()
        self.numbers = list(shown.counts)
        self.state.setText("")
        for level, (n, change) in enumerate(zip(shown.counts, shown.moves, strict=True)):
            self.counts[level].setText(locale.toString(n))
            if change == 0:
                self.deltas[level].setText(self.tr("no change"))
                self.deltas[level].setStyleSheet(NOTE_STYLE)
            else:
                sign = "+" if change > 0 else "−"
                self.deltas[level].setText(
                    self.tr("%1 from now").replace("%1", sign + locale.toString(abs(change)))
                )
                self.deltas[level].setStyleSheet("color: #2e7d32;" if change > 0 else "color: #c62828;")
