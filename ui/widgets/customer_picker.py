"""Pick a customer by typing: phone part, last 4 digits, name or pinyin initials.

Used wherever a form needs a customer ("referred by", a community's leader or
member). Results come from the same search as the counter, as you type.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QToolTip

from crm.services import search
from ui.models.base import CUSTOMER_ID_ROLE


def hit_label(name: str, phone: str, code: str) -> str:
    return "  ".join(part for part in (name, phone, code) if part)


ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CustomerPicker(QLineEdit):
    """``customer_id()`` is the picked customer, or None while nothing is picked.

    Enter picks: the match highlighted in the list, or the only match; with several and
    none highlighted it highlights the first; with none it says so. Enter that picks (or
    could not) stays here, so a dialog is never submitted with nobody chosen while a name is
    typed; once somebody is picked, Enter goes on to the dialog (its Save)."""

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
        # The list's own Enter comes here first (the completer would hand it on, and with
        # nothing highlighted a dialog's Save would get it).
        completer.popup().installEventFilter(self)
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

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in ENTER and self.take_match():
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.KeyPress
            and watched is self.completer().popup()
            and event.key() in ENTER
            and self.take_match()
        ):
            return True
        return super().eventFilter(watched, event)

    def take_match(self) -> bool:
        """Enter while a name is typed and nobody is picked: pick the highlighted match or the
        only one (True), highlight the first of several (True), or say nothing matches (True).
        False when Enter is not for the picker: somebody is picked, or nothing is typed."""
        if self._id is not None or not self.text().strip():
            return False
        completer = self.completer()
        popup = completer.popup()
        # Highlighted is selected (a list's current row alone is not shown as chosen).
        selected = popup.selectionModel().selectedIndexes() if popup.isVisible() else []
        index = selected[0] if selected else QModelIndex()
        if not index.isValid() and self.results.rowCount() == 1:
            index = completer.completionModel().index(0, 0)
        if index.isValid():
            popup.hide()
            self._activated(index)
            return True
        if self.results.rowCount() > 1:
            completer.complete()
            popup.setCurrentIndex(completer.completionModel().index(0, 0))
            return True
        QToolTip.showText(
            self.mapToGlobal(self.rect().bottomLeft()),
            self.tr("No customer matches “%1”.").replace("%1", self.text().strip()),
            self,
        )
        return True

    def _activated(self, index: QModelIndex) -> None:
        customer_id = index.data(CUSTOMER_ID_ROLE)
        if customer_id is None:
            return
        self.set_customer(int(customer_id), index.data(Qt.ItemDataRole.DisplayRole))
        self.picked.emit(int(customer_id))
