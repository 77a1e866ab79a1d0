"""Money as integer minor units (cents): parsing what people type, formatting for display."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from crm.errors import InvalidInput

MAX_MINOR = 10**12  # ten billion in major units: far above any shop's single visit

_SYMBOLS = {
    "CNY": "¥",
    "RMB": "¥",
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "HKD": "HK$",
    "TWD": "NT$",
    "JPY": "¥",
    "SGD": "S$",
    "MYR": "RM",
    "AUD": "A$",
    "CAD": "CA$",
}


def parse_amount(text: str | int | float | Decimal, field: str = "amount") -> int:
    """'12.5', '¥1,234.50', '１２' (full-width), 12.5 → minor units; refuses more than 2 decimals."""
    if isinstance(text, bool):
        raise InvalidInput(field, "is not an amount")
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(repr(text))
    elif isinstance(text, Decimal):
        value = text
    else:
        cleaned = str(text).strip().translate(_FULL_WIDTH)
        for mark in (
            "HK$",
            "NT$",
            "CA$",
            "S$",
            "A$",
            "RM",
            "¥",
            "￥",
            "$",
            "€",
            "£",
            "元",
            ",",
            " ",
            "RMB",
            "CNY",
        ):
            cleaned = cleaned.replace(mark, "")
        if not cleaned:
            raise InvalidInput(field, "is empty")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise InvalidInput(field, "is not an amount") from None
    if not value.is_finite():
        raise InvalidInput(field, "is not an amount")
    if abs(value) > MAX_MINOR:  # before quantize, which cannot hold a number this long
        raise InvalidInput(field, "is too large")
    if value != value.quantize(Decimal("0.01")):
        raise InvalidInput(field, "has more than 2 decimal places")
    minor = int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if abs(minor) > MAX_MINOR:
        raise InvalidInput(field, "is too large")
    return minor


def to_major(minor: int) -> Decimal:
    return (Decimal(minor) / 100).quantize(Decimal("0.01"))


def format_amount(minor: int, currency: str = "CNY", symbol: bool = True) -> str:
    value = to_major(minor)
    sign = "-" if value < 0 else ""
    text = f"{abs(value):,.2f}"
    if not symbol:
        return sign + text
    return f"{sign}{_SYMBOLS.get(currency.upper(), currency.upper() + ' ')}{text}"


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
