"""Cells for every workbook the app writes: user text stays text (SPEC 8).

openpyxl guesses a cell's type from its value: a string starting with ``=`` becomes
a formula (``=HYPERLINK("http://x","click")`` in a customer's name would be a live
link in the owner's spreadsheet), a string such as ``#N/A`` an error value, and a
string holding a control character raises ``IllegalCharacterError`` halfway
through a report. Every workbook the app writes (the monthly report, the invalid
rows of an import, the import templates, one customer's data) builds its cells
here: text is written as a string cell whatever it looks like, numbers and dates
stay numbers and dates.

Text starting with ``+``, ``-``, ``@``, a tab or a carriage return is already a
string cell in an .xlsx file (only CSV readers evaluate those), so only what
openpyxl would turn into something else needs a cell of its own; everything else
is appended as the plain value, which keeps 100,000-row sheets fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FILL = PatternFill("solid", fgColor="37474F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
NO_FILL = PatternFill(fill_type=None)
MAX_TEXT = 32_767  # Excel's limit for one cell

_find_illegal = ILLEGAL_CHARACTERS_RE.search
_RISKY_FIRST = frozenset("=#")  # a formula, or one of Excel's error values


def clean_text(text: str) -> str:
    """``text`` without the control characters a workbook cannot hold, cut to Excel's cell limit."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_TEXT]


def needs_text_cell(value: Any) -> bool:
    """True for a string openpyxl would not store as the text it is."""
    return (
        value.__class__ is str
        and value != ""
        and (value[0] in _RISKY_FIRST or len(value) > MAX_TEXT or _find_illegal(value) is not None)
    )


def text_cell(ws, text: str) -> WriteOnlyCell:
    """A string cell holding ``text`` as text, never a formula or an error value."""
    cell = WriteOnlyCell(ws)
    cell.value = clean_text(text)
    cell.data_type = "s"
    return cell


def safe(ws, value: Any) -> Any:
    """``value`` as it should be appended to a write-only sheet: itself when openpyxl keeps
    it as written, else a text cell; an empty text is an empty cell."""
    if value.__class__ is not str:
        return value
    if not value:
        return None
    if value[0] in _RISKY_FIRST or len(value) > MAX_TEXT or _find_illegal(value) is not None:
        return text_cell(ws, value)
    return value


def safe_row(ws, values: Iterable[Any]) -> list[Any]:
    return [safe(ws, v) for v in values]


# What a spreadsheet reads as a formula, or as an error value, when it opens a CSV file.
_CSV_RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """``text`` as a CSV field that a spreadsheet opens as this text: without the control
    characters a workbook cannot hold, and behind an apostrophe when it would be read as a
    formula (``=…``, ``+…``, ``-…``, ``@…``) or an error value (``#N/A``)."""
    if not text:
        return ""
    if text.startswith(_CSV_RISKY_FIRST) or text.strip().upper() in ERROR_CODES:
        return "'" + clean_text(text)
    return clean_text(text)


def cell(
    ws, value: Any, *, fmt: str | None = None, **style: Font | PatternFill | Alignment | None
) -> WriteOnlyCell:
    """A styled cell: text as text, numbers and dates as themselves; ``fmt`` is its number
    format and ``style`` its ``font``, ``fill`` or ``alignment`` (None leaves one as it is)."""
    made = WriteOnlyCell(ws)
    if isinstance(value, str) and value:
        made.value = clean_text(value)
        made.data_type = "s"
    elif not isinstance(value, str):
        made.value = value
    if fmt:
        made.number_format = fmt
    for name, part in style.items():
        if name not in ("font", "fill", "alignment"):
            raise TypeError(f"cell() has no style {name!r}")
        if part is not None:
            setattr(made, name, part)
    return made


def new_workbook() -> Workbook:
    """A streamed (write-only) workbook: rows go to disk as they are appended."""
    return Workbook(write_only=True)


def add_sheet(
    book: Workbook,
    title: str,
    headers: list[str],
    widths: list[int],
    *,
    wrap: bool = False,
    font=None,
    fill=None,
    prepare=None,
):
    """A sheet with a frozen, styled header row and column widths; ``prepare(ws)`` runs before
    the header row is written (a write-only sheet's properties, such as its page setup,
    are streamed with its first row)."""
    ws = book.create_sheet(clean_text(title)[:31])
    if prepare is not None:
        prepare(ws)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    alignment = Alignment(vertical="center", wrap_text=True) if wrap else None
    ws.append(
        [
            cell(
                ws,
                text,
                font=font or HEADER_FONT,
                fill=HEADER_FILL if fill is None else fill,
                alignment=alignment,
            )
            for text in headers
        ]
    )
    return ws


# Excel's last row is 1,048,576: a sheet holds this many rows under its header, and a chain's
# customers beyond them go on in the next sheet ("Customers (2)", …).
ROWS_PER_SHEET = 1_048_575


def part_title(title: str, part: int) -> str:
    """The title of a sheet's ``part``-th continuation: the title itself, then "title (2)", …"""
    return title if part == 1 else f"{title} ({part})"


def filter_all(ws, columns: int, rows: int) -> None:
    """An auto-filter over the header row and ``rows`` rows below it."""
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, columns))}{rows + 1}"


__all__ = [
    "ERROR_CODES",
    "ROWS_PER_SHEET",
    "part_title",
    "HEADER_FILL",
    "HEADER_FONT",
    "NO_FILL",
    "add_sheet",
    "cell",
    "clean_text",
    "csv_text",
    "filter_all",
    "needs_text_cell",
    "new_workbook",
    "safe",
    "safe_row",
    "text_cell",
]
