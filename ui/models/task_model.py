"""The follow-up table of tasks (TaskInfo rows), and the words follow-up tables share.

Tasks are few (a day's work of a shop): the model holds them all and sorts
the Python list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from crm import clock
from crm.phones import display_phone
from crm.services.followup_page import task_stake
from crm.services.followup_rank import stake_key
from crm.services.tasks import TaskInfo
from ui.models.base import CUSTOMER_ID_ROLE, RowTableModel, column_header
from ui.words import big_c, field_name, small_c, task_kind, task_status

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


# What the clerk is to do for each kind of task, in one line.
_EXPLANATIONS = {
    "content": QT_TRANSLATE_NOOP(
        "FollowUpWords", "send them something worth a look: new arrivals, a tip, photos of what they like"
    ),
    "service": QT_TRANSLATE_NOOP(
        "FollowUpWords", "ask how what they bought is working for them and help with anything that is not"
    ),
    "experience": QT_TRANSLATE_NOOP(
        "FollowUpWords", "invite them to try something new in the shop: a tasting, a fitting, a new arrival"
    ),
    "companionship": QT_TRANSLATE_NOOP(
        "FollowUpWords", "keep in touch as a friend would: ask how they are, without selling"
    ),
    "birthday": QT_TRANSLATE_NOOP(
        "FollowUpWords", "wish them a happy birthday and have a small treat ready when they come in"
    ),
    "thank_referrer": QT_TRANSLATE_NOOP(
        "FollowUpWords", "thank them for the friend they introduced to the shop"
    ),
    "win_back": QT_TRANSLATE_NOOP(
        "FollowUpWords",
        "they have stopped coming: ask after them, find out what went wrong, invite them back",
    ),
    "other": QT_TRANSLATE_NOOP("FollowUpWords", "anything else: the task's title says what to do"),
}


def kind_explanation(kind: str) -> str:
    """What the clerk is to do for a task of ``kind``, in one line."""
    english = _EXPLANATIONS.get(kind)
    return QCoreApplication.translate("FollowUpWords", english) if english else ""


def kind_line(kind: str) -> str:
    """The kind and what to do: "Experience — invite them to try something new in the shop: …"."""
    return (
        QCoreApplication.translate("FollowUpWords", "%1 — %2")
        .replace("%1", task_kind(kind))
        .replace("%2", kind_explanation(kind))
    )


def phone_text(e164: str | None) -> str:
    return display_phone(e164) if e164 else ""


def contact_header(model, section: int, role: int, wechat_column: int):
    """A follow-up table's header: the WeChat column is titled as the customer's field is."""
    if section == wechat_column and role == Qt.ItemDataRole.DisplayRole:
        return field_name("wechat")
    return column_header(model, section, role)


class TaskTableModel(RowTableModel):
    CUSTOMER, PHONE, WECHAT, KIND, DUE, ASSIGNEE, VIA, TITLE, STATUS, OUTCOME = range(10)
    COLUMNS = (
        "customer",
        "phone",
        "wechat",
        "kind",
        "due",
        "assigned_to",
        "via",
        "title",
        "status",
        "outcome",
    )

    def __init__(self, parent=None, ranked: bool = False):
        super().__init__(parent)
        self.today = clock.today()
        # Unsorted, a ranked list keeps the most valuable customers first (as the service gives it).
        self.ranked = ranked

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        return contact_header(self, section, role, self.WECHAT)

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
        if self._sort is None and self.ranked:
            order = Qt.SortOrder.AscendingOrder
            key = self.rank_key
        else:
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

    def unsort(self) -> None:
        """Rows set from now on keep the order given (a ranked list: the service's ranking)."""
        self._sort = None

    def rank_key(self, info: TaskInfo) -> tuple:
        """Most at stake first, as crm.services.followup_page ranks overdue tasks."""
        return (stake_key(task_stake(info, self.today)), info.due, info.id)

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
            phone_text(info.customer_phone),
            info.customer_wechat or "",
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
            return self.tr("%n day(s) overdue", "", (self.today - info.due).days)
        if col == self.VIA and info.via_name:
            return (
                self.tr("A %1 customer: contact them through %2 %3")
                .replace("%1", small_c())
                .replace("%2", big_c())
                .replace("%3", info.via_name)
            )
        if col == self.KIND:
            return kind_line(info.kind)
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
            self.PHONE: lambda t: (t.customer_phone or "", t.id),
            self.WECHAT: lambda t: (t.customer_wechat or "", t.id),
            self.KIND: lambda t: (task_kind(t.kind), t.due, t.id),
            self.DUE: lambda t: (t.due, t.id),
            self.ASSIGNEE: lambda t: (t.assignee_name or "", t.due, t.id),
            self.VIA: lambda t: (t.via_name or "", t.due, t.id),
            self.TITLE: lambda t: (t.title, t.id),
            self.STATUS: lambda t: (t.status, t.closed_on or t.due, t.id),
            self.OUTCOME: lambda t: (t.outcome, t.id),
        }.get(col)
