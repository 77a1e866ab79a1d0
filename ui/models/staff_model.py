"""The staff table: name, role, whether a PIN is set, active."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from crm.services.staff import StaffInfo
from ui.models.base import RowTableModel
from ui.words import role_name

STAFF_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class StaffTableModel(RowTableModel):
    NAME, ROLE, PIN, ACTIVE = range(4)
    COLUMN_COUNT = 4

    def __init__(self, rows: list[StaffInfo] | None = None, parent=None):
        super().__init__(parent)
        self._rows = list(rows or [])

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Name"), self.tr("Role"), self.tr("PIN"), self.tr("Status"))

    staff_at = RowTableModel.row_at

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
