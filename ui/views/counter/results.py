"""The counter's search results: a small table model over search hits, the
compact table that shows them (name, phone, code, level badge), and the pane
around it (a hint before anything is typed, "no match" with a way to add the
customer)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm.levels import LEVELS
from crm.services.search import COUNT_CAP, SearchHit
from ui.models.base import CUSTOMER_ID_ROLE, RowTableModel
from ui.widgets.level_badge import LEVEL_ROLE, LevelDelegate
from ui.words import level_name


class CounterResultsModel(RowTableModel):
    """Search hits as rows; a few dozen at most, replaced on every keystroke."""

    NAME, PHONE, CODE, LEVEL = range(4)
    COLUMNS = ("name", "phone", "code", "level")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)

    # --- data -----------------------------------------------------------

    set_hits = RowTableModel.set_rows
    hit = RowTableModel.row_at

    def hits(self) -> list[SearchHit]:
        return list(self._rows)

    def set_level(self, customer_id: int, level: int) -> None:
        """A customer's level moved (a visit was just logged): repaint their badge."""
        row = self.row_of(customer_id)
        if row < 0 or self._rows[row].level == level:
            return
        self._rows[row] = replace(self._rows[row], level=level)
        index = self.index(row, self.LEVEL)
        self.dataChanged.emit(index, index)

    # --- Qt ---------------------------------------------------------------

    def cell(self, hit: SearchHit, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.PHONE and hit.match == "wechat":  # show what was found
                return self.tr("WeChat %1").replace("%1", hit.wechat)
            return (hit.name, hit.phone_display, hit.code, level_name(hit.level))[column]
        if role == LEVEL_ROLE and column == self.LEVEL:
            return hit.level
        if role == CUSTOMER_ID_ROLE:
            return hit.id
        if role == Qt.ItemDataRole.FontRole and column == self.NAME:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return self.tr("Enter picks the highlighted customer")
        return None


class CounterResultsTable(QTableView):
    """Rows are highlighted from the search box (Up/Down); the table never takes the
    keyboard focus, so typing always goes on in the box. A click picks a row."""

    def __init__(self, model: CounterResultsModel, parent=None):
        super().__init__(parent)
        self.setObjectName("CounterResults")
        self.setModel(model)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setItemDelegateForColumn(CounterResultsModel.LEVEL, LevelDelegate(self))
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(30)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(CounterResultsModel.NAME, QHeaderView.ResizeMode.Stretch)
        # The other columns as wide as what they show, so the name keeps the room it needs; on
        # a narrow pane the code goes first (the phone and the level tell namesakes apart).
        metrics = self.fontMetrics()
        widest_level = max(metrics.horizontalAdvance(level_name(i)) for i in range(len(LEVELS)))
        for column, width in (
            (CounterResultsModel.PHONE, metrics.horizontalAdvance("188 8888 88888") + 12),
            (CounterResultsModel.CODE, metrics.horizontalAdvance("C0000000") + 12),
            (CounterResultsModel.LEVEL, widest_level + 28),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        self._code_width = self.columnWidth(CounterResultsModel.CODE)

    NAME_ROOM = 110  # pixels a name needs (three or four characters, or "Wang Li") before the code goes

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        others = sum(self.columnWidth(c) for c in (CounterResultsModel.PHONE, CounterResultsModel.LEVEL))
        code = self._code_width
        self.setColumnHidden(
            CounterResultsModel.CODE, self.viewport().width() - others - code < self.NAME_ROOM
        )

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def highlight(self, row: int) -> None:
        model = self.model()
        if model.rowCount() == 0:
            return
        row = max(0, min(row, model.rowCount() - 1))
        index = model.index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)


class CounterResultsPane(QStackedWidget):
    """The results table, or a hint when nothing is typed, or "no match" with a button to
    add the customer (``new_customer_requested``)."""

    new_customer_requested = Signal()

    def __init__(self, model: CounterResultsModel, parent=None):
        super().__init__(parent)
        self.table = CounterResultsTable(model)
        self.more_label = QLabel()
        self.more_label.setStyleSheet("color: #757575;")
        self.more_label.setWordWrap(True)
        self.table_page = QWidget()
        table_layout = QVBoxLayout(self.table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.more_label)

        self.hint_label = QLabel(
            self.tr(
                "Type a phone number, its last 4 digits, a name or pinyin initials.\n\n"
                "Up/Down moves, Enter picks, Esc clears.\n"
                "Ctrl+N adds a new customer, F2 logs a visit."
            )
        )
        self.hint_label.setObjectName("CounterHint")
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #757575; padding: 24px;")

        self.no_match_label = QLabel()
        self.no_match_label.setObjectName("CounterNoMatch")
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_label.setWordWrap(True)
        self.no_match_label.setStyleSheet("color: #555555;")
        self.no_match_button = QPushButton(self.tr("Add as a new customer (Ctrl+N)"))
        self.no_match_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.no_match_button.clicked.connect(self.new_customer_requested)
        self.no_match_page = QWidget()
        no_match_layout = QVBoxLayout(self.no_match_page)
        no_match_layout.addStretch(1)
        no_match_layout.addWidget(self.no_match_label)
        no_match_layout.addWidget(self.no_match_button, 0, Qt.AlignmentFlag.AlignHCenter)
        no_match_layout.addStretch(2)

        self.addWidget(self.hint_label)
        self.addWidget(self.table_page)
        self.addWidget(self.no_match_page)

    def show_for(self, text: str, rows: int, more: bool, total: int | None = None) -> None:
        """The page for what was typed and found; ``more``: the results were cut short, and
        then ``total`` says how many matched (None: not counted; above
        :data:`crm.services.search.COUNT_CAP`: more than that)."""
        if more:
            self.more_label.setText(self.more_text(rows, total))
        if self.more_label.isVisibleTo(self.table_page) != more:
            self.more_label.setVisible(more)
        text = text.strip()
        if not text:
            page = self.hint_label
        elif rows == 0:
            self.no_match_label.setText(self.tr("No customer matches “%1”.").replace("%1", text))
            page = self.no_match_page
        else:
            page = self.table_page
        if self.currentWidget() is not page:
            self.setCurrentWidget(page)

    def more_text(self, rows: int, total: int | None) -> str:
        """The line under results cut short: how many matched, and how to narrow down."""
        if total is None:
            shown = self.tr("Only the best matches are shown, the most recently seen first.")
        elif total > COUNT_CAP:
            shown = self.tr("%1 of more than %2 customers shown, the most recently seen first.")
            shown = shown.replace("%1", f"{rows:,}").replace("%2", f"{COUNT_CAP:,}")
        else:
            shown = self.tr("%1 of %2 customers shown, the most recently seen first.")
            shown = shown.replace("%1", f"{rows:,}").replace("%2", f"{total:,}")
        return (
            shown + " " + self.tr("Type more to narrow down, e.g. a surname and the last 4 digits: 王 8895.")
        )
