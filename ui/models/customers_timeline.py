"""A customer's timeline: visits, level changes and follow-up tasks, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from crm.levels import LEVELS
from crm.money import format_amount
from ui.models.base import RowTableModel
from ui.words import LEVEL_COLORS, level_name, task_kind, task_status, visit_kind

VISIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2

# One colour per kind of event, so a glance down the timeline reads it.
KIND_COLORS = {
    "purchase": "#2e7d32",
    "refund": "#c62828",
    "visit": "#546e7a",
    "service": "#00838f",
    "event": "#6a1b9a",
    "task_open": "#ef6c00",
    "task_done": "#9e9e9e",
}


@dataclass(frozen=True)
class TimelineItem:
    kind: str  # "visit", "level" or "task"
    subtype: str  # visit kind, level key moved to, task status
    at: datetime
    title: str
    detail: str
    amount: int | None
    who: str
    color: str
    visit_id: int | None = None
    task_id: int | None = None


def _moment(value) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0))
    return datetime.fromisoformat(str(value))


_icons: dict[str, QIcon] = {}


def dot_icon(color: str) -> QIcon:
    """A filled circle in ``color`` (cached)."""
    icon = _icons.get(color)
    if icon is None:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        icon = _icons[color] = QIcon(pixmap)
    return icon


class CustomerTimelineModel(RowTableModel):
    COL_WHEN, COL_WHAT, COL_DETAIL, COL_AMOUNT, COL_WHO = range(5)
    COLUMN_COUNT = 5

    def __init__(self, parent: QObject | None = None, currency: str = "CNY"):
        super().__init__(parent)
        self.currency = currency

    def headers(self) -> tuple[str, ...]:
        return (self.tr("When"), self.tr("What"), self.tr("Details"), self.tr("Amount"), self.tr("By"))

    # --- building --------------------------------------------------------------

    def set_items(self, items: list[TimelineItem]) -> None:
        self.set_rows(sorted(items, key=lambda i: i.at, reverse=True))

    def build(self, visits, level_changes, tasks) -> None:
        """From ``visits.list_visits``, ``levels.history`` and ``tasks.tasks_for``."""
        items: list[TimelineItem] = []
        for v in visits:
            items.append(
                TimelineItem(
                    kind="visit",
                    subtype=v.kind,
                    at=_moment(v.at),
                    title=visit_kind(v.kind),
                    detail=v.note,
                    amount=v.amount if v.amount or v.kind in ("purchase", "refund") else None,
                    who=v.staff_name or "",
                    color=KIND_COLORS.get(v.kind, KIND_COLORS["visit"]),
                    visit_id=v.id,
                )
            )
        for change in level_changes:
            to_index = LEVELS.index(change.to_level)
            why = {
                "rule": self.tr("by the level rules"),
                "pin": self.tr("pinned by hand"),
                "unpin": self.tr("pin removed"),
            }.get(change.reason, change.reason)
            pin = change.detail.get("pin") if isinstance(change.detail, dict) else None
            if pin and pin.get("reason"):
                why += " — " + str(pin["reason"])
            items.append(
                TimelineItem(
                    kind="level",
                    subtype=change.to_level,
                    at=_moment(change.at),
                    title=self.tr("Level %1 → %2")
                    .replace("%1", level_name(change.from_level))
                    .replace("%2", level_name(change.to_level)),
                    detail=why,
                    amount=None,
                    who="",
                    color=LEVEL_COLORS[to_index],
                )
            )
        for t in tasks:
            open_ = t.status == "open"
            parts = [p for p in (t.title, t.outcome) if p]
            if t.via_name:
                parts.append(self.tr("via %1").replace("%1", t.via_name))
            when = t.due if open_ else (t.closed_on or t.due)
            items.append(
                TimelineItem(
                    kind="task",
                    subtype=t.status,
                    at=_moment(when),
                    title=self.tr("Task: %1 (%2)")
                    .replace("%1", task_kind(t.kind))
                    .replace("%2", task_status(t.status)),
                    detail=" · ".join(parts),
                    amount=None,
                    who=t.assignee_name or "",
                    color=KIND_COLORS["task_open" if open_ else "task_done"],
                    task_id=t.id,
                )
            )
        self.set_items(items)

    def item(self, row: int) -> TimelineItem:
        return self._rows[row]

    def items(self) -> list[TimelineItem]:
        return list(self._rows)

    # --- Qt --------------------------------------------------------------------

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_WHEN:
                if item.kind == "task":
                    return item.at.strftime("%Y-%m-%d")
                return item.at.strftime("%Y-%m-%d %H:%M")
            if col == self.COL_WHAT:
                return item.title
            if col == self.COL_DETAIL:
                return item.detail
            if col == self.COL_AMOUNT:
                return "" if item.amount is None else format_amount(item.amount, self.currency)
            if col == self.COL_WHO:
                return item.who
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == self.COL_WHAT:
            return dot_icon(item.color)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.COL_WHAT or (col == self.COL_AMOUNT and item.amount is not None):
                return QBrush(QColor(item.color))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == self.COL_AMOUNT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_DETAIL and item.detail:
            return item.detail
        if role == VISIT_ID_ROLE:
            return item.visit_id
        if role == KIND_ROLE:
            return item.kind
        return None
