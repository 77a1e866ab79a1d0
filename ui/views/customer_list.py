"""The list of every customer: filters, a sortable table, opening one.

The rows come from :mod:`crm.services.customer_list` a page at a time, read off the GUI
thread, so typing in the filter never freezes the window: the first screen of rows (sorted and
cut in SQL), then how many match, which is how many lines the table has. A line is read when it
is shown (:class:`~ui.models.customer_table.CustomerTableModel`): scrolled to, End, or the
scroll bar dragged anywhere; the rows around it are read on from the nearest row held, or back
from the end of the list in the reversed order, so the last of a million customers is one short
read away. A chain's million customers are never read whole (a gigabyte of rows).
A change to a few customers (a visit, an edit) re-reads just their rows; anything broader reads
the list again. A header click sorts a list held whole at once, and reads a longer one again
in the new order.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm.services import customer_list
from crm.services.changes import Changes
from crm.services.common import may
from crm.services.customer_list import CustomerFilter, CustomerList, FilterChoices
from ui.models.customer_table import CustomerTableModel, Window
from ui.views.customer_export import CustomerExport
from ui.views.customer_filters import CustomerFilterBar
from ui.views.page import Page
from ui.widgets.customer_menu import CustomerMenu
from ui.widgets.empty_state import EmptyState
from ui.widgets.level_badge import LevelDelegate
from ui.widgets.page_parts import fit_columns, push_button, title_label
from ui.widgets.record_table import RecordTable
from ui.words import customers_count

TYPING_DELAY_MS = 250
M = CustomerTableModel


class CustomerListView(Page):
    customer_opened = Signal(int)  # Enter, double-click or a new customer: show this one
    loaded = Signal(int)  # a read is shown and how many customers match is known: how many
    first_rows = Signal(int)  # the first screen of rows is shown (how many match may follow)

    FIRST_ROWS = 100  # more than a tall screen holds
    WINDOW_ROWS = 200  # read around a line shown that is not here (at least; three screens)
    WANTED_DELAY_MS = 15  # lines wanted are read once the table stops moving this long
    # Up to this many rows, held whole, a header click sorts at once (under 20 ms); a longer
    # list is read again in the new order.
    SYNC_SORT_ROWS = 20_000

    def build(self) -> None:
        self.customer_dialog = None
        self.import_dialog = None
        self.model = CustomerTableModel(self)
        self.model.rows_wanted.connect(lambda _: self._wanted.start())
        self._wanted = QTimer(self, singleShot=True, interval=self.WANTED_DELAY_MS)
        self._wanted.timeout.connect(self._read_shown)
        self._bigs: set[int] | None = None  # the 大C, read with the list's first screen after a change
        self.applied_filter = CustomerFilter()  # what the rows shown (or on their way) match
        self.order = self._remembered_order()
        # Customers changed since the last read; None when the whole list must be read again.
        self._touched: set[int] | None = None
        self._choices_due = False  # the filter choices are read with the next first screen
        self._counted = 0  # the count shown
        self._typing = QTimer(self, singleShot=True, interval=TYPING_DELAY_MS)
        self._typing.timeout.connect(self.apply_filter)
        self.make_refresh_widgets()
        self._build()
        self.table.horizontalHeader().setSortIndicator(*self.order)
        self.refresh()

    def cares(self, changes: Changes) -> bool:
        if changes.every_customer or changes.communities or changes.settings:
            self._touched = None
        elif changes.customers:
            if self._touched is not None:
                self._touched |= changes.customers
        else:
            return False
        return True

    # --- building ------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 8)
        outer.setSpacing(8)
        outer.addLayout(self._build_top())
        self.filters = CustomerFilterBar()
        self.filters.changed.connect(self.apply_filter)
        self.filters.clear_button.clicked.connect(self.clear_filters)
        outer.addWidget(self.filters)
        outer.addWidget(self.export)  # its progress, then how many went where
        self.status.setStyleSheet("color: #c62828;")
        self.status.setWordWrap(True)
        self.status.hide()
        outer.addWidget(self.status)

        self.table = RecordTable()
        self.table.setObjectName("customers_table")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(M.COL_LEVEL, LevelDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.sectionClicked.connect(self._header_clicked)
        fit_columns(self.table)
        self.table.setToolTip(self.tr("Double-click or Enter opens the customer"))
        self.table.activated.connect(self._row_activated)
        self.menu = CustomerMenu(self.table, self.ctx, open_customer=self.customer_opened.emit)
        self._build_empty()
        outer.addWidget(self.table, 1)
        self.search.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        QWidget.setTabOrder(self.search, self.table)
        # Ctrl+F finds (the window's); Ctrl+L is the window's "Switch staff" everywhere.

    def _build_empty(self) -> None:
        """What the list says with no rows: a new shop's next steps, or a way out of the filters."""
        self.empty = EmptyState(self.table, self.loading, self, "customers_empty")
        self.empty_add = push_button(self.tr("Add a customer"), self.new_customer, name="empty_add")
        self.empty_import = push_button(
            self.tr("Import a file…"),
            self.import_file,
            self.tr("Add customers from a CSV or Excel file"),
            name="empty_import",
        )
        if not may(self.ctx.actor, "import data"):
            self.empty_import.setEnabled(False)
            self.empty_import.setToolTip(self.tr("Only the owner or a manager can import"))
        self.empty_clear = push_button(self.tr("Clear filters"), self.clear_filters, name="empty_clear")

    def _say_empty(self) -> None:
        if self.applied_filter == CustomerFilter():
            self.empty.say(
                self.tr("No customers yet"),
                self.tr("Add the first one, or bring your list over from a spreadsheet."),
                self.empty_add,
                self.empty_import,
            )
        else:
            self.empty.say(
                self.tr("No customer matches these filters"),
                self.tr("Change the filters above, or clear them to see everyone."),
                self.empty_clear,
            )

    def _build_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.addWidget(title_label(self.tr("Customers")))
        top.addSpacing(12)
        self.search = QLineEdit()
        self.search.setObjectName("customers_search")
        self.search.setPlaceholderText(self.tr("Filter by name, phone, code or pinyin initials"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(
            self.tr("Type to filter the list. Down arrow: go to the list; Enter: open the customer.")
        )
        self.search.textChanged.connect(lambda _: self._typing.start())
        self.search.installEventFilter(self)
        top.addWidget(self.search, 1)
        top.addWidget(self.busy)
        self.count_label = QLabel()
        self.count_label.setObjectName("customers_count")
        self.count_label.setMinimumWidth(120)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.count_label)
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setObjectName("import_customers")
        self.import_button.setToolTip(
            self.tr("Add or update customers, or their visits, from a CSV or Excel file")
        )
        self.import_button.clicked.connect(self.import_file)
        if not may(self.ctx.actor, "import data"):
            self.import_button.setEnabled(False)
            self.import_button.setToolTip(self.tr("Only the owner or a manager can import"))
        top.addWidget(self.import_button)
        self.export = CustomerExport(self.ctx, self.shown_list, self)
        top.addWidget(self.export.button)
        self.new_button = QPushButton(self.tr("New customer"))
        self.new_button.setToolTip(self.tr("Add a customer"))
        self.new_button.clicked.connect(self.new_customer)
        top.addWidget(self.new_button)
        return top

    # --- reading -------------------------------------------------------------------

    def refresh(self) -> None:
        touched, self._touched = self._touched, set()
        self.refresh_started()
        if touched and self.model.rowCount() and not self.jobs.busy("list"):
            # Only these customers moved: their rows are read again in place (no reset).
            self.read(
                "rows",
                customer_list.rows_of,
                lambda rows, ids=touched: self._show_touched(rows, ids),
                self.applied_filter,
                self.model.big_c_ids(),
                touched,
            )
            return
        self._choices_due = True  # read again once the first screen is shown
        self._bigs = None  # who is a 大C may have changed too (a filter or an order reuses them)
        self._read_list()

    def _read_list(self) -> None:
        """Read the list again from its first page (the filter choices, when due, follow once
        it is shown: nothing competes with the first screen)."""
        for stale in ("rows", "count", "window"):
            self.jobs.forget(stale)  # the new read has them, in its order
        asked = self._asked()
        flt, sort = asked
        bigs = self._bigs
        self.read(
            "list",
            lambda: customer_list.page(flt, sort, self.FIRST_ROWS, bigs=bigs),
            lambda result: self._show_first(result, asked),
        )

    def _asked(self) -> tuple[CustomerFilter, tuple[str, bool]]:
        """The filter the rows match and their order, as the service takes them."""
        column, order = self.order
        return self.applied_filter, (M.SORTS[column], order == Qt.SortOrder.DescendingOrder)

    def _show_first(self, result: CustomerList, asked: tuple) -> None:
        if asked != self._asked():
            return  # a new filter or order was asked meanwhile: its own read shows it
        kept = self._selected_customer()
        self._bigs = result.big_c
        self.model.set_list(result)
        if kept is not None and (row := self.model.row_of(kept)) >= 0:
            self.table.selectRow(row)  # the customer selected stays selected, if still listed
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.table.scrollToTop()  # a new order or filter starts from its top
        if len(result.rows) < self.FIRST_ROWS:  # that is everyone: nothing more to read
            self._rows_shown()
        else:
            self.count_label.setText(self.tr("Counting…"))
            self.first_rows.emit(len(result.rows))
            self.read("count", customer_list.count, lambda n: self._show_count(n, asked), self.applied_filter)
        if self._choices_due:
            self._choices_due = False
            self.read("choices", customer_list.choices, self._show_choices)

    def _selected_customer(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.customer_id(rows[0].row()) if rows else None

    def _show_count(self, total: int, asked: tuple) -> None:
        if asked == self._asked():
            self.model.set_total(total)
            self._rows_shown()

    def _read_shown(self) -> None:
        """Read the rows of the lines shown that are not here: around the first of them, a few
        screens, on from the nearest row held or back from the list's end."""
        table, model = self.table, self.model
        top = table.rowAt(0)
        if top < 0 or self.jobs.busy("list"):
            model.wanted_done()  # the list read again shows its own
            return
        bottom = table.rowAt(table.viewport().height() - 1)
        bottom = model.rowCount() - 1 if bottom < 0 else bottom
        line = next((n for n in range(top, bottom + 1) if not model.is_read(n)), None)
        if line is None:
            model.wanted_done()
            return
        shown = bottom - top + 1
        window = model.window_for(line, max(self.WINDOW_ROWS, 3 * shown), margin=shown)
        flt, sort = self._asked()
        version, bigs = model.version, model.big_c_ids()
        self.read(
            "window",
            lambda: customer_list.page(
                flt, sort, window.limit, window.after, backward=window.backward, skip=window.skip, bigs=bigs
            ),
            lambda result: self._show_window(result.rows, window, version),
        )

    def _show_window(self, rows: list[tuple], window: Window, version: int) -> None:
        if version != self.model.version:  # rows of a list read again since
            return
        self.model.place(window, rows)
        if self.model.total != self._counted:
            self._counted = self.model.total  # customers left the list meanwhile
            self.count_label.setText(customers_count(self.model.total))

    def _show_touched(self, rows: list[tuple], ids: set[int]) -> None:
        self.model.replace_rows(rows, ids)
        self._rows_shown()

    def _rows_shown(self) -> None:
        self._say_empty()
        self.status.setProperty("error", False)
        self.status.hide()
        count = self._counted = self.model.total
        self.count_label.setText(customers_count(count))
        self.first_rows.emit(self.model.held())
        self.loaded.emit(count)

    def read_failed(self, exc: BaseException) -> None:
        super().read_failed(exc)
        self.model.wanted_done()  # a line shown asks again
        self.status.show()

    def _show_choices(self, choices: FilterChoices) -> None:
        if self.filters.set_choices(choices):
            self.apply_filter()  # the community chosen is gone

    # --- filters ---------------------------------------------------------------------

    def current_filter(self) -> CustomerFilter:
        return CustomerFilter(text=self.search.text(), **self.filters.values())

    def apply_filter(self) -> None:
        self._typing.stop()
        flt = self.current_filter()
        self.filters.clear_button.setEnabled(flt != CustomerFilter())
        if flt != self.applied_filter:
            self.applied_filter = flt
            self._read_list()

    def shown_list(self) -> tuple[CustomerFilter, tuple[str, bool]]:
        """What the list shows: its filter (what is typed included) and its order."""
        self.apply_filter()
        return self._asked()

    def clear_filters(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.filters.clear()
        self.apply_filter()

    # --- sorting ---------------------------------------------------------------------

    def _header_clicked(self, section: int) -> None:
        column, order = self.order
        if column == section:
            flipped = order == Qt.SortOrder.DescendingOrder
            order = Qt.SortOrder.AscendingOrder if flipped else Qt.SortOrder.DescendingOrder
        elif section in M.DESCENDING_FIRST:
            order = Qt.SortOrder.DescendingOrder
        else:
            order = Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(section, order)
        header.blockSignals(False)
        self.sort_by(section, order)
        settings = QSettings()
        settings.setValue("customers/sort_column", section)
        settings.setValue("customers/sort_descending", order == Qt.SortOrder.DescendingOrder)
        current = self.table.currentIndex()
        if current.isValid():
            self.table.scrollTo(current)

    @staticmethod
    def _remembered_order() -> tuple[int, Qt.SortOrder]:
        """The order the list was last sorted in by a header click (newest purchase first at first)."""
        settings = QSettings()
        column = settings.value("customers/sort_column", M.COL_LAST, type=int)
        descending = settings.value("customers/sort_descending", True, type=bool)
        if not 0 <= column < len(M.COLUMNS):
            column, descending = M.COL_LAST, True
        return column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder

    def sort_by(self, column: int, order: Qt.SortOrder) -> None:
        """Sort the list: one held whole (and not long) at once, a longer one read again from
        its first page in the new order, sorted in SQL."""
        self.order = (column, order)
        if self.model.whole() and self.model.rowCount() <= self.SYNC_SORT_ROWS:
            self.model.sort(column, order)
            return
        self._read_list()

    # --- opening ---------------------------------------------------------------------

    def _row_activated(self, index) -> None:
        customer = self.model.customer_id(index.row()) if index.isValid() else None
        if customer is not None:  # not a line still being read
            self.customer_opened.emit(customer)

    def new_customer(self) -> None:
        from ui.dialogs.customer_dialog import CustomerDialog

        dialog = CustomerDialog(self.ctx, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.customer_dialog = dialog

        def created() -> None:
            self.customer_dialog = None
            cid = getattr(dialog, "customer_id", None)
            if cid is not None:
                self.customer_opened.emit(cid)

        dialog.accepted.connect(created)
        dialog.existing_requested.connect(self.customer_opened)
        dialog.open()

    def import_file(self, kind: str = "customers") -> None:
        from ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, kind, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_dialog = dialog
        dialog.open()

    # --- keyboard ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Down and self.model.rowCount() > 0:
                self.table.setFocus()
                self.table.selectRow(0)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.apply_filter()
                if self.model.rowCount() == 1 and not self.jobs.busy("list"):
                    self.customer_opened.emit(self.model.customer_id(0))
                elif self.model.rowCount() > 0:
                    self.table.setFocus()
                    self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)
