"""The Customers page: the list of every customer (:mod:`ui.views.customer_list`) and
one customer's detail, a page of its own with a Back button."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.views.customer.page import CustomerDetailView
from ui.views.customer_list import CustomerListView


class CustomersView(QWidget):
    """The list (shown first) and a customer's detail, one at a time."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.detail: CustomerDetailView | None = None  # built the first time a customer is opened
        self.list = CustomerListView(ctx)
        self.list.customer_opened.connect(self.open_customer)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def activated(self) -> None:
        """Called by the main window whenever the page is shown."""
        if self.detail is not None and self.stack.currentWidget() is self.detail:
            self.detail.activated()
        else:
            self.list.activated()

    def open_customer(self, customer_id: int) -> None:
        """Show this customer's detail page."""
        if self.detail is None:
            self.detail = CustomerDetailView(self.ctx)
            self.detail.back_requested.connect(self.show_list)
            self.stack.addWidget(self.detail)
        self.detail.show_customer(int(customer_id))
        self.stack.setCurrentWidget(self.detail)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list)
        self.list.activated()  # changes made while the detail was shown
        self.list.table.setFocus()
