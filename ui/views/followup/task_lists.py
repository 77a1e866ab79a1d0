"""The follow-up tasks: today's, overdue, upcoming and recently closed, a tab each,
and what can be done to the one selected (done, skip, reopen, reassign, open the
customer).

Every change goes through ``ctx.actions``. The task it changed moves to its tab
at once, the keyboard user's place kept; the page reads the lists again shortly
after, as after any change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QMenu, QTableView, QTabWidget, QVBoxLayout, QWidget

from crm import clock
from crm.errors import ShopError
from crm.services import tasks
from crm.services.followup_page import CLOSED_DAYS, CLOSED_LIMIT, FollowUpTasks
from crm.services.staff import StaffInfo
from crm.services.tasks import TaskInfo
from ui.context import AppContext
from ui.dialogs.task_dialog import OutcomeDialog
from ui.errors import show_error
from ui.models.task_model import CUSTOMER_ID_ROLE, TaskTableModel
from ui.views.followup.messages import copy_message
from ui.widgets.customer_menu import CustomerMenu
from ui.widgets.empty_state import EmptyState
from ui.widgets.page_parts import button_row, fit_columns, push_button, row_table

TODAY, OVERDUE, UPCOMING, CLOSED = range(4)

M = TaskTableModel


def open_customer_at(ctx: AppContext, index: QModelIndex) -> None:
    """Enter or a double-click on a row of tasks or suggestions: show its customer."""
    customer_id = index.data(CUSTOMER_ID_ROLE)
    if customer_id is not None:
        ctx.bus.open_customer.emit(int(customer_id))


class TaskLists(QWidget):
    said = Signal(str)  # what the last action did, for the page's status line
    out_of_date = Signal()  # an action was refused: the lists are older than the shop

    TODAY, OVERDUE, UPCOMING, CLOSED = TODAY, OVERDUE, UPCOMING, CLOSED

    def __init__(self, ctx: AppContext, matches: Callable[[TaskInfo], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.matches = matches  # whether a task belongs in the lists as filtered now
        self.day = clock.today()  # the day the lists were read for
        self.staff: list[StaffInfo] = []  # whom a task can be given to, as last read
        self.read = False  # the lists were read at least once (till then the counts are not known)
        self.closed_beyond = 0  # tasks closed in the last CLOSED_DAYS days beyond those listed
        self.dialog: QWidget | None = None  # the outcome dialog open now, if any

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.models: list[TaskTableModel] = []
        self.tables: list[QTableView] = []
        self.menus: list[CustomerMenu] = []
        for index in range(4):
            # Overdue tasks keep the service's ranking (the most valuable customers first) until
            # a column is clicked; the others are by due date.
            model = TaskTableModel(self, ranked=index == OVERDUE)
            table = row_table(model, self, TaskTableModel.DUE)
            if index == OVERDUE:
                table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
                model.unsort()
            table.activated.connect(lambda i: open_customer_at(self.ctx, i))
            self.menus.append(CustomerMenu(table, ctx))
            table.selectionModel().selectionChanged.connect(self.update_buttons)
            fit_columns(table, stretch=TaskTableModel.TITLE)
            if index != CLOSED:
                table.setColumnHidden(TaskTableModel.STATUS, True)
                table.setColumnHidden(TaskTableModel.OUTCOME, True)
            self.models.append(model)
            self.tables.append(table)
            self.tabs.addTab(table, "")
        self.tabs.currentChanged.connect(self.update_buttons)
        self.tabs.setTabToolTip(UPCOMING, self.tr("Due in the next 7 days"))

        self.done_button = push_button(
            self.tr("Done…"),
            self.complete_selected,
            self.tr("Mark the task done and note the outcome (Ctrl+D)"),
        )
        self.skip_button = push_button(
            self.tr("Skip…"), self.skip_selected, self.tr("Skip the task with a reason (Ctrl+K)")
        )
        self.reopen_button = push_button(
            self.tr("Reopen"), self.reopen_selected, self.tr("Open a done or skipped task again (Ctrl+R)")
        )
        self.reassign_button = push_button(
            self.tr("Reassign…"), self._pop_reassign, self.tr("Give the task to someone else")
        )
        self.copy_button = push_button(
            self.tr("Copy message"),
            self.copy_selected,
            self.tr("Copy a message for this task's kind and customer, to paste into WeChat"),
        )
        self.open_button = push_button(
            self.tr("Open customer"),
            self.open_selected,
            self.tr("Show the customer (Enter or double-click a row)"),
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.tabs, 1)
        buttons = (self.done_button, self.skip_button, self.reopen_button, self.reassign_button)
        column.addLayout(button_row(buttons, (self.copy_button, self.open_button)))
        self._show_titles()
        self.update_buttons()

    def watch(self, page) -> None:
        """Each list says what appears in it when it is empty, once ``page`` has read the tasks."""
        said = (
            (
                self.tr("Nothing due today"),
                self.tr(
                    "Tasks due today appear here: make one with New task…, or accept a suggestion below."
                ),
            ),
            (self.tr("Nothing overdue"), self.tr("Open tasks whose day has passed appear here.")),
            (
                self.tr("Nothing due in the next 7 days"),
                self.tr("Open tasks due in the coming week appear here."),
            ),
            (
                self.tr("Nothing closed in the last %1 days").replace("%1", str(CLOSED_DAYS)),
                self.tr("Tasks marked done or skipped appear here."),
            ),
        )
        self.empties = []
        for table, (title, detail) in zip(self.tables, said, strict=True):
            empty = EmptyState(table, lambda: page.jobs.busy("tasks"), page, "tasks_empty")
            empty.say(title, detail)
            self.empties.append(empty)

    # --- showing ------------------------------------------------------------------------

    def show_lists(self, lists: FollowUpTasks) -> None:
        """Show what was read, each list keeping its selected task where it is still there."""
        self.day, self.staff = lists.day, lists.staff
        self.read, self.closed_beyond = True, lists.closed_total - len(lists.closed)
        for table, model, rows in zip(self.tables, self.models, lists.lists, strict=True):
            selected = self._selected(table)
            model.set_tasks(rows, lists.day)
            row = model.row_of(selected.id) if selected is not None else -1
            if row >= 0:
                table.selectRow(row)
        self._show_titles()
        self.update_buttons()

    def place(self, info: TaskInfo) -> None:
        """Move a task changed here to the list it belongs in now."""
        current = self.current_table()
        rows = current.selectionModel().selectedRows()
        keep_row = rows[0].row() if rows else None
        for model in self.models:
            model.remove_task(info.id)
        target = self._list_of(info)
        if target is not None:
            self.models[target].add_task(info)
        # Keep the keyboard user's place: the next row takes the one that left.
        count = current.model().rowCount()
        if keep_row is not None and count and not current.selectionModel().selectedRows():
            current.selectRow(min(keep_row, count - 1))
        self._show_titles()
        self.update_buttons()

    def _list_of(self, info: TaskInfo) -> int | None:
        if not self.matches(info):
            return None
        if not info.is_open:
            return CLOSED
        if info.due < self.day:
            return OVERDUE
        if info.due == self.day:
            return TODAY
        return UPCOMING if info.due <= self.day + timedelta(days=tasks.UPCOMING_DAYS) else None

    def _show_titles(self) -> None:
        """Each tab with its count ("Closed" counts those beyond the most recent listed); "…"
        until the lists are first read."""
        titles = (
            self.tr("Today (%1)"),
            self.tr("Overdue (%1)"),
            self.tr("Upcoming (%1)"),
            self.tr("Closed (%1)"),
        )
        for index, text in enumerate(titles):
            count = self.models[index].rowCount() + (self.closed_beyond if index == CLOSED else 0)
            self.tabs.setTabText(index, text.replace("%1", str(count) if self.read else "…"))
        self.tabs.setTabToolTip(
            CLOSED,
            self.tr("Done or skipped in the last %1 days").replace("%1", str(CLOSED_DAYS))
            + (
                "\n" + self.tr("The %1 most recent are listed.").replace("%1", str(CLOSED_LIMIT))
                if self.closed_beyond > 0
                else ""
            ),
        )

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def current_table(self) -> QTableView:
        return self.tables[self.tabs.currentIndex()]

    @staticmethod
    def _selected(table: QTableView) -> TaskInfo | None:
        rows = table.selectionModel().selectedRows()
        return table.model().task(rows[0].row()) if rows else None

    def selected_task(self) -> TaskInfo | None:
        return self._selected(self.current_table())

    def update_buttons(self, *_args) -> None:
        task = self.selected_task()
        is_open = task is not None and task.is_open
        for widget in (self.done_button, self.skip_button, self.reassign_button):
            widget.setEnabled(is_open)
        self.reopen_button.setEnabled(task is not None and not task.is_open)
        self.open_button.setEnabled(task is not None)
        self.copy_button.setEnabled(task is not None)

    # --- acting on the selected task ---------------------------------------------------------

    def complete_selected(self) -> OutcomeDialog | None:
        return self._close_selected(done=True)

    def skip_selected(self) -> OutcomeDialog | None:
        return self._close_selected(done=False)

    def _close_selected(self, done: bool) -> OutcomeDialog | None:
        """Ask what came of the task (or, to skip it, why), then close it with that; the dialog
        shows a refusal and keeps what was typed."""
        task = self.selected_task()
        if task is None or not task.is_open:
            return None
        name = task.customer_name
        close = self.ctx.actions.complete_task if done else self.ctx.actions.skip_task
        dialog = OutcomeDialog(
            (self.tr("Done: %1") if done else self.tr("Skip: %1")).replace("%1", name),
            self.tr("What came of it? (optional)") if done else self.tr("Why is this task skipped?"),
            lambda text: self.place(close(task.id, text)),
            self,
            required=not done,
            placeholder=self.tr("e.g. called, coming on Saturday for the new range")
            if done
            else self.tr("e.g. moved away, asked not to be contacted"),
        )
        said = self.tr("Done: %1.") if done else self.tr("Skipped: %1.")
        dialog.accepted.connect(lambda: self.said.emit(said.replace("%1", name)))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()
        return dialog

    def reopen_selected(self) -> None:
        task = self.selected_task()
        if task is not None and not task.is_open and self._act(self.ctx.actions.reopen_task, task.id):
            self.said.emit(self.tr("Reopened: %1.").replace("%1", task.customer_name))

    def _pop_reassign(self) -> None:
        menu = self.reassign_menu()
        menu.popup(self.reassign_button.mapToGlobal(self.reassign_button.rect().bottomLeft()))

    def reassign_menu(self) -> QMenu:
        """Nobody, then the active staff; the task's assignee ticked."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        task = self.selected_task()
        for name, staff_id in [(self.tr("Unassigned"), None)] + [(m.name, m.id) for m in self.staff]:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(task is not None and task.assignee_id == staff_id)
            action.triggered.connect(lambda _=False, s=staff_id: self.reassign_selected(s))
        return menu

    def reassign_selected(self, staff_id: int | None) -> None:
        task = self.selected_task()
        if task is not None:
            self._act(self.ctx.actions.reassign_task, task.id, staff_id)

    def _act(self, action: Callable[..., TaskInfo], *args) -> bool:
        try:
            self.place(action(*args))
        except ShopError as exc:
            show_error(self, exc)
            self.out_of_date.emit()
            return False
        return True

    def copy_selected(self) -> str | None:
        """Copy the message for the selected task's kind and customer."""
        task = self.selected_task()
        if task is None:
            return None
        text = copy_message(self.ctx, task.kind, task.customer_name)
        self.said.emit(self.tr("Message copied for %1.").replace("%1", task.customer_name))
        return text

    def open_selected(self) -> None:
        task = self.selected_task()
        if task is not None:
            self.ctx.bus.open_customer.emit(task.customer_id)
