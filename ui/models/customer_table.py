"""The customer list as a table: the rows of :mod:`crm.services.customer_list` (plain
tuples, see its ``R_*`` positions), one customer a line.

The page reads the rows off the GUI thread a page at a time: the first with
:meth:`CustomerTableModel.set_list`, how many match with :meth:`~CustomerTableModel.set_total`,
and the next ones when the view scrolls to the end of what is here (Qt's ``fetchMore``: the
model asks with :attr:`~CustomerTableModel.more_wanted`, the page reads them and hands them over
with :meth:`~CustomerTableModel.append_rows`). A list held whole sorts here at once; a longer one
is read again in the new order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor

from crm.money import format_amount
from crm.phones import display_phone
from crm.services import customer_list
from crm.services.customer_list import (
    R_ARCHIVED,
    R_CODE,
    R_DAYS,
    R_ID,
    R_LAST,
    R_LEVEL,
    R_NAME,
    R_PHONE,
    R_REFERRER,
    R_SPEND,
    R_TAGS,
    CustomerList,
)
from ui.models.base import CUSTOMER_ID_ROLE, RowTableModel
from ui.widgets.level_badge import LEVEL_ROLE
from ui.words import big_c, level_name, list_of

_ROOT = QModelIndex()
_ARCHIVED = QColor("#9e9e9e")
_BIG_C = QColor("#c62828")
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)


class CustomerTableModel(RowTableModel):
    (
        COL_CODE,
        COL_NAME,
        COL_PHONE,
        COL_LEVEL,
        COL_LAST,
        COL_DAYS,
        COL_SPEND,
        COL_REFERRER,
        COL_BIG_C,
        COL_TAGS,
    ) = range(10)
    COLUMNS = (
        "code",
        "name",
        "phone",
        "level",
        "last_purchase",
        "purchase_days",
        "spend",
        "referred_by",
        "big_c",
        "tags",
    )
    NUMBERS = (COL_DAYS, COL_SPEND)
    ROLES = frozenset({_DISPLAY, _FOREGROUND, _TOOLTIP, int(LEVEL_ROLE), int(CUSTOMER_ID_ROLE)})
    SORTS = customer_list.SORTS  # the service's name of each column's order
    # Numbers and dates read best biggest / newest first on the first click.
    DESCENDING_FIRST = (COL_LEVEL, COL_LAST, COL_DAYS, COL_SPEND, COL_BIG_C)
    _PLAIN = {COL_CODE: R_CODE, COL_NAME: R_NAME, COL_LAST: R_LAST, COL_REFERRER: R_REFERRER}

    more_wanted = Signal(int)  # the view scrolled to the end of the rows here: how many are here

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.total = 0  # how many customers match: the rows here may be only the first of them
        self._asking = False  # more_wanted was said and its rows are not here yet
        self._big_c: set[int] = set()
        self._region = "CN"
        self._currency = "CNY"
        self.version = 0  # bumped whenever the rows change: a sort of older rows is stale
        self._descending = False

    # --- rows ----------------------------------------------------------------------

    def set_list(self, result: CustomerList, total: int | None = None) -> None:
        """Show the rows of a read (already in the order the page asked for): the first ``total``
        customers that match, or all of them (until :meth:`set_total` says how many)."""
        self._big_c = result.big_c
        self._region = result.region
        self._currency = result.currency
        self.version += 1
        self._asking = False
        self.total = len(result.rows) if total is None else max(total, len(result.rows))
        self.set_rows(result.rows)

    def set_total(self, total: int) -> None:
        """How many customers match; the rows past those here are read as the view scrolls."""
        self.total = max(total, len(self._rows))

    def whole(self) -> bool:
        """Every matching customer is here (the list may sort itself)."""
        return len(self._rows) >= self.total

    def canFetchMore(self, parent=_ROOT) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and not self._asking and len(self._rows) < self.total

    def fetchMore(self, parent=_ROOT) -> None:  # noqa: N802 - Qt's name
        if self.canFetchMore(parent):
            self._asking = True
            self.more_wanted.emit(len(self._rows))

    def append_rows(self, rows: list[tuple], last: bool = False) -> None:
        """The next page, read on from the last row here (a customer here already, who moved
        since, is not shown twice); ``last``: nothing follows it (fewer than asked came)."""
        self._asking = False
        here = {row[R_ID] for row in self._rows} if rows else set()
        fresh = [row for row in rows if row[R_ID] not in here]
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()
        self.total = len(self._rows) if last else max(self.total, len(self._rows))

    def replace_rows(self, fresh: Iterable[tuple], wanted: Iterable[int]) -> None:
        """These customers read again (``fresh``) in place: a row of ``wanted`` missing from
        ``fresh`` no longer matches the filter and leaves the list. New matches wait for the
        next full read."""
        by_id = {r[R_ID]: r for r in fresh}
        wanted = set(wanted)
        self.version += 1
        gone = []
        for n, row in enumerate(self._rows):
            if row[R_ID] not in wanted:
                continue
            if row[R_ID] in by_id:
                self._rows[n] = by_id[row[R_ID]]
                self.dataChanged.emit(self.index(n, 0), self.index(n, len(self.COLUMNS) - 1))
            else:
                gone.append(n)
        for n in reversed(gone):
            self.beginRemoveRows(QModelIndex(), n, n)
            del self._rows[n]
            self.endRemoveRows()
        self.total = max(len(self._rows), self.total - len(gone))

    def rows(self) -> list[tuple]:
        return self._rows

    def big_c_ids(self) -> set[int]:
        return self._big_c

    def customer_id(self, row: int) -> int:
        return self._rows[row][R_ID]

    def ids(self) -> list[int]:
        return [r[R_ID] for r in self._rows]

    @staticmethod
    def row_key(row: tuple) -> int:
        return row[R_ID]

    # --- sorting -------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._descending = order == Qt.SortOrder.DescendingOrder  # equal values keep id order
        super().sort(column, order)

    def sort_key(self, column: int) -> Callable[[tuple], object] | None:
        if not 0 <= column < len(self.COLUMNS):
            return None
        return customer_list.sort_key(self.SORTS[column], self._big_c, self._descending)

    # --- cells ---------------------------------------------------------------------

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def cell(self, row: tuple, column: int, role: int) -> Any:
        if role == _DISPLAY:
            return self._display(row, column)
        if role == LEVEL_ROLE:
            return row[R_LEVEL] if column == self.COL_LEVEL else None
        if role == CUSTOMER_ID_ROLE:
            return row[R_ID]
        if role == _FOREGROUND:
            if row[R_ARCHIVED]:
                return _ARCHIVED
            return _BIG_C if column == self.COL_BIG_C else None
        if role == _TOOLTIP:
            if row[R_ARCHIVED]:
                return self.tr("%1 is archived").replace("%1", row[R_NAME])
            if column == self.COL_TAGS and row[R_TAGS]:
                return self._display(row, column)
        return None

    def _display(self, row: tuple, column: int) -> str | None:
        if column == self.COL_PHONE:
            return display_phone(row[R_PHONE], self._region)
        if column == self.COL_LEVEL:
            return level_name(row[R_LEVEL])
        if column == self.COL_DAYS:
            return str(row[R_DAYS])
        if column == self.COL_SPEND:
            return format_amount(row[R_SPEND], self._currency)
        if column == self.COL_BIG_C:
            return big_c() if row[R_ID] in self._big_c else ""
        if column == self.COL_TAGS:
            return list_of(t for t in row[R_TAGS].split(",") if t)
        index = self._PLAIN.get(column)
        return None if index is None else row[index] or ""
