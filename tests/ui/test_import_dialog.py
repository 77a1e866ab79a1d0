"""The import dialog: preview, column choices, check, import, invalid rows, cancel."""

import csv
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from crm.models import Customer, Visit
from crm.services import customers, visits
from crm.services.common import Actor
from tests.factories import customer
from ui.context import AppContext
from ui.dialogs.import_dialog import ImportDialog
from ui.views.customers import CustomersView

ROWS = [
    ["会员号", "姓名", "手机", "推荐人", "鞋码"],
    ["A001", "王丽", "138 1234 5678", "", "37"],
    ["A002", "张伟", "13912345678", "A001", "42"],
]


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(rows)
    return str(path)


@pytest.fixture
def dialog(db, qtbot, tmp_path):
    ctx = AppContext(location=str(tmp_path / "shop.db"))
    changed = []
    ctx.actions.changed.connect(changed.append)  # what the pages hear
    page = ImportDialog(ctx)
    page.changed = changed
    page.qtbot = qtbot  # for load()
    qtbot.addWidget(page)
    page.show()
    return page


def load(dialog, path) -> None:
    """Choose ``path`` and wait until its first rows are read (off the GUI thread)."""
    dialog.load(path)
    dialog.qtbot.waitUntil(lambda: not dialog.reading(), timeout=10_000)


def run_and_wait(dialog, qtbot, dry_run):
    assert dialog.run(dry_run=dry_run) is not None
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)


def test_a_file_shows_its_rows_and_how_each_column_is_read(dialog, tmp_path):
    load(dialog, write(tmp_path / "c.csv", ROWS))
    assert dialog.preview_table.rowCount() == 2 and dialog.preview_table.item(1, 1).text() == "张伟"
    chosen = [box.currentData() for box in dialog.column_boxes]
    assert chosen == ["code", "name", "phone", "referrer", ""]  # 鞋码 (shoe size) is left out
    assert dialog.columns_table.item(2, 2).text() == "138 1234 5678"
    assert dialog.import_button.isEnabled() and dialog.check_button.isEnabled()


def test_check_counts_without_writing_then_import_adds_the_customers(dialog, qtbot, tmp_path):
    load(dialog, write(tmp_path / "c.csv", ROWS))
    run_and_wait(dialog, qtbot, dry_run=True)
    assert "Checked 2 rows; nothing was changed" in dialog.summary.text()
    assert "2 new customers" in dialog.summary.text()
    assert Customer.select().count() == 0 and not dialog.changed
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and dialog.result is not None and dialog.result.imported)
    assert dialog.summary.text() == "2 rows read: 2 new customers added, 0 updated."
    zhang = Customer.get(Customer.code == "A002")
    assert zhang.referrer.code == "A001" and zhang.phone == "+8613912345678"
    assert [c.every_customer for c in dialog.changed] == [True]  # the customer list reloads


def test_invalid_rows_are_listed_nothing_is_imported_and_they_can_be_saved(dialog, qtbot, tmp_path):
    bad = [*ROWS, ["A003", "", "1391234", "", ""]]
    load(dialog, write(tmp_path / "c.csv", bad))
    run_and_wait(dialog, qtbot, dry_run=False)
    assert "1 of them invalid: nothing was imported" in dialog.summary.text()
    assert Customer.select().count() == 0
    assert dialog.errors_table.rowCount() == 1
    assert [dialog.errors_table.item(0, c).text() for c in range(3)] == ["4", "手机", "1391234"]
    assert "not a valid phone number" in dialog.errors_table.item(0, 3).text()
    out = tmp_path / "bad.xlsx"
    dialog.save_errors_to(str(out))
    assert list(load_workbook(out).active.iter_rows(min_row=2, values_only=True))[0][:2] == (4, "手机")
    dialog.skip_invalid.setChecked(True)
    run_and_wait(dialog, qtbot, dry_run=False)
    assert dialog.summary.text() == (
        "3 rows read: 2 new customers added, 0 updated, 1 skipped"
        " — line 4, 手机: is not a valid phone number for the shop's region"
    )
    assert Customer.select().count() == 2


def test_a_column_can_be_read_as_another_field_or_left_out(dialog, qtbot, tmp_path):
    rows = [["客户", "联络", "介绍"], ["王丽", "13812345678", "x"]]
    load(dialog, write(tmp_path / "c.csv", rows))
    name_box, phone_box, other_box = dialog.column_boxes
    assert name_box.currentData() == "name" and phone_box.currentData() == ""
    phone_box.setCurrentIndex(phone_box.findData("phone"))
    other_box.setCurrentIndex(other_box.findData("name"))
    assert "Two columns are read as Name" in dialog.summary.text() and not dialog.import_button.isEnabled()
    other_box.setCurrentIndex(other_box.findData(""))
    assert dialog.import_button.isEnabled()
    run_and_wait(dialog, qtbot, dry_run=False)
    assert [(c.name, c.phone) for c in Customer.select()] == [("王丽", "+8613812345678")]


def test_visits_are_imported_when_chosen(dialog, qtbot, tmp_path):
    customer("王丽", code="A001")
    dialog.visits_radio.setChecked(True)
    load(dialog, write(tmp_path / "v.csv", [["会员号", "日期", "金额"], ["A001", "2026-06-01", "12.50"]]))
    run_and_wait(dialog, qtbot, dry_run=False)
    assert dialog.summary.text() == "1 row read: 1 visit added."
    assert [(v.amount, v.kind) for v in Visit.select()] == [(1250, "purchase")]


def test_an_unreadable_file_is_explained_and_import_stays_off(dialog, tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(b"")
    load(dialog, str(path))
    assert "cannot be read: the file is empty or has no header line" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_cancel_stops_with_nothing_imported(dialog, qtbot, tmp_path):
    rows = [ROWS[0]] + [[f"B{i:05d}", "顾客", "", "", ""] for i in range(20000)]
    load(dialog, write(tmp_path / "c.csv", rows))
    dialog.run(dry_run=False)
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)
    assert "Cancelled; nothing was imported." == dialog.summary.text()
    assert Customer.select().count() == 0


def test_closing_while_importing_cancels_first(dialog, qtbot, tmp_path):
    rows = [ROWS[0]] + [[f"B{i:05d}", "顾客", "", "", ""] for i in range(20000)]
    load(dialog, write(tmp_path / "c.csv", rows))
    dialog.run(dry_run=False)
    dialog.reject()
    assert dialog.isVisible()  # still open until the work has stopped
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)
    assert Customer.select().count() == 0


def test_the_customers_page_opens_it_for_managers_only(db, qtbot, tmp_path):
    owner = CustomersView(AppContext(location=str(tmp_path / "shop.db"), actor=Actor(1, "owner")))
    qtbot.addWidget(owner)
    assert owner.list.import_button.isEnabled()
    qtbot.mouseClick(owner.list.import_button, Qt.MouseButton.LeftButton)
    assert isinstance(owner.list.import_dialog, ImportDialog) and owner.list.import_dialog.isVisible()
    owner.list.import_dialog.close()
    clerk = CustomersView(AppContext(location=str(tmp_path / "shop.db"), actor=Actor(2, "staff")))
    qtbot.addWidget(clerk)
    assert not clerk.list.import_button.isEnabled()


def test_checking_a_file_with_bad_rows_says_what_the_rest_would_give(dialog, qtbot, tmp_path):
    load(dialog, write(tmp_path / "c.csv", [*ROWS, ["A003", "", "1391234", "", ""]]))
    run_and_wait(dialog, qtbot, dry_run=True)
    assert dialog.summary.text() == (
        "Checked 3 rows; nothing was changed. 1 invalid; the others would give: "
        "2 new customers added, 0 updated. Fix the invalid rows, or tick the box below to skip them.\n"
        "• line 4, 手机: is not a valid phone number for the shop's region"
    )
    assert dialog.errors_table.rowCount() == 1 and Customer.select().count() == 0


def test_reasons_are_shown_in_chinese_with_their_values(dialog, qtbot, tmp_path, qapp):
    from ui import i18n

    i18n.install(qapp, "zh_CN")
    try:
        rows = [
            ROWS[0],
            ["A001", "王丽", "", "", ""],
            ["A001", "张伟", "", "", ""],
            ["A009", "李娜", "x", "", ""],
        ]
        load(dialog, write(tmp_path / "c.csv", rows))
        run_and_wait(dialog, qtbot, dry_run=True)
        reasons = [dialog.errors_table.item(r, 3).text() for r in range(dialog.errors_table.rowCount())]
        assert reasons == ["与第 2 行的会员号相同", "不是本店所在地区的有效手机号"]
    finally:
        i18n.install(qapp, "en")


def test_a_template_for_the_chosen_kind_can_be_saved(dialog, tmp_path):
    dialog.visits_radio.setChecked(True)
    out = tmp_path / "template.xlsx"
    dialog.save_template_to(str(out))
    assert dialog.summary.text() == f"Saved {out}"
    headers = [c.value for c in next(load_workbook(out).active.iter_rows(max_row=1))]
    assert headers[:4] == ["Code", "Phone", "Name", "Date"]


# --- undo, and hostile files -------------------------------------------------------------------


def import_rows(dialog, qtbot, tmp_path, rows=ROWS):
    load(dialog, write(tmp_path / "c.csv", rows))
    run_and_wait(dialog, qtbot, dry_run=False)
    assert dialog.result.imported


def answer(monkeypatch, button):
    asked = []

    def question(*args, **kwargs):
        asked.append(args[2])
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_an_import_can_be_undone_from_its_result_after_asking(dialog, qtbot, tmp_path, monkeypatch):
    wang = customers.create_customer("王丽", "13812345678", code="A001")
    import_rows(dialog, qtbot, tmp_path, [ROWS[0], ["A001", "王丽丽", "", "", ""], ROWS[2]])
    assert dialog.undo_button.isVisible() and dialog.undo_button.isEnabled()
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert asked == [
        "Put the 1 customers it changed back as they were and remove the 1 customers and 0 visits it added?"
    ]
    assert dialog.job is None and Customer.select().count() == 2  # Cancel: nothing happens
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    dialog.changed.clear()
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)
    assert dialog.summary.text() == (
        "The import was undone: 1 customers put back as they were, 1 customers and 0 visits removed."
    )
    assert [(c.code, c.name) for c in Customer.select()] == [("A001", "王丽")] and wang.id
    assert not dialog.undo_button.isVisible() and dialog.changed[0].every_customer  # the lists reload


def test_a_refused_undo_says_why_and_changes_nothing(dialog, qtbot, tmp_path, monkeypatch):
    import_rows(dialog, qtbot, tmp_path)
    zhang = Customer.get(Customer.code == "A002")
    visits.log_visit(zhang.id, 1000)
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)
    assert dialog.summary.text() == (
        "This import cannot be undone: a visit was logged for 张伟 (A002), whom the import added."
        " Nothing was changed."
    )
    assert Customer.select().count() == 2 and Visit.select().count() == 1
    assert not dialog.undo_button.isVisible()


def test_undo_is_offered_to_owners_and_managers_only(dialog, qtbot, tmp_path):
    import_rows(dialog, qtbot, tmp_path)
    for role, shown in (("owner", True), ("manager", True), ("staff", False)):
        dialog.ctx.actor = Actor(None, role)
        dialog._show_result(dialog.result)
        assert dialog.undo_button.isVisible() is shown, role
    load(dialog, write(tmp_path / "c.csv", ROWS))
    assert not dialog.undo_button.isVisible()  # a new file: the last result is gone


def test_a_check_offers_no_undo(dialog, qtbot, tmp_path):
    load(dialog, write(tmp_path / "c.csv", ROWS))
    run_and_wait(dialog, qtbot, dry_run=True)
    assert not dialog.undo_button.isVisible()


def test_a_hostile_workbook_is_refused_in_the_preview_in_plain_words(dialog, tmp_path):
    book = Workbook()
    book.active.append(["姓名", "手机"])
    book.save(tmp_path / "wide.xlsx")
    with zipfile.ZipFile(tmp_path / "wide.xlsx") as source:
        members = {name: source.read(name) for name in source.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:Z400000"', sheet
    )
    with zipfile.ZipFile(tmp_path / "wide.xlsx", "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    load(dialog, str(tmp_path / "wide.xlsx"))
    assert dialog.summary.text() == (
        "wide.xlsx cannot be read: the workbook holds more than the 10,000,000 cells an import reads"
    )
    assert not dialog.import_button.isEnabled() and not dialog.check_button.isEnabled()


def test_every_reason_crm_gives_as_a_value_is_marked_for_translation():
    from crm.io import limits, values
    from crm.services import import_undo
    from ui.dialogs import import_words

    given = {*limits.REASONS, values.NO_SAVED_VALUE_REASON, *import_undo.REASONS}
    assert set(import_words.REASONS) == given


def test_a_refused_undo_is_said_in_chinese(dialog, qtbot, tmp_path, monkeypatch, qapp):
    from ui import i18n

    import_rows(dialog, qtbot, tmp_path)
    customers.update_customer(Customer.get(Customer.code == "A001").id, notes="柜台改过")
    i18n.install(qapp, "zh_CN")
    try:
        answer(monkeypatch, QMessageBox.StandardButton.Yes)
        dialog.undo_button.undo()
        qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)
        assert dialog.summary.text() == "无法撤销这次导入：导入之后 王丽 (A001) 又被改动过。没有做任何改动。"
    finally:
        i18n.install(qapp, "en")


def test_the_last_import_can_be_undone_after_closing_and_reopening_the_dialog(
    dialog, qtbot, tmp_path, monkeypatch
):
    import_rows(dialog, qtbot, tmp_path)
    assert Customer.select().count() == 2
    dialog.close()  # the owner looks at the new customers first
    again = ImportDialog(dialog.ctx)
    qtbot.addWidget(again)
    again.show()
    assert again.undo_button.isVisible() and ".csv" in again.undo_button.text()
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(again.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.job is None, timeout=20000)
    assert Customer.select().count() == 0 and "undone" in again.summary.text()
    staff_dialog = ImportDialog(AppContext(location=dialog.ctx.location, actor=Actor(None, "staff")))
    qtbot.addWidget(staff_dialog)
    assert not staff_dialog.undo_button.isVisible()


# --- lines of the file ------------------------------------------------------------------------


def test_every_part_of_an_import_names_rows_by_the_files_own_lines(dialog, qtbot, tmp_path):
    """The header is line 1, so the first customer is line 2: in the preview, the error list,
    the invalid-rows workbook and the result alike. A CSV cell holding a line break stays on
    its line (records are counted, as a spreadsheet shows them), so the record after it is
    line 4 although it starts on the file's fifth text line."""
    rows = [
        ["会员号", "姓名", "手机", "备注"],
        ["A001", "王丽", "13812345678", ""],
        ["A002", "张伟", "13912345678", "likes green tea\nasks for the new season"],
        ["A003", "李娜", "1391234", ""],
    ]
    path = write(tmp_path / "c.csv", rows)
    assert open(path, encoding="utf-8-sig").read().count("\n") == 5  # five text lines
    load(dialog, path)
    lines = [
        dialog.preview_table.verticalHeaderItem(r).text() for r in range(dialog.preview_table.rowCount())
    ]
    assert lines == ["2", "3", "4"]
    assert "the header is line 1" in dialog.lines_note.text()
    dialog.skip_invalid.setChecked(True)
    run_and_wait(dialog, qtbot, dry_run=False)
    header = dialog.errors_table.horizontalHeaderItem(0).text()
    assert (header, dialog.errors_table.item(0, 0).text()) == ("Line", "4")
    assert dialog.summary.text() == (
        "3 rows read: 2 new customers added, 0 updated, 1 skipped"
        " — line 4, 手机: is not a valid phone number for the shop's region"
    )
    out = tmp_path / "bad.xlsx"
    dialog.save_errors_to(str(out))
    saved = list(load_workbook(out).active.iter_rows(min_row=2, values_only=True))
    assert [row[:3] for row in saved] == [(4, "手机", "1391234")]
    assert saved[0][4:7] == ("A003", "李娜", "1391234")  # the row as it was on line 4


def test_several_skipped_lines_are_listed_with_their_reasons(dialog, qtbot, tmp_path):
    rows = [
        ["会员号", "姓名", "手机"],
        ["A001", "王丽", "13900000001"],
        ["A002", "", "13900000002"],
        ["A003", "李娜", "13900000003"],
        ["A004", "赵敏", "1391"],
        ["A005", "陈静", "13900000005"],
        ["A006", "周杰", "13900000006"],
    ]
    load(dialog, write(tmp_path / "c.csv", rows))
    dialog.skip_invalid.setChecked(True)
    run_and_wait(dialog, qtbot, dry_run=False)
    text = dialog.summary.text()
    assert text.startswith("6 rows read: 4 new customers added, 0 updated, 2 skipped\n• line 3, 姓名: ")
    assert "\n• line 5, 手机: is not a valid phone number for the shop's region" in text
    assert Customer.select().count() == 4


def test_the_result_is_said_in_chinese_with_counts(dialog, qtbot, tmp_path, qapp):
    from ui import i18n

    i18n.install(qapp, "zh_CN")
    try:
        load(dialog, write(tmp_path / "c.csv", [*ROWS, ["A003", "李娜", "1391234", "", ""]]))
        dialog.skip_invalid.setChecked(True)
        run_and_wait(dialog, qtbot, dry_run=False)
        assert dialog.summary.text() == (
            "读取 3 行：新增 2 位顾客，更新 0 位，跳过 1 行——第 4 行，手机：不是本店所在地区的有效手机号"
        )
    finally:
        i18n.install(qapp, "en")


def test_a_big_file_is_read_off_the_gui_thread_and_a_newer_choice_wins(dialog, qtbot, tmp_path):
    """Choosing a file returns at once (the first rows are read in the background) and says
    so; a file chosen meanwhile is the one shown, whichever read ends first."""
    big = [["会员号", "姓名", "手机"]] + [[f"A{i:05d}", f"顾客{i}", f"139{i:08d}"] for i in range(20_000)]
    big_path = write(tmp_path / "big.csv", big)
    small_path = write(tmp_path / "small.csv", ROWS)
    dialog.load(big_path)
    assert dialog.reading() and dialog.summary.text() == "Reading big.csv…"
    assert not dialog.import_button.isEnabled() and dialog.preview_table.rowCount() == 0
    load(dialog, small_path)
    assert dialog.path == small_path and dialog.preview_table.item(1, 1).text() == "张伟"
    qtbot.waitUntil(lambda: not dialog.previews.running(), timeout=10_000)
    assert dialog.preview_table.rowCount() == 2  # the big file's late answer is dropped
    load(dialog, big_path)
    assert dialog.preview_table.rowCount() == 10 and dialog.preview_table.item(0, 0).text() == "A00000"


def test_the_dialog_keeps_its_size_and_division_and_makes_room_for_invalid_rows(db, qtbot, tmp_path):
    ctx = AppContext(location=str(tmp_path / "shop.db"))
    first = ImportDialog(ctx)
    qtbot.addWidget(first)
    first.show()
    before = first.split.sizes()
    assert before[2] < min(before[:2])  # before a check the result is a line: the file gets the room
    first.qtbot = qtbot
    bad = [ROWS[0], *ROWS[1:], ["A003", "李娜", "123", "", ""]]
    load(first, write(tmp_path / "bad.csv", bad))
    run_and_wait(first, qtbot, dry_run=True)
    assert first.errors_table.isVisible()
    after = first.split.sizes()
    assert after[2] > before[2] and after[1] < before[1] and sum(after) == sum(before)
    first.reject()
    second = ImportDialog(ctx)
    qtbot.addWidget(second)
    second.show()
    second.resize(760, 600)
    second.split.setSizes([300, 150, 150])
    wanted = second.split.sizes()
    second.reject()
    again = ImportDialog(ctx)
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (760, 600)
    assert again.split.sizes() == wanted


def test_the_invalid_rows_workbook_says_the_reasons_as_the_dialog_does(db, qtbot, tmp_path, qapp):
    """In Chinese, the saved workbook's columns and reasons are the dialog's words (its
    reasons were the command line's English)."""
    from ui import i18n

    i18n.install(qapp, "zh_CN")
    try:
        ctx = AppContext(location=str(tmp_path / "shop.db"), language="zh_CN")
        page = ImportDialog(ctx)
        page.qtbot = qtbot
        qtbot.addWidget(page)
        page.show()
        load(page, write(tmp_path / "c.csv", [*ROWS, ["A003", "李娜", "1391234", "", ""]]))
        run_and_wait(page, qtbot, dry_run=True)
        shown = [page.errors_table.item(0, c).text() for c in range(4)]
        assert shown[1] == "手机" and "valid" not in shown[3]  # in Chinese
        out = tmp_path / "bad.xlsx"
        page.save_errors_to(str(out))
        saved = list(load_workbook(out).active.iter_rows(values_only=True))
        assert saved[0][:4] == ("行号", "列", "值", "原因")
        assert [str(v) for v in saved[1][:4]] == shown
    finally:
        i18n.install(qapp, "en")
