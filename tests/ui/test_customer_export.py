"""Export… on the Customers page: pressed as a user would, the save dialog answered through
its seam; the file holds the rows the page shows, in its order."""

from __future__ import annotations

import csv
import threading
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from crm.money import format_amount
from crm.services.common import Actor
from tests.ui.test_customers import click_header, make_shop, make_view, type_text, wait_loaded
from ui import i18n
from ui.context import AppContext
from ui.models.customer_table import CustomerTableModel as M

SEAM = "ui.views.customer_export.choose_export_file"


def answer_save_dialog(monkeypatch, path: Path) -> list[bool]:
    """The save dialog, answered with ``path``; what the list says it was asked."""
    asked: list[bool] = []

    def choose(parent) -> str:
        asked.append(True)
        return str(path)

    monkeypatch.setattr(SEAM, choose)
    return asked


def press_export(qtbot, view) -> None:
    qtbot.mouseClick(view.list.export.button, Qt.MouseButton.LeftButton)


def wait_done(qtbot, view) -> None:
    qtbot.waitUntil(lambda: not view.list.export.busy(), timeout=20_000)


def page_rows(view) -> list[list[str]]:
    model = view.list.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def as_the_page_shows(row: tuple, yes: str, big_c: str) -> list[str]:
    """A file's row in the page's columns, as the page writes them."""
    code, name, phone, _wechat, level, last, days, spend, referrer, big, tags, *_ = row
    if isinstance(last, str):  # CSV: ISO text
        last = date.fromisoformat(last) if last else None
    return [
        code,
        name,
        phone,
        level,
        last.strftime("%Y-%m-%d") if last else "",
        str(days),
        format_amount(round(float(spend) * 100)),
        referrer or "",
        big_c if big == yes else "",
        tags or "",
    ]


def test_export_writes_the_filtered_sorted_list_the_page_shows(db, qtbot, tmp_path, monkeypatch):
    make_shop()
    view = make_view(qtbot, AppContext("test", actor=Actor(1, "owner", "老板")))
    qtbot.mouseClick(view.list.filters.level_buttons[1], Qt.MouseButton.LeftButton)  # Micro
    qtbot.mouseClick(view.list.filters.level_buttons[3], Qt.MouseButton.LeftButton)  # Strong
    wait_loaded(qtbot, view)
    click_header(qtbot, view, M.COL_NAME)
    shown = page_rows(view)
    assert len(shown) == 3  # 王丽 (Strong), 张伟 and 赵敏 (Micro)
    out = tmp_path / "customers.xlsx"
    asked = answer_save_dialog(monkeypatch, out)
    press_export(qtbot, view)
    wait_done(qtbot, view)
    assert asked == [True]
    export = view.list.export
    assert export.status.text() == f"Exported 3 customers to {out}"
    assert export.open_folder_button.isVisible() and export.last_export == out
    book = load_workbook(out)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows[0][:3] == ("Code", "Name", "Phone")
    assert [as_the_page_shows(r, "Yes", "Big C") for r in rows[1:]] == shown


def test_a_chinese_app_exports_csv_with_chinese_headers_and_what_was_just_typed(
    db, qtbot, tmp_path, monkeypatch, qapp
):
    make_shop()
    i18n.install(qapp, "zh_CN")
    try:
        view = make_view(qtbot, AppContext("test", language="zh_CN"))
        click_header(qtbot, view, M.COL_SPEND)
        type_text(qtbot, view.list.search, "王")  # exported before the typing pause is over
        out = tmp_path / "名单.csv"
        answer_save_dialog(monkeypatch, out)
        press_export(qtbot, view)
        wait_done(qtbot, view)
        wait_loaded(qtbot, view)
        shown = page_rows(view)
        assert [r[M.COL_NAME] for r in shown] == ["王丽", "王强"]
        with open(out, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0][:5] == ["会员号", "姓名", "手机号", "微信", "层级"]
        assert [as_the_page_shows(tuple(r), "是", "大C") for r in rows[1:]] == shown
        assert view.list.export.status.text() == f"已导出 2 位顾客到 {out}"
    finally:
        i18n.install(qapp, "en")


def test_a_clerk_sees_export_disabled_with_the_reason(db, qtbot, monkeypatch):
    make_shop()
    view = make_view(qtbot, AppContext("test", actor=Actor(2, "staff", "小李")))
    button = view.list.export.button
    assert not button.isEnabled()
    assert "owner or a manager" in button.toolTip()
    monkeypatch.setattr(SEAM, lambda parent: pytest.fail("asked where to save"))
    press_export(qtbot, view)  # a disabled button does nothing
    assert view.list.export.isHidden()


def test_cancel_stops_the_export_and_writes_no_file(db, qtbot, tmp_path, monkeypatch):
    from crm.io import customer_export

    make_shop()
    view = make_view(qtbot)
    started, go_on = threading.Event(), threading.Event()
    real_count = customer_export.customer_list.count

    def slow_count(flt):  # the worker waits here until Cancel was pressed
        started.set()
        go_on.wait(10)
        return real_count(flt)

    monkeypatch.setattr(customer_export.customer_list, "count", slow_count)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "customers.xlsx"
    answer_save_dialog(monkeypatch, out)
    press_export(qtbot, view)
    export = view.list.export
    assert export.progress.isVisible() and export.cancel_button.isVisible()
    assert not export.button.isEnabled()  # one export at a time
    qtbot.waitUntil(started.is_set, timeout=5000)
    qtbot.mouseClick(export.cancel_button, Qt.MouseButton.LeftButton)
    go_on.set()
    wait_done(qtbot, view)
    assert export.status.text() == "Export cancelled; no file was written."
    assert list(out.parent.iterdir()) == []  # no file, no part file
    assert export.button.isEnabled() and not export.progress.isVisible()


def test_the_count_is_written_as_the_page_writes_numbers(db, qtbot, tmp_path, monkeypatch):
    from crm.io.customer_export import Exported

    make_shop()
    view = make_view(qtbot)
    view.list.export._done(Exported(tmp_path / "big.xlsx", 12345))
    assert view.list.export.status.text() == f"Exported 12,345 customers to {tmp_path / 'big.xlsx'}"


def test_a_folder_that_is_gone_is_said_and_nothing_is_written(db, qtbot, tmp_path, monkeypatch):
    make_shop()
    view = make_view(qtbot)
    answer_save_dialog(monkeypatch, tmp_path / "gone" / "customers.csv")
    press_export(qtbot, view)
    wait_done(qtbot, view)
    text = view.list.export.status.text()
    assert text.startswith("customers.csv cannot be written") and "does not exist" in text
    assert not (tmp_path / "gone").exists()


def test_the_save_dialog_offers_a_dated_name_in_documents_then_the_folder_used_last(db, qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    from ui.views.customer_export import choose_export_file

    seen: list[str] = []

    def answer(path: str) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, lambda: answer(path))
            return
        seen.append(dialog.selectedFiles()[0])
        dialog.selectFile(path)
        dialog.accept()

    QTimer.singleShot(0, lambda: answer(str(tmp_path / "mine")))
    assert choose_export_file(None) == str(tmp_path / "mine.xlsx")  # a workbook unless CSV is chosen
    assert Path(seen[0]).name == "customers-2026-06-30.xlsx"
    QTimer.singleShot(0, lambda: answer(str(tmp_path / "again.csv")))
    assert choose_export_file(None) == str(tmp_path / "again.csv")
    assert Path(seen[1]).parent == tmp_path  # the folder used last
