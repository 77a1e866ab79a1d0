"""Settings → Shop: the shop's name, currency, phone region, customer codes and the
large-purchase limit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from crm.errors import InvalidInput
from crm.services.purchase_limit import UsualTicket
from ui.context import AppContext
from ui.views.settings.limit import LargePurchaseLimitField
from ui.views.settings.section import SettingsSection, field, settings_form
from ui.widgets.forms import note
from ui.widgets.shop_fields import CurrencyCombo, RegionCombo

CODE_PREFIX_MAX = 8


class ShopSection(SettingsSection):
    keys = ("shop_name", "currency", "phone_region", "code_prefix", "large_purchase_limit")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Shop"), parent=parent)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText(self.tr("e.g. Sunshine Corner Shop"))
        self.currency_combo = CurrencyCombo()
        self.region_combo = RegionCombo()
        self.prefix_edit = QLineEdit()
        self.prefix_edit.setMaxLength(CODE_PREFIX_MAX)
        self.prefix_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[A-Za-z0-9-]{{0,{CODE_PREFIX_MAX}}}"))
        )
        self.prefix_edit.setMaximumWidth(160)
        self.prefix_example = note()
        self.prefix_edit.textChanged.connect(self._show_example)
        for widget in (self.name_edit, self.currency_combo, self.region_combo):
            widget.setMaximumWidth(420)

        form = settings_form()
        form.addRow(self.tr("Shop name"), field(self.name_edit, self.error_label("shop_name")))
        form.addRow(
            self.tr("Currency"),
            field(
                self.currency_combo,
                self.error_label("currency"),
                note(self.tr("Amounts are shown and typed in this currency.")),
            ),
        )
        form.addRow(
            self.tr("Phone region"),
            field(
                self.region_combo,
                self.error_label("phone_region"),
                note(
                    self.tr(
                        "Phone numbers typed without a country code (such as +44 or +86) are read as"
                        " numbers of this region. Type a region's first letters to jump to it."
                    )
                ),
            ),
        )
        form.addRow(
            self.tr("Customer code prefix"),
            field(self.prefix_edit, self.error_label("code_prefix"), self.prefix_example),
        )
        self.limit_edit = LargePurchaseLimitField()
        limit_error = self.error_label("large_purchase_limit")
        form.addRow(self.tr("Large purchases"), field(self.limit_edit, limit_error, self.limit_edit.hint))
        self.body.addLayout(form)
        self.watch(self.name_edit, self.currency_combo, self.region_combo, self.prefix_edit, self.limit_edit)

    def _show_example(self, prefix: str) -> None:
        self.prefix_example.setText(
            self.tr("New customers get codes like %1. Codes already given do not change.").replace(
                "%1", f"{prefix.strip()}000124"
            )
        )

    def show_usual_ticket(self, usual: UsualTicket, currency: str) -> None:
        self.limit_edit.show_automatic(usual, currency)

    def load(self, values: dict[str, Any]) -> None:
        self.name_edit.setText(values["shop_name"])
        self.currency_combo.set_currency(values["currency"])
        self.region_combo.set_region(values["phone_region"])
        self.prefix_edit.setText(values["code_prefix"])
        self._show_example(values["code_prefix"])
        self.limit_edit.load(values["large_purchase_limit"])

    def values(self) -> dict[str, Any]:
        return {
            "shop_name": self.name_edit.text().strip(),
            "currency": self.currency_combo.currency(),
            "phone_region": self.region_combo.region(),
            "code_prefix": self.prefix_edit.text().strip(),
            "large_purchase_limit": self.limit_edit.value(),
        }

    def validate(self, values: dict[str, Any]) -> None:
        prefix = values["code_prefix"]
        if (
            len(prefix) > CODE_PREFIX_MAX
            or not QRegularExpression(f"^[A-Za-z0-9-]{{0,{CODE_PREFIX_MAX}}}$").match(prefix).hasMatch()
        ):
            raise InvalidInput(
                "code_prefix", self.tr("Use up to 8 letters, digits or dashes, e.g. C or VIP-.")
            )
