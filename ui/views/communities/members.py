"""The right side of the Communities page: one community, its leader and members.

Members join and leave at the counter, so every staff member may add or remove
one here. The members of the community shown are read when it is chosen (a
community has a few hundred at most).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crm.errors import ShopError
from crm.services import communities
from crm.services.communities import CommunityInfo, Member
from ui.context import AppContext
from ui.errors import show_error
from ui.models.community_model import CUSTOMER_ID_ROLE, MemberTableModel
from ui.views.page import Reader
from ui.widgets.confirm import confirm
from ui.widgets.customer_menu import CustomerMenu
from ui.widgets.customer_picker import CustomerPicker
from ui.widgets.empty_state import EmptyState
from ui.widgets.forms import FieldErrors
from ui.widgets.level_badge import LevelBadge, LevelDelegate
from ui.widgets.page_parts import MUTED_STYLE, button_row, fit_columns, push_button, row_table, shortcut
from ui.words import big_c, members_count, platform_name

SECTION_STYLE = "font-size: 15px; font-weight: 600;"
PILL_STYLE = (
    "QLabel {{ background: {}; color: {}; border-radius: 9px; padding: 2px 10px; font-weight: bold; }}"
)
ZOMBIE_STYLE = PILL_STYLE.format("#ffebee", "#b71c1c")
ARCHIVED_STYLE = PILL_STYLE.format("#eeeeee", "#616161")


class MembersPanel(QWidget):
    community_changed = Signal(int)  # a member was added or removed here: the community's id
    selection_changed = Signal()

    def __init__(self, ctx: AppContext, read: Reader, parent: QWidget | None = None):
        """``read`` is the page's way to read off the GUI thread (:meth:`ui.views.page.Page.read`)."""
        super().__init__(parent)
        self.ctx = ctx
        self.read = read
        self.info: CommunityInfo | None = None
        self._select_after: int | None = None  # the customer to select once the members are read
        self.zombie_days = 60
        self.title = QLabel(self)
        self.title.setObjectName("community_title")
        self.title.setStyleSheet(SECTION_STYLE)
        self.zombie_badge = QLabel(self.tr("Zombie"), self)
        self.zombie_badge.setObjectName("zombie_badge")
        self.zombie_badge.setStyleSheet(ZOMBIE_STYLE)
        self.archived_badge = QLabel(self.tr("Archived"), self)
        self.archived_badge.setStyleSheet(ARCHIVED_STYLE)
        self.leader_label = QLabel(self)
        self.leader_label.setObjectName("leader_label")
        self.leader_badge = LevelBadge(0, self)
        self.stats_label = QLabel(self)
        self.note_label = QLabel(self)
        for label in (self.stats_label, self.note_label):
            label.setStyleSheet(MUTED_STYLE)
            label.setWordWrap(True)

        self.model = MemberTableModel(self)
        self.table = row_table(self.model, self, MemberTableModel.JOINED)
        self.table.setObjectName("members")
        self.table.setItemDelegateForColumn(MemberTableModel.LEVEL, LevelDelegate(self.table))
        self.table.activated.connect(self._open_member_at)
        self.menu = CustomerMenu(self.table, ctx)
        self.empty = EmptyState(self.table, name="members_empty")
        self.empty_add = push_button(self.tr("Add a member"), self.picker_focus, name="empty_add_member")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        fit_columns(self.table, stretch=MemberTableModel.NAME)
        self.show_former = QCheckBox(self.tr("Show former members"), self)
        self.table.setColumnHidden(MemberTableModel.LEFT, True)
        self.show_former.toggled.connect(self._former_toggled)

        self.errors = FieldErrors()
        self.picker = CustomerPicker(self)
        self.picker.setObjectName("member_picker")
        self.picker.setPlaceholderText(self.tr("Add a member: name, phone, last 4 digits or pinyin"))
        self.add_button = QPushButton(self.tr("Add member"), self)
        self.add_button.setToolTip(self.tr("Add the picked customer to this community (Enter)"))
        self.add_button.setAutoDefault(True)  # picked with Enter, added with Enter
        self.add_button.clicked.connect(self.add_picked)
        self.remove_button = QPushButton(self.tr("Remove member…"), self)
        self.remove_button.setToolTip(self.tr("End the selected membership today (Del)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.error = self.errors.general_label("member_error", self)
        self.picker.picked.connect(lambda _id: self.add_button.setFocus())
        self.picker.textEdited.connect(lambda _t: self.clear_error())
        shortcut(self.table, Qt.Key.Key_Delete, self.remove_selected, Qt.ShortcutContext.WidgetShortcut)

        add_row = QHBoxLayout()
        add_row.addWidget(self.picker, 1)
        add_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(button_row((self.title, self.zombie_badge, self.archived_badge)))
        layout.addLayout(button_row((self.leader_label, self.leader_badge)))
        layout.addWidget(self.stats_label)
        layout.addWidget(self.note_label)
        layout.addLayout(add_row)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row((self.show_former,), (self.remove_button,)))
        self.show_community(None)

    # --- showing ---------------------------------------------------------------------

    def show_community(self, info: CommunityInfo | None) -> None:
        """Show ``info`` and read its members again (nothing chosen: an empty panel)."""
        self.info = info
        self.clear_error()
        self.zombie_badge.setVisible(info is not None and info.zombie)
        self.archived_badge.setVisible(info is not None and info.archived)
        self.leader_badge.setVisible(info is not None)
        self.empty.say("")  # until its members are read
        if info is None:
            self.title.setText(self.tr("No community selected"))
            for label in (self.leader_label, self.stats_label, self.note_label):
                label.setText("")
            self.model.set_rows([])
            self.update_buttons()
            return
        include_former = self.show_former.isChecked()
        self.read("members", communities.members, self._members_read, info.id, None, include_former)
        self.title.setText(info.name)
        self.zombie_badge.setToolTip(
            self.tr("Nobody, leader included, bought in the last %n day(s)", "", self.zombie_days)
        )
        self.leader_label.setText(
            self.tr("Leader (%1): %2").replace("%1", big_c()).replace("%2", info.leader_name)
        )
        self.leader_badge.set_level(info.leader_level)
        stats = self.tr("%1, %2 active (%3) · created %4").replace("%1", members_count(info.members))
        stats = stats.replace("%2", f"{info.active_members:,}").replace("%3", f"{info.activity_rate:.0%}")
        stats = stats.replace("%4", info.created.isoformat())
        if info.platform:
            stats += " · " + platform_name(info.platform)
        self.stats_label.setText(stats)
        self.note_label.setText(info.note)
        self.note_label.setVisible(bool(info.note))
        self.update_buttons()

    def _members_read(self, members: list[Member]) -> None:
        self.model.set_rows(members)
        if self.info is not None and not self.info.archived:
            self.empty.say(
                self.tr("No members yet"),
                self.tr("Add the customers who are in this group: a name, phone or pinyin in the box above."),
                self.empty_add,
            )
        elif self.info is not None:
            self.empty.say(self.tr("No members"), self.tr("This community is archived."))
        wanted, self._select_after = self._select_after, None
        row = self.model.row_of(wanted) if wanted is not None else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self.update_buttons()

    def picker_focus(self) -> None:
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)

    def _former_toggled(self, checked: bool) -> None:
        self.table.setColumnHidden(MemberTableModel.LEFT, not checked)
        self.show_community(self.info)

    def selected_member(self) -> Member | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.member(rows[0].row()) if rows else None

    def update_buttons(self) -> None:
        is_open = self.info is not None and not self.info.archived
        self.picker.setEnabled(is_open)
        self.add_button.setEnabled(is_open)
        member = self.selected_member()
        self.remove_button.setEnabled(is_open and member is not None and member.left is None)

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    # --- changing ----------------------------------------------------------------------

    def add_picked(self) -> None:
        info = self.info
        customer_id = self.picker.customer_id()
        self.clear_error()
        if info is None:
            return
        if customer_id is None:
            self.error.setText(self.tr("Pick a customer from the list first."))
            self.error.show()
            return
        try:
            self.ctx.actions.add_member(info.id, customer_id)
        except ShopError as exc:
            self.errors.show(exc)  # the picked customer stays in the field
            return
        self.picker.set_customer(None)
        self._select_after = customer_id
        self.community_changed.emit(info.id)
        self.picker.setFocus()

    def remove_selected(self) -> None:
        info = self.info
        member = self.selected_member()
        if info is None or member is None or member.left is not None:
            return
        question = self.tr("Remove %1 from %2? The membership ends today; they stay a customer.")
        if not confirm(
            self, self.tr("Remove member"), question.replace("%1", member.name).replace("%2", info.name)
        ):
            return
        try:
            self.ctx.actions.remove_member(info.id, member.customer_id)
        except ShopError as exc:
            show_error(self, exc)
            return
        self.community_changed.emit(info.id)

    def _open_member_at(self, index: QModelIndex) -> None:
        customer_id = index.data(CUSTOMER_ID_ROLE)
        if customer_id is not None:
            self.ctx.bus.open_customer.emit(int(customer_id))
