"""Settings → Database: back up now, restore from a backup, check the database.

Each runs off the GUI thread; a restore asks first (showing what the backup
holds), keeps the current data in the backups folder, and then every page
reloads. A shop on a PostgreSQL server is backed up on the server, so only
the check is offered there. Each runs as the signed-in staff member, and what
their role may not do (SPEC 8: backing up and checking are for managers and
owners, restoring and repairing for owners) is hidden, or disabled with the reason.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from crm.errors import fill
from crm.services import backup, shop
from crm.services.changes import Changes
from crm.services.common import may
from ui.context import AppContext
from ui.errors import error_text
from ui.file_dialogs import save_file_name
from ui.jobs import Job, start
from ui.views.settings.section import heading
from ui.widgets.backup_files import backup_contents, choose_backup_file, restore_and_publish
from ui.widgets.confirm import confirm
from ui.widgets.forms import ERROR_STYLE, note
from ui.widgets.page_parts import push_button


class BackupPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.job: Job | None = None
        self.server = not shop.in_a_file(ctx.location)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(self.tr("Backups")))
        if self.server:
            layout.addWidget(
                note(
                    self.tr(
                        "A shop on a PostgreSQL server is backed up on the server, for example with pg_dump."
                    )
                )
            )
        else:
            layout.addWidget(
                note(
                    self.tr(
                        "ShopCircle copies the shop once a day when it starts and keeps the last seven copies"
                        " in the backups folder. Make a copy yourself before big changes, or to keep one"
                        " elsewhere (a USB stick, another computer)."
                    )
                )
            )
        row = QHBoxLayout()
        self.backup_button = push_button(self.tr("Back up now…"), self.choose_and_back_up)
        self.restore_button = push_button(self.tr("Restore from a backup…"), self.choose_and_restore)
        self.folder_button = push_button(self.tr("Open backups folder"), self.open_backups_folder)
        self.check_button = push_button(
            self.tr("Check the database"),
            self.check,
            self.tr("Read every page of the database and the shop's rules; change nothing"),
        )
        self.repair_button = push_button(
            self.tr("Repair"), self.repair, self.tr("Put right what can be: joined dates, the search index")
        )
        self.repair_button.hide()
        may_back_up = may(ctx.actor, "back up")
        for button, shown in (
            (self.backup_button, may_back_up),
            (self.restore_button, True),  # disabled below when the role may not: it says why
            (self.folder_button, may_back_up),
        ):
            button.setVisible(shown and not self.server)
            row.addWidget(button)
        self.check_button.setVisible(may(ctx.actor, "check the database"))
        row.addWidget(self.check_button)
        row.addWidget(self.repair_button)
        row.addStretch(1)
        layout.addLayout(row)
        if not may(ctx.actor, "restore a backup"):
            self.restore_button.setEnabled(False)
            self.restore_button.setToolTip(self.tr("Only the owner can restore a backup"))
        if not may_back_up and not may(ctx.actor, "check the database"):
            layout.addWidget(note(self.tr("Backups and the database check are for the owner and managers.")))
        self.status = QLabel()
        self.status.setObjectName("backup_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    # --- running ------------------------------------------------------------------------

    def _run(self, work, done, busy_text: str, kind: str) -> Job | None:
        """``work()`` off the GUI thread, then ``done(result)`` here. Bound slots only:
        when this panel is gone (the pages are rebuilt for another staff member) the
        result is simply not shown, never a crash."""
        if self.job is not None:
            return None
        self._done = done
        job = Job(lambda _report: work()).answering(self._job_done, self._job_failed)
        self.job = job
        self._set_busy(True)
        self.status.setStyleSheet("")
        self.status.setText(busy_text)
        return start(job, kind)  # closing the window waits for it

    def _job_done(self, result) -> None:
        self.job = None
        self._set_busy(False)
        self._done(result)

    def _job_failed(self, exc: BaseException) -> None:
        self.job = None
        self._set_busy(False)
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(error_text(exc))

    def _set_busy(self, busy: bool) -> None:
        for button in (self.backup_button, self.check_button, self.folder_button, self.repair_button):
            button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and may(self.ctx.actor, "restore a backup"))

    # --- backup -------------------------------------------------------------------------------

    def choose_and_back_up(self) -> None:
        suggested = backup.default_backup_path(self.ctx.location)
        suggested.parent.mkdir(parents=True, exist_ok=True)
        path, _ = save_file_name(
            self,
            self.tr("Save a copy of the shop"),
            suggested.name,
            self.tr("ShopCircle database (*.db)"),
            purpose="backup",
            first=str(suggested.parent),  # the shop's backups folder until another is chosen
        )
        if path:
            self.back_up_to(path)

    def back_up_to(self, path: str) -> Job | None:
        return self._run(
            lambda actor=self.ctx.actor: backup.backup(path, actor=actor),
            lambda written: self.status.setText(self.tr("Saved a copy to %1").replace("%1", str(written))),
            self.tr("Copying the shop…"),
            "backup",
        )

    def open_backups_folder(self) -> None:
        folder = backup.backups_folder(self.ctx.location)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # --- restore ------------------------------------------------------------------------------

    def choose_and_restore(self) -> None:
        path = choose_backup_file(self, str(backup.backups_folder(self.ctx.location)))
        if path:
            self.restore_from(path)

    def restore_from(self, path: str, ask: bool = True) -> Job | None:
        """Check the backup (off the GUI thread: it reads the whole file), ask, restore."""
        self._ask = ask
        self._path = path
        return self._run(
            lambda: backup.inspect(path), self._confirm_restore, self.tr("Reading the backup…"), "restore"
        )

    def _confirm_restore(self, info: backup.BackupInfo) -> None:
        question = (
            self.tr(
                "Replace all of the shop's data with this backup?\n\n%1\n%2\n\n"
                "The data as it is now is kept in the backups folder first."
            )
            .replace("%1", backup.described(info))
            .replace("%2", backup_contents(info))
        )
        if self._ask and not confirm(self, self.tr("Restore a backup"), question):
            self.status.setText("")
            return
        self._run(
            lambda actions=self.ctx.actions, path=self._path, actor=self.ctx.actor: restore_and_publish(
                path, actions, actor
            ),
            self._restored,
            self.tr("Restoring…"),
            "restore",
        )

    def _restored(self, before: Path | None) -> None:
        if before is None:  # the shop was empty: nothing to keep
            self.status.setText(self.tr("Restored."))
            return
        self.status.setText(
            self.tr("Restored. The data from before is kept in %1").replace("%1", str(before))
        )

    # --- check ----------------------------------------------------------------------------------

    def check(self) -> Job | None:
        actor = self.ctx.actor
        return self._run(
            lambda: backup.check(actor=actor), self._checked, self.tr("Checking the database…"), "check"
        )

    def repair(self) -> Job | None:
        actor = self.ctx.actor
        return self._run(lambda: backup.repair(actor=actor), self._repaired, self.tr("Repairing…"), "repair")

    def _repaired(self, done: list) -> None:
        self.repair_button.hide()
        if done:  # joined dates and search keys may have been put right: pages read again
            self.ctx.actions.publish(Changes(every_customer=True))
        self.check()  # say what is left, if anything

    def _checked(self, result: backup.CheckResult) -> None:
        self.repair_button.setVisible(result.repairable and may(self.ctx.actor, "repair the database"))
        if result.ok:
            self.status.setText(self.tr("No problems found."))
        else:
            lines = [
                fill(QCoreApplication.translate("Reasons", f.template), f.values) for f in result.findings
            ]
            self.status.setText(self.tr("Problems found:") + "\n" + "\n".join(f"• {line}" for line in lines))
