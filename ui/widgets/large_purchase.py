"""The question asked before an amount far above the shop's usual purchases is booked
(crm.services.purchase_limit.LargePurchase): No is the default, so an Enter typed on from the amount
field books nothing."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from crm.money import format_amount
from crm.services.purchase_limit import LargePurchase

OBJECT_NAME = "LargePurchaseQuestion"


def question_text(exc: LargePurchase, customer_name: str) -> tuple[str, str]:
    """The question and its second line, in the app's language."""
    amount = format_amount(abs(exc.amount), exc.currency)
    limit = format_amount(exc.limit, exc.currency)
    if exc.automatic:
        text = QCoreApplication.translate(
            "LargePurchase", "%1 is far above this shop's usual purchases (limit %2)."
        )
    else:
        text = QCoreApplication.translate(
            "LargePurchase", "%1 is above the large-purchase limit set for this shop (%2)."
        )
    text = text.replace("%1", amount).replace("%2", limit)
    if exc.amount < 0:
        ask = QCoreApplication.translate("LargePurchase", "Refund %1 to %2 anyway?")
    else:
        ask = QCoreApplication.translate("LargePurchase", "Book %1 for %2 anyway?")
    return text, ask.replace("%1", amount).replace("%2", customer_name)


def confirm_large_purchase(parent: QWidget | None, exc: LargePurchase, customer_name: str) -> bool:
    """Ask; True only for Yes."""
    text, ask = question_text(exc, customer_name)
    box = QMessageBox(parent)
    box.setObjectName(OBJECT_NAME)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("LargePurchase", "Large amount"))
    box.setText(text)
    box.setInformativeText(ask)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText(
        QCoreApplication.translate("LargePurchase", "Yes, book it")
    )
    box.button(QMessageBox.StandardButton.No).setText(
        QCoreApplication.translate("LargePurchase", "No, check the amount")
    )
    try:
        return box.exec() == QMessageBox.StandardButton.Yes
    finally:
        box.deleteLater()
