"""The report's big sheets, written a row at a time as XML text (SPEC 7).

openpyxl's write-only sheet makes a cell object of every appended value, guesses its
type and writes it through nested lxml element contexts: about 8 µs a cell, most of a
100,000-customer report's time (the export budget of SPEC 7 is 1.5 times a bare dump of
the same rows through that very path). A sheet given :func:`install` has a writer that
turns a row of plain values (text, numbers, dates, None) and cells into the bytes openpyxl
writes for it and puts them straight into the sheet's file, between what lxml writes there
(the sheet's head and tail, and any row left to openpyxl). The file holds the same bytes.
A row holding anything else (a formula, an error value, a hyperlink, a comment, a row with
a height of its own, text a workbook cannot hold) goes through openpyxl's own path, which
writes or refuses it as it always did.

Numbers may be appended bare in columns that have a format: the writer gives them the
style of that column's cell (openpyxl would need a styled cell object per value).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml import LXML
from openpyxl.xml.constants import SHEET_MAIN_NS

MAX_TEXT = 32_767  # openpyxl cuts text there; such a rare row is left to it
# Text as element content, as lxml writes it: "\r" as a reference (a parser reads a bare one
# as "\n"), anything beyond ASCII as a character reference (the file has no encoding of its own).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_NEEDS_ESCAPE = ("&", "<", ">", "\r")
# What no XML text may hold: openpyxl's illegal characters, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DATES = (date, datetime, time, timedelta)
DATES_KEPT = 20_000  # serial numbers kept: a shop's history has a few thousand distinct days


def _number(value) -> str:
    """A number as openpyxl writes it (``safe_string``): 16 significant digits, nothing for
    NaN and the infinities."""
    return "%.16g" % value if math.isfinite(value) else ""  # noqa: UP031 - openpyxl's own format


def _text(value: str) -> str | None:
    """The ``<t>`` element of a text cell, or None for text openpyxl must see itself."""
    if len(value) > MAX_TEXT or _NOT_XML.search(value) is not None:
        return None
    body = value
    for mark in _NEEDS_ESCAPE:
        if mark in body:
            body = body.translate(_ESCAPES)
            break
    if value != value.strip():
        return f'<t xml:space="preserve">{body}</t>'
    return f"<t>{body}</t>"


class RowWriter(WorksheetWriter):
    """openpyxl's writer of one write-only sheet, writing the rows it can as text (see the
    module's docstring). ``number_cells[i]``, when given, styles the bare numbers of column i."""

    def __init__(self, ws: WriteOnlyWorksheet, number_cells: Sequence[Cell | None] = ()):
        self.file = None
        self.lxml_pending = True  # lxml may hold bytes not yet in the file
        self.letters: list[str] = []
        self.number_cells = list(number_cells)
        self.number_styles: list[str | None] = [None] * len(self.number_cells)
        self.date_styles: dict[type, str] = {}  # a date's style: its type's default format
        self.date_values: dict = {}  # a date's serial number, as text
        workbook = ws.parent
        self.epoch, self.iso_dates = workbook.epoch, workbook.iso_dates
        super().__init__(ws)

    def get_stream(self):
        """openpyxl's stream of the sheet's XML, over a file this writer also writes rows to."""
        from lxml.etree import xmlfile

        with open(self.out, "wb") as self.file, xmlfile(self.file) as xf:
            with xf.element("worksheet", xmlns=SHEET_MAIN_NS):
                try:
                    while True:
                        element = yield
                        if element is True:
                            self.lxml_pending = True
                            yield xf
                        elif element is not None:
                            self.lxml_pending = True
                            xf.write(element)
                except GeneratorExit:
                    pass

    def write_row(self, xf, values, row_idx: int) -> None:
        text = self.row_text(values, row_idx)
        if text is None:
            cells = WriteOnlyWorksheet._values_to_row(self.ws, self.styled(values), row_idx)
            super().write_row(xf, cells, row_idx)
            self.lxml_pending = True
            return
        if self.lxml_pending:
            xf.flush()
            self.lxml_pending = False
        self.file.write(text.encode("ascii", "xmlcharrefreplace"))

    def styled(self, values) -> list:
        return _styled(self.ws, self.number_cells, values)

    def number_style(self, column: int) -> str:
        """The style attribute of a bare number in ``column``."""
        if column >= len(self.number_cells) or self.number_cells[column] is None:
            return ""
        style = self.number_styles[column]
        if style is None:
            style = self.number_styles[column] = f' s="{self.number_cells[column].style_id}"'
        return style

    def row_text(self, values, row_idx: int) -> str | None:
        """The row as XML, or None when openpyxl should write it."""
        if row_idx in self.ws.row_dimensions:
            return None
        r = str(row_idx)
        letters = self.letters
        while len(letters) < len(values):
            letters.append(get_column_letter(len(letters) + 1))
        parts = [f'<row r="{r}">']
        add = parts.append
        for column, value in enumerate(values):
            if value is None:
                continue
            kind = value.__class__
            if kind is str:
                if not value:
                    add(f'<c r="{letters[column]}{r}" t="inlineStr"></c>')
                    continue
                if value[0] in "=#" and len(value) > 1:  # a formula or an error value
                    return None
                text = _text(value)
                if text is None:
                    return None
                add(f'<c r="{letters[column]}{r}" t="inlineStr"><is>{text}</is></c>')
            elif kind is int or kind is float:
                style = self.number_style(column)
                add(f'<c r="{letters[column]}{r}"{style} t="n"><v>{_number(value)}</v></c>')
            elif kind is bool:
                add(f'<c r="{letters[column]}{r}" t="b"><v>{int(value)}</v></c>')
            elif kind in _DATES:
                text = self.date_text(value, letters[column] + r)
                if text is None:
                    return None
                add(text)
            elif isinstance(value, Cell):
                text = self.cell_text(value, letters[column] + r)
                if text is None:
                    return None
                add(text)
            else:  # a type openpyxl may know (Decimal, numpy) or refuse
                return None
        add("</row>")
        return "".join(parts)

    def date_text(self, value, ref: str) -> str | None:
        """A date, time or duration as openpyxl writes one: a serial number in a cell with its
        type's default format."""
        if self.iso_dates or getattr(value, "tzinfo", None) is not None:
            return None
        kind = value.__class__
        style = self.date_styles.get(kind)
        if style is None:
            style = self.date_styles[kind] = str(WriteOnlyCell(self.ws, value).style_id)
        serial = self.date_values.get(value)
        if serial is None:
            if len(self.date_values) >= DATES_KEPT:
                self.date_values.clear()
            serial = self.date_values[value] = _number(to_excel(value, self.epoch))
        return f'<c r="{ref}" s="{style}" t="n"><v>{serial}</v></c>'

    def cell_text(self, cell: Cell, ref: str) -> str | None:
        """A cell appended as such (a styled or text cell) as openpyxl writes it."""
        if cell._comment is not None or cell.hyperlink is not None:
            return None
        kind, value, styled = cell.data_type, cell._value, cell.has_style
        if value is None and not styled:
            return ""
        if kind not in ("s", "n", "b"):  # a date, a formula, an error value
            return None
        style = f' s="{cell.style_id}"' if styled else ""
        if value is None or value == "":
            return f'<c r="{ref}"{style} t="{"inlineStr" if kind == "s" else kind}"></c>'
        if kind == "s":
            text = _text(value) if value.__class__ is str else None
            return None if text is None else f'<c r="{ref}"{style} t="inlineStr"><is>{text}</is></c>'
        if value.__class__ not in (int, float, bool):
            return None
        return f'<c r="{ref}"{style} t="{kind}"><v>{_number(value)}</v></c>'


def _styled(ws, number_cells: list, values) -> list:
    """The row with its bare numbers in cells styled as their column's cell, for openpyxl's
    own path."""
    out = list(values)
    for column, cell in enumerate(number_cells[: len(out)]):
        value = out[column]
        if cell is not None and (value.__class__ is int or value.__class__ is float):
            fresh = WriteOnlyCell(ws, value)
            fresh.number_format = cell.number_format
            out[column] = fresh
    return out


def _as_given(values, row_idx: int):
    """openpyxl's first step, deferred: the writer takes a row's values as they came."""
    return values


def install(ws: WriteOnlyWorksheet, number_cells: Sequence[Cell | None] = ()) -> None:
    """Write the rows of ``ws`` (write-only, no row appended yet) with a :class:`RowWriter`;
    ``number_cells[i]``, when given, styles the bare numbers appended in column i. Where
    openpyxl writes without lxml, the rows go its own way, with the numbers so styled."""
    if ws._writer is not None:
        raise ValueError("install the row writer before the first row is appended")
    cells = list(number_cells)
    if not LXML:
        values_to_row = ws._values_to_row

        def styled_values_to_row(values, row_idx: int):
            return values_to_row(_styled(ws, cells, values), row_idx)

        ws._values_to_row = styled_values_to_row
        return

    def start_writer() -> None:  # what openpyxl does at the first row, with this writer
        if ws._writer is None:
            ws._writer = RowWriter(ws, cells)
            ws._writer.write_top()

    ws._get_writer = start_writer
    ws._values_to_row = _as_given
