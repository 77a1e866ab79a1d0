"""The report's fast row writer (crm/reports/row_xml.py) writes the sheet openpyxl writes:
the same cells, types, styles and text, for every kind of value a row may hold; what it does
not know goes through openpyxl, which writes or refuses it as before."""

import io
import zipfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import IllegalCharacterError

from crm.io import sheets
from crm.reports import row_xml

ROWS = [
    ["plain", "  spaces around  ", "a & b < c > d", "line\nbreak", "carriage\rreturn", "tab\there", ""],
    [0, -7, 2**40, 10**17, 1.5, 1 / 3, -0.0, 1e-300, float("nan"), float("inf"), float("-inf")],
    [True, False, None, None, "after gaps"],
    [date(2026, 11, 30), datetime(2026, 11, 30, 13, 45, 7), time(9, 30), timedelta(days=2, hours=3)],
    [date(1900, 1, 1), date(1900, 3, 1), datetime(2026, 1, 1, 0, 0, 0, 500)],
    ["=1+2", "#N/A", "#", "=", '=HYPERLINK("http://x","click")'],
    [Decimal("12.50"), "中文 名字", "emoji 🙂", "\u3000ideographic space\u3000"],
    ["x" * 40_000],
]


def _raw(path, name="xl/worksheets/sheet1.xml") -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def _write(path, rows, fast: bool) -> None:
    book = Workbook(write_only=True)
    ws = book.create_sheet("rows")
    if fast:
        row_xml.install(ws)
    ws.row_dimensions[1].height = 30  # a row of its own height (a report's header): openpyxl's
    ws.append([_bold_text(ws), "header"])
    for row in rows:
        ws.append([cell(ws) if callable(cell) else cell for cell in row])
    book.save(path)


def _same(tmp_path, rows) -> None:
    _write(tmp_path / "openpyxl.xlsx", rows, fast=False)
    _write(tmp_path / "fast.xlsx", rows, fast=True)
    for part in ("xl/worksheets/sheet1.xml", "xl/styles.xml"):  # byte for byte
        assert _raw(tmp_path / "fast.xlsx", part) == _raw(tmp_path / "openpyxl.xlsx", part)


def test_plain_values_are_written_as_openpyxl_writes_them(tmp_path):
    _same(tmp_path, ROWS)


def _money(ws):
    cell = WriteOnlyCell(ws, 12.5)
    cell.number_format = "#,##0.00"
    return cell


def _styled_empty(ws):
    cell = WriteOnlyCell(ws)
    cell.font = Font(bold=True)
    return cell


def _bold_text(ws):
    cell = WriteOnlyCell(ws, " bold ")
    cell.font = Font(bold=True)
    return cell


def _linked(ws):
    cell = WriteOnlyCell(ws, "site")
    cell.hyperlink = "https://example.com"
    return cell


def test_cells_are_written_as_openpyxl_writes_them(tmp_path):
    rows = [
        [lambda ws: sheets.text_cell(ws, "=1+2"), lambda ws: sheets.text_cell(ws, "#N/A"), _money],
        [_styled_empty, _bold_text, lambda ws: WriteOnlyCell(ws), lambda ws: WriteOnlyCell(ws, 3)],
        [lambda ws: WriteOnlyCell(ws, date(2026, 1, 2)), lambda ws: WriteOnlyCell(ws, True), _linked],
    ]
    _same(tmp_path, rows)


# A refused row leaves a half-written sheet that openpyxl cannot close when it is collected.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("text", ["bell\x07", "lone \ud800 surrogate", "not a character \uffff"])
def test_what_a_workbook_cannot_hold_is_refused_as_openpyxl_refuses_it(tmp_path, text):
    refusals = []
    for fast in (False, True):
        with pytest.raises((IllegalCharacterError, ValueError)) as refused:
            _write(tmp_path / f"{fast}.xlsx", [["before"], [text]], fast=fast)
        refusals.append(refused.type)
    assert refusals[0] == refusals[1]


@pytest.mark.parametrize("lxml", [True, False], ids=["rows as text", "openpyxl without lxml"])
def test_bare_numbers_take_their_columns_format(tmp_path, monkeypatch, lxml):
    monkeypatch.setattr(row_xml, "LXML", lxml)

    def write(path, fast: bool) -> None:
        book = Workbook(write_only=True)
        ws = book.create_sheet("rows")
        money, rate = WriteOnlyCell(ws), WriteOnlyCell(ws)
        money.number_format, rate.number_format = "#,##0.00", "0.0%"
        if fast:
            row_xml.install(ws, [None, money, rate])
        for row in ([1, 12.5, 0.25], ["a", 3, None], [None, None, 0.5], [2, "text", True]):
            if not fast:
                row = [
                    value
                    if cell is None or value is None or value.__class__ not in (int, float)
                    else _formatted(ws, value, cell.number_format)
                    for value, cell in zip(row, [None, money, rate], strict=True)
                ]
            ws.append(row)
        book.save(path)

    write(tmp_path / "openpyxl.xlsx", fast=False)
    write(tmp_path / "fast.xlsx", fast=True)
    for part in ("xl/worksheets/sheet1.xml", "xl/styles.xml"):
        assert _raw(tmp_path / "fast.xlsx", part) == _raw(tmp_path / "openpyxl.xlsx", part)


def _formatted(ws, value, number_format: str):
    cell = WriteOnlyCell(ws, value)
    cell.number_format = number_format
    return cell


def test_the_values_read_back_as_written(tmp_path):
    _write(tmp_path / "fast.xlsx", ROWS[:5], fast=True)
    rows = list(load_workbook(tmp_path / "fast.xlsx").worksheets[0].iter_rows(min_row=2, values_only=True))
    assert rows[0][:6] == tuple(ROWS[0][:6]) and rows[0][4] == "carriage\rreturn"
    assert rows[1][:6] == (0, -7, 2**40, 10**17, 1.5, 1 / 3)
    assert rows[2][:2] == (True, False) and rows[2][4] == "after gaps"
    assert rows[3][0] == datetime(2026, 11, 30) and rows[3][1] == datetime(2026, 11, 30, 13, 45, 7)


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
values = st.one_of(
    st.none(),
    texts,
    st.integers(-(2**60), 2**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(date(1900, 1, 1), date(9999, 12, 31)),
    st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)),
)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(values, max_size=8), min_size=1, max_size=6))
def test_any_row_is_written_as_openpyxl_writes_it_or_refused_alike(tmp_path_factory, rows):
    tmp_path = tmp_path_factory.mktemp("rows")
    outcomes = []
    for fast in (False, True):
        try:
            _write(tmp_path / f"{fast}.xlsx", rows, fast=fast)
            outcomes.append(_raw(tmp_path / f"{fast}.xlsx"))
        except (ValueError, IllegalCharacterError) as exc:
            outcomes.append(type(exc))
    assert outcomes[0] == outcomes[1]


def test_the_row_writer_starts_with_the_sheet():
    book = Workbook(write_only=True)
    ws = book.create_sheet("x")
    ws.append(["first"])
    with pytest.raises(ValueError):
        row_xml.install(ws)
    book.save(io.BytesIO())  # the sheet's writer closed, not left to warn when collected
