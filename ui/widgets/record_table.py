"""A table of records (one customer a row, selected whole): Home and End, with or without Ctrl,
go to the first and last row and keep the column in view, not to a spreadsheet's corner cell,
which scrolled the name column out of sight."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QTableView

Move = QAbstractItemView.CursorAction


class RecordTable(QTableView):
    def moveCursor(self, action: Move, modifiers) -> QModelIndex:  # noqa: N802 - Qt's name
        model = self.model()
        if action not in (Move.MoveHome, Move.MoveEnd) or model is None or model.rowCount() == 0:
            return super().moveCursor(action, modifiers)
        column = max(self.currentIndex().column(), 0)
        row = 0 if action == Move.MoveHome else model.rowCount() - 1
        return model.index(row, column)
