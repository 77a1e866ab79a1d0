"""Dialogs of the follow-up screen: a new task, and the outcome of a done or skipped one.

The new-task dialog shows how the task will be routed: a 小c is served through
their 大C, so a task for them goes "via" the leader unless the user chooses to
contact them directly, which asks for confirmation first (SPEC 2.2). It creates
the task through ``ctx.actions``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crm import clock
from crm.errors import ServedByBigC, ShopError
from crm.services import communities, settings, staff, tasks
from crm.services.staff import StaffInfo
from crm.services.tasks import AUTO, TaskInfo
from ui.context import AppContext
from ui.errors import error_text
from ui.models.task_model import kind_explanation
from ui.widgets.confirm import confirm
from ui.widgets.customer_picker import CustomerPicker
from ui.widgets.forms import DialogButtons, FieldErrors, error_label, form_layout, from_qdate, to_qdate
from ui.widgets.kept_input import KeepsInput
from ui.words import big_c, task_kind

HINT_STYLE = "QLabel { color: #616161; }"
ROUTE_STYLE = "QLabel { background: #fff8e1; color: #6d4c00; border-radius: 4px; padding: 4px 8px; }"


def fill_staff_combo(
    combo: QComboBox, unassigned_text: str, members: Iterable[StaffInfo], selected: int | None = None
) -> None:
    """Unassigned, then ``members`` (the active staff); the item data is the staff id (None for
    unassigned)."""
    combo.clear()
    combo.addItem(unassigned_text, None)
    for member in members:
        combo.addItem(member.name, member.id)
    if selected is not None:
        found = combo.findData(selected)
        if found >= 0:
            combo.setCurrentIndex(found)


def ask_bypass(parent: QWidget, exc: ServedByBigC) -> bool:
    """ "This customer is served by 大C 王丽; contact them directly anyway?" — Yes or No."""
    return confirm(parent, QCoreApplication.translate("TaskDialog", "Contact directly?"), error_text(exc))


class TaskDialog(KeepsInput, QDialog):
    """A new follow-up task. ``created(TaskInfo)`` is emitted when it is saved."""

    created = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        customer_id: int | None = None,
        customer_label: str = "",
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.created_task: TaskInfo | None = None
        self.leader_name: str | None = None
        self.setWindowTitle(self.tr("New follow-up task"))
        self.setMinimumWidth(460)
        self.errors = FieldErrors()

        self.customer = CustomerPicker(self)
        self.customer.picked.connect(self._customer_picked)
        self.customer.cleared.connect(lambda: self._show_route(None))
        self.route_label = QLabel(self)
        self.route_label.setObjectName("route_label")
        self.route_label.setWordWrap(True)
        self.route_label.setStyleSheet(ROUTE_STYLE)
        self.route_label.hide()
        self.direct = QCheckBox(self.tr("Contact the customer directly instead"), self)
        self.direct.hide()
        self.kind = QComboBox(self)
        for key in tasks.KINDS:
            self.kind.addItem(task_kind(key), key)
            self.kind.setItemData(self.kind.count() - 1, kind_explanation(key), Qt.ItemDataRole.ToolTipRole)
        # What the clerk is to do for the kind chosen, in one line under it.
        self.kind_hint = QLabel(self)
        self.kind_hint.setObjectName("kind_hint")
        self.kind_hint.setWordWrap(True)
        self.kind_hint.setStyleSheet(HINT_STYLE)
        self.kind.currentIndexChanged.connect(self._show_kind_hint)
        self._show_kind_hint()
        self.due = QDateEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setDate(to_qdate(clock.today()))
        self.assignee = QComboBox(self)
        fill_staff_combo(self.assignee, self.tr("Unassigned"), staff.list_staff(), ctx.staff_id)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("e.g. Call about the new autumn range"))
        self.title.setMaxLength(200)

        form = form_layout()
        form.addRow(self.tr("Customer"), self.customer)
        form.addRow("", self.errors.label_for("customer"))
        form.addRow("", self.route_label)
        form.addRow("", self.direct)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow("", self.kind_hint)
        form.addRow(self.tr("Due"), self.due)
        form.addRow("", self.errors.label_for("due"))
        form.addRow(self.tr("Assigned to"), self.assignee)
        form.addRow("", self.errors.label_for("assignee"))
        form.addRow(self.tr("Title"), self.title)

        self.general = self.errors.general_label(parent=self)

        self.buttons = DialogButtons(self, self.save, save=True)
        self.save_button = self.buttons.ok_button
        self.save_button.setText(self.tr("Create task"))
        self.save_button.setToolTip(self.tr("Create the task (Ctrl+Enter)"))
        self.save_button.setShortcut("Ctrl+Return")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.customer, self.direct)
        self.setTabOrder(self.direct, self.kind)
        self.setTabOrder(self.kind, self.due)
        self.setTabOrder(self.due, self.assignee)
        self.setTabOrder(self.assignee, self.title)

        if customer_id is not None:
            self.customer.set_customer(customer_id, customer_label)
            self._customer_picked(customer_id)
        self.remember_input()

    def _show_kind_hint(self, *_args) -> None:
        text = kind_explanation(self.kind.currentData())
        self.kind_hint.setText(text[:1].upper() + text[1:])

    # --- routing ------------------------------------------------------------

    def _customer_picked(self, customer_id: int) -> None:
        self.errors.clear()
        leader = None
        if settings.get("route_via_big_c"):
            leader = communities.serving_big_c(customer_id)
        self._show_route(leader.name if leader else None)

    def _show_route(self, leader_name: str | None) -> None:
        self.leader_name = leader_name
        if leader_name is None:
            self.route_label.hide()
            self.direct.hide()
            self.direct.setChecked(False)
            return
        self.route_label.setText(
            self.tr("Will be routed via %1 %2").replace("%1", big_c()).replace("%2", leader_name)
        )
        self.route_label.show()
        self.direct.show()

    # --- saving -------------------------------------------------------------

    def values(self) -> dict:
        return {
            "kind": self.kind.currentData(),
            "due": from_qdate(self.due.date()),
            "assignee_id": self.assignee.currentData(),
            "title": self.title.text(),
        }

    def save(self) -> None:
        self.errors.clear()
        customer_id = self.customer.customer_id()
        if customer_id is None:
            label = self.errors.labels["customer"]
            label.setText(self.tr("Pick a customer from the list (type a name, phone or pinyin)."))
            label.show()
            self.customer.setFocus()
            return
        create = self.ctx.actions.create_task
        try:
            try:
                info = create(customer_id, via=None if self.direct.isChecked() else AUTO, **self.values())
            except ServedByBigC as exc:
                if not ask_bypass(self, exc):
                    return
                info = create(customer_id, via=None, confirm_bypass=True, **self.values())
        except ShopError as exc:
            self.errors.show(exc)
            return
        self.created_task = info
        self.created.emit(info)
        self.accept()


class OutcomeDialog(KeepsInput, QDialog):
    """One line of text (what came of a task, or why it is skipped), handed to ``submit``.
    A refused submit shows its error here and keeps what was typed."""

    def __init__(
        self,
        title: str,
        prompt: str,
        submit: Callable[[str], object],
        parent: QWidget | None = None,
        required: bool = False,
        placeholder: str = "",
    ):
        super().__init__(parent)
        self.submit = submit
        self.required = required
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(placeholder)
        self.error = error_label("error_outcome", self)
        self.buttons = DialogButtons(self, self.save)
        self.ok_button = self.buttons.ok_button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.addWidget(self.prompt)
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
        self.remember_input()

    def save(self) -> None:
        text = self.text.text().strip()
        if self.required and not text:
            self.error.setText(self.tr("Please write a short reason."))
            self.error.show()
            return
        try:
            self.submit(text)
        except ShopError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.accept()
