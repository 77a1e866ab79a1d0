"""Dialogs of the communities screen: create or edit a community, change its leader.

Each dialog does the change itself (through the app's actions), so a refused change (an empty name, a
missing leader, a date in the future, a role that may not do it) is shown next
to the field and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crm import clock
from crm.errors import ShopError
from crm.services import community_changes
from crm.services.communities import PLATFORMS, CommunityInfo
from ui.context import AppContext
from ui.widgets.customer_picker import CustomerPicker
from ui.widgets.forms import EditDialog, FieldErrors, from_qdate, to_qdate
from ui.widgets.kept_input import KeepsInput
from ui.words import big_c, platform_name

HINT_STYLE = "color: #616161;"


class CommunityDialog(EditDialog):
    """New community, or edit one (``info`` given). ``saved(community_id)`` on success."""

    saved = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, info: CommunityInfo | None = None):
        super().__init__(ctx, info, parent, width=480)
        self.setWindowTitle(self.tr("Edit community") if self.editing else self.tr("New community"))
        self.result_info: CommunityInfo | None = None
        self.errors = FieldErrors()

        self.name = QLineEdit(self)
        self.name.setMaxLength(community_changes.NAME_MAX)
        self.name.setPlaceholderText(self.tr("e.g. Sunny Gardens parents' group"))
        # One of the fixed platforms, its key stored and its name in the app's language.
        self.platform = QComboBox(self)
        self.platform.addItem(self.tr("(not said)"), "")
        for key in PLATFORMS:
            self.platform.addItem(platform_name(key), key)
        self.leader = CustomerPicker(self)
        self.leader_label = QLabel(self)
        self.created = QDateEdit(self)
        self.created.setCalendarPopup(True)
        self.created.setDisplayFormat("yyyy-MM-dd")
        self.created.setMaximumDate(to_qdate(clock.today()))
        self.created.setDate(to_qdate(clock.today()))
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("Who is in it, what it is about…"))
        self.note.setFixedHeight(80)
        self.note.setTabChangesFocus(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Name"), self.name)
        form.addRow("", self.errors.label_for("name"))
        form.addRow(self.tr("Platform"), self.platform)
        form.addRow("", self.errors.label_for("platform"))
        leader_title = self.tr("Leader (%1)").replace("%1", big_c())
        if info is None:
            form.addRow(leader_title, self.leader)
            self.leader_label.hide()
        else:
            self.leader.hide()
            self.leader_label.setText(info.leader_name)
            form.addRow(leader_title, self.leader_label)
            hint = QLabel(self.tr("Use “Change leader” to give the community a new leader."), self)
            hint.setStyleSheet(HINT_STYLE)
            form.addRow("", hint)
        form.addRow("", self.errors.label_for("leader"))
        form.addRow(self.tr("Created"), self.created)
        form.addRow("", self.errors.label_for("created"))
        form.addRow(self.tr("Note"), self.note)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(self.tr("Save (Ctrl+Enter)"))
        self.save_button.setShortcut("Ctrl+Return")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.addLayout(form)
        layout.addWidget(self.errors.general_label(parent=self))
        layout.addWidget(self.buttons)

        if info is not None:
            self.name.setText(info.name)
            self.platform.setCurrentIndex(max(0, self.platform.findData(info.platform)))
            self.created.setDate(to_qdate(info.created))
            self.note.setPlainText(info.note)
        self.remember_input()  # the community as stored is the start

    def save(self) -> None:
        self.errors.clear()
        fields = {
            "platform": self.platform.currentData(),
            "created": from_qdate(self.created.date()),
            "note": self.note.toPlainText(),
        }
        if self.info is not None:
            info = saved(
                self.errors, self.ctx.actions.update_community, self.info.id, name=self.name.text(), **fields
            )
        elif self.leader.customer_id() is None:
            text = self.tr("Pick the leader (%1) from the list.")  # one line: no field moves
            _say(self.errors, "leader", text.replace("%1", big_c()))
            self.leader.setFocus()
            return
        else:
            info = saved(
                self.errors,
                self.ctx.actions.create_community,
                self.name.text(),
                self.leader.customer_id(),
                **fields,
            )
        if info is not None:
            self.result_info = info
            self.saved.emit(info.id)
            self.accept()


class LeaderDialog(KeepsInput, QDialog):
    """Give a community a new leader (大C). ``saved(community_id)`` on success."""

    saved = Signal(int)

    def __init__(self, ctx: AppContext, info: CommunityInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.info = info
        self.setWindowTitle(self.tr("Change leader of %1").replace("%1", info.name))
        self.setMinimumWidth(440)
        self.errors = FieldErrors()
        current = QLabel(
            self.tr("Current leader (%1): %2").replace("%1", big_c()).replace("%2", info.leader_name), self
        )
        self.leader = CustomerPicker(self)
        hint = QLabel(self.tr("A member who becomes the leader leaves the member list today."), self)
        hint.setStyleSheet(HINT_STYLE)
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.addWidget(current)
        layout.addWidget(QLabel(self.tr("New leader"), self))
        layout.addWidget(self.leader)
        layout.addWidget(self.errors.label_for("leader"))
        layout.addWidget(hint)
        layout.addWidget(self.errors.general_label(parent=self))
        layout.addWidget(self.buttons)
        self.remember_input()

    def save(self) -> None:
        self.errors.clear()
        leader_id = self.leader.customer_id()
        if leader_id is None:
            _say(self.errors, "leader", self.tr("Pick the new leader from the list."))
        elif saved(self.errors, self.ctx.actions.set_leader, self.info.id, leader_id) is not None:
            self.saved.emit(self.info.id)
            self.accept()


def saved(errors: FieldErrors, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any | None:
    """What ``action`` returns; None when the shop refused it, the reason then shown next to its field."""
    try:
        return action(*args, **kwargs)
    except ShopError as exc:
        errors.show(exc)
        return None


def _say(errors: FieldErrors, field: str, text: str) -> None:
    """A hint of the dialog's own next to ``field``."""
    label = errors.labels[field]
    label.setText(text)
    label.show()
