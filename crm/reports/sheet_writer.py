"""Write-only sheets that stay fast over 100,000 rows (SPEC 5).

Styled cells are made once per column and re-used for every row: openpyxl
streams each cell as soon as it is appended, and a fresh styled cell per value
would cost more than the data itself.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font

from crm.io.sheets import add_sheet, filter_all, safe_row
from crm.reports import printing, row_xml

MONEY_FORMAT = "#,##0.00"  # an amount without its currency; the report uses printing.money_format


RATE_FORMAT = "0.0%"


INT_FORMAT = "#,##0"


TITLE_FONT = Font(bold=True, size=14)


class _ReusedCell(Cell):
    """A styled cell re-used for every row of its column. openpyxl recognises a cell
    among the appended values by failing to store it as a value, and that error's
    message formats the cell's repr; a short repr keeps this cheap over 100,000 rows.
    Its style never changes once it is in use, so the writer's two questions about it
    (has it a style, and which) are answered once instead of per row."""

    __slots__ = ("_style_id",)
    has_style = True

    def __repr__(self) -> str:
        return "<cell>"

    @property
    def style_id(self) -> int:
        try:
            return self._style_id
        except AttributeError:
            self._style_id = super().style_id
            return self._style_id


def _reused_cell(ws, number_format: str) -> Cell:
    cell = _ReusedCell(ws)
    cell.number_format = number_format
    return cell


class Sheet:
    """A write-only sheet with a header row, column widths and per-column cell formats;
    text is appended as text (``crm.io.sheets``). It prints landscape, one page wide. Its rows
    are written by :mod:`crm.reports.row_xml`: a number may be appended bare in a column
    with a format, which it is given there."""

    def __init__(
        self, wb: Workbook, title: str, headers: list[str], widths: list[int], formats: list[str | None]
    ):
        self.cells: list[Cell | None] = []

        def prepare(ws) -> None:
            printing.prepare(ws)
            printing.fit_row(ws, 1, zip(headers, widths, strict=True))
            self.cells.extend(None if fmt is None else _reused_cell(ws, fmt) for fmt in formats)
            row_xml.install(ws, self.cells)  # before the header row starts the sheet's writer

        self.ws = add_sheet(wb, title, headers, widths, wrap=True, prepare=prepare)
        self.headers = headers
        self.width = len(headers)
        self._styled = [(index, cell) for index, cell in enumerate(self.cells) if cell is not None]
        self.rows = 0

    def append(self, values) -> None:
        values = safe_row(self.ws, values)
        for index, cell in self._styled:
            value = values[index]
            # A bare number is styled by the row writer; anything else goes in the styled cell.
            if value is not None and value.__class__ is not int and value.__class__ is not float:
                cell.value = value
                values[index] = cell
        self.ws.append(values)
        self.rows += 1

    def finish(self) -> None:
        filter_all(self.ws, self.width, self.rows)


def simple_sheet(wb, title, headers, widths, formats, rows) -> None:
    sheet = Sheet(wb, title, headers, widths, formats)
    for row in rows:
        sheet.append(row)
    sheet.finish()
