"""Settings → Follow-up: when the follow-up page suggests a task, how many a staff member is
given a day, the message Copy message copies for each kind of task, and how a 小c is served."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm.errors import InvalidInput
from crm.levels import MICRO, WEAK
from crm.services import followup_messages, tasks
from crm.services.followup_page import DAILY_KEY
from crm.services.settings import DEFAULTS
from ui.context import AppContext
from ui.models.task_model import kind_explanation
from ui.views.settings.fields import number_box, sentence
from ui.views.settings.section import SettingsSection, heading
from ui.widgets.forms import note
from ui.words import big_c, level_name, small_c, task_kind

TASK_KINDS = tasks.KINDS
SUGGESTION_RULES = ("micro_not_back", "weak_dropping", "birthday", "referral_converted", "new_customer")


class FollowUpSection(SettingsSection):
    keys = tuple(
        key
        for key in DEFAULTS
        if key.startswith(("suggest.", followup_messages.KEY_PREFIX))
        or key in ("route_via_big_c", "community.zombie_days", DAILY_KEY)
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
            said = sentence(sentences[rule], {"%1": days})
            for words in said.findChildren(QLabel):
                words.setWordWrap(True)  # the long ones wrap: the section fits a 1024-pixel screen
            grid.addWidget(said, row, 1)
            grid.addWidget(kind, row, 2)
            row += 1
            errors = QVBoxLayout()
            errors.setSpacing(0)
            for key in ("enabled", "days", "kind"):
                errors.addWidget(self.error_label(prefix + key))
            grid.addLayout(errors, row, 1, 1, 2)
            row += 1
        self.body.addLayout(grid)

        self.daily = number_box(maximum=1000)
        self.daily.setObjectName("daily_suggestions")
        self.watch(self.daily)
        self.body.addWidget(
            sentence(
                self.tr("Give each staff member %1 suggestions a day, most at stake first."),
                {"%1": self.daily},
            )
        )
        self.body.addWidget(self.error_label(DAILY_KEY))

        self.body.addSpacing(8)
        self._build_messages()

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

    def _build_messages(self) -> None:
        """Each kind's message to copy: its text, a Reset to default, its error."""
        self.body.addWidget(heading(self.tr("Messages to copy")))
        self.body.addWidget(
            note(
                self.tr(
                    "Copy message on the follow-up page copies the message for the task's kind, with"
                    " {name} for the customer's name, {shop} for the shop's name and {staff} for who is"
                    " signed in. A message left as the app wrote it follows the app's language."
                )
            )
        )
        self.messages: dict[str, QPlainTextEdit] = {}
        self.resets: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        row = 0
        for kind in followup_messages.KINDS:
            name = QLabel(task_kind(kind))
            name.setToolTip(kind_explanation(kind))
            editor = QPlainTextEdit()
            editor.setObjectName(f"message_{kind}")
            editor.setToolTip(kind_explanation(kind))
            editor.setTabChangesFocus(True)
            editor.setFixedHeight(editor.fontMetrics().lineSpacing() * 3 + 14)
            editor.textChanged.connect(self._edited)
            reset = QPushButton(self.tr("Reset to default"))
            reset.setToolTip(self.tr("Put back the message the app offers, in the app's language"))
            reset.clicked.connect(lambda _=False, k=kind: self.reset_message(k))
            self.messages[kind], self.resets[kind] = editor, reset
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(editor, row, 1)
            grid.addWidget(reset, row, 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self.error_label(followup_messages.key_of(kind)), row + 1, 1, 1, 2)
            row += 2
        self.body.addLayout(grid)

    def default_message(self, kind: str) -> str:
        return followup_messages.default_template(kind, self.ctx.language)

    def reset_message(self, kind: str) -> None:
        self.messages[kind].setPlainText(self.default_message(kind))
        self.clear_errors()  # what was refused is gone

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
        self.daily.setValue(int(values[DAILY_KEY]))
        for kind, editor in self.messages.items():
            editor.setPlainText(values[followup_messages.key_of(kind)] or self.default_message(kind))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for rule in SUGGESTION_RULES:
            prefix = f"suggest.{rule}."
            out[prefix + "enabled"] = self.enabled[rule].isChecked()
            out[prefix + "days"] = self.days[rule].value()
            out[prefix + "kind"] = self.kinds[rule].currentData()
        out["route_via_big_c"] = self.route_check.isChecked()
        out["community.zombie_days"] = self.zombie_days.value()
        out[DAILY_KEY] = self.daily.value()
        for kind, editor in self.messages.items():
            text = editor.toPlainText().strip()
            # The app's own message is stored as "" so that it follows the app's language.
            out[followup_messages.key_of(kind)] = "" if text == self.default_message(kind) else text
        return out

    def validate(self, values: dict[str, Any]) -> None:
        for rule in ("micro_not_back", "weak_dropping", "new_customer"):
            key = f"suggest.{rule}.days"
            if values[f"suggest.{rule}.enabled"] and values[key] < 1:
                raise InvalidInput(key, self.tr("Must be at least 1 day."))
        if values["community.zombie_days"] < 1:
            raise InvalidInput("community.zombie_days", self.tr("Must be at least 1 day."))
        if values[DAILY_KEY] < 1:
            raise InvalidInput(DAILY_KEY, self.tr("Must be at least 1."))
        for kind in followup_messages.KINDS:
            key = followup_messages.key_of(kind)
            unknown = followup_messages.unknown_placeholders(values[key])
            if unknown:
                raise InvalidInput(
                    key,
                    self.tr(
                        "The app does not know the placeholder %1: use {name}, {shop} or {staff}."
                    ).replace("%1", "{" + unknown[0] + "}"),
                )
