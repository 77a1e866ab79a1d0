"""Every file dialog speaks the app's language and starts where a file of its kind was last
chosen: one folder each for imports, exports (the customer list, the report, a customer's
data) and backups; Documents at first, and again when that folder is gone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton

from ui import i18n
from ui.file_dialogs import documents_folder, file_dialog, open_file_name, save_file_name
from ui.views.customer_export import choose_export_file


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home of the test's own, with a Documents folder."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    (tmp_path / "Documents").mkdir()
    assert Path(documents_folder()) == tmp_path / "Documents"
    return tmp_path


def answering(qtbot, choose: Path | None) -> dict:
    """When the next file dialog opens: note its folder and the file it offers, then choose
    ``choose`` (None: cancel)."""
    seen: dict = {}

    def act():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, act)
            return
        seen["folder"] = Path(dialog.directory().absolutePath())
        offered = dialog.selectedFiles()
        seen["offered"] = Path(offered[0]).name if offered else ""
        if choose is None:
            dialog.reject()
        else:
            dialog.selectFile(str(choose))
            dialog.accept()

    QTimer.singleShot(0, act)
    return seen


def test_each_kind_of_file_starts_in_its_last_folder_and_documents_at_first(home, qtbot):
    documents = home / "Documents"
    exports = home / "exports"
    exports.mkdir()

    seen = answering(qtbot, exports / "customers.xlsx")
    path = choose_export_file(None)
    assert (seen["folder"], seen["offered"][:10]) == (documents, "customers-")
    assert path == str(exports / "customers.xlsx")

    seen = answering(qtbot, None)  # the report, another export: the same folder
    assert save_file_name(None, "Report", "report.xlsx", purpose="export") == ("", "")
    assert (seen["folder"], seen["offered"]) == (exports, "report.xlsx")

    seen = answering(qtbot, None)  # an import has its own folder, still Documents
    open_file_name(None, "Import", purpose="import")
    assert seen["folder"] == documents

    backups = home / "shop-backups"
    backups.mkdir()
    seen = answering(qtbot, None)  # a backup starts in the shop's backups folder until one is chosen
    save_file_name(None, "Backup", "shop.db", purpose="backup", first=str(backups))
    assert seen["folder"] == backups

    shutil.rmtree(exports)  # a remembered folder that is gone: Documents again
    seen = answering(qtbot, None)
    choose_export_file(None)
    assert seen["folder"] == documents


def test_a_cancelled_dialog_remembers_nothing(home, qtbot):
    elsewhere = home / "elsewhere"
    elsewhere.mkdir()
    seen = answering(qtbot, None)
    save_file_name(None, "Export", str(elsewhere / "a.xlsx"), purpose="export")
    assert seen["folder"] == home / "Documents"  # the purpose's folder, not the path given
    seen = answering(qtbot, None)
    save_file_name(None, "Export", "a.xlsx", purpose="export")
    assert seen["folder"] == home / "Documents"


def test_the_file_dialog_speaks_chinese_in_a_chinese_app(qapp, qtbot, tmp_path):
    i18n.install(qapp, "zh_CN")
    try:
        dialog = file_dialog(None, "导出", str(tmp_path), "Excel (*.xlsx)")
        qtbot.addWidget(dialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.show()
        labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
        buttons = [button.text() for button in dialog.findChildren(QPushButton) if button.isVisible()]
        assert any("文件名" in text for text in labels), labels
        assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels, labels
        assert "取消" in buttons, buttons
        assert all(not text.replace("&", "").isascii() for text in labels + buttons), labels + buttons
    finally:
        i18n.install(qapp, "en")


def test_a_home_without_documents_starts_in_the_home(tmp_path, monkeypatch, qtbot):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    seen = answering(qtbot, None)
    open_file_name(None, "Import", purpose="import")
    assert seen["folder"] == tmp_path
