"""A big first import builds the customer indexes once after its rows (and on PostgreSQL
writes them with COPY): the shop it leaves is the one the row-by-row path leaves, the
same customers with the same ids, found by search the same ways; bad rows are reported the
same; a failure leaves nothing, the indexes included; and the import can be undone.

Each test runs both ways: ``rebuilt`` lowers the threshold from which indexes are built
after the rows, so a file of a few rows takes the big-import path."""

from __future__ import annotations

import csv

import peewee
import pytest

from crm.db import database
from crm.io import importer
from crm.models import Customer
from crm.services import bulk, import_undo, search
from crm.services.common import Actor
from tests.factories import customer

ROWS = [
    ["会员号", "姓名", "手机", "生日", "入会日期", "推荐人", "微信", "标签", "备注"],
    ["A001", "王丽", "138 1234 5678", "1990/3/5", "2024-01-02", "A003", "wangli88", "VIP，老客", "爱喝茶"],
    ["A002", "曾小明", "13912344321", "", "2024-01-02", "A001", "", "", ""],  # referrer on an earlier row
    ["A003", "李娜", "+86 137 0000 1111", "19920101", "2024-02-03", "", "", "", "多行\n备注\t有制表符\\"],
    ["", "Anna Lee", "13700002222", "", "", "老板娘", "", "", ""],  # no code; the shop's customer
    ["A005", "单于飞", "137-0000-3333", "", "", "", "", "", ""],
]


@pytest.fixture(params=[False, True], ids=["row by row", "indexes rebuilt"])
def rebuilt(request, monkeypatch):
    monkeypatch.setattr(bulk, "REBUILD_INDEXES_AT", 1 if request.param else 10**9)
    return request.param


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(rows)
    return path


def indexes() -> list[tuple]:
    """Every index and trigger of the customer table, as the database describes it."""
    if isinstance(database.obj, peewee.PostgresqlDatabase):
        sql = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'customer' ORDER BY 1"
    else:
        sql = "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'customer' ORDER BY 1, 2"
    return database.execute_sql(sql).fetchall()


def shop() -> list[tuple]:
    return [
        (c.id, c.code, c.name, c.phone, c.wechat, c.birthday, c.joined, c.source, c.tags, c.notes,
         c.referrer.code if c.referrer else None, c.search_key, c.archived, c.erased)
        for c in Customer.select().order_by(Customer.id)
    ]  # fmt: skip


def found(text: str) -> list[str]:
    return sorted(c.code for c in search.search(text))


def test_a_first_import_gives_the_same_shop_either_way(db, tmp_path, rebuilt):
    boss = customer("老板娘", code="S1", phone="+8613000000009")
    before = indexes()
    result = importer.import_customers(write_csv(tmp_path / "c.csv", ROWS))
    assert (result.created, result.errors) == (5, [])
    assert indexes() == before
    people = {row[1]: row for row in shop()}
    # Generation by generation: those whose referrer is not in the file first, in file order.
    first = boss.id + 1
    assert [people[code][0] - first for code in ("A003", "C000001", "A005", "A001", "A002")] == [
        0,
        1,
        2,
        3,
        4,
    ]
    assert {code: row[10] for code, row in people.items()} == {
        "S1": None, "A001": "A003", "A002": "A001", "A003": None, "C000001": "S1", "A005": None,
    }  # fmt: skip
    a001, a003 = people["A001"], people["A003"]
    assert a001[3:10] == (
        "+8613812345678", "wangli88", a001[5], a001[6], "referral", ",VIP,老客,", "爱喝茶",
    )  # fmt: skip
    assert str(a001[5]) == "1990-03-05" and str(a001[6]) == "2024-01-02"
    assert a003[9] == "多行\n备注\t有制表符\\" and people["A005"][7] == "import"
    assert found("王丽") == found("wangli") == found("wl") == found("5678") == ["A001"]
    assert found("zengxiaoming") == found("zxm") == ["A002"]  # the surname read as a surname
    assert found("chanyufei") == found("3333") == ["A005"]
    assert found("anna") == found("2222") == ["C000001"]
    assert found("wangli88") == ["A001"] and found("A003") == ["A003"]
    again = importer.import_customers(write_csv(tmp_path / "c.csv", ROWS))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_bad_rows_are_reported_the_same_and_nothing_is_written(db, tmp_path, rebuilt):
    customer("老板娘", code="S1", phone="+8613000000009")
    before = indexes()
    rows = [
        *ROWS,
        ["A001", "重复", "", "", "", "", "", "", ""],
        ["A007", "号码错", "12345", "", "", "", "", "", ""],
        ["A008", "无人", "", "", "", "谁也不是", "", "", ""],
        ["A009", "未来", "", "", "2999-01-01", "", "", "", ""],
    ]
    result = importer.import_customers(write_csv(tmp_path / "c.csv", rows))
    assert not result.imported and result.invalid_rows == 4
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (7, "会员号", "the same code as row 2"),
        (8, "手机", "is not a valid phone number for the shop's region"),
        (9, "推荐人", "no customer with this code, phone or name"),
        (10, "入会日期", result.errors[3].reason),
    ]
    assert "future" in result.errors[3].reason
    assert Customer.select().count() == 1 and indexes() == before
    skipped = importer.import_customers(write_csv(tmp_path / "c.csv", rows), skip_invalid=True)
    assert skipped.created == 5 and [e.row for e in skipped.errors] == [7, 8, 9, 10]
    assert found("wl") == ["A001"] and indexes() == before


def test_a_failure_while_writing_leaves_nothing_and_the_indexes_as_they_were(
    db, tmp_path, rebuilt, monkeypatch
):
    from crm.services import levels

    before = indexes()

    def broken(*args, **kwargs):
        raise RuntimeError("disk went away")

    monkeypatch.setattr(levels, "refresh_customers", broken)  # after the rows are written
    with pytest.raises(RuntimeError):
        importer.import_customers(write_csv(tmp_path / "c.csv", ROWS[:4]))
    assert Customer.select().count() == 0 and indexes() == before
    monkeypatch.undo()
    monkeypatch.setattr(bulk, "REBUILD_INDEXES_AT", 1 if rebuilt else 10**9)
    importer.import_customers(write_csv(tmp_path / "c.csv", ROWS[:4]))
    assert found("lina") == ["A003"] and Customer.select().count() == 3


def test_a_big_import_can_be_undone(db, tmp_path, rebuilt):
    owner = Actor(None, "owner")
    result = importer.import_customers(write_csv(tmp_path / "c.csv", ROWS[:4]), actor=owner)
    assert result.created == 3
    import_undo.undo_import(result.import_id, owner)
    assert Customer.select().count() == 0 and found("wangli") == []
