"""The cells of a customers import's row, each checked with the customer form's own rules
(:mod:`crm.services.customer_fields`) into the row's values as the import stages them
(:data:`STAGED`), or the row's errors.

A million rows are read here, so each cell costs as few calls as the rules allow: a text
cell is trimmed once, and what a file repeats (names, dates, sets of tags, sources) is
checked once per distinct text. A code or WeChat id of plain printable characters, and a
mobile number of eleven digits, pass the form's rules as they are, without the general
checks they would pass anyway."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from crm.errors import InvalidInput, InvalidPhone
from crm.io import values
from crm.io.importer.columns import source_of
from crm.pinyin import clean_term, contact_parts
from crm.services import customer_fields

if TYPE_CHECKING:
    from crm.io.importer.run import Run


# How many distinct values each check keeps what it said of (a chain's file has some 200,000
# names, most of them once; the common ones are soon kept again after a clearing).
KEPT = 1 << 16
# The columns read as text whatever the cell holds (a number in a code column is its digits).
_AS_TEXT = ("code", "name", "wechat")


def read_phone(value: Any, region: str) -> str | None:
    try:
        return customer_fields.valid_phone(values.text(value), region)
    except InvalidPhone:
        raise InvalidInput("phone", "is not a valid phone number for the shop's region") from None


def _past_day(name: str, value: Any) -> date:
    """Any date a spreadsheet writes, then the customer form's own rules (not in the future,
    not before 1900)."""
    return customer_fields.valid_date(name, values.day(value, name))


def _plain(text: str, longest: int) -> bool:
    """Printable ASCII without a space, at most ``longest`` long: no control character, no
    white space, nothing to trim (what most codes and WeChat ids are)."""
    return len(text) <= longest and text.isascii() and text.isprintable() and " " not in text


def valid_code(text: str) -> str | None:
    return text if _plain(text, customer_fields.CODE_MAX) else customer_fields.valid_code(text)


def valid_wechat(text: str) -> str | None:
    return text if _plain(text, customer_fields.WECHAT_MAX) else customer_fields.valid_wechat(text)


def _once_each(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``check`` asked once per distinct text (a value it refuses raises each time, unkept);
    other cells (a spreadsheet's dates and numbers) every time."""
    seen: dict[str, Any] = {}

    def checked(value: Any) -> Any:
        if type(value) is not str:
            return check(value)
        found = seen.get(value)
        if found is None:
            if len(seen) == KEPT:
                seen.clear()
            found = seen[value] = check(value)
        return found

    return checked


def _source_key(value: Any) -> str:
    key = source_of(values.text(value))
    if key is None:
        # The words a cell may use, not the keys; a fixed reason, so the app words it in its language.
        raise InvalidInput(
            "source",
            "is not a source the app knows: walk-in, referral, community, online, event, import or other"
            " (or 进店, 介绍, 社群, 线上, 活动, 导入, 其他)",
        )
    return key


def _checks(region: str) -> dict[str, Callable[[Any], Any]]:
    """Each field's check of a cell that is not blank (a text cell comes trimmed)."""

    def phone(value: Any) -> str | None:
        return read_phone(value, region)

    return {
        "code": valid_code,
        "name": _once_each(customer_fields.valid_name),  # one copy of each name, too
        "phone": phone,
        "wechat": valid_wechat,
        "birthday": _once_each(lambda value: _past_day("birthday", value)),
        "joined": _once_each(lambda value: _past_day("joined", value)),
        "source": _once_each(_source_key),
        "referrer": lambda value: values.visible(values.text(value)),  # as names are cleaned
        "tags": _once_each(lambda value: tuple(customer_fields.normalize_tags(values.text(value)))),
        "notes": customer_fields.valid_notes,
    }


# What a row is staged as (:mod:`crm.io.importer.staging`), in order: the file's row number,
# the checked cells (``tags`` as the customer table's column), and the parts of a new
# customer's search key after the name's around its code (a generated code is known only
# when written; the name's part, its pinyin, only for the new customers' names, once each).
STAGED = (
    "line", "code", "name", "phone", "wechat", "birthday", "joined", "source", "referrer", "tags", "notes",
    "key_head", "key_code", "key_tail",
)  # fmt: skip
_SLOT = {name: index for index, name in enumerate(STAGED)}


def parser(run: Run) -> Callable[[int, list[Any]], tuple | None]:
    """A function checking one row's cells with the customer form's own rules: the row's
    staged values (:data:`STAGED`), or None when a cell is invalid (each invalid cell told to
    ``run.error``). The checks and their columns are looked up once per import."""
    read = [
        (name, _SLOT[name], run.columns[name], check, name in _AS_TEXT)
        for name, check in _checks(run.region).items()
        if name in run.columns
    ]
    error, text = run.error, values.text
    blank = [None] * len(STAGED)
    tags_slot, head, code_slot, tail = _SLOT["tags"], _SLOT["key_head"], _SLOT["key_code"], _SLOT["key_tail"]

    def parse(number: int, cells: list[Any]) -> tuple | None:
        row = blank.copy()
        row[0] = number
        ok = True
        size = len(cells)
        for name, slot, index, check, as_text in read:
            if index >= size:
                continue
            value = cells[index]
            if type(value) is str:
                value = value.strip()  # as values.text reads it, and every check begins with
                if not value:
                    continue
            elif value is None:
                continue
            elif as_text:
                value = text(value)
            try:
                row[slot] = check(value)
            except InvalidInput as exc:
                error(number, name, value, exc.reason)
                ok = False
        if not ok:
            return None
        row[tags_slot] = customer_fields.tags_column(row[tags_slot] or ())
        if row[2] is not None:  # a name: the row may be a new customer's
            row[head], row[tail] = contact_parts(row[3], row[4])
            row[code_slot] = clean_term(row[1]) if row[1] else None
        return tuple(row)

    return parse
