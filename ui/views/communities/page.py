"""The Communities page: the list of communities (left) and the one chosen (right,
:mod:`ui.views.communities.members`).

The list (a few thousand communities with member and activity counts, about
0.15 s on a big shop) is read off the GUI thread; filtering and sorting happen
on the Python list. A change made here shows at once in the community it
touched; the whole list is read again shortly after, as for a change elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from crm.errors import ShopError
from crm.services.changes import Changes
from crm.services.common import may
from crm.services.communities import CommunityInfo
from crm.services.communities_page import CommunityList, community_or_none, load_communities
from ui.dialogs.community_dialog import CommunityDialog, LeaderDialog
from ui.errors import show_error
from ui.models.community_model import CUSTOMER_ID_ROLE, CommunityTableModel
from ui.views.communities.members import MembersPanel
from ui.views.page import Page
from ui.widgets.confirm import confirm
from ui.widgets.empty_state import EmptyState
from ui.widgets.page_parts import (
    button_row,
    fit_columns,
    header_row,
    muted_label,
    panel,
    push_button,
    row_table,
    shortcut,
)
from ui.words import big_c


class CommunitiesView(Page):
    def build(self) -> None:
        self.loaded = False  # the list has been read once
        self.dialog: QWidget | None = None  # the dialog open now, if any
        self._pending_id: int | None = None  # asked for by open_community while loading
        self.can_manage = may(self.ctx.actor, "manage communities")
        self.make_refresh_widgets()
        self._build()
        self.select_community(None)
        self.refresh()

    def cares(self, changes: Changes) -> bool:
        return changes.communities or changes.any_customer or changes.visits or changes.settings

    # --- building ------------------------------------------------------------------

    def _build(self) -> None:
        self.summary = muted_label(parent=self)
        self.summary.setObjectName("communities_summary")
        self.filter = QLineEdit(self)
        self.filter.setObjectName("communities_filter")
        self.filter.setPlaceholderText(self.tr("Filter by name, platform or leader"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(240)
        self.include_archived = QCheckBox(self.tr("Include archived"), self)
        self.zombies_only = QCheckBox(self.tr("Zombies only"), self)
        self.new_button = QPushButton(self.tr("New community…"), self)
        self.new_button.setToolTip(self.tr("Create a community and name its leader (Ctrl+T)"))
        filters = button_row((self.filter, self.include_archived, self.zombies_only))

        self.model = CommunityTableModel(self)
        self.table = row_table(self.model, self, CommunityTableModel.NAME)
        self.table.setObjectName("communities")
        # The selection, not the current row: a mouse click moves the current row before it
        # selects, so the pane would show the community clicked before.
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_members())
        self.table.activated.connect(self._community_activated)
        fit_columns(self.table, stretch=CommunityTableModel.NAME)
        self._build_empty()
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setToolTip(self.tr("Rename, change platform, created date or note"))
        self.leader_button = QPushButton(self.tr("Change leader…"), self)
        self.archive_button = QPushButton(self.tr("Archive"), self)
        list_actions = button_row((self.edit_button, self.leader_button), (self.archive_button,))
        list_panel = panel(self, self.table, list_actions, stretch=self.table)

        self.members = MembersPanel(self.ctx, self.read, self)
        self.members.community_changed.connect(self._changed)
        self.members.selection_changed.connect(self._update_buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(list_panel)
        splitter.addWidget(self.members)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([750, 570])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(header_row(self.tr("Communities"), self.summary, self.busy, self.new_button))
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.filter.textChanged.connect(self._filter_changed)
        self.include_archived.toggled.connect(self._filter_changed)
        self.zombies_only.toggled.connect(self._filter_changed)
        self.new_button.clicked.connect(self.new_community)
        self.edit_button.clicked.connect(self.edit_selected)
        self.leader_button.clicked.connect(self.change_leader)
        self.archive_button.clicked.connect(self.archive_selected)
        shortcut(self, "Ctrl+T", self.new_community)

    # --- reading ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.refresh_started()
        self.read("list", load_communities, self._loaded)

    def _loaded(self, data: CommunityList) -> None:
        current = self.selected()
        selected = current.id if current else None
        self.loaded = True
        self.model.zombie_days = self.members.zombie_days = data.zombie_days
        self.model.set_communities(data.communities)
        self._say_empty()
        self._show_summary()
        wanted, self._pending_id = self._pending_id, None
        if wanted is not None and self._reveal(wanted):
            selected = wanted
        self.select_community(selected)

    def read_failed(self, exc: BaseException) -> None:
        self._pending_id = None
        super().read_failed(exc)  # said in the status line, as on every page

    def _build_empty(self) -> None:
        self.empty = EmptyState(self.table, lambda: self.jobs.busy("list"), self, "communities_empty")
        self.empty_new = push_button(
            self.tr("New community…"), self.new_community, name="empty_new_community"
        )
        if not self.can_manage:
            self.empty_new.setEnabled(False)
            self.empty_new.setToolTip(self.tr("Only an owner or a manager may change communities."))
        self.empty_clear = push_button(self.tr("Clear filters"), self.clear_filters, name="empty_clear")

    def _say_empty(self) -> None:
        if not self.loaded:
            return
        if not self.model.all_communities():
            self.empty.say(
                self.tr("No communities yet"),
                self.tr(
                    "A community is a group led by a %1 (a WeChat group, a club): "
                    "make one and name its leader."
                ).replace("%1", big_c()),
                self.empty_new,
            )
        else:
            self.empty.say(
                self.tr("No community matches these filters"),
                self.tr("Change the filters above, or clear them to see every community."),
                self.empty_clear,
            )

    def clear_filters(self) -> None:
        for widget in (self.filter, self.include_archived, self.zombies_only):
            widget.blockSignals(True)
        self.filter.clear()
        self.include_archived.setChecked(False)
        self.zombies_only.setChecked(False)
        for widget in (self.filter, self.include_archived, self.zombies_only):
            widget.blockSignals(False)
        self._filter_changed()

    def _show_summary(self) -> None:
        infos = [i for i in self.model.all_communities() if not i.archived]
        zombies = sum(1 for i in infos if i.zombie)
        self.summary.setText(
            self.tr("%Ln communit(y|ies)", "", len(infos)) + " · " + self.tr("%Ln zombie(s)", "", zombies)
        )

    def _filter_changed(self, *_args) -> None:
        selected = self.selected()
        self.model.set_filter(
            text=self.filter.text(),
            include_archived=self.include_archived.isChecked(),
            zombies_only=self.zombies_only.isChecked(),
        )
        self._say_empty()
        self.select_community(selected.id if selected else None)

    # --- selection ---------------------------------------------------------------------

    def selected(self) -> CommunityInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.community(rows[0].row()) if rows else None

    def open_community(self, community_id: int) -> None:
        """Select a community and show its members (the dashboard opens a zombie this way).
        While the list is loading, it is selected when the load finishes; an archived one
        turns "Include archived" on, and a filter that hides it is cleared."""
        listing = self.jobs.busy("list")
        if self.loaded and not listing and self._reveal(community_id):
            self.select_community(community_id)
            return
        # Still loading, or not in the list yet (made elsewhere a moment ago): after the load.
        self._pending_id = community_id
        if not listing:
            self.refresh()

    def _reveal(self, community_id: int) -> bool:
        """Loosen the filters until the community is in the table; False when it is not in the list."""
        info = next((i for i in self.model.all_communities() if i.id == community_id), None)
        if info is None:
            return False
        if self.model.row_of(community_id) < 0:
            widgets = (self.filter, self.include_archived, self.zombies_only)
            for widget in widgets:
                widget.blockSignals(True)
            try:
                if info.archived:
                    self.include_archived.setChecked(True)
                self.model.set_filter(include_archived=self.include_archived.isChecked())
                if self.model.row_of(community_id) < 0:
                    self.filter.clear()
                    self.zombies_only.setChecked(False)
                    self.model.set_filter(text="", zombies_only=False)
            finally:
                for widget in widgets:
                    widget.blockSignals(False)
        return self.model.row_of(community_id) >= 0

    def select_community(self, community_id: int | None) -> None:
        row = self.model.row_of(community_id) if community_id is not None else -1
        if row < 0 and self.model.rowCount() > 0 and community_id is None:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.table.clearSelection()
        self.show_members()

    def show_members(self) -> None:
        self.members.show_community(self.selected())
        self._update_buttons()

    def _update_buttons(self) -> None:
        info = self.selected()
        manage = self.can_manage
        self.new_button.setEnabled(manage)
        self.edit_button.setEnabled(manage and info is not None)
        self.leader_button.setEnabled(manage and info is not None and not info.archived)
        self.archive_button.setEnabled(manage and info is not None)
        self.archive_button.setText(
            self.tr("Unarchive") if info is not None and info.archived else self.tr("Archive…")
        )
        self.members.update_buttons()
        if not manage:
            why = self.tr("Only an owner or a manager may change communities.")
            for button in (self.new_button, self.edit_button, self.leader_button, self.archive_button):
                button.setToolTip(why)

    # --- changes made here ---------------------------------------------------------------

    def _changed(self, community_id: int) -> None:
        """Show the community just changed as soon as it is read (the whole list is read again
        soon after)."""
        self.read("changed", community_or_none, self._changed_read, community_id)

    def _changed_read(self, info: CommunityInfo | None) -> None:
        if info is None:  # removed meanwhile
            return
        self.model.update_community(info)
        self._show_summary()
        self.select_community(info.id)

    def _open(self, dialog) -> QWidget:
        dialog.saved.connect(self._changed)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()
        return dialog

    def new_community(self) -> CommunityDialog | None:
        if not self.can_manage:
            return None
        return self._open(CommunityDialog(self.ctx, self))

    def edit_selected(self) -> CommunityDialog | None:
        info = self.selected()
        if info is None:
            return None
        return self._open(CommunityDialog(self.ctx, self, info))

    def change_leader(self) -> LeaderDialog | None:
        info = self.selected()
        if info is None or info.archived:
            return None
        return self._open(LeaderDialog(self.ctx, info, self))

    def archive_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        question = self.tr(
            "Archive %1? Its leader no longer counts as leading it, and it leaves the list "
            "(tick “Include archived” to see it again)."
        ).replace("%1", info.name)
        if not info.archived and not confirm(self, self.tr("Archive community"), question):
            return
        try:
            if info.archived:
                self.ctx.actions.unarchive_community(info.id)
            else:
                self.ctx.actions.archive_community(info.id)
        except ShopError as exc:
            show_error(self, exc)
            return
        self._changed(info.id)

    def _community_activated(self, index: QModelIndex) -> None:
        """Enter or double-click: the leader column opens the leader, the rest edits the community."""
        if index.column() == CommunityTableModel.LEADER:
            customer_id = index.data(CUSTOMER_ID_ROLE)
            if customer_id is not None:
                self.ctx.bus.open_customer.emit(int(customer_id))
        elif self.can_manage:
            self.edit_selected()
