"""The counter's save button: it says what it books and for whom ("Save ¥50.00 for
史欣怡", "Refund ¥20.00 to 史欣怡"), or what is missing, and is green only when
what is typed can be booked as it stands."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPushButton

from crm.money import format_amount
from ui.words import visit_kind

NAME_IN_BUTTON = 24  # characters of a long name shown on the button


def _short(name: str) -> str:
    return name if len(name) <= NAME_IN_BUTTON else name[: NAME_IN_BUTTON - 1] + "…"


def booked_kind(kind: str, amount: int) -> str:
    """The kind a visit is saved as: a minus purchase is money back."""
    return "refund" if amount < 0 and kind == "purchase" else kind


class SaveButton(QPushButton):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("CounterSave")
        self.setToolTip(self.tr("Save the visit (Enter in any field)"))
        self.setMinimumHeight(40)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.setFont(font)
        # Green when it books; plain while it only says what is missing.
        self.setStyleSheet(
            "QPushButton { background: #2e7d32; color: white; border-radius: 4px; padding: 4px 18px; }"
            "QPushButton[ready='false'] { background: #eeeeee; color: #424242; border: 1px solid #bdbdbd; }"
            "QPushButton:disabled { background: #e0e0e0; color: #616161; border: none; }"
        )

    def show_for(self, name: str | None, kind: str, amount: int | None, currency: str) -> None:
        """What Save would do for ``name`` (None: nobody highlighted); ``amount`` None: not a number."""
        self.setText(self.text_for(name, kind, amount, currency))
        self.setEnabled(name is not None)
        # An amount, or a kind that needs none: it can be booked as it stands.
        bookable = amount is not None and (amount != 0 or kind not in ("purchase", "refund"))
        ready = name is not None and bookable
        if self.property("ready") != ready:
            self.setProperty("ready", ready)
            self.style().unpolish(self)
            self.style().polish(self)

    def text_for(self, name: str | None, kind: str, amount: int | None, currency: str) -> str:
        if name is None:
            return self.tr("No customer highlighted: search above")
        name = _short(name)
        if amount is None:
            return self.tr("Check the amount for %1").replace("%1", name)
        kind = booked_kind(kind, amount)
        money = format_amount(abs(amount), currency)
        if kind == "refund":
            if amount == 0:
                return self.tr("Type the refund for %1").replace("%1", name)
            return self.tr("Refund %1 to %2").replace("%1", money).replace("%2", name)
        if kind == "purchase":
            if amount == 0:
                return self.tr("Type the amount for %1 (Alt+V: a visit, no purchase)").replace("%1", name)
            return self.tr("Save %1 for %2").replace("%1", money).replace("%2", name)
        if amount == 0:
            return self.tr("Save %1 for %2, no purchase").replace("%1", visit_kind(kind)).replace("%2", name)
        return (
            self.tr("Save %1 %2 for %3")
            .replace("%1", visit_kind(kind))
            .replace("%2", money)
            .replace("%3", name)
        )
