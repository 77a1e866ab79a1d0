"""SPEC 8, text stays text: user text in every workbook the app writes is a string cell,
never a formula, an error value, or a crash on a control character."""

import csv
import io
from contextlib import contextmanager
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from crm.io import importer, sheets
from crm.models import Staff
from crm.reports import workbook
from tests.factories import community, customer, visit

HOSTILE = [
    '=HYPERLINK("http://x","click")',
    "=1+2",
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(A1)",
    "\t=cmd",
    "\r=cmd",
    "#N/A",
    "#DIV/0!",
]


def _all_cells(path):
    book = load_workbook(path)  # formulas as formulas (not their cached values)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            yield from row


def _no_formulas_and_texts_kept(path, expected):
    cells = list(_all_cells(path))
    formulas = [(c.parent.title, c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert formulas == []
    errors = [(c.parent.title, c.coordinate, c.value) for c in cells if c.data_type == "e"]
    assert errors == []
    found = {c.value for c in cells if isinstance(c.value, str)}
    missing = [text for text in expected if text not in found]
    assert missing == []
    return cells


@contextmanager
def write_only_sheet():
    """A sheet of a streamed workbook, whose writer is closed after (a left-open one warns when
    it is collected)."""
    book = sheets.new_workbook()
    ws = book.create_sheet("x")
    try:
        yield ws
    finally:
        book.save(io.BytesIO())


@given(st.text(max_size=40))
def test_any_text_becomes_a_string_cell_holding_that_text(text):
    with write_only_sheet() as ws:
        value = sheets.safe(ws, text)
    if sheets.needs_text_cell(text):
        assert value.data_type == "s"
        assert value.value == sheets.clean_text(text)
    elif text == "":
        assert value is None  # an empty cell, not an empty string cell
    else:
        assert value == text
        assert not text.startswith("=") and text not in sheets.ERROR_CODES


def test_numbers_and_dates_stay_numbers_and_dates():
    with write_only_sheet() as ws:
        assert sheets.safe(ws, 12.5) == 12.5
        assert sheets.safe(ws, date(2026, 6, 1)) == date(2026, 6, 1)
        assert sheets.cell(ws, 3).data_type == "n"
        assert sheets.cell(ws, "=1").data_type == "s"


@pytest.fixture
def hostile_shop(db):
    leader = customer(HOSTILE[0], joined=date(2025, 1, 5), phone="+8613812345678")
    others = [customer(name, joined=date(2026, 1, 5), referrer=leader) for name in HOSTILE[1:]]
    clerk = Staff.create(name='=HYPERLINK("http://evil","staff")', role="staff")
    for person in [leader, *others]:
        visit(person, date(2026, 6, 3), 1250, staff=clerk)
    visit(leader, date(2026, 5, 3), 900, staff=clerk)
    community(leader, others[:3], created=date(2026, 1, 1), name='=HYPERLINK("http://x","group")')
    # A control character cannot be stored in a workbook at all: it is dropped, not a crash.
    customer("王\x01丽", joined=date(2026, 2, 1))
    return leader


def test_the_report_writes_every_name_as_text(hostile_shop, tmp_path):
    out = workbook.export("2026-06", tmp_path / "june.xlsx", language="en", actor=None)
    cells = _no_formulas_and_texts_kept(
        out,
        [*HOSTILE, '=HYPERLINK("http://evil","staff")', '=HYPERLINK("http://x","group")', "王丽"],
    )
    book = load_workbook(out)
    customers = book["Customers"]
    by_name = {row[1].value: row for row in customers.iter_rows(min_row=2)}
    leader = by_name[HOSTILE[0]]
    assert leader[6].data_type == "n" and leader[6].value == 21.5  # spend stays a number
    assert leader[7].is_date  # the last purchase stays a date
    assert by_name["-2+3"][9].value == HOSTILE[0]  # the referrer column too
    sheets_with_hostile = {c.parent.title for c in cells if c.value == HOSTILE[0]}
    assert {"Customers", "Fission", "Communities"} <= sheets_with_hostile
    assert '=HYPERLINK("http://evil","staff")' in [r[0].value for r in book["Staff activity"].iter_rows()]


def test_the_invalid_rows_workbook_keeps_the_file_text_as_text(db, tmp_path):
    source = tmp_path / "customers.csv"
    rows = [["Name", "Phone", "Birthday"]] + [[name, "12", "=NOW()"] for name in HOSTILE]
    with open(source, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    result = importer.import_customers(source, dry_run=True)
    assert result.errors
    out = importer.write_errors(result, tmp_path / "errors.xlsx", language="en")
    # The file's cells are read as trimmed text, so "\t=cmd" comes back as "=cmd": still text.
    _no_formulas_and_texts_kept(out, [*(text.strip() for text in HOSTILE), "=NOW()"])


def test_templates_have_no_formulas(db, tmp_path):
    for kind in ("customers", "visits"):
        for language in ("en", "zh_CN"):
            out = importer.write_template(kind, tmp_path / f"{kind}-{language}.xlsx", language)
            assert [c for c in _all_cells(out) if c.data_type == "f"] == []


def test_a_real_spreadsheet_shows_the_name_not_a_link(hostile_shop, tmp_path, spreadsheet_csv):
    out = workbook.export("2026-06", tmp_path / "june.xlsx", language="en", actor=None)
    folder = spreadsheet_csv(out, every_sheet=True)
    with open(folder / "june-Customers.csv", encoding="utf-8") as fh:
        names = [row[1] for row in csv.reader(fh)][1:]
    assert HOSTILE[0] in names and "=1+2" in names and "#N/A" in names
    assert "click" not in names and "3" not in names


def test_the_invalid_rows_workbook_keeps_a_workbooks_numbers_and_dates(db, tmp_path):
    from openpyxl import Workbook

    source = tmp_path / "visits.xlsx"
    book = Workbook()
    book.active.append(["Code", "Date", "Amount", "Kind"])
    book.active.append(["NOPE", datetime(2026, 6, 1, 10, 30), 128.5, "no such kind"])
    book.save(source)
    result = importer.import_visits(source, dry_run=True)
    assert result.errors
    out = importer.write_errors(result, tmp_path / "errors.xlsx", language="en")
    row = [c for c in next(load_workbook(out).active.iter_rows(min_row=2))]
    assert row[5].is_date and row[6].data_type == "n" and row[6].value == 128.5


def test_the_templates_example_rows_hold_dates_and_amounts_as_such(db, tmp_path):
    visits = importer.write_template("visits", tmp_path / "visits.xlsx", "en")
    example = list(load_workbook(visits).active.iter_rows(min_row=2, max_row=2))[0]
    by_header = dict(zip(["Code", "Phone", "Name", "Date", "Time", "Kind", "Amount"], example, strict=False))
    assert by_header["Date"].is_date and by_header["Amount"].value == 128.5
    assert by_header["Code"].data_type == "s"
    customers_ = importer.write_template("customers", tmp_path / "customers.xlsx", "zh_CN")
    example = list(load_workbook(customers_).active.iter_rows(min_row=2, max_row=2))[0]
    assert example[2].value == "138 1234 5678" and example[4].is_date  # phone text, birthday a date
    # The filled-in template imports as it is.
    assert importer.import_customers(customers_, dry_run=True).errors == []
    assert importer.import_visits(visits, dry_run=True).errors == []
