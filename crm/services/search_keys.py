"""The pure text work on search keys that both engines' search share (:mod:`crm.services.search`
and :mod:`crm.services.search_pg`): where a field ends, what a rule's match holds, LIKE escapes and
the least string past a prefix. No database here."""

from __future__ import annotations

from crm.pinyin import KEY_END, KEY_FIELDS, MARKERS

# The marker that closes each field: the next field's marker, or the key's end.
NEXT = dict(zip(KEY_FIELDS, [MARKERS[f] for f in KEY_FIELDS[1:]] + [KEY_END], strict=True))


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def after(text: str) -> str | None:
    """The least string above every string starting with ``text``, in code point
    order (SQLite's binary order of UTF-8); None when there is none."""
    while text:
        code = ord(text[-1]) + 1
        if code == 0xD800:  # surrogates are not characters
            code = 0xE000
        if code <= 0x10FFFF:
            return text[:-1] + chr(code)
        text = text[:-1]
    return None


def literal(field: str | None, how: str, text: str) -> str:
    """The text every key matching the rule holds, markers included."""
    if field is None or how == "contains":
        return text
    start, end = MARKERS[field], NEXT[field]
    return {"exact": start + text + end, "prefix": start + text, "suffix": text + end}[how]
