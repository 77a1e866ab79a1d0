"""Reading a table a shop owner hands us: CSV in whatever encoding and separator
their spreadsheet wrote, or an Excel workbook.

CSV: UTF-8 (with or without the byte-order mark Excel adds) or GB18030, the
superset of the GBK that Chinese Excel writes; separated by commas, semicolons
or tabs, whichever the header line uses most. XLSX: the first sheet, values as
Excel stores them (numbers, dates, text). Either way the result is a header
row and the data rows, each with its row number as the spreadsheet shows it.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crm.db import is_open_shop_file
from crm.errors import UnreadableFile
from crm.io import limits as checks

SEPARATORS = (",", ";", "\t")
_BINARY = bytes(i for i in range(32) if chr(i) not in "\t\n\r\f")  # control bytes no text has
_PIECE = 1 << 20  # a CSV file is checked a megabyte at a time
MAX_BYTES = 512 * 1024 * 1024  # beyond any shop's export; a guard against a wrong file


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (row number, values); the header is row 1
    encoding: str | None = None  # CSV only
    separator: str | None = None  # CSV only
    close: Any = field(default=lambda: None, repr=False)


def read_table(path: str | Path, limits=None) -> Table:
    """The header and rows of a CSV or XLSX file; :class:`UnreadableFile` when it cannot be read.
    ``limits`` (:class:`crm.io.limits.Limits`) bounds a workbook's size; the defaults of SPEC 8."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise UnreadableFile(str(path), "no such file")
    if is_open_shop_file(path):
        raise UnreadableFile(str(path), "that is the shop's own database, not a table to import")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UnreadableFile(str(path), "the file is too large to be a table of customers or visits")
        with path.open("rb") as handle:
            start = handle.read(4)
    except OSError as exc:
        raise UnreadableFile(str(path), exc.strerror or str(exc)) from None
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".numbers", ".ods"):
        raise UnreadableFile(str(path), "this kind of spreadsheet cannot be read; save it as .xlsx or .csv")
    if start.startswith(b"PK") or suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, limits)
    return _read_csv(path)


def _encoding(path: Path, start: bytes) -> str:
    """The file's text encoding, checked over the whole file so a bad byte is found now (read
    a piece at a time: a file of a million customers is not decoded whole in memory)."""
    if start.startswith(b"\xef\xbb\xbf"):
        return _decodes(path, "utf-8-sig") or _unreadable(path)
    return _decodes(path, "utf-8") or _decodes(path, "gb18030") or _unreadable(path)


def _decodes(path: Path, encoding: str) -> str | None:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while piece := handle.read(_PIECE):
                decoder.decode(piece)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    except OSError as exc:
        raise UnreadableFile(str(path), exc.strerror or str(exc)) from None
    return encoding


def _unreadable(path: Path) -> str:
    raise UnreadableFile(str(path), "the text is neither UTF-8 nor GB18030/GBK")


def _separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(path: Path) -> Table:
    try:
        with path.open("rb") as handle:
            data = handle.read(_PIECE)
    except OSError as exc:
        raise UnreadableFile(str(path), exc.strerror or str(exc)) from None
    start = data[:4096]
    controls = len(start) - len(start.translate(None, _BINARY))
    if controls > max(2, len(start) // 100):  # a stray NUL is removed (see _without_nul); many: not text
        raise UnreadableFile(str(path), "this is not a text (CSV) file")
    encoding = _encoding(path, data)
    first_line = data.split(b"\n", 1)[0].decode(encoding, errors="replace")
    del data
    separator = _separator(first_line)
    # Read again as a stream: the rows are never all in memory as text.
    handle = path.open(encoding=encoding, newline="")
    # NUL goes (see _without_nul), here line by line: cheaper than cell by cell.
    lines = (line.replace("\x00", "") if "\x00" in line else line for line in handle)
    reader = csv.reader(lines, delimiter=separator, strict=True)
    try:
        headers = next(reader, None)
    except csv.Error as exc:
        handle.close()
        raise UnreadableFile(str(path), f"the header line is broken ({exc})") from None
    if not headers or not any(h.strip() for h in headers):
        handle.close()
        raise UnreadableFile(str(path), "the file is empty or has no header line")

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        try:
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise UnreadableFile(str(path), f"row {number + 1} is broken ({exc})") from None
                number += 1
                if "".join(values).strip():  # a cell that is not blank
                    yield number, values
        finally:
            handle.close()

    return Table([h.strip() for h in headers], rows(), encoding, separator, close=handle.close)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _without_nul(values: list[Any]) -> list[Any]:
    """NUL is removed from every text cell: PostgreSQL cannot store it and SQLite would,
    so both shops get the same text (a damaged export's stray bytes)."""
    return [v.replace("\x00", "") if isinstance(v, str) and "\x00" in v else v for v in values]


def _sheet_rows(book, sheet) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """The sheet's rows as (row number, cells as openpyxl parses them); a formula cell
    with no saved value is :data:`values.NO_SAVED_VALUE`, not an empty cell.

    openpyxl's own read-only rows give None for such a cell (with ``data_only``), the
    same as for an empty one; its sheet parser is used here with that one difference."""
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    from crm.io.values import NO_SAVED_VALUE

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                # An empty <v> of a text formula is a saved value: the formula gives "".
                if element.get("t") != "str" or element.find(VALUE_TAG) is None:
                    cell["value"] = NO_SAVED_VALUE
            return cell

    with sheet._get_source() as source:
        parser = Parser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        yield from parser.parse()


def _read_xlsx(path: Path, limits=None) -> Table:
    from openpyxl import load_workbook

    limits = limits or checks.DEFAULT
    checks.check_workbook(path, limits)  # before openpyxl parses anything
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise UnreadableFile(str(path), exc.strerror or str(exc)) from None
    except SyntaxError as exc:  # ElementTree's and lxml's parse errors
        raise checks.BrokenWorkbook(str(path), checks.BROKEN_XML, str(exc)) from None
    except Exception:  # a part missing or not what its type says: not a workbook
        raise UnreadableFile(str(path), "the file is not a valid .xlsx workbook") from None
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        book.close()
        raise UnreadableFile(str(path), "the workbook has no sheet")
    parsed = _sheet_rows(book, sheet)
    counted = 0
    width = 16384  # Excel's last column, XFD; the header's width once it is known

    def cells() -> Iterator[tuple[int, list[Any]]]:
        """The rows, each as long as its last cell up to the header's width (a cell beyond
        matches no column; a lone cell far to the right costs no long row); a sheet that
        breaks half-way, or holds more cells than its bytes showed, is refused in the same
        words as before parsing."""
        nonlocal counted
        while True:
            try:
                number, found = next(parsed)
            except StopIteration:
                return
            except UnreadableFile:
                raise
            except SyntaxError as exc:
                raise checks.BrokenWorkbook(str(path), checks.BROKEN_XML, str(exc)) from None
            except Exception as exc:  # a cell that is not what its type says
                raise checks.BrokenWorkbook(
                    str(path), checks.BROKEN_XML, f"{type(exc).__name__}: {exc}"
                ) from None
            counted += len(found)
            if counted > limits.cells:
                raise checks.WorkbookTooBig(
                    str(path), limits.too_many_cells(), f"over {limits.cells:,} cells"
                )
            found = [cell for cell in found if cell["column"] <= width]
            values: list[Any] = [None] * max((cell["column"] for cell in found), default=0)
            for cell in found:
                values[cell["column"] - 1] = cell["value"]
            yield number, values

    rows_of_sheet = cells()
    headers: list[str] | None = None
    try:
        for _, values in rows_of_sheet:
            if values and any(not _blank(v) for v in values):
                headers = [_header(v) for v in _without_nul(values)]
                width = len(headers)
                break
    except UnreadableFile:
        book.close()
        raise
    if headers is None:
        book.close()
        raise UnreadableFile(str(path), "the first sheet is empty")

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, values in rows_of_sheet:
                if values and any(not _blank(v) for v in values):
                    yield number, _without_nul(values)
        finally:
            book.close()

    return Table(headers, rows(), close=book.close)


def _header(value: Any) -> str:
    from crm.io.values import NO_SAVED_VALUE

    return "" if value is None or value is NO_SAVED_VALUE else str(value).strip()
