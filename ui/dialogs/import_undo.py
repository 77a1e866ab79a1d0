"""The import dialog's "Undo this import": for owners and managers, asked first, run off
the GUI thread; a refusal says why in the app's language (crm.services.import_undo)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from crm.errors import fill
from crm.io import importer
from crm.services import import_undo
from crm.services.common import may
from ui.context import AppContext
from ui.errors import error_text
from ui.jobs import Job, start
from ui.widgets.confirm import confirm


class UndoImportButton(QPushButton):
    """Shown under an import's result while it may be undone. ``started`` gives the job
    (the dialog is busy meanwhile), ``ended`` the sentence to show when it is over."""

    started = Signal(object)
    ended = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(self.tr("Undo this import"), parent)
        self.ctx = ctx
        self.result: importer.ImportResult | None = None
        self.job: Job | None = None
        self.setObjectName("undo_import_button")
        self.setToolTip(
            self.tr(
                "Put the customers it changed back as they were and remove the customers and visits "
                "it added, while none of them has changed since"
            )
        )
        self.clicked.connect(self.undo)
        self.hide()

    def offer(self, result: importer.ImportResult | None) -> None:
        """Shown for an import that wrote something, to those who may undo it."""
        self.result = result
        self.setText(self.tr("Undo this import"))
        self.setVisible(
            result is not None
            and result.imported
            and result.import_id is not None
            and may(self.ctx.actor, "undo imports")
        )

    def offer_last(self) -> None:
        """On opening the dialog: the shop's last import, while it is not undone, so an owner
        can look at what it did first and come back (the undo still refuses, saying why,
        when anything it touched has changed since)."""
        from types import SimpleNamespace

        from crm.services import imports

        record = imports.last_import() if may(self.ctx.actor, "undo imports") else None
        if record is None or record.undone:
            return
        self.offer(
            SimpleNamespace(
                import_id=record.id,
                imported=True,
                updated=record.updated,
                created=record.created,
                visits_added=record.visits_added,
            )
        )
        self.setText(
            fill(
                self.tr("Undo the last import (%1, %2)"),
                (Path(record.file).name, record.at.strftime("%Y-%m-%d %H:%M")),
            )
        )

    def undo(self) -> None:
        """Asks first: an undo removes the customers and visits the import added."""
        result = self.result
        if result is None or result.import_id is None or self.job is not None:
            return
        question = fill(
            self.tr(
                "Put the %1 customers it changed back as they were and remove the %2 customers and %3 "
                "visits it added?"
            ),
            (result.updated, result.created, result.visits_added),
        )
        if confirm(self.window(), self.tr("Undo this import"), question):
            self.undo_now()

    def undo_now(self) -> Job | None:
        """The undo, without asking."""
        result = self.result
        if result is None or result.import_id is None or self.job is not None:
            return None
        import_id, actor = result.import_id, self.ctx.actor
        job = Job(lambda report: import_undo.undo_import(import_id, actor)).answering(
            self._undone, self._failed
        )
        self.job = job
        self.started.emit(job)
        return start(job, "undo import")

    def _undone(self, done: import_undo.UndoResult) -> None:
        self.job = None
        self.offer(None)
        self.ended.emit(
            fill(
                self.tr(
                    "The import was undone: %1 customers put back as they were, %2 customers and "
                    "%3 visits removed."
                ),
                (done.restored, done.customers_removed, done.visits_removed),
            )
        )
        self.ctx.actions.publish(done.changes)

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        if isinstance(exc, import_undo.UndoRefused):
            self.offer(None)  # what changed since stays changed: no use trying again
            reason = fill(QCoreApplication.translate("Reasons", exc.template), exc.args_)
            text = fill(self.tr("This import cannot be undone: %1. Nothing was changed."), (reason,))
        else:
            text = error_text(exc)
        self.ended.emit(text)
