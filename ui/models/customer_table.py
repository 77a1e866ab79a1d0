"""The customer list as a table: the rows of :mod:`crm.services.customer_list` (plain
tuples, see its ``R_*`` positions), one customer a line.

The table has a line for every customer that matches (a chain's million), but holds only the
rows read around where it was looked at: a line not read yet is ``None`` here (eight bytes), and
shows as "…" while the page reads it. The page gives the first rows with
:meth:`CustomerTableModel.set_list` and how many match with
:meth:`~CustomerTableModel.set_total`; when the view paints a line not here, the model says
:attr:`~CustomerTableModel.rows_wanted`, the page asks :meth:`~CustomerTableModel.window_for`
what to read (the rows on from the nearest row held, before or after, or from either end of the
list: End reads the last ones in the reversed order) and hands them over with
:meth:`~CustomerTableModel.place`. Rows far from the last ones read are let go past
:attr:`~CustomerTableModel.MOST_HELD`. A list held whole sorts here at once; a longer one is
read again in the new order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
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
PLACEHOLDER = "…"  # a line whose customer is being read


@dataclass(frozen=True)
class Window:
    """Rows to read (:func:`crm.services.customer_list.page`) and where they go: ``limit`` rows
    after the row ``after`` (``None``: from the first), past the ``skip`` next to it, placed from
    line ``at``; or, ``backward``, before it (``None``: up to the last), ending before line ``at``."""

    after: tuple | None
    backward: bool
    skip: int
    limit: int
    at: int


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

    rows_wanted = Signal(int)  # a line shown is not read yet: which (said once until rows come)
    MOST_HELD = 30_000  # rows held at most (about 30 MB); the farthest from the last read go
    NEAR = 50_000  # how far a row held is looked for, to read on from it rather than from an end

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.total = 0  # how many customers match: a line each, read or not
        self._held = 0  # how many of the lines hold their row
        self._wanting = False  # rows_wanted was said and no rows came since
        self._big_c: set[int] = set()
        self._region = "CN"
        self._currency = "CNY"
        self.version = 0  # bumped whenever the list is read again: rows read for an older one are stale
        self._descending = False

    # --- rows ----------------------------------------------------------------------

    def set_list(self, result: CustomerList, total: int | None = None) -> None:
        """Show the first rows of a read (already in the order the page asked for): the first
        ``total`` customers that match, or all of them (until :meth:`set_total` says how many)."""
        self._big_c = result.big_c
        self._region = result.region
        self._currency = result.currency
        self.version += 1
        self._wanting = False
        self.total = len(result.rows) if total is None else max(total, len(result.rows))
        self._held = len(result.rows)
        self.set_rows([*result.rows, *[None] * (self.total - len(result.rows))])

    def set_total(self, total: int) -> None:
        """How many customers match: a line each; those not here are read when they are shown."""
        self._resize(max(total, 0))

    def _resize(self, total: int) -> None:
        here = len(self._rows)
        if total > here:
            self.beginInsertRows(_ROOT, here, total - 1)
            self._rows.extend([None] * (total - here))
            self.endInsertRows()
        elif total < here:
            self.beginRemoveRows(_ROOT, total, here - 1)
            self._held -= sum(1 for row in self._rows[total:] if row is not None)
            del self._rows[total:]
            self.endRemoveRows()
        self.total = total

    def whole(self) -> bool:
        """Every matching customer is here (the list may sort itself)."""
        return self._held >= len(self._rows)

    def held(self) -> int:
        """How many rows are here."""
        return self._held

    def is_read(self, line: int) -> bool:
        return 0 <= line < len(self._rows) and self._rows[line] is not None

    def wanted_done(self) -> None:
        """Nothing more to read for now (or the read failed): a line not here asks again."""
        self._wanting = False

    def window_for(self, line: int, size: int, margin: int = 0) -> Window:
        """What to read so that the ``size`` lines from ``margin`` above ``line`` are here: on from
        the nearest row held before them, or back from the nearest after them, or from the first
        or last line (by the reversed order), whichever is nearer, past the rows between."""
        count = len(self._rows)
        low = max(0, min(line - margin, count - size))
        high = min(count, low + size)
        above = self._nearest(low - 1, -1)  # -1: the list's start
        below = self._nearest(high, 1)  # count: its end
        if low - above - 1 <= below - high:
            after = self._rows[above] if above >= 0 else None
            return Window(after, False, low - above - 1, high - low, low)
        before = self._rows[below] if below < count else None
        return Window(before, True, below - high, high - low, high)

    def _nearest(self, line: int, step: int) -> int:
        """The nearest line from ``line`` on (going ``step``) whose row is here, looked for up to
        :attr:`NEAR` lines; else the end of the list that way (-1 or the count)."""
        end = -1 if step < 0 else len(self._rows)
        stop = max(end, line - self.NEAR) if step < 0 else min(end, line + self.NEAR)
        for n in range(line, stop, step):
            if self._rows[n] is not None:
                return n
        return end

    def place(self, window: Window, rows: list[tuple]) -> None:
        """The rows read for ``window`` (in the list's order) into their lines. Fewer than asked:
        the list is shorter than counted there (customers left it since): its lines past the
        last row read (forward) or before the first (backward) go."""
        self._wanting = False
        short = len(rows) < window.limit
        first = window.at - len(rows) if window.backward else window.at
        if window.backward and short and first > 0:
            self._drop_first(first)  # the lines before are not there
            first = 0
        for n, row in enumerate(rows, start=first):
            if n >= len(self._rows):
                self._resize(n + 1)
            if self._rows[n] is None:
                self._held += 1
            self._rows[n] = row
        if rows:
            self.dataChanged.emit(
                self.index(first, 0), self.index(first + len(rows) - 1, len(self.COLUMNS) - 1)
            )
        if not window.backward and short:
            self._resize(first + len(rows))
        if self._held > self.MOST_HELD:
            self._let_go(first + len(rows) // 2)

    def _drop_first(self, count: int) -> None:
        self.beginRemoveRows(_ROOT, 0, count - 1)
        self._held -= sum(1 for row in self._rows[:count] if row is not None)
        del self._rows[:count]
        self.endRemoveRows()
        self.total = len(self._rows)

    def _let_go(self, centre: int) -> None:
        """Keep the rows within a quarter of :attr:`MOST_HELD` lines of ``centre`` (half of it
        held at most, so the next reads do not walk every line again at once); the others are
        read again if they are shown again."""
        keep = self.MOST_HELD // 4
        for n, row in enumerate(self._rows):
            if row is not None and abs(n - centre) > keep:
                self._rows[n] = None
                self._held -= 1

    def replace_rows(self, fresh: Iterable[tuple], wanted: Iterable[int]) -> None:
        """These customers read again (``fresh``) in place: a row of ``wanted`` missing from
        ``fresh`` no longer matches the filter and leaves the list. New matches wait for the
        next full read."""
        by_id = {r[R_ID]: r for r in fresh}
        wanted = set(wanted)
        gone = []
        for n, row in enumerate(self._rows):
            if row is None or row[R_ID] not in wanted:
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
        self._held -= len(gone)
        self.total = len(self._rows)

    def rows(self) -> list[tuple]:
        """The rows here, in the list's order (those not read left out)."""
        return [row for row in self._rows if row is not None]

    def big_c_ids(self) -> set[int]:
        return self._big_c

    def customer_id(self, row: int) -> int | None:
        """The customer on line ``row``; None while it is being read."""
        found = self.row_at(row)
        return None if found is None else found[R_ID]

    def ids(self) -> list[int]:
        return [r[R_ID] for r in self._rows if r is not None]

    def row_of(self, key: Any) -> int:
        for n, row in enumerate(self._rows):
            if row is not None and row[R_ID] == key:
                return n
        return -1

    def data(self, index, role: int = _DISPLAY) -> Any:
        line = index.row()
        if index.isValid() and 0 <= line < len(self._rows) and self._rows[line] is None:
            if not self._wanting:
                self._wanting = True
                self.rows_wanted.emit(line)
            return PLACEHOLDER if role == _DISPLAY and index.column() == self.COL_NAME else None
        return super().data(index, role)

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
