"""Table models for follow-up: tasks (TaskInfo rows) and suggestions (Suggestion rows).

Both hold plain dataclasses from crm.services.tasks and sort on the Python
list. Suggestions can number tens of thousands on a big shop: the model keeps
them all but shows them in batches (canFetchMore/fetchMore), and builds each
row's translated reason only when the row is painted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from crm import clock
from crm.levels import MICRO, WEAK
from crm.services.tasks import RULES, Suggestion, TaskInfo
from ui.models.base import RowTableModel
from ui.words import big_c, level_name, small_c, task_kind, task_status

TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

OVERDUE_COLOR = QColor("#c62828")
MUTED_COLOR = QColor("#757575")

_RULE_ORDER = {rule: i for i, rule in enumerate(RULES)}

_Index = QModelIndex | QPersistentModelIndex


def short_day(day: date) -> str:
    """7/3 in English, 7月3日 in Chinese."""
    return (
        QCoreApplication.translate("FollowUpWords", "%1/%2")
        .replace("%1", str(day.month))
        .replace("%2", str(day.day))
    )


def via_text(name: str | None) -> str:
    return QCoreApplication.translate("FollowUpWords", "via %1").replace("%1", name) if name else ""


def suggestion_reason(s: Suggestion) -> str:
    """Why the rules propose this task, in the app's language (Suggestion.reason is English)."""
    days = str(s.days)
    if s.rule == "micro_not_back":
        return (
            QCoreApplication.translate("FollowUpWords", "%1 customer not back for %2 days (last purchase %3)")
            .replace("%1", level_name(MICRO))
            .replace("%2", days)
            .replace("%3", short_day(s.occasion))
        )
    if s.rule == "weak_dropping":
        return (
            QCoreApplication.translate(
                "FollowUpWords", "%1 customer %2 days since last purchase — about to drop"
            )
            .replace("%1", level_name(WEAK))
            .replace("%2", days)
        )
    if s.rule == "birthday":
        if s.days == 0:
            return QCoreApplication.translate("FollowUpWords", "Birthday today (%1)").replace(
                "%1", short_day(s.occasion)
            )
        if s.days == 1:
            return QCoreApplication.translate("FollowUpWords", "Birthday tomorrow (%1)").replace(
                "%1", short_day(s.occasion)
            )
        return (
            QCoreApplication.translate("FollowUpWords", "Birthday on %1, in %2 days")
            .replace("%1", short_day(s.occasion))
            .replace("%2", days)
        )
    if s.rule == "referral_converted":
        return QCoreApplication.translate(
            "FollowUpWords", "Referral %1 made a first purchase — thank the referrer"
        ).replace("%1", s.related_name or "")
    if s.rule == "new_customer":
        return QCoreApplication.translate("FollowUpWords", "New customer: first visit %1 days ago").replace(
            "%1", days
        )
    return s.reason


class TaskTableModel(RowTableModel):
    CUSTOMER, KIND, DUE, ASSIGNEE, VIA, TITLE, STATUS, OUTCOME = range(8)
    COLUMN_COUNT = 8

    def __init__(self, parent=None):
        super().__init__(parent)
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.today = clock.today()

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Customer"),
            self.tr("Kind"),
            self.tr("Due"),
            self.tr("Assigned to"),
            self.tr("Via"),
            self.tr("Title"),
            self.tr("Status"),
            self.tr("Outcome"),
        )

    # --- content ---------------------------------------------------------

    def set_tasks(self, rows: Iterable[TaskInfo], today: date | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.today = today or clock.today()
        if self._sort is not None:
            self._rows.sort(
                key=self._key(self._sort[0]), reverse=self._sort[1] == Qt.SortOrder.DescendingOrder
            )
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
        key = self._key(column)
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

    # --- Qt interface ------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        info = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(info, col)
        if role == TASK_ID_ROLE:
            return info.id
        if role == CUSTOMER_ID_ROLE:
            return info.customer_id
        if role == SORT_ROLE:
            return self._key(col)(info)
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
        if col == self.CUSTOMER:
            return info.customer_name
        if col == self.KIND:
            return task_kind(info.kind)
        if col == self.DUE:
            return info.due.isoformat()
        if col == self.ASSIGNEE:
            return info.assignee_name or self.tr("Unassigned")
        if col == self.VIA:
            return via_text(info.via_name)
        if col == self.TITLE:
            return info.title
        if col == self.STATUS:
            return task_status(info.status)
        if col == self.OUTCOME:
            return info.outcome
        return ""

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

    def _key(self, col: int) -> Callable[[TaskInfo], object]:
        return {
            self.CUSTOMER: lambda t: (t.customer_name, t.id),
            self.KIND: lambda t: (task_kind(t.kind), t.due, t.id),
            self.DUE: lambda t: (t.due, t.id),
            self.ASSIGNEE: lambda t: (t.assignee_name or "", t.due, t.id),
            self.VIA: lambda t: (t.via_name or "", t.due, t.id),
            self.TITLE: lambda t: (t.title, t.id),
            self.STATUS: lambda t: (t.status, t.closed_on or t.due, t.id),
            self.OUTCOME: lambda t: (t.outcome, t.id),
        }.get(col, lambda t: t.id)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self.COLUMN_COUNT:
            return
        self._sort = (column, order)
        self._sort_rows(self._key(column), order)


class SuggestionTableModel(QAbstractTableModel):
    """Every suggestion is held; rows are shown ``BATCH`` at a time as the view scrolls."""

    CUSTOMER, REASON, KIND, DUE, VIA = range(5)
    COLUMN_COUNT = 5
    BATCH = 300

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[Suggestion] = []
        self._shown = 0
        # Set while rows are inserted, removed or reset: listeners of those signals
        # (views, the model tester) may ask for more rows, which must wait.
        self._changing = False
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Customer"), self.tr("Why"), self.tr("Kind"), self.tr("Due"), self.tr("Via"))

    # --- content ---------------------------------------------------------

    @contextmanager
    def _change(self) -> Iterator[None]:
        self._changing = True
        try:
            yield
        finally:
            self._changing = False

    def set_suggestions(self, rows: Iterable[Suggestion]) -> None:
        with self._change():
            self.beginResetModel()
            self._all = list(rows)
            if self._sort is not None:
                self._sort_all(*self._sort)
            self._shown = min(self.BATCH, len(self._all))
            self.endResetModel()

    def total(self) -> int:
        return len(self._all)

    def suggestion(self, row: int) -> Suggestion:
        return self._all[row]

    def suggestions(self) -> list[Suggestion]:
        return list(self._all)

    def remove_where(self, predicate: Callable[[Suggestion], bool]) -> int:
        """Drop every suggestion ``predicate`` holds for; returns how many went."""
        doomed = [i for i, s in enumerate(self._all) if predicate(s)]
        if not doomed:
            return 0
        first_hidden = self._shown
        hidden = {i for i in doomed if i >= first_hidden}
        if hidden:  # not fetched yet: no view knows them
            self._all = [s for i, s in enumerate(self._all) if i not in hidden]
        # Shown rows leave through beginRemoveRows, in contiguous runs from the bottom.
        shown = [i for i in doomed if i < first_hidden]
        runs: list[tuple[int, int]] = []
        for i in shown:
            if runs and runs[-1][1] == i - 1:
                runs[-1] = (runs[-1][0], i)
            else:
                runs.append((i, i))
        with self._change():
            for first, last in reversed(runs):
                self.beginRemoveRows(QModelIndex(), first, last)
                del self._all[first : last + 1]
                self._shown -= last - first + 1
                self.endRemoveRows()
        return len(doomed)

    # --- lazy loading ------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._changing and self._shown < len(self._all)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or self._changing:
            return
        more = min(self.BATCH, len(self._all) - self._shown)
        if more <= 0:
            return
        with self._change():
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
            self._shown += more
            self.endInsertRows()

    # --- Qt interface ------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < self.COLUMN_COUNT:
                return self.headers()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < self._shown):
            return None
        s = self._all[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.CUSTOMER:
                return s.customer_name
            if col == self.REASON:
                return suggestion_reason(s)
            if col == self.KIND:
                return task_kind(s.kind)
            if col == self.DUE:
                return s.due.isoformat()
            if col == self.VIA:
                return via_text(s.via_name)
            return None
        if role == CUSTOMER_ID_ROLE:
            return s.customer_id
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.REASON:
                return suggestion_reason(s)
            if col == self.VIA and s.via_name:
                return (
                    self.tr("The task will be routed via %1 %2")
                    .replace("%1", big_c())
                    .replace("%2", s.via_name)
                )
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == self.VIA:
            return QBrush(MUTED_COLOR)
        return None

    def _key(self, col: int) -> Callable[[Suggestion], object]:
        return {
            self.CUSTOMER: lambda s: (s.customer_name, s.customer_id, s.rule),
            self.REASON: lambda s: (_RULE_ORDER.get(s.rule, 9), s.days, s.customer_id),
            self.KIND: lambda s: (s.kind, s.due, s.customer_id),
            self.DUE: lambda s: (s.due, _RULE_ORDER.get(s.rule, 9), s.customer_name, s.customer_id),
            self.VIA: lambda s: (s.via_name or "", s.customer_id),
        }.get(col, lambda s: s.customer_id)

    def _sort_all(self, column: int, order: Qt.SortOrder) -> None:
        self._all.sort(key=self._key(column), reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self.COLUMN_COUNT:
            return
        # A sort reorders all rows, fetched or not: start again from the first batch.
        self._sort = (column, order)
        with self._change():
            self.beginResetModel()
            self._sort_all(column, order)
            self._shown = min(self.BATCH, len(self._all))
            self.endResetModel()
