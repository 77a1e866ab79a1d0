"""A new shop's currency and phone region, from the computer's own locale.

Qt knows each locale's territory and its currency (CLDR data), so a British
owner starts in pounds with +44 phones and a Hong Kong owner in HK$ with +852,
without a table of our own. A locale that names no territory ("C", a bare
language) falls back to the shop defaults: yuan and Chinese mobiles.
"""

from __future__ import annotations

import phonenumbers
from PySide6.QtCore import QLocale

from crm.services.settings import DEFAULTS


def shop_defaults(locale: QLocale | None = None) -> tuple[str, str]:
    """``(currency, phone region)`` for ``locale`` (the system's by default), e.g. en_GB → GBP, GB."""
    locale = QLocale.system() if locale is None else locale
    region = ""
    if locale.territory() != QLocale.Country.AnyTerritory:
        region = QLocale.territoryToCode(locale.territory()).upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        return str(DEFAULTS["currency"]), str(DEFAULTS["phone_region"])
    currency = locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode).upper()
    if len(currency) != 3 or not currency.isalpha():
        currency = str(DEFAULTS["currency"])
    return currency, region


def currency_name(code: str) -> str:
    """Qt's name of a currency the app has no translated name for, in the app's language
    when a locale of that language uses it, else in English, else as that locale says it."""
    iso = QLocale.CurrencySymbolFormat.CurrencyIsoCode
    users = [
        locale
        for locale in QLocale.matchingLocales(
            QLocale.Language.AnyLanguage, QLocale.Script.AnyScript, QLocale.Country.AnyTerritory
        )
        if locale.currencySymbol(iso) == code
    ]
    for language in (QLocale().language(), QLocale.Language.English):
        for locale in users:
            if locale.language() == language:
                return locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyDisplayName)
    return users[0].currencySymbol(QLocale.CurrencySymbolFormat.CurrencyDisplayName) if users else ""
