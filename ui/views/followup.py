"""Follow-up (跟进): today's, overdue and upcoming tasks, and what the rules suggest.

Tasks are few (an index seek, a few ms) and load on the GUI thread. Suggestions
are computed over the whole shop (most of a second on 100,000 customers), so
they load in a worker thread behind a busy indicator and show in a lazy model;
accepting or dismissing one updates the list at once, without a reload.
"""

from __future__ import annotations

import time
from datetime import timedelta

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm import clock
from crm.errors import OpenTaskExists, ShopError
from crm.services import staff, suggestions, tasks
from crm.services.suggestions import Suggestion
from crm.services.tasks import TaskInfo
from ui.context import AppContext
from ui.dialogs.task_dialog import OutcomeDialog, TaskDialog, fill_staff_combo
from ui.errors import error_text, show_error
from ui.jobs import BackgroundCall
from ui.models.suggestion_model import SuggestionTableModel, suggestion_reason
from ui.models.task_model import CUSTOMER_ID_ROLE, TaskTableModel
from ui.widgets.confirm import confirm

# Bulk accept/dismiss of more rows than this runs in a worker thread.
INLINE_BULK = 20
CLOSED_DAYS = 30
# What a bulk accept or dismiss gives back: the suggestions handled, those refused
# with why, and the ids of the tasks created.
BulkResult = tuple[list[Suggestion], list[tuple[Suggestion, BaseException]], list[int]]
CLOSED_LIMIT = 1000

TITLE_STYLE = "font-size: 18px; font-weight: 600;"
SECTION_STYLE = "font-size: 14px; font-weight: 600;"


def _table(model, parent: QWidget, sort_column: int, multi: bool = False) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setAlternatingRowColors(True)
    # The indicator first: enabling sorting sorts by it at once.
    view.horizontalHeader().setSortIndicator(sort_column, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.setWordWrap(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(28)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSortIndicatorShown(True)
    return view


class FollowUpView(QWidget):
    TODAY, OVERDUE, UPCOMING, CLOSED = range(4)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.closed_loaded = False
        self.suggestions_loaded = False
        self.suggestions_stale = True
        self.last_load_seconds: float | None = None
        self._load_started = 0.0
        self._own_change = False
        self._first_selected = 0
        self._dialog: QWidget | None = None

        # --- header: title, assignee filter, new task ----------------------
        title = QLabel(self.tr("Follow-up"), self)
        title.setStyleSheet(TITLE_STYLE)
        self.assigned = QComboBox(self)
        self.assigned.setObjectName("assigned_filter")
        self.assigned.setMinimumWidth(150)
        self.assigned.setToolTip(self.tr("Show the tasks assigned to…"))
        self.new_button = QPushButton(self.tr("New task…"), self)
        self.new_button.setToolTip(self.tr("Create a follow-up task (Ctrl+T)"))
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setToolTip(self.tr("Reload tasks and suggestions (F5)"))
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(QLabel(self.tr("Assigned to"), self))
        header.addWidget(self.assigned)
        header.addSpacing(12)
        header.addWidget(self.refresh_button)
        header.addWidget(self.new_button)

        # --- tasks: Today / Overdue / Upcoming / Closed --------------------
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.models: list[TaskTableModel] = []
        self.tables: list[QTableView] = []
        for _ in range(4):
            model = TaskTableModel(self)
            table = _table(model, self, TaskTableModel.DUE)
            table.activated.connect(self._open_customer_at)
            table.selectionModel().selectionChanged.connect(self._update_buttons)
            self.models.append(model)
            self.tables.append(table)
            self.tabs.addTab(table, "")
        for table in self.tables[: self.CLOSED]:
            table.setColumnHidden(TaskTableModel.STATUS, True)
            table.setColumnHidden(TaskTableModel.OUTCOME, True)
        self.tabs.currentChanged.connect(self._tab_changed)

        self.done_button = QPushButton(self.tr("Done…"), self)
        self.done_button.setToolTip(self.tr("Mark the task done and note the outcome (Ctrl+D)"))
        self.skip_button = QPushButton(self.tr("Skip…"), self)
        self.skip_button.setToolTip(self.tr("Skip the task with a reason (Ctrl+K)"))
        self.reopen_button = QPushButton(self.tr("Reopen"), self)
        self.reopen_button.setToolTip(self.tr("Open a done or skipped task again (Ctrl+R)"))
        self.reassign_button = QPushButton(self.tr("Reassign…"), self)
        self.reassign_button.setToolTip(self.tr("Give the task to someone else"))
        self.open_button = QPushButton(self.tr("Open customer"), self)
        self.open_button.setToolTip(self.tr("Show the customer (Enter or double-click a row)"))
        task_actions = QHBoxLayout()
        for button in (self.done_button, self.skip_button, self.reopen_button, self.reassign_button):
            task_actions.addWidget(button)
        task_actions.addStretch(1)
        task_actions.addWidget(self.open_button)

        tasks_panel = QWidget(self)
        tasks_layout = QVBoxLayout(tasks_panel)
        tasks_layout.setContentsMargins(0, 0, 0, 0)
        tasks_layout.setSpacing(8)
        tasks_layout.addWidget(self.tabs, 1)
        tasks_layout.addLayout(task_actions)

        # --- suggestions ---------------------------------------------------
        self.suggestion_model = SuggestionTableModel(self)
        self.suggestion_table = _table(self.suggestion_model, self, SuggestionTableModel.DUE, multi=True)
        self.suggestion_table.setObjectName("suggestions")
        self.suggestion_table.activated.connect(self._open_customer_at)
        self.suggestion_table.selectionModel().selectionChanged.connect(self._update_buttons)
        heading = QLabel(self.tr("Suggestions"), self)
        heading.setStyleSheet(SECTION_STYLE)
        self.suggestion_count = QLabel(self)
        self.suggestion_count.setObjectName("suggestion_count")
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(12)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.busy_label = QLabel(self.tr("Looking for suggestions…"), self)
        self.busy_label.hide()
        self.accept_assignee = QComboBox(self)
        self.accept_assignee.setObjectName("accept_assignee")
        self.accept_assignee.setMinimumWidth(130)
        self.accept_assignee.setToolTip(self.tr("Who the accepted tasks are assigned to"))
        self.accept_button = QPushButton(self.tr("Accept"), self)
        self.accept_button.setToolTip(self.tr("Create tasks from the selected suggestions (Ctrl+Y)"))
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self)
        self.dismiss_button.setToolTip(
            self.tr("Hide the selected suggestions; this occasion is not suggested again (Del)")
        )
        suggestion_bar = QHBoxLayout()
        suggestion_bar.addWidget(heading)
        suggestion_bar.addWidget(self.suggestion_count)
        suggestion_bar.addSpacing(8)
        suggestion_bar.addWidget(self.busy)
        suggestion_bar.addWidget(self.busy_label)
        suggestion_bar.addStretch(1)
        suggestion_bar.addWidget(QLabel(self.tr("Assign to"), self))
        suggestion_bar.addWidget(self.accept_assignee)
        suggestion_bar.addWidget(self.accept_button)
        suggestion_bar.addWidget(self.dismiss_button)
        self.status = QLabel(self)
        self.status.setObjectName("followup_status")
        self.status.setStyleSheet("color: #2e7d32;")

        suggestions_panel = QWidget(self)
        suggestions_layout = QVBoxLayout(suggestions_panel)
        suggestions_layout.setContentsMargins(0, 0, 0, 0)
        suggestions_layout.setSpacing(8)
        suggestions_layout.addLayout(suggestion_bar)
        suggestions_layout.addWidget(self.suggestion_table, 1)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(tasks_panel)
        splitter.addWidget(suggestions_panel)
        splitter.setSizes([380, 320])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self._column_widths()

        # --- behaviour -------------------------------------------------------
        self.loader = BackgroundCall(self)
        self.loader.finished.connect(self._suggestions_loaded)
        self.loader.failed.connect(self._load_failed)
        self.bulk = BackgroundCall(self)
        self.bulk.finished.connect(self._bulk_done)
        self.bulk.failed.connect(self._load_failed)
        self._bulk_kind = ""
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(1500)
        self._reload_timer.timeout.connect(self._reload_if_visible)

        self.assigned.currentIndexChanged.connect(lambda _: self.reload_tasks())
        self.new_button.clicked.connect(self.new_task)
        self.refresh_button.clicked.connect(self.refresh)
        self.done_button.clicked.connect(self.complete_selected)
        self.skip_button.clicked.connect(self.skip_selected)
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.reassign_button.clicked.connect(self._reassign_menu)
        self.open_button.clicked.connect(self.open_selected_customer)
        self.accept_button.clicked.connect(self.accept_selected)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        for keys, slot in (
            ("Ctrl+T", self.new_task),
            ("F5", self.refresh),
            ("Ctrl+D", self.complete_selected),
            ("Ctrl+K", self.skip_selected),
            ("Ctrl+R", self.reopen_selected),
            ("Ctrl+Y", self.accept_selected),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        dismiss_key = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.suggestion_table)
        dismiss_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        dismiss_key.activated.connect(self.dismiss_selected)

        bus = ctx.bus
        bus.tasks_changed.connect(self._tasks_changed_elsewhere)
        bus.staff_changed.connect(self._staff_changed)
        for signal in (bus.customers_changed, bus.communities_changed, bus.settings_changed):
            signal.connect(self._data_changed_elsewhere)
        bus.visits_changed.connect(lambda _id: self._data_changed_elsewhere())
        bus.customer_changed.connect(lambda _id: self._data_changed_elsewhere())

        self._fill_filters()
        self.reload_tasks()
        self.tabs.setCurrentIndex(self.TODAY)
        self.reload_suggestions()

    def _column_widths(self) -> None:
        for table in self.tables:
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            for col, width in (
                (TaskTableModel.CUSTOMER, 130),
                (TaskTableModel.KIND, 110),
                (TaskTableModel.DUE, 100),
                (TaskTableModel.ASSIGNEE, 110),
                (TaskTableModel.VIA, 120),
                (TaskTableModel.TITLE, 380),
                (TaskTableModel.STATUS, 80),
            ):
                table.setColumnWidth(col, width)
        header = self.suggestion_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in (
            (SuggestionTableModel.CUSTOMER, 130),
            (SuggestionTableModel.REASON, 420),
            (SuggestionTableModel.KIND, 110),
            (SuggestionTableModel.DUE, 100),
        ):
            self.suggestion_table.setColumnWidth(col, width)

    # --- page life -------------------------------------------------------------

    def activated(self) -> None:
        """Shown again: tasks are cheap, reload them; suggestions only when something changed."""
        self.reload_tasks()
        if self.suggestions_stale and not self.loader.busy:
            self.reload_suggestions()

    def refresh(self) -> None:
        self._fill_filters()
        self.reload_tasks()
        self.reload_suggestions()

    def _fill_filters(self) -> None:
        current = self.assigned.currentData()
        self.assigned.blockSignals(True)
        self.assigned.clear()
        self.assigned.addItem(self.tr("Everyone"), "all")
        if self.ctx.staff_id is not None:
            self.assigned.addItem(self.tr("Me"), "me")
        self.assigned.addItem(self.tr("Unassigned"), "none")
        for member in staff.list_staff():
            self.assigned.addItem(member.name, member.id)
        found = self.assigned.findData(current) if current is not None else -1
        self.assigned.setCurrentIndex(max(0, found))
        self.assigned.blockSignals(False)
        # The signed-in one at first; afterwards whoever was chosen, "Unassigned" included.
        chosen = self.accept_assignee.currentData() if self.accept_assignee.count() else self.ctx.staff_id
        fill_staff_combo(self.accept_assignee, self.tr("Unassigned"), chosen)

    def _staff_changed(self) -> None:
        """Staff added, renamed or (de)activated in the settings: refill both staff lists
        (the filter falls back to everyone when the one filtered on is gone) and reload the
        tasks, which show the assignees' names."""
        self._fill_filters()
        self.reload_tasks()

    def select_assigned(self, key) -> None:
        """Filter by "all", "me", "none" or a staff id."""
        found = self.assigned.findData(key)
        if found >= 0:
            self.assigned.setCurrentIndex(found)

    # --- tasks -----------------------------------------------------------------

    def _assignee_filter(self) -> tuple[int | None, bool]:
        """(staff id to filter on, only unassigned)."""
        key = self.assigned.currentData()
        if key == "me":
            return self.ctx.staff_id, False
        if key == "none":
            return None, True
        if isinstance(key, int):
            return key, False
        return None, False

    def _matches_filter(self, info: TaskInfo) -> bool:
        assignee_id, unassigned = self._assignee_filter()
        if unassigned:
            return info.assignee_id is None
        return assignee_id is None or info.assignee_id == assignee_id

    def reload_tasks(self) -> None:
        """Open tasks around today (a few ms even on a big shop); the closed ones
        only when their tab is shown."""
        today = clock.today()
        assignee_id, unassigned = self._assignee_filter()
        buckets = tasks.due_tasks(today, assignee_id=assignee_id, unassigned=unassigned)
        for index, rows in enumerate((buckets.today, buckets.overdue, buckets.upcoming)):
            self._fill(index, rows, today)
        self.closed_loaded = False
        if self.tabs.currentIndex() == self.CLOSED:
            self.load_closed()
        self._update_tab_titles()
        self._update_buttons()

    def load_closed(self) -> None:
        today = clock.today()
        assignee_id, unassigned = self._assignee_filter()
        closed = tasks.list_tasks(
            assignee_id=assignee_id,
            unassigned=unassigned,
            closed_from=today - timedelta(days=CLOSED_DAYS),
            limit=CLOSED_LIMIT,
        )
        self._fill(self.CLOSED, closed, today)
        self.closed_loaded = True
        self._update_tab_titles()

    def _fill(self, index: int, rows: list[TaskInfo], today) -> None:
        table, model = self.tables[index], self.models[index]
        selected = self._selected_task(table)
        model.set_tasks(rows, today)
        if selected is not None:
            row = model.row_of(selected.id)
            if row >= 0:
                table.selectRow(row)

    def _tab_changed(self, index: int) -> None:
        if index == self.CLOSED and not self.closed_loaded:
            self.load_closed()
        self._update_buttons()

    def _update_tab_titles(self) -> None:
        titles = (
            self.tr("Today (%1)"),
            self.tr("Overdue (%1)"),
            self.tr("Upcoming (%1)"),
            self.tr("Closed (%1)"),
        )
        for i, text in enumerate(titles):
            if i == self.CLOSED and not self.closed_loaded:
                self.tabs.setTabText(i, self.tr("Closed"))
            else:
                self.tabs.setTabText(i, text.replace("%1", str(self.models[i].rowCount())))
        self.tabs.setTabToolTip(self.UPCOMING, self.tr("Due in the next 7 days"))
        self.tabs.setTabToolTip(
            self.CLOSED, self.tr("Done or skipped in the last %1 days").replace("%1", str(CLOSED_DAYS))
        )

    def place_task(self, task_id: int) -> None:
        """Move one changed task to where it belongs now, without reloading the lists."""
        info = tasks.get_task(task_id)
        today = clock.today()
        current = self.current_table()
        rows = current.selectionModel().selectedRows()
        keep_row = rows[0].row() if rows else None
        for model in self.models:
            model.remove_task(task_id)
        target = None
        if self._matches_filter(info):
            if not info.is_open:
                target = self.CLOSED if self.closed_loaded else None
            elif info.due < today:
                target = self.OVERDUE
            elif info.due == today:
                target = self.TODAY
            elif info.due <= today + timedelta(days=tasks.UPCOMING_DAYS):
                target = self.UPCOMING
        if target is not None:
            self.models[target].add_task(info)
        # Keep the keyboard user's place: the next row takes the one that left.
        if keep_row is not None and not current.selectionModel().selectedRows():
            model = current.model()
            if model.rowCount():
                current.selectRow(min(keep_row, model.rowCount() - 1))
        self._update_tab_titles()
        self._update_buttons()

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def current_table(self) -> QTableView:
        return self.tables[self.tabs.currentIndex()]

    def _selected_task(self, table: QTableView | None = None) -> TaskInfo | None:
        table = table or self.current_table()
        rows = table.selectionModel().selectedRows()
        if not rows:
            return None
        return table.model().task(rows[0].row())

    def selected_task(self) -> TaskInfo | None:
        return self._selected_task()

    def _update_buttons(self, *_args) -> None:
        task = self.selected_task()
        is_open = task is not None and task.is_open
        self.done_button.setEnabled(is_open)
        self.skip_button.setEnabled(is_open)
        self.reassign_button.setEnabled(is_open)
        self.reopen_button.setEnabled(task is not None and not task.is_open)
        self.open_button.setEnabled(task is not None)
        has_suggestions = bool(self.suggestion_table.selectionModel().selectedRows())
        working = self.loader.busy or self.bulk.busy
        self.accept_button.setEnabled(has_suggestions and not working)
        self.dismiss_button.setEnabled(has_suggestions and not working)

    def _tasks_done(self, message: str = "", task_ids: list[int] | None = None) -> None:
        """After a change made here: put the changed tasks in place (or reload
        everything), tell the other screens."""
        if task_ids is not None and len(task_ids) <= INLINE_BULK:
            for task_id in task_ids:
                self.place_task(task_id)
        else:
            self.reload_tasks()
        self._emit_tasks_changed()
        if message:
            self.status.setText(message)

    def _emit_tasks_changed(self) -> None:
        self._own_change = True
        try:
            self.ctx.bus.tasks_changed.emit()
        finally:
            self._own_change = False

    def new_task(self, customer_id: int | None = None, customer_label: str = "") -> TaskDialog:
        dialog = TaskDialog(self.ctx, self, customer_id=customer_id or None, customer_label=customer_label)
        dialog.created.connect(self._task_created)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self._dialog = dialog
        dialog.open()
        return dialog

    def _task_created(self, task_id: int) -> None:
        info = tasks.get_task(task_id)
        # The rules never suggest a kind the customer already has an open task for.
        self.suggestion_model.remove_where(
            lambda s: s.customer_id == info.customer_id and s.kind == info.kind
        )
        self._show_suggestion_count()
        self._tasks_done(self.tr("Task created for %1.").replace("%1", info.customer_name), [task_id])

    def complete_selected(self) -> OutcomeDialog | None:
        task = self.selected_task()
        if task is None or not task.is_open:
            return None

        def submit(text: str) -> None:
            tasks.complete_task(task.id, text, actor=self.ctx.actor)

        dialog = OutcomeDialog(
            self.tr("Done: %1").replace("%1", task.customer_name),
            self.tr("What came of it? (optional)"),
            submit,
            self,
            placeholder=self.tr("e.g. called, coming on Saturday for the new range"),
        )
        dialog.accepted.connect(
            lambda: self._tasks_done(self.tr("Done: %1.").replace("%1", task.customer_name), [task.id])
        )
        return self._open(dialog)

    def skip_selected(self) -> OutcomeDialog | None:
        task = self.selected_task()
        if task is None or not task.is_open:
            return None

        def submit(text: str) -> None:
            tasks.skip_task(task.id, text, actor=self.ctx.actor)

        dialog = OutcomeDialog(
            self.tr("Skip: %1").replace("%1", task.customer_name),
            self.tr("Why is this task skipped?"),
            submit,
            self,
            required=True,
            placeholder=self.tr("e.g. moved away, asked not to be contacted"),
        )
        dialog.accepted.connect(
            lambda: self._tasks_done(self.tr("Skipped: %1.").replace("%1", task.customer_name), [task.id])
        )
        return self._open(dialog)

    def _open(self, dialog: QWidget) -> QWidget:
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self._dialog = dialog
        dialog.open()
        return dialog

    def reopen_selected(self) -> None:
        task = self.selected_task()
        if task is None or task.is_open:
            return
        try:
            tasks.reopen_task(task.id, actor=self.ctx.actor)
        except ShopError as exc:
            show_error(self, exc)
            self.reload_tasks()
            return
        self._tasks_done(self.tr("Reopened: %1.").replace("%1", task.customer_name), [task.id])

    def _reassign_menu(self) -> None:
        menu = self.reassign_menu()
        menu.popup(self.reassign_button.mapToGlobal(self.reassign_button.rect().bottomLeft()))

    def reassign_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        task = self.selected_task()
        choices = [(self.tr("Unassigned"), None)] + [(m.name, m.id) for m in staff.list_staff()]
        for name, staff_id in choices:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(task is not None and task.assignee_id == staff_id)
            action.triggered.connect(lambda _=False, s=staff_id: self.reassign_selected(s))
        return menu

    def reassign_selected(self, staff_id: int | None) -> None:
        task = self.selected_task()
        if task is None:
            return
        try:
            tasks.reassign_task(task.id, staff_id, actor=self.ctx.actor)
        except ShopError as exc:
            show_error(self, exc)
            return
        self._tasks_done(task_ids=[task.id])

    def _open_customer_at(self, index: QModelIndex) -> None:
        customer_id = index.data(CUSTOMER_ID_ROLE)
        if customer_id is not None:
            self.ctx.bus.open_customer.emit(int(customer_id))

    def open_selected_customer(self) -> None:
        task = self.selected_task()
        if task is not None:
            self.ctx.bus.open_customer.emit(task.customer_id)

    # --- suggestions -----------------------------------------------------------

    def reload_suggestions(self) -> None:
        self.suggestions_stale = False
        self._reload_timer.stop()
        self._load_started = time.perf_counter()
        self.busy.show()
        self.busy_label.show()
        self.loader.start(suggestions.suggestions)
        self._update_buttons()

    def _suggestions_loaded(self, found: list[Suggestion]) -> None:
        self.suggestion_model.set_suggestions(found)
        self.last_load_seconds = time.perf_counter() - self._load_started
        self.suggestions_loaded = True
        self.busy.hide()
        self.busy_label.hide()
        self._show_suggestion_count()
        self._update_buttons()

    def _load_failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.busy_label.hide()
        self._update_buttons()
        show_error(self, exc)

    def _show_suggestion_count(self) -> None:
        self.suggestion_count.setText(
            self.tr("%1 to review").replace("%1", f"{self.suggestion_model.total():,}")
        )

    def selected_suggestions(self) -> list[Suggestion]:
        rows = sorted(i.row() for i in self.suggestion_table.selectionModel().selectedRows())
        return [self.suggestion_model.suggestion(r) for r in rows]

    def select_suggestions(self, rows: list[int]) -> None:
        selection = self.suggestion_table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            selection.select(self.suggestion_model.index(row, 0), flags)

    def accept_selected(self) -> None:
        chosen = self.selected_suggestions()
        if not chosen or self.bulk.busy or self.loader.busy:
            return
        assignee_id = self.accept_assignee.currentData()
        actor = self.ctx.actor
        # Titled with the reason the list showed, in the app's language (the service's
        # own reason is English); worded here, on the GUI thread, before any worker runs.
        titles = [suggestion_reason(s) for s in chosen]

        def work() -> BulkResult:
            accepted, failed, created = [], [], []
            for s, title in zip(chosen, titles, strict=True):
                try:
                    info = suggestions.accept_suggestion(s, assignee_id=assignee_id, actor=actor, title=title)
                except ShopError as exc:
                    failed.append((s, exc))
                else:
                    accepted.append(s)
                    created.append(info.id)
            return accepted, failed, created

        self._run_bulk("accept", work, len(chosen))

    def dismiss_selected(self) -> None:
        chosen = self.selected_suggestions()
        if not chosen or self.bulk.busy or self.loader.busy:
            return
        if len(chosen) > 1:
            if not confirm(
                self,
                self.tr("Dismiss suggestions"),
                self.tr(
                    "Dismiss %1 suggestions? They will not be suggested again for these occasions."
                ).replace("%1", str(len(chosen))),
            ):
                return
        actor = self.ctx.actor

        def work() -> BulkResult:
            dismissed, failed = [], []
            for s in chosen:
                try:
                    suggestions.dismiss_suggestion(s, actor=actor)
                except ShopError as exc:
                    failed.append((s, exc))
                else:
                    dismissed.append(s)
            return dismissed, failed, []

        self._run_bulk("dismiss", work, len(chosen))

    def _run_bulk(self, kind: str, work, count: int) -> None:
        self._bulk_kind = kind
        self._first_selected = min(
            (i.row() for i in self.suggestion_table.selectionModel().selectedRows()), default=0
        )
        if count <= INLINE_BULK:
            self._bulk_done(work())
            return
        self.busy.show()
        self.busy_label.setText(
            self.tr("Accepting %1 suggestions…")
            if kind == "accept"
            else self.tr("Dismissing %1 suggestions…")
        )
        self.busy_label.setText(self.busy_label.text().replace("%1", str(count)))
        self.busy_label.show()
        self.bulk.start(work)
        self._update_buttons()

    def _bulk_done(self, result: BulkResult) -> None:
        done, failed, created = result
        self.busy.hide()
        self.busy_label.hide()
        self.busy_label.setText(self.tr("Looking for suggestions…"))
        if self._bulk_kind == "accept":
            gone = {(s.customer_id, s.kind) for s in done}
            # A suggestion whose customer already had an open task of that kind is obsolete too.
            gone |= {(s.customer_id, s.kind) for s, exc in failed if isinstance(exc, OpenTaskExists)}
            self.suggestion_model.remove_where(lambda s: (s.customer_id, s.kind) in gone)
            message = self.tr("Accepted %1 suggestion(s); the tasks are in the lists above.")
        else:
            gone_keys = {(s.rule, s.customer_id, s.anchor) for s in done}
            self.suggestion_model.remove_where(lambda s: (s.rule, s.customer_id, s.anchor) in gone_keys)
            message = self.tr("Dismissed %1 suggestion(s).")
        self._show_suggestion_count()
        if self.suggestion_model.rowCount() > 0:
            row = min(self._first_selected, self.suggestion_model.rowCount() - 1)
            self.suggestion_table.selectRow(row)
        if created:
            self._tasks_done(task_ids=created)
        self.status.setText(message.replace("%1", str(len(done))))
        if failed:
            first = error_text(failed[0][1])
            if len(failed) > 1:
                first = (
                    self.tr("%1 could not be done; the first: %2")
                    .replace("%1", str(len(failed)))
                    .replace("%2", first)
                )
            QMessageBox.warning(self, self.tr("Follow-up"), first)
        self._update_buttons()

    # --- changes made elsewhere ------------------------------------------------

    def _tasks_changed_elsewhere(self) -> None:
        if self._own_change:
            return
        self.suggestions_stale = True
        if self.isVisible():
            self.reload_tasks()
            self._reload_timer.start()

    def _data_changed_elsewhere(self) -> None:
        self.suggestions_stale = True
        if self.isVisible():
            self._reload_timer.start()

    def _reload_if_visible(self) -> None:
        if self.isVisible() and self.suggestions_stale and not self.loader.busy and not self.bulk.busy:
            self.reload_tasks()
            self.reload_suggestions()
