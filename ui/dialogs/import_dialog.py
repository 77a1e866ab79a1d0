"""Import customers or visits from a CSV or Excel file.

Choose the file, see its first rows and how each column will be read (and
change it), check the whole file without changing anything, then import. The
check and the import run off the GUI thread with a progress bar and Cancel;
every invalid row is listed with its reason and can be saved to a workbook
to fix and import again; an import can be undone from its result by an owner or
a manager (ui.dialogs.import_undo). The same rules as ``shopcircle-cli import``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm.io import importer
from ui.context import AppContext
from ui.dialogs.import_undo import UndoImportButton
from ui.dialogs.import_words import error_words, field_label, summary_text
from ui.errors import error_text
from ui.file_dialogs import open_file_name, save_file_name
from ui.jobs import Cancelled, Job, JobRunner, start
from ui.widgets.forms import remember_folder, remembered_folder
from ui.widgets.page_parts import push_button
from ui.widgets.remembered_size import remember_size, restore_size

PREVIEW_ROWS = 10
SHOWN_ERRORS = 1000  # the rest are in the saved workbook
ERRORS_ROOM = 200  # at most, the result pane's height when a check finds invalid rows


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, kind: str = "customers", parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.path: str | None = None
        self.preview: importer.Preview | None = None
        self.result: importer.ImportResult | None = None
        self.job: Job | None = None
        self.column_boxes: list[QComboBox] = []
        self.previews = JobRunner(self)  # the file's first rows, read off the GUI thread
        self.setWindowTitle(self.tr("Import from a file"))
        self.setObjectName("import_dialog")
        outer = QVBoxLayout(self)

        what = QHBoxLayout()
        what.addWidget(QLabel(self.tr("Import:")))
        self.kind_group = QButtonGroup(self)
        self.customers_radio = QRadioButton(self.tr("Customers"))
        self.visits_radio = QRadioButton(self.tr("Visits and purchases"))
        for button in (self.customers_radio, self.visits_radio):
            self.kind_group.addButton(button)
            what.addWidget(button)
        (self.visits_radio if kind == "visits" else self.customers_radio).setChecked(True)
        self.kind_group.buttonToggled.connect(lambda *_: self._kind_changed())
        what.addStretch(1)
        outer.addLayout(what)

        file_row = QHBoxLayout()
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(self.tr("A .csv or .xlsx file with a header row"))
        self.choose_button = push_button(self.tr("Choose file…"), self.choose_file)
        file_row.addWidget(QLabel(self.tr("File:")))
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)
        outer.addLayout(file_row)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("import_hint")
        outer.addWidget(self.hint)

        split = QSplitter(Qt.Orientation.Vertical)
        columns_box = QGroupBox(self.tr("How each column is read"))
        columns_layout = QVBoxLayout(columns_box)
        self.columns_table = QTableWidget(0, 3)
        self.columns_table.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("Read as"), self.tr("First value")]
        )
        self.columns_table.verticalHeader().hide()
        self.columns_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.columns_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        columns_layout.addWidget(self.columns_table)
        split.addWidget(columns_box)

        preview_box = QGroupBox(self.tr("The first rows"))
        preview_layout = QVBoxLayout(preview_box)
        self.lines_note = QLabel(
            self.tr(
                "Rows are numbered as the file's lines, as a spreadsheet shows them: the header is line 1,"
                " so the first customer is line 2. In a CSV file a cell with a line break in it stays on"
                " its line."
            )
        )
        self.lines_note.setObjectName("import_lines_note")
        self.lines_note.setWordWrap(True)
        self.lines_note.setStyleSheet("color: #616161;")
        preview_layout.addWidget(self.lines_note)
        self.preview_table = QTableWidget(0, 0)
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        preview_layout.addWidget(self.preview_table)
        split.addWidget(preview_box)

        results_box = QGroupBox(self.tr("Result"))
        results_layout = QVBoxLayout(results_box)
        self.summary = QLabel(self.tr("Choose a file, check it, then import."))
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        results_layout.addWidget(self.summary)
        self.errors_table = QTableWidget(0, 4)
        self.errors_table.setObjectName("import_errors")
        self.errors_table.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Column"), self.tr("Value"), self.tr("Reason")]
        )
        self.errors_table.verticalHeader().hide()
        self.errors_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.errors_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors_table.hide()
        results_layout.addWidget(self.errors_table)
        split.addWidget(results_box)
        # Before a check the result is one line: the columns and the rows get the room.
        split.setSizes([240, 260, 90])
        self.split = split
        outer.addWidget(split, 1)

        self.skip_invalid = QCheckBox(self.tr("Import the valid rows and skip the invalid ones"))
        self.skip_invalid.setToolTip(
            self.tr("Without this, one invalid row means nothing is imported, so you can fix the file first.")
        )
        outer.addWidget(self.skip_invalid)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.cancel_button = push_button(self.tr("Cancel"), self.cancel)
        self.cancel_button.hide()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        outer.addLayout(progress_row)

        buttons = QHBoxLayout()
        self.save_errors_button = push_button(
            self.tr("Save invalid rows…"),
            self.save_errors,
            self.tr("A workbook of the invalid rows with the reasons, to fix"),
        )
        self.save_errors_button.hide()
        buttons.addWidget(self.save_errors_button)
        self.undo_button = UndoImportButton(ctx, self)
        self.undo_button.started.connect(self._undo_started)
        self.undo_button.ended.connect(self._undo_ended)
        buttons.addWidget(self.undo_button)
        self.undo_button.offer_last()
        self.template_button = push_button(
            self.tr("Save a template…"),
            self.save_template,
            self.tr("An empty workbook with the columns this import reads, to fill in"),
        )
        buttons.addWidget(self.template_button)
        buttons.addStretch(1)
        self.check_button = push_button(
            self.tr("Check file"),
            lambda: self.run(dry_run=True),
            self.tr("Read every row and count what would change; nothing is written"),
        )
        self.import_button = push_button(
            self.tr("Import"), lambda: self.run(dry_run=False), name="import_button"
        )
        self.close_button = push_button(self.tr("Close"), self.reject)
        for button in (self.check_button, self.import_button, self.close_button):
            buttons.addWidget(button)
        outer.addLayout(buttons)
        self._kind_changed()
        restore_size(self, "import", 900, 680, split)

    # --- the file ------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return "visits" if self.visits_radio.isChecked() else "customers"

    def _kind_changed(self) -> None:
        if self.kind == "customers":
            self.hint.setText(
                self.tr(
                    "One customer per row. Customers already in the shop (same code, else same phone) "
                    "are updated, not added twice."
                )
            )
        else:
            self.hint.setText(
                self.tr(
                    "One visit or purchase per row, naming the customer by code or phone. An unknown code "
                    "adds that customer. Visits already in the shop are not added twice."
                )
            )
        if self.path:
            self.load(self.path)
        self._update_buttons()

    def choose_file(self) -> None:
        path, _ = open_file_name(
            self,
            self.tr("Choose the file to import"),
            remembered_folder("import/folder"),
            self.tr("Tables (*.csv *.xlsx *.xlsm *.txt);;All files (*)"),
        )
        if path:
            remember_folder("import/folder", path)
            self.load(path)

    def load(self, path: str) -> None:
        """Read the start of the file off the GUI thread (a big workbook takes a while to open),
        then show how its columns will be read; a newer choice makes an older read stale."""
        self.path = path
        self.file_edit.setText(path)
        self.result = None
        self._show_result(None)
        self.preview = None
        self._clear_preview()
        self.summary.setText(self.tr("Reading %1…").replace("%1", Path(path).name))
        self.previews.start(
            "preview",
            importer.preview,
            path,
            self.kind,
            PREVIEW_ROWS,
            done=self._previewed,
            failed=self._preview_failed,
        )
        self._update_buttons()

    def reading(self) -> bool:
        """The file's start is still being read."""
        return self.previews.busy("preview")

    def _clear_preview(self) -> None:
        self.columns_table.setRowCount(0)
        self.column_boxes = []
        self.preview_table.setRowCount(0)
        self.preview_table.setColumnCount(0)

    def _previewed(self, preview: importer.Preview) -> None:
        self.preview = preview
        self._fill_columns()
        self._fill_preview()
        self.summary.setText(self.tr("Check the columns, then check the file or import it."))
        self._update_buttons()

    def _preview_failed(self, exc: BaseException) -> None:
        self.preview = None  # an unreadable file is said in words, never a traceback
        self._clear_preview()
        self.summary.setText(error_text(exc))
        self._update_buttons()

    def _fill_columns(self) -> None:
        preview = self.preview
        assert preview is not None
        fields = importer.FIELDS[self.kind]
        chosen = {index: name for name, index in preview.columns.items()}
        self.columns_table.setRowCount(len(preview.headers))
        self.column_boxes: list[QComboBox] = []
        for row, header in enumerate(preview.headers):
            self.columns_table.setItem(row, 0, QTableWidgetItem(header or self.tr("(no header)")))
            box = QComboBox()
            box.addItem(self.tr("— leave out —"), "")
            for name in fields:
                box.addItem(field_label(name), name)
            box.setCurrentIndex(max(0, box.findData(chosen.get(row, ""))))
            box.currentIndexChanged.connect(self._mapping_changed)
            self.columns_table.setCellWidget(row, 1, box)
            self.column_boxes.append(box)
            first = preview.rows[0][row] if preview.rows and row < len(preview.rows[0]) else ""
            self.columns_table.setItem(row, 2, QTableWidgetItem(first))
        self.columns_table.resizeColumnsToContents()
        self.columns_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def _fill_preview(self) -> None:
        preview = self.preview
        assert preview is not None
        self.preview_table.setColumnCount(len(preview.headers))
        self.preview_table.setHorizontalHeaderLabels(preview.headers)
        self.preview_table.setRowCount(len(preview.rows))
        # Each row by its line in the file, as the errors and the result name it (header: line 1).
        self.preview_table.setVerticalHeaderLabels([str(line) for line in preview.lines])
        for r, cells in enumerate(preview.rows):
            for c, text in enumerate(cells[: len(preview.headers)]):
                self.preview_table.setItem(r, c, QTableWidgetItem(text))
        self.preview_table.resizeColumnsToContents()

    def mapping(self) -> dict[str, str]:
        """{header: field or ""} for every column, as chosen on screen."""
        if self.preview is None:
            return {}
        return {
            header: box.currentData() or ""
            for header, box in zip(self.preview.headers, self.column_boxes, strict=True)
            if header
        }

    def _mapping_changed(self) -> None:
        chosen = [box.currentData() for box in self.column_boxes if box.currentData()]
        doubled = sorted({name for name in chosen if chosen.count(name) > 1})
        if doubled:
            self.summary.setText(
                self.tr("Two columns are read as %1; choose one.").replace(
                    "%1", ", ".join(field_label(name) for name in doubled)
                )
            )
        else:
            self.summary.setText(self.tr("Check the columns, then check the file or import it."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.job is not None
        ready = self.preview is not None and not busy
        if ready:
            chosen = [box.currentData() for box in self.column_boxes if box.currentData()]
            ready = len(chosen) == len(set(chosen)) and bool(chosen)
        self.check_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
        self.choose_button.setEnabled(not busy)
        self.undo_button.setEnabled(not busy)
        self.customers_radio.setEnabled(not busy)
        self.visits_radio.setEnabled(not busy)
        self.skip_invalid.setEnabled(not busy)
        self.columns_table.setEnabled(not busy)
        self.close_button.setEnabled(not busy)

    # --- checking and importing ------------------------------------------------------------

    def run(self, dry_run: bool) -> Job | None:
        if self.path is None or self.preview is None or self.job is not None:
            return None
        path, kind, mapping = self.path, self.kind, self.mapping()
        skip, actor = self.skip_invalid.isChecked(), self.ctx.actor
        job = Job(
            lambda report: importer.import_file(
                kind,
                path,
                dry_run=dry_run,
                skip_invalid=skip,
                mapping=mapping,
                progress=report,
                actor=actor,
            )
        )
        job.signals.progress.connect(self._progress)
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self.job = job
        self._show_result(None)
        self.summary.setText(self.tr("Checking the file…") if dry_run else self.tr("Importing…"))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self._update_buttons()
        return start(job, "import")

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.summary.setText(self.tr("Cancelling…"))

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 100))

    def _finish(self) -> None:
        self.job = None
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()

    def _done(self, result: importer.ImportResult) -> None:
        self._finish()
        self.result = result
        self._show_result(result)
        self.ctx.actions.publish(result.changes)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        if isinstance(exc, (Cancelled, importer.ImportCancelled)):
            self.summary.setText(self.tr("Cancelled; nothing was imported."))
        else:
            self.summary.setText(error_text(exc))

    def summary_text(self, result: importer.ImportResult) -> str:
        """What became of the rows, in sentences (:func:`ui.dialogs.import_words.summary_text`),
        as the box to skip invalid rows now says."""
        return summary_text(result, self.skip_invalid.isChecked())

    def _show_result(self, result: importer.ImportResult | None) -> None:
        if result is None:
            self.errors_table.hide()
            self.save_errors_button.hide()
            self.undo_button.offer(None)
            return
        self.undo_button.offer(result)
        self.summary.setText(self.summary_text(result))
        errors = result.errors[:SHOWN_ERRORS]
        self.errors_table.setRowCount(len(errors))
        for row, error in enumerate(errors):
            column, reason = error_words(error)
            for col, text in enumerate((str(error.row), column, error.value, reason)):
                self.errors_table.setItem(row, col, QTableWidgetItem(text))
        self.errors_table.resizeColumnsToContents()
        self.errors_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.errors_table.setVisible(bool(errors))
        self.save_errors_button.setVisible(bool(result.errors))
        sizes = self.split.sizes()
        room = min(ERRORS_ROOM, 110 + 30 * len(errors))
        if errors and sizes[2] < room:  # room for the reasons, taken from the rows above
            taken = min(room - sizes[2], max(sizes[1] - 80, 0))
            self.split.setSizes([sizes[0], sizes[1] - taken, sizes[2] + taken])

    def save_errors(self) -> None:
        if self.result is None or not self.result.errors:
            return
        suggested = str(
            Path(remembered_folder("import/folder"))
            / f"{Path(self.result.path).stem}-{self.tr('invalid rows')}.xlsx"
        )
        path, _ = save_file_name(
            self, self.tr("Save the invalid rows"), suggested, self.tr("Excel workbook (*.xlsx)")
        )
        if path:
            self.save_errors_to(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def save_errors_to(self, path: str) -> None:
        assert self.result is not None
        try:
            written = importer.write_errors(self.result, path, self.ctx.language, error_words)
        except Exception as exc:  # a locked or unwritable file: say so
            self.summary.setText(error_text(exc))
            return
        self.summary.setText(
            self.summary_text(self.result) + " " + self.tr("Saved %1").replace("%1", str(written))
        )

    def save_template(self) -> None:
        name = self.tr("customers template") if self.kind == "customers" else self.tr("visits template")
        suggested = str(Path(remembered_folder("import/folder")) / f"{name}.xlsx")
        path, _ = save_file_name(
            self, self.tr("Save a template"), suggested, self.tr("Excel workbook (*.xlsx)")
        )
        if path:
            self.save_template_to(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def save_template_to(self, path: str) -> None:
        try:
            written = importer.write_template(self.kind, path, self.ctx.language)
        except Exception as exc:  # an unwritable folder or a file open in Excel: said in words
            self.summary.setText(error_text(exc))
            return
        self.summary.setText(self.tr("Saved %1").replace("%1", str(written)))

    def _undo_started(self, job: Job) -> None:
        self.job = job
        self.summary.setText(self.tr("Undoing the import…"))
        self._update_buttons()

    def _undo_ended(self, text: str) -> None:
        self._finish()
        self.summary.setText(text)

    def done(self, result: int) -> None:
        remember_size(self, "import", self.split)
        super().done(result)

    def reject(self) -> None:
        if self.job is not None:  # closing while working: stop it first, nothing is half-written
            if self.job is not self.undo_button.job:  # an undo is quick and cannot be stopped
                self.cancel()
            return
        super().reject()
