"""A KPI card: a title, this month's value, last month's beside it and the change."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout

UP_COLOR = "#2e7d32"
DOWN_COLOR = "#c62828"
FLAT_COLOR = "#757575"


def direction_color(better: int) -> str:
    """The colour of a change: 1 better than before, -1 worse, 0 neither."""
    return UP_COLOR if better > 0 else DOWN_COLOR if better < 0 else FLAT_COLOR


def change_text(now, before, points: bool = False) -> tuple[str, int]:
    """The change from ``before`` to ``now`` as text ("▲ 12.5%", or "▲ 1.7 pts" for rates when
    ``points``) and its direction (1 up, -1 down, 0 flat or not comparable)."""
    if points:
        delta = round((now - before) * 100, 1)
        direction = (delta > 0) - (delta < 0)
        arrow = "▲" if direction > 0 else "▼" if direction < 0 else "="
        text = QCoreApplication.translate("KpiCard", "%1 %2 pts")
        return text.replace("%1", arrow).replace("%2", f"{abs(delta):.1f}"), direction
    if not before:
        return ("—", 0) if not now else (QCoreApplication.translate("KpiCard", "new"), 1 if now > 0 else -1)
    pct = round((now - before) / abs(before) * 100, 1)
    direction = (pct > 0) - (pct < 0)
    arrow = "▲" if direction > 0 else "▼" if direction < 0 else "="
    return f"{arrow} {abs(pct):.1f}%", direction


CARD_STYLE = """
QFrame#DashboardCard {
    background: palette(base);
    border: 1px solid #e0e0e0;
    border-radius: 8px;
}
QLabel#CardTitle { color: #616161; }
QLabel#CardValue { font-size: 17pt; font-weight: 600; }
QLabel#CardPrevious { color: #757575; }
"""


class DashboardCard(QFrame):
    """A white rounded panel with a title, used by every block of the dashboard."""

    def __init__(self, title: str = "", parent=None):
        super().__init__(parent)
        self.setObjectName("DashboardCard")
        self.setStyleSheet(CARD_STYLE)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 10)
        self.body.setSpacing(4)
        self.title = QLabel(title)
        self.title.setObjectName("CardTitle")
        self.body.addWidget(self.title)


class KpiCard(DashboardCard):
    def __init__(self, title: str, parent=None):
        super().__init__(title, parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.value = QLabel("—")
        self.value.setObjectName("CardValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.value)
        # Last month's figure on a line of its own, wrapping when the card is narrow (a
        # 1024-pixel screen): nothing is cut off.
        self.previous = QLabel("")
        self.previous.setObjectName("CardPrevious")
        self.previous.setWordWrap(True)
        self.change = QLabel("")
        self.body.addWidget(self.change)
        self.body.addWidget(self.previous)

    def set_values(
        self, value: str, previous: str, change: str, direction: int, same_days: bool = False
    ) -> None:
        """``direction``: 1 better than last month, -1 worse, 0 the same or not comparable;
        ``same_days``: ``previous`` is of the same days of last month, not all of it."""
        self.value.setText(value)
        label = self.tr("Same days last month: %1") if same_days else self.tr("Last month: %1")
        self.previous.setText(label.replace("%1", previous))
        color = direction_color(direction)
        self.change.setText(change)
        self.change.setStyleSheet(f"color: {color}; font-weight: 600;")
