"""The menu of a row that stands for a customer, the same in every table that lists them:
Open, Log a visit, Edit…, Copy phone, Copy member code, Add task….

A right-click on a row (or the Menu key, or Shift+F10, on the current row) opens it.
The table's model gives the row's customer under ``CUSTOMER_ID_ROLE``; what the menu
needs besides (the phone, the code, the name) is read when it opens. What the signed-in
role may not do is disabled, the reason in its tooltip.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget

from crm.errors import NotAllowed, ShopError
from crm.services.common import may
from ui.context import AppContext
from ui.errors import error_text, show_error
from ui.models.base import CUSTOMER_ID_ROLE
from ui.widgets.page_parts import shortcut

if TYPE_CHECKING:
    from crm.services.customers import CustomerInfo

# The role's permission each item needs (SPEC 8), none for what every role may do.
NEEDS = {
    "open": None,
    "log_visit": None,
    "edit": "edit customers",
    "copy_phone": None,
    "copy_code": None,
    "add_task": None,
}


class CustomerMenu(QObject):
    """The customer menu of ``view``. ``open_customer(id)`` and ``log_visit(id)`` say how this
    table opens a customer and starts a visit (by default: the bus opens the customer, and
    the counter takes them for a visit)."""

    def __init__(
        self,
        view: QAbstractItemView,
        ctx: AppContext,
        open_customer: Callable[[int], object] | None = None,
        log_visit: Callable[[int], object] | None = None,
        keys_on: QWidget | None = None,
    ):
        super().__init__(view)
        self.view = view
        self.ctx = ctx
        self.open_customer = open_customer or ctx.bus.open_customer.emit
        self.log_visit = log_visit or ctx.bus.log_visit.emit
        self.menu: QMenu | None = None  # the menu open now (or last), for tests
        self.dialog = None  # the task dialog it opened, if any
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._at_point)
        keys = keys_on or view
        for key in (Qt.Key.Key_Menu, "Shift+F10"):
            shortcut(keys, key, self.pop_current, Qt.ShortcutContext.WidgetShortcut)

    # --- opening ----------------------------------------------------------------------

    def _at_point(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        if not self.view.selectionModel().isSelected(index):
            self.view.setCurrentIndex(index)
        self.pop(index, self.view.viewport().mapToGlobal(pos))

    def pop_current(self) -> QMenu | None:
        """The menu of the current row, under it (the keyboard's way)."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        rect = self.view.visualRect(index)
        return self.pop(index, self.view.viewport().mapToGlobal(rect.bottomLeft()))

    def pop(self, index: QModelIndex, where: QPoint) -> QMenu | None:
        customer_id = index.data(CUSTOMER_ID_ROLE)
        if customer_id is None:
            return None
        menu = self.menu_for(int(customer_id))
        menu.popup(where)
        return menu

    def menu_for(self, customer_id: int) -> QMenu:
        """The menu for this customer (not shown)."""
        from crm.services import customers  # with the first menu, not with the list (14 ms)

        try:
            info: CustomerInfo | None = customers.get_customer(customer_id)
        except ShopError:
            info = None  # gone since the list was read: only Open, which says so
        menu = QMenu(self.view)
        menu.setObjectName("customer_menu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.setToolTipsVisible(True)
        usable = info is not None and not info.erased and not info.archived
        why_not = self._why_not(info)
        self._item(menu, "open", self.tr("Open"), lambda: self.open_customer(customer_id))
        self._item(
            menu, "log_visit", self.tr("Log a visit"), lambda: self.log_visit(customer_id), usable, why_not
        )
        self._item(menu, "edit", self.tr("Edit…"), lambda: self.edit(customer_id), usable, why_not)
        menu.addSeparator()
        phone = info.phone_display if info is not None and info.phone else ""
        self._item(
            menu,
            "copy_phone",
            self.tr("Copy phone") + (f"\t{phone}" if phone else ""),
            lambda: self._copy(phone),
            bool(phone),
            why_not or self.tr("No phone number is on record"),
        )
        code = info.code if info is not None else ""
        self._item(
            menu,
            "copy_code",
            self.tr("Copy member code") + (f"\t{code}" if code else ""),
            lambda: self._copy(code),
            bool(code),
            why_not,
        )
        menu.addSeparator()
        name = info.name if info is not None else ""
        self._item(
            menu, "add_task", self.tr("Add task…"), lambda: self.add_task(customer_id, name), usable, why_not
        )
        self.menu = menu
        return menu

    def _why_not(self, info: CustomerInfo | None) -> str:
        if info is None:
            return self.tr("This customer is no longer in the shop")
        if info.erased:
            return self.tr("This customer's data was erased")
        if info.archived:
            return self.tr("This customer is archived; restore them first")
        return ""

    def _item(
        self,
        menu: QMenu,
        key: str,
        text: str,
        slot: Callable[[], object],
        usable: bool = True,
        why_not: str = "",
    ) -> QAction:
        action = menu.addAction(text)
        action.setObjectName(key)
        needs = NEEDS[key]
        if needs is not None and not may(self.ctx.actor, needs):
            role = self.ctx.actor.role if self.ctx.actor is not None else "owner"
            usable, why_not = False, error_text(NotAllowed(needs, role))
        action.setEnabled(usable)
        if not usable and why_not:
            action.setToolTip(why_not)
        action.triggered.connect(slot)
        return action

    # --- what the items do --------------------------------------------------------------

    @staticmethod
    def _copy(text: str) -> None:
        QGuiApplication.clipboard().setText(text)

    def edit(self, customer_id: int):
        from ui.dialogs.customer_dialog import CustomerDialog

        try:
            dialog = CustomerDialog(self.ctx, customer_id, parent=self.view.window())
        except ShopError as exc:
            show_error(self.view, exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_task(self, customer_id: int, name: str):
        from ui.dialogs.task_dialog import TaskDialog

        try:
            dialog = TaskDialog(self.ctx, self.view.window(), customer_id=customer_id, customer_label=name)
        except ShopError as exc:
            show_error(self.view, exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog
