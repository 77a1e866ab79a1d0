"""The communities (社群) the customer leads or belongs to, whether they are a 大C,
and the 大C who serves them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QTableWidgetItem

from crm.errors import ShopError
from crm.services.customer_page import CustomerPage
from ui.errors import error_text
from ui.views.customer.parts import CustomerPart, plain_table
from ui.widgets.empty_state import EmptyState
from ui.widgets.forms import error_label
from ui.words import big_c, platform_name, small_c


class CommunitiesTab(CustomerPart):
    open_customer = Signal(int)

    def build(self) -> None:
        row = QHBoxLayout()
        self.big_c_status = QLabel()
        self.big_c_status.setObjectName("big_c_status")
        row.addWidget(self.big_c_status, 1)
        self.big_c_flag = QCheckBox(self.tr("Flag as %1 by hand").replace("%1", big_c()))
        self.big_c_flag.setObjectName("big_c_flag")
        tip = self.tr("A customer is %1 when they lead a community with members, or when flagged here")
        self.big_c_flag.setToolTip(tip.replace("%1", big_c()))
        self.big_c_flag.clicked.connect(self.set_big_c_flag)
        row.addWidget(self.big_c_flag)
        self.column.addLayout(row)
        self.error = error_label("community_error")
        self.column.addWidget(self.error)
        columns = ("community", "platform", "role", "leader", "since")
        self.table = plain_table("communities_table", columns, stretch=0)
        self.table.setToolTip(self.tr("Double-click a row to open its leader"))
        self.table.itemActivated.connect(self._activated)
        self.column.addWidget(self.table, 1)
        self.empty = EmptyState(self.table, name="communities_empty")

    def show_page(self, page: CustomerPage) -> None:
        super().show_page(page)
        parts = []
        if page.is_big_c:
            parts.append(self.tr("%1: yes").replace("%1", big_c()))
        if page.serving is not None:
            parts.append(self.tr("%1 served by %2").replace("%1", small_c()).replace("%2", page.serving.name))
        if not parts:
            parts.append(self.tr("Not in any community."))
        self.big_c_status.setText(" · ".join(parts))
        self.big_c_flag.setChecked(page.info.big_c_flag)
        self.empty.say(
            self.tr("Not in any community"),
            self.tr("Add them as a member of a community on the Communities page."),
        )
        self.table.setRowCount(len(page.communities))
        for row, link in enumerate(page.communities):
            role = self.tr("Leader") if link.role == "leader" else self.tr("Member")
            name = link.name + (self.tr(" (archived)") if link.archived else "")
            values = [name, platform_name(link.platform), role, link.leader_name, link.joined.isoformat()]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, link.leader_id)
                self.table.setItem(row, col, item)

    def reset(self) -> None:
        self.empty.say("")  # until the customer is read
        self.error.hide()

    def _activated(self, item: QTableWidgetItem) -> None:
        leader = self.table.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)
        if leader is not None and self.info is not None and leader != self.info.id:
            self.open_customer.emit(int(leader))

    def set_big_c_flag(self, checked: bool) -> None:
        if self.info is None:
            return
        self.error.hide()
        try:
            self.ctx.actions.set_big_c_flag(self.info.id, checked)
        except ShopError as exc:
            self.big_c_flag.setChecked(not checked)
            self.error.setText(error_text(exc))
            self.error.show()
