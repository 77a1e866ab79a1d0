"""The staff section: who works in the shop, their roles and PINs.

Permissions are the staff service's: owners and managers manage staff, only an
owner manages owners, the shop keeps at least one active owner, and anyone may
change their own PIN. Refusals are shown in the section, in words.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm.errors import ShopError
from crm.services import staff
from crm.services.staff import StaffInfo
from ui.context import AppContext
from ui.dialogs.staff_dialog import StaffDialog
from ui.errors import error_text
from ui.models.staff_model import StaffTableModel
from ui.widgets.confirm import confirm
from ui.widgets.settings_section import BANNER_STYLE, ERROR_STYLE, OK_STYLE, may_change_settings, note


class StaffSection(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: StaffDialog | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(10)
        title = QLabel(self.tr("Staff"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        title.setFont(font)
        outer.addWidget(title)
        outer.addWidget(
            note(
                self.tr(
                    "Everyone who serves at the counter. A PIN lets the counter know who logged a visit."
                    " Deactivated staff keep their history and can be reactivated."
                )
            )
        )
        if not may_change_settings(ctx):
            banner = QLabel(
                self.tr(
                    "Signed in as staff: you can change your own PIN; only the owner or a manager can add"
                    " or change staff."
                )
            )
            banner.setWordWrap(True)
            banner.setStyleSheet(BANNER_STYLE)
            outer.addWidget(banner)

        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setToolTip(self.tr("Add a staff member"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setToolTip(self.tr("Change name, role or PIN (Enter or double-click)"))
        self.active_button = QPushButton(self.tr("Deactivate"))
        self.show_inactive = QCheckBox(self.tr("Show inactive"))
        self.show_inactive.setChecked(True)
        for button in (self.add_button, self.edit_button, self.active_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.show_inactive)
        outer.addLayout(bar)

        self.model = StaffTableModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(StaffTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (StaffTableModel.ROLE, StaffTableModel.PIN, StaffTableModel.ACTIVE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, 130)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        outer.addWidget(self.table, 1)

        self.message = QLabel()
        self.message.setObjectName("StaffMessage")
        self.message.setWordWrap(True)
        outer.addWidget(self.message)

        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.active_button.clicked.connect(self.toggle_active)
        self.show_inactive.toggled.connect(lambda _on: self.reload())
        self.table.activated.connect(lambda _index: self.edit())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload()

    # --- the list ------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        current = self.selected()
        keep = select_id if select_id is not None else (current.id if current else None)
        self.model.set_rows(staff.list_staff(include_inactive=self.show_inactive.isChecked()))
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        if row >= 0:
            self.select_row(row)
        self._update_buttons()

    def select_row(self, row: int) -> None:
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.setCurrentIndex(self.model.index(row, 0))

    def selected(self) -> StaffInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.staff_at(rows[0].row()) if rows else None

    def _update_buttons(self, *_args) -> None:
        info = self.selected()
        self.edit_button.setEnabled(info is not None)
        self.active_button.setEnabled(info is not None)
        if info is not None and not info.active:
            self.active_button.setText(self.tr("Reactivate"))
            self.active_button.setToolTip(self.tr("Let them sign in and be assigned tasks again"))
        else:
            self.active_button.setText(self.tr("Deactivate"))
            self.active_button.setToolTip(self.tr("They can no longer sign in; their history stays"))

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.message.setText(text)

    # --- actions -------------------------------------------------------------

    def add(self) -> None:
        self._open_dialog(StaffDialog(self.ctx, None, self))

    def edit(self) -> None:
        info = self.selected()
        if info is not None:
            self._open_dialog(StaffDialog(self.ctx, info, self))

    def _open_dialog(self, dialog: StaffDialog) -> None:
        self.message.clear()
        self.dialog = dialog
        dialog.accepted.connect(self._dialog_saved)
        dialog.finished.connect(self._dialog_closed)
        dialog.open()

    def _dialog_saved(self) -> None:
        dialog = self.dialog
        if dialog is None or dialog.saved is None:
            return
        saved = dialog.saved
        if dialog.info is None:
            self.show_message(self.tr("%1 was added.").replace("%1", saved.name))
        else:
            self.show_message(self.tr("%1 was saved.").replace("%1", saved.name))
        self.reload(saved.id)
        self.ctx.bus.settings_changed.emit()
        self.ctx.bus.staff_changed.emit()

    def _dialog_closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def toggle_active(self) -> None:
        info = self.selected()
        if info is None:
            return
        if info.active:
            if not confirm(
                self,
                self.tr("Deactivate staff member"),
                self.tr(
                    "Deactivate %1? They can no longer sign in or be given tasks. Their history stays,"
                    " and you can reactivate them later."
                ).replace("%1", info.name),
            ):
                return
        try:
            if info.active:
                changed = staff.deactivate_staff(info.id, actor=self.ctx.actor)
                text = self.tr("%1 was deactivated.")
            else:
                changed = staff.reactivate_staff(info.id, actor=self.ctx.actor)
                text = self.tr("%1 is active again.")
        except ShopError as exc:
            self.show_message(error_text(exc), error=True)
            return
        self.reload(changed.id)
        self.show_message(text.replace("%1", changed.name))
        self.ctx.bus.settings_changed.emit()
        self.ctx.bus.staff_changed.emit()
