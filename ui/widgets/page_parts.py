"""The parts every page builds the same way: its title row, a table of rows,
a panel of a table with its buttons below."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

TITLE_STYLE = "font-size: 16pt; font-weight: 600;"
MUTED_STYLE = "color: #616161;"


def title_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("PageTitle")
    label.setStyleSheet(TITLE_STYLE)
    return label


def muted_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setStyleSheet(MUTED_STYLE)
    return label


def header_row(title: str, subtitle: QWidget | None, *right: QWidget | None) -> QHBoxLayout:
    """The page's title, what it shows beside it, then (right-aligned) ``right`` in order."""
    row = QHBoxLayout()
    row.addWidget(title_label(title))
    row.addSpacing(12)
    if subtitle is not None:
        row.addWidget(subtitle)
    row.addStretch(1)
    for widget in right:
        if widget is not None:
            row.addWidget(widget)
    return row


def push_button(
    text: str, clicked: Callable[[], Any] | None = None, tip: str = "", name: str = ""
) -> QPushButton:
    """A button: its words, what a click does, its tooltip and its object name (tests find it by it)."""
    button = QPushButton(text)
    if name:
        button.setObjectName(name)
    if tip:
        button.setToolTip(tip)
    if clicked is not None:
        button.clicked.connect(clicked)
    return button


def refresh_button(page, text: str, tip: str) -> QPushButton:
    """A Refresh button for a :class:`ui.views.page.Page` (F5 does the same); the page gives
    the words (its own ``tr``, so they keep the page's translation context)."""
    return push_button(text, page.refresh, tip)


def row_table(
    model: QAbstractItemModel,
    parent: QWidget | None = None,
    sort_column: int | None = None,
    multi: bool = False,
) -> QTableView:
    """A read-only table that selects whole rows (one, or several with ``multi``); with a
    ``sort_column`` a header click sorts it, by that column at first."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(28)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    if sort_column is not None:
        # The indicator first: enabling sorting sorts by it at once.
        header.setSortIndicator(sort_column, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        view.setSortingEnabled(True)
    return view


FIT_ROWS = 200  # rows looked at to fit a column: the first screens, not a whole big list
FIT_GAP = 12  # pixels of air beside a column's widest text


def fit_columns(view: QAbstractItemView, stretch: int | None = None, widest: int = 420) -> None:
    """Columns as wide as their titles and contents (up to ``widest`` pixels), fitted again
    whenever the model is filled, never narrower than the user made them; ``stretch`` takes
    the room left."""
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(FIT_ROWS)
    if isinstance(view, QTableView):  # a table's column hint counts rows by its vertical header
        view.verticalHeader().setResizeContentsPrecision(FIT_ROWS)
    if stretch is not None:
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    model = view.model()
    fitted = [False]  # after the first fit a column only widens, so a user's widths stay

    def fit() -> None:
        for column in range(model.columnCount()):
            if column != stretch:
                wanted = min(
                    widest, max(view.sizeHintForColumn(column), header.sectionSizeHint(column)) + FIT_GAP
                )
                header.resizeSection(column, max(wanted, header.sectionSize(column)) if fitted[0] else wanted)
        fitted[0] = model.rowCount() > 0

    model.modelReset.connect(fit)
    fit()


def nav_list(name: str, style: str, titles: dict[str, str], width: int, height: int) -> QListWidget:
    """A list of places to go (the main rail, the settings sections): one item per key of
    ``titles``, its key under ``Qt.UserRole``."""
    nav = QListWidget()
    nav.setObjectName(name)
    nav.setStyleSheet(style)
    nav.setFixedWidth(width)
    for key, text in titles.items():
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setSizeHint(QSize(width - 10, height))
        nav.addItem(item)
    return nav


def button_row(left: Iterable[QWidget], right: Iterable[QWidget] = ()) -> QHBoxLayout:
    """Buttons from the left, a gap, then ``right`` at the right edge."""
    row = QHBoxLayout()
    for widget in left:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return row


def panel(
    parent: QWidget, *parts: QWidget | QLayout, stretch: QWidget | None = None, left: int = 0
) -> QWidget:
    """A column of ``parts`` (widgets or layouts), no margin but ``left``; ``stretch`` takes the height."""
    widget = QWidget(parent)
    column = QVBoxLayout(widget)
    column.setContentsMargins(left, 0, 0, 0)
    column.setSpacing(8)
    for part in parts:
        if isinstance(part, QLayout):
            column.addLayout(part)
        else:
            column.addWidget(part, 1 if part is stretch else 0)
    return widget


def shortcut(
    widget: QWidget,
    keys: QKeySequence | QKeySequence.StandardKey | Qt.Key | str,
    slot: Callable[[], Any],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> QShortcut:
    """A keyboard shortcut that works while ``widget`` (by default, or one of its children)
    has the focus, so the same key on two pages never clashes. (QShortcut's one-line
    form ignores its context argument in this Qt, hence the three steps.)"""
    shortcut = QShortcut(QKeySequence(keys), widget)
    shortcut.setContext(context)
    shortcut.activated.connect(slot)
    return shortcut
