"""Communities (社群): their leaders (大C), members (小c), activity and zombies.

The list (a few thousand communities with member and activity counts, about
0.15 s on a big shop) loads in a worker thread; filtering and sorting happen on
the Python list. A change made here refreshes only the community it touched.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm.errors import NotFound, ShopError
from crm.services import communities, community_changes, settings
from crm.services.communities import CommunityInfo
from ui.context import AppContext
from ui.dialogs.community_dialog import CommunityDialog, LeaderDialog
from ui.errors import show_error
from ui.jobs import BackgroundCall
from ui.models.community_model import (
    CUSTOMER_ID_ROLE,
    CommunityTableModel,
    MemberTableModel,
)
from ui.widgets.confirm import confirm
from ui.widgets.customer_picker import CustomerPicker
from ui.widgets.forms import FieldErrors
from ui.widgets.level_badge import LevelBadge, LevelDelegate
from ui.words import big_c

TITLE_STYLE = "font-size: 18px; font-weight: 600;"
SECTION_STYLE = "font-size: 15px; font-weight: 600;"
MUTED_STYLE = "color: #616161;"
PILL_STYLE = (
    "QLabel {{ background: {}; color: {}; border-radius: 9px; padding: 2px 10px; font-weight: bold; }}"
)
ZOMBIE_STYLE = PILL_STYLE.format("#ffebee", "#b71c1c")
ARCHIVED_STYLE = PILL_STYLE.format("#eeeeee", "#616161")


def _table(model, parent: QWidget, sort_column: int) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(28)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setSortIndicator(sort_column, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    return view


class CommunitiesView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self.stale = True
        self._own_change = False
        self._dialog: QWidget | None = None
        self._pending_id: int | None = None  # asked for by open_community while loading
        self.can_manage = ctx.actor is None or ctx.actor.role in ("owner", "manager")

        # --- header -----------------------------------------------------------
        title = QLabel(self.tr("Communities"), self)
        title.setStyleSheet(TITLE_STYLE)
        self.summary = QLabel(self)
        self.summary.setObjectName("communities_summary")
        self.summary.setStyleSheet(MUTED_STYLE)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(12)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.filter = QLineEdit(self)
        self.filter.setObjectName("communities_filter")
        self.filter.setPlaceholderText(self.tr("Filter by name, platform or leader"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(240)
        self.include_archived = QCheckBox(self.tr("Include archived"), self)
        self.zombies_only = QCheckBox(self.tr("Zombies only"), self)
        self.new_button = QPushButton(self.tr("New community…"), self)
        self.new_button.setToolTip(self.tr("Create a community and name its leader (Ctrl+T)"))
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(10)
        header.addWidget(self.summary)
        header.addWidget(self.busy)
        header.addStretch(1)
        header.addWidget(self.new_button)
        filters = QHBoxLayout()
        filters.addWidget(self.filter)
        filters.addWidget(self.include_archived)
        filters.addWidget(self.zombies_only)
        filters.addStretch(1)

        # --- the list ---------------------------------------------------------
        self.model = CommunityTableModel(self)
        self.table = _table(self.model, self, CommunityTableModel.NAME)
        self.table.setObjectName("communities")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_members())
        self.table.activated.connect(self._community_activated)
        for col, width in (
            (CommunityTableModel.NAME, 160),
            (CommunityTableModel.PLATFORM, 76),
            (CommunityTableModel.LEADER, 100),
            (CommunityTableModel.MEMBERS, 68),
            (CommunityTableModel.ACTIVE, 56),
            (CommunityTableModel.RATE, 62),
            (CommunityTableModel.LAST_PURCHASE, 96),
        ):
            self.table.setColumnWidth(col, width)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setToolTip(self.tr("Rename, change platform, created date or note"))
        self.leader_button = QPushButton(self.tr("Change leader…"), self)
        self.archive_button = QPushButton(self.tr("Archive"), self)
        list_actions = QHBoxLayout()
        list_actions.addWidget(self.edit_button)
        list_actions.addWidget(self.leader_button)
        list_actions.addStretch(1)
        list_actions.addWidget(self.archive_button)
        list_panel = QWidget(self)
        list_layout = QVBoxLayout(list_panel)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.setSpacing(8)
        list_layout.addWidget(self.table, 1)
        list_layout.addLayout(list_actions)

        # --- members panel ----------------------------------------------------
        self.community_title = QLabel(self)
        self.community_title.setObjectName("community_title")
        self.community_title.setStyleSheet(SECTION_STYLE)
        self.zombie_badge = QLabel(self.tr("Zombie"), self)
        self.zombie_badge.setObjectName("zombie_badge")
        self.zombie_badge.setStyleSheet(ZOMBIE_STYLE)
        self.zombie_badge.hide()
        self.archived_badge = QLabel(self.tr("Archived"), self)
        self.archived_badge.setStyleSheet(ARCHIVED_STYLE)
        self.archived_badge.hide()
        self.leader_label = QLabel(self)
        self.leader_label.setObjectName("leader_label")
        self.leader_badge = LevelBadge(0, self)
        self.leader_badge.hide()
        self.stats_label = QLabel(self)
        self.stats_label.setStyleSheet(MUTED_STYLE)
        self.stats_label.setWordWrap(True)
        self.note_label = QLabel(self)
        self.note_label.setStyleSheet(MUTED_STYLE)
        self.note_label.setWordWrap(True)
        self.member_model = MemberTableModel(self)
        self.member_table = _table(self.member_model, self, MemberTableModel.JOINED)
        self.member_table.setObjectName("members")
        self.member_table.setItemDelegateForColumn(MemberTableModel.LEVEL, LevelDelegate(self.member_table))
        self.member_table.activated.connect(self._open_member_at)
        self.member_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        for col, width in (
            (MemberTableModel.NAME, 80),
            (MemberTableModel.CODE, 76),
            (MemberTableModel.LEVEL, 96),
            (MemberTableModel.JOINED, 88),
            (MemberTableModel.LAST_PURCHASE, 94),
            (MemberTableModel.ACTIVE, 60),
        ):
            self.member_table.setColumnWidth(col, width)
        self.show_former = QCheckBox(self.tr("Show former members"), self)
        self.member_table.setColumnHidden(MemberTableModel.LEFT, True)

        self.member_errors = FieldErrors()
        self.picker = CustomerPicker(self)
        self.picker.setObjectName("member_picker")
        self.picker.setPlaceholderText(self.tr("Add a member: name, phone, last 4 digits or pinyin"))
        self.add_button = QPushButton(self.tr("Add member"), self)
        self.add_button.setToolTip(self.tr("Add the picked customer to this community (Enter)"))
        self.remove_button = QPushButton(self.tr("Remove member…"), self)
        self.remove_button.setToolTip(self.tr("End the selected membership today (Del)"))
        self.member_error = self.member_errors.general_label("member_error", self)
        self.add_button.setAutoDefault(True)  # picked with Enter, added with Enter
        self.picker.picked.connect(lambda _id: self.add_button.setFocus())
        self.picker.textEdited.connect(lambda _t: self._clear_member_error())

        title_row = QHBoxLayout()
        title_row.addWidget(self.community_title)
        title_row.addWidget(self.zombie_badge)
        title_row.addWidget(self.archived_badge)
        title_row.addStretch(1)
        leader_row = QHBoxLayout()
        leader_row.addWidget(self.leader_label)
        leader_row.addWidget(self.leader_badge)
        leader_row.addStretch(1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.picker, 1)
        add_row.addWidget(self.add_button)
        member_actions = QHBoxLayout()
        member_actions.addWidget(self.show_former)
        member_actions.addStretch(1)
        member_actions.addWidget(self.remove_button)

        members_panel = QWidget(self)
        members_layout = QVBoxLayout(members_panel)
        members_layout.setContentsMargins(12, 0, 0, 0)
        members_layout.setSpacing(6)
        members_layout.addLayout(title_row)
        members_layout.addLayout(leader_row)
        members_layout.addWidget(self.stats_label)
        members_layout.addWidget(self.note_label)
        members_layout.addLayout(add_row)
        members_layout.addWidget(self.member_error)
        members_layout.addWidget(self.member_table, 1)
        members_layout.addLayout(member_actions)
        self.members_panel = members_panel

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(list_panel)
        splitter.addWidget(members_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([750, 570])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        # --- behaviour --------------------------------------------------------
        self.loader = BackgroundCall(self)
        self.loader.finished.connect(self._loaded)
        self.loader.failed.connect(self._load_failed)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(1500)
        self._reload_timer.timeout.connect(self._reload_if_visible)
        self.filter.textChanged.connect(self._filter_changed)
        self.include_archived.toggled.connect(self._filter_changed)
        self.zombies_only.toggled.connect(self._filter_changed)
        self.show_former.toggled.connect(self._former_toggled)
        self.new_button.clicked.connect(self.new_community)
        self.edit_button.clicked.connect(self.edit_selected)
        self.leader_button.clicked.connect(self.change_leader)
        self.archive_button.clicked.connect(self.archive_selected)
        self.add_button.clicked.connect(self.add_picked_member)
        self.remove_button.clicked.connect(self.remove_selected_member)
        for keys, slot, widget in (
            ("Ctrl+T", self.new_community, self),
            ("F5", self.reload, self),
        ):
            shortcut = QShortcut(QKeySequence(keys), widget)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        remove_key = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.member_table)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self.remove_selected_member)

        bus = ctx.bus
        bus.communities_changed.connect(self._changed_elsewhere)
        bus.customers_changed.connect(self._changed_elsewhere)
        bus.settings_changed.connect(self._changed_elsewhere)
        bus.visits_changed.connect(lambda _id: self._changed_elsewhere())

        self.show_members()
        self.reload()

    # --- loading ------------------------------------------------------------

    def activated(self) -> None:
        if self.stale and not self.loader.busy:
            self.reload()

    def reload(self) -> None:
        self.stale = False
        self._reload_timer.stop()
        self.busy.show()
        self.model.zombie_days = int(settings.get("community.zombie_days"))
        self.loader.start(lambda: communities.list_communities(include_archived=True))

    def _loaded(self, infos: list[CommunityInfo]) -> None:
        current = self.selected()
        selected = current.id if current else None
        self.busy.hide()
        self.loaded = True
        self.model.set_communities(infos)
        self._show_summary()
        wanted, self._pending_id = self._pending_id, None
        if wanted is not None and self._reveal(wanted):
            selected = wanted
        self.select_community(selected)

    def _load_failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self._pending_id = None
        show_error(self, exc)

    def _show_summary(self) -> None:
        infos = [i for i in self.model.all_communities() if not i.archived]
        zombies = sum(1 for i in infos if i.zombie)
        self.summary.setText(
            self.tr("%1 communities · %2 zombie")
            .replace("%1", f"{len(infos):,}")
            .replace("%2", f"{zombies:,}")
        )

    def _filter_changed(self, *_args) -> None:
        selected = self.selected()
        self.model.set_filter(
            text=self.filter.text(),
            include_archived=self.include_archived.isChecked(),
            zombies_only=self.zombies_only.isChecked(),
        )
        self.select_community(selected.id if selected else None)

    # --- selection -----------------------------------------------------------

    def selected(self) -> CommunityInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.community(rows[0].row()) if rows else None

    def open_community(self, community_id: int) -> None:
        """Select a community and show its members (the dashboard opens a zombie this way).
        While the list is loading, it is selected when the load finishes; an archived one
        turns "Include archived" on, and a filter that hides it is cleared."""
        if self.loaded and not self.loader.busy and self._reveal(community_id):
            self.select_community(community_id)
            return
        # Still loading, or not in the list yet (made elsewhere a moment ago): after the load.
        self._pending_id = community_id
        if not self.loader.busy:
            self.reload()

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
        info = self.selected()
        self._clear_member_error()
        if info is None:
            self.community_title.setText(self.tr("No community selected"))
            self.zombie_badge.hide()
            self.archived_badge.hide()
            self.leader_label.setText("")
            self.leader_badge.hide()
            self.stats_label.setText("")
            self.note_label.setText("")
            self.member_model.set_members([])
            self._update_buttons()
            return
        members = communities.members(info.id, include_former=self.show_former.isChecked())
        self.member_model.set_members(members)
        self.community_title.setText(info.name)
        self.zombie_badge.setVisible(info.zombie)
        self.zombie_badge.setToolTip(
            self.tr("Nobody, leader included, bought in the last %1 days").replace(
                "%1", str(self.model.zombie_days)
            )
        )
        self.archived_badge.setVisible(info.archived)
        self.leader_label.setText(
            self.tr("Leader (%1): %2").replace("%1", big_c()).replace("%2", info.leader_name)
        )
        self.leader_badge.set_level(info.leader_level)
        self.leader_badge.show()
        stats = self.tr("%1 members, %2 active (%3) · created %4").replace("%1", str(info.members))
        stats = stats.replace("%2", str(info.active_members)).replace("%3", f"{info.activity_rate:.0%}")
        stats = stats.replace("%4", info.created.isoformat())
        if info.platform:
            stats += " · " + info.platform
        self.stats_label.setText(stats)
        self.note_label.setText(info.note)
        self.note_label.setVisible(bool(info.note))
        self._update_buttons()

    def _former_toggled(self, checked: bool) -> None:
        self.member_table.setColumnHidden(MemberTableModel.LEFT, not checked)
        self.show_members()

    def _update_buttons(self) -> None:
        info = self.selected()
        manage = self.can_manage
        is_open = info is not None and not info.archived
        self.new_button.setEnabled(manage)
        self.edit_button.setEnabled(manage and info is not None)
        self.leader_button.setEnabled(manage and is_open)
        self.archive_button.setEnabled(manage and info is not None)
        self.archive_button.setText(
            self.tr("Unarchive") if info is not None and info.archived else self.tr("Archive…")
        )
        # Members join and leave at the counter: every staff member may record it.
        self.picker.setEnabled(is_open)
        self.add_button.setEnabled(is_open)
        member_rows = self.member_table.selectionModel().selectedRows()
        member = self.member_model.member(member_rows[0].row()) if member_rows else None
        self.remove_button.setEnabled(is_open and member is not None and member.left is None)
        if not manage:
            why = self.tr("Only an owner or a manager may change communities.")
            for button in (self.new_button, self.edit_button, self.leader_button, self.archive_button):
                button.setToolTip(why)

    # --- changes ---------------------------------------------------------------

    def _changed(self, community_id: int | None) -> None:
        """After a change made here: refresh that community, tell the other screens."""
        if community_id is not None:
            try:
                info = communities.get_community(community_id)
            except NotFound:
                info = None
            if info is not None:
                self.model.update_community(info)
        self._show_summary()
        self.select_community(community_id)
        self._own_change = True
        try:
            self.ctx.bus.communities_changed.emit()
            self.ctx.bus.customers_changed.emit()  # the leader's level may move
        finally:
            self._own_change = False

    def _open(self, dialog) -> QWidget:
        dialog.saved.connect(self._changed)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self._dialog = dialog
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
        try:
            if info.archived:
                community_changes.unarchive_community(info.id, actor=self.ctx.actor)
            else:
                if not confirm(
                    self,
                    self.tr("Archive community"),
                    self.tr(
                        "Archive %1? Its leader no longer counts as leading it, and it leaves the list "
                        "(tick “Include archived” to see it again)."
                    ).replace("%1", info.name),
                ):
                    return
                community_changes.archive_community(info.id, actor=self.ctx.actor)
        except ShopError as exc:
            show_error(self, exc)
            return
        self._changed(info.id)

    def _clear_member_error(self) -> None:
        self.member_error.clear()
        self.member_error.hide()

    def add_picked_member(self) -> None:
        info = self.selected()
        customer_id = self.picker.customer_id()
        self._clear_member_error()
        if info is None:
            return
        if customer_id is None:
            self.member_error.setText(self.tr("Pick a customer from the list first."))
            self.member_error.show()
            return
        try:
            community_changes.add_member(info.id, customer_id, actor=self.ctx.actor)
        except ShopError as exc:
            self.member_errors.show(exc)  # the picked customer stays in the field
            return
        self.picker.set_customer(None)
        self._changed(info.id)
        row = self.member_model.row_of(customer_id)
        if row >= 0:
            self.member_table.selectRow(row)
            self.member_table.scrollTo(self.member_model.index(row, 0))
        self.picker.setFocus()

    def selected_member(self):
        rows = self.member_table.selectionModel().selectedRows()
        return self.member_model.member(rows[0].row()) if rows else None

    def remove_selected_member(self) -> None:
        info = self.selected()
        member = self.selected_member()
        if info is None or member is None or member.left is not None:
            return
        if not confirm(
            self,
            self.tr("Remove member"),
            self.tr("Remove %1 from %2? The membership ends today; they stay a customer.")
            .replace("%1", member.name)
            .replace("%2", info.name),
        ):
            return
        try:
            community_changes.remove_member(info.id, member.customer_id, actor=self.ctx.actor)
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

    def _open_member_at(self, index: QModelIndex) -> None:
        customer_id = index.data(CUSTOMER_ID_ROLE)
        if customer_id is not None:
            self.ctx.bus.open_customer.emit(int(customer_id))

    # --- changes made elsewhere --------------------------------------------------

    def _changed_elsewhere(self) -> None:
        if self._own_change:
            return
        self.stale = True
        if self.isVisible():
            self._reload_timer.start()

    def _reload_if_visible(self) -> None:
        if self.isVisible() and self.stale and not self.loader.busy:
            self.reload()
