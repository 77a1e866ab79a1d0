"""A customer's timeline: visits, level changes and follow-up tasks, newest first.

The rows come from :attr:`crm.services.customer_page.CustomerPage.timeline`,
already merged and ordered; this model only says them in words and colours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from crm.levels import LEVELS
from crm.money import format_amount
from crm.services.customer_page import TimelineEvent
from crm.services.levels import LevelChangeInfo
from crm.services.tasks import TaskInfo
from crm.services.visits import VisitInfo
from ui.models.base import RowTableModel
from ui.words import LEVEL_COLORS, level_name, list_of, task_kind, task_status, visit_kind

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

_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


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
    COLUMNS = ("when", "what", "details", "amount", "by")
    NUMBERS = (COL_AMOUNT,)

    def __init__(self, parent: QObject | None = None, currency: str = "CNY"):
        super().__init__(parent)
        self.currency = currency

    # --- building --------------------------------------------------------------

    def set_events(self, events: list[TimelineEvent]) -> None:
        """The page's timeline, newest first as the service ordered it."""
        self.set_rows(self._item(e) for e in events)

    def _item(self, event: TimelineEvent) -> TimelineItem:
        if event.visit is not None:
            return self._visit(event.visit)
        if event.level_change is not None:
            return self._level(event.level_change)
        assert event.task is not None
        return self._task(event.task, event.at)

    @staticmethod
    def _visit(v: VisitInfo) -> TimelineItem:
        return TimelineItem(
            kind="visit",
            subtype=v.kind,
            at=v.at,
            title=visit_kind(v.kind),
            detail=v.note,
            amount=v.amount if v.amount or v.kind in ("purchase", "refund") else None,
            who=v.staff_name or "",
            color=KIND_COLORS.get(v.kind, KIND_COLORS["visit"]),
            visit_id=v.id,
        )

    def _level(self, change: LevelChangeInfo) -> TimelineItem:
        why = {
            "rule": self._rule_why(change),
            "pin": self.tr("pinned by hand"),
            "unpin": self.tr("pin removed"),
        }.get(change.reason, change.reason)
        pin = change.detail.get("pin") if isinstance(change.detail, dict) else None
        if pin and pin.get("reason"):
            why += " — " + str(pin["reason"])
        return TimelineItem(
            kind="level",
            subtype=change.to_level,
            at=change.at,
            title=self.tr("Level %1 → %2")
            .replace("%1", level_name(change.from_level))
            .replace("%2", level_name(change.to_level)),
            detail=why,
            amount=None,
            who="",
            color=LEVEL_COLORS[LEVELS.index(change.to_level)],
        )

    def _rule_why(self, change: LevelChangeInfo) -> str:
        """Why the rules moved the level, from what is stored with the change: what caused it
        when that is known, and what the rules counted then ("6th purchase day in 365 days;
        by the level rules: 6 purchase days in 365 days, bought that day")."""
        facts = change.detail.get("facts") if isinstance(change.detail, dict) else None
        if not isinstance(facts, dict):
            return self.tr("by the level rules")
        parts = []
        days, since = facts.get("purchase_days"), facts.get("days_since_last")
        if since is None:
            parts.append(self.tr("no purchase yet"))
        else:
            parts.append(
                self.tr("%n purchase day(s) in %1 days", "", int(days or 0)).replace(
                    "%1", str(change.detail.get("window_days", 365))
                )
            )
            if since:
                parts.append(self.tr("last purchase %n day(s) before", "", int(since)))
            else:
                parts.append(self.tr("bought that day"))
        referrals = facts.get("active_referrals", facts.get("converted_referrals")) or 0
        if referrals:
            parts.append(self.tr("%n active referral(s)", "", int(referrals)))
        if facts.get("active_led_members"):
            parts.append(
                self.tr("%n active member(s) in communities they lead", "", int(facts["active_led_members"]))
            )
        counted = self.tr("by the level rules: %1").replace("%1", list_of(parts))
        window = int(change.detail.get("window_days", 365))
        causes = [self._cause(c, window) for c in change.detail.get("cause") or [] if isinstance(c, dict)]
        causes = [c for c in causes if c]
        if not causes:
            return counted
        return self.tr("%1; %2").replace("%2", counted).replace("%1", list_of(causes))

    def _cause(self, cause: dict, window: int) -> str:
        """What made the level move, stored with the change ("6th purchase day in 365 days")."""
        kind, days = cause.get("kind"), str(window)
        if kind == "purchase":
            nth = self._ordinal(int(cause.get("purchase_days") or 0))
            return self.tr("%1 purchase day in %2 days").replace("%2", days).replace("%1", nth)
        if kind == "left_window":
            if cause.get("last"):
                return self.tr("the last purchase left the %1 days").replace("%1", days)
            return self.tr("a purchase day left the %1 days").replace("%1", days)
        if kind == "no_recent":
            return self.tr("no purchase in more than %n day(s)", "", int(cause.get("days") or 0))
        if kind == "referral":
            if int(cause.get("change") or 0) > 0:
                return self.tr("%1 active referral").replace(
                    "%1", self._ordinal(int(cause.get("active") or 0))
                )
            return self.tr("an active referral's last purchase left the %1 days").replace("%1", days)
        if kind == "led":
            if int(cause.get("change") or 0) > 0:
                nth = self._ordinal(int(cause.get("active") or 0))
                return self.tr("%1 active member in communities they lead").replace("%1", nth)
            return self.tr("one fewer active member in communities they lead")
        return {
            "joined": self.tr("joined the shop"),
            "pin_started": self.tr("the pin started"),
            "pin_ended": self.tr("the pin ended"),
        }.get(str(kind), "")

    def _ordinal(self, n: int) -> str:
        """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st (第1, 第2 …)."""
        if n % 100 in (11, 12, 13) or n % 10 not in (1, 2, 3):
            text = self.tr("%1th")
        elif n % 10 == 1:
            text = self.tr("%1st")
        elif n % 10 == 2:
            text = self.tr("%1nd")
        else:
            text = self.tr("%1rd")
        return text.replace("%1", str(n))

    def _task(self, t: TaskInfo, at: datetime) -> TimelineItem:
        parts = [p for p in (t.title, t.outcome) if p]
        if t.via_name:
            parts.append(self.tr("via %1").replace("%1", t.via_name))
        return TimelineItem(
            kind="task",
            subtype=t.status,
            at=at,
            title=self.tr("Task: %1 (%2)")
            .replace("%1", task_kind(t.kind))
            .replace("%2", task_status(t.status)),
            detail=" · ".join(parts),
            amount=None,
            who=t.assignee_name or "",
            color=KIND_COLORS["task_open" if t.is_open else "task_done"],
            task_id=t.id,
        )

    def item(self, row: int) -> TimelineItem:
        return self._rows[row]

    def items(self) -> list[TimelineItem]:
        return list(self._rows)

    # --- Qt --------------------------------------------------------------------

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        item = self.row_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, col)
        if role == Qt.ItemDataRole.DecorationRole and col == self.COL_WHAT:
            return dot_icon(item.color)
        if role == Qt.ItemDataRole.ForegroundRole:
            coloured = col == self.COL_WHAT or (col == self.COL_AMOUNT and item.amount is not None)
            return QBrush(QColor(item.color)) if coloured else None
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_DETAIL and item.detail:
            return item.detail
        return {VISIT_ID_ROLE: item.visit_id, KIND_ROLE: item.kind}.get(role)

    def _text(self, item: TimelineItem, col: int) -> str | None:
        if col == self.COL_WHEN:
            return item.at.strftime("%Y-%m-%d" if item.kind == "task" else "%Y-%m-%d %H:%M")
        if col == self.COL_AMOUNT:
            return "" if item.amount is None else format_amount(item.amount, self.currency)
        return {self.COL_WHAT: item.title, self.COL_DETAIL: item.detail, self.COL_WHO: item.who}.get(col)
