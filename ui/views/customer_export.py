"""Export… on the Customers page: the list as it is filtered and sorted, to .xlsx or .csv.

The page places :attr:`CustomerExport.button` in its top row and the export's own row
(progress bar and Cancel while it writes; then how many customers went where, and a
button that opens the folder) under its filters. The file is written off the GUI
thread by :func:`crm.io.customer_export.export_customers`, which checks the
permission; a clerk sees the button disabled with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from crm.services.common import may
from crm.services.customer_list import CustomerFilter
from ui.context import AppContext
from ui.errors import error_text
from ui.jobs import Cancelled, Job, start
from ui.widgets.page_parts import push_button

# What the page exports: its filter and its order (a name of customer_list.SORTS, reversed).
Shown = Callable[[], tuple[CustomerFilter, tuple[str, bool]]]


def choose_export_file(parent: QWidget | None) -> str | None:
    """Ask where to save the list: a workbook by default, CSV if chosen, in the folder used last
    (Documents at first). None when they cancel."""
    from crm.io.customer_export import default_name
    from ui.file_dialogs import save_file_name  # with the first export, not with the list

    workbook = QCoreApplication.translate("CustomerExport", "Excel workbook (*.xlsx)")
    csv_file = QCoreApplication.translate("CustomerExport", "CSV file, UTF-8 (*.csv)")
    path, chosen = save_file_name(
        parent,
        QCoreApplication.translate("CustomerExport", "Export the customer list"),
        default_name(),
        f"{workbook};;{csv_file}",
        purpose="export",
    )
    if not path:
        return None
    if not path.lower().endswith((".xlsx", ".csv")):
        path += ".csv" if chosen == csv_file else ".xlsx"
    return path


class CustomerExport(QWidget):
    """The export's row on the page; hidden until an export starts."""

    def __init__(self, ctx: AppContext, shown: Shown, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.shown = shown
        self.job: Job | None = None
        self.last_export: Path | None = None
        self.may_export = may(ctx.actor, "export data")
        self.button = push_button(
            self.tr("Export…"),
            self.choose_and_export,
            self.tr("Save the customers listed, as filtered and sorted, to Excel or CSV"),
            name="export_customers",
        )
        if not self.may_export:
            self.button.setEnabled(False)
            self.button.setToolTip(
                self.tr("Only the owner or a manager can export: the list holds every customer's phone")
            )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(320)
        self.cancel_button = push_button(self.tr("Cancel"), self.cancel, name="cancel_export")
        self.status = QLabel()
        self.status.setObjectName("export_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = push_button(
            self.tr("Open folder"),
            self.open_folder,
            self.tr("Show the file in its folder"),
            "open_export_folder",
        )
        self.close_button = push_button("✕", self.hide, self.tr("Close"), "close_export")
        self.close_button.setFlat(True)
        for widget in (self.progress, self.cancel_button):
            row.addWidget(widget)
        row.addWidget(self.status, 1)
        row.addWidget(self.open_folder_button)
        row.addWidget(self.close_button)
        self.hide()

    def busy(self) -> bool:
        return self.job is not None

    def choose_and_export(self) -> None:
        path = choose_export_file(self.window())
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> Job:
        """Write the list the page shows now to ``path`` off the GUI thread."""
        from crm.io.customer_export import export_customers

        flt, sort = self.shown()
        actor, language = self.ctx.actor, self.ctx.language
        job = Job(
            lambda report: export_customers(path, flt, sort, actor=actor, language=language, progress=report)
        )
        job.signals.progress.connect(self._progress)
        job.answering(self._done, self._failed)
        self._set_busy(True)
        self.status.setText(self.tr("Writing %1…").replace("%1", Path(path).name))
        self.job = start(job, "export")
        return job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(self.tr("Cancelling…"))

    def open_folder(self) -> None:
        if self.last_export is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_export.parent)))

    def _set_busy(self, busy: bool) -> None:
        self.show()
        self.progress.setValue(0)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.close_button.setVisible(not busy)
        self.open_folder_button.setVisible(False)
        self.button.setEnabled(not busy and self.may_export)
        self.status.setStyleSheet("")

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 100))

    def _done(self, exported) -> None:
        self.job = None
        self._set_busy(False)
        self.last_export = exported.path
        self.status.setText(
            self.tr("Exported %Ln customer(s) to %1", "", exported.customers).replace(
                "%1", str(exported.path)
            )
        )
        self.open_folder_button.show()

    def _failed(self, exc: BaseException) -> None:
        from crm.reports.workbook import ExportCancelled

        self.job = None
        self._set_busy(False)
        if isinstance(exc, (Cancelled, ExportCancelled)):
            self.status.setText(self.tr("Export cancelled; no file was written."))
        else:
            self.status.setStyleSheet("color: #c62828;")
            self.status.setText(error_text(exc))
