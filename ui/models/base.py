"""What the table models share: a Python list of rows (dataclasses or tuples), one
row per line, and columns named by keys whose titles come from one vocabulary
(:func:`ui.words.column_title`), so a column reads the same in every table."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.words import column_title

# The customer a row stands for, in every model that shows customers (double-click opens them).
CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# The community a row stands for, in every model that shows communities.
COMMUNITY_ID_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def column_header(model, section: int, role: int, tip: Callable[[int], str | None] | None = None) -> Any:
    """A horizontal header cell of a model with ``COLUMNS`` (column keys) and ``NUMBERS``
    (the columns of numbers, aligned right): the title, ``tip(section)`` and the alignment."""
    if not 0 <= section < len(model.COLUMNS):
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return column_title(model.COLUMNS[section])
    if role == Qt.ItemDataRole.ToolTipRole:
        return tip(section) if tip else None
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return RIGHT if section in model.NUMBERS else LEFT
    return None


class RowTableModel(QAbstractTableModel):
    """A table over ``self._rows``.

    A subclass names its columns in ``COLUMNS`` (keys of :func:`ui.words.column_title`),
    the columns of numbers in ``NUMBERS`` (aligned right) and gives ``cell(row, column,
    role)``; it may give ``header_tooltip(section)``, ``row_key(row)`` (the row's id by
    default) and ``sort_key(column)`` (the columns it sorts by).
    """

    COLUMNS: tuple[str, ...] = ()
    NUMBERS: tuple[int, ...] = ()
    # The roles ``cell`` answers (None: it is asked every role). A view asks each cell for eight
    # or so roles as it paints it or fits its column; the rest are answered here without a call.
    ROLES: frozenset[int] | None = None

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Any] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None  # the last sort(), for rows set later

    def headers(self) -> tuple[str, ...]:
        return tuple(column_title(key) for key in self.COLUMNS)

    def header_tooltip(self, section: int) -> str | None:
        return None

    def cell(self, row: Any, column: int, role: int) -> Any:
        """What ``row`` gives in ``column`` for ``role``; None for nothing."""
        return None

    def sort_key(self, column: int) -> Callable[[Any], object] | None:
        """How rows sort by ``column``; None where it does not sort."""
        return None

    # --- rows ----------------------------------------------------------------

    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @staticmethod
    def row_key(row: Any) -> Any:
        return row.id

    def row_of(self, key: Any) -> int:
        """The row whose ``row_key`` is ``key``; -1 when there is none."""
        for i, row in enumerate(self._rows):
            if self.row_key(row) == key:
                return i
        return -1

    def _in_sort_order(self, rows: list[Any]) -> list[Any]:
        """``rows`` sorted in place as the last :meth:`sort` asked (as given before any)."""
        if self._sort is not None:
            column, order = self._sort
            rows.sort(key=self.sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        return rows

    def _sort_rows(self, key: Callable[[Any], object], order: Qt.SortOrder) -> None:
        """Sort in place; selections and other persistent indexes follow their rows."""
        self.layoutAboutToBeChanged.emit()
        old = [self.row_key(row) for row in self._rows]
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        where = {self.row_key(row): n for n, row in enumerate(self._rows)}
        for index in self.persistentIndexList():
            n = where.get(old[index.row()], -1) if index.row() < len(old) else -1
            self.changePersistentIndex(index, self.index(n, index.column()) if n >= 0 else QModelIndex())
        self.layoutChanged.emit()

    # --- Qt interface ----------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.sort_key(column)
        if key is not None:
            self._sort = (column, order)
            self._sort_rows(key, order)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == _ALIGNMENT:
            return RIGHT if index.column() in self.NUMBERS else LEFT
        if self.ROLES is not None and role not in self.ROLES:
            return None
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        return self.cell(row, index.column(), role)

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        return column_header(self, section, role, self.header_tooltip)
