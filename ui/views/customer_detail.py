"""One customer: who they are, why they are at their level and what moves them up,
their timeline, who brought them and whom they brought (裂变), their
communities and follow-up tasks.

Shown inside the Customers page with a Back button. Every action calls a
service with the signed-in actor, shows a refused or invalid action as a
sentence next to where it happened, and tells the other screens through the bus.
"""

from __future__ import annotations

import html
from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from crm import clock
from crm.errors import LargePurchase, NotFound, ShopError
from crm.money import format_amount
from crm.services import communities, customer_level, customers, levels, referrals, settings, tasks, visits
from crm.services.common import may
from ui.context import AppContext
from ui.errors import error_text
from ui.models.customers_fission import CUSTOMER_ID_ROLE, FissionTreeModel
from ui.models.customers_timeline import CustomerTimelineModel
from ui.widgets.customer_picker import CustomerPicker
from ui.widgets.forms import FieldErrors, error_label, from_qdate, to_qdate
from ui.widgets.large_purchase import confirm_large_purchase
from ui.widgets.level_badge import LevelBadge
from ui.widgets.money_edit import MoneyEdit
from ui.words import (
    big_c,
    explanation_text,
    level_name,
    small_c,
    source_name,
    step_text,
    task_kind,
    task_status,
    visit_kind,
)

ERROR_STYLE = "color: #c62828;"
INFO_STYLE = "color: #1b5e20;"


def _section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; color: #424242;")
    return label


class CustomerDetailView(QWidget):
    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id: int | None = None
        self.info: customers.CustomerInfo | None = None
        self.history: list[int] = []  # customers opened before this one, for Back
        self.undo_entry: int | None = None
        self.pin_dialog = None
        self.profile_dialog = None
        self._quiet = False  # while telling the bus about our own change
        currency = settings.get("currency")
        self.currency = currency

        self._reload_timer = QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self.reload)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 10, 16, 8)
        outer.setSpacing(8)
        outer.addLayout(self._build_header())
        outer.addWidget(self._build_message_bar())
        outer.addWidget(self._build_level_box())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("customer_tabs")
        self.timeline_model = CustomerTimelineModel(self, currency)
        self.fission_model = FissionTreeModel(self, currency)
        self.tabs.addTab(self._build_timeline_tab(), self.tr("Timeline"))
        self.tabs.addTab(self._build_referrals_tab(), self.tr("Referrals"))
        self.tabs.addTab(self._build_communities_tab(), self.tr("Communities"))
        self.tabs.addTab(self._build_tasks_tab(), self.tr("Tasks"))
        outer.addWidget(self.tabs, 1)

        bus = ctx.bus
        bus.customer_changed.connect(self._maybe_reload)
        bus.visits_changed.connect(self._maybe_reload)
        bus.customers_changed.connect(self._schedule_reload)
        bus.tasks_changed.connect(self._schedule_reload)
        bus.communities_changed.connect(self._schedule_reload)

    # --- building ------------------------------------------------------------------

    def _build_header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        self.back_button = QPushButton(self.tr("← Back"))
        self.back_button.setObjectName("back_button")
        self.back_button.setToolTip(self.tr("Back (Esc or Alt+Left)"))
        self.back_button.clicked.connect(self.go_back)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.go_back)
        QShortcut(QKeySequence("Alt+Left"), self, self.go_back)
        row.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)

        who = QVBoxLayout()
        who.setSpacing(2)
        line = QHBoxLayout()
        line.setSpacing(10)
        self.name_label = QLabel()
        self.name_label.setObjectName("customer_name")
        self.name_label.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        line.addWidget(self.name_label)
        self.badge = LevelBadge()
        self.badge.setObjectName("customer_level")
        line.addWidget(self.badge)
        self.big_c_tag = QLabel(big_c())
        self.big_c_tag.setStyleSheet(
            "QLabel { background: #fff3e0; color: #c62828; border: 1px solid #ef9a9a;"
            " border-radius: 9px; padding: 1px 8px; font-weight: bold; }"
        )
        self.big_c_tag.hide()
        line.addWidget(self.big_c_tag)
        self.archived_tag = QLabel(self.tr("Archived"))
        self.archived_tag.setObjectName("archived_tag")
        self.archived_tag.setStyleSheet(
            "QLabel { background: #eeeeee; color: #616161; border-radius: 9px; padding: 1px 8px; }"
        )
        self.archived_tag.hide()
        line.addWidget(self.archived_tag)
        line.addStretch(1)
        who.addLayout(line)
        self.facts_label = QLabel()
        self.facts_label.setObjectName("customer_facts")
        self.facts_label.setStyleSheet("color: #616161;")
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        who.addWidget(self.facts_label)
        self.tags_label = QLabel()
        self.tags_label.setStyleSheet("color: #616161;")
        self.tags_label.setWordWrap(True)
        who.addWidget(self.tags_label)
        row.addLayout(who, 1)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.edit_button = QPushButton(self.tr("Edit profile"))
        self.edit_button.setToolTip(self.tr("Name, phone, birthday, tags, notes (Ctrl+E)"))
        self.edit_button.setShortcut(QKeySequence("Ctrl+E"))
        self.edit_button.clicked.connect(self.edit_profile)
        self.log_button = QPushButton(self.tr("Log visit"))
        self.log_button.setToolTip(self.tr("Record a purchase or visit for this customer (Ctrl+Shift+V)"))
        self.log_button.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.log_button.clicked.connect(self.start_log_visit)
        self.pin_button = QPushButton(self.tr("Pin level…"))
        self.pin_button.setObjectName("pin_button")
        self.pin_button.clicked.connect(self.pin_or_unpin)
        self.archive_button = QPushButton(self.tr("Archive"))
        self.archive_button.setObjectName("archive_button")
        self.archive_button.clicked.connect(self.archive_or_unarchive)
        for button in (self.edit_button, self.log_button, self.pin_button, self.archive_button):
            buttons.addWidget(button)
        buttons.addWidget(self._build_privacy_button())
        row.addLayout(buttons)
        row.setAlignment(buttons, Qt.AlignmentFlag.AlignTop)
        return row

    def _build_privacy_button(self) -> QToolButton:
        """More ▾: save everything about the customer, or erase them (managers and owners)."""
        more = QToolButton()
        more.setObjectName("privacy_button")
        more.setText(self.tr("More"))
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(more)
        self.save_data_action = menu.addAction(self.tr("Save this customer's data…"), self.save_customer_data)
        self.erase_action = menu.addAction(self.tr("Erase personal data…"), self.erase_customer)
        more.setMenu(menu)
        more.setVisible(may(self.ctx.actor, "customer data") or may(self.ctx.actor, "erase customers"))
        self.privacy_button = more
        self.save_data_action.setVisible(may(self.ctx.actor, "customer data"))
        self.erase_action.setVisible(may(self.ctx.actor, "erase customers"))
        return more

    def _build_message_bar(self) -> QFrame:
        self.message_bar = QFrame()
        self.message_bar.setObjectName("message_bar")
        self.message_bar.setStyleSheet("#message_bar { background: #f5f5f5; border-radius: 6px; }")
        bar = QHBoxLayout(self.message_bar)
        bar.setContentsMargins(10, 4, 6, 4)
        self.message_label = QLabel()
        self.message_label.setObjectName("message_label")
        self.message_label.setWordWrap(True)
        bar.addWidget(self.message_label, 1)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("undo_button")
        self.undo_button.setToolTip(self.tr("Put the deleted visit back (Ctrl+Z)"))
        self.undo_button.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_button.clicked.connect(self.undo_delete)
        self.undo_button.hide()
        bar.addWidget(self.undo_button)
        close = QPushButton("×")
        close.setFlat(True)
        close.setFixedWidth(24)
        close.setToolTip(self.tr("Hide this message"))
        close.clicked.connect(self.clear_message)
        bar.addWidget(close)
        self.message_bar.hide()
        return self.message_bar

    def _build_level_box(self) -> QFrame:
        box = QFrame()
        box.setObjectName("level_box")
        box.setStyleSheet(
            "#level_box { background: #fafafa; border: 1px solid #e0e0e0; border-radius: 6px; }"
        )
        layout = QVBoxLayout(box)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        self.explanation_label = QLabel()
        self.explanation_label.setObjectName("explanation")
        self.explanation_label.setWordWrap(True)
        self.explanation_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.explanation_label)
        self.steps_label = QLabel()
        self.steps_label.setObjectName("next_steps")
        self.steps_label.setWordWrap(True)
        self.steps_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.steps_label)
        return box

    def _build_timeline_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        self.visit_errors = FieldErrors()
        log = QHBoxLayout()
        log.addWidget(QLabel(self.tr("Log:")))
        self.visit_kind_combo = QComboBox()
        self.visit_kind_combo.setObjectName("visit_kind")
        for kind in visits.KINDS:
            self.visit_kind_combo.addItem(visit_kind(kind), kind)
        log.addWidget(self.visit_kind_combo)
        self.visit_amount = MoneyEdit(self.currency)
        self.visit_amount.setObjectName("visit_amount")
        self.visit_amount.setMaximumWidth(120)
        self.visit_amount.returnPressed.connect(self.log_visit)
        log.addWidget(self.visit_amount)
        self.visit_note = QLineEdit()
        self.visit_note.setObjectName("visit_note")
        self.visit_note.setPlaceholderText(self.tr("Note (optional)"))
        self.visit_note.returnPressed.connect(self.log_visit)
        log.addWidget(self.visit_note, 1)
        self.visit_log_button = QPushButton(self.tr("Log"))
        self.visit_log_button.setObjectName("visit_log_button")
        self.visit_log_button.setToolTip(self.tr("Save the visit (Enter)"))
        self.visit_log_button.clicked.connect(self.log_visit)
        log.addWidget(self.visit_log_button)
        log.addSpacing(16)
        self.delete_visit_button = QPushButton(self.tr("Delete visit…"))
        self.delete_visit_button.setObjectName("delete_visit_button")
        self.delete_visit_button.setToolTip(self.tr("Delete the selected visit, with a reason (Delete)"))
        self.delete_visit_button.setEnabled(False)
        self.delete_visit_button.clicked.connect(self.delete_selected_visit)
        log.addWidget(self.delete_visit_button)
        layout.addLayout(log)
        errors = QHBoxLayout()
        for field in ("kind", "amount", "at", "quantity", "customer", "staff"):
            errors.addWidget(self.visit_errors.label_for(field))
        self.visit_errors.general_label("visit_error")
        errors.addWidget(self.visit_errors.general)
        layout.addLayout(errors)

        self.timeline = QTableView()
        self.timeline.setObjectName("timeline")
        self.timeline.setModel(self.timeline_model)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setWordWrap(False)
        self.timeline.verticalHeader().hide()
        self.timeline.verticalHeader().setDefaultSectionSize(26)
        header = self.timeline.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(CustomerTimelineModel.COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        self.timeline.setColumnWidth(CustomerTimelineModel.COL_WHEN, 140)
        self.timeline.setColumnWidth(CustomerTimelineModel.COL_WHAT, 220)
        self.timeline.setColumnWidth(CustomerTimelineModel.COL_AMOUNT, 110)
        self.timeline.setColumnWidth(CustomerTimelineModel.COL_WHO, 100)
        self.timeline.selectionModel().currentRowChanged.connect(self._timeline_row_changed)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.timeline,
            self.delete_selected_visit,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        layout.addWidget(self.timeline, 1)
        return page

    def _build_referrals_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        chain_row = QHBoxLayout()
        chain_row.addWidget(_section_title(self.tr("Referred by:")))
        self.chain_label = QLabel()
        self.chain_label.setObjectName("referral_chain")
        self.chain_label.setTextFormat(Qt.TextFormat.RichText)
        self.chain_label.setToolTip(self.tr("Click a name to open that customer"))
        self.chain_label.linkActivated.connect(lambda href: self.show_customer(int(href)))
        chain_row.addWidget(self.chain_label, 1)
        layout.addLayout(chain_row)

        set_row = QHBoxLayout()
        set_row.addWidget(QLabel(self.tr("Change referrer:")))
        self.referrer_picker = CustomerPicker(self)
        self.referrer_picker.setObjectName("referrer_picker")
        set_row.addWidget(self.referrer_picker, 1)
        self.set_referrer_button = QPushButton(self.tr("Set referrer"))
        self.set_referrer_button.setObjectName("set_referrer_button")
        self.set_referrer_button.setEnabled(False)
        self.set_referrer_button.clicked.connect(self.set_referrer)
        self.referrer_picker.picked.connect(lambda _: self.set_referrer_button.setEnabled(True))
        self.referrer_picker.cleared.connect(lambda: self.set_referrer_button.setEnabled(False))
        set_row.addWidget(self.set_referrer_button)
        self.clear_referrer_button = QPushButton(self.tr("Clear referrer"))
        self.clear_referrer_button.setObjectName("clear_referrer_button")
        self.clear_referrer_button.clicked.connect(self.clear_referrer)
        set_row.addWidget(self.clear_referrer_button)
        layout.addLayout(set_row)
        self.referral_errors = FieldErrors()
        layout.addWidget(self.referral_errors.label_for("referrer"))
        self.referral_errors.general_label("referral_error")
        layout.addWidget(self.referral_errors.general)

        layout.addSpacing(6)
        layout.addWidget(_section_title(self.tr("Brought in (fission tree)")))
        self.tree_totals = QLabel()
        self.tree_totals.setObjectName("tree_totals")
        layout.addWidget(self.tree_totals)
        self.generations_label = QLabel()
        self.generations_label.setObjectName("tree_generations")
        self.generations_label.setStyleSheet("color: #616161;")
        self.generations_label.setWordWrap(True)
        layout.addWidget(self.generations_label)
        self.tree = QTreeView()
        self.tree.setObjectName("fission_tree")
        self.tree.setModel(self.fission_model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setToolTip(self.tr("Double-click or Enter opens that customer"))
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(FissionTreeModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(FissionTreeModel.COL_CODE, 110)
        self.tree.setColumnWidth(FissionTreeModel.COL_GENERATION, 90)
        self.tree.setColumnWidth(FissionTreeModel.COL_CONVERTED, 90)
        self.tree.setColumnWidth(FissionTreeModel.COL_REVENUE, 120)
        self.tree.activated.connect(self._tree_activated)
        layout.addWidget(self.tree, 1)
        return page

    def _build_communities_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        row = QHBoxLayout()
        self.big_c_status = QLabel()
        self.big_c_status.setObjectName("big_c_status")
        row.addWidget(self.big_c_status, 1)
        self.big_c_flag = QCheckBox(self.tr("Flag as %1 by hand").replace("%1", big_c()))
        self.big_c_flag.setObjectName("big_c_flag")
        self.big_c_flag.setToolTip(
            self.tr("A customer is %1 when they lead a community with members, or when flagged here").replace(
                "%1", big_c()
            )
        )
        self.big_c_flag.clicked.connect(self.set_big_c_flag)
        row.addWidget(self.big_c_flag)
        layout.addLayout(row)
        self.community_error = error_label("community_error")
        layout.addWidget(self.community_error)
        self.communities_table = QTableWidget(0, 5)
        self.communities_table.setObjectName("communities_table")
        self.communities_table.setHorizontalHeaderLabels(
            [self.tr("Community"), self.tr("Platform"), self.tr("Role"), self.tr("Leader"), self.tr("Since")]
        )
        self._plain_table(self.communities_table, stretch=0)
        self.communities_table.setToolTip(self.tr("Double-click a row to open its leader"))
        self.communities_table.itemActivated.connect(self._community_activated)
        layout.addWidget(self.communities_table, 1)
        return page

    def _build_tasks_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("New task:")))
        self.task_kind_combo = QComboBox()
        self.task_kind_combo.setObjectName("task_kind")
        for kind in tasks.KINDS:
            self.task_kind_combo.addItem(task_kind(kind), kind)
        row.addWidget(self.task_kind_combo)
        self.task_due = QDateEdit()
        self.task_due.setObjectName("task_due")
        self.task_due.setCalendarPopup(True)
        self.task_due.setDisplayFormat("yyyy-MM-dd")
        self.task_due.setToolTip(self.tr("Due date"))
        row.addWidget(self.task_due)
        self.task_title = QLineEdit()
        self.task_title.setObjectName("task_title")
        self.task_title.setPlaceholderText(self.tr("What to do (optional)"))
        self.task_title.returnPressed.connect(self.add_task)
        row.addWidget(self.task_title, 1)
        self.add_task_button = QPushButton(self.tr("Add task"))
        self.add_task_button.setObjectName("add_task_button")
        self.add_task_button.clicked.connect(self.add_task)
        row.addWidget(self.add_task_button)
        layout.addLayout(row)
        self.task_error = error_label("task_error")
        layout.addWidget(self.task_error)
        self.tasks_table = QTableWidget(0, 6)
        self.tasks_table.setObjectName("tasks_table")
        self.tasks_table.setHorizontalHeaderLabels(
            [
                self.tr("Due"),
                self.tr("Kind"),
                self.tr("Status"),
                self.tr("What"),
                self.tr("Via"),
                self.tr("Assigned to"),
            ]
        )
        self._plain_table(self.tasks_table, stretch=3)
        layout.addWidget(self.tasks_table, 1)
        return page

    @staticmethod
    def _plain_table(table: QTableWidget, stretch: int) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setDefaultSectionSize(130)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    # --- navigation ------------------------------------------------------------------

    def show_customer(self, customer_id: int) -> None:
        """Open this customer; Back returns to the one shown before."""
        customer_id = int(customer_id)
        if self.customer_id is not None and self.customer_id != customer_id and self.isVisible():
            self.history.append(self.customer_id)
        elif not self.isVisible():
            self.history.clear()
        if customer_id != self.customer_id:
            self.clear_message()
            self.referrer_picker.set_customer(None)
            self.referral_errors.clear()
            self.visit_errors.clear()
            self.task_error.hide()
            self.community_error.hide()
            self.visit_amount.clear()
            self.visit_note.clear()
            self.task_title.clear()
            self.task_due.setDate(to_qdate(clock.today() + timedelta(days=1)))
        self.customer_id = customer_id
        self.reload()

    def go_back(self) -> None:
        if self.history:
            previous = self.history.pop()
            self.customer_id = None
            self.show_customer(previous)
            return
        self.back_requested.emit()

    def _tree_activated(self, index: QModelIndex) -> None:
        cid = index.data(CUSTOMER_ID_ROLE)
        if cid is not None:
            self.show_customer(int(cid))

    def _community_activated(self, item: QTableWidgetItem) -> None:
        leader = self.communities_table.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)
        if leader is not None and leader != self.customer_id:
            self.show_customer(int(leader))

    # --- loading -----------------------------------------------------------------------

    def _maybe_reload(self, customer_id: int) -> None:
        # Another customer's change can still show here (a referral's purchase, a leader's edit).
        self._schedule_reload()

    def _schedule_reload(self) -> None:
        if self.customer_id is not None and self.isVisible() and not self._quiet:
            self._reload_timer.start()

    def reload(self) -> None:
        """Read everything about the current customer again."""
        self._reload_timer.stop()
        cid = self.customer_id
        if cid is None:
            return
        try:
            info = customers.get_customer(cid)
        except NotFound as exc:
            self.show_message(error_text(exc), error=True)
            return
        self.info = info
        self._show_header(info)
        self._show_level(cid)
        self._show_timeline(cid)
        self._show_referrals(info)
        self._show_communities(info)
        self._show_tasks(cid)

    def _show_header(self, info: customers.CustomerInfo) -> None:
        self.name_label.setText(info.name)
        self.badge.set_level(info.level)
        self.archived_tag.setVisible(info.archived)
        parts = [info.code]
        if info.phone_display:
            parts.append(info.phone_display)
        if info.wechat:
            parts.append(self.tr("WeChat %1").replace("%1", info.wechat))
        parts.append(self.tr("joined %1").replace("%1", info.joined.isoformat()))
        parts.append(source_name(info.source))
        if info.birthday:
            parts.append(self.tr("birthday %1").replace("%1", info.birthday.strftime("%m-%d")))
        self.facts_label.setText("  ·  ".join(parts))
        lines = []
        if info.tags:
            lines.append(self.tr("Tags: %1").replace("%1", ", ".join(info.tags)))
        if info.notes:
            lines.append(self.tr("Notes: %1").replace("%1", info.notes))
        self.tags_label.setText("\n".join(lines))
        self.tags_label.setVisible(bool(lines))
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
        actor = self.ctx.actor
        for button, action in (
            (self.edit_button, "edit customers"),
            (self.pin_button, "pin levels"),
            (self.archive_button, "archive customers"),
        ):
            allowed = may(actor, action)
            button.setEnabled(allowed and not info.erased)
            if not allowed:
                button.setToolTip(self.tr("Only a manager or the owner may do this."))
        self.erase_action.setEnabled(not info.erased)
        for button in (self.set_referrer_button, self.clear_referrer_button):
            if not may(actor, "edit customers"):
                button.setEnabled(False)
                button.setToolTip(self.tr("Only a manager or the owner may do this."))
        live = not info.archived and not info.erased
        self.log_button.setEnabled(live)
        self.visit_log_button.setEnabled(live)
        self.add_task_button.setEnabled(live)

    def _show_level(self, cid: int) -> None:
        explanation = customer_level.explain_customer(cid)
        self.explanation_label.setText(explanation_text(explanation))
        self.explanation_label.setStyleSheet("font-weight: bold;")
        steps = [step_text(step) for step in explanation.next_steps]
        if steps:
            items = "".join(f"<li>{html.escape(s)}</li>" for s in steps)
            self.steps_label.setText(
                "<b>"
                + html.escape(self.tr("What moves them up:"))
                + "</b><ul style='margin: 0 0 0 -20px;'>"
                + items
                + "</ul>"
            )
        else:
            self.steps_label.setText(html.escape(self.tr("Already at the highest level.")))

    def _show_timeline(self, cid: int) -> None:
        self.timeline_model.build(visits.list_visits(cid), levels.history(cid), tasks.tasks_for(cid))
        self.delete_visit_button.setEnabled(False)

    def _show_referrals(self, info: customers.CustomerInfo) -> None:
        chain = referrals.upstream_chain(info.id)
        if chain:
            links = [f'<a href="{p.id}">{html.escape(p.name)}</a>' for p in reversed(chain)]
            links.append(f"<b>{html.escape(info.name)}</b>")
            self.chain_label.setText(" → ".join(links))
        else:
            self.chain_label.setText(html.escape(self.tr("nobody (came by themselves)")))
        self.clear_referrer_button.setEnabled(info.referrer_id is not None)
        tree = referrals.downstream_tree(info.id)
        self.fission_model.set_tree(tree)
        self.tree.expandToDepth(1)
        if tree.size:
            self.tree_totals.setText(
                self.tr("%1 people in %2 generations · %3 converted · revenue %4")
                .replace("%1", str(tree.size))
                .replace("%2", str(tree.depth))
                .replace("%3", str(tree.converted))
                .replace("%4", format_amount(tree.revenue, self.currency))
            )
            self.generations_label.setText(
                "   ".join(
                    self.tr("Generation %1: %2 (%3 converted)")
                    .replace("%1", str(g.generation))
                    .replace("%2", str(g.members))
                    .replace("%3", str(g.converted))
                    for g in tree.generations
                )
            )
        else:
            self.tree_totals.setText(self.tr("Has not brought anyone in yet."))
            self.generations_label.setText("")
        self.tree.setVisible(bool(tree.size))

    def _show_communities(self, info: customers.CustomerInfo) -> None:
        links = communities.communities_of(info.id)
        is_big = communities.is_big_c(info.id)
        serving = communities.serving_big_c(info.id)
        parts = []
        if is_big:
            parts.append(self.tr("%1: yes").replace("%1", big_c()))
        if serving is not None:
            parts.append(self.tr("%1 served by %2").replace("%1", small_c()).replace("%2", serving.name))
        if not parts:
            parts.append(self.tr("Not in any community."))
        self.big_c_status.setText(" · ".join(parts))
        self.big_c_tag.setVisible(is_big)
        self.big_c_flag.setChecked(info.big_c_flag)
        table = self.communities_table
        table.setRowCount(len(links))
        for row, link in enumerate(links):
            role = self.tr("Leader") if link.role == "leader" else self.tr("Member")
            name = link.name + (self.tr(" (archived)") if link.archived else "")
            values = [name, link.platform, role, link.leader_name, link.joined.isoformat()]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, link.leader_id)
                table.setItem(row, col, item)

    def _show_tasks(self, cid: int) -> None:
        rows = tasks.tasks_for(cid)
        table = self.tasks_table
        table.setRowCount(len(rows))
        today = clock.today()
        for row, t in enumerate(rows):
            values = [
                t.due.isoformat(),
                task_kind(t.kind),
                task_status(t.status),
                t.title or t.outcome,
                t.via_name or "",
                t.assignee_name or "",
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 0 and t.overdue(today):
                    item.setForeground(Qt.GlobalColor.red)
                    item.setToolTip(self.tr("Overdue"))
                table.setItem(row, col, item)

    # --- messages ----------------------------------------------------------------------

    def show_message(self, text: str, error: bool = False, undo: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.undo_button.setVisible(undo)
        self.message_bar.show()

    def clear_message(self) -> None:
        self.message_bar.hide()
        self.undo_button.hide()
        self.undo_entry = None

    def _tell(
        self,
        customer: bool = True,
        everyone: bool = True,
        visits_of: int | None = None,
        tasks_too: bool = False,
    ) -> None:
        """Tell the other screens what changed; this view has already reloaded."""
        if self.customer_id is None:
            return
        bus = self.ctx.bus
        self._quiet = True
        try:
            if visits_of is not None:
                bus.visits_changed.emit(visits_of)
            if customer:
                bus.customer_changed.emit(self.customer_id)
            if everyone:
                bus.customers_changed.emit()
            if tasks_too:
                bus.tasks_changed.emit()
        finally:
            self._quiet = False

    # --- header actions -------------------------------------------------------------------

    def edit_profile(self) -> None:
        if self.customer_id is None:
            return
        try:
            from ui.dialogs.customer_dialog import CustomerDialog
        except ImportError:
            self.show_message(self.tr("The customer form is not available in this version."), error=True)
            return
        dialog = CustomerDialog(self.ctx, customer_id=self.customer_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # The dialog tells the bus itself; here we only show the saved profile.
        dialog.accepted.connect(self._profile_saved)
        if hasattr(dialog, "existing_requested"):
            dialog.existing_requested.connect(self.show_customer)
        self.profile_dialog = dialog
        dialog.open()

    def _profile_saved(self) -> None:
        self.profile_dialog = None
        self.reload()
        self.show_message(self.tr("Profile saved."))

    def start_log_visit(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.visit_amount.setFocus()

    def pin_or_unpin(self) -> None:
        if self.info is None:
            return
        if self.info.pin_level is not None:
            answer = QMessageBox.question(
                self,
                self.tr("Unpin level"),
                self.tr("Remove the pinned level of %1? The rules will decide the level again.").replace(
                    "%1", self.info.name
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            try:
                customer_level.unpin_level(self.info.id, actor=self.ctx.actor)
            except ShopError as exc:
                self.show_message(error_text(exc), error=True)
                return
            self.reload()
            self.show_message(self.tr("The pin is removed."))
            self._tell()
            return
        from ui.dialogs.pin_level_dialog import PinLevelDialog

        dialog = PinLevelDialog(self.ctx, self.info.id, self.info.name, self.info.level, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._pinned)
        self.pin_dialog = dialog
        dialog.open()

    def _pinned(self) -> None:
        self.pin_dialog = None
        self.reload()
        self.show_message(self.tr("Level pinned."))
        self._tell()

    def archive_or_unarchive(self) -> None:
        if self.info is None:
            return
        archived = self.info.archived
        if archived:
            question = self.tr("Bring %1 back to the lists and search?")
        else:
            question = self.tr(
                "Archive %1? They disappear from lists and search; their history stays in the reports."
            )
        answer = QMessageBox.question(
            self,
            self.tr("Unarchive") if archived else self.tr("Archive"),
            question.replace("%1", self.info.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            if archived:
                customers.unarchive_customer(self.info.id, actor=self.ctx.actor)
            else:
                customers.archive_customer(self.info.id, actor=self.ctx.actor)
        except ShopError as exc:
            self.show_message(error_text(exc), error=True)
            return
        self.reload()
        self.show_message(self.tr("Unarchived.") if archived else self.tr("Archived."))
        self._tell()

    def save_customer_data(self) -> None:
        from ui.dialogs.customer_privacy import choose_data_file

        if self.info is None:
            return
        path = choose_data_file(self, self.info)
        if path:
            self.write_customer_data(path)

    def write_customer_data(self, path: str) -> None:
        from ui.dialogs.customer_privacy import save_customer_data

        try:
            written = save_customer_data(self.ctx, self.info, path)
        except ShopError as exc:
            self.show_message(error_text(exc), error=True)
            return
        self.show_message(
            self.tr("Saved %1's data to %2").replace("%1", self.info.name).replace("%2", str(written))
        )

    def erase_customer(self) -> None:
        from ui.dialogs.customer_privacy import EraseDialog

        if self.info is None or self.info.erased:
            return
        dialog = EraseDialog(self.info, self)
        self.erase_dialog = dialog
        dialog.accepted.connect(self.erase_confirmed)
        dialog.open()

    def erase_confirmed(self):
        """Erase off the GUI thread: on a big shop it searches every note (a second or two)."""
        from crm.services.privacy import erase_customer
        from ui.jobs import Job, start

        self.erase_dialog = None
        customer_id, actor = self.info.id, self.ctx.actor
        self.show_message(self.tr("Erasing…"))
        self.privacy_button.setEnabled(False)

        def erase(report) -> bool:
            from crm.services.privacy import old_pages_left

            erase_customer(customer_id, actor=actor)
            return old_pages_left(wait=0)

        job = Job(erase)
        job.signals.done.connect(self._erased)
        job.signals.failed.connect(self._erase_failed)
        self.erase_job = start(job)
        return job

    def _erased(self, left: bool) -> None:
        self.privacy_button.setEnabled(True)
        self.reload()
        text = self.tr("Erased. Their visits stay, anonymous.")
        if left:
            text += " " + self.tr(
                "Another window has the shop open: the old text leaves the file when it closes."
            )
        self.show_message(text)
        self._tell()

    def _erase_failed(self, exc) -> None:
        self.privacy_button.setEnabled(True)
        self.show_message(error_text(exc), error=True)

    # --- visits ------------------------------------------------------------------------------

    def log_visit(self) -> None:
        if self.customer_id is None:
            return
        self.visit_errors.clear()
        kind = self.visit_kind_combo.currentData()
        customer_id = self.customer_id
        try:
            amount = self.visit_amount.value()
            values = dict(amount=amount, kind=kind, note=self.visit_note.text(), actor=self.ctx.actor)
            try:
                result = visits.log_visit(customer_id, **values)
            except LargePurchase as exc:
                name = self.info.name if self.info is not None else ""
                if not confirm_large_purchase(self, exc, name) or self.customer_id != customer_id:
                    self.visit_amount.setFocus()
                    self.visit_amount.selectAll()
                    return
                result = visits.log_visit(customer_id, confirm_large=True, **values)
        except ShopError as exc:
            self.visit_errors.show(exc)
            return
        self.visit_amount.clear()
        self.visit_note.clear()
        self.reload()
        text = self.tr("%1 logged.").replace("%1", visit_kind(kind))
        if result.level_moved:
            text += " " + self.tr("Level now %1.").replace("%1", level_name(result.level_after))
        self.show_message(text)
        self._tell(customer=False, everyone=bool(result.changed), visits_of=self.customer_id)

    def _timeline_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        ok = current.isValid() and self.timeline_model.item(current.row()).visit_id is not None
        self.delete_visit_button.setEnabled(ok)

    def ask_reason(self) -> tuple[str, bool]:
        """The reason for deleting a visit (its own method so tests can answer it)."""
        return QInputDialog.getText(
            self,
            self.tr("Delete visit"),
            self.tr("Why is this visit deleted? (kept in the audit trail)"),
        )

    def delete_selected_visit(self) -> None:
        index = self.timeline.currentIndex()
        if not index.isValid():
            return
        item = self.timeline_model.item(index.row())
        if item.visit_id is None:
            return
        reason, ok = self.ask_reason()
        if not ok:
            return
        try:
            entry = visits.delete_visit(item.visit_id, reason, actor=self.ctx.actor).audit_entry
        except ShopError as exc:
            self.show_message(error_text(exc), error=True)
            return
        self.reload()
        self.undo_entry = entry
        amount = "" if item.amount is None else " " + format_amount(item.amount, self.currency)
        self.show_message(
            self.tr("Visit deleted: %1 on %2.")
            .replace("%1", item.title + amount)
            .replace("%2", item.at.strftime("%Y-%m-%d")),
            undo=True,
        )
        self._tell(customer=False, visits_of=self.customer_id)

    def undo_delete(self) -> None:
        if self.undo_entry is None:
            return
        entry, self.undo_entry = self.undo_entry, None
        try:
            restored = visits.restore_visit(entry, actor=self.ctx.actor).visit
        except ShopError as exc:
            self.show_message(error_text(exc), error=True)
            return
        self.reload()
        self.show_message(self.tr("The visit is back."))
        self._tell(customer=False, visits_of=restored.customer_id)

    # --- referrals ------------------------------------------------------------------------

    def set_referrer(self) -> None:
        referrer = self.referrer_picker.customer_id()
        if self.customer_id is None or referrer is None:
            return
        self.referral_errors.clear()
        try:
            referrals.set_referrer(self.customer_id, referrer, actor=self.ctx.actor)
        except ShopError as exc:
            self.referral_errors.show(exc)
            return
        self.referrer_picker.set_customer(None)
        self.set_referrer_button.setEnabled(False)
        self.reload()
        self.show_message(self.tr("Referrer saved."))
        self._tell()

    def clear_referrer(self) -> None:
        if self.info is None or self.info.referrer_id is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Clear referrer"),
            self.tr("%1 was brought by %2. Remove that link?")
            .replace("%1", self.info.name)
            .replace("%2", self.info.referrer_name or ""),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.referral_errors.clear()
        try:
            referrals.set_referrer(self.info.id, None, actor=self.ctx.actor)
        except ShopError as exc:
            self.referral_errors.show(exc)
            return
        self.reload()
        self.show_message(self.tr("Referrer cleared."))
        self._tell()

    # --- communities and tasks ---------------------------------------------------------------

    def set_big_c_flag(self, checked: bool) -> None:
        if self.customer_id is None:
            return
        self.community_error.hide()
        try:
            customers.set_big_c_flag(self.customer_id, checked, actor=self.ctx.actor)
        except ShopError as exc:
            self.big_c_flag.setChecked(not checked)
            self.community_error.setText(error_text(exc))
            self.community_error.show()
            return
        self.reload()
        self._tell()

    def add_task(self) -> None:
        if self.customer_id is None:
            return
        self.task_error.hide()
        try:
            tasks.create_task(
                self.customer_id,
                self.task_kind_combo.currentData(),
                due=from_qdate(self.task_due.date()),
                title=self.task_title.text(),
                actor=self.ctx.actor,
            )
        except ShopError as exc:
            self.task_error.setText(error_text(exc))
            self.task_error.show()
            return
        self.task_title.clear()
        self.reload()
        self._tell(customer=False, everyone=False, tasks_too=True)
