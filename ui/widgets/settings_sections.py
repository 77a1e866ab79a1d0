"""The settings sections other than levels and staff: shop, follow-up rules,
language and where the database lives."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QRegularExpression, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from crm.db import is_postgres
from crm.errors import InvalidInput, without_password
from crm.levels import MICRO, WEAK
from crm.services.settings import DEFAULTS
from ui import i18n
from ui.context import AppContext
from ui.widgets.settings_fields import CurrencyCombo, RegionCombo, number_box, sentence
from ui.widgets.settings_limit import LargePurchaseLimitField
from ui.widgets.settings_section import SettingsSection, heading, note
from ui.words import big_c, level_name, small_c, task_kind

TASK_KINDS = ("content", "service", "experience", "companionship", "birthday", "thank_referrer", "other")
SUGGESTION_RULES = ("micro_not_back", "weak_dropping", "birthday", "referral_converted", "new_customer")
CODE_PREFIX_MAX = 8


def _field(widget: QWidget, error: QLabel, hint: QLabel | None = None) -> QWidget:
    """A form field with its hint and its (hidden) error under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(3)
    layout.addWidget(widget)
    if hint is not None:
        layout.addWidget(hint)
    layout.addWidget(error)
    return box


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setHorizontalSpacing(16)
    form.setVerticalSpacing(12)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class ShopSection(SettingsSection):
    keys = ("shop_name", "currency", "phone_region", "code_prefix", "large_purchase_limit")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Shop"), parent=parent)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText(self.tr("e.g. Sunshine Corner Shop"))
        self.currency_combo = CurrencyCombo()
        self.region_combo = RegionCombo()
        self.prefix_edit = QLineEdit()
        self.prefix_edit.setMaxLength(CODE_PREFIX_MAX)
        self.prefix_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[A-Za-z0-9-]{{0,{CODE_PREFIX_MAX}}}"))
        )
        self.prefix_edit.setMaximumWidth(160)
        self.prefix_example = note()
        self.prefix_edit.textChanged.connect(self._show_example)
        for widget in (self.name_edit, self.currency_combo, self.region_combo):
            widget.setMaximumWidth(420)

        form = _form()
        form.addRow(self.tr("Shop name"), _field(self.name_edit, self.error_label("shop_name")))
        form.addRow(
            self.tr("Currency"),
            _field(
                self.currency_combo,
                self.error_label("currency"),
                note(self.tr("Amounts are shown and typed in this currency.")),
            ),
        )
        form.addRow(
            self.tr("Phone region"),
            _field(
                self.region_combo,
                self.error_label("phone_region"),
                note(
                    self.tr(
                        "Phone numbers typed without a country code (such as +44 or +86) are read as"
                        " numbers of this region. Type a region's first letters to jump to it."
                    )
                ),
            ),
        )
        form.addRow(
            self.tr("Customer code prefix"),
            _field(self.prefix_edit, self.error_label("code_prefix"), self.prefix_example),
        )
        self.limit_edit = LargePurchaseLimitField()
        limit_error = self.error_label("large_purchase_limit")
        form.addRow(self.tr("Large purchases"), _field(self.limit_edit, limit_error, self.limit_edit.hint))
        self.body.addLayout(form)
        self.watch(self.name_edit, self.currency_combo, self.region_combo, self.prefix_edit, self.limit_edit)
        self.reload()

    def _show_example(self, prefix: str) -> None:
        self.prefix_example.setText(
            self.tr("New customers get codes like %1. Codes already given do not change.").replace(
                "%1", f"{prefix.strip()}000124"
            )
        )

    def load(self, values: dict[str, Any]) -> None:
        self.name_edit.setText(values["shop_name"])
        self.currency_combo.set_currency(values["currency"])
        self.region_combo.set_region(values["phone_region"])
        self.prefix_edit.setText(values["code_prefix"])
        self._show_example(values["code_prefix"])
        self.limit_edit.load(values["large_purchase_limit"])

    def values(self) -> dict[str, Any]:
        return {
            "shop_name": self.name_edit.text().strip(),
            "currency": self.currency_combo.currency(),
            "phone_region": self.region_combo.region(),
            "code_prefix": self.prefix_edit.text().strip(),
            "large_purchase_limit": self.limit_edit.value(),
        }

    def validate(self, values: dict[str, Any]) -> None:
        prefix = values["code_prefix"]
        if (
            len(prefix) > CODE_PREFIX_MAX
            or not QRegularExpression(f"^[A-Za-z0-9-]{{0,{CODE_PREFIX_MAX}}}$").match(prefix).hasMatch()
        ):
            raise InvalidInput(
                "code_prefix", self.tr("Use up to 8 letters, digits or dashes, e.g. C or VIP-.")
            )


class FollowUpSection(SettingsSection):
    keys = tuple(
        key
        for key in DEFAULTS
        if key.startswith("suggest.") or key in ("route_via_big_c", "community.zombie_days")
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(
            ctx,
            self.tr("Follow-up"),
            self.tr(
                "The follow-up page suggests tasks from these rules. A suggestion is never repeated"
                " while the customer has an open task of the same kind."
            ),
            parent,
        )
        self.enabled: dict[str, QCheckBox] = {}
        self.days: dict[str, Any] = {}
        self.kinds: dict[str, QComboBox] = {}
        titles = {
            "micro_not_back": self.tr("%2 customer not back"),
            "weak_dropping": self.tr("%2 customer about to drop"),
            "birthday": self.tr("Birthday"),
            "referral_converted": self.tr("Referral converted"),
            "new_customer": self.tr("New customer"),
        }
        sentences = {
            "micro_not_back": self.tr("no purchase for %1 days or more"),
            "weak_dropping": self.tr("%1 days or more since the last purchase"),
            "birthday": self.tr("birthday within the next %1 days"),
            "referral_converted": self.tr(
                "someone they referred made a first purchase in the last %1 days: thank the referrer"
            ),
            "new_customer": self.tr("%1 days after the first visit"),
        }
        levels = {"micro_not_back": MICRO, "weak_dropping": WEAK}
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        grid.addWidget(heading(self.tr("Suggest a task when")), 0, 0, 1, 2)
        grid.addWidget(heading(self.tr("Task kind")), 0, 2)
        row = 1
        for rule in SUGGESTION_RULES:
            prefix = f"suggest.{rule}."
            title = titles[rule].replace("%2", level_name(levels.get(rule, 0)))
            check = QCheckBox(title)
            days = number_box(maximum=3650)
            kind = QComboBox()
            for key in TASK_KINDS:
                kind.addItem(task_kind(key), key)
            check.toggled.connect(days.setEnabled)
            check.toggled.connect(kind.setEnabled)
            self.enabled[rule], self.days[rule], self.kinds[rule] = check, days, kind
            self.watch(check, days, kind)
            grid.addWidget(check, row, 0)
            grid.addWidget(sentence(sentences[rule], {"%1": days}), row, 1)
            grid.addWidget(kind, row, 2)
            row += 1
            errors = QVBoxLayout()
            errors.setSpacing(0)
            for key in ("enabled", "days", "kind"):
                errors.addWidget(self.error_label(prefix + key))
            grid.addLayout(errors, row, 1, 1, 2)
            row += 1
        self.body.addLayout(grid)

        self.body.addSpacing(8)
        self.body.addWidget(heading(self.tr("%1 and %2").replace("%1", big_c()).replace("%2", small_c())))
        self.route_check = QCheckBox(
            self.tr("Serve each %2 through their %1").replace("%1", big_c()).replace("%2", small_c())
        )
        self.watch(self.route_check)
        self.body.addWidget(self.route_check)
        self.body.addWidget(
            note(
                self.tr(
                    "A %1 (group leader) leads a community such as a WeChat group; its members are"
                    " %2. When this is on, follow-up tasks for a %2 are routed via their %1, and a"
                    " direct task to a %2 asks for confirmation first. Turn it off to contact every"
                    " customer directly."
                )
                .replace("%1", big_c())
                .replace("%2", small_c())
            )
        )
        self.body.addWidget(self.error_label("route_via_big_c"))
        self.zombie_days = number_box(maximum=3650)
        self.watch(self.zombie_days)
        self.body.addWidget(
            sentence(
                self.tr("A community counts as inactive when nobody in it bought in the last %1 days."),
                {"%1": self.zombie_days},
            )
        )
        self.body.addWidget(self.error_label("community.zombie_days"))
        self.reload()

    def load(self, values: dict[str, Any]) -> None:
        for rule in SUGGESTION_RULES:
            prefix = f"suggest.{rule}."
            self.enabled[rule].setChecked(bool(values[prefix + "enabled"]))
            self.days[rule].setValue(int(values[prefix + "days"]))
            self.days[rule].setEnabled(bool(values[prefix + "enabled"]))
            kind = self.kinds[rule]
            index = kind.findData(values[prefix + "kind"])
            kind.setCurrentIndex(max(0, index))
            kind.setEnabled(bool(values[prefix + "enabled"]))
        self.route_check.setChecked(bool(values["route_via_big_c"]))
        self.zombie_days.setValue(int(values["community.zombie_days"]))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for rule in SUGGESTION_RULES:
            prefix = f"suggest.{rule}."
            out[prefix + "enabled"] = self.enabled[rule].isChecked()
            out[prefix + "days"] = self.days[rule].value()
            out[prefix + "kind"] = self.kinds[rule].currentData()
        out["route_via_big_c"] = self.route_check.isChecked()
        out["community.zombie_days"] = self.zombie_days.value()
        return out

    def validate(self, values: dict[str, Any]) -> None:
        for rule in ("micro_not_back", "weak_dropping", "new_customer"):
            key = f"suggest.{rule}.days"
            if values[f"suggest.{rule}.enabled"] and values[key] < 1:
                raise InvalidInput(key, self.tr("Must be at least 1 day."))
        if values["community.zombie_days"] < 1:
            raise InvalidInput("community.zombie_days", self.tr("Must be at least 1 day."))


LANGUAGE_CHOICES = ("", "en", "zh_CN")


class LanguageSection(SettingsSection):
    keys = ("language",)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Language"), parent=parent)
        system = i18n.LANGUAGES[i18n.system_language()]
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        labels = {
            "": self.tr("Follow the computer's language (now: %1)").replace("%1", system),
            "en": "English",
            "zh_CN": "简体中文",
        }
        for value in LANGUAGE_CHOICES:
            button = QRadioButton(labels[value])
            self.group.addButton(button)
            self.buttons[value] = button
            self.body.addWidget(button)
            self.watch(button)
        self.body.addWidget(self.error_label("language"))
        self.body.addWidget(
            note(
                self.tr(
                    "Pages opened after saving use the new language; restart ShopCircle to see it on every"
                    " page. Reports are written in the app's language."
                )
            )
        )
        self.reload()

    def load(self, values: dict[str, Any]) -> None:
        value = values["language"] if values["language"] in LANGUAGE_CHOICES else ""
        self.buttons[value].setChecked(True)

    def values(self) -> dict[str, Any]:
        for value, button in self.buttons.items():
            if button.isChecked():
                return {"language": value}
        return {"language": ""}

    def after_save(self, changed: dict[str, Any]) -> None:
        super().after_save(changed)
        language = i18n.resolve(changed.get("language") or None)
        if language != self.ctx.language:
            app = QApplication.instance()
            if app is not None:
                i18n.install(app, language)
            self.ctx.language = language
            self.show_message(self.tr("Saved. Restart ShopCircle to see every page in the new language."))


def display_location(location: str) -> str:
    """The database location with any password hidden."""
    return without_password(location)


def _size_text(size: int) -> str:
    return QLocale().formattedDataSize(size)


class DatabaseSection(QWidget):
    """Where the shop's data lives; read-only, with how to share it between counters."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(10)
        title = QLabel(self.tr("Database"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        title.setFont(font)
        outer.addWidget(title)

        postgres = is_postgres(ctx.location)
        form = _form()
        self.location_label = QLabel(display_location(ctx.location))
        self.location_label.setObjectName("DatabaseLocation")
        self.location_label.setWordWrap(True)
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where = QWidget()
        where_layout = QHBoxLayout(where)
        where_layout.setContentsMargins(0, 0, 0, 0)
        where_layout.addWidget(self.location_label, 1)
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.setToolTip(self.tr("Show the database file in the file manager"))
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.setVisible(not postgres and ctx.location != ":memory:")
        where_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("Location"), where)
        kind = (
            self.tr("PostgreSQL server, shared by every counter that uses it")
            if postgres
            else self.tr("SQLite file on this computer")
        )
        form.addRow(self.tr("Kind"), QLabel(kind))
        self.size_label = QLabel()
        if not postgres:
            form.addRow(self.tr("Size"), self.size_label)
        self.count_label = QLabel()
        form.addRow(self.tr("Customers"), self.count_label)
        outer.addLayout(form)
        outer.addLayout(self._switch_row(postgres))

        outer.addSpacing(6)
        outer.addWidget(heading(self.tr("Several counters or branches")))
        outer.addWidget(
            note(
                self.tr(
                    "To share one database between several computers, keep it on a PostgreSQL server and"
                    " start ShopCircle with its address, either with the environment variable"
                    " SHOPCIRCLE_DB or with the --db option:"
                )
            )
        )
        example = QLabel(
            "SHOPCIRCLE_DB=postgresql://user:password@server/shop\n"
            "shopcircle --db postgresql://user:password@server/shop"
        )
        example.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        example.setStyleSheet(
            "QLabel { font-family: monospace; background: #f5f5f5; border-radius: 6px; padding: 8px; }"
        )
        outer.addWidget(example)
        from ui.widgets.settings_backup import BackupPanel

        self.backups = BackupPanel(ctx)
        outer.addWidget(self.backups)
        outer.addStretch(1)
        self.refresh()

    def _switch_row(self, postgres: bool) -> QHBoxLayout:
        """Leave the demo for the real shop, or open another database file."""
        from ui.shop_switch import may_switch

        row = QHBoxLayout()
        self.real_shop_button = QPushButton(self.tr("Start my real shop…"))
        self.real_shop_button.setObjectName("StartRealShop")
        self.real_shop_button.setToolTip(
            self.tr("Keep this demo aside and start your own shop in a new, empty database")
        )
        self.real_shop_button.clicked.connect(self._real_shop_clicked)
        self._left_for: str | None = None
        self.other_button = QPushButton(self.tr("Open another database…"))
        self.other_button.setObjectName("OpenOtherDatabase")
        self.other_button.setToolTip(
            self.tr("Open another shop's database file, or type a new name to start one; remembered")
        )
        self.other_button.clicked.connect(self.choose_other)
        allowed = may_switch(self.ctx)
        for button in (self.real_shop_button, self.other_button):
            button.setEnabled(allowed)
            if not allowed:
                button.setToolTip(self.tr("Only the owner can change the shop's database"))
            row.addWidget(button)
        self.real_shop_button.setVisible(False)  # a demo only: refresh() says
        row.addStretch(1)
        return row

    def _real_shop_clicked(self) -> None:
        if self._left_for:
            self.ctx.bus.back_to_shop.emit(self._left_for)
        else:
            self.ctx.bus.leave_demo.emit()

    def choose_other(self) -> None:
        from ui.shop_switch import choose_database_file

        folder = self.folder() if not is_postgres(self.ctx.location) else ""
        path = choose_database_file(self, self.tr("Open another database"), folder)
        if path:
            self.ctx.bus.open_database.emit(path)

    def refresh(self) -> None:
        from crm.services import shop

        file_shop = not is_postgres(self.ctx.location) and self.ctx.location != ":memory:"
        demo = file_shop and shop.is_demo()
        self._left_for = shop.left_for() if demo else None
        if self._left_for:
            self.real_shop_button.setText(
                self.tr("Back to my shop (%1)").replace("%1", Path(self._left_for).name)
            )
        else:
            self.real_shop_button.setText(self.tr("Start my real shop…"))
        self.real_shop_button.setVisible(demo)
        self.count_label.setText(QLocale().toString(shop.counts().customers))
        if not is_postgres(self.ctx.location) and self.ctx.location != ":memory:":
            path = Path(self.ctx.location)
            size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
            self.size_label.setText(_size_text(size))

    def folder(self) -> str:
        return str(Path(os.path.abspath(self.ctx.location)).parent)

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder()))
