"""The Customers page: the list of every customer (:mod:`ui.views.customer_list`) and
one customer's detail, a page of its own with a Back button."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.views.customer_list import CustomerListView

if TYPE_CHECKING:
    from ui.views.customer.page import CustomerDetailView


class CustomersView(QWidget):
    """The list (shown first) and a customer's detail, one at a time."""

    leave_to = Signal(str)  # Back from a customer opened on another page: that page's key

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.detail: CustomerDetailView | None = None  # built the first time a customer is opened
        self.back_to: str | None = None  # the page the shown customer was opened from
        self.list = CustomerListView(ctx)
        self.list.customer_opened.connect(self.open_customer)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def activated(self) -> None:
        """Called by the main window whenever the page is shown (from the rail too: Back then
        leads to the list)."""
        self.back_to = None
        if self.detail is not None and self.stack.currentWidget() is self.detail:
            self.detail.activated()
        else:
            self.list.activated()

    def open_customer(self, customer_id: int, back_to: str | None = None) -> None:
        """Show this customer's detail page; ``back_to``: the key of the page it was opened
        from, where Back leads (None: the list)."""
        if self.detail is None:
            # Imported here: the detail page and what it reads (the lifetime models, numpy) are
            # not needed to show the list, and the app opens a third of a second sooner without.
            from ui.views.customer.page import CustomerDetailView

            self.detail = CustomerDetailView(self.ctx)
            self.detail.back_requested.connect(self.go_back)
            self.stack.addWidget(self.detail)
        if self.stack.currentWidget() is not self.detail or back_to is not None:
            self.back_to = back_to
        self.detail.show_customer(int(customer_id))
        self.stack.setCurrentWidget(self.detail)

    def go_back(self) -> None:
        """Back from the first customer opened: to the page they came from, else the list."""
        origin, self.back_to = self.back_to, None
        if origin is not None:
            self.stack.setCurrentWidget(self.list)  # the next visit to Customers starts at the list
            self.leave_to.emit(origin)
            return
        self.show_list()

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list)
        self.list.activated()  # changes made while the detail was shown
        self.list.table.setFocus()
