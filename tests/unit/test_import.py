"""Importing customers and visits: encodings, separators, workbooks, column names,
every bad row reported, nothing half-imported, and nothing twice."""

from __future__ import annotations

import csv
from datetime import date, datetime, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from crm.cli import main as cli
from crm.db import database
from crm.errors import NotAllowed, UnreadableFile
from crm.io import importer, values
from crm.io.tables import read_table
from crm.models import AuditEntry, Customer, Staff, Visit
from crm.services import search
from crm.services.common import Actor
from tests.factories import customer, visit

CUSTOMERS = [
    ["会员号", "姓名", "手机", "生日", "推荐人", "标签", "备注"],
    ["A001", "王丽", "138 1234 5678", "1990/3/5", "", "VIP，老客", "爱喝茶"],
    ["A002", "张伟", "13912345678", "", "A001", "", ""],
    ["A003", "李娜", "+86 137 0000 1111", "19920101", "张伟", "", ""],
]


def write_csv(path, rows, encoding="utf-8", delimiter=","):
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def import_rows(tmp_path, rows, kind="customers"):
    """``rows`` (the header first) imported from a CSV file as customers or visits."""
    if kind == "customers":
        return importer.import_customers(write_csv(tmp_path / "c.csv", rows))
    return importer.import_visits(write_csv(tmp_path / "v.csv", rows))


def refusals(result) -> list[str]:
    """The reasons an import gives for its bad rows, in row order."""
    return [e.reason for e in result.errors]


def write_xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def people():
    return {
        c.code: (c.name, c.phone, c.referrer.code if c.referrer else None)
        for c in Customer.select().order_by(Customer.code)
    }


# --- reading the file -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, delimiter",
    [("utf-8", ","), ("utf-8-sig", ","), ("gb18030", ","), ("gbk", ";"), ("utf-8", "\t")],
)
def test_csv_in_every_encoding_and_separator_a_chinese_excel_writes(db, tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "c.csv", CUSTOMERS, encoding, delimiter)
    result = importer.import_customers(path)
    assert result.imported and result.created == 3 and not result.errors
    assert people() == {
        "A001": ("王丽", "+8613812345678", None),
        "A002": ("张伟", "+8613912345678", "A001"),
        "A003": ("李娜", "+8613700001111", "A002"),
    }
    wang = Customer.get(Customer.code == "A001")
    assert wang.birthday == date(1990, 3, 5) and wang.tags == ",VIP,老客," and wang.notes == "爱喝茶"


def test_xlsx_with_numbers_dates_and_serials_as_excel_stores_them(db, tmp_path):
    rows = [
        ["Code", "Name", "Mobile", "Birthday", "Joined"],
        ["A001", "王丽", 13812345678, datetime(1990, 3, 5), 45000],
        [1002, "Anna Lee", "+1 202 555 0143", "1985-07-01", "2024-01-02"],
    ]
    result = importer.import_customers(write_xlsx(tmp_path / "c.xlsx", rows))
    assert result.created == 2, result.errors
    wang = Customer.get(Customer.code == "A001")
    assert (wang.phone, wang.birthday, wang.joined) == ("+8613812345678", date(1990, 3, 5), date(2023, 3, 15))
    anna = Customer.get(Customer.code == "1002")  # a number in a code column is still the code "1002"
    assert anna.phone == "+12025550143" and anna.joined == date(2024, 1, 2)


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary", "not a text"),
        (b'code,name\nA1,"unterminated\n', "broken"),
        (b"\xff\xfe\xfa\xfb\x80\x81\x82,\n", "neither UTF-8 nor GB18030"),
    ],
)
def test_unreadable_files_get_a_clear_reason_and_change_nothing(db, tmp_path, content, reason):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as caught:
        importer.import_customers(path)
    assert reason in str(caught.value) and "bad.csv" in str(caught.value)
    assert Customer.select().count() == 0


def test_old_excel_files_and_missing_files_are_refused_clearly(db, tmp_path):
    old = tmp_path / "c.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    with pytest.raises(UnreadableFile, match=r"save it as \.xlsx or \.csv"):
        read_table(old)
    with pytest.raises(UnreadableFile, match="no such file"):
        read_table(tmp_path / "missing.csv")
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(UnreadableFile, match="not a valid .xlsx"):
        read_table(fake)


# --- columns -------------------------------------------------------------------------------


def test_columns_are_found_by_english_or_chinese_names_and_others_ignored(db, tmp_path):
    rows = [
        ["Customer Name", "Phone Number", "会员卡号", "favourite colour"],
        ["王丽", "13812345678", "V1", "red"],
    ]
    result = import_rows(tmp_path, rows)
    assert result.columns == {"name": "Customer Name", "phone": "Phone Number", "code": "会员卡号"}
    assert result.ignored == ["favourite colour"]
    assert people() == {"V1": ("王丽", "+8613812345678", None)}


def test_map_reads_a_column_as_a_field(db, tmp_path):
    rows = [["客户", "联络", "卡"], ["王丽", "13812345678", "V1"]]
    path = write_csv(tmp_path / "c.csv", rows)
    mapping = importer.parse_mapping(["联络=phone", "卡=code"], "customers")
    importer.import_customers(path, mapping=mapping)
    assert people() == {"V1": ("王丽", "+8613812345678", None)}
    with pytest.raises(importer.UnknownColumns, match="no column named '手机'"):
        importer.import_customers(path, mapping={"手机": "phone"})
    with pytest.raises(Exception, match="is not a customers field"):
        importer.parse_mapping(["联络=shoe_size"], "customers")


def test_a_file_without_any_known_column_is_refused(db, tmp_path):
    with pytest.raises(importer.UnknownColumns, match="no column for the customer's name, code or phone"):
        importer.import_customers(write_csv(tmp_path / "c.csv", [["a", "b"], ["1", "2"]]))
    with pytest.raises(importer.UnknownColumns, match="date"):
        importer.import_visits(write_csv(tmp_path / "v.csv", [["code", "amount"], ["A1", "5"]]))


# --- bad rows ---------------------------------------------------------------------------------


BAD = [
    ["会员号", "姓名", "手机", "生日", "来源"],
    ["A001", "王丽", "13812345678", "", ""],
    ["A002", "", "1391234", "2099-01-01", ""],  # no name, bad phone, birthday in the future
    ["A003", "李娜", "", "", "火星"],  # unknown source
    ["A001", "王丽二", "", "", ""],  # the same code again
]


def test_one_bad_row_means_nothing_is_imported_and_every_bad_row_is_listed(db, tmp_path):
    result = importer.import_customers(write_csv(tmp_path / "c.csv", BAD))
    assert not result.imported and Customer.select().count() == 0
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "手机"),
        (3, "生日"),
        (4, "来源"),
        (5, "会员号"),
    ]
    assert "the same code as row 2" in result.errors[-1].reason
    assert result.invalid_rows == 3 and result.summary() == "c.csv: 4 rows, 3 invalid; nothing imported"


def test_skip_invalid_imports_the_good_rows_and_reports_the_rest(db, tmp_path):
    result = importer.import_customers(write_csv(tmp_path / "c.csv", BAD), skip_invalid=True)
    assert result.imported and result.created == 1 and result.invalid_rows == 3
    assert list(people()) == ["A001"]


def test_the_command_line_lists_bad_rows_exits_2_and_writes_the_errors_workbook(db, tmp_path, capsys):
    path = write_csv(tmp_path / "c.csv", BAD)
    out = tmp_path / "errors.xlsx"
    code = cli(["--db", database.shop_location, "import", "customers", str(path), "--errors", str(out)])
    captured = capsys.readouterr()
    assert code == 2 and Customer.select().count() == 0
    assert "row 3, 手机 '1391234': is not a valid phone number for the shop's region" in captured.err
    assert "3 invalid rows; nothing imported" in captured.err and "Traceback" not in captured.err
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Row", "Column", "Value", "Reason") and rows[0][4:] == tuple(BAD[0])
    assert [r[0] for r in rows[1:]] == [3, 3, 4, 5]
    assert rows[1][4:] == ("A002", None, "1391234", "2099-01-01", None)  # the row as it was


def test_dry_run_counts_without_changing_anything(db, tmp_path, capsys):
    path = write_csv(tmp_path / "c.csv", CUSTOMERS)
    assert cli(["--db", database.shop_location, "import", "customers", str(path), "--dry-run"]) == 0
    assert "would give: 3 new customers" in capsys.readouterr().out
    assert Customer.select().count() == 0 and AuditEntry.select().count() == 0


# --- matching and re-importing --------------------------------------------------------------


def test_reimporting_the_same_file_adds_nobody_twice(db, tmp_path):
    path = write_csv(tmp_path / "c.csv", CUSTOMERS)
    importer.import_customers(path)
    again = importer.import_customers(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Customer.select().count() == 3


def test_customers_are_matched_on_code_then_phone_and_updated(db, tmp_path):
    old = customer("王丽", code="A001", phone="+8613812345678", tags=",老客,")
    other = customer("赵六", code="Z9", phone="+8613600000000")
    rows = [
        ["code", "name", "phone", "tags", "notes"],
        ["A001", "王丽丽", "", "VIP", ""],  # by code: renamed, tag added, phone kept
        ["", "赵六", "136 0000 0000", "", "常客"],  # by phone
    ]
    result = import_rows(tmp_path, rows)
    assert (result.created, result.updated) == (0, 2)
    old = Customer.get_by_id(old.id)
    assert (old.name, old.phone, old.tags) == ("王丽丽", "+8613812345678", ",老客,VIP,")
    assert Customer.get_by_id(other.id).notes == "常客"
    assert search.search("wll")[0].id == old.id  # the search key follows the new name


def test_tags_written_as_a_chinese_list_become_tags_each(db, tmp_path):
    result = import_rows(tmp_path, [["name", "tags"], ["甲", "上班族、周末来"], ["乙", "附近小区;价格敏感"]])
    assert result.created == 2
    assert Customer.get(Customer.name == "甲").tags == ",上班族,周末来,"
    assert Customer.get(Customer.name == "乙").tags == ",附近小区,价格敏感,"


def test_a_code_and_a_phone_of_two_different_customers_are_refused(db, tmp_path):
    customer("王丽", code="A001", phone="+8613812345678")
    customer("赵六", code="Z9", phone="+8613600000000")
    rows = [["code", "name", "phone"], ["A001", "王丽", "13600000000"]]
    result = import_rows(tmp_path, rows)
    assert not result.imported
    assert "belongs to 赵六 (Z9), not to A001" in result.errors[0].reason


def test_new_customers_without_a_code_get_the_next_codes(db, tmp_path):
    customer("老顾客", code="C000041")
    rows = [["name", "phone"], ["王丽", "13812345678"], ["张伟", ""]]
    import_rows(tmp_path, rows)
    assert sorted(people()) == ["C000041", "C000042", "C000043"]


# --- referrers -------------------------------------------------------------------------------


def test_referrers_by_code_phone_or_name_even_later_in_the_file_or_in_the_shop(db, tmp_path):
    shop = customer("老板娘", code="S1", phone="+8613000000001")
    rows = [
        ["code", "name", "phone", "referrer"],
        ["A1", "甲", "", "A3"],  # defined further down
        ["A2", "乙", "", "130 0000 0001"],  # the shop's customer by phone
        ["A3", "丙", "", "老板娘"],  # by a unique name
    ]
    result = import_rows(tmp_path, rows)
    assert result.created == 3, result.errors
    assert people()["A1"][2] == "A3" and people()["A2"][2] == "S1" and people()["A3"][2] == "S1"
    assert Customer.get(Customer.code == "A1").source == "referral"
    assert Customer.get_by_id(shop.id).level == 0  # levels refreshed; nobody has bought yet


def test_referral_loops_and_self_referrals_are_refused(db, tmp_path):
    existing = customer("老顾客", code="S1")
    rows = [
        ["code", "name", "referrer"],
        ["A1", "甲", "A2"],
        ["A2", "乙", "A1"],  # A1 → A2 → A1
        ["A3", "丙", "A3"],  # themselves
        ["S1", "老顾客", "A4"],  # S1 referred by A4, who is referred by S1
        ["A4", "丁", "S1"],
    ]
    result = import_rows(tmp_path, rows)
    reasons = {e.row: e.reason for e in result.errors}
    assert "loop" in reasons[2] and "loop" in reasons[3]
    assert "cannot refer themselves" in reasons[4]
    assert "loop" in reasons[5] or "loop" in reasons[6]
    assert not result.imported and Customer.select().count() == 1 and existing.referrer is None


def test_every_row_whose_referrers_run_into_a_loop_is_refused_and_only_those(db, tmp_path):
    existing = customer("老顾客", code="S1")
    chain = [[f"A{i}", f"甲{i}", f"A{i - 1}" if i else ""] for i in range(30)]  # A29 → … → A0
    rows = [
        ["code", "name", "referrer"],
        *chain,
        ["S1", "老顾客", "A29"],  # the shop's customer joins the chain's end
        ["C1", "丙", "S1"],  # C1 → S1 → A29 → … → A0: walked through rows met before
        ["B1", "乙1", "B2"],
        ["B2", "乙2", "B1"],  # B1 → B2 → B1
        ["B3", "乙3", "B2"],  # runs into that loop
        ["C2", "丙2", "A5"],
    ]
    result = import_rows(tmp_path, rows)
    first_b = len(chain) + 4
    assert {e.row for e in result.errors} == {first_b, first_b + 1, first_b + 2}
    assert all("referrals would go round in a loop" in e.reason for e in result.errors)
    result = import_customers_skipping_invalid(tmp_path, rows)
    assert result.created == len(chain) + 2 and result.updated == 1
    assert people()["C1"][2] == "S1" and people()["S1"][2] == "A29" and people()["A1"][2] == "A0"
    assert Customer.get_by_id(existing.id).referrer.code == "A29"


def import_customers_skipping_invalid(tmp_path, rows):
    return importer.import_customers(write_csv(tmp_path / "c.csv", rows), skip_invalid=True)


def test_an_ambiguous_or_unknown_referrer_is_a_bad_row(db, tmp_path):
    customer("王丽", code="W1")
    customer("王丽", code="W2")
    rows = [["code", "name", "referrer"], ["A1", "甲", "王丽"], ["A2", "乙", "nobody"]]
    result = import_rows(tmp_path, rows)
    assert refusals(result) == [
        "more than one customer has this name; use their code or phone",
        "no customer with this code, phone or name",
    ]


def test_joined_after_the_first_visit_is_refused(db, tmp_path):
    c = customer("王丽", code="A1", joined=date(2026, 1, 1))
    visit(c, date(2026, 2, 1))
    rows = [["code", "name", "joined"], ["A1", "王丽", "2026-03-01"]]
    result = import_rows(tmp_path, rows)
    assert "is after their first visit on 2026-02-01" in result.errors[0].reason


# --- visits ------------------------------------------------------------------------------------


VISITS = [
    ["会员号", "手机", "日期", "时间", "金额", "类型", "备注"],
    ["A001", "", "2026-06-01", "10:30", "¥128.50", "", ""],
    ["A001", "", "2026-06-01", "10:30", "¥128.50", "", ""],  # a second, equal sale
    ["A001", "", "20260602", "", "0", "", ""],
    ["A001", "", "2026/6/3", "", "-20", "", "退一件"],
    ["", "13812345678", "2026-06-04 15:00", "", "50", "退款", ""],
    ["N9", "13700002222", "2026-05-20", "", "88", "", ""],  # a customer the shop does not know yet
    ["N9", "", "46150", "", "12", "", ""],  # Excel serial of 2026-05-08
]


def test_visits_import_infers_kinds_creates_unknown_codes_and_refreshes_levels(db, tmp_path):
    wang = customer("王丽", code="A001", phone="+8613812345678", joined=date(2026, 6, 1))
    result = importer.import_visits(write_csv(tmp_path / "v.csv", VISITS))
    assert (result.visits_added, result.visits_already, result.created) == (7, 0, 1), result.errors
    got = [
        (v.customer.code, v.at, v.kind, v.amount, v.note)
        for v in Visit.select().order_by(Visit.customer, Visit.at, Visit.id)
    ]
    assert got == [
        ("A001", datetime(2026, 6, 1, 10, 30), "purchase", 12850, ""),
        ("A001", datetime(2026, 6, 1, 10, 30), "purchase", 12850, ""),
        ("A001", datetime(2026, 6, 2), "visit", 0, ""),
        ("A001", datetime(2026, 6, 3), "refund", -2000, "退一件"),
        ("A001", datetime(2026, 6, 4, 15, 0), "refund", -5000, ""),
        ("N9", datetime(2026, 5, 8), "purchase", 1200, ""),
        ("N9", datetime(2026, 5, 20), "purchase", 8800, ""),
    ]
    new = Customer.get(Customer.code == "N9")
    assert (new.name, new.phone, new.source, new.joined) == (
        "N9",
        "+8613700002222",
        "import",
        date(2026, 5, 8),
    )
    assert new.level == 2 and new.purchase_days == 2  # weak: two purchase days, levels refreshed
    assert Customer.get_by_id(wang.id).joined == date(2026, 6, 1)


def test_reimporting_visits_adds_nothing_but_a_new_copy_still_counts(db, tmp_path):
    customer("王丽", code="A001", phone="+8613812345678")
    path = write_csv(tmp_path / "v.csv", VISITS)
    importer.import_visits(path)
    again = importer.import_visits(path)
    assert (again.visits_added, again.visits_already, again.created) == (0, 7, 0)
    write_csv(path, [*VISITS, VISITS[1]])  # a third equal sale now
    assert importer.import_visits(path).visits_added == 1
    assert Visit.select().count() == 8


def test_a_visit_before_joining_moves_the_joined_date_back(db, tmp_path):
    c = customer("王丽", code="A001", joined=date(2026, 6, 10))
    rows = [["code", "date", "amount"], ["A001", "2026-06-01", "5"]]
    import_rows(tmp_path, rows, "visits")
    assert Customer.get_by_id(c.id).joined == date(2026, 6, 1)


@pytest.mark.parametrize(
    "row, column, reason",
    [
        (["A001", "", "2026-06-01", "-5", "purchase", ""], "amount", "a purchase needs an amount above 0"),
        (["A001", "", "2099-06-01", "5", "", ""], "date", "is in the future"),
        (["A001", "", "June 1st", "5", "", ""], "date", "is not a date"),
        (["A001", "", "2026-02-30", "5", "", ""], "date", "is not a real date"),
        (["A001", "", "2026-06-01", "5.555", "", ""], "amount", "more than 2 decimal places"),
        (["A001", "", "2026-06-01", "5", "lunch", ""], "kind", "is not one of"),
        (["", "13000000000", "2026-06-01", "5", "", ""], "phone", "no customer has this phone"),
        (["", "", "2026-06-01", "5", "", ""], "code", "needs the customer's code or phone"),
        (["A001", "", "2026-06-01", "5", "", "老王"], "staff", "no staff member has this name"),
    ],
)
def test_bad_visit_rows_are_explained(db, tmp_path, row, column, reason):
    customer("王丽", code="A001")
    header = ["code", "phone", "date", "amount", "kind", "staff"]
    result = importer.import_visits(write_csv(tmp_path / "v.csv", [header, row]))
    assert not result.imported and Visit.select().count() == 0
    assert [(e.column, reason in e.reason) for e in result.errors] == [(column, True)]


def test_staff_are_matched_by_name(db, tmp_path):
    customer("王丽", code="A001")
    clerk = Staff.create(name="小李")
    rows = [["code", "date", "amount", "店员"], ["A001", "2026-06-01", "5", "小李"]]
    import_rows(tmp_path, rows, "visits")
    assert Visit.get().staff_id == clerk.id


# --- safety -----------------------------------------------------------------------------------


def test_a_failure_while_writing_leaves_the_shop_as_it_was(db, tmp_path, monkeypatch):
    from crm.services import levels

    def broken(*args, **kwargs):
        raise RuntimeError("disk went away")

    monkeypatch.setattr(levels, "refresh_customers", broken)
    with pytest.raises(RuntimeError):
        importer.import_customers(write_csv(tmp_path / "c.csv", CUSTOMERS))
    assert Customer.select().count() == 0
    monkeypatch.undo()
    importer.import_customers(write_csv(tmp_path / "c.csv", CUSTOMERS))  # the search triggers are back
    assert [c.name for c in search.search("zw")] == ["张伟"]


def test_cancel_stops_the_import_with_nothing_written(db, tmp_path):
    with pytest.raises(importer.ImportCancelled):
        importer.import_customers(write_csv(tmp_path / "c.csv", CUSTOMERS), cancelled=lambda: True)
    assert Customer.select().count() == 0


def test_plain_staff_may_not_import(db, tmp_path):
    with pytest.raises(NotAllowed):
        importer.import_customers(write_csv(tmp_path / "c.csv", CUSTOMERS), actor=Actor(1, "staff"))


def test_an_import_is_audited_once(db, tmp_path):
    importer.import_customers(write_csv(tmp_path / "c.csv", CUSTOMERS), actor=Actor(None, "owner"))
    entry = AuditEntry.get(AuditEntry.entity == "import")
    assert entry.action == "import customers" and '"created": 3' in entry.after


# --- values, for any input -----------------------------------------------------------------------


@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_format_reads_back_the_same_day(day):
    serial = (day - values.EXCEL_EPOCH).days
    for written in (
        day.isoformat(),
        day.strftime("%Y%m%d"),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        serial,
        str(serial),
        datetime.combine(day, datetime.min.time()),
    ):
        assert values.day(written) == day


@given(cents=st.integers(min_value=-(10**9), max_value=10**9))
def test_amounts_read_back_in_cents(cents):
    major = f"{cents / 100:.2f}"
    assert values.amount(major) == cents
    assert values.amount(float(major)) == cents
    assert values.amount(f"¥{abs(cents) / 100:,.2f}") == abs(cents)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(
        st.text(alphabet="王李张刘陈杨赵黄周吴丽伟芳娜敏静强磊", min_size=1, max_size=3), max_size=12
    ),
    data=st.data(),
)
def test_any_valid_customer_file_imports_once_and_again_changes_nothing(db, tmp_path, names, data):
    Customer.delete().execute()
    rows = [["code", "name", "phone", "referrer"]]
    for i, name in enumerate(names):
        referrer = f"K{data.draw(st.integers(0, i - 1)):03d}" if i and data.draw(st.booleans()) else ""
        rows.append([f"K{i:03d}", name, f"139{i:08d}", referrer])
    path = write_csv(tmp_path / "c.csv", rows)
    first = importer.import_customers(path)
    assert first.created == len(names) and not first.errors
    expected = {r[0]: (r[1], "+86" + r[2], r[3] or None) for r in rows[1:]}
    assert people() == expected
    again = importer.import_customers(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(names))
    assert people() == expected


def test_a_dry_run_with_bad_rows_still_counts_what_the_good_ones_would_give(db, tmp_path):
    result = importer.import_customers(write_csv(tmp_path / "c.csv", BAD), dry_run=True)
    assert (result.created, result.invalid_rows, result.imported) == (1, 3, False)
    assert Customer.select().count() == 0
    assert result.summary() == (
        "c.csv: 4 rows, dry run, nothing changed; 3 invalid, the others would give: "
        "1 new customer, 0 updated, 0 unchanged"
    )


# --- found in review ------------------------------------------------------------------------


def test_generated_codes_never_clash_with_codes_in_the_same_file(db, tmp_path):
    rows = [["code", "name"], ["", "甲"], ["C000001", "乙"], ["C000002", "丙"]]
    result = import_rows(tmp_path, rows)
    assert result.created == 3, result.errors
    assert sorted(people()) == ["C000001", "C000002", "C000003"]
    assert Customer.get(Customer.name == "甲").code == "C000003"


def test_a_workbook_with_a_wrong_size_tag_is_read_whole(db, tmp_path):
    import zipfile

    path = write_xlsx(tmp_path / "c.xlsx", [["code", "name", "phone"], ["A1", "甲", "13812345678"]])
    patched = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1"/>')
                assert b'<dimension ref="A1"/>' in data
            target.writestr(item, data)
    result = importer.import_customers(patched)
    assert result.created == 1 and people() == {"A1": ("甲", "+8613812345678", None)}


def test_odd_cells_are_bad_rows_not_crashes(db, tmp_path):
    rows = [["code", "name", "tags"], ["A1", "甲", 2024], ["A2", "乙", None], ["   ", " ", None]]
    result = importer.import_customers(write_xlsx(tmp_path / "c.xlsx", rows))
    assert result.created == 2 and Customer.get(Customer.code == "A1").tags == ",2024,"
    customer("王丽", code="W1")
    visits = [
        ["code", "date", "amount"],
        ["W1", "2026-06-01", "1e400"],
        ["W1", "2026-06-01", "123456789012345678"],
    ]
    result = importer.import_visits(write_csv(tmp_path / "v.csv", visits))
    assert [(e.row, e.reason) for e in result.errors] == [(2, "is too large"), (3, "is too large")]


def test_with_skip_invalid_a_row_whose_referrer_row_is_bad_is_reported_too(db, tmp_path):
    rows = [["code", "name", "referrer"], ["B1", "坏", "nobody"], ["K1", "好", "B1"], ["K2", "也好", "K1"]]
    result = importer.import_customers(write_csv(tmp_path / "c.csv", rows), skip_invalid=True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "referrer"), (3, "referrer"), (4, "referrer")]
    assert "the referrer's own row, 2, is invalid" in result.errors[1].reason
    assert result.created == 0


def test_rows_with_only_a_name_match_that_name_so_a_second_import_adds_nobody(db, tmp_path):
    path = write_csv(tmp_path / "c.csv", [["姓名", "备注"], ["王丽", "一"], ["张伟", "二"]])
    importer.import_customers(path)
    again = importer.import_customers(path)
    assert (again.created, again.unchanged) == (0, 2) and Customer.select().count() == 2
    customer("王丽", code="X9")  # now two customers are called 王丽
    third = importer.import_customers(path)
    assert not third.imported and "more than one customer has this name" in third.errors[0].reason


def test_two_rows_for_one_customer_are_refused(db, tmp_path):
    customer("王丽", code="A1", phone="+8613812345678")
    rows = [["code", "name", "phone"], ["A1", "王丽", ""], ["", "王丽丽", "13812345678"]]
    result = import_rows(tmp_path, rows)
    assert result.errors[0].row == 3 and "the same customer as row 2" in result.errors[0].reason


def test_a_year_is_not_a_date_but_a_decimal_comma_is_a_decimal(db, tmp_path):
    with pytest.raises(Exception, match="is not a date"):
        values.day("1990")
    with pytest.raises(Exception, match="is not a date"):
        values.day(2023)
    assert values.amount("12,50") == 1250 and values.amount("12,5") == 1250
    assert values.amount("1,234") == 123400 and values.amount("1,234.50") == 123450
    assert values.day_and_time("2024-01-03T10:00:00+08:00") == (date(2024, 1, 3), time(10, 0))
    assert values.day("2024-01-03T10:00:00Z") == date(2024, 1, 3)
    assert values.time_of_day(0.99999999) == time(23, 59, 59)


def test_a_new_customer_in_a_visits_file_keeps_one_phone_and_can_be_named_by_it(db, tmp_path):
    rows = [
        ["code", "phone", "date", "amount"],
        ["", "13700002222", "2026-06-03", "5"],  # by phone: the customer N9 of row 3
        ["N9", "13700002222", "2026-06-01", "5"],
        ["N9", "13700003333", "2026-06-02", "5"],  # another phone for the same new customer
    ]
    result = importer.import_visits(write_csv(tmp_path / "v.csv", rows), skip_invalid=True)
    assert [(e.row, e.reason) for e in result.errors] == [
        (4, "N9 was given another phone, +8613700002222 on row 3")
    ]
    n9 = Customer.get(Customer.code == "N9")
    assert n9.phone == "+8613700002222" and Visit.select().where(Visit.customer == n9).count() == 2


def test_visits_of_archived_or_erased_customers_are_refused_like_at_the_counter(db, tmp_path):
    customer("王丽", code="A1", archived=True)
    customer("已删除", code="E1", erased=True)
    rows = [["code", "date", "amount"], ["A1", "2026-06-01", "5"], ["E1", "2026-06-01", "5"]]
    result = import_rows(tmp_path, rows, "visits")
    assert refusals(result) == [
        "this customer is archived; restore them first",
        "this customer was erased",
    ]


def test_an_erased_customer_cannot_be_a_referrer(db, tmp_path):
    customer("已删除", code="E1", erased=True)
    rows = [["code", "name", "referrer"], ["N1", "甲", "E1"]]
    result = import_rows(tmp_path, rows)
    assert result.errors[0].reason == "this referrer was erased"


@pytest.mark.parametrize("kind", ["customers", "visits"])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_template_reads_back_as_a_valid_file_with_its_example(db, tmp_path, kind, language):
    if kind == "visits":
        customer("王丽", code="C000001")
    path = importer.write_template(kind, tmp_path / "template.xlsx", language)
    columns, ignored = importer.match_columns(read_table(path).headers, kind)
    assert not ignored and set(columns) == set(importer.FIELDS[kind])  # every column is understood
    result = importer.import_file(kind, path, dry_run=True)
    assert not result.errors and result.rows == 1  # the example row itself is valid


def test_the_cycle_collector_is_paused_for_an_import_and_back_after_it_even_when_it_fails(db, tmp_path):
    import gc

    seen = []
    importer.import_customers(
        write_csv(tmp_path / "c.csv", CUSTOMERS), progress=lambda *_: seen.append(gc.isenabled())
    )
    assert seen and not any(seen) and gc.isenabled()

    def cancel():
        raise importer.ImportCancelled()

    with pytest.raises(importer.ImportCancelled):
        importer.import_customers(write_csv(tmp_path / "d.csv", CUSTOMERS), progress=lambda *_: cancel())
    assert gc.isenabled()
    gc.disable()
    try:
        importer.import_customers(write_csv(tmp_path / "e.csv", CUSTOMERS))
        assert not gc.isenabled()  # a caller's own pause stays
    finally:
        gc.enable()
