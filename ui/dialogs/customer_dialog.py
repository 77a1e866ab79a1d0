"""Create or edit a customer's profile.

``CustomerDialog(ctx)`` adds a customer, ``CustomerDialog(ctx, customer_id)``
edits one; ``prefill`` fills fields of a new customer (the counter passes what
was typed in its search). Use ``open()`` (non-modal to the caller's code, which
tests rely on) or ``exec()``. After a save ``customer_id`` and ``info`` hold the
customer; ``existing_requested(id)`` is emitted when the user asks to open the
customer who already has the phone number typed (when nobody listens, the
app-wide ``bus.open_customer`` is used).

Saving goes through ``ctx.actions``. Errors from the services appear next to
their field and nothing typed is lost. A new customer is saved first and joins
the chosen communities after; if joining fails the customer stays saved and the
message says why.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm.errors import DuplicatePhone, ShopError
from crm.services import customers
from crm.services.customer_fields import SOURCES
from crm.services.customers import CustomerInfo
from ui.context import AppContext
from ui.dialogs.customer_communities import CommunityColumn, FormData, load_form_data
from ui.dialogs.customer_values import (
    changed_fields,
    check_referrer,
    error_field,
    picked_referrer,
    profile_values,
)
from ui.jobs import Job, start
from ui.widgets.customer_picker import CustomerPicker
from ui.widgets.forms import DialogButtons, FieldErrors, OptionalDateEdit, form_layout
from ui.widgets.kept_input import KeepsInput
from ui.words import source_name


class CustomerDialog(KeepsInput, QDialog):
    existing_requested = Signal(int)  # "open the customer who has this phone"
    form_loaded = Signal()  # the community list (and the next code) arrived

    def __init__(
        self,
        ctx: AppContext,
        customer_id: int | None = None,
        *,
        prefill: dict | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id: int | None = None
        self.info: CustomerInfo | None = None
        self.loaded: CustomerInfo | None = None  # as stored, in edit mode
        self.form_ready = False  # the background load finished (loaded or failed)
        self._existing_id: int | None = None
        self._source_touched = False
        self._wanted_communities: set[int] = set()
        self.setObjectName("CustomerDialog")
        self.setMinimumWidth(900)
        self._build()
        if customer_id is not None:
            self._load(customer_id)
        else:
            self.setWindowTitle(self.tr("New customer"))
            self._apply_prefill(prefill or {})
        self.remember_input()  # what was typed in the search, or the stored profile, starts it
        self._start_loading()

    # --- building ------------------------------------------------------------

    def _build(self) -> None:
        self.errors = FieldErrors()
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("Mobile number"))
        self.code = QLineEdit()
        self.wechat = QLineEdit()
        self.birthday = OptionalDateEdit()
        self.source = QComboBox()
        for key in SOURCES:
            self.source.addItem(source_name(key), key)
        self.source.activated.connect(self._source_chosen)
        self.referrer = CustomerPicker()
        self.referrer.setToolTip(self.tr("Type a name or phone, then pick with Up/Down and Enter"))
        self.referrer.picked.connect(self._referrer_picked)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("Separated by commas"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(72)
        self.communities = CommunityColumn()

        self.open_existing_button = QPushButton(self.tr("Open that customer"))
        self.open_existing_button.setObjectName("open_existing")
        self.open_existing_button.hide()
        self.open_existing_button.clicked.connect(self._open_existing)
        phone_errors = QHBoxLayout()
        phone_errors.setContentsMargins(0, 0, 0, 0)
        phone_errors.addWidget(self.errors.label_for("phone"), 1)
        phone_errors.addWidget(self.open_existing_button, 0, Qt.AlignmentFlag.AlignTop)

        form = form_layout(vertical_spacing=6)
        for label, field in (
            (self.tr("Name"), "name"),
            (self.tr("Phone"), "phone"),
            (self.tr("Code"), "code"),
            (self.tr("WeChat"), "wechat"),
            (self.tr("Birthday"), "birthday"),
            (self.tr("Source"), "source"),
            (self.tr("Referred by"), "referrer"),
            (self.tr("Tags"), "tags"),
        ):
            widget = getattr(self, field)
            widget.setObjectName(field)
            form.addRow(label, widget)
            form.addRow("", phone_errors if field == "phone" else self.errors.label_for(field))
        self.notes.setObjectName("notes")

        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(self.communities, 1)
        right.addWidget(self.errors.label_for("communities"))
        right.addWidget(QLabel(self.tr("Notes")))
        right.addWidget(self.notes)
        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addLayout(form, 1)
        columns.addLayout(right, 1)

        self.buttons = DialogButtons(self, self.save, save=True)
        self.save_button = self.buttons.ok_button
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(self.tr("Save (Enter or Ctrl+S)"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addLayout(columns, 1)
        layout.addWidget(self.errors.general_label())
        layout.addWidget(self.buttons)
        # Enter anywhere saves: made default once the button is inside the dialog.
        self.open_existing_button.setAutoDefault(False)
        self.buttons.cancel_button.setAutoDefault(False)
        self.save_button.setDefault(True)
        chain = [self.name, self.phone, self.code, self.wechat, self.birthday.check, self.birthday.edit]
        chain += [self.source, self.referrer, self.tags, self.communities.filter, self.communities.list]
        chain.append(self.notes)
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    # --- filling --------------------------------------------------------------

    def is_edit(self) -> bool:
        return self.loaded is not None

    def _apply_prefill(self, prefill: dict) -> None:
        self._fill(prefill)
        self._wanted_communities = {int(i) for i in prefill.get("community_ids") or ()}
        # The field still to fill gets the cursor.
        (self.phone if self.name.text() and not self.phone.text() else self.name).setFocus()

    def _load(self, customer_id: int) -> None:
        info = self.loaded = customers.get_customer(customer_id)
        self.setWindowTitle(self.tr("Edit customer: %1").replace("%1", info.name))
        self._source_touched = True  # their source stays as stored
        self._fill(profile_values(info))
        self.code.setPlaceholderText("")
        self.name.setFocus()

    def _fill(self, values: dict) -> None:
        """The fields from ``values`` (keys as :func:`profile_values` gives them)."""
        for field in ("name", "phone", "code", "wechat", "notes"):
            widget = getattr(self, field)
            (widget.setPlainText if field == "notes" else widget.setText)(str(values.get(field) or ""))
        self.birthday.set_value(values.get("birthday"))
        if values.get("source") in SOURCES:
            self.source.setCurrentIndex(SOURCES.index(values["source"]))
            self._source_touched = True
        if values.get("referrer_id") is not None:
            rid = int(values["referrer_id"])
            label = values.get("referrer_label") or customers.get_customer(rid).name
            self.referrer.set_customer(rid, str(label))
            self._referrer_picked(rid)
        tags = values.get("tags") or []
        self.tags.setText(", ".join(tags) if isinstance(tags, list | tuple) else str(tags))

    def _start_loading(self) -> None:
        customer_id = self.loaded.id if self.loaded else None
        job = Job(lambda _report: load_form_data(customer_id)).answering(
            self._form_data_loaded, self._form_data_failed
        )
        self._loader = start(job)  # kept alive with the dialog

    def _form_data_loaded(self, data: FormData) -> None:
        untouched = not self.has_new_input()
        self._show_form_data(data)
        if untouched:  # the communities arrived before anything was typed: they start the form
            self.remember_input()

    def _show_form_data(self, data: FormData) -> None:
        if data.next_code and not self.is_edit():
            self.code.setPlaceholderText(self.tr("Automatic: %1").replace("%1", data.next_code))
        if self.is_edit():
            self._wanted_communities |= data.memberships
        self.communities.fill(data, self._wanted_communities)
        self.form_ready = True
        self.form_loaded.emit()

    def _form_data_failed(self, error: BaseException) -> None:
        untouched = not self.has_new_input()
        self.communities.not_loaded(error)
        if untouched:
            self.remember_input()
        self.form_ready = True
        self.form_loaded.emit()

    def checked_communities(self) -> set[int]:
        return self.communities.checked()

    def set_community_checked(self, community_id: int, checked: bool = True) -> None:
        self.communities.set_checked(community_id, checked)

    def _source_chosen(self, _index: int) -> None:
        self._source_touched = True

    def _referrer_picked(self, _customer_id: int) -> None:
        if not self._source_touched:
            self.source.setCurrentIndex(SOURCES.index("referral"))

    # --- saving ---------------------------------------------------------------

    def save(self) -> bool:
        """Validate and save; on success the dialog is accepted."""
        self.errors.clear()
        self._existing_id = None
        self.open_existing_button.hide()
        saved = self._save_edit() if self.is_edit() else self._save_new()
        if saved:
            self.accept()
        return saved

    def _fields(self) -> dict:
        return {
            "name": self.name.text(),
            "phone": self.phone.text(),
            "code": self.code.text().strip() or None,
            "wechat": self.wechat.text(),
            "birthday": self.birthday.value(),
            "source": self.source.currentData(),
            "tags": self.tags.text(),
            "notes": self.notes.toPlainText(),
        }

    def _referrer_id(self) -> int | None:
        return picked_referrer(self.referrer.text(), self.referrer.customer_id())

    def _save_new(self) -> bool:
        try:
            info = self.ctx.actions.create_customer(**self._fields(), referrer_id=self._referrer_id())
        except ShopError as exc:
            self._show_error(exc)
            return False
        self.customer_id = info.id
        self.info = self.loaded = info  # from here on the customer exists: the form edits them
        self.setWindowTitle(self.tr("Edit customer: %1").replace("%1", info.name))
        self.code.setText(info.code)
        failed = self.communities.save(self.ctx, info.id)
        if failed:
            headline = self.tr("%1 was saved, but could not join every community:").replace("%1", info.name)
            self._show_community_failures(headline, failed)
        return not failed

    def _save_edit(self) -> bool:
        loaded = self.loaded
        assert loaded is not None
        try:
            referrer_id = self._referrer_id()
            if referrer_id != loaded.referrer_id and referrer_id is not None:
                check_referrer(loaded.id, referrer_id)
            changes = changed_fields(self._fields(), loaded)
            if changes:
                self.ctx.actions.update_customer(loaded.id, **changes)
            if referrer_id != loaded.referrer_id:
                self.ctx.actions.set_referrer(loaded.id, referrer_id)
        except ShopError as exc:
            self._reload_loaded(loaded.id)
            self._show_error(exc)
            return False
        failed = self.communities.save(self.ctx, loaded.id)
        self._reload_loaded(loaded.id)
        self.customer_id = loaded.id
        self.info = self.loaded
        if failed:
            self._show_community_failures(
                self.tr("Saved, but some communities could not be changed:"), failed
            )
        return not failed

    def _reload_loaded(self, customer_id: int) -> None:
        try:
            self.loaded = customers.get_customer(customer_id)
        except ShopError:
            pass

    def _show_error(self, exc: BaseException) -> None:
        self.errors.show(exc)
        if isinstance(exc, DuplicatePhone):
            self._existing_id = exc.customer_id
            self.open_existing_button.show()
        widget = {
            "name": self.name,
            "phone": self.phone,
            "code": self.code,
            "wechat": self.wechat,
            "birthday": self.birthday.edit,
            "source": self.source,
            "referrer": self.referrer,
        }.get(error_field(exc) or "")
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_community_failures(self, headline: str, failed: list[tuple[str, str]]) -> None:
        label = self.errors.labels["communities"]
        label.setText("\n".join([headline] + [f"• {name}: {why}" for name, why in failed]))
        label.show()
        self.communities.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_existing(self) -> None:
        if self._existing_id is None:
            return
        customer_id = self._existing_id
        meta = self.metaObject()
        signal = meta.method(meta.indexOfSignal("existing_requested(int)"))
        if self.isSignalConnected(signal):
            self.existing_requested.emit(customer_id)
        else:
            self.ctx.bus.open_customer.emit(customer_id)
        self.drop()
