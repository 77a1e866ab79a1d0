"""The monthly Excel report: sheets, formats, atomic write, and a real spreadsheet reading it back."""

import csv
import os
from datetime import date

import pytest
from openpyxl import load_workbook

from crm.cli import main as cli
from crm.reports import workbook
from crm.reports.metrics import KEYS
from crm.reports.monthly import report_json
from tests.factories import community, customer, visit

SHEETS = ["Summary", "Levels", "Customers", "Fission", "Communities", "Follow-up", "Staff activity", "Notes"]


@pytest.fixture
def shop(db):
    """Two referrers, a community, purchases in May and June 2026, one refund."""
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


def test_report_json_has_exactly_the_spec_keys_with_money_in_units(shop):
    values = report_json("2026-06")
    assert list(values) == list(KEYS)
    # June: purchases 10000 + 10000 + 2500 + 1999, refund -500.
    assert values["revenue"] == 239.99
    assert values["purchases"] == 4
    assert values["avg_ticket"] == round(24499 / 4 / 100, 2)
    assert values["buyers"] == 3
    assert values["repurchase_rate"] == round(1 / 3, 4)


def test_workbook_has_the_sheets_in_order_with_frozen_filtered_headers(shop, tmp_path):
    out = workbook.export("2026-06", tmp_path / "june.xlsx", language="en", actor=None)
    book = load_workbook(out)
    assert book.sheetnames == SHEETS
    customers = book["Customers"]
    assert customers.freeze_panes == "A2"
    # Twelve columns: a shop this small has no lifetime estimate, so no lifetime columns (SPEC 5).
    assert customers.auto_filter.ref == "A1:L4"
    rows = list(customers.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["王丽", "张伟", "李娜"]
    wang = rows[0]
    assert wang[2] == "138 1234 5678"
    assert wang[6] == 300.0  # spend in 365 days, currency units
    assert customers.cell(2, 7).number_format == '"¥"#,##0.00;-"¥"#,##0.00'  # the shop's currency: CNY
    assert customers.cell(2, 8).is_date
    assert rows[2][4] == "new"  # joined during the month
    summary = book["Summary"]
    labels = {summary.cell(r, 1).value: summary.cell(r, 2).value for r in range(4, 30)}
    assert labels["Revenue"] == 239.99
    assert labels["Buyers"] == 3
    assert len(book["Levels"]._charts) == 1 and len(summary._charts) == 2


def test_customers_beyond_a_sheets_last_row_go_on_in_the_next_sheet(shop, tmp_path, monkeypatch):
    """A chain with more customers than Excel's 1,048,575 rows under a header: Customers (2), …,
    each with its header, frozen and filtered, the rows in order and none twice."""
    monkeypatch.setattr(workbook, "ROWS_PER_SHEET", 2)  # three customers: a sheet and a part of one
    book = load_workbook(workbook.export("2026-06", tmp_path / "june.xlsx", language="en", actor=None))
    assert book.sheetnames == [*SHEETS[:3], "Customers (2)", *SHEETS[3:]]
    names = []
    for title, count in (("Customers", 2), ("Customers (2)", 1)):
        sheet = book[title]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:2] == ("Code", "Name") and len(rows) == count + 1
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:L{count + 1}"
        names += [r[1] for r in rows[1:]]
    assert names == ["王丽", "张伟", "李娜"]


def test_labels_follow_the_language(shop, tmp_path):
    out = workbook.export("2026-06", tmp_path / "june.xlsx", language="zh_CN", actor=None)
    book = load_workbook(out)
    assert book.sheetnames == ["概览", "层级", "顾客", "裂变", "社群", "跟进", "员工业绩", "说明"]
    assert book["顾客"].cell(1, 4).value == "层级"


def test_failed_write_leaves_the_old_report_and_no_temp_file(shop, tmp_path, monkeypatch):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "june.xlsx"
    target.write_bytes(b"last month's good file")

    def full_disk(self, filename):
        with open(filename, "wb") as fh:
            fh.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workbook.Workbook, "save", full_disk)
    with pytest.raises(workbook.ExportFailed) as err:
        workbook.export("2026-06", target, actor=None)
    assert "disk is full" in str(err.value)
    assert target.read_bytes() == b"last month's good file"
    assert [p.name for p in target.parent.iterdir()] == ["june.xlsx"]


def test_a_file_open_in_excel_is_refused_clearly(shop, tmp_path):
    (tmp_path / "~$june.xlsx").write_bytes(b"lock")
    with pytest.raises(workbook.ExportFailed) as err:
        workbook.export("2026-06", tmp_path / "june.xlsx", actor=None)
    assert "open in Excel" in str(err.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_is_refused(shop, tmp_path):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(workbook.ExportFailed):
            workbook.export("2026-06", tmp_path / "june.xlsx", actor=None)
    finally:
        tmp_path.chmod(0o700)


def test_cancel_stops_without_a_file(shop, tmp_path):
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 2

    (tmp_path / "out").mkdir()
    with pytest.raises(workbook.ExportCancelled):
        workbook.export("2026-06", tmp_path / "out" / "june.xlsx", cancelled=cancelled, actor=None)
    assert list((tmp_path / "out").iterdir()) == []


def test_progress_runs_from_zero_to_one(shop, tmp_path):
    seen = []
    workbook.export("2026-06", tmp_path / "june.xlsx", progress=lambda f, m: seen.append(f), actor=None)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_libreoffice_reads_back_the_summary_numbers_of_report_json(shop, tmp_path, capsys, spreadsheet_csv):
    """Open the exported workbook in a real spreadsheet program and compare with `report --json`."""
    from crm.db import database

    location = database.obj.shop_location
    assert cli(["--db", location, "export", "--month", "2026-06", "--out", str(tmp_path / "june.xlsx")]) == 0
    capsys.readouterr()
    assert cli(["--db", location, "report", "--month", "2026-06", "--json"]) == 0
    import json

    expected = json.loads(capsys.readouterr().out)
    folder = spreadsheet_csv(tmp_path / "june.xlsx")
    with open(folder / "june.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    read = {row[0]: row[1] for row in rows[3:] if row and row[0]}
    from crm.reports.labels import Labels

    t = Labels("en")
    checked = 0
    for key, value in expected.items():
        if isinstance(value, (dict, list)) or key == "month":
            continue
        text = read[t.metric(key)]
        number = float(text.rstrip("%")) / 100 if text.endswith("%") else float(text)
        assert number == pytest.approx(value, abs=1e-4), key
        checked += 1
    assert checked == len(KEYS) - 4


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_report_gets_ordinary_file_permissions(shop, tmp_path):
    out = workbook.export("2026-06", tmp_path / "june.xlsx", actor=None)
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_charts_point_at_their_titles_and_twelve_months(shop, tmp_path):
    """Each chart series takes its name from a header cell and has one point per month."""
    import re
    import zipfile

    out = workbook.export("2026-06", tmp_path / "june.xlsx", language="en", actor=None)
    book = load_workbook(out)
    with zipfile.ZipFile(out) as z:
        charts = [z.read(name).decode() for name in z.namelist() if name.startswith("xl/charts/chart")]
    assert len(charts) == 3
    for xml in charts:
        titles = re.findall(r"<tx><strRef><f>'?([^'!<]+)'?!\$?([A-Z]+)\$?(\d+)</f>", xml)
        assert titles
        for ref in titles:
            sheet, column, row = ref
            title = book[sheet][f"{column}{row}"].value
            assert title in {"New customers", "Buyers", "Revenue", "Start of month", "End of month"}, title
        values = re.findall(r"<val><numRef><f>[^<]*\$(\d+):\$[A-Z]+\$(\d+)</f>", xml)
        assert values
        for first, last in values:
            assert int(last) - int(first) + 1 in (12, 5)  # twelve months, or five levels


def test_the_summary_and_the_month_end_facts_are_those_of_the_month(shop):
    from crm.reports.metrics import Month
    from crm.reports.monthly import fission_rows
    from crm.reports.summary import end_levels_and_facts, summary_data
    from crm.services import shop_levels

    june = Month.parse("2026-06")
    end, facts = end_levels_and_facts(june)
    here_end, here_facts = shop_levels.levels_and_facts(june.last)
    assert dict(end) == dict(here_end) and not facts.converted and not facts.led
    assert (facts.purchase_days, facts.last_purchase, facts.spend) == (
        here_facts.purchase_days,
        here_facts.last_purchase,
        here_facts.spend,
    )
    data = summary_data("2026-06")
    assert data["this"]["revenue"] == 23999 and data["this"]["buyers"] == 3
    assert len(data["trend"]) == 12 and "fission" not in data
    assert next(fission_rows(june))[0] == "王丽"
    # Who bought by the month's end, as the export passes it from the end facts.
    bought = bytes(1 if day else 0 for day in here_facts.last_purchase)
    assert list(fission_rows(june, bought)) == list(fission_rows(june))
