"""The follow-up page's Slipping away table (SlippingCustomer rows): the recently slipped first,
each group most value at risk first (:mod:`crm.services.slipping`).

At most a few hundred rows (:data:`crm.services.slipping.LIMIT`): the model holds them all and
sorts the Python list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from crm.services.slipping import SlippingCustomer
from ui.lifetime_words import money, percent, risk_explanation
from ui.models.base import CUSTOMER_ID_ROLE, RIGHT, RowTableModel, column_header
from ui.models.task_model import MUTED_COLOR, phone_text, short_day
from ui.words import field_name, level_name


class SlippingTableModel(RowTableModel):
    RANK, CUSTOMER, PHONE, WECHAT, LEVEL, LAST, ALIVE, AT_RISK = range(8)
    COLUMNS = ("rank", "customer", "phone", "wechat", "level", "last_purchase", "p_alive", "value_at_risk")
    NUMBERS = (RANK, ALIVE, AT_RISK)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.currency = "CNY"
        self._rank: dict[int, int] = {}

    def set_customers(self, rows: list[SlippingCustomer], currency: str) -> None:
        """``rows`` in the service's order (their rank), sorted as the last sort asked."""
        self.currency = currency
        self._rank = {row.customer_id: n for n, row in enumerate(rows, start=1)}
        self.set_rows(self._in_sort_order(list(rows)))

    def remove_customer(self, customer_id: int) -> None:
        row = self.row_of(customer_id)
        if row >= 0:
            self.beginRemoveRows(self.index(row, 0).parent(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def customer(self, row: int) -> SlippingCustomer:
        return self._rows[row]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == self.WECHAT:
                return field_name("wechat")
            if section == self.ALIVE:
                return self.tr("Still a customer")
            if section == self.AT_RISK:
                return self.tr("Value at risk")
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == self.RANK:
                return self.tr(
                    "Those who started slipping in the last 90 days (having bought in the last 365)"
                    " first, then the others; each group most value at risk first"
                )
            if section == self.ALIVE:
                return self.tr(
                    "The chance that they are still a customer, from how often and how lately they bought"
                )
            if section == self.AT_RISK:
                return self.tr(
                    "What the next 12 months would be worth had they stayed, times the chance they have gone"
                )
        return column_header(self, section, role)

    def cell(self, c: SlippingCustomer, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.RANK:
                return str(self._rank.get(c.customer_id, 0))
            if col == self.CUSTOMER:
                return c.name
            if col == self.PHONE:
                return phone_text(c.phone)
            if col == self.WECHAT:
                return c.wechat or ""
            if col == self.LEVEL:
                return level_name(c.level)
            if col == self.LAST:
                return c.last_purchase.isoformat() if c.last_purchase else ""
            if col == self.ALIVE:
                return percent(c.p_alive)
            if col == self.AT_RISK:
                return money(c.value_at_risk, self.currency)
            return None
        if role == CUSTOMER_ID_ROLE:
            return c.customer_id
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.NUMBERS:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col == self.WECHAT and c.wechat:
            return c.wechat
        if role == Qt.ItemDataRole.ToolTipRole and col == self.AT_RISK:
            return risk_explanation(c.p_alive, c.value_12m, self.currency)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.ALIVE:
            return self.habit_text(c)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.LAST and c.last_purchase:
            return short_day(c.last_purchase)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.RANK:
            return QBrush(MUTED_COLOR)
        return None

    def habit_text(self, c: SlippingCustomer) -> str:
        """How they used to buy, which is why their chance fell when it did: a regular who
        stops is missed within weeks, a customer who came twice a year only after many months."""
        weeks = c.weeks_between
        habit = (
            self.tr("%1 purchase days, about %2 weeks apart.")
            .replace("%1", str(c.purchase_days))
            .replace("%2", f"{weeks:.0f}" if weeks >= 1 else "<1")
            if weeks is not None
            else ""
        )
        since = self.tr("Slipping away since about %1, had they bought no more.").replace(
            "%1", c.slipped_on.isoformat()
        )
        return (
            habit
            + "\n"
            + since
            + "\n"
            + self.tr(
                "The longer they stay away compared with how often they used to come, the lower the"
                " chance: a regular who stops is missed within weeks, a customer who came twice a year"
                " only after months."
            )
        ).strip()

    def sort_key(self, col: int) -> Callable[[SlippingCustomer], object] | None:
        return {
            self.RANK: lambda c: self._rank.get(c.customer_id, 0),
            self.CUSTOMER: lambda c: (c.name, c.customer_id),
            self.PHONE: lambda c: (c.phone or "", c.customer_id),
            self.WECHAT: lambda c: (c.wechat or "", c.customer_id),
            self.LEVEL: lambda c: (c.level, c.value_at_risk),
            self.LAST: lambda c: (c.last_purchase.toordinal() if c.last_purchase else 0, c.customer_id),
            self.ALIVE: lambda c: (c.p_alive, c.customer_id),
            self.AT_RISK: lambda c: (c.value_at_risk, c.customer_id),
        }.get(col)
