"""Slipping away: customers the lifetime models now think probably gone
(:mod:`crm.services.slipping`), the recently slipped first, each one click from a win-back task.

The page reads the list off the GUI thread (from the stored fit: no refit) beside the
suggestions. Follow up (the button, Enter on the button, a double-click's menu or the row's
context menu) makes a task of :data:`crm.services.slipping.TASK_KIND` due today through
``ctx.actions``, titled in plain words (since when, how often they used to come), and takes
the customer off the list.
When the list is empty it says why: the models cannot tell yet (and why not), or nobody is
slipping.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QSpinBox, QVBoxLayout, QWidget

from crm.errors import NotAllowed, ShopError
from crm.services import slipping
from crm.services.common import may
from crm.services.slipping import Slipping, SlippingCustomer
from crm.services.staff import StaffInfo
from ui.dialogs.task_dialog import fill_staff_combo
from ui.errors import error_text
from ui.lifetime_words import not_enough_text
from ui.models.slipping_model import SlippingTableModel
from ui.models.task_model import kind_line
from ui.views.followup.messages import copy_message
from ui.views.followup.task_lists import open_customer_at
from ui.widgets.customer_menu import CustomerMenu
from ui.widgets.empty_state import EmptyState
from ui.widgets.page_parts import button_row, fit_columns, muted_label, push_button, row_table


class _SlippingMenu(CustomerMenu):
    """The customer menu, Follow up first."""

    def __init__(self, panel: SlippingPanel):
        super().__init__(panel.table, panel.ctx)
        self.panel = panel

    def menu_for(self, customer_id: int):
        menu = super().menu_for(customer_id)
        follow = QAction(self.panel.follow_text(), menu)
        follow.setObjectName("follow_up")
        follow.triggered.connect(lambda: self.panel.follow_up(customer_id))
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, follow)
        menu.insertSeparator(first)
        return menu


class SlippingPanel(QWidget):
    said = Signal(str)  # what Follow up did, for the page's status line
    task_made = Signal(object)  # TaskInfo

    def __init__(self, page, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.ctx = page.ctx
        self.last: Slipping | None = None
        self.model = SlippingTableModel(self)
        self.table = row_table(self.model, self, SlippingTableModel.RANK)
        self.table.setObjectName("slipping")
        self.table.activated.connect(lambda index: open_customer_at(self.ctx, index))
        self.menu = _SlippingMenu(self)
        self.empty = EmptyState(self.table, lambda: page.jobs.busy("slipping"), page, "slipping_empty")
        # The WeChat id takes the room left (its cell's tooltip has it whole): on a narrow screen
        # the names and the figures stay whole, and a long id is cut, rather than a name.
        fit_columns(self.table, stretch=SlippingTableModel.WECHAT)
        self.table.selectionModel().selectionChanged.connect(self.update_state)

        self.count = QLabel(self)
        self.count.setObjectName("slipping_count")
        self.note = muted_label(parent=self)
        self.note.setObjectName("slipping_note")
        self.follow_button = push_button(
            self.follow_text(),
            self.follow_up_selected,
            self.tr("Make a follow-up task, due today, for the selected customer"),
            name="follow_up",
        )
        self.copy_button = push_button(
            self.tr("Copy message"),
            self.copy_selected,
            self.tr("Copy a win-back message to the selected customer, ready to paste into WeChat"),
            name="copy_message",
        )
        self.assignee = QComboBox(self)
        self.assignee.setObjectName("slipping_assignee")
        self.assignee.setMinimumWidth(120)
        self.assignee.setToolTip(self.tr("Who the win-back tasks made here are assigned to"))
        fill_staff_combo(self.assignee, self.tr("Unassigned"), [])
        # The threshold is the shop's setting: managers and the owner change it here.
        self.threshold = QSpinBox(self)
        self.threshold.setObjectName("slipping_threshold")
        self.threshold.setRange(1, 99)
        self.threshold.setSuffix("%")
        self.threshold.setKeyboardTracking(False)  # typed "35" is one change, not "3" then "35"
        self.threshold.setValue(round(slipping.DEFAULT_THRESHOLD * 100))
        self.threshold.valueChanged.connect(self.set_threshold)
        allowed = may(self.ctx.actor, "change settings")
        self.threshold.setEnabled(allowed)
        role = self.ctx.actor.role if self.ctx.actor is not None else "owner"
        self.threshold.setToolTip(
            self.tr(
                "Customers whose chance of still being a customer is under this are listed."
                " It is the shop's setting: every counter and the customer pages use it."
            )
            if allowed
            else error_text(NotAllowed("change settings", role))
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addLayout(
            button_row(
                (self.count, self.note),
                (
                    QLabel(self.tr("Chance under"), self),
                    self.threshold,
                    self.copy_button,
                    QLabel(self.tr("Assign to"), self),
                    self.assignee,
                    self.follow_button,
                ),
            )
        )
        column.addWidget(self.table, 1)
        self.update_state()

    def follow_text(self) -> str:
        return self.tr("Follow up")

    # --- showing ------------------------------------------------------------------------

    def show_slipping(self, found: Slipping) -> None:
        self.last = found
        self.threshold.blockSignals(True)
        self.threshold.setValue(round(found.threshold * 100))
        self.threshold.blockSignals(False)
        selected = self.selected()
        self.model.set_customers(found.customers, found.currency)
        if selected is not None and (row := self.model.row_of(selected.customer_id)) >= 0:
            self.table.selectRow(row)
        self._say()
        self.update_state()

    def _say(self) -> None:
        found = self.last
        if found is None:
            return
        below = f"{found.threshold * 100:.0f}%"
        if found.reason is not None:
            self.count.setText("")
            self.note.setText("")
            self.empty.say(
                self.tr("Not enough data yet"),
                not_enough_text(found.reason),
            )
            return
        shown = self.model.rowCount()
        count = (
            self.tr("%Ln customer(s) slipping away", "", found.total)
            if shown >= found.total
            else self.tr("The first %1 of %2").replace("%1", str(shown)).replace("%2", str(found.total))
        )
        self.count.setText(count)
        self.count.setToolTip(
            self.tr(
                "%Ln started slipping in the last 90 days, having bought in the last 365: listed first",
                "",
                found.recent,
            )
        )
        self.note.setText(self.tr("%Ln recent first", "", found.recent))
        self.note.setToolTip(
            self.tr("Estimated from the fit of %1").replace(
                "%1", found.fitted_as_of.isoformat() if found.fitted_as_of else ""
            )
        )
        self.empty.say(
            self.tr("No valuable customer is slipping away"),
            self.tr(
                "Customers who bought on two or more days and whose chance of still being a customer "
                "falls under %1 are listed here: those who started slipping in the last 90 days"
                " (having bought in the last 365) first, then the others, each group most value at risk"
                " first. Once followed up, a customer leaves the list until they buy again."
            ).replace("%1", below),
        )

    def show_staff(self, members: list[StaffInfo]) -> None:
        # The signed-in one at first; afterwards whoever was chosen, "Unassigned" included.
        loaded = self.assignee.count() > 1
        chosen = self.assignee.currentData() if loaded else self.ctx.staff_id
        fill_staff_combo(self.assignee, self.tr("Unassigned"), members, chosen)

    def copy_selected(self) -> str | None:
        """Copy the win-back message for the selected customer."""
        chosen = self.selected()
        if chosen is None:
            return None
        text = copy_message(self.ctx, slipping.TASK_KIND, chosen.name)
        self.said.emit(self.tr("Message copied for %1.").replace("%1", chosen.name))
        return text

    def update_state(self, *_args) -> None:
        self.follow_button.setEnabled(self.selected() is not None)
        self.copy_button.setEnabled(self.selected() is not None)
        self.follow_button.setToolTip(
            self.tr("Make a follow-up task, due today, for the selected customer")
            + "\n"
            + kind_line(slipping.TASK_KIND)
        )

    def selected(self) -> SlippingCustomer | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.customer(rows[0].row()) if len(rows) == 1 else None

    def set_threshold(self, percent: int) -> None:
        """Store the new threshold; the page reads the list again on the published change."""
        try:
            self.ctx.actions.set_settings({slipping.THRESHOLD_KEY: percent})
        except ShopError as exc:
            QMessageBox.warning(self, self.tr("Slipping away"), error_text(exc))
            if self.last is not None:
                self.threshold.blockSignals(True)
                self.threshold.setValue(round(self.last.threshold * 100))
                self.threshold.blockSignals(False)

    # --- following up ---------------------------------------------------------------------

    def title_for(self, c: SlippingCustomer) -> str:
        """The task's title in the clerk's words, as every task's title is: since when they have
        not bought and how often they used to (the figures stay on the list and the customer page)."""
        last = c.last_purchase.isoformat() if c.last_purchase else "?"
        weeks = c.weeks_between
        if weeks is None or weeks < 1:
            return self.tr("Win back: no purchase since %1").replace("%1", last)
        return self.tr(
            "Win back: no purchase since %1; used to come about every %n week(s)", "", round(weeks)
        ).replace("%1", last)

    def follow_up_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.follow_up(chosen.customer_id)

    def follow_up(self, customer_id: int):
        """Make the task for this customer of the list; returns it (None when refused)."""
        row = self.model.row_of(customer_id)
        if row < 0:
            return None
        c = self.model.customer(row)
        try:
            slipping.check_no_open_task(customer_id)
            made = self.ctx.actions.create_task(
                customer_id,
                slipping.TASK_KIND,
                None,
                assignee_id=self.assignee.currentData() if self.assignee.count() > 1 else self.ctx.staff_id,
                title=self.title_for(c),
            )
        except ShopError as exc:
            QMessageBox.warning(self, self.tr("Slipping away"), error_text(exc))
            return None
        self.model.remove_customer(customer_id)
        # Nothing selected after: a second click must not make a task for the next customer.
        self.table.clearSelection()
        self.task_made.emit(made)
        self.said.emit(self.tr("Follow-up task made for %1.").replace("%1", c.name))
        self.update_state()
        return made
