"""A customers import's cells are read with the customer form's own rules: the shortcuts the
importer takes for plain codes, WeChat ids and mobiles give what those rules give, a cell
with spaces around it reads as the trimmed one, and a value a file repeats is refused on
every row that has it."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.errors import InvalidInput
from crm.io import importer
from crm.io.importer import customer_cells
from crm.models import Customer
from crm.services import customer_fields

# Mostly ASCII (the shortcut's ground), with controls, spaces and the rest of Unicode too.
CELL_TEXT = st.text(st.characters(max_codepoint=0x7F), max_size=60) | st.text(max_size=60)


def outcome(check, value):
    try:
        return check(value)
    except InvalidInput as exc:
        return ("refused", exc.reason)


@settings(max_examples=400, deadline=None)
@given(CELL_TEXT)
def test_a_code_is_read_as_the_customer_form_reads_it(text):
    text = text.strip()  # as every cell comes to the checks
    if text:
        assert outcome(customer_cells.valid_code, text) == outcome(customer_fields.valid_code, text)


@settings(max_examples=400, deadline=None)
@given(CELL_TEXT | st.text(st.characters(max_codepoint=0x7F), min_size=95, max_size=105))
def test_a_wechat_id_is_read_as_the_customer_form_reads_it(text):
    text = text.strip()
    if text:
        assert outcome(customer_cells.valid_wechat, text) == outcome(customer_fields.valid_wechat, text)


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_cells_with_spaces_around_them_import_as_the_trimmed_cells(db, tmp_path):
    header = ["会员号", "姓名", "手机", "生日", "入会日期", "微信", "标签", "备注", "来源"]
    trimmed = ["A001", "王丽", "13812345678", "1990-03-05", "2024-01-02", "wx_1", "VIP", "茶", "推荐"]
    result = importer.import_customers(write_csv(tmp_path / "c.csv", [header, [f"  {v} " for v in trimmed]]))
    assert result.created == 1 and not result.errors
    c = Customer.get()
    assert (c.code, c.name, c.phone, c.wechat, c.tags, c.notes, c.source) == (
        "A001",
        "王丽",
        "+8613812345678",
        "wx_1",
        ",VIP,",
        "茶",
        "referral",
    )
    assert (str(c.birthday), str(c.joined)) == ("1990-03-05", "2024-01-02")


def test_a_bad_value_a_file_repeats_is_refused_on_every_row(db, tmp_path):
    rows = [["姓名", "生日", "来源", "微信"]] + [["王丽", "2024-02-30", "电台", "x" * 101]] * 3
    result = importer.import_customers(write_csv(tmp_path / "c.csv", rows))
    assert [(e.row, e.column) for e in result.errors] == [
        (row, column) for row in (2, 3, 4) for column in ("微信", "生日", "来源")
    ]
    assert result.errors[1].reason == "is not a real date" and result.invalid_rows == 3
    assert Customer.select().count() == 0


@pytest.mark.parametrize(
    ("cell", "source"),
    [
        ("门店", "walk_in"),
        ("Walk-in", "walk_in"),
        ("朋友介绍", "referral"),  # 介绍 in it
        ("老客户介绍", "referral"),
        ("微信群", "community"),  # a word of its own, though 微信 alone would be online
        ("抖音", "online"),
        ("小红书", "online"),
        ("抖音直播", "online"),  # two words, one source
        ("门店活动", None),  # two words as long, two sources: not guessed
        ("电台", None),
        ("mother", None),  # English words count whole, not inside others ("other")
    ],
)
def test_a_source_is_read_from_the_words_a_shop_writes(cell, source):
    assert importer.columns.source_of(cell) == source


def test_an_unknown_source_says_which_words_the_app_knows(db, tmp_path):
    rows = [
        ["姓名", "手机", "来源"],
        ["王丽", "13812345678", "朋友介绍"],
        ["李娜", "13912345678", "门店活动"],
    ]
    result = importer.import_customers(write_csv(tmp_path / "c.csv", rows), skip_invalid=True)
    assert result.created == 1 and Customer.get().source == "referral"
    [error] = result.errors
    assert error.row == 3 and error.column == "来源"
    assert error.reason.startswith("is not a source the app knows: walk-in, referral, community, online")
