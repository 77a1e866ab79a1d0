"""The customer list written to .xlsx or .csv: the page's rows and order, text kept as text,
both formats, refusals; and ``shopcircle-cli customers export``."""

from __future__ import annotations

import csv
import os
import stat
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from crm import clock
from crm.cli import main
from crm.db import close_database, open_database
from crm.errors import NotAllowed
from crm.io.customer_export import COLUMNS, export_customers
from crm.reports.workbook import ExportFailed
from crm.services import community_changes, customer_list, customers, visits
from crm.services.common import Actor
from crm.services.customer_list import R_CODE, CustomerFilter

HOSTILE_NAME = '=HYPERLINK("http://x.example","click")'


def buy(customer_id: int, days_ago: int, yuan: int) -> None:
    visits.log_visit(customer_id, yuan * 100, "purchase", at=clock.today() - timedelta(days=days_ago))


@pytest.fixture
def shop(db):
    wang = customers.create_customer(
        "王丽", "13812345678", code="A1", joined=date(2025, 1, 1), tags="老顾客", wechat="wangli88"
    )
    zhang = customers.create_customer(
        "张伟", "13900001111", code="A2", joined=date(2025, 3, 1), referrer_id=wang.id
    )
    li = customers.create_customer("李娜", "13700002222", code="A3", tags=["宝妈", "团购"], source="online")
    zhao = customers.create_customer("赵敏", "13600003333", code="A4")
    odd = customers.create_customer(HOSTILE_NAME, "13500004444", code="-5", wechat="@boss", tags=["#N/A"])
    chen = customers.create_customer("陈静", "13400005555", code="A6")
    for days_ago in (1, 10, 20, 30, 40, 50):
        buy(wang.id, days_ago, 100)
    buy(zhang.id, 5, 50)
    buy(li.id, 3, 80)
    buy(odd.id, 7, 12)
    group = community_changes.create_community("楼下宝妈群", zhao.id, created=date(2025, 1, 10))
    community_changes.add_member(group.id, zhang.id, joined=date(2025, 3, 2))
    customers.archive_customer(chen.id)
    return {"wang": wang, "zhang": zhang, "li": li, "zhao": zhao, "odd": odd, "chen": chen, "group": group}


def xlsx_rows(path: Path) -> list[tuple]:
    book = load_workbook(path)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return rows


def csv_rows(path: Path) -> list[list[str]]:
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"  # UTF-8 with a BOM, as Chinese Excel needs
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def codes_on_page(flt: CustomerFilter, sort: tuple[str, bool]) -> list[str]:
    return [r[R_CODE] for r in customer_list.load(flt, sort).rows]


def test_the_workbook_holds_the_list_as_the_page_has_it_with_numbers_and_dates(shop, tmp_path):
    done = export_customers(tmp_path / "list.xlsx", actor=None, language="en")
    rows = xlsx_rows(done.path)
    assert rows[0] == tuple(english for _, english, _, _ in COLUMNS)
    assert [r[0] for r in rows[1:]] == codes_on_page(CustomerFilter(), ("last", True))
    assert done.customers == 5  # the archived customer is left out, as on the page
    by_code = {r[0]: r for r in rows[1:]}
    wang = by_code["A1"]
    assert wang[:5] == ("A1", "王丽", "138 1234 5678", "wangli88", "Strong")
    assert wang[5] == datetime(2026, 6, 29)  # a date cell (openpyxl reads it back as a datetime)
    assert (wang[6], wang[7]) == (6, 600)  # numbers: purchase days, spend in yuan
    assert by_code["A2"][8] == "王丽" and by_code["A2"][11] == "楼下宝妈群"
    assert by_code["A4"][9] == "Yes" and by_code["A4"][11] == "楼下宝妈群"  # leads it: a Big C
    assert by_code["A3"][10] == "宝妈, 团购" and by_code["A3"][13] == "Online"
    assert wang[12] == datetime(2025, 1, 1) and wang[13] == "Walk-in"


def test_a_list_longer_than_a_sheet_goes_on_in_the_next_sheets(shop, tmp_path, monkeypatch):
    from crm.io import sheets

    monkeypatch.setattr(sheets, "ROWS_PER_SHEET", 2)  # five customers: sheets of 2, 2 and 1
    done = export_customers(tmp_path / "list.xlsx", actor=None, language="zh_CN")
    book = load_workbook(done.path)
    assert book.sheetnames == ["顾客", "顾客 (2)", "顾客 (3)"]
    codes = []
    for ws, count in zip(book.worksheets, (2, 2, 1), strict=True):
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0] == tuple(chinese for _, _, chinese, _ in COLUMNS)  # a header on each
        assert len(rows) == count + 1 and ws.auto_filter.ref == f"A1:N{count + 1}"
        codes += [r[0] for r in rows[1:]]
    book.close()
    assert codes == codes_on_page(CustomerFilter(), ("last", True))


def test_hostile_text_stays_text_in_the_workbook(shop, tmp_path):
    done = export_customers(tmp_path / "list.xlsx", actor=None)
    book = load_workbook(done.path)
    ws = book.worksheets[0]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "-5")
    assert row[1].value == HOSTILE_NAME and row[1].data_type == "s"  # not a formula
    assert row[3].value == "@boss" and row[3].data_type == "s"
    assert row[10].value == "#N/A" and row[10].data_type == "s"  # not Excel's error value
    assert row[7].data_type == "n" and row[7].number_format.startswith('"¥"#,##0.00')
    book.close()


def test_the_csv_is_utf8_with_bom_and_formulas_stay_text(shop, tmp_path):
    done = export_customers(tmp_path / "list.csv", actor=None, language="zh_CN")
    rows = csv_rows(done.path)
    assert rows[0][:3] == ["会员号", "姓名", "手机号"] and rows[0][13] == "来源"
    assert [r[0] for r in rows[1:]] == [
        "'-5" if code == "-5" else code for code in codes_on_page(CustomerFilter(), ("last", True))
    ]
    odd = next(r for r in rows if r[0] == "'-5")
    assert odd[1] == "'" + HOSTILE_NAME and odd[3] == "'@boss" and odd[10] == "'#N/A"
    wang = next(r for r in rows if r[0] == "A1")
    assert wang[4:8] == ["强关系", "2026-06-29", "6", "600.00"]
    assert wang[12:] == ["2025-01-01", "自然到店"]


def test_filters_and_order_follow_the_page(shop, tmp_path):
    flts = [
        CustomerFilter(levels=frozenset({1, 3})),
        CustomerFilter(tag="宝妈"),
        CustomerFilter(community_id=shop["group"].id),
        CustomerFilter(big_c_only=True),
        CustomerFilter(include_archived=True),
        CustomerFilter(text="wl"),
    ]
    for flt in flts:
        for sort in customer_list.SORTS:
            for reverse in (False, True):
                done = export_customers(tmp_path / "f.csv", flt, (sort, reverse), actor=None)
                exported = [r[0].lstrip("'") for r in csv_rows(done.path)[1:]]
                assert exported == codes_on_page(flt, (sort, reverse)), (flt, sort, reverse)
    community = export_customers(
        tmp_path / "c.csv", CustomerFilter(community_id=shop["group"].id), actor=None
    )
    assert sorted(r[0] for r in csv_rows(community.path)[1:]) == ["A2", "A4"] and community.customers == 2
    archived = export_customers(tmp_path / "a.csv", CustomerFilter(include_archived=True), actor=None)
    assert "A6" in [r[0] for r in csv_rows(archived.path)[1:]]


def test_a_clerk_may_not_export_the_list(shop, tmp_path):
    with pytest.raises(NotAllowed):
        export_customers(tmp_path / "list.xlsx", actor=Actor(1, "staff"))
    assert not (tmp_path / "list.xlsx").exists()
    assert export_customers(tmp_path / "list.xlsx", actor=Actor(1, "manager")).customers == 5


@pytest.mark.parametrize(
    ("name", "reason"),
    [("nowhere/list.xlsx", "does not exist"), ("list.txt", "must end in .xlsx or .csv")],
)
def test_a_bad_path_is_refused_before_anything_is_written(shop, tmp_path, name, reason):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportFailed, match=reason):
        export_customers(folder / name, actor=None)
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_folder_is_refused(shop, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ExportFailed, match="not writable"):
            export_customers(folder / "list.csv", actor=None)
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_cancel_leaves_the_old_file_and_no_part_file(shop, tmp_path, monkeypatch, suffix):
    import crm.io.customer_export as export

    monkeypatch.setattr(export, "_PROGRESS_EVERY", 2)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / f"list{suffix}"
    target.write_bytes(b"before")

    class Stop(Exception):
        pass

    def progress(fraction: float, message: str) -> None:
        if fraction > 0:
            raise Stop()

    with pytest.raises(Stop):
        export_customers(target, actor=None, progress=progress)
    assert [p.name for p in target.parent.iterdir()] == [target.name] and target.read_bytes() == b"before"


def test_a_big_list_is_read_a_batch_at_a_time(shop, tmp_path, monkeypatch):
    fetched = []
    real_stream = customer_list.stream

    def small_batches(sql, params, batch=2000):
        for row in real_stream(sql, params, batch=2):
            fetched.append(row)
            yield row

    monkeypatch.setattr(customer_list, "stream", small_batches)
    done = export_customers(tmp_path / "list.xlsx", actor=None)
    assert len(fetched) == done.customers == 5


# --- the command line ---------------------------------------------------------------------------


@pytest.fixture
def shop_file(shop, db):
    location = db.shop_location
    if location.startswith("postgres"):
        pytest.skip("the command line test opens the shop's file")
    close_database()
    yield location
    close_database()
    open_database(location)  # for the db fixture's own close


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_cli_writes_the_filtered_list(shop_file, tmp_path, capsys):
    out = tmp_path / "strong.xlsx"
    assert main(["--db", shop_file, "customers", "export", "--out", str(out), "--level", "strong"]) == 0
    assert capsys.readouterr().out == f"Wrote 1 customer to {out}\n"
    assert [r[0] for r in xlsx_rows(out)[1:]] == ["A1"]
    out = tmp_path / "group.csv"
    argv = ["--db", shop_file, "customers", "export", "--out", str(out), "--community", "楼下宝妈群"]
    assert main([*argv, "--level", "micro", "none", "--level", "strong"]) == 0
    assert sorted(r[0] for r in csv_rows(out)[1:]) == ["A2", "A4"]
    assert main(["--db", shop_file, "customers", "export", "--out", str(out), "--tag", "宝妈"]) == 0
    assert [r[0] for r in csv_rows(out)[1:]] == ["A3"]


def test_cli_headers_follow_the_shops_language(shop_file, tmp_path):
    from crm.services import settings

    out = tmp_path / "list.csv"
    assert main(["--db", shop_file, "customers", "export", "--out", str(out)]) == 0
    assert csv_rows(out)[0][0] == "Code"
    open_database(shop_file)
    settings.set("language", "zh_CN")
    close_database()
    assert main(["--db", shop_file, "customers", "export", "--out", str(out)]) == 0
    assert csv_rows(out)[0][0] == "会员号"
    assert main(["--db", shop_file, "customers", "export", "--out", str(out), "--lang", "en"]) == 0
    assert csv_rows(out)[0][0] == "Code"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--level", "gold"], "'gold' is not a level"),
        (["--community", "没有这个群"], "no open community is called"),
        (["--out-of-place"], "unrecognized arguments"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(shop_file, tmp_path, capsys, args, said):
    out = tmp_path / "list.csv"
    assert main(["--db", shop_file, "customers", "export", "--out", str(out), *args]) == 2
    assert said in one_line_error(capsys)
    assert not out.exists()


def test_cli_refuses_an_unwritable_path(shop_file, tmp_path, capsys):
    out = tmp_path / "missing" / "list.xlsx"
    assert main(["--db", shop_file, "customers", "export", "--out", str(out)]) == 2
    assert "does not exist" in one_line_error(capsys)
    assert main(["--db", shop_file, "customers", "export", "--out", str(tmp_path / "list.pdf")]) == 2
    assert "must end in .xlsx or .csv" in one_line_error(capsys)
    assert main(["--db", shop_file, "customers", "export"]) == 2
    assert "--out" in one_line_error(capsys)


def test_spend_is_in_the_currencys_units(shop, tmp_path):
    rows = csv_rows(export_customers(tmp_path / "l.csv", actor=None).path)
    assert Decimal(next(r for r in rows if r[0] == "A2")[7]) == Decimal("50.00")


def test_equal_values_keep_id_order_however_the_list_was_sorted_before(shop, tmp_path):
    """A header click sorts the rows shown (small list: on the screen, big: in a worker); either
    way ties come out as the export has them, whatever the order was before."""
    flt = CustomerFilter(include_archived=True)
    shown = customer_list.load(flt, ("name", True))
    for sort in customer_list.SORTS:
        for reverse in (False, True):
            exported = export_customers(tmp_path / "t.csv", flt, (sort, reverse), actor=None)
            codes = [r[0].lstrip("'") for r in csv_rows(exported.path)[1:]]
            big = customer_list.sorted_rows(shown.rows, sort, reverse, shown.big_c)
            small = sorted(
                shown.rows, key=customer_list.sort_key(sort, shown.big_c, reverse), reverse=reverse
            )
            assert [r[R_CODE] for r in big] == [r[R_CODE] for r in small] == codes, (sort, reverse)


def test_a_real_spreadsheet_opens_the_workbook_with_text_as_text(shop, tmp_path, spreadsheet_csv):
    done = export_customers(tmp_path / "list.xlsx", actor=None, language="zh_CN")
    folder = spreadsheet_csv(done.path)
    with open(folder / "list.csv", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "会员号" and len(rows) == 6
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["-5"][1] == HOSTILE_NAME and by_code["-5"][10] == "#N/A"  # not a link, not an error
    assert by_code["A1"][5] == "2026-06-29" and by_code["A1"][7] == "600"  # a date, a number
