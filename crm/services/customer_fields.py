"""A customer's fields checked and cleaned: every write (the forms, the importer) takes
its values through these, so a name, code or date means the same wherever it came from."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from crm import clock, dates
from crm.errors import InvalidInput
from crm.io.values import visible
from crm.phones import normalize_phone

SOURCES = ("walk_in", "referral", "community", "online", "event", "import", "other")
NAME_MAX = 100
CODE_MAX = 40
WECHAT_MAX = 100

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TAG_JUNK = re.compile(r"[,，\x00-\x1f\x7f]")


def valid_name(value: Any) -> str:
    """Invisible characters (NUL, zero-width, direction overrides) are removed first."""
    name = visible(str(value or "")).strip()
    if not name:
        raise InvalidInput("name", "is required")
    if len(name) > NAME_MAX:
        raise InvalidInput("name", f"is longer than {NAME_MAX} characters")
    if _CONTROL.search(name):
        raise InvalidInput("name", "contains control characters")
    return name


def valid_phone(value: Any, region: str) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    return normalize_phone(str(value), region)


def _optional_text(value: Any, field: str, limit: int) -> str | None:
    """Stripped text of at most ``limit`` characters; None for nothing or only spaces."""
    text = None if value is None else str(value).strip()
    if not text:
        return None
    if len(text) > limit:
        raise InvalidInput(field, f"is longer than {limit} characters")
    return text


def valid_code(value: Any) -> str | None:
    code = _optional_text(value, "code", CODE_MAX)
    if code is not None and (_CONTROL.search(code) or any(ch.isspace() for ch in code)):
        raise InvalidInput("code", "may not contain spaces or control characters")
    return code


def valid_wechat(value: Any) -> str | None:
    wechat = _optional_text(value, "wechat", WECHAT_MAX)
    if wechat is not None and _CONTROL.search(wechat):
        raise InvalidInput("wechat", "contains control characters")
    return wechat


def valid_date(field: str, value: Any, *, required: bool = False) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(field, "is required")
        return None
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = dates.parse(value.strip(), dates.ISO_DAY)[0]
        except ValueError:
            raise InvalidInput(field, f"{value!r} is not a date (YYYY-MM-DD)") from None
    elif not isinstance(value, date):
        raise InvalidInput(field, f"{value!r} is not a date")
    if value > clock.today():
        raise InvalidInput(field, "is in the future")
    if value.year < 1900:
        raise InvalidInput(field, "is before 1900")
    return value


def valid_source(value: Any) -> str:
    source = str(value or "").strip()
    if source not in SOURCES:
        raise InvalidInput("source", f"{source!r} is not one of {', '.join(SOURCES)}")
    return source


def normalize_tags(tags: Iterable[str] | str | None) -> list[str]:
    """Tags stripped, without commas, without duplicates, in the given order.
    A string is split on commas (also the full-width ``，``), on the enumeration comma ``、``
    Chinese lists are written with, and on semicolons (``;`` and ``；``)."""
    if tags is None:
        return []
    if isinstance(tags, str):
        tags = re.split(r"[,，、;；]", tags)
    out: list[str] = []
    for tag in tags:
        clean = _TAG_JUNK.sub("", str(tag)).strip()
        if clean and clean not in out:
            out.append(clean)
    return out


def tags_column(tags: list[str]) -> str:
    return "," + ",".join(tags) + "," if tags else ""


def tags_list(column: str | None) -> list[str]:
    return [t for t in (column or "").split(",") if t]


def valid_notes(value: Any) -> str:
    return "" if value is None else str(value).strip()
