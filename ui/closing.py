"""What the main window asks before it closes, quits or opens another shop while long work
runs: wait for it, cancel it and go on, or stay; and the small window that waits.

The words keep the "MainWindow" translation context they were written in.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget


def may_stop_work(window: QWidget, switching: bool = False) -> bool:
    """Before the window closes (or, ``switching``, before another shop opens): an export,
    report, import, undo, backup, restore or erase still running is waited for, or
    cancelled, as the person chooses; False when they would rather go back to it. Work
    that cannot be stopped safely is only waited for. Short reads are waited for unasked."""
    from ui.jobs import long_jobs

    registry = long_jobs()
    asked = registry.asked_about()
    if asked:
        stoppable = [job for job in asked if job.stoppable]
        one = len(asked) == 1
        box = QMessageBox(window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(QCoreApplication.translate("MainWindow", "ShopCircle 店圈"))
        lines = [running_text(job.kind) for job in asked]
        if stoppable and switching:
            lines.append(
                QCoreApplication.translate("MainWindow", "Wait for it, or cancel it and open the other shop?")
                if one
                else QCoreApplication.translate(
                    "MainWindow", "Wait for them, or cancel them and open the other shop?"
                )
            )
        elif stoppable:
            lines.append(
                QCoreApplication.translate("MainWindow", "Wait for it, or cancel it and close?")
                if one
                else QCoreApplication.translate("MainWindow", "Wait for them, or cancel them and close?")
            )
        elif switching:
            lines.append(
                QCoreApplication.translate(
                    "MainWindow", "It cannot be stopped safely. Wait for it, then open the other shop?"
                )
            )
        else:
            lines.append(
                QCoreApplication.translate(
                    "MainWindow", "It cannot be stopped safely. Wait for it, then close?"
                )
            )
        box.setText("\n".join(lines))
        wait = box.addButton(
            QCoreApplication.translate("MainWindow", "Wait"), QMessageBox.ButtonRole.AcceptRole
        )
        wait.setObjectName("wait_for_work")
        cancel = None
        if stoppable:
            cancel = box.addButton(
                QCoreApplication.translate("MainWindow", "Cancel and switch shop")
                if switching
                else QCoreApplication.translate("MainWindow", "Cancel and close"),
                QMessageBox.ButtonRole.DestructiveRole,
            )
            cancel.setObjectName("cancel_work")
        back = box.addButton(
            QCoreApplication.translate("MainWindow", "Don't close"), QMessageBox.ButtonRole.RejectRole
        )
        if switching:
            back.setText(QCoreApplication.translate("MainWindow", "Stay in this shop"))
        back.setObjectName("keep_working")
        box.setDefaultButton(wait)
        box.setEscapeButton(back)
        box.exec()
        chosen = box.clickedButton()
        if chosen is None or chosen is back:
            return False
        if chosen is cancel:
            for job in stoppable:
                job.cancel()
    return wait_for_work(window)


def wait_for_work(window: QWidget) -> bool:
    """Until every running job has ended, in a small window that says so; False when the
    person stops waiting."""
    from ui.jobs import long_jobs

    registry = long_jobs()
    if not registry.running():
        return True
    asked = registry.asked_about()
    dialog = QProgressDialog(
        running_text(asked[0].kind)
        if asked
        else QCoreApplication.translate("MainWindow", "Finishing the work under way…"),
        QCoreApplication.translate("MainWindow", "Stop waiting"),
        0,
        0,
        window,
    )
    dialog.setObjectName("waiting_for_work")
    dialog.setWindowTitle(QCoreApplication.translate("MainWindow", "ShopCircle 店圈"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    registry.idle.connect(dialog.accept)
    try:
        if registry.running():
            dialog.exec()
    finally:
        registry.idle.disconnect(dialog.accept)
        dialog.deleteLater()
    return not registry.running()


def running_text(kind: str) -> str:
    """What is still running, in a sentence."""
    return {
        "export": QCoreApplication.translate("MainWindow", "An export is still running."),
        "report": QCoreApplication.translate("MainWindow", "A report is still being written."),
        "import": QCoreApplication.translate("MainWindow", "An import is still running."),
        "undo import": QCoreApplication.translate("MainWindow", "An import is still being undone."),
        "backup": QCoreApplication.translate("MainWindow", "A backup is still being made."),
        "restore": QCoreApplication.translate("MainWindow", "A backup is still being restored."),
        "erase": QCoreApplication.translate("MainWindow", "A customer is still being erased."),
        "check": QCoreApplication.translate("MainWindow", "The database is still being checked."),
        "repair": QCoreApplication.translate("MainWindow", "The database is still being repaired."),
    }.get(kind, QCoreApplication.translate("MainWindow", "Work is still under way."))
