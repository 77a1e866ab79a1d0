"""Fission (裂变, SPEC 2.3): who brought whom.

Left, the referral forest, biggest trees first by size or by revenue; a row
expands into the customers that person brought in, one generation at a time.
Right, the super-user leaderboard: who converts the most referrals. Both are
read off the GUI thread; double-click (or Enter) opens the customer.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
)

from crm.services.changes import Changes
from crm.services.fission_page import FOREST_LIMIT, Forest, LeaderRow, load_forest, load_leaderboard
from ui.models.fission_model import CUSTOMER_ID_ROLE, FissionModel, LeaderboardModel
from ui.views.page import Page
from ui.widgets.customer_menu import CustomerMenu
from ui.widgets.dashboard_cards import DashboardCard
from ui.widgets.empty_state import EmptyState
from ui.widgets.level_badge import LevelDelegate
from ui.widgets.page_parts import fit_columns, header_row, muted_label, refresh_button


class FissionView(Page):
    def build(self) -> None:
        self.model = FissionModel(self)
        self.leaders = LeaderboardModel(self)
        self._build()
        self.refresh()

    def cares(self, changes: Changes) -> bool:
        return changes.any_customer or changes.visits or changes.settings

    # --- layout ------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(10)

        self.sort = QComboBox()
        self.sort.addItem(self.tr("Biggest trees"), "size")
        self.sort.addItem(self.tr("Highest revenue"), "revenue")
        self.sort.setToolTip(self.tr("Order the trees by their size or by their revenue"))
        self.sort.currentIndexChanged.connect(self._sort_changed)
        sort_label = QLabel(self.tr("Sort by"))
        sort_label.setBuddy(self.sort)
        self.make_refresh_widgets()
        self.refresh_button = refresh_button(self, self.tr("Refresh"), self.tr("Read the trees again (F5)"))
        subtitle = muted_label(
            self.tr("Who brought whom: referral trees and the customers who bring the most")
        )
        root.addLayout(
            header_row(
                self.tr("Fission"),
                subtitle,
                self.status,
                self.busy,
                sort_label,
                self.sort,
                self.refresh_button,
            )
        )

        forest_card = DashboardCard(self.tr("Referral trees"))
        self.forest_note = QLabel()
        self.forest_note.setStyleSheet("color: #757575;")
        forest_card.body.addWidget(self.forest_note)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 0px; }")
        self.tree.setAlternatingRowColors(True)
        self.tree.setExpandsOnDoubleClick(False)  # double-click opens the customer
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setToolTip(
            self.tr("Expand a row (→ or click the arrow) to see who they brought in; double-click to open")
        )
        self.tree.activated.connect(self._open)
        self.tree_menu = CustomerMenu(self.tree, self.ctx)
        self.tree_empty = EmptyState(self.tree, lambda: self.jobs.busy("forest"), self, "fission_empty")
        fit_columns(self.tree, stretch=FissionModel.NAME)
        forest_card.body.addWidget(self.tree, 1)

        leader_card = DashboardCard(self.tr("Super-user leaderboard"))
        note = QLabel(self.tr("Customers whose referrals bought, most first"))
        note.setStyleSheet("color: #757575;")
        leader_card.body.addWidget(note)
        self.board = QTableView()
        self.board.setModel(self.leaders)
        self.board.setItemDelegateForColumn(LeaderboardModel.LEVEL, LevelDelegate(self.board))
        self.board.verticalHeader().hide()
        self.board.setShowGrid(False)
        self.board.setAlternatingRowColors(True)
        self.board.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.board.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.board.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.board.setToolTip(self.tr("Double-click to open the customer"))
        self.board.activated.connect(self._open)
        self.board_menu = CustomerMenu(self.board, self.ctx)
        self.board_empty = EmptyState(self.board, lambda: self.jobs.busy("leaders"), self, "leaders_empty")
        fit_columns(self.board, stretch=LeaderboardModel.NAME)
        self.board.verticalHeader().setDefaultSectionSize(28)
        leader_card.body.addWidget(self.board, 1)

        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(forest_card)
        split.addWidget(leader_card)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([700, 460])
        root.addWidget(split, 1)
        self.setTabOrder(self.sort, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.tree)
        self.setTabOrder(self.tree, self.board)

    # Narrower than this, the trees and the leaderboard stand one above the other, each the
    # page's whole width: side by side on a 1024-pixel screen the names were cut to "…".
    SIDE_BY_SIDE = 1150

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        wanted = (
            Qt.Orientation.Horizontal
            if event.size().width() >= self.SIDE_BY_SIDE
            else Qt.Orientation.Vertical
        )
        if self.split.orientation() != wanted:
            self.split.setOrientation(wanted)
            whole = self.split.width() if wanted == Qt.Orientation.Horizontal else self.split.height()
            self.split.setSizes([whole * 3 // 5, whole * 2 // 5])

    # --- loading -------------------------------------------------------------------

    def sort_by(self) -> str:
        return self.sort.currentData() or "size"

    def refresh(self) -> None:
        self.refresh_started()
        self._load_forest()
        self.read("leaders", load_leaderboard, self._show_leaders)

    def _load_forest(self) -> None:
        self.read("forest", load_forest, self._show_forest, self.sort_by())

    def _sort_changed(self, _index: int) -> None:
        self._load_forest()

    def update_busy(self) -> None:
        busy = self.jobs.busy()
        self.busy.setVisible(busy)
        if busy:
            self.status.setProperty("error", False)
            self.status.setStyleSheet("color: #757575;")
            self.status.setText(self.tr("Loading…"))
        elif not self.status.property("error"):
            self.status.setText("")

    # --- showing -------------------------------------------------------------------

    def _show_forest(self, data: Forest) -> None:
        if data.sort_by != self.sort_by():
            return  # the sort changed while it was read; the newer read follows
        if not data.trees:
            self.tree_empty.say(
                self.tr("No referrals yet"),
                self.tr(
                    "Set who referred a customer on their page (Edit profile, Referred by) "
                    "or when adding them: their referral trees grow here."
                ),
            )
        self.model.set_forest(data.trees, data.currency)
        if not data.trees:
            self.forest_note.setText("")
        elif len(data.trees) >= FOREST_LIMIT:
            text = (
                self.tr("The %Ln biggest tree(s) by size", "", len(data.trees))
                if data.sort_by == "size"
                else self.tr("The %Ln tree(s) with the highest revenue", "", len(data.trees))
            )
            self.forest_note.setText(text)
        else:
            self.forest_note.setText(self.tr("%Ln referral tree(s)", "", len(data.trees)))

    def _show_leaders(self, rows: list[LeaderRow]) -> None:
        if not rows:
            self.board_empty.say(
                self.tr("Nobody on the board yet"),
                self.tr("A customer comes here once someone they referred has bought."),
            )
        self.leaders.set_rows(rows)

    def _open(self, index: QModelIndex) -> None:
        customer_id = index.data(CUSTOMER_ID_ROLE)
        if customer_id is not None:
            self.ctx.bus.open_customer.emit(int(customer_id))
