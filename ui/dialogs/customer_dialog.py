"""Create or edit a customer's profile.

``CustomerDialog(ctx)`` adds a customer, ``CustomerDialog(ctx, customer_id)``
edits one; ``prefill`` fills fields of a new customer (the counter passes what
was typed in its search). Use ``open()`` (non-modal to the caller's code, which
tests rely on) or ``exec()``. After a save ``customer_id`` and ``info`` hold the
customer; ``existing_requested(id)`` is emitted when the user asks to open the
customer who already has the phone number typed (when nobody listens, the
app-wide ``bus.open_customer`` is used).

Errors from the services appear next to their field and nothing typed is lost.
A new customer is saved first and joins the chosen communities after; if
joining fails the customer stays saved and the message says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm.errors import (
    DuplicatePhone,
    InvalidInput,
    ReferralCycle,
    SelfReferral,
    ShopError,
)
from crm.services import communities, customers, referrals
from crm.services.customers import SOURCES, CustomerInfo
from ui.context import AppContext
from ui.errors import error_text
from ui.jobs import Job, start
from ui.models.community_choice import CommunityChoice, CommunityChoiceModel
from ui.widgets.customer_picker import CustomerPicker
from ui.widgets.forms import FieldErrors, OptionalDateEdit
from ui.words import source_name

# Shown through ui.errors, which translates InvalidInput reasons in the "Reasons" context.
NOT_PICKED = QT_TRANSLATE_NOOP("Reasons", "pick the referrer from the list, or clear the field")
# The list gets a filter box once it is longer than this.
FILTER_FROM = 8


@dataclass(frozen=True)
class FormData:
    """What the form loads off the GUI thread: it can take a while on a big shop."""

    communities: list[CommunityChoice]
    memberships: set[int]  # communities the customer is a member of (edit mode)
    leads: set[int]  # communities the customer leads (edit mode)
    next_code: str | None  # the code a new customer will get


def load_form_data(customer_id: int | None) -> FormData:
    choices = [
        CommunityChoice(c.id, c.name, c.platform, c.leader_id, c.leader_name, c.members)
        for c in communities.list_communities(include_archived=False)
    ]
    memberships: set[int] = set()
    leads: set[int] = set()
    next_code = None
    if customer_id is None:
        next_code = customers.next_code()
    else:
        for link in communities.communities_of(customer_id):
            (leads if link.role == "leader" else memberships).add(link.community_id)
    return FormData(choices, memberships, leads, next_code)


class CustomerDialog(QDialog):
    existing_requested = Signal(int)  # "open the customer who has this phone"
    form_loaded = Signal()  # the community list (and the next code) arrived

    def __init__(
        self,
        ctx: AppContext,
        customer_id: int | None = None,
        prefill: dict | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id: int | None = None
        self.info: CustomerInfo | None = None
        self.loaded: CustomerInfo | None = None  # as stored, in edit mode
        self.form_data: FormData | None = None
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
        self._start_loading()

    # --- building ------------------------------------------------------------

    def _build(self) -> None:
        self.errors = FieldErrors()
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.phone.setPlaceholderText(self.tr("Mobile number"))
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.wechat = QLineEdit()
        self.wechat.setObjectName("wechat")
        self.birthday = OptionalDateEdit()
        self.birthday.setObjectName("birthday")
        self.source = QComboBox()
        self.source.setObjectName("source")
        for key in SOURCES:
            self.source.addItem(source_name(key), key)
        self.source.activated.connect(self._source_chosen)
        self.referrer = CustomerPicker()
        self.referrer.setObjectName("referrer")
        self.referrer.setToolTip(self.tr("Type a name or phone, then pick with Up/Down and Enter"))
        self.referrer.picked.connect(self._referrer_picked)
        self.tags = QLineEdit()
        self.tags.setObjectName("tags")
        self.tags.setPlaceholderText(self.tr("Separated by commas"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(72)

        self.open_existing_button = QPushButton(self.tr("Open that customer"))
        self.open_existing_button.setObjectName("open_existing")
        self.open_existing_button.hide()
        self.open_existing_button.clicked.connect(self._open_existing)
        phone_errors = QHBoxLayout()
        phone_errors.setContentsMargins(0, 0, 0, 0)
        phone_errors.addWidget(self.errors.label_for("phone"), 1)
        phone_errors.addWidget(self.open_existing_button, 0, Qt.AlignmentFlag.AlignTop)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(6)

        def add(label: str, widget: QWidget, error_field: str | None = None) -> None:
            form.addRow(label, widget)
            if error_field is not None:
                form.addRow("", self.errors.label_for(error_field))

        add(self.tr("Name"), self.name, "name")
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow("", phone_errors)
        add(self.tr("Code"), self.code, "code")
        add(self.tr("WeChat"), self.wechat, "wechat")
        add(self.tr("Birthday"), self.birthday, "birthday")
        add(self.tr("Source"), self.source, "source")
        add(self.tr("Referred by"), self.referrer, "referrer")
        add(self.tr("Tags"), self.tags, "tags")

        self.community_filter = QLineEdit()
        self.community_filter.setObjectName("community_filter")
        self.community_filter.setPlaceholderText(self.tr("Filter communities"))
        self.community_filter.setClearButtonEnabled(True)
        self.community_filter.textChanged.connect(self._filter_communities)
        self.community_filter.hide()
        self.community_model = CommunityChoiceModel(self)
        self.community_list = QListView()
        self.community_list.setObjectName("communities")
        self.community_list.setModel(self.community_model)
        self.community_list.setMinimumHeight(170)
        self.community_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.community_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.community_list.setUniformItemSizes(True)
        self.community_status = QLabel(self.tr("Loading communities…"))
        self.community_status.setStyleSheet("color: #757575;")
        self.community_status.setWordWrap(True)
        self.community_list.setToolTip(self.tr("Tick the communities (社群) the customer joins; Space ticks"))

        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(QLabel(self.tr("Communities")))
        right.addWidget(self.community_filter)
        right.addWidget(self.community_list, 1)
        right.addWidget(self.community_status)
        right.addWidget(self.errors.label_for("communities"))
        right.addWidget(QLabel(self.tr("Notes")))
        right.addWidget(self.notes)

        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addLayout(form, 1)
        columns.addLayout(right, 1)

        self.errors.general_label()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(self.tr("Save (Enter or Ctrl+S)"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addLayout(columns, 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        # Enter anywhere saves: made default once the button is inside the dialog.
        self.open_existing_button.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.save_button.setDefault(True)

        QWidget.setTabOrder(self.name, self.phone)
        QWidget.setTabOrder(self.phone, self.code)
        QWidget.setTabOrder(self.code, self.wechat)
        QWidget.setTabOrder(self.wechat, self.birthday.check)
        QWidget.setTabOrder(self.birthday.check, self.birthday.edit)
        QWidget.setTabOrder(self.birthday.edit, self.source)
        QWidget.setTabOrder(self.source, self.referrer)
        QWidget.setTabOrder(self.referrer, self.tags)
        QWidget.setTabOrder(self.tags, self.community_filter)
        QWidget.setTabOrder(self.community_filter, self.community_list)
        QWidget.setTabOrder(self.community_list, self.notes)

    # --- filling --------------------------------------------------------------

    def is_edit(self) -> bool:
        return self.loaded is not None

    def _apply_prefill(self, prefill: dict) -> None:
        self.name.setText(str(prefill.get("name") or ""))
        self.phone.setText(str(prefill.get("phone") or ""))
        self.code.setText(str(prefill.get("code") or ""))
        self.wechat.setText(str(prefill.get("wechat") or ""))
        self.birthday.set_value(prefill.get("birthday"))
        source = prefill.get("source")
        if source in SOURCES:
            self.source.setCurrentIndex(SOURCES.index(source))
            self._source_touched = True
        if prefill.get("referrer_id") is not None:
            rid = int(prefill["referrer_id"])
            label = prefill.get("referrer_label")
            if not label:
                label = customers.get_customer(rid).name
            self.referrer.set_customer(rid, str(label))
            self._referrer_picked(rid)
        tags = prefill.get("tags") or []
        self.tags.setText(", ".join(tags) if isinstance(tags, list | tuple) else str(tags))
        self.notes.setPlainText(str(prefill.get("notes") or ""))
        self._wanted_communities = {int(i) for i in prefill.get("community_ids") or ()}
        # The field still to fill gets the cursor.
        (self.phone if self.name.text() and not self.phone.text() else self.name).setFocus()

    def _load(self, customer_id: int) -> None:
        info = customers.get_customer(customer_id)
        self.loaded = info
        self.setWindowTitle(self.tr("Edit customer: %1").replace("%1", info.name))
        self.name.setText(info.name)
        self.phone.setText(info.phone_display if info.phone else "")
        self.code.setText(info.code)
        self.code.setPlaceholderText("")
        self.wechat.setText(info.wechat or "")
        self.birthday.set_value(info.birthday)
        if info.source in SOURCES:
            self.source.setCurrentIndex(SOURCES.index(info.source))
        self._source_touched = True
        self.referrer.set_customer(info.referrer_id, info.referrer_name or "")
        self.tags.setText(", ".join(info.tags))
        self.notes.setPlainText(info.notes)
        self.name.setFocus()

    def _start_loading(self) -> None:
        self.save_button.setEnabled(True)
        customer_id = self.loaded.id if self.loaded else None
        job = Job(lambda _report: load_form_data(customer_id))
        job.signals.done.connect(self._form_data_loaded)
        job.signals.failed.connect(self._form_data_failed)
        self._loader = start(job)  # kept alive with the dialog

    def _form_data_loaded(self, data: FormData) -> None:
        self.form_data = data
        if data.next_code and not self.is_edit():
            self.code.setPlaceholderText(self.tr("Automatic: %1").replace("%1", data.next_code))
        if self.is_edit():
            self._wanted_communities |= data.memberships
        self._fill_communities(data)
        self.form_ready = True
        self.form_loaded.emit()

    def _form_data_failed(self, error: BaseException) -> None:
        message = error_text(error)
        self.community_status.setText(self.tr("Communities could not be loaded: %1").replace("%1", message))
        self.community_status.show()
        self.form_ready = True
        self.form_loaded.emit()

    def _fill_communities(self, data: FormData) -> None:
        self.community_model.set_choices(data.communities, self._wanted_communities, data.leads)
        self.community_filter.setVisible(len(data.communities) > FILTER_FROM)
        if not data.communities:
            self.community_status.setText(self.tr("No communities yet."))
        else:
            self.community_status.hide()

    def _filter_communities(self, text: str) -> None:
        self.community_model.set_filter(text)

    def checked_communities(self) -> set[int]:
        return self.community_model.checked()

    def set_community_checked(self, community_id: int, checked: bool = True) -> None:
        self.community_model.set_checked(community_id, checked)

    def _source_chosen(self, _index: int) -> None:
        self._source_touched = True

    def _referrer_picked(self, _customer_id: int) -> None:
        if not self._source_touched:
            self.source.setCurrentIndex(SOURCES.index("referral"))

    # --- saving ---------------------------------------------------------------

    def _referrer_value(self) -> int | None:
        """The picked referrer; raises when a name was typed but nobody picked."""
        if not self.referrer.text().strip():
            return None
        if self.referrer.customer_id() is None:
            raise InvalidInput("referrer", NOT_PICKED)
        return self.referrer.customer_id()

    def _show_error(self, exc: BaseException) -> None:
        self.errors.show(exc)
        field = getattr(exc, "field", None)
        if isinstance(exc, DuplicatePhone):
            self._existing_id = exc.customer_id
            self.open_existing_button.show()
            field = "phone"
        elif type(exc).__name__ in ("DuplicateCode",):
            field = "code"
        elif isinstance(exc, SelfReferral | ReferralCycle):
            field = "referrer"
        elif type(exc).__name__ == "InvalidPhone":
            field = "phone"
        widget = {
            "name": self.name,
            "phone": self.phone,
            "code": self.code,
            "wechat": self.wechat,
            "birthday": self.birthday.edit,
            "source": self.source,
            "referrer": self.referrer,
        }.get(field or "")
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_errors(self) -> None:
        self.errors.clear()
        self._existing_id = None
        self.open_existing_button.hide()

    def save(self) -> bool:
        """Validate and save; on success the dialog is accepted."""
        self._clear_errors()
        if self.is_edit():
            return self._save_edit()
        return self._save_new()

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

    def _save_new(self) -> bool:
        try:
            referrer_id = self._referrer_value()
            info = customers.create_customer(**self._fields(), referrer_id=referrer_id, actor=self.ctx.actor)
        except ShopError as exc:
            self._show_error(exc)
            return False
        self.customer_id = info.id
        self.info = info
        self.ctx.bus.customers_changed.emit()
        # From here on the customer exists: the form edits them.
        self.loaded = info
        self.setWindowTitle(self.tr("Edit customer: %1").replace("%1", info.name))
        self.code.setText(info.code)
        failed = self._apply_communities(info.id, set())
        if failed:
            self._show_community_failures(
                self.tr("%1 was saved, but could not join every community:").replace("%1", info.name), failed
            )
            return False
        self.accept()
        return True

    def _changes(self, loaded: CustomerInfo) -> dict:
        fields = self._fields()
        changes: dict = {}
        if fields["name"].strip() != loaded.name:
            changes["name"] = fields["name"]
        shown_phone = loaded.phone_display if loaded.phone else ""
        if fields["phone"].strip() != shown_phone:
            changes["phone"] = fields["phone"]
        if (fields["code"] or "") != loaded.code:
            changes["code"] = fields["code"] or ""
        if fields["wechat"].strip() != (loaded.wechat or ""):
            changes["wechat"] = fields["wechat"]
        if fields["birthday"] != loaded.birthday:
            changes["birthday"] = fields["birthday"]
        if fields["source"] != loaded.source:
            changes["source"] = fields["source"]
        if customers.normalize_tags(fields["tags"]) != loaded.tags:
            changes["tags"] = fields["tags"]
        if fields["notes"].strip() != loaded.notes:
            changes["notes"] = fields["notes"]
        return changes

    def _check_referrer(self, customer_id: int, referrer_id: int) -> None:
        """Refuse a self-referral or a loop before anything is written."""
        loop = referrals.find_cycle(customer_id, referrer_id)
        if loop is None:
            return
        if referrer_id == customer_id:
            raise SelfReferral(customer_id, loop[0])
        raise ReferralCycle(loop)

    def _save_edit(self) -> bool:
        loaded = self.loaded
        assert loaded is not None
        cid = loaded.id
        try:
            referrer_id = self._referrer_value()
            referrer_changed = referrer_id != loaded.referrer_id
            if referrer_changed and referrer_id is not None:
                self._check_referrer(cid, referrer_id)
            changes = self._changes(loaded)
            if changes:
                customers.update_customer(cid, actor=self.ctx.actor, **changes)
            if referrer_changed:
                referrals.set_referrer(cid, referrer_id, actor=self.ctx.actor)
        except ShopError as exc:
            self._reload_loaded(cid)
            self._show_error(exc)
            return False
        members = self.form_data.memberships if self.form_data else set()
        failed = self._apply_communities(cid, members)
        self._reload_loaded(cid)
        self.customer_id = cid
        self.info = self.loaded
        if changes or referrer_changed:
            self.ctx.bus.customer_changed.emit(cid)
            self.ctx.bus.customers_changed.emit()
        if failed:
            self._show_community_failures(
                self.tr("Saved, but some communities could not be changed:"), failed
            )
            return False
        self.accept()
        return True

    def _reload_loaded(self, customer_id: int) -> None:
        try:
            self.loaded = customers.get_customer(customer_id)
        except ShopError:
            pass

    def _apply_communities(self, customer_id: int, members: set[int]) -> list[tuple[str, str]]:
        """Join the ticked communities and leave the unticked ones; the failures (community, why)."""
        if self.form_data is None:
            return []
        names = {c.id: c.name for c in self.form_data.communities}
        wanted = self.checked_communities()
        failed: list[tuple[str, str]] = []
        done = False
        for community_id in sorted(wanted - members):
            try:
                communities.add_member(community_id, customer_id, actor=self.ctx.actor)
                members.add(community_id)
                done = True
            except ShopError as exc:
                failed.append((names.get(community_id, str(community_id)), error_text(exc)))
        for community_id in sorted((members - wanted) & set(names)):
            try:
                communities.remove_member(community_id, customer_id, actor=self.ctx.actor)
                members.discard(community_id)
                done = True
            except ShopError as exc:
                failed.append((names.get(community_id, str(community_id)), error_text(exc)))
        if self.form_data is not None:
            self.form_data.memberships.clear()
            self.form_data.memberships.update(members)
        if done:
            self.ctx.bus.communities_changed.emit()
            self.ctx.bus.customer_changed.emit(customer_id)
        return failed

    def _show_community_failures(self, headline: str, failed: list[tuple[str, str]]) -> None:
        lines = [headline] + [f"• {name}: {why}" for name, why in failed]
        label = self.errors.labels["communities"]
        label.setText("\n".join(lines))
        label.show()
        self.community_list.setFocus(Qt.FocusReason.OtherFocusReason)

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
        self.reject()
