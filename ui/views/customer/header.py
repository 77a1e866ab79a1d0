"""The top of the customer page: who they are, and what can be done to their
profile (edit it, pin their level, archive them; save or erase their data in More)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton

from crm.services.common import may
from crm.services.customer_page import CustomerPage
from crm.services.customers import CustomerInfo
from ui.dialogs.customer_dialog import CustomerDialog
from ui.dialogs.pin_level_dialog import PinLevelDialog
from ui.views.customer.parts import CustomerPart
from ui.views.customer.privacy import PrivacyMenu
from ui.widgets.confirm import confirm
from ui.widgets.level_badge import LevelBadge
from ui.widgets.page_parts import push_button
from ui.words import big_c, level_name, list_of, source_name

TAG_STYLE = "QLabel { border-radius: 9px; padding: 1px 8px; %s }"


def _selectable(name: str, style: str) -> QLabel:
    """A label whose words can be selected and copied (a name, a phone number)."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(style)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CustomerHeader(CustomerPart):
    back_requested = Signal()
    log_requested = Signal()
    open_customer = Signal(int)

    def build(self) -> None:
        self.pin_dialog: PinLevelDialog | None = None
        self.profile_dialog: CustomerDialog | None = None
        self.column.setContentsMargins(0, 0, 0, 0)
        # Back, the name and the buttons on one line; the facts and tags below run under the
        # buttons too, so a narrow window (1024 px) cuts neither them nor the buttons.
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.column.addLayout(grid)
        self.back_button = QPushButton(self.tr("← Back"))
        self.back_button.setObjectName("back_button")
        self.back_button.setToolTip(self.tr("Back (Esc or Alt+Left)"))
        self.back_button.clicked.connect(self.back_requested)
        grid.addWidget(self.back_button, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(self._build_who(), 0, 1)
        grid.addLayout(self._build_buttons(), 0, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.facts_label, 1, 1, 1, 2)
        grid.addWidget(self.tags_label, 2, 1, 1, 2)
        grid.setColumnStretch(1, 1)

    def _build_who(self) -> QHBoxLayout:
        line = QHBoxLayout()
        line.setSpacing(10)
        self.name_label = _selectable("customer_name", "font-size: 20px; font-weight: bold;")
        line.addWidget(self.name_label)
        self.badge = LevelBadge()
        self.badge.setObjectName("customer_level")
        line.addWidget(self.badge)
        self.big_c_tag = QLabel(big_c())
        self.big_c_tag.setStyleSheet(
            TAG_STYLE % "background: #fff3e0; color: #c62828; border: 1px solid #ef9a9a; font-weight: bold;"
        )
        self.big_c_tag.hide()
        line.addWidget(self.big_c_tag)
        self.archived_tag = QLabel(self.tr("Archived"))
        self.archived_tag.setObjectName("archived_tag")
        self.archived_tag.setStyleSheet(TAG_STYLE % "background: #eeeeee; color: #616161;")
        self.archived_tag.hide()
        line.addWidget(self.archived_tag)
        line.addStretch(1)
        self.facts_label = _selectable("customer_facts", "color: #616161;")
        self.facts_label.setWordWrap(True)
        self.tags_label = QLabel()
        self.tags_label.setStyleSheet("color: #616161;")
        self.tags_label.setWordWrap(True)
        return line

    def _build_buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.edit_button = QPushButton(self.tr("Edit profile"))
        self.edit_button.setToolTip(self.tr("Name, phone, birthday, tags, notes (Ctrl+E)"))
        self.edit_button.setShortcut(QKeySequence("Ctrl+E"))
        self.edit_button.clicked.connect(self.edit_profile)
        self.log_button = QPushButton(self.tr("Log visit"))
        self.log_button.setToolTip(self.tr("Record a purchase or visit for this customer (Ctrl+Shift+V)"))
        self.log_button.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.log_button.clicked.connect(self.log_requested)
        self.pin_button = push_button(self.tr("Pin level…"), self.pin_or_unpin, name="pin_button")
        self.archive_button = push_button(
            self.tr("Archive"), self.archive_or_unarchive, name="archive_button"
        )
        self.privacy = PrivacyMenu(self.ctx, self.messages)
        for button in (self.edit_button, self.log_button, self.pin_button, self.archive_button, self.privacy):
            buttons.addWidget(button)
        return buttons

    # --- showing ---------------------------------------------------------------------

    def show_page(self, page: CustomerPage) -> None:
        super().show_page(page)
        info = page.info
        self.privacy.show_page(page)
        self.name_label.setText(info.name)
        self.badge.set_level(info.level)
        self.archived_tag.setVisible(info.archived)
        self.big_c_tag.setVisible(page.is_big_c)
        self.facts_label.setText("  ·  ".join(self._facts(info)))
        lines = []
        if info.tags:
            lines.append(self.tr("Tags: %1").replace("%1", list_of(info.tags)))
        if info.notes:
            lines.append(self.tr("Notes: %1").replace("%1", info.notes))
        self.tags_label.setText("\n".join(lines))
        self.tags_label.setVisible(bool(lines))
        self._show_buttons(info)

    def _facts(self, info: CustomerInfo) -> list[str]:
        parts = [info.code]
        if info.phone_display:
            parts.append(info.phone_display)
        if info.wechat:
            parts.append(self.tr("WeChat %1").replace("%1", info.wechat))
        parts.append(self.tr("joined %1").replace("%1", info.joined.isoformat()))
        parts.append(source_name(info.source))
        if info.birthday:
            parts.append(self.tr("birthday %1").replace("%1", info.birthday.strftime("%m-%d")))
        return parts

    def _show_buttons(self, info: CustomerInfo) -> None:
        pinned = info.pin_level is not None
        self.pin_button.setText(self.tr("Unpin level") if pinned else self.tr("Pin level…"))
        self.pin_button.setToolTip(
            self.tr("Remove the pin (%1: %2); the rules decide again")
            .replace("%1", level_name(info.pin_level))
            .replace("%2", info.pin_reason or "")
            if pinned
            else self.tr("Set the level by hand, with a reason and an optional end date")
        )
        self.archive_button.setText(self.tr("Unarchive") if info.archived else self.tr("Archive"))
        self.archive_button.setToolTip(
            self.tr("Bring the customer back to lists and search")
            if info.archived
            else self.tr("Hide from lists and search; history and reports keep them")
        )
        # What the signed-in role may not do is shown, disabled, with the reason (SPEC 8).
        for button, action in (
            (self.edit_button, "edit customers"),
            (self.pin_button, "pin levels"),
            (self.archive_button, "archive customers"),
        ):
            allowed = may(self.ctx.actor, action)
            button.setEnabled(allowed and not info.erased)
            if not allowed:
                button.setToolTip(self.tr("Only a manager or the owner may do this."))
        self.log_button.setEnabled(not info.archived and not info.erased)

    # --- actions ---------------------------------------------------------------------

    def edit_profile(self) -> None:
        if self.info is None:
            return
        dialog = CustomerDialog(self.ctx, customer_id=self.info.id, parent=self)
        dialog.existing_requested.connect(self.open_customer)
        self.profile_dialog = self._open(dialog, self.tr("Profile saved."))

    def _open(self, dialog: QDialog, saved: str) -> QDialog:
        """Open ``dialog`` (it saves through the actions); ``saved`` is said when it did."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.messages.say(saved))
        dialog.open()
        return dialog

    def pin_or_unpin(self) -> None:
        info = self.info
        if info is None:
            return
        if info.pin_level is None:
            dialog = PinLevelDialog(self.ctx, info.id, info.name, info.level, parent=self)
            self.pin_dialog = self._open(dialog, self.tr("Level pinned."))
            return
        question = self.tr("Remove the pinned level of %1? The rules will decide the level again.")
        if not confirm(self, self.tr("Unpin level"), question.replace("%1", info.name)):
            return
        self.messages.attempt(lambda: self.ctx.actions.unpin_level(info.id), self.tr("The pin is removed."))

    def archive_or_unarchive(self) -> None:
        info = self.info
        if info is None:
            return
        if info.archived:
            title, question = self.tr("Unarchive"), self.tr("Bring %1 back to the lists and search?")
        else:
            title, question = (
                self.tr("Archive"),
                self.tr(
                    "Archive %1? They disappear from lists and search; their history stays in the reports."
                ),
            )
        if not confirm(self, title, question.replace("%1", info.name)):
            return
        if info.archived:
            self.messages.attempt(
                lambda: self.ctx.actions.unarchive_customer(info.id), self.tr("Unarchived.")
            )
        else:
            self.messages.attempt(lambda: self.ctx.actions.archive_customer(info.id), self.tr("Archived."))
