"""Closing the main window (or quitting, or opening another shop) while long work runs: the
work is waited for or cancelled, as the person answers, and nothing is lost or printed."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from tests.ui.test_customer_export import answer_save_dialog
from tests.ui.test_customers import make_shop, wait_loaded
from tests.ui.windows import main_window
from ui.jobs import Job, long_jobs, start
from ui.main_window import MainWindow


def window_with_customers(qtbot, tmp_path) -> MainWindow:
    window = main_window(qtbot, tmp_path, "customers")
    page = window.show_page("customers")
    wait_loaded(qtbot, page)
    return window


def held_export(monkeypatch, tmp_path):
    """The customer list's real export, held in its worker until ``go_on`` is set."""
    from crm.io import customer_export

    started, go_on = threading.Event(), threading.Event()
    real_count = customer_export.customer_list.count

    def held_count(flt):
        started.set()
        go_on.wait(20)
        return real_count(flt)

    monkeypatch.setattr(customer_export.customer_list, "count", held_count)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "customers.xlsx"
    answer_save_dialog(monkeypatch, out)
    return started, go_on, out


class Answers:
    """Answers the window's question (by its button's name) once it is asked, and calls
    ``while_waiting`` once the window says it waits; records what was asked."""

    def __init__(self, button: str, while_waiting: Callable[[], None] = lambda: None):
        self.button = button
        self.while_waiting = while_waiting
        self.asked: list[str] = []
        self.buttons: list[list[str]] = []
        self.waited = False
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QMessageBox) and not self.asked:
            self.asked.append(modal.text())
            self.buttons.append([b.objectName() for b in modal.findChildren(QPushButton)])
            modal.findChild(QPushButton, self.button).click()
        elif isinstance(modal, QProgressDialog) and not self.waited:
            self.waited = True
            self.while_waiting()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def no_leftover_jobs(qtbot):
    yield
    qtbot.waitUntil(lambda: not long_jobs().running(), timeout=20_000)


def test_closing_during_an_export_asks_and_waiting_closes_when_it_is_written(
    db, qtbot, tmp_path, monkeypatch, capfd, no_leftover_jobs
):
    make_shop()
    window = window_with_customers(qtbot, tmp_path)
    started, go_on, out = held_export(monkeypatch, tmp_path)
    listed = window.page("customers").list.model.rowCount()
    export = window.page("customers").list.export
    export.choose_and_export()
    qtbot.waitUntil(started.is_set, timeout=5000)

    answers = Answers("wait_for_work", while_waiting=go_on.set)
    window.close()  # File → Quit runs the same
    answers.stop()
    assert answers.asked == ["An export is still running.\nWait for it, or cancel it and close?"]
    assert sorted(answers.buttons[0]) == ["cancel_work", "keep_working", "wait_for_work"]
    assert answers.waited
    assert not window.isVisible()
    assert out.is_file()  # written in full before the window went
    assert f"Exported {listed} customers" in export.status.text()
    err = capfd.readouterr().err
    assert "Signal source has been deleted" not in err and "Traceback" not in err


def test_cancel_and_close_stops_the_export_and_writes_nothing(
    db, qtbot, tmp_path, monkeypatch, capfd, no_leftover_jobs
):
    make_shop()
    window = window_with_customers(qtbot, tmp_path)
    started, go_on, out = held_export(monkeypatch, tmp_path)
    window.quit_action.trigger()  # nothing runs: it closes at once, unasked
    assert not window.isVisible()
    window.show()
    export = window.page("customers").list.export
    export.choose_and_export()
    qtbot.waitUntil(started.is_set, timeout=5000)

    answers = Answers("cancel_work", while_waiting=go_on.set)
    window.quit_action.trigger()
    answers.stop()
    assert len(answers.asked) == 1 and answers.waited
    assert not window.isVisible()
    assert list(out.parent.iterdir()) == []  # no file, no part file
    assert export.status.text() == "Export cancelled; no file was written."
    err = capfd.readouterr().err
    assert "Signal source has been deleted" not in err and "Traceback" not in err


def test_dont_close_keeps_the_window_and_the_export_goes_on(
    db, qtbot, tmp_path, monkeypatch, no_leftover_jobs
):
    make_shop()
    window = window_with_customers(qtbot, tmp_path)
    started, go_on, out = held_export(monkeypatch, tmp_path)
    export = window.page("customers").list.export
    export.choose_and_export()
    qtbot.waitUntil(started.is_set, timeout=5000)
    answers = Answers("keep_working")
    window.close()
    answers.stop()
    assert answers.asked and not answers.waited
    assert window.isVisible()
    go_on.set()
    qtbot.waitUntil(lambda: not export.busy(), timeout=20_000)
    assert out.is_file()


def test_work_that_cannot_be_stopped_safely_is_only_waited_for(db, qtbot, tmp_path, no_leftover_jobs):
    window = main_window(qtbot, tmp_path)
    go_on = threading.Event()
    job = start(Job(lambda report: go_on.wait(20)), "restore")
    answers = Answers("wait_for_work", while_waiting=go_on.set)
    window.close()
    answers.stop()
    assert answers.asked == [
        "A backup is still being restored.\nIt cannot be stopped safely. Wait for it, then close?"
    ]
    assert "cancel_work" not in answers.buttons[0]
    assert job.finished and not job.cancel_requested
    assert not window.isVisible()


def test_opening_another_shop_asks_too_and_staying_keeps_the_work(db, qtbot, tmp_path, no_leftover_jobs):
    window = main_window(qtbot, tmp_path)
    go_on = threading.Event()

    def held(report):
        while not go_on.wait(0.01):
            report(0.5, "writing")

    job = start(Job(held), "import")
    answers = Answers("keep_working")
    assert window.may_leave_pages() is False  # what File → Open another database… asks first
    answers.stop()
    assert answers.asked == [
        "An import is still running.\nWait for it, or cancel it and open the other shop?"
    ]
    assert not job.cancel_requested and not job.finished
    answers = Answers("cancel_work")
    assert window.may_leave_pages() is True  # cancelled, and ended, before the shop changes
    answers.stop()
    assert job.cancel_requested and job.finished
    assert window.may_leave_pages(work=False) is True  # switching staff leaves work running
    go_on.set()
