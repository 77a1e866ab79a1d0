"""The staff table: name, role, whether a PIN is set, active."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from crm.services.staff import StaffInfo
from ui.words import role_name

STAFF_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class StaffTableModel(QAbstractTableModel):
    NAME, ROLE, PIN, ACTIVE = range(4)

    def __init__(self, rows: list[StaffInfo] | None = None, parent=None):
        super().__init__(parent)
        self._rows: list[StaffInfo] = list(rows or [])

    def set_rows(self, rows: list[StaffInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def staff_at(self, row: int) -> StaffInfo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, staff_id: int) -> int:
        for row, info in enumerate(self._rows):
            if info.id == staff_id:
                return row
        return -1

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            (self.tr("Name"), self.tr("Role"), self.tr("PIN"), self.tr("Status"))[section]
            if 0 <= section < 4
            else None
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return info.name
            if column == self.ROLE:
                return role_name(info.role)
            if column == self.PIN:
                return self.tr("Set") if info.has_pin else self.tr("Not set")
            if column == self.ACTIVE:
                return self.tr("Active") if info.active else self.tr("Inactive")
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == self.PIN:
            return (
                self.tr("Asks for this PIN at the counter")
                if info.has_pin
                else self.tr("No PIN: anyone at the counter can act as them")
            )
        if role == Qt.ItemDataRole.ForegroundRole and not info.active:
            return QColor("#9e9e9e")
        if role == STAFF_ID_ROLE:
            return info.id
        return None
