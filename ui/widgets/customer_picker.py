"""Pick a customer by typing: phone part, last 4 digits, name or pinyin initials.

Used wherever a form needs a customer ("referred by", a community's leader or
member). Results come from the same search as the counter, as you type.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from crm.services import search
from ui.models.base import CUSTOMER_ID_ROLE


def hit_label(name: str, phone: str, code: str) -> str:
    return "  ".join(part for part in (name, phone, code) if part)


class CustomerPicker(QLineEdit):
    """``customer_id()`` is the picked customer, or None while nothing is picked."""

    picked = Signal(int)
    cleared = Signal()

    def __init__(self, parent=None, include_archived: bool = False, limit: int = 12):
        super().__init__(parent)
        self._id: int | None = None
        self._label = ""
        self.include_archived = include_archived
        self.limit = limit
        self.setPlaceholderText(self.tr("Name, phone, last 4 digits or pinyin initials"))
        self.setClearButtonEnabled(True)
        self.results = QStandardItemModel(self)
        completer = QCompleter(self.results, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(self.limit)
        completer.activated[QModelIndex].connect(self._activated)
        self.setCompleter(completer)
        self.textEdited.connect(self._search)

    def customer_id(self) -> int | None:
        return self._id

    def set_customer(self, customer_id: int | None, label: str = "") -> None:
        self._id = customer_id
        self._label = label if customer_id is not None else ""
        self.setText(self._label)

    def _search(self, text: str) -> None:
        if self._id is not None and text != self._label:
            self._id = None
            self.cleared.emit()
        self.results.clear()
        if not text.strip():
            return
        for hit in search.search(text, limit=self.limit, include_archived=self.include_archived):
            item = QStandardItem(hit_label(hit.name, hit.phone_display, hit.code))
            item.setData(hit.id, CUSTOMER_ID_ROLE)
            self.results.appendRow(item)
        self.completer().complete()

    def _activated(self, index: QModelIndex) -> None:
        customer_id = index.data(CUSTOMER_ID_ROLE)
        if customer_id is None:
            return
        self.set_customer(int(customer_id), index.data(Qt.ItemDataRole.DisplayRole))
        self.picked.emit(int(customer_id))
