"""What tells customers apart: a phone or code nobody else has, and the next generated
codes (the prefix and numbers after the largest in use)."""

from __future__ import annotations

from collections.abc import Iterable

from crm.db import database
from crm.errors import DuplicateCode, DuplicatePhone
from crm.models import Customer
from crm.services import settings

CODE_DIGITS = 6


def _holder(column, value: str, own_id: int | None) -> Customer | None:
    """Another customer (not ``own_id``) whose ``column`` holds ``value``."""
    query = Customer.select(Customer.id, Customer.name, Customer.code).where(column == value)
    if own_id is not None:
        query = query.where(Customer.id != own_id)
    return query.first()


def check_phone_free(phone: str | None, own_id: int | None = None) -> None:
    other = None if phone is None else _holder(Customer.phone, phone, own_id)
    if other is not None:
        raise DuplicatePhone(phone, other.id, other.name, other.code)


def check_code_free(code: str, own_id: int | None = None) -> None:
    other = _holder(Customer.code, code, own_id)
    if other is not None:
        raise DuplicateCode(code, other.id, other.name)


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _number_after(prefix: str, code: str) -> int | None:
    tail = code[len(prefix) :]
    if code.startswith(prefix) and tail.isascii() and tail.isdigit():
        return int(tail)
    return None


def _highest_number(prefix: str) -> int:
    """The largest number any code made of ``prefix`` and digits carries (0 if none)."""
    # One row per code length: the largest code of each length. Among codes of
    # equal length whose tail is all digits, the largest string is the largest number.
    rows = database.execute_sql(
        f"SELECT MAX(code) FROM customer WHERE code LIKE {database.param} ESCAPE '\\' GROUP BY LENGTH(code)",
        (_like_prefix(prefix),),
    ).fetchall()
    highest = 0
    clean = True
    for (code,) in rows:
        number = _number_after(prefix, code)
        if number is not None:
            highest = max(highest, number)
        elif len(code) > len(prefix):
            clean = False  # the largest of this length is not a number: look at all of them
    if not clean:
        query = Customer.select(Customer.code).where(Customer.code.startswith(prefix)).tuples()
        for (code,) in query.iterator():
            number = _number_after(prefix, code)
            if number is not None:
                highest = max(highest, number)
    return highest


def next_codes(count: int, prefix: str | None = None, also_taken: Iterable[str] = ()) -> list[str]:
    """``count`` new codes: the prefix (setting ``code_prefix``) and the numbers after
    the largest one in use, zero-padded to six digits (``C000124``). Derived from the
    largest number, not the count of customers, so deleted customers and imported
    codes never lead to a clash. For bulk inserts (demo, import): one query for all;
    ``also_taken`` are codes about to be written with them (an imported file's own)."""
    prefix = settings.get("code_prefix") if prefix is None else prefix
    start = first_free_number(prefix, also_taken)
    return [f"{prefix}{number:0{CODE_DIGITS}d}" for number in range(start, start + count)]


def first_free_number(prefix: str, also_taken: Iterable[str] = ()) -> int:
    """The number of the first code :func:`next_codes` gives (``also_taken`` read as it
    comes: a million codes are never held)."""
    highest = _highest_number(prefix)
    for code in also_taken:
        number = _number_after(prefix, code)
        if number is not None and number > highest:
            highest = number
    return highest + 1


def next_code(prefix: str | None = None) -> str:
    """The next generated code (see :func:`next_codes`)."""
    return next_codes(1, prefix)[0]
