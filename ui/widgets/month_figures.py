"""A month's figures beside the month before, in cards by subject (the reports page).

Each figure's name explains itself on hover (the report's Notes, in the app's
language); the change says which way is better: fewer downgrades is good news.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from crm.levels import LEVELS
from crm.money import format_amount
from crm.reports.labels import Labels
from crm.reports.metrics import MONEY_KEYS, RATE_KEYS
from crm.reports.notes import metric_note
from ui.widgets.dashboard_cards import DashboardCard, change_text, direction_color

# The report's Summary, by subject; "levels" rows are the level mix (end of month against
# the end of the month before).
GROUPS = (
    ("customers", ("customers_total", "new_customers", "new_referred", "active_customers", "buyers")),
    (
        "sales",
        ("purchases", "revenue", "avg_ticket", "repurchase_rate", "returning_buyers", "retention_rate"),
    ),
    ("levels", ("upgrades", "downgrades", "super_users")),
    ("fission", ("referral_conversion", "fission_rate", "k_factor", "repeat_buyers_ever")),
    ("communities", ("big_c", "communities", "zombie_communities")),
    ("followup", ("tasks_created", "tasks_done", "tasks_overdue")),
)
LOWER_IS_BETTER = {"downgrades", "zombie_communities", "tasks_overdue"}
NEUTRAL = {"tasks_created"}


def _group_title(key: str) -> str:
    return {
        "customers": QCoreApplication.translate("MonthFigures", "Customers"),
        "sales": QCoreApplication.translate("MonthFigures", "Sales"),
        "levels": QCoreApplication.translate("MonthFigures", "Levels"),
        "fission": QCoreApplication.translate("MonthFigures", "Referrals and fission"),
        "communities": QCoreApplication.translate("MonthFigures", "Communities"),
        "followup": QCoreApplication.translate("MonthFigures", "Follow-up"),
    }[key]


def format_figure(key: str, value, currency: str) -> str:
    if key in MONEY_KEYS:
        return format_amount(round(value), currency)
    if key == "k_factor":
        return f"{value:.2f}"
    if key in RATE_KEYS:
        return f"{value * 100:.1f}%"
    return f"{value:,}"


class FigureCard(DashboardCard):
    """One subject: a row per figure with this month, the month before and the change."""

    def __init__(self, title: str, parent=None):
        super().__init__(title, parent)
        self.title.setStyleSheet("font-weight: 600;")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(5)
        self.grid.setColumnStretch(0, 1)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self.rows: dict[str, tuple[QLabel, QLabel, QLabel, QLabel]] = {}
        # The months' own names head the columns (short, and never ambiguous).
        self.heads = [QLabel() for _ in range(3)]
        self.heads[2].setText(QCoreApplication.translate("MonthFigures", "Change"))
        for column, head in enumerate(self.heads, start=1):
            head.setStyleSheet("color: #757575; font-size: 9pt;")
            head.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
            self.grid.addWidget(head, 0, column)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def add_heading(self, text: str) -> None:
        """A line of its own over the rows that follow."""
        heading = QLabel(text)
        heading.setStyleSheet("color: #616161; margin-top: 4px;")
        self.grid.addWidget(heading, self.grid.rowCount(), 0, 1, 4)

    def add_row(self, key: str, name: str, note: str = "") -> None:
        labels = (QLabel(name), QLabel(), QLabel(), QLabel())
        row = self.grid.rowCount()  # under the column heads and what came before
        for column, label in enumerate(labels):
            if column:
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(label, row, column)
        labels[2].setStyleSheet("color: #757575;")
        if note:
            labels[0].setToolTip(note)
            labels[0].setText(name + " ⓘ")
            labels[0].setCursor(Qt.CursorShape.WhatsThisCursor)
        self.rows[key] = labels

    def set_row(self, key: str, this: str, previous: str, change: str, color: str) -> None:
        _, now, before, delta = self.rows[key]
        now.setText(this)
        before.setText(previous)
        delta.setText(change)
        delta.setStyleSheet(f"color: {color};")


class FigureCards(QWidget):
    """Cards of figures laid out in as many columns as the width allows."""

    def __init__(self, language: str, parent=None):
        super().__init__(parent)
        self.labels = Labels(language)
        self.cards: dict[str, FigureCard] = {}
        self.row_of: dict[str, FigureCard] = {}  # figure key -> its card
        self.values: dict[str, tuple[str, str, str]] = {}  # figure key -> shown texts
        self.layout_grid = QGridLayout(self)
        self.layout_grid.setContentsMargins(0, 0, 0, 0)
        self.layout_grid.setSpacing(12)
        zh = self.labels.zh
        for group, keys in GROUPS:
            card = FigureCard(_group_title(group))
            for key in keys:
                card.add_row(key, self.labels.metric(key), metric_note(key, zh))
                self.row_of[key] = card
            if group == "levels":
                card.add_heading(
                    QCoreApplication.translate("MonthFigures", "Customers at each level, month end")
                )
                for level in LEVELS:
                    card.add_row(f"level:{level}", self.labels.level(level))
                    self.row_of[f"level:{level}"] = card
            self.cards[group] = card
        self._columns = 0
        self._place(2)

    def _place(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.cards.values():
            self.layout_grid.removeWidget(card)
        for index, card in enumerate(self.cards.values()):
            self.layout_grid.addWidget(card, index // columns, index % columns)
        for column in range(3):
            self.layout_grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._fit(event.size().width())
        super().resizeEvent(event)

    def _fit(self, width: int) -> None:
        """As many columns as fit whole cards (their widest row, in this language and with
        these figures), up to three."""
        card = max(card.minimumSizeHint().width() for card in self.cards.values())
        spacing = self.layout_grid.horizontalSpacing()
        self._place(max(1, min(3, (width + spacing) // (card + spacing))))

    def columns(self) -> int:
        return self._columns

    def show_figures(self, this: dict, previous: dict, currency: str) -> None:
        for card in self.cards.values():
            card.heads[0].setText(this["month"])
            card.heads[1].setText(previous["month"])
        for key, card in self.row_of.items():
            if key.startswith("level:"):
                level = key.split(":", 1)[1]
                now, before = this["levels_end"][level], previous["levels_end"][level]
                texts = (f"{now:,}", f"{before:,}")
                change, direction = change_text(now, before)
                color = direction_color(0)
            else:
                now, before = this[key], previous[key]
                texts = (format_figure(key, now, currency), format_figure(key, before, currency))
                points = key in RATE_KEYS and key != "k_factor"
                change, direction = change_text(now, before, points=points)
                better = 0 if key in NEUTRAL else -direction if key in LOWER_IS_BETTER else direction
                color = direction_color(better)
            card.set_row(key, *texts, change, color)
            self.values[key] = (*texts, change)
        self._fit(self.width())

    def clear(self) -> None:
        for key, card in self.row_of.items():
            card.set_row(key, "", "", "", direction_color(0))
        self.values.clear()
