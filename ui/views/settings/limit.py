"""The large-purchase limit in Settings → Shop: an amount in whole units of the shop's
currency, or empty for the automatic limit (shown with what it is now)."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit

from crm.money import format_amount
from crm.services import purchase_limit
from ui.widgets.forms import note


class LargePurchaseLimitField(QLineEdit):
    """``value()`` is what the setting stores: 0 for empty (automatic), the whole amount
    typed, or the text itself when it is not one (the service then says why)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("large_purchase_limit")
        self.setMaximumWidth(200)
        self.setClearButtonEnabled(True)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9,\s]{0,20}")))
        self.hint = note()

    def load(self, stored: int) -> None:
        self.setText(f"{stored:,}" if stored else "")

    def value(self) -> int | str:
        text = self.text().strip()
        if not text:
            return 0
        digits = text.replace(",", "").replace(" ", "")
        return int(digits) if digits.isdigit() else text

    def show_automatic(self, usual: purchase_limit.UsualTicket, currency: str) -> None:
        """What the automatic limit is now, from the shop's usual ticket."""
        automatic = format_amount(purchase_limit.automatic_limit(usual), currency)
        self.setPlaceholderText(self.tr("Automatic: %1").replace("%1", automatic))
        if usual.p99 is None:
            how = self.tr("With no sales yet, the automatic limit is %1.").replace("%1", automatic)
        elif usual.tickets < purchase_limit.MIN_HISTORY:
            how = self.tr(
                "With only %n sale(s) so far, the automatic limit is %1.", "", usual.tickets
            ).replace("%1", automatic)
        else:
            how = (
                self.tr("Automatic: 20 × the shop's 99th-percentile sale (%1), now %2.")
                .replace("%1", format_amount(usual.p99, currency))
                .replace("%2", automatic)
            )
        self.hint.setText(
            self.tr(
                "A visit's amount above this is asked about before it is booked;"
                " leave it empty for the automatic limit. %1"
            ).replace("%1", how)
        )
