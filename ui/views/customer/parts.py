"""What the parts of the customer page share: the message bar above the tabs, the
base of each part, and the look of their titles and tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crm.errors import ShopError
from crm.services.customer_page import CustomerPage
from crm.services.customers import CustomerInfo
from ui.context import AppContext
from ui.errors import error_text
from ui.widgets.forms import ERROR_STYLE
from ui.words import column_title

INFO_STYLE = "color: #1b5e20;"


class MessageBar(QFrame):
    """What the last action did, or why it was refused, above the tabs; with Undo
    when the action can be taken back."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("message_bar")
        self.setStyleSheet("#message_bar { background: #f5f5f5; border-radius: 6px; }")
        self._undo: Callable[[], None] | None = None
        bar = QHBoxLayout(self)
        bar.setContentsMargins(10, 4, 6, 4)
        self.label = QLabel()
        self.label.setObjectName("message_label")
        self.label.setWordWrap(True)
        bar.addWidget(self.label, 1)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("undo_button")
        self.undo_button.setToolTip(self.tr("Put the deleted visit back (Ctrl+Z)"))
        self.undo_button.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_button.clicked.connect(self._undo_clicked)
        self.undo_button.hide()
        bar.addWidget(self.undo_button)
        close = QPushButton("×")
        close.setFlat(True)
        close.setFixedWidth(24)
        close.setToolTip(self.tr("Hide this message"))
        close.clicked.connect(self.clear)
        bar.addWidget(close)
        self.hide()

    def say(self, text: str, error: bool = False, undo: Callable[[], None] | None = None) -> None:
        """Show ``text``; ``undo``, if given, runs once when Undo is clicked."""
        self.label.setText(text)
        self.label.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self._undo = undo
        self.undo_button.setVisible(undo is not None)
        self.show()

    def refused(self, exc: BaseException) -> None:
        self.say(error_text(exc), error=True)

    def attempt(self, action: Callable[[], Any], done: str) -> bool:
        """Run ``action`` and say ``done``, or why the shop refused it."""
        try:
            action()
        except ShopError as exc:
            self.refused(exc)
            return False
        self.say(done)
        return True

    def clear(self) -> None:
        self.hide()
        self.undo_button.hide()
        self._undo = None

    def _undo_clicked(self) -> None:
        undo, self._undo = self._undo, None
        self.undo_button.hide()
        if undo is not None:
            undo()


class CustomerPart(QWidget):
    """A part of the page: shows what :meth:`show_page` is given, acts through
    ``ctx.actions`` on the customer shown and says what happened in the message bar."""

    def __init__(self, ctx: AppContext, messages: MessageBar, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.messages = messages
        self.info: CustomerInfo | None = None  # the customer shown
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(8, 8, 8, 8)
        self.build()

    def build(self) -> None:
        """Make the part's widgets (in ``self.column``)."""

    def show_page(self, page: CustomerPage) -> None:
        self.info = page.info

    def reset(self) -> None:
        """Another customer is opened: nothing typed for the one before stays."""


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; color: #424242;")
    return label


def line_edit(name: str, placeholder: str, entered: Callable[[], Any]) -> QLineEdit:
    """A line whose Enter does ``entered``."""
    widget = QLineEdit()
    widget.setObjectName(name)
    widget.setPlaceholderText(placeholder)
    widget.returnPressed.connect(entered)
    return widget


def entry_row(label: str, *parts: QWidget, wide: QWidget) -> QHBoxLayout:
    """A line to add something: its label, then ``parts``, ``wide`` taking the room left."""
    row = QHBoxLayout()
    row.addWidget(QLabel(label))
    for part in parts:
        row.addWidget(part, 1 if part is wide else 0)
    return row


def kind_combo(name: str, kinds: Iterable[str], word: Callable[[str], str]) -> QComboBox:
    """A choice of ``kinds``, each said by ``word``."""
    combo = QComboBox()
    combo.setObjectName(name)
    for kind in kinds:
        combo.addItem(word(kind), kind)
    return combo


def plain_table(name: str, columns: tuple[str, ...], stretch: int) -> QTableWidget:
    """Read-only rows, one selected at a time, under the titles of ``columns`` (keys of
    :func:`ui.words.column_title`), column ``stretch`` taking the room left."""
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels([column_title(key) for key in columns])
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setDefaultSectionSize(130)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
