"""Phone numbers: one stored form (E.164), shown in the national format.

Counter staff type numbers every way a phone is written in China: with spaces
or dashes, with ``+86`` or ``0086`` in front, in full-width digits from a
Chinese input method. All of them become the same E.164 string, so the
unique phone column really means one customer per phone.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from crm.errors import InvalidPhone

# The phone library (about 50 ms to import) is imported where a number needs it, so the
# common Chinese mobile is read and shown without it, and the app starts without it.

# Characters people put between digits; anything else (letters above all: the
# library would read "138abcd5678" as a vanity number) makes the input invalid.
_ALLOWED = re.compile(r"^[0-9 +\-().]+$")
_LONGEST = 30


_SEPARATORS = re.compile(r"[ \-().]")


@functools.lru_cache(maxsize=1)
def _cn_mobile_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The phone library's own patterns for a Chinese mobile and any Chinese number."""
    from phonenumbers.phonemetadata import PhoneMetadata

    metadata = PhoneMetadata.metadata_for_region("CN")
    return re.compile(metadata.mobile.national_number_pattern), re.compile(
        metadata.general_desc.national_number_pattern
    )


def _cn_mobile(text: str, region: str) -> str | None:
    """The E.164 form of a Chinese mobile number, checked with the library's own patterns
    but without its full parse: an import reads 100,000 of them (1.5 s instead of 0.1 s).
    None for anything else, which then takes the library's full path."""
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086") and region == "CN":
        digits = digits[4:]
    elif region != "CN":
        return None
    return _cn_national_mobile(digits)


def _cn_national_mobile(digits: str) -> str | None:
    """``+86`` and ``digits`` when they are a Chinese mobile's eleven digits, else None."""
    if len(digits) != 11 or digits[0] != "1" or not digits.isdigit():
        return None
    mobile, general = _cn_mobile_patterns()
    if mobile.fullmatch(digits) and general.fullmatch(digits):
        return "+86" + digits
    return None


def normalize_phone(raw: str, region: str) -> str:
    """``raw`` as E.164 (``+8613812345678``); numbers without a country code are read
    in ``region`` (e.g. ``CN``). Raises :class:`InvalidPhone` when it is not a valid number."""
    if region == "CN" and type(raw) is str and len(raw) == 11 and raw.isascii() and raw.isdigit():
        # A mobile as most people write it (an import reads a million): nothing to clean.
        fast = _cn_national_mobile(raw)
        if fast is not None:
            return fast
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    if not text or len(text) > _LONGEST or not _ALLOWED.match(text):
        raise InvalidPhone(str(raw), region)
    fast = _cn_mobile(text, region)
    if fast is not None:
        return fast
    return library_normalize(text, raw, region)


def library_normalize(text: str, raw: str, region: str) -> str:
    """The phone library's full parse and validation of ``text`` (already cleaned)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InvalidPhone(str(raw), region) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(str(raw), region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _is_cn_mobile(e164: str) -> bool:
    # The common case, formatted without the library: 100k rows in a list must be cheap.
    return len(e164) == 14 and e164.startswith("+861") and e164[1:].isdigit()


def display_phone(e164: str | None, region: str | None = None) -> str:
    """The national format (``138 1234 5678``); a number from another country than
    ``region`` is shown in the international format (``+1 202-555-0123``)."""
    if not e164:
        return ""
    if _is_cn_mobile(e164) and region in (None, "CN"):
        digits = e164[3:]
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if region is not None and phonenumbers.region_code_for_number(number) != region.upper():
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone_digits(e164: str | None) -> str:
    """The national significant number (``13812345678``), what people search by."""
    if not e164:
        return ""
    if _is_cn_mobile(e164):
        return e164[3:]
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return "".join(ch for ch in e164 if ch.isdigit())
    return phonenumbers.national_significant_number(number)
