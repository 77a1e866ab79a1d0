"""The settings page: shop, relationship levels, follow-up rules, staff,
language and database, one section at a time with a list on the left.

Each form section saves on its own (Save / Cancel, Ctrl+S); a section with
unsaved edits is marked in the list and keeps what was typed while another
section is open.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from crm.services.common import may
from ui.context import AppContext
from ui.widgets.settings_levels import LevelRulesSection
from ui.widgets.settings_section import SettingsSection
from ui.widgets.settings_sections import DatabaseSection, FollowUpSection, LanguageSection, ShopSection
from ui.widgets.settings_staff import StaffSection


class SettingsView(QWidget):
    SECTION_KEYS = ("shop", "levels", "followup", "staff", "language", "database")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.shop = ShopSection(ctx)
        self.levels = LevelRulesSection(ctx)
        self.followup = FollowUpSection(ctx)
        self.staff = StaffSection(ctx)
        self.language = LanguageSection(ctx)
        self.database = DatabaseSection(ctx)
        self.sections: dict[str, QWidget] = {
            "shop": self.shop,
            "levels": self.levels,
            "followup": self.followup,
            "staff": self.staff,
            "language": self.language,
            "database": self.database,
        }

        self.nav = QListWidget()
        self.nav.setObjectName("SettingsNav")
        self.nav.setFixedWidth(190)
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setStyleSheet(
            "#SettingsNav { background: #fafafa; border-right: 1px solid #e0e0e0; padding-top: 8px; }"
            "#SettingsNav::item { padding: 6px 14px; }"
            "#SettingsNav::item:selected { background: #e3f2fd; color: #0d47a1; }"
        )
        self.stack = QStackedWidget()
        for key in self.SECTION_KEYS:
            item = QListWidgetItem(self.section_titles()[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(180, 38))
            self.nav.addItem(item)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(self.sections[key])
            self.stack.addWidget(scroll)
            section = self.sections[key]
            if isinstance(section, SettingsSection):
                section.dirty_changed.connect(lambda dirty, k=key: self._mark(k, dirty))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.nav.setCurrentRow(0)
        ctx.bus.settings_changed.connect(self.reload_clean)

    def section_titles(self) -> dict[str, str]:
        return {
            "shop": self.tr("Shop"),
            "levels": self.tr("Levels"),
            "followup": self.tr("Follow-up"),
            # Managing staff is the owner's; anyone else finds their own PIN there.
            "staff": self.tr("Staff") if may(self.ctx.actor, "manage staff") else self.tr("My PIN"),
            "language": self.tr("Language"),
            "database": self.tr("Database"),
        }

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

    def reload_clean(self) -> None:
        """Show stored values in every section without unsaved edits."""
        for section in self.sections.values():
            if isinstance(section, SettingsSection):
                if not section.is_dirty() and not getattr(section, "busy", lambda: False)():
                    section.reload()
        self.staff.reload()
        self.database.refresh()

    def activated(self) -> None:
        self.reload_clean()
