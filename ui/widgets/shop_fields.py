"""The phone region and currency pickers the settings and the shop's first start share."""

from __future__ import annotations

import phonenumbers
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox, QWidget

# Regions a shop in greater China most often needs, listed first.
COMMON_REGIONS = ("CN", "HK", "MO", "TW", "SG", "MY", "US", "GB", "AU", "CA", "JP", "KR")
CURRENCIES = ("CNY", "USD", "EUR", "HKD", "TWD", "GBP", "JPY", "SGD", "MYR", "AUD", "CAD")


def region_name(code: str) -> str:
    """Qt's English name of the region (the common ones are named in the app's language
    by :class:`RegionCombo`)."""
    territory = QLocale.codeToTerritory(code)
    if territory == QLocale.Country.AnyCountry:
        return code
    return QLocale.territoryToString(territory)


def _calling_codes() -> dict[str, int]:
    """{region: country calling code} from the table phonenumbers keeps in memory
    (asking per region would load every region's metadata)."""
    out: dict[str, int] = {}
    for calling, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            out.setdefault(region, calling)
    return out


_CALLING = _calling_codes()


def region_label(code: str, name: str | None = None) -> str:
    name = name or region_name(code)
    calling = _CALLING.get(code)
    return f"{name} ({code}) +{calling}" if calling else f"{name} ({code})"


class RegionCombo(QComboBox):
    """Every phone region phonenumbers knows, the common ones first; type to jump."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMaxVisibleItems(20)
        supported = phonenumbers.SUPPORTED_REGIONS
        for code in COMMON_REGIONS:
            if code in supported:
                self.addItem("", code)
        self.insertSeparator(self.count())
        rest = sorted((region_label(c), c) for c in supported if c not in COMMON_REGIONS)
        for label, code in rest:
            self.addItem(label, code)
        self.relabel()
        self.set_region("CN")

    def common_names(self) -> dict[str, str]:
        return {
            "CN": self.tr("China"),
            "HK": self.tr("Hong Kong"),
            "MO": self.tr("Macao"),
            "TW": self.tr("Taiwan"),
            "SG": self.tr("Singapore"),
            "MY": self.tr("Malaysia"),
            "US": self.tr("United States"),
            "GB": self.tr("United Kingdom"),
            "AU": self.tr("Australia"),
            "CA": self.tr("Canada"),
            "JP": self.tr("Japan"),
            "KR": self.tr("South Korea"),
        }

    def relabel(self) -> None:
        """The common regions' names again, in the app's language now."""
        names = self.common_names()
        for index in range(self.count()):
            code = self.itemData(index)
            if code in names:
                self.setItemText(index, region_label(code, names[code]))

    def region(self) -> str:
        return self.currentData() or "CN"

    def set_region(self, code: str) -> None:
        index = self.findData((code or "CN").upper())
        if index < 0:
            self.addItem(code, code)
            index = self.count() - 1
        self.setCurrentIndex(index)


class CurrencyCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        for code in CURRENCIES:
            self.addItem(code, code)
        self.relabel()

    def names(self) -> dict[str, str]:
        return {
            "CNY": self.tr("Chinese yuan (¥)"),
            "USD": self.tr("US dollar ($)"),
            "EUR": self.tr("Euro (€)"),
            "HKD": self.tr("Hong Kong dollar (HK$)"),
            "TWD": self.tr("New Taiwan dollar (NT$)"),
            "GBP": self.tr("Pound sterling (£)"),
            "JPY": self.tr("Japanese yen (¥)"),
            "SGD": self.tr("Singapore dollar (S$)"),
            "MYR": self.tr("Malaysian ringgit (RM)"),
            "AUD": self.tr("Australian dollar (A$)"),
            "CAD": self.tr("Canadian dollar (CA$)"),
        }

    def relabel(self) -> None:
        """Every currency's name again, in the app's language now."""
        from ui.locale_defaults import currency_name

        names = self.names()
        for index in range(self.count()):
            code = self.itemData(index)
            name = names.get(code) or currency_name(code)
            self.setItemText(index, f"{code} — {name}" if name else code)

    def currency(self) -> str:
        return self.currentData()

    def set_currency(self, code: str) -> None:
        index = self.findData(code)
        if index < 0:
            self.addItem(code, code)
            index = self.count() - 1
            self.relabel()
        self.setCurrentIndex(index)
