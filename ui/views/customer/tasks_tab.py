"""The customer's follow-up tasks, and a line to add one."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QTableWidgetItem,
)

from crm import clock
from crm.errors import ShopError
from crm.services import tasks
from crm.services.customer_page import CustomerPage
from ui.errors import error_text
from ui.views.customer.parts import CustomerPart, entry_row, kind_combo, line_edit, plain_table
from ui.widgets.empty_state import EmptyState
from ui.widgets.forms import error_label, from_qdate, to_qdate
from ui.widgets.page_parts import push_button
from ui.words import task_kind, task_status


class TasksTab(CustomerPart):
    def build(self) -> None:
        self.kind_combo = kind_combo("task_kind", tasks.KINDS, task_kind)
        self.due = QDateEdit()
        self.due.setObjectName("task_due")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setToolTip(self.tr("Due date"))
        self.title = line_edit("task_title", self.tr("What to do (optional)"), self.add_task)
        self.add_button = push_button(self.tr("Add task"), self.add_task, name="add_task_button")
        parts = (self.kind_combo, self.due, self.title, self.add_button)
        self.column.addLayout(entry_row(self.tr("New task:"), *parts, wide=self.title))
        self.error = error_label("task_error")
        self.column.addWidget(self.error)
        columns = ("due", "kind", "status", "what", "via", "assigned_to")
        self.table = plain_table("tasks_table", columns, stretch=3)
        self.column.addWidget(self.table, 1)
        self.empty = EmptyState(self.table, name="tasks_empty")
        self.reset()

    def show_page(self, page: CustomerPage) -> None:
        super().show_page(page)
        self.add_button.setEnabled(not page.info.archived and not page.info.erased)
        usable = not page.info.archived and not page.info.erased
        self.empty.say(
            self.tr("No follow-up tasks"),
            self.tr("Add one in the line above: a call, a visit, a message, with its day.") if usable else "",
        )
        self.table.setRowCount(len(page.tasks))
        today = clock.today()
        for row, t in enumerate(page.tasks):
            values = [t.due.isoformat(), task_kind(t.kind), task_status(t.status), t.title or t.outcome]
            values += [t.via_name or "", t.assignee_name or ""]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 0 and t.overdue(today):
                    item.setForeground(Qt.GlobalColor.red)
                    item.setToolTip(self.tr("Overdue"))
                self.table.setItem(row, col, item)

    def reset(self) -> None:
        """A fresh line, due tomorrow."""
        self.empty.say("")  # until the customer is read
        self.error.hide()
        self.title.clear()
        self.due.setDate(to_qdate(clock.today() + timedelta(days=1)))

    def add_task(self) -> None:
        if self.info is None:
            return
        self.error.hide()
        try:
            kind, due = self.kind_combo.currentData(), from_qdate(self.due.date())
            self.ctx.actions.create_task(self.info.id, kind, due=due, title=self.title.text())
        except ShopError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.title.clear()
