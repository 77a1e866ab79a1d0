"""The phone region and currency pickers the settings and the shop's first start share."""

from __future__ import annotations

import phonenumbers
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox, QWidget

from ui.words import currency_title, region_title

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


class CodeCombo(QComboBox):
    """A choice of codes (phone regions, currencies), each item's data its code and its text
    in the app's language; a code the list lacks is added when it is chosen."""

    def names(self) -> dict[str, str]:
        """The codes' names in the app's language (with the combo's own ``tr``)."""
        raise NotImplementedError

    def item_text(self, code: str, names: dict[str, str]) -> str | None:
        """What the item of ``code`` reads; None leaves it as it is."""
        raise NotImplementedError

    def relabel(self) -> None:
        """The items' texts again, in the app's language now."""
        names = self.names()
        for index in range(self.count()):
            code = self.itemData(index)
            text = None if code is None else self.item_text(code, names)  # None: the separator
            if text is not None:
                self.setItemText(index, text)

    def choose(self, code: str) -> None:
        index = self.findData(code)
        if index < 0:
            self.addItem(code, code)
            index = self.count() - 1
            self.relabel()
        self.setCurrentIndex(index)


class RegionCombo(CodeCombo):
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

    def names(self) -> dict[str, str]:
        """The common regions' names; the rest keep Qt's English names."""
        return {code: region_title(code) for code in COMMON_REGIONS}

    def item_text(self, code: str, names: dict[str, str]) -> str | None:
        return region_label(code, names[code]) if code in names else None

    def region(self) -> str:
        return self.currentData() or "CN"

    def set_region(self, code: str) -> None:
        self.choose((code or "CN").upper())


class CurrencyCombo(CodeCombo):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        for code in CURRENCIES:
            self.addItem(code, code)
        self.relabel()

    def names(self) -> dict[str, str]:
        return {code: currency_title(code) for code in CURRENCIES}

    def item_text(self, code: str, names: dict[str, str]) -> str | None:
        from ui.locale_defaults import currency_name

        name = names.get(code) or currency_name(code)
        return f"{code} — {name}" if name else code

    def currency(self) -> str:
        return self.currentData()

    def set_currency(self, code: str) -> None:
        self.choose(code)
