"""The communities (社群) column of the customer form: tick the ones the customer
joins, untick the ones they leave.

The list and the next customer code are read off the GUI thread (a big shop has
thousands of communities); saving joins and leaves through ``ctx.actions`` and
says which community refused and why, without losing the other ticks.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from crm.errors import ShopError
from crm.services import communities, customers
from ui.context import AppContext
from ui.errors import error_text
from ui.models.community_choice import CommunityChoice, CommunityChoiceModel

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


class CommunityColumn(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data: FormData | None = None
        self.filter = QLineEdit()
        self.filter.setObjectName("community_filter")
        self.filter.setPlaceholderText(self.tr("Filter communities"))
        self.filter.setClearButtonEnabled(True)
        self.filter.hide()
        self.model = CommunityChoiceModel(self)
        self.filter.textChanged.connect(self.model.set_filter)
        self.list = QListView()
        self.list.setObjectName("communities")
        self.list.setModel(self.model)
        self.list.setMinimumHeight(170)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(True)
        self.list.setToolTip(self.tr("Tick the communities (社群) the customer joins; Space ticks"))
        self.status = QLabel(self.tr("Loading communities…"))
        self.status.setStyleSheet("color: #757575;")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(QLabel(self.tr("Communities")))
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)

    def fill(self, data: FormData, wanted: set[int]) -> None:
        """The shop's communities, ``wanted`` ticked (the ones the customer leads cannot be)."""
        self.data = data
        self.model.set_choices(data.communities, wanted, data.leads)
        self.filter.setVisible(len(data.communities) > FILTER_FROM)
        if not data.communities:
            self.status.setText(self.tr("No communities yet."))
        else:
            self.status.hide()

    def not_loaded(self, error: BaseException) -> None:
        self.status.setText(self.tr("Communities could not be loaded: %1").replace("%1", error_text(error)))
        self.status.show()

    def checked(self) -> set[int]:
        return self.model.checked()

    def set_checked(self, community_id: int, checked: bool = True) -> None:
        self.model.set_checked(community_id, checked)

    def save(self, ctx: AppContext, customer_id: int) -> list[tuple[str, str]]:
        """Join the ticked communities and leave the unticked ones; the failures (community, why)."""
        if self.data is None:
            return []
        names = {c.id: c.name for c in self.data.communities}
        members = self.data.memberships
        wanted = self.checked()
        failed: list[tuple[str, str]] = []
        for community_id in sorted(wanted - members):
            try:
                ctx.actions.add_member(community_id, customer_id)
                members.add(community_id)
            except ShopError as exc:
                failed.append((names.get(community_id, str(community_id)), error_text(exc)))
        for community_id in sorted((members - wanted) & set(names)):
            try:
                ctx.actions.remove_member(community_id, customer_id)
                members.discard(community_id)
            except ShopError as exc:
                failed.append((names.get(community_id, str(community_id)), error_text(exc)))
        return failed
