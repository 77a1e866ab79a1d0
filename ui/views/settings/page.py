"""The settings page: shop, relationship levels, follow-up rules, staff,
language and database, one section at a time with a list on the left.

Each form section saves on its own (Save / Cancel, Ctrl+S); a section with
unsaved edits is marked in the list and keeps what was typed while another
section is open. What the page shows is read in one go off the GUI thread
(:func:`crm.services.settings_page.load`) whenever settings, staff or the shop's
customers change; a section with unsaved edits keeps them.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm.services import settings_page
from crm.services.changes import Changes
from crm.services.common import may
from ui.views.page import Page
from ui.views.settings.database import DatabaseSection
from ui.views.settings.followup import FollowUpSection
from ui.views.settings.language import LanguageSection
from ui.views.settings.levels import LevelRulesSection
from ui.views.settings.lifetime import LifetimeSection
from ui.views.settings.section import SettingsSection
from ui.views.settings.shop import ShopSection
from ui.views.settings.staff import StaffSection
from ui.widgets.page_parts import nav_list
from ui.words import section_title

NAV_STYLE = (
    "#SettingsNav { background: #fafafa; border-right: 1px solid #e0e0e0; padding-top: 8px; }"
    "#SettingsNav::item { padding: 6px 14px; }"
    "#SettingsNav::item:selected { background: #e3f2fd; color: #0d47a1; }"
)


class SettingsView(Page):
    SECTION_KEYS = ("shop", "levels", "followup", "lifetime", "staff", "language", "database")

    def build(self) -> None:
        self.data: settings_page.SettingsPage | None = None
        self.shop = ShopSection(self.ctx)
        self.levels = LevelRulesSection(self.ctx)
        self.followup = FollowUpSection(self.ctx)
        self.lifetime = LifetimeSection(self.ctx, self.read)
        self.staff = StaffSection(self.ctx)
        self.language = LanguageSection(self.ctx)
        self.database = DatabaseSection(self.ctx)
        self.sections: dict[str, QWidget] = {
            "shop": self.shop,
            "levels": self.levels,
            "followup": self.followup,
            "lifetime": self.lifetime,
            "staff": self.staff,
            "language": self.language,
            "database": self.database,
        }

        self.nav = nav_list("SettingsNav", NAV_STYLE, self.section_titles(), width=190, height=38)
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.stack = QStackedWidget()
        self.stack.setEnabled(False)  # until the stored values are read
        for key in self.SECTION_KEYS:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(self.sections[key])
            self.stack.addWidget(scroll)
            section = self.sections[key]
            if isinstance(section, SettingsSection):
                section.dirty_changed.connect(lambda dirty, k=key: self._mark(k, dirty))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)

        self.make_refresh_widgets()
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.busy)
        column.addWidget(self.stack, 1)
        column.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addLayout(column, 1)
        self.nav.setCurrentRow(0)
        self.refresh()

    def section_titles(self) -> dict[str, str]:
        titles = {key: section_title(key) for key in self.SECTION_KEYS}
        # Managing staff is the owner's; anyone else finds their own PIN there.
        if not may(self.ctx.actor, "manage staff"):
            titles["staff"] = section_title("my_pin")
        return titles

    def has_unsaved_changes(self) -> bool:
        return any(isinstance(s, SettingsSection) and s.is_dirty() for s in self.sections.values())

    def _mark(self, key: str, dirty: bool) -> None:
        item = self.nav.item(self.SECTION_KEYS.index(key))
        title = self.section_titles()[key]
        item.setText(f"{title}  •" if dirty else title)
        item.setToolTip(self.tr("Not saved yet") if dirty else "")

    def show_section(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self.SECTION_KEYS.index(key))
        return self.sections[key]

    def current_key(self) -> str:
        return self.SECTION_KEYS[max(0, self.nav.currentRow())]

    # --- reading ---------------------------------------------------------------------------

    def cares(self, changes: Changes) -> bool:
        # Customers and visits: the customer count and the usual ticket behind the automatic limit;
        # a new lifetime fit: its date and counts.
        return changes.settings or changes.staff or changes.visits or changes.any_customer or changes.lifetime

    def refresh(self) -> None:
        self.refresh_started()
        self.read("settings", settings_page.load, self.show_data, self.ctx.actor)
        self.lifetime.refresh()

    def show_data(self, data: settings_page.SettingsPage) -> None:
        """The stored values in every section without unsaved edits; the others keep what was typed."""
        self.data = data
        for section in self.sections.values():
            if isinstance(section, SettingsSection) and not section.is_dirty() and not section.busy():
                section.show_stored(data.values)
        self.shop.show_usual_ticket(data.usual_ticket, data.currency)
        self.staff.show_staff(data.staff)
        self.database.show_state(data.shop)
        self.stack.setEnabled(True)
        if self.status is not None:
            self.status.clear()
