"""The Customers page: every customer in a sortable, filterable list, and one
customer's detail (a page of its own, with a Back button).

The list model loads in a worker thread (0.3 s on 100,000 customers), filters
in SQL and sorts the Python list, so typing in the filter never freezes the
window. Changes elsewhere arrive on the bus: a visit or an edit re-reads just
the customers it touches; anything broader reloads the list, debounced, and
only while the page is on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm.db import database
from ui.context import AppContext
from ui.errors import error_text
from ui.models.customer_table import CustomerFilter, CustomerTableModel
from ui.widgets.level_badge import LevelDelegate
from ui.words import LEVEL_COLORS, big_c, level_name

RELOAD_DELAY_MS = 300
TYPING_DELAY_MS = 250

COLUMN_WIDTHS = {
    CustomerTableModel.COL_CODE: 90,
    CustomerTableModel.COL_NAME: 110,
    CustomerTableModel.COL_PHONE: 130,
    CustomerTableModel.COL_LEVEL: 110,
    CustomerTableModel.COL_LAST: 110,
    CustomerTableModel.COL_DAYS: 150,
    CustomerTableModel.COL_SPEND: 120,
    CustomerTableModel.COL_REFERRER: 110,
    CustomerTableModel.COL_BIG_C: 70,
}


def format_count(n: int) -> str:
    return QLocale().toString(n)


class CustomersView(QWidget):
    """The list (page 0) and a customer's detail (page 1)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.detail = None  # built the first time a customer is opened
        self.customer_dialog = None
        self._dirty = False
        self._pending_ids: set[int] = set()

        self.model = CustomerTableModel(self)
        self.stack = QStackedWidget()
        self.list_page = self._build_list_page()
        self.stack.addWidget(self.list_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._typing = QTimer(self, singleShot=True, interval=TYPING_DELAY_MS)
        self._typing.timeout.connect(self.apply_filter)
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self._reload_if_shown)
        self._rows_timer = QTimer(self, singleShot=True, interval=0)
        self._rows_timer.timeout.connect(self._refresh_pending_rows)

        self.model.loading.connect(self._on_loading)
        self.model.loaded.connect(self._on_loaded)
        self.model.failed.connect(self._on_failed)
        self.model.tags_loaded.connect(self._set_tags)

        bus = ctx.bus
        bus.customers_changed.connect(self._schedule_reload)
        bus.communities_changed.connect(self._communities_changed)
        bus.customer_changed.connect(self._customer_touched)
        bus.visits_changed.connect(self._visits_touched)

        self._load_communities()
        self.model.sort(CustomerTableModel.COL_LAST, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSortIndicator(
            CustomerTableModel.COL_LAST, Qt.SortOrder.DescendingOrder
        )
        self.model.reload(options=True)

    # --- building ------------------------------------------------------------------

    def _build_list_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(16, 12, 16, 8)
        outer.setSpacing(8)

        top = QHBoxLayout()
        title = QLabel(self.tr("Customers"))
        title.setObjectName("PageTitle")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        top.addWidget(title)
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
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setFixedWidth(80)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.hide()
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
        if self.ctx.actor is not None and self.ctx.actor.role not in ("owner", "manager"):
            self.import_button.setEnabled(False)
            self.import_button.setToolTip(self.tr("Only the owner or a manager can import"))
        top.addWidget(self.import_button)
        self.new_button = QPushButton(self.tr("New customer"))
        self.new_button.setToolTip(self.tr("Add a customer"))
        self.new_button.clicked.connect(self.new_customer)
        top.addWidget(self.new_button)
        outer.addLayout(top)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(QLabel(self.tr("Level:")))
        self.level_buttons: list[QPushButton] = []
        for level in range(5):
            button = QPushButton(level_name(level))
            button.setCheckable(True)
            button.setObjectName(f"level_filter_{level}")
            button.setToolTip(self.tr("Show only this level (several may be chosen)"))
            color = LEVEL_COLORS[level]
            text = "#212121" if level == 3 else "#ffffff"
            button.setStyleSheet(
                f"QPushButton {{ border: 1px solid {color}; border-radius: 10px; padding: 2px 10px; }}"
                f"QPushButton:checked {{ background: {color}; color: {text}; font-weight: bold; }}"
            )
            button.toggled.connect(lambda _=False: self.apply_filter())
            self.level_buttons.append(button)
            filters.addWidget(button)
        filters.addSpacing(12)
        self.community_combo = QComboBox()
        self.community_combo.setObjectName("community_filter")
        self.community_combo.setEditable(True)
        self.community_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.community_combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.community_combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.community_combo.setMinimumWidth(160)
        self.community_combo.setToolTip(self.tr("Members and leader of one community"))
        self.community_combo.currentIndexChanged.connect(lambda _: self.apply_filter())
        filters.addWidget(self.community_combo)
        self.tag_combo = QComboBox()
        self.tag_combo.setObjectName("tag_filter")
        self.tag_combo.setMinimumWidth(120)
        self.tag_combo.addItem(self.tr("All tags"), None)
        self.tag_combo.currentIndexChanged.connect(lambda _: self.apply_filter())
        filters.addWidget(self.tag_combo)
        self.big_c_check = QCheckBox(self.tr("%1 only").replace("%1", big_c()))
        self.big_c_check.setObjectName("big_c_filter")
        self.big_c_check.toggled.connect(lambda _: self.apply_filter())
        filters.addWidget(self.big_c_check)
        self.archived_check = QCheckBox(self.tr("Include archived"))
        self.archived_check.setObjectName("archived_filter")
        self.archived_check.toggled.connect(lambda _: self.apply_filter())
        filters.addWidget(self.archived_check)
        filters.addStretch(1)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.setEnabled(False)
        self.clear_button.clicked.connect(self.clear_filters)
        filters.addWidget(self.clear_button)
        outer.addLayout(filters)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        outer.addWidget(self.error_label)

        self.table = QTableView()
        self.table.setObjectName("customers_table")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(CustomerTableModel.COL_LEVEL, LevelDelegate(self.table))
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
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.setToolTip(self.tr("Double-click or Enter opens the customer"))
        self.table.activated.connect(self._row_activated)
        outer.addWidget(self.table, 1)

        self.search.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        QWidget.setTabOrder(self.search, self.table)
        # Ctrl+F finds (the window's); Ctrl+L is the window's "Switch staff" everywhere.
        return page

    # --- filters ---------------------------------------------------------------------

    def current_filter(self) -> CustomerFilter:
        return CustomerFilter(
            text=self.search.text(),
            levels=frozenset(i for i, b in enumerate(self.level_buttons) if b.isChecked()),
            community_id=self.community_combo.currentData(),
            tag=self.tag_combo.currentData(),
            big_c_only=self.big_c_check.isChecked(),
            include_archived=self.archived_check.isChecked(),
        )

    def apply_filter(self) -> None:
        self._typing.stop()
        flt = self.current_filter()
        self.clear_button.setEnabled(flt != CustomerFilter())
        if flt != self.model.filter:
            self.model.set_filter(flt)

    def clear_filters(self) -> None:
        widgets = [self.search, self.community_combo, self.tag_combo, self.big_c_check, self.archived_check]
        widgets += self.level_buttons
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        self.community_combo.setCurrentIndex(0)
        self.tag_combo.setCurrentIndex(0)
        self.big_c_check.setChecked(False)
        self.archived_check.setChecked(False)
        for button in self.level_buttons:
            button.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.apply_filter()

    def _load_communities(self) -> None:
        current = self.community_combo.currentData()
        rows = database.execute_sql(
            "SELECT id, name FROM community WHERE archived = ? ORDER BY name, id", [False]
        ).fetchall()
        self.community_combo.blockSignals(True)
        self.community_combo.clear()
        self.community_combo.addItem(self.tr("All communities"), None)
        for cid, name in rows:
            self.community_combo.addItem(name, cid)
        index = self.community_combo.findData(current) if current is not None else 0
        self.community_combo.setCurrentIndex(max(0, index))
        self.community_combo.blockSignals(False)
        if current is not None and index < 0:
            self.apply_filter()  # the community chosen is gone

    def _set_tags(self, tags: list[str]) -> None:
        current = self.tag_combo.currentData()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem(self.tr("All tags"), None)
        for tag in tags:
            self.tag_combo.addItem(tag, tag)
        index = self.tag_combo.findData(current) if current is not None else 0
        self.tag_combo.setCurrentIndex(max(0, index))
        self.tag_combo.blockSignals(False)

    # --- sorting ---------------------------------------------------------------------

    def _header_clicked(self, section: int) -> None:
        state = self.model.sort_state()
        if state is not None and state[0] == section:
            order = (
                Qt.SortOrder.AscendingOrder
                if state[1] == Qt.SortOrder.DescendingOrder
                else Qt.SortOrder.DescendingOrder
            )
        elif section in CustomerTableModel.DESCENDING_FIRST:
            order = Qt.SortOrder.DescendingOrder
        else:
            order = Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(section, order)
        header.blockSignals(False)
        self.model.sort(section, order)
        current = self.table.currentIndex()
        if current.isValid():
            self.table.scrollTo(current)

    # --- loading state ---------------------------------------------------------------

    def _on_loading(self) -> None:
        self.busy.show()

    def _on_loaded(self, count: int) -> None:
        if not self.model.is_loading():
            self.busy.hide()
        self.error_label.hide()
        if count == 1:
            text = self.tr("1 customer")
        else:
            text = self.tr("%1 customers").replace("%1", format_count(count))
        self.count_label.setText(text)

    def _on_failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.error_label.setText(error_text(exc))
        self.error_label.show()

    # --- bus ---------------------------------------------------------------------------

    def _shown(self) -> bool:
        return self.isVisible() and self.stack.currentWidget() is self.list_page

    def _schedule_reload(self) -> None:
        self._reload_timer.start()

    def _reload_if_shown(self) -> None:
        if self._shown():
            self._dirty = False
            self.model.reload(options=True)
        else:
            self._dirty = True

    def _communities_changed(self) -> None:
        self._load_communities()
        self._schedule_reload()  # 大C status and community filters move

    def _customer_touched(self, customer_id: int) -> None:
        self._pending_ids.add(int(customer_id))
        self._rows_timer.start()

    def _visits_touched(self, customer_id: int) -> None:
        from crm.services import levels

        # A purchase moves the customer, their referrer and the leaders of their communities.
        self._pending_ids.update(levels.affected_by([int(customer_id)]))
        self._rows_timer.start()

    def _refresh_pending_rows(self) -> None:
        ids, self._pending_ids = self._pending_ids, set()
        if self.model.is_loading():
            return  # the load on its way reads them anyway
        try:
            self.model.refresh_rows(ids)
        except Exception as exc:  # noqa: BLE001 - shown, never a traceback
            self._on_failed(exc)

    def activated(self) -> None:
        """Called by the main window whenever the page is shown."""
        if self._dirty and self.stack.currentWidget() is self.list_page:
            self._dirty = False
            self.model.reload(options=True)
        elif self.detail is not None and self.stack.currentWidget() is self.detail:
            self.detail.reload()

    # --- opening -------------------------------------------------------------------------

    def _row_activated(self, index) -> None:
        if index.isValid():
            self.open_customer(self.model.customer_id(index.row()))

    def open_customer(self, customer_id: int) -> None:
        """Show this customer's detail page."""
        if self.detail is None:
            from ui.views.customer_detail import CustomerDetailView

            self.detail = CustomerDetailView(self.ctx)
            self.detail.back_requested.connect(self.show_list)
            self.stack.addWidget(self.detail)
        self.detail.show_customer(int(customer_id))
        self.stack.setCurrentWidget(self.detail)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        if self._dirty or self._reload_timer.isActive():
            self._reload_timer.stop()
            self._dirty = False
            self.model.reload(options=True)
        self.table.setFocus()

    def new_customer(self) -> None:
        try:
            from ui.dialogs.customer_dialog import CustomerDialog
        except ImportError:
            self.error_label.setText(self.tr("The customer form is not available in this version."))
            self.error_label.show()
            return
        dialog = CustomerDialog(self.ctx, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.customer_dialog = dialog

        def created() -> None:
            # The dialog told the bus (the list reloads); show the new customer.
            self.customer_dialog = None
            cid = getattr(dialog, "customer_id", None)
            if cid is not None:
                self.open_customer(cid)

        dialog.accepted.connect(created)
        if hasattr(dialog, "existing_requested"):
            dialog.existing_requested.connect(self.open_customer)
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
                if self.model.rowCount() == 1 and not self.model.is_loading():
                    self.open_customer(self.model.customer_id(0))
                elif self.model.rowCount() > 0:
                    self.table.setFocus()
                    self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)
