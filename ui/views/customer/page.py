"""One customer: who they are, why they are at their level and what moves them up,
their timeline, who brought them and whom they brought (裂变), their
communities and follow-up tasks.

Shown inside the Customers page with a Back button. Everything it shows comes
from one read off the GUI thread (:func:`crm.services.customer_page.load`);
every action goes through ``ctx.actions``, shows a refused or invalid action as
a sentence next to where it happened, and the page reads again when the
published change concerns what it shows (:class:`ui.views.page.Page`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout

from crm.services import customer_page
from crm.services.changes import Changes
from crm.services.customer_page import CustomerPage
from ui.views.customer.communities_tab import CommunitiesTab
from ui.views.customer.header import CustomerHeader
from ui.views.customer.level_box import LevelBox
from ui.views.customer.parts import MessageBar
from ui.views.customer.referrals_tab import ReferralsTab
from ui.views.customer.tasks_tab import TasksTab
from ui.views.customer.timeline_tab import TimelineTab
from ui.views.page import Page

TIMELINE_TAB, REFERRALS_TAB, COMMUNITIES_TAB, TASKS_TAB = range(4)


class CustomerDetailView(Page):
    back_requested = Signal()

    def build(self) -> None:
        self.customer_id: int | None = None
        self.data: CustomerPage | None = None  # what is shown, once read
        self.history: list[int] = []  # customers opened before this one, for Back
        self.messages = MessageBar()
        self.header = CustomerHeader(self.ctx, self.messages)
        self.level_box = LevelBox()
        self.timeline = TimelineTab(self.ctx, self.messages)
        self.referrals = ReferralsTab(self.ctx, self.messages)
        self.communities = CommunitiesTab(self.ctx, self.messages)
        self.tasks = TasksTab(self.ctx, self.messages)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("customer_tabs")
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        self.tabs.addTab(self.referrals, self.tr("Referrals"))
        self.tabs.addTab(self.communities, self.tr("Communities"))
        self.tabs.addTab(self.tasks, self.tr("Tasks"))
        self.parts = (self.header, self.timeline, self.referrals, self.communities, self.tasks)
        self.make_refresh_widgets()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 10, 16, 8)
        outer.setSpacing(8)
        outer.addWidget(self.header)
        outer.addWidget(self.messages)
        outer.addWidget(self.level_box)
        outer.addWidget(self.tabs, 1)
        status = QHBoxLayout()
        status.addWidget(self.status, 1)
        status.addWidget(self.busy)
        outer.addLayout(status)

        self.header.back_requested.connect(self.go_back)
        self.header.log_requested.connect(self.start_log_visit)
        for part in (self.header, self.referrals, self.communities):
            part.open_customer.connect(self.show_customer)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.go_back)
        QShortcut(QKeySequence("Alt+Left"), self, self.go_back)

    def cares(self, changes: Changes) -> bool:
        if self.customer_id is None:
            return False
        # Besides their own record: the purchases of those they brought (the tree's
        # revenue), their referrers' and leaders' names, their tasks and communities, and
        # staff names (who logged a visit, who has a task).
        return (
            changes.about(self.customer_id)
            or not changes.customers.isdisjoint(self.people_shown())
            or changes.tasks
            or changes.communities
            or changes.settings
            or changes.staff
            or changes.lifetime
        )

    def people_shown(self) -> set[int]:
        data = self.data
        if data is None:
            return set()
        shown = {p.id for p in data.chain} | {n.id for n in data.tree.nodes}
        shown |= {link.leader_id for link in data.communities}
        return shown | ({data.serving.id} if data.serving is not None else set())

    # --- navigation ------------------------------------------------------------------

    def show_customer(self, customer_id: int) -> None:
        """Open this customer; Back returns to the one shown before."""
        customer_id = int(customer_id)
        if self.customer_id is not None and self.customer_id != customer_id and self.isVisible():
            self.history.append(self.customer_id)
        elif not self.isVisible():
            self.history.clear()
        if customer_id != self.customer_id:
            self.messages.clear()
            for part in self.parts:
                part.reset()
        self.customer_id = customer_id
        self.refresh()

    def go_back(self) -> None:
        if self.history:
            previous = self.history.pop()
            self.customer_id = None
            self.show_customer(previous)
            return
        self.back_requested.emit()

    def start_log_visit(self) -> None:
        self.tabs.setCurrentIndex(TIMELINE_TAB)
        self.timeline.amount.setFocus()

    # --- reading ---------------------------------------------------------------------

    def refresh(self) -> None:
        if self.customer_id is None:
            return
        self.refresh_started()
        self.read("customer", customer_page.load, self.show_page, self.customer_id)

    def show_page(self, data: CustomerPage) -> None:
        if data.customer_id != self.customer_id:
            return  # read for the customer shown before
        self.data = data
        self.level_box.show_explanation(data.explanation)
        self.level_box.show_lifetime(data.lifetime, data.currency)
        for part in self.parts:
            part.show_page(data)
        if self.status is not None:
            self.status.clear()

    def read_failed(self, exc: BaseException) -> None:
        super().read_failed(exc)
        self.messages.refused(exc)
