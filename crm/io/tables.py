"""Reading a table a shop owner hands us: CSV in whatever encoding and separator
their spreadsheet wrote, or an Excel workbook.

CSV: UTF-8 (with or without the byte-order mark Excel adds) or GB18030, the
superset of the GBK that Chinese Excel writes; separated by commas, semicolons
or tabs, whichever the header line uses most. XLSX: the first sheet, values as
Excel stores them (numbers, dates, text). Either way the result is a header
row and the data rows, each with its row number as the spreadsheet shows it.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crm.errors import ShopError

SEPARATORS = (",", ";", "\t")
MAX_BYTES = 512 * 1024 * 1024  # beyond any shop's export; a guard against a wrong file


class UnreadableFile(ShopError):
    def __init__(self, path: str, reason: str):
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot read {self.path}: {self.reason}"


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (row number, values); the header is row 1
    encoding: str | None = None  # CSV only
    separator: str | None = None  # CSV only
    close: Any = field(default=lambda: None, repr=False)


def read_table(path: str | Path) -> Table:
    """The header and rows of a CSV or XLSX file; :class:`UnreadableFile` when it cannot be read."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise UnreadableFile(str(path), "no such file")
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
        return _read_xlsx(path)
    return _read_csv(path)


def _encoding(path: Path, data: bytes) -> str:
    """The file's text encoding, checked over the whole file so a bad byte is found now."""
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        try:
            data.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            encoding = "gb18030"
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        raise UnreadableFile(str(path), "the text is neither UTF-8 nor GB18030/GBK") from None
    return encoding


def _separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(str(path), exc.strerror or str(exc)) from None
    if b"\x00" in data[:4096]:
        raise UnreadableFile(str(path), "this is not a text (CSV) file")
    encoding = _encoding(path, data)
    first_line = data.split(b"\n", 1)[0].decode(encoding, errors="replace")
    del data
    separator = _separator(first_line)
    # Read again as a stream: the rows are never all in memory as text.
    handle = path.open(encoding=encoding, newline="")
    reader = csv.reader(handle, delimiter=separator, strict=True)
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
                if any(v.strip() for v in values):
                    yield number, values
        finally:
            handle.close()

    return Table([h.strip() for h in headers], rows(), encoding, separator, close=handle.close)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        reason = "the file is not a valid .xlsx workbook" if not isinstance(exc, OSError) else str(exc)
        raise UnreadableFile(str(path), reason) from None
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        book.close()
        raise UnreadableFile(str(path), "the workbook has no sheet")
    if hasattr(sheet, "reset_dimensions"):
        # Many programs other than Excel write a wrong sheet size ("A1"); read every cell.
        sheet.reset_dimensions()
    cells = sheet.iter_rows(values_only=True)
    headers: list[str] | None = None
    number = 0
    for values in cells:
        number += 1
        if values and any(not _blank(v) for v in values):
            headers = ["" if v is None else str(v).strip() for v in values]
            break
    if headers is None:
        book.close()
        raise UnreadableFile(str(path), "the first sheet is empty")
    header_row = number

    def rows() -> Iterator[tuple[int, list[Any]]]:
        row = header_row
        try:
            for values in cells:
                row += 1
                if values and any(not _blank(v) for v in values):
                    yield row, list(values)
        finally:
            book.close()

    return Table(headers, rows(), close=book.close)
