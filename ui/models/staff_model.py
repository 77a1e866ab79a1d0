"""The staff table: name, role, whether a PIN is set, active."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from crm.services.staff import StaffInfo
from ui.models.base import RowTableModel
from ui.words import role_name

STAFF_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class StaffTableModel(RowTableModel):
    NAME, ROLE, PIN, ACTIVE = range(4)
    COLUMNS = ("name", "role", "pin", "status")

    def __init__(self, rows: list[StaffInfo] | None = None, parent=None):
        super().__init__(parent)
        self._rows = list(rows or [])

    staff_at = RowTableModel.row_at

    def cell(self, info: StaffInfo, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            pin = self.tr("Set") if info.has_pin else self.tr("Not set")
            active = self.tr("Active") if info.active else self.tr("Inactive")
            return (info.name, role_name(info.role), pin, active)[column]
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
