"""Counts in English sentences: "1 customer", "2 customers" (the command line, logs, the
level history). The app counts through Qt's plural forms (``tr()`` given the count); Chinese
needs no plural, so crm's Chinese texts put the number in as it is."""

from __future__ import annotations

# The few words whose plural is not singular + "s".
IRREGULAR = {"person": "people", "staff member": "staff members", "is": "are", "was": "were", "has": "have"}


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """The word for ``n`` of them: ``singular`` for exactly one, else its plural."""
    if n == 1:
        return singular
    if plural_form is not None:
        return plural_form
    if singular in IRREGULAR:
        return IRREGULAR[singular]
    if singular.endswith(("s", "x", "ch", "sh")):
        return singular + "es"
    if singular.endswith("y") and singular[-2:-1] not in "aeiou":
        return singular[:-1] + "ies"
    return singular + "s"


def counted(n: int, singular: str, plural_form: str | None = None) -> str:
    """``n`` and its word: "1 customer", "0 customers", "3 communities", "2 people"."""
    return f"{n} {plural(n, singular, plural_form)}"
