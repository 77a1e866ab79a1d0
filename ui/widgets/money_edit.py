"""An amount field: what people type ("12.5", "¥1,234", full-width digits) to cents."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit

from crm.errors import InvalidInput
from crm.money import format_amount, parse_amount


class MoneyEdit(QLineEdit):
    valueChanged = Signal()  # noqa: N815 - Qt naming

    def __init__(self, currency: str = "CNY", parent=None):
        super().__init__(parent)
        self.currency = currency
        self.setPlaceholderText("0.00")
        self.setClearButtonEnabled(True)
        self.textChanged.connect(lambda _: self.valueChanged.emit())

    def value(self) -> int:
        """Minor units; raises InvalidInput for text that is not an amount."""
        if not self.text().strip():
            return 0
        return parse_amount(self.text())

    def is_valid(self) -> bool:
        try:
            self.value()
        except InvalidInput:
            return False
        return True

    def set_value(self, minor: int | None) -> None:
        self.setText("" if minor is None else format_amount(minor, self.currency, symbol=False))
