""" "My shop": the few facts a real shop starts with, asked once.

The shop's name, the owner's name and PIN, the currency and the phone region;
currency and region default from the computer's locale (a British owner starts
in pounds with +44 phones). All of it can be changed later in Settings.

:class:`ShopSetupForm` is the form itself (the welcome shows it as a page);
:class:`ShopSetupDialog` asks it on its own, to leave the demo for the real shop.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLocale, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from crm.errors import InvalidInput, ShopError
from crm.services import shop_setup, staff
from ui.locale_defaults import shop_defaults
from ui.widgets.forms import DialogButtons, FieldErrors, form_layout, note, reason_text
from ui.widgets.kept_input import KeepsInput
from ui.widgets.shop_fields import CurrencyCombo, RegionCombo


class ShopSetupForm(QWidget):
    """``setup()`` reads the form (an :class:`InvalidInput` for a missing or wrong field,
    shown by :meth:`show_error`); ``submitted`` is called when Enter is pressed in the last field."""

    def __init__(self, locale: QLocale | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.submitted: Callable[[], None] = lambda: None
        self.shop_name_edit = QLineEdit()
        self.shop_name_edit.setObjectName("ShopName")
        self.shop_name_edit.setMaxLength(shop_setup.SHOP_NAME_MAX)
        self.owner_edit = QLineEdit()
        self.owner_edit.setObjectName("OwnerName")
        self.owner_edit.setMaxLength(staff.NAME_MAX)
        digits = QRegularExpressionValidator(QRegularExpression("[0-9]{0,8}"), self)
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("OwnerPin")
        self.pin_again_edit = QLineEdit()
        self.pin_again_edit.setObjectName("OwnerPinAgain")
        for edit in (self.pin_edit, self.pin_again_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setValidator(digits)
            edit.setMaximumWidth(160)
        self.currency_combo = CurrencyCombo()
        self.region_combo = RegionCombo()
        currency, region = shop_defaults(locale)
        self.currency_combo.set_currency(currency)
        self.region_combo.set_region(region)

        self.field_errors = FieldErrors(field_text=reason_text)
        self.errors = self.field_errors.labels
        form = form_layout(10, 16)
        self.shop_name_label = QLabel()
        self.owner_label = QLabel()
        self.pin_label = QLabel()
        self.pin_again_label = QLabel()
        self.currency_label = QLabel()
        self.region_label = QLabel()
        form.addRow(self.shop_name_label, self.field_errors.with_label(self.shop_name_edit, "shop_name"))
        form.addRow(self.owner_label, self.field_errors.with_label(self.owner_edit, "name"))
        form.addRow(self.pin_label, self.field_errors.with_label(self.pin_edit, "pin"))
        form.addRow(self.pin_again_label, self.field_errors.with_label(self.pin_again_edit, "pin_again"))
        form.addRow(self.currency_label, self.field_errors.with_label(self.currency_combo, "currency"))
        form.addRow(self.region_label, self.field_errors.with_label(self.region_combo, "phone_region"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        self.note = note()
        layout.addWidget(self.note)
        self.general_error = self.field_errors.general_label("ShopSetupError")
        layout.addWidget(self.general_error)

        self.shop_name_edit.returnPressed.connect(self.owner_edit.setFocus)
        self.owner_edit.returnPressed.connect(self.pin_edit.setFocus)
        self.pin_edit.returnPressed.connect(self.pin_again_edit.setFocus)
        self.pin_again_edit.returnPressed.connect(lambda: self.submitted())
        self.retranslate()

    def retranslate(self) -> None:
        self.shop_name_label.setText(self.tr("Shop name"))
        self.shop_name_edit.setPlaceholderText(self.tr("e.g. Sunshine Corner Shop"))
        self.owner_label.setText(self.tr("Your name"))
        self.owner_edit.setPlaceholderText(self.tr("the owner"))
        self.pin_label.setText(self.tr("Your PIN"))
        self.pin_edit.setPlaceholderText(self.tr("4 to 8 digits"))
        self.pin_again_label.setText(self.tr("PIN again"))
        self.currency_label.setText(self.tr("Currency"))
        self.region_label.setText(self.tr("Phone region"))
        self.region_combo.relabel()
        self.currency_combo.relabel()
        self.note.setText(
            self.tr(
                "The PIN keeps the owner's pages (settings, staff, backups) for you; staff you add later"
                " get their own. Phone numbers typed without a country code are read as numbers of the"
                " phone region. You can change all of this later in Settings."
            )
        )

    def focus_first(self) -> None:
        self.shop_name_edit.setFocus()

    def setup(self, language: str | None = None) -> shop_setup.ShopSetup:
        """What was typed, checked; raises :class:`InvalidInput` for the first wrong field."""
        name, owner = self.shop_name_edit.text().strip(), self.owner_edit.text().strip()
        pin, again = self.pin_edit.text().strip(), self.pin_again_edit.text().strip()
        if not name:
            raise InvalidInput("shop_name", self.tr("Please enter the shop's name."))
        if not owner:
            raise InvalidInput("name", self.tr("Please enter your name."))
        if not staff.PIN_PATTERN.fullmatch(pin):
            raise InvalidInput("pin", self.tr("Please choose a PIN of 4 to 8 digits."))
        if pin != again:
            raise InvalidInput("pin_again", self.tr("The two PINs are not the same."))
        return shop_setup.check(
            shop_setup.ShopSetup(
                shop_name=name,
                owner_name=owner,
                pin=pin,
                currency=self.currency_combo.currency(),
                phone_region=self.region_combo.region(),
                language=language,
            )
        )

    def show_error(self, exc: BaseException) -> None:
        self.field_errors.clear()
        self.field_errors.show(exc)
        target = {
            "shop_name": self.shop_name_edit,
            "name": self.owner_edit,
            "pin": self.pin_edit,
            "pin_again": self.pin_again_edit,
            "currency": self.currency_combo,
            "phone_region": self.region_combo,
        }.get(getattr(exc, "field", ""))
        if target is not None:
            target.setFocus()

    def clear_errors(self) -> None:
        self.field_errors.clear()


class ShopSetupDialog(KeepsInput, QDialog):
    """Asks the real shop's facts; on OK calls ``apply(setup)`` (which may raise a
    :class:`ShopError`, shown in the form) and closes once it has worked."""

    def __init__(
        self,
        apply: Callable[[shop_setup.ShopSetup], object],
        locale: QLocale | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.apply = apply
        self.result_value: object = None
        self.setObjectName("ShopSetupDialog")
        self.setWindowTitle(self.tr("Start my real shop"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.intro = QLabel(
            self.tr(
                "Your shop gets a new, empty database. The demo is kept beside it as shopcircle-demo.db:"
                " Settings → Database → Open another database… shows it again."
            )
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.form = ShopSetupForm(locale)
        self.form.submitted = self.accept
        layout.addWidget(self.form)
        buttons = DialogButtons(self, accept_text=self.tr("Start my shop"))
        self.start_button = buttons.ok_button
        self.start_button.setObjectName("StartMyShop")
        # Enter anywhere starts the shop; only a click (or Esc) on Cancel throws the form away.
        buttons.cancel_button.setAutoDefault(False)
        self.start_button.setAutoDefault(True)
        self.start_button.setDefault(True)
        layout.addWidget(buttons)
        self.form.focus_first()
        self.remember_input()  # the defaults of the computer's region are the start

    def accept(self) -> None:
        self.form.clear_errors()
        try:
            self.result_value = self.apply(self.form.setup())
        except ShopError as exc:
            self.form.show_error(exc)
            self.adjustSize()  # room for the message, never squeezing the fields
            return
        super().accept()
