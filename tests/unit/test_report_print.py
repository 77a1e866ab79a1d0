"""The monthly report prints (SPEC 5): page setup, print titles, header and footer, currency,
date and percent formats, charts clear of tables and page breaks, the Notes sheet, and the
2,000-customer demo's report printed to PDF by LibreOffice."""

import os
import re
import shutil
import subprocess
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from crm import clock, demo
from crm.db import close_database, open_database
from crm.reports import printing, workbook
from crm.reports.labels import Labels
from crm.reports.notes import COLUMN_NOTES, METRIC_NOTES
from crm.reports.summary_sheets import SUMMARY_KEYS
from crm.services import settings
from tests.factories import community, customer, visit

SHEETS = ["Summary", "Levels", "Customers", "Fission", "Communities", "Follow-up", "Staff activity", "Notes"]


@pytest.fixture
def shop(db):
    """A referrer with two referrals, a community, purchases in May and June 2026, one refund."""
    settings.set("shop_name", "Tea & Cake")
    wang = customer("王丽", joined=date(2025, 1, 5), phone="+8613812345678")
    zhang = customer("张伟", joined=date(2026, 5, 2), referrer=wang)
    li = customer("李娜", joined=date(2026, 6, 10), referrer=wang)
    for day in (date(2026, 5, 3), date(2026, 6, 1), date(2026, 6, 15)):
        visit(wang, day, 10000)
    visit(zhang, date(2026, 5, 20), 5050)
    visit(zhang, date(2026, 6, 30), 2500)
    visit(li, date(2026, 6, 12), 1999)
    visit(li, date(2026, 6, 20), -500)
    community(wang, [zhang, li], created=date(2026, 1, 1))
    return wang, zhang, li


def _export(tmp_path, language="en"):
    return load_workbook(workbook.export("2026-06", tmp_path / "june.xlsx", language=language, actor=None))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_sheet_prints_landscape_one_page_wide_with_titles_header_and_footer(shop, tmp_path, language):
    book = _export(tmp_path, language)
    t = Labels(language)
    assert len(book.worksheets) == len(SHEETS)
    for ws in book.worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        header_row = 3 if ws is book.worksheets[0] else 1
        assert ws.print_title_rows == f"${header_row}:${header_row}", ws.title
        assert ws.cell(header_row, 1).value == (t("Metric") if header_row == 3 else ws.cell(1, 1).value)
        assert ws.cell(header_row, 1).fill.fgColor.rgb.endswith("37474F"), ws.title  # the header row's fill
        assert ws.oddHeader.left.text == "Tea && Cake"  # & starts a header code: doubled
        assert ws.oddHeader.center.text == "&A"  # the sheet's name
        assert "2026-06" in ws.oddHeader.right.text and t("Month") in ws.oddHeader.right.text
        footer = ws.oddFooter.center.text
        assert "&P" in footer and "&N" in footer
        assert footer == ("第 &P 页，共 &N 页" if language == "zh_CN" else "Page &P of &N")


@pytest.mark.parametrize(
    ("currency", "money"),
    [
        ("CNY", '"¥"#,##0.00'),
        ("USD", '"$"#,##0.00'),
        ("GBP", '"£"#,##0.00'),
        ("EUR", '"€"#,##0.00'),
        ("CHF", '"CHF "#,##0.00'),
        ("JPY", '"JPY "#,##0'),
    ],
)
def test_money_carries_the_shop_currency_dates_a_date_and_rates_a_percent(shop, tmp_path, currency, money):
    settings.set("currency", currency)
    book = _export(tmp_path)
    expected = f"{money};-{money}"
    customers = book["Customers"]
    assert customers.cell(1, 7).value == "Spend (365 d)"
    assert customers.cell(2, 7).number_format == expected
    assert customers.cell(2, 8).is_date and "yy" in customers.cell(2, 8).number_format
    summary = book["Summary"]
    rows = {summary.cell(r, 1).value: r for r in range(4, 4 + len(SUMMARY_KEYS))}
    for label in ("Revenue", "Average ticket"):
        assert summary.cell(rows[label], 2).number_format == expected
        assert summary.cell(rows[label], 3).number_format == expected
        change = summary.cell(rows[label], 4).number_format
        assert change.startswith("+" + money.split("#")[0]) and change.count(";") == 2
    for label in ("Repurchase rate", "Retention rate", "Referral conversion", "Fission rate"):
        assert summary.cell(rows[label], 2).number_format.endswith("%")
    assert summary.cell(3, 9).value == "Revenue" and summary.cell(4, 9).number_format == expected
    assert book["Fission"].cell(1, 7).value == "Tree revenue (month)"
    assert book["Fission"].cell(2, 7).number_format == expected
    staff = book["Staff activity"]
    assert staff.cell(1, 4).value == "Revenue logged" and staff.cell(2, 4).number_format == expected
    assert book["Communities"].cell(1, 6).value == "Activity rate"
    assert book["Communities"].cell(2, 6).number_format.endswith("%")


def test_money_formats_of_other_currencies():
    assert printing.money_format("krw") == '"KRW "#,##0;-"KRW "#,##0'
    assert printing.money_format("CNY", signed=True) == '+"¥"#,##0.00;-"¥"#,##0.00;"¥"0.00'
    assert printing.money_format("JPY", signed=True) == '+"JPY "#,##0;-"JPY "#,##0;"JPY "0'


def test_header_text_keeps_codes_out_of_a_shop_name():
    assert printing.header_text("A&B &P\tshop") == "A&&B &&Pshop"


def _chart_box(ws, chart):
    """The first and last row and column (1-based) a chart covers, and its height in rows."""
    start = chart.anchor._from
    width_pt = chart.anchor.ext.width / 12700
    height_pt = chart.anchor.ext.height / 12700
    col, covered = start.col + 1, 0.0
    while True:
        covered += printing.column_points(ws, get_column_letter(col))
        if covered >= width_pt:
            break
        col += 1
    rows = int(height_pt // printing.ROW_POINTS) + 1
    return start.row + 1, start.row + rows, start.col + 1, col


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_charts_sit_clear_of_tables_and_of_page_breaks(shop, tmp_path, language):
    book = _export(tmp_path, language)
    charted = 0
    for ws in book.worksheets:
        breaks = [b.id for b in ws.row_breaks.brk]
        for chart in ws._charts:
            charted += 1
            first_row, last_row, first_col, last_col = _chart_box(ws, chart)
            for row in ws.iter_rows(min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col):
                for cell in row:
                    assert cell.value is None, (ws.title, cell.coordinate)
            assert not [b for b in breaks if first_row <= b < last_row], ws.title
            assert last_row - first_row + 1 < printing.page_rows(2000), ws.title  # fits a page when shrunk
    assert charted == 3


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_notes_explain_every_metric_and_column_in_the_report_language(shop, tmp_path, language):
    book = _export(tmp_path, language)
    t = Labels(language)
    notes = book.worksheets[-1]
    assert notes.title == ("说明" if language == "zh_CN" else "Notes")
    rows = list(notes.iter_rows(min_row=2, values_only=True))
    explained = {(sheet or "", item): meaning for sheet, item, meaning in rows}
    assert all(meaning for meaning in explained.values())
    summary = book.worksheets[0]
    for r in range(4, 4 + len(SUMMARY_KEYS)):
        assert (summary.title, summary.cell(r, 1).value) in explained, summary.cell(r, 1).value
    for ws in book.worksheets[1:-1]:
        for header in next(ws.iter_rows(max_row=1, values_only=True)):
            if header:
                assert (ws.title, header) in explained, (ws.title, header)
    assert (summary.title, t("Change")) in explained and (book.worksheets[1].title, t("Change")) in explained
    text = " ".join(explained.values())
    if language == "zh_CN":
        assert re.search(r"[\u4e00-\u9fff]", explained[(summary.title, t.metric("k_factor"))])
        assert not re.search(r"[A-Za-z]{4,}", text.replace("RFM", ""))  # no English left in the Chinese notes
        assert "已转化" in explained[(t("Fission"), t("Converted"))]
        assert "活跃推荐" in explained[(t("Fission"), t("Converted"))]
    else:
        assert "converted" in explained[(summary.title, "Referral conversion")]
        assert "active referrals" in explained[("Fission", "Converted")]
        assert "previous month's active customers" in explained[("Summary", "K-factor")]
    for ws_title, item in ((summary.title, t.metric("k_factor")), (summary.title, t.metric("fission_rate"))):
        assert len(explained[(ws_title, item)]) > 20


def test_every_metric_of_the_summary_has_a_note():
    assert [key for key, _, _ in METRIC_NOTES] == list(SUMMARY_KEYS)
    assert all(en and zh for _, _, en, zh in COLUMN_NOTES)


def _pdf_tools():
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    missing = [
        name
        for name, path in (("LibreOffice", soffice), ("pdftotext", shutil.which("pdftotext")))
        if not path
    ]
    if missing and not os.environ.get("CI"):
        pytest.skip(f"{' and '.join(missing)} not installed")
    return soffice


@pytest.mark.slow
def test_the_2000_customer_demo_report_prints_every_sheet_on_a_sane_number_of_pages(tmp_path):
    soffice = _pdf_tools()
    open_database(str(tmp_path / "demo.db"))
    clock.fix(datetime(2026, 7, 1, 9, 0))
    try:
        demo.generate(2000, seed=7, until=date(2026, 6, 30))
        out = workbook.export("2026-06", tmp_path / "june.xlsx", language="en", actor=None)
    finally:
        clock.fix(None)
        close_database()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "june.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")
    if not pages[-1].strip():
        pages.pop()
    footers = [re.search(r"Page (\d+) of (\d+)", page) for page in pages]
    assert all(footers), "a page without its page number"
    assert [int(f.group(1)) for f in footers] == list(range(1, len(pages) + 1))
    assert {int(f.group(2)) for f in footers} == {len(pages)}
    # The header names the sheet: every sheet printed, in order, each on pages of its own.
    printed = []
    headers = [next(line for line in page.splitlines() if line.strip()) for page in pages]
    for header in headers:
        (sheet,) = [name for name in SHEETS if re.search(rf"\s{re.escape(name)}\s", f" {header} ")]
        if not printed or printed[-1][0] != sheet:
            printed.append([sheet, 0])
        printed[-1][1] += 1
    assert [name for name, _ in printed] == SHEETS
    count = dict(printed)
    assert count["Summary"] <= 2 and count["Levels"] == 1 and count["Staff activity"] == 1
    # One page wide: the last column of the customers is on every Customers page.
    customer_pages = [page for page, header in zip(pages, headers, strict=True) if " Customers " in header]
    assert len(customer_pages) == count["Customers"]
    assert all("Communities" in page for page in customer_pages)
    # 2,000 customers at about 50 a page, the referrers and the rest: far below the 168 pages
    # the report printed on before it had a page setup.
    assert len(pages) <= 2000 / 40 + 30, len(pages)
