"""Settings → Follow-up: when the follow-up page suggests a task, and how a 小c is served."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QVBoxLayout, QWidget

from crm.errors import InvalidInput
from crm.levels import MICRO, WEAK
from crm.services.settings import DEFAULTS
from ui.context import AppContext
from ui.views.settings.fields import number_box, sentence
from ui.views.settings.section import SettingsSection, heading
from ui.widgets.forms import note
from ui.words import big_c, level_name, small_c, task_kind

TASK_KINDS = ("content", "service", "experience", "companionship", "birthday", "thank_referrer", "other")
SUGGESTION_RULES = ("micro_not_back", "weak_dropping", "birthday", "referral_converted", "new_customer")


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
