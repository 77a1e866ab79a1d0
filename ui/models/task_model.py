"""The follow-up table of tasks (TaskInfo rows), and the words follow-up tables share.

Tasks are few (a day's work of a shop): the model holds them all and sorts
the Python list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from crm import clock
from crm.services.tasks import TaskInfo
from ui.models.base import CUSTOMER_ID_ROLE, RowTableModel
from ui.words import big_c, small_c, task_kind, task_status

OVERDUE_COLOR = QColor("#c62828")
MUTED_COLOR = QColor("#757575")


def short_day(day: date) -> str:
    """7/3 in English, 7月3日 in Chinese."""
    return (
        QCoreApplication.translate("FollowUpWords", "%1/%2")
        .replace("%1", str(day.month))
        .replace("%2", str(day.day))
    )


def via_text(name: str | None) -> str:
    return QCoreApplication.translate("FollowUpWords", "via %1").replace("%1", name) if name else ""


class TaskTableModel(RowTableModel):
    CUSTOMER, KIND, DUE, ASSIGNEE, VIA, TITLE, STATUS, OUTCOME = range(8)
    COLUMNS = ("customer", "kind", "due", "assigned_to", "via", "title", "status", "outcome")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.today = clock.today()

    # --- content ---------------------------------------------------------

    def set_tasks(self, rows: Iterable[TaskInfo], today: date | None = None) -> None:
        self.beginResetModel()
        self._rows = self._in_sort_order(list(rows))
        self.today = today or clock.today()
        self.endResetModel()

    def remove_task(self, task_id: int) -> bool:
        row = self.row_of(task_id)
        if row < 0:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        return True

    def add_task(self, info: TaskInfo) -> int:
        """Insert where the current sort puts it; returns the row."""
        column, order = self._sort or (self.DUE, Qt.SortOrder.AscendingOrder)
        key = self.sort_key(column)
        new = key(info)
        descending = order == Qt.SortOrder.DescendingOrder
        row = 0
        while row < len(self._rows) and (
            key(self._rows[row]) > new if descending else key(self._rows[row]) <= new
        ):
            row += 1
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, info)
        self.endInsertRows()
        return row

    def task(self, row: int) -> TaskInfo:
        return self._rows[row]

    def tasks(self) -> list[TaskInfo]:
        return list(self._rows)

    # --- cells ---------------------------------------------------------------

    def cell(self, info: TaskInfo, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(info, col)
        if role == CUSTOMER_ID_ROLE:
            return info.customer_id
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.DUE and info.is_open and info.due < self.today:
                return QBrush(OVERDUE_COLOR)
            if col == self.VIA or not info.is_open:
                return QBrush(MUTED_COLOR)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(info, col)
        if role == Qt.ItemDataRole.FontRole and col == self.CUSTOMER:
            font = QFont()
            font.setBold(info.is_open)
            return font
        return None

    def _display(self, info: TaskInfo, col: int) -> str:
        return (
            info.customer_name,
            task_kind(info.kind),
            info.due.isoformat(),
            info.assignee_name or self.tr("Unassigned"),
            via_text(info.via_name),
            info.title,
            task_status(info.status),
            info.outcome,
        )[col]

    def _tooltip(self, info: TaskInfo, col: int) -> str | None:
        if col == self.DUE and info.is_open and info.due < self.today:
            return self.tr("%1 days overdue").replace("%1", str((self.today - info.due).days))
        if col == self.VIA and info.via_name:
            return (
                self.tr("A %1 customer: contact them through %2 %3")
                .replace("%1", small_c())
                .replace("%2", big_c())
                .replace("%3", info.via_name)
            )
        if col in (self.TITLE, self.OUTCOME):
            text = info.title if col == self.TITLE else info.outcome
            return text or None
        if col == self.CUSTOMER:
            return " ".join(
                p for p in (info.customer_name, info.customer_phone or "", info.customer_code) if p
            )
        return None

    def sort_key(self, col: int) -> Callable[[TaskInfo], object] | None:
        return {
            self.CUSTOMER: lambda t: (t.customer_name, t.id),
            self.KIND: lambda t: (task_kind(t.kind), t.due, t.id),
            self.DUE: lambda t: (t.due, t.id),
            self.ASSIGNEE: lambda t: (t.assignee_name or "", t.due, t.id),
            self.VIA: lambda t: (t.via_name or "", t.due, t.id),
            self.TITLE: lambda t: (t.title, t.id),
            self.STATUS: lambda t: (t.status, t.closed_on or t.due, t.id),
            self.OUTCOME: lambda t: (t.outcome, t.id),
        }.get(col)
