"""The staff section: who works in the shop, their roles and PINs.

Managing staff and PINs is the owner's (SPEC 8); anyone else finds here only
their own PIN, changed by typing the current one first. The shop keeps at least
one active owner, and once it has two people every owner has a PIN: adding or
reactivating a second person asks the owner to set one first. Refusals are
shown in the section, in words.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm.errors import ShopError
from crm.services import staff
from crm.services.common import may
from crm.services.settings_page import StaffData
from crm.services.staff import StaffInfo
from ui.context import AppContext
from ui.dialogs.pin_dialog import NewPinDialog
from ui.dialogs.staff_dialog import StaffDialog
from ui.errors import error_text
from ui.models.staff_model import StaffTableModel
from ui.views.settings.own_pin import OwnPinPanel
from ui.views.settings.section import BANNER_STYLE, title
from ui.widgets.confirm import confirm
from ui.widgets.forms import ERROR_STYLE, OK_STYLE, note
from ui.widgets.page_parts import fit_columns, push_button


class StaffSection(QWidget):
    """The owner's list of staff; for anyone else, :class:`OwnPinPanel` alone. The page gives
    it what it read (:meth:`show_staff`); every change goes through ``ctx.actions``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: StaffDialog | None = None
        self.pin_dialog: NewPinDialog | None = None
        self.own_pin: OwnPinPanel | None = None
        self.data: StaffData | None = None
        self._select_id: int | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(10)
        self.manages = may(ctx.actor, staff.PERMISSION)
        if not self.manages:
            self.own_pin = OwnPinPanel(ctx)
            outer.addWidget(self.own_pin)
            outer.addStretch(1)
            return
        outer.addWidget(title(self.tr("Staff")))
        outer.addWidget(
            note(
                self.tr(
                    "Everyone who serves at the counter. A PIN lets the counter know who logged a visit."
                    " Deactivated staff keep their history and can be reactivated."
                )
            )
        )
        self.pin_banner = QLabel()
        self.pin_banner.setObjectName("OwnerPinBanner")
        self.pin_banner.setWordWrap(True)
        self.pin_banner.setStyleSheet(BANNER_STYLE)
        self.set_owner_pin_button = push_button(self.tr("Set the PIN…"), self.set_owner_pin)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.pin_banner, 1)
        banner_row.addWidget(self.set_owner_pin_button)
        outer.addLayout(banner_row)

        bar = QHBoxLayout()
        self.add_button = push_button(self.tr("Add…"), self.add, self.tr("Add a staff member"))
        self.edit_button = push_button(
            self.tr("Edit…"), self.edit, self.tr("Change name, role or PIN (Enter or double-click)")
        )
        self.active_button = push_button(self.tr("Deactivate"), self.toggle_active)
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
        fit_columns(self.table, stretch=StaffTableModel.NAME)
        outer.addWidget(self.table, 1)

        self.message = QLabel()
        self.message.setObjectName("StaffMessage")
        self.message.setWordWrap(True)
        outer.addWidget(self.message)

        self.show_inactive.toggled.connect(lambda _on: self._show_rows())
        self.table.activated.connect(lambda _index: self.edit())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()
        self.pin_banner.hide()
        self.set_owner_pin_button.hide()

    # --- the list ------------------------------------------------------------

    def show_staff(self, data: StaffData) -> None:
        """What the page read: everyone (the inactive too), and an owner who still needs a PIN."""
        self.data = data
        if not self.manages:
            self.own_pin.show_me(data.me)
            return
        self._show_rows()
        self._show_owner_pin_banner(data.owner_without_pin)

    def _show_rows(self) -> None:
        if self.data is None:
            return
        current = self.selected()
        keep = self._select_id if self._select_id is not None else (current.id if current else None)
        self._select_id = None
        people = self.data.people
        if not self.show_inactive.isChecked():
            people = [person for person in people if person.active]
        self.model.set_rows(people)
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        if row >= 0:
            self.select_row(row)
        self._update_buttons()

    def _show_owner_pin_banner(self, missing: StaffInfo | None) -> None:
        """A shop that has two people and an owner without a PIN (allowed by older versions)."""
        self.pin_banner.setVisible(missing is not None)
        self.set_owner_pin_button.setVisible(missing is not None)
        if missing is not None:
            self.pin_banner.setText(
                self.tr(
                    "%1 (owner) has no PIN, so anyone at the counter can switch to the owner with Ctrl+L."
                    " Set a PIN for %1."
                ).replace("%1", missing.name)
            )

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

    # --- the owner's PIN first -------------------------------------------------

    def _owner_pin_first(self, then) -> bool:
        """When one more active person needs an owner's PIN that is not set, ask for it and
        go on with ``then`` once it is stored. False when nothing needs asking."""
        missing = staff.owner_without_pin()
        if missing is None:
            return False
        self._ask_owner_pin(
            missing,
            self.tr(
                "Before a second person works in the shop, %1 (owner) needs a PIN. Without one, anyone"
                " at the counter could switch to the owner with Ctrl+L and change staff and settings."
            ).replace("%1", missing.name),
            then,
        )
        return True

    def set_owner_pin(self) -> None:
        missing = self.data.owner_without_pin if self.data is not None else None
        if missing is not None:
            self._ask_owner_pin(missing, "", lambda: None)

    def _ask_owner_pin(self, owner: StaffInfo, intro: str, then) -> None:
        self.message.clear()
        dialog = NewPinDialog(self.ctx, owner, intro, self)
        self.pin_dialog = dialog

        def stored() -> None:
            self.show_message(self.tr("The PIN for %1 is set.").replace("%1", owner.name))
            then()

        def closed(_result: int) -> None:
            dialog.deleteLater()
            if self.pin_dialog is dialog:
                self.pin_dialog = None

        dialog.accepted.connect(stored)
        dialog.finished.connect(closed)
        dialog.open()

    # --- actions -------------------------------------------------------------

    def add(self) -> None:
        if not self._owner_pin_first(self._open_add):
            self._open_add()

    def _open_add(self) -> None:
        self._open_dialog(StaffDialog(self.ctx, None, self))

    def edit(self) -> None:
        info = self.selected()
        if info is not None:
            self._open_dialog(StaffDialog(self.ctx, info, self))

    def _open_dialog(self, dialog: StaffDialog) -> None:
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
        self._select_id = saved.id  # once the page has read the list again

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
        elif self._owner_pin_first(lambda: self._set_active(info)):
            return
        self._set_active(info)

    def _set_active(self, info: StaffInfo) -> None:
        try:
            if info.active:
                changed = self.ctx.actions.deactivate_staff(info.id)
                text = self.tr("%1 was deactivated.")
            else:
                changed = self.ctx.actions.reactivate_staff(info.id)
                text = self.tr("%1 is active again.")
        except ShopError as exc:
            self.show_message(error_text(exc), error=True)
            return
        self._select_id = changed.id
        self.show_message(text.replace("%1", changed.name))
