"""The customer's timeline, with a line to log a visit and Delete (with Undo) for a
visit typed on the wrong customer."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QTableView,
)

from crm.errors import ShopError
from crm.money import format_amount
from crm.services import visits
from crm.services.customer_page import CustomerPage
from crm.services.purchase_limit import LargePurchase
from ui.dialogs.delete_visit import DeleteVisitDialog
from ui.models.customers_timeline import CustomerTimelineModel
from ui.views.customer.parts import CustomerPart, entry_row, kind_combo, line_edit
from ui.widgets.empty_state import EmptyState
from ui.widgets.forms import FieldErrors
from ui.widgets.large_purchase import confirm_large_purchase
from ui.widgets.money_edit import MoneyEdit
from ui.widgets.page_parts import fit_columns, push_button, row_table
from ui.words import level_name, visit_kind


class TimelineTab(CustomerPart):
    def build(self) -> None:
        self.model = CustomerTimelineModel(self)
        self.column.addLayout(self._build_log_row())
        errors = QHBoxLayout()
        for field in ("kind", "amount", "at", "quantity", "customer", "staff"):
            errors.addWidget(self.errors.label_for(field))
        errors.addWidget(self.errors.general_label("visit_error"))
        self.column.addLayout(errors)
        self.column.addWidget(self._build_table(), 1)

    def _build_log_row(self) -> QHBoxLayout:
        self.errors = FieldErrors()
        self.kind_combo = kind_combo("visit_kind", visits.KINDS, visit_kind)
        self.amount = MoneyEdit()
        self.amount.setObjectName("visit_amount")
        self.amount.setMaximumWidth(120)
        self.amount.returnPressed.connect(self.log_visit)
        self.note = line_edit("visit_note", self.tr("Note (optional)"), self.log_visit)
        self.log_button = push_button(
            self.tr("Log"), self.log_visit, self.tr("Save the visit (Enter)"), name="visit_log_button"
        )
        parts = (self.kind_combo, self.amount, self.note, self.log_button)
        row = entry_row(self.tr("Log:"), *parts, wide=self.note)
        row.addSpacing(16)
        self.delete_button = push_button(
            self.tr("Delete visit…"),
            self.delete_selected_visit,
            self.tr("Delete the selected visit, with a reason (Delete)"),
            name="delete_visit_button",
        )
        self.delete_button.setEnabled(False)
        row.addWidget(self.delete_button)
        return row

    def _build_table(self) -> QTableView:
        self.table = table = row_table(self.model)
        table.setObjectName("timeline")
        table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        fit_columns(table, stretch=CustomerTimelineModel.COL_DETAIL)
        table.selectionModel().currentRowChanged.connect(self._row_changed)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete),
            table,
            self.delete_selected_visit,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.empty = EmptyState(table, name="timeline_empty")
        self.empty_log = push_button(self.tr("Log a visit"), self.amount.setFocus, name="empty_log_visit")
        return table

    # --- showing ---------------------------------------------------------------------

    def show_page(self, page: CustomerPage) -> None:
        super().show_page(page)
        self.model.currency = self.amount.currency = page.currency
        self.empty.say(
            self.tr("No visits yet"), self.tr("Log the first one in the line above."), self.empty_log
        )
        self.empty_log.setVisible(not page.info.archived and not page.info.erased)
        self.model.set_events(page.timeline)
        self.delete_button.setEnabled(False)
        self.log_button.setEnabled(not page.info.archived and not page.info.erased)

    def reset(self) -> None:
        self.empty.say("")  # until the customer is read
        self.errors.clear()
        self.amount.clear()
        self.note.clear()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        ok = current.isValid() and self.model.item(current.row()).visit_id is not None
        self.delete_button.setEnabled(ok)

    # --- logging a visit -------------------------------------------------------------

    def log_visit(self) -> None:
        info = self.info
        if info is None:
            return
        self.errors.clear()
        kind = self.kind_combo.currentData()

        def confirm(exc: LargePurchase) -> bool:  # and still on this customer after the question
            return (
                confirm_large_purchase(self, exc, info.name)
                and self.info is not None
                and self.info.id == info.id
            )

        try:
            values = dict(amount=self.amount.value(), kind=kind, note=self.note.text())
            result = self.ctx.actions.log_visit(info.id, confirm, **values)
        except ShopError as exc:
            self.errors.show(exc)
            return
        if result is None:
            self.amount.setFocus()
            self.amount.selectAll()
            return
        self.amount.clear()
        self.note.clear()
        text = self.tr("%1 logged.").replace("%1", visit_kind(kind))
        if result.level_moved:
            text += " " + self.tr("Level now %1.").replace("%1", level_name(result.level_after))
        self.messages.say(text)

    # --- deleting one, and taking that back --------------------------------------------

    def ask_reason(self, visit: str) -> tuple[str, bool]:
        """Why ``visit`` (as the timeline says it) is deleted; ``ok`` False when the clerk
        thought better of it (its own method so tests can answer it)."""
        dialog = DeleteVisitDialog(visit, self)
        try:
            ok = dialog.exec() == DeleteVisitDialog.DialogCode.Accepted
            return dialog.reason_text(), ok
        finally:
            dialog.deleteLater()

    def delete_selected_visit(self) -> None:
        index = self.table.currentIndex()
        item = self.model.item(index.row()) if index.isValid() else None
        if item is None or item.visit_id is None:
            return
        amount = "" if item.amount is None else " " + format_amount(item.amount, self.model.currency)
        visit = (
            self.tr("%1 on %2")
            .replace("%1", item.title + amount)
            .replace("%2", item.at.strftime("%Y-%m-%d %H:%M"))
        )
        if item.who:
            visit += " · " + item.who
        reason, ok = self.ask_reason(visit)
        if not ok:
            return
        try:
            entry = self.ctx.actions.delete_visit(item.visit_id, reason).audit_entry
        except ShopError as exc:
            self.messages.refused(exc)
            return
        self.messages.say(
            self.tr("Visit deleted: %1.").replace("%1", visit),
            undo=lambda: self.undo_delete(entry),
        )
        self.delete_button.setEnabled(False)

    def undo_delete(self, entry: int) -> None:
        self.messages.attempt(lambda: self.ctx.actions.restore_visit(entry), self.tr("The visit is back."))
