"""Table models for communities (CommunityInfo rows) and their members (Member rows).

A big shop has a few thousand communities: they are held in a Python list,
filtered (name/platform/leader text, archived, zombies) and sorted there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from crm.services.communities import PLATFORMS, CommunityInfo, Member
from ui.models.base import COMMUNITY_ID_ROLE, CUSTOMER_ID_ROLE, RowTableModel
from ui.widgets.level_badge import LEVEL_ROLE
from ui.words import level_name, platform_name

ZOMBIE_ROLE = Qt.ItemDataRole.UserRole + 3

ZOMBIE_FG = QColor("#b71c1c")
ZOMBIE_BG = QColor("#ffebee")
MUTED = QColor("#9e9e9e")
ACTIVE_FG = QColor("#2e7d32")


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


class CommunityTableModel(RowTableModel):
    # STATUS shows the zombie flag or the archive: an archived community is never a zombie.
    NAME, PLATFORM, LEADER, MEMBERS, ACTIVE, RATE, LAST_PURCHASE, STATUS = range(8)
    COLUMNS = ("community", "platform", "leader", "members", "active", "activity", "last_purchase", "status")
    NUMBERS = (MEMBERS, ACTIVE, RATE)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[CommunityInfo] = []
        self.text_filter = ""
        self.include_archived = False
        self.zombies_only = False
        self.zombie_days = 60
        self._sort: tuple[int, Qt.SortOrder] = (self.NAME, Qt.SortOrder.AscendingOrder)

    # --- content ---------------------------------------------------------

    def set_communities(self, infos: Iterable[CommunityInfo]) -> None:
        self._all = list(infos)
        self._apply()

    def set_filter(
        self, text: str | None = None, include_archived: bool | None = None, zombies_only: bool | None = None
    ) -> None:
        if text is not None:
            self.text_filter = text.strip().lower()
        if include_archived is not None:
            self.include_archived = include_archived
        if zombies_only is not None:
            self.zombies_only = zombies_only
        self._apply()

    def update_community(self, info: CommunityInfo) -> None:
        """Put a fresh copy of one community in place (or add it), keeping the rest."""
        for i, old in enumerate(self._all):
            if old.id == info.id:
                self._all[i] = info
                break
        else:
            self._all.append(info)
        self._apply()

    def _matches(self, info: CommunityInfo) -> bool:
        if info.archived and not self.include_archived:
            return False
        if self.zombies_only and not info.zombie:
            return False
        if self.text_filter:
            # The platform by its name in the app's language and in both of the shop's languages,
            # so "WeChat group", "微信群" and "wechat" find the same communities.
            platform = "\n".join((platform_name(info.platform), *PLATFORMS.get(info.platform, ())))
            hay = f"{info.name}\n{platform}\n{info.leader_name}\n{info.leader_code}".lower()
            return self.text_filter in hay
        return True

    def _apply(self) -> None:
        self.beginResetModel()
        self._rows = self._in_sort_order([i for i in self._all if self._matches(i)])
        self.endResetModel()

    def community(self, row: int) -> CommunityInfo:
        return self._rows[row]

    def communities(self) -> list[CommunityInfo]:
        return list(self._rows)

    def all_communities(self) -> list[CommunityInfo]:
        return list(self._all)

    # --- Qt interface ------------------------------------------------------

    def header_tooltip(self, section: int) -> str | None:
        if section == self.ACTIVE:
            return self.tr("Members with a purchase in the last 365 days")
        if section == self.RATE:
            return self.tr("Active members ÷ members")
        if section == self.STATUS:
            return self.tr(
                "Zombie: nobody, leader included, bought in the last %n day(s)", "", self.zombie_days
            )
        return None

    def cell(self, info: CommunityInfo, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(info, col)
        if role == COMMUNITY_ID_ROLE:
            return info.id
        if role == CUSTOMER_ID_ROLE:
            return info.leader_id
        if role == ZOMBIE_ROLE:
            return info.zombie
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.STATUS and info.zombie:
                return QBrush(ZOMBIE_FG)
            if info.archived:
                return QBrush(MUTED)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and col == self.STATUS and info.zombie:
            return QBrush(ZOMBIE_BG)
        if role == Qt.ItemDataRole.FontRole:
            if (col == self.STATUS and info.zombie) or col == self.NAME:
                font = QFont()
                font.setBold(not info.archived)
                font.setItalic(info.archived)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.STATUS and info.zombie:
                return self.tr(
                    "Zombie community: nobody, leader included, bought in the last %n day(s)",
                    "",
                    self.zombie_days,
                )
            if col == self.STATUS and info.archived and info.archived_on:
                return self.tr("Archived on %1").replace("%1", info.archived_on.isoformat())
            if col == self.NAME and info.note:
                return info.note
            if col == self.LEADER:
                return f"{info.leader_name} ({info.leader_code})"
        return None

    def _display(self, info: CommunityInfo, col: int) -> str:
        if col == self.STATUS:
            if info.zombie:
                return self.tr("Zombie")
            return self.tr("Archived") if info.archived else ""
        if col == self.RATE:
            return f"{info.activity_rate:.0%}" if info.members else "—"
        plain = (info.name, platform_name(info.platform), info.leader_name, info.members, info.active_members)
        return str(plain[col]) if col < len(plain) else _day(info.last_purchase)

    def sort_key(self, col: int) -> Callable[[CommunityInfo], object] | None:
        return {
            self.NAME: lambda c: (c.name, c.id),
            self.PLATFORM: lambda c: (platform_name(c.platform), c.name, c.id),
            self.LEADER: lambda c: (c.leader_name, c.name, c.id),
            self.MEMBERS: lambda c: (c.members, c.name, c.id),
            self.ACTIVE: lambda c: (c.active_members, c.name, c.id),
            self.RATE: lambda c: (c.activity_rate, c.members, c.id),
            self.LAST_PURCHASE: lambda c: (c.last_purchase or date.min, c.id),
            # zombies first when sorted descending, then archived, then the rest
            self.STATUS: lambda c: (2 if c.zombie else (1 if c.archived else 0), c.name, c.id),
        }.get(col)


class MemberTableModel(RowTableModel):
    NAME, CODE, LEVEL, JOINED, LAST_PURCHASE, ACTIVE, LEFT = range(7)
    COLUMNS = ("member", "code", "level", "joined", "last_purchase", "active", "left")

    set_members = RowTableModel.set_rows

    def member(self, row: int) -> Member:
        return self._rows[row]

    def members(self) -> list[Member]:
        return list(self._rows)

    @staticmethod
    def row_key(row: Member) -> int:
        return row.membership_id

    def row_of(self, customer_id: int) -> int:
        """The row of the customer's current membership."""
        for i, m in enumerate(self._rows):
            if m.customer_id == customer_id and m.left is None:
                return i
        return -1

    def header_tooltip(self, section: int) -> str | None:
        return self.tr("Bought in the last 365 days") if section == self.ACTIVE else None

    def cell(self, m: Member, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.ACTIVE:
                return self.tr("Active") if m.active else self.tr("Inactive")
            # the level is painted as a badge by LevelDelegate from LEVEL_ROLE
            return (
                m.name,
                m.code,
                level_name(m.level),
                _day(m.joined),
                _day(m.last_purchase),
                "",
                _day(m.left),
            )[col]
        if role == LEVEL_ROLE and col == self.LEVEL:
            return m.level
        if role == CUSTOMER_ID_ROLE:
            return m.customer_id
        if role == Qt.ItemDataRole.ForegroundRole:
            if m.left is not None:
                return QBrush(MUTED)
            if col == self.ACTIVE:
                return QBrush(ACTIVE_FG if m.active else MUTED)
        return None

    def sort_key(self, col: int) -> Callable[[Member], object] | None:
        return {
            self.NAME: lambda m: (m.name, m.membership_id),
            self.CODE: lambda m: (m.code, m.membership_id),
            self.LEVEL: lambda m: (m.level, m.name, m.membership_id),
            self.JOINED: lambda m: (m.joined, m.membership_id),
            self.LAST_PURCHASE: lambda m: (m.last_purchase or date.min, m.membership_id),
            self.ACTIVE: lambda m: (m.active, m.name, m.membership_id),
            self.LEFT: lambda m: (m.left or date.max, m.membership_id),
        }.get(col)
