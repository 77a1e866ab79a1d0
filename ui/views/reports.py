"""Reports: choose a month, see its key figures, export the loyalty report to Excel.

The figures and the workbook come from the same metrics as the dashboard and
``shopcircle-cli report``. Both are computed off the GUI thread; the export
shows a progress bar and can be cancelled, and when it is done the file or its
folder opens with one click.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crm import clock
from crm.reports.metrics import Month
from crm.services.changes import Changes
from crm.services.common import may
from crm.services.reports_page import MonthFigures, load_figures
from ui.errors import error_text
from ui.file_dialogs import save_file_name
from ui.jobs import Cancelled, Job, start
from ui.views.page import Page
from ui.widgets.month_figures import FigureCards


class ReportsView(Page):
    def build(self) -> None:
        self._export_job: Job | None = None
        self.last_export: Path | None = None

        title = QLabel(self.tr("Monthly loyalty report"))
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        intro = QLabel(
            self.tr(
                "Every metric of the month with the month before, the level migration, every customer, "
                "fission, communities, follow-up and staff activity, in one Excel workbook."
            )
        )
        intro.setWordWrap(True)

        self.month = QComboBox()
        self.month.setObjectName("month")
        self.month.setToolTip(self.tr("The month to report on"))
        self._fill_months()
        self.month.currentIndexChanged.connect(self.refresh)
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.export_button.setObjectName("export")
        self.export_button.setDefault(True)
        self.export_button.setToolTip(self.tr("Write the workbook for this month (Ctrl+E)"))
        self.export_button.setShortcut("Ctrl+E")
        self.export_button.clicked.connect(self.choose_and_export)
        # The workbook lists every customer's name and phone: managers and owners (SPEC 8).
        self.may_export = may(self.ctx.actor, "export data")
        if not self.may_export:
            self.export_button.setEnabled(False)
            self.export_button.setToolTip(
                self.tr("Only a manager or the owner may export: the workbook lists every customer's phone.")
            )
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Month:")))
        top.addWidget(self.month)
        top.addStretch(1)
        top.addWidget(self.export_button)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_export)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_file_button = QPushButton(self.tr("Open file"))
        self.open_folder_button = QPushButton(self.tr("Open folder"))
        for button in (self.open_file_button, self.open_folder_button):
            button.hide()
        self.open_file_button.clicked.connect(self.open_file)
        self.open_folder_button.clicked.connect(self.open_folder)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        done_row = QHBoxLayout()
        done_row.addWidget(self.status, 1)
        done_row.addWidget(self.open_file_button)
        done_row.addWidget(self.open_folder_button)

        self.figures_view = FigureCards(self.ctx.language)
        self.figures_view.setObjectName("figures")
        self.month_note = QLabel()
        self.month_note.setObjectName("month_note")
        self.month_note.setWordWrap(True)
        self.month_note.setStyleSheet("color: #616161;")
        self.computing = QLabel(self.tr("Computing the month's figures…"))
        self.computing.hide()
        hint = QLabel(
            self.tr(
                "Point at a figure's name (ⓘ) to see what it counts; the workbook's last sheet, Notes, "
                "explains every figure and column."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #616161;")
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 8, 0)
        body_layout.addWidget(self.month_note)
        body_layout.addWidget(self.computing)
        body_layout.addWidget(self.figures_view)
        body_layout.addWidget(hint)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addLayout(progress_row)
        layout.addLayout(done_row)
        layout.addWidget(scroll, 1)

    def cares(self, changes: Changes) -> bool:
        # The figures, and the currency and level rules they are shown in.
        return (
            changes.any_customer or changes.visits or changes.tasks or changes.communities or changes.settings
        )

    # --- months and figures ------------------------------------------------

    def _fill_months(self, count: int = 36) -> None:
        current = Month.of(clock.today())
        self.month.clear()
        for back in range(0, count):
            m = current.shift(-back)
            label = m.key + (self.tr(" (this month, so far)") if back == 0 else "")
            self.month.addItem(label, m.key)
        self.month.setCurrentIndex(1)  # the last full month

    def selected_month(self) -> str:
        return self.month.currentData()

    def refresh(self) -> None:
        self.refresh_started()
        month = self.selected_month()
        if month is not None:
            self.read("figures", load_figures, self._show_figures, month)

    def update_busy(self) -> None:
        """While a month is computed, the figures shown (another month's) are greyed out."""
        busy = self.loading()
        self.computing.setVisible(busy)
        self.figures_view.setEnabled(not busy)
        self.month_note.setEnabled(not busy)

    def _show_figures(self, figures: MonthFigures) -> None:
        self.figures_view.show_figures(figures.this, figures.previous, figures.currency)
        self.figures = figures.this
        month = Month.parse(figures.month)
        today = clock.today()
        if month == Month.of(today):
            self.month_note.setText(
                self.tr("%1 is not over: its figures run to today (day %2 of %3), beside the whole of %4.")
                .replace("%1", figures.month)
                .replace("%2", str(today.day))
                .replace("%3", str(month.last.day))
                .replace("%4", month.shift(-1).key)
            )
        else:
            self.month_note.setText(
                self.tr("%1 beside %2.").replace("%1", figures.month).replace("%2", month.shift(-1).key)
            )

    def read_failed(self, exc: BaseException) -> None:
        self.update_busy()
        self.status.setText(error_text(exc))

    # --- export --------------------------------------------------------------

    def choose_and_export(self) -> None:
        from crm.reports.workbook import default_name

        path, _ = save_file_name(
            self,
            self.tr("Save the monthly report"),
            default_name(self.selected_month(), self.ctx.language),
            self.tr("Excel workbook (*.xlsx)"),
            purpose="export",
        )
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.export_to(path)

    def export_to(self, path: str) -> Job:
        """Start writing the report for the selected month to ``path`` (off the GUI thread)."""
        from crm.reports import workbook

        month, language = self.selected_month(), self.ctx.language
        actor = self.ctx.actor
        job = Job(
            lambda report: workbook.export(month, path, language=language, progress=report, actor=actor)
        )
        job.signals.progress.connect(self._export_progress)
        job.signals.done.connect(self._export_done)
        job.signals.failed.connect(self._export_failed)
        self._set_busy(True)
        self.status.setText(self.tr("Writing the %1 report…").replace("%1", month))
        self._export_job = start(job, "report")
        return job

    def cancel_export(self) -> None:
        if self._export_job is not None:
            self._export_job.cancel()
            self.status.setText(self.tr("Cancelling…"))

    def _set_busy(self, busy: bool) -> None:
        self.progress.setValue(0)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.export_button.setEnabled(not busy and self.may_export)
        self.month.setEnabled(not busy)
        if busy:
            self.open_file_button.hide()
            self.open_folder_button.hide()

    def _export_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 100))

    def _export_done(self, path) -> None:
        self._set_busy(False)
        self._export_job = None
        self.last_export = Path(path)
        self.status.setText(self.tr("Saved %1").replace("%1", str(path)))
        self.open_file_button.show()
        self.open_folder_button.show()

    def _export_failed(self, exc: BaseException) -> None:
        from crm.reports.workbook import ExportCancelled, ExportFailed

        self._set_busy(False)
        self._export_job = None
        if isinstance(exc, (Cancelled, ExportCancelled)):
            self.status.setText(self.tr("Export cancelled; no file was written."))
        elif isinstance(exc, ExportFailed):
            self.status.setText(
                self.tr("The report could not be saved to %1: %2")
                .replace("%1", exc.path)
                .replace("%2", exc.reason)
            )
        else:
            self.status.setText(error_text(exc))

    def open_file(self) -> None:
        if self.last_export:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_export)))

    def open_folder(self) -> None:
        if self.last_export:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_export.parent)))
