"""Tick the communities (社群) a customer belongs to: a checkable list model over
plain rows, filtered on the Python list, so a shop with thousands of
communities fills and filters it in a few milliseconds."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ui.models.base import COMMUNITY_ID_ROLE
from ui.words import platform_name

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True)
class CommunityChoice:
    id: int
    name: str
    platform: str
    leader_id: int
    leader_name: str
    members: int


class CommunityChoiceModel(QAbstractListModel):
    """Rows are the communities matching the filter; ticks survive filtering.
    Communities the customer leads are shown but cannot be ticked."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[CommunityChoice] = []
        self._rows: list[CommunityChoice] = []
        self._texts: dict[int, str] = {}
        self._checked: set[int] = set()
        self._leads: set[int] = set()
        self._needle = ""

    # --- data -----------------------------------------------------------

    def set_choices(self, choices: list[CommunityChoice], checked: set[int], leads: set[int]) -> None:
        self.beginResetModel()
        # Ticked ones first, so the customer's own communities are seen without scrolling.
        self._all = sorted(choices, key=lambda c: c.id not in checked)
        self._checked = set(checked) & {c.id for c in choices}
        self._leads = set(leads)
        self._texts = {c.id: self._text(c) for c in self._all}
        self._rows = self._filtered()
        self.endResetModel()

    def _text(self, choice: CommunityChoice) -> str:
        text = choice.name
        if choice.platform:
            text += f"  ·  {platform_name(choice.platform)}"
        text += "  ·  " + self.tr("led by %1").replace("%1", choice.leader_name)
        if choice.id in self._leads:
            text += "  ·  " + self.tr("(leads it)")
        return text

    def _filtered(self) -> list[CommunityChoice]:
        if not self._needle:
            return list(self._all)
        return [c for c in self._all if self._needle in self._texts[c.id].lower()]

    def set_filter(self, text: str) -> None:
        needle = text.strip().lower()
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        self._rows = self._filtered()
        self.endResetModel()

    def checked(self) -> set[int]:
        return set(self._checked)

    def set_checked(self, community_id: int, checked: bool = True) -> None:
        if community_id not in self._texts:
            raise KeyError(community_id)
        if community_id in self._leads:
            return
        if checked:
            self._checked.add(community_id)
        else:
            self._checked.discard(community_id)
        for row, choice in enumerate(self._rows):
            if choice.id == community_id:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
                break

    def total(self) -> int:
        return len(self._all)

    def name_of(self, community_id: int) -> str:
        for choice in self._all:
            if choice.id == community_id:
                return choice.name
        return str(community_id)

    # --- Qt ---------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        choice = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[choice.id]
        if role == Qt.ItemDataRole.CheckStateRole and choice.id not in self._leads:
            return Qt.CheckState.Checked if choice.id in self._checked else Qt.CheckState.Unchecked
        if role == COMMUNITY_ID_ROLE:
            return choice.id
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self._rows[index.row()].id not in self._leads:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        choice = self._rows[index.row()]
        if choice.id in self._leads:
            return False
        state = Qt.CheckState(value) if isinstance(value, int) else value
        if state == Qt.CheckState.Checked:
            self._checked.add(choice.id)
        else:
            self._checked.discard(choice.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
