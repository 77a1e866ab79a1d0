"""The welcome's third way in: a shop brought over from a backup (a new computer).

The backup is read and checked off the GUI thread, the owner sees what it holds
(the shop's name, its customers and visits) and says yes, then it is restored off
the GUI thread too; a busy bar and one line of status sit under the choices.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from crm.services import backup
from ui.context import AppContext
from ui.errors import error_text
from ui.jobs import Job, start
from ui.widgets.backup_files import backup_contents, choose_backup_file, restore_and_publish
from ui.widgets.confirm import confirm
from ui.widgets.forms import ERROR_STYLE, NOTE_STYLE


class BackupRestorer(QWidget):
    """``busy(bool)`` while it reads or restores; ``restored(BackupInfo)`` once the shop is in.
    ``may_start()`` says whether nothing else (the demo) is under way."""

    busy = Signal(bool)
    restored = Signal(object)

    def __init__(self, ctx: AppContext, may_start: Callable[[], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.may_start = may_start
        self.job: Job | None = None
        self._ask = True
        self._path = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: reading and copying report no steps
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setObjectName("RestoreStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(NOTE_STYLE)
        layout.addWidget(self.status)

    def choose(self) -> None:
        path = choose_backup_file(self.window())
        if path:
            self.restore_from(path)

    def restore_from(self, path: str, ask: bool = True) -> Job | None:
        """Read and check the backup, show what it holds, then restore it."""
        self._ask, self._path = ask, path
        return self._run(lambda: backup.inspect(path), self._confirm, self.tr("Reading the backup…"))

    def _run(self, work, done, text: str) -> Job | None:
        if self.job is not None or not self.may_start():
            return None
        self._done = done
        job = Job(lambda _report: work()).answering(self._step_done, self._failed)
        self.job = job
        self.busy.emit(True)
        self.progress.show()
        self.status.setStyleSheet(NOTE_STYLE)
        self.status.setText(text)
        return start(job)

    def _step_done(self, result) -> None:
        self.job = None
        self.progress.hide()
        self.busy.emit(False)
        self._done(result)

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self.progress.hide()
        self.busy.emit(False)
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(error_text(exc))

    def _confirm(self, info: backup.BackupInfo) -> None:
        question = (
            self.tr("Bring the shop over from this backup?\n\n%1\n%2")
            .replace("%1", backup.described(info))
            .replace("%2", backup_contents(info))
        )
        if self._ask and not confirm(self.window(), self.tr("Restore from a backup"), question):
            self.status.setText("")
            return
        path, actions, actor = self._path, self.ctx.actions, self.ctx.actor

        def work() -> backup.BackupInfo:
            restore_and_publish(path, actions, actor)
            return info

        self._run(work, self._finished, self.tr("Restoring…"))

    def _finished(self, info: backup.BackupInfo) -> None:
        self.status.setText(self.tr("Restored."))
        self.restored.emit(info)
