"""Who brought the customer (the chain up to the first) and whom they brought (the
fission tree, 裂变); the referrer can be set or cleared here."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QTreeView,
)

from crm.errors import ShopError
from crm.money import format_amount
from crm.services.common import may
from crm.services.customer_page import CustomerPage
from crm.services.referrals import Tree
from ui.models.customers_fission import CUSTOMER_ID_ROLE, FissionTreeModel
from ui.views.customer.parts import CustomerPart, section_title
from ui.widgets.confirm import confirm
from ui.widgets.customer_menu import CustomerMenu
from ui.widgets.customer_picker import CustomerPicker
from ui.widgets.empty_state import EmptyState
from ui.widgets.forms import FieldErrors
from ui.widgets.page_parts import fit_columns, push_button
from ui.words import customers_count


class ReferralsTab(CustomerPart):
    open_customer = Signal(int)

    def build(self) -> None:
        self.model = FissionTreeModel(self)
        layout = self.column
        chain_row = QHBoxLayout()
        chain_row.addWidget(section_title(self.tr("Referred by:")))
        self.chain_label = QLabel()
        self.chain_label.setObjectName("referral_chain")
        self.chain_label.setTextFormat(Qt.TextFormat.RichText)
        self.chain_label.setToolTip(self.tr("Click a name to open that customer"))
        self.chain_label.linkActivated.connect(lambda href: self.open_customer.emit(int(href)))
        chain_row.addWidget(self.chain_label, 1)
        layout.addLayout(chain_row)
        layout.addLayout(self._build_referrer_row())
        self.errors = FieldErrors()
        layout.addWidget(self.errors.label_for("referrer"))
        layout.addWidget(self.errors.general_label("referral_error"))
        layout.addSpacing(6)
        layout.addWidget(section_title(self.tr("Brought in (fission tree)")))
        self.tree_totals = QLabel()
        self.tree_totals.setObjectName("tree_totals")
        layout.addWidget(self.tree_totals)
        self.generations_label = QLabel()
        self.generations_label.setObjectName("tree_generations")
        self.generations_label.setStyleSheet("color: #616161;")
        self.generations_label.setWordWrap(True)
        layout.addWidget(self.generations_label)
        layout.addWidget(self._build_tree(), 1)

    def _build_referrer_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Change referrer:")))
        self.picker = CustomerPicker(self)
        self.picker.setObjectName("referrer_picker")
        row.addWidget(self.picker, 1)
        self.set_button = push_button(self.tr("Set referrer"), self.set_referrer, name="set_referrer_button")
        self.set_button.setEnabled(False)
        self.picker.picked.connect(lambda _: self.set_button.setEnabled(self._may_edit()))
        self.picker.cleared.connect(lambda: self.set_button.setEnabled(False))
        row.addWidget(self.set_button)
        self.clear_button = push_button(
            self.tr("Clear referrer"), self.clear_referrer, name="clear_referrer_button"
        )
        row.addWidget(self.clear_button)
        if not self._may_edit():
            for button in (self.set_button, self.clear_button):
                button.setToolTip(self.tr("Only a manager or the owner may do this."))
        return row

    def _build_tree(self) -> QTreeView:
        self.tree = tree = QTreeView()
        tree.setObjectName("fission_tree")
        tree.setModel(self.model)
        tree.setAlternatingRowColors(True)
        tree.setUniformRowHeights(True)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setToolTip(self.tr("Double-click or Enter opens that customer"))
        fit_columns(tree, stretch=FissionTreeModel.COL_NAME)
        tree.activated.connect(self._tree_activated)
        self.empty = EmptyState(tree, name="referrals_empty")
        self.menu = CustomerMenu(tree, self.ctx, open_customer=self.open_customer.emit)
        return tree

    def _may_edit(self) -> bool:
        # Changing who referred a customer is editing them.
        return may(self.ctx.actor, "edit customers")

    # --- showing ---------------------------------------------------------------------

    def show_page(self, page: CustomerPage) -> None:
        super().show_page(page)
        info = page.info
        if page.chain:
            links = [f'<a href="{p.id}">{html.escape(p.name)}</a>' for p in reversed(page.chain)]
            links.append(f"<b>{html.escape(info.name)}</b>")
            self.chain_label.setText(" → ".join(links))
        else:
            self.chain_label.setText(html.escape(self.tr("nobody (came by themselves)")))
        self.clear_button.setEnabled(self._may_edit() and info.referrer_id is not None)
        self.model.currency = page.currency
        self.empty.say(
            self.tr("Has not brought anyone in yet"),
            self.tr("When you add a customer they brought, set them as Referred by: their tree grows here."),
        )
        self.model.set_tree(page.tree)
        self.tree.expandToDepth(1)
        self._show_totals(page.tree, page.currency)

    def _show_totals(self, tree: Tree, currency: str) -> None:
        if not tree.size:
            self.tree_totals.setText("")  # the tree says so
            self.generations_label.setText("")
            return
        self.tree_totals.setText(
            self.tr("%1 in %2 · %3 converted · revenue %4")
            .replace("%1", customers_count(tree.size))
            .replace("%2", self.tr("%n generation(s)", "", tree.depth))
            .replace("%3", f"{tree.converted:,}")
            .replace("%4", format_amount(tree.revenue, currency))
        )
        self.generations_label.setText(
            "   ".join(
                self.tr("Generation %1: %2 (%3 converted)")
                .replace("%1", str(g.generation))
                .replace("%2", f"{g.members:,}")
                .replace("%3", f"{g.converted:,}")
                for g in tree.generations
            )
        )

    def reset(self) -> None:
        self.empty.say("")  # until the customer is read
        self.picker.set_customer(None)
        self.errors.clear()

    def _tree_activated(self, index: QModelIndex) -> None:
        customer_id = index.data(CUSTOMER_ID_ROLE)
        if customer_id is not None:
            self.open_customer.emit(int(customer_id))

    # --- changing the referrer --------------------------------------------------------

    def set_referrer(self) -> None:
        referrer = self.picker.customer_id()
        if self.info is None or referrer is None:
            return
        self.errors.clear()
        try:
            self.ctx.actions.set_referrer(self.info.id, referrer)
        except ShopError as exc:
            self.errors.show(exc)
            return
        self.picker.set_customer(None)
        self.set_button.setEnabled(False)
        self.messages.say(self.tr("Referrer saved."))

    def clear_referrer(self) -> None:
        info = self.info
        if info is None or info.referrer_id is None:
            return
        question = (
            self.tr("%1 was brought by %2. Remove that link?")
            .replace("%1", info.name)
            .replace("%2", info.referrer_name or "")
        )
        if not confirm(self, self.tr("Clear referrer"), question):
            return
        self.errors.clear()
        try:
            self.ctx.actions.set_referrer(info.id, None)
        except ShopError as exc:
            self.errors.show(exc)
            return
        self.messages.say(self.tr("Referrer cleared."))
