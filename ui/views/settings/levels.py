"""The level rules section: every number of SPEC 2.1 in a sentence, a live preview of
how many customers each level would hold (crm.services.level_preview), and a full level
refresh off the GUI thread when the rules are saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressDialog, QVBoxLayout, QWidget

from crm.errors import InvalidInput
from crm.levels import MICRO, STRONG, SUPER_STRONG, WEAK
from crm.services import level_preview, levels
from crm.services.changes import Changes
from crm.services.settings import DEFAULTS
from ui.context import AppContext
from ui.errors import error_text
from ui.jobs import Job, start
from ui.views.settings.fields import number_box, sentence
from ui.views.settings.level_preview import LevelPreview
from ui.views.settings.section import SettingsSection
from ui.widgets.forms import ERROR_STYLE, note
from ui.widgets.level_badge import LevelBadge
from ui.widgets.page_parts import push_button
from ui.words import level_name

LEVEL_KEYS = tuple(key for key in DEFAULTS if key.startswith("level."))
# Thresholds that count purchase days: at least 1, at most the window.
PURCHASE_DAY_KEYS = (
    "level.strong_purchase_days",
    "level.strong_referral_purchase_days",
    "level.weak_purchase_days",
    "level.micro_purchase_days",
)
# Counts of people: 0 would make every Strong customer Super-strong (or every Weak one Strong).
PEOPLE_KEYS = (
    "level.strong_referral_min",
    "level.super_active_referrals",
    "level.super_active_led_members",
)


class LevelRulesSection(SettingsSection):
    keys = LEVEL_KEYS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(
            ctx,
            self.tr("Relationship levels"),
            self.tr(
                "Every customer's level is the highest whose rule they meet, worked out from their"
                " purchases. Change a number and the preview shows how many customers each level"
                " would hold; saving recomputes every customer's level. Reports of past months use"
                " the rules in force when they are made: an export after a change differs from one"
                " made before it."
            ),
            parent,
        )
        self.boxes = {key: number_box() for key in LEVEL_KEYS}
        self.watch(*self.boxes.values())
        self.preview = LevelPreview()
        self.body.addWidget(self.preview)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        row = 0

        def add(left: QWidget | None, *lines: QWidget) -> None:
            nonlocal row
            if left is not None:
                grid.addWidget(left, row, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            column = QVBoxLayout()
            column.setSpacing(4)
            for line in lines:
                column.addWidget(line)
            grid.addLayout(column, row, 1)
            row += 1
            grid.setRowMinimumHeight(row, 6)
            row += 1

        def s(template: str, *keys: str) -> QWidget:
            return sentence(template, {f"%{i}": self.boxes[k] for i, k in enumerate(keys, start=1)})

        window_label = QLabel(self.tr("Window"))
        window_label.setMinimumWidth(110)
        bold = window_label.font()
        bold.setBold(True)
        window_label.setFont(bold)
        add(
            window_label,
            s(self.tr("Look at purchases in the last %1 days."), "level.window_days"),
            self.error_label("level.window_days"),
        )
        add(
            self._badge(SUPER_STRONG),
            s(
                self.tr(
                    "Meets %3, and has at least %1 active referrals or at least %2 active members"
                    " in the communities they lead."
                ).replace("%3", level_name(STRONG)),
                "level.super_active_referrals",
                "level.super_active_led_members",
            ),
            self.error_label("level.super_active_referrals"),
            self.error_label("level.super_active_led_members"),
        )
        add(
            self._badge(STRONG),
            s(
                self.tr("At least %1 purchase days in the window and the last purchase within %2 days;"),
                "level.strong_purchase_days",
                "level.strong_recent_days",
            ),
            self.error_label("level.strong_purchase_days"),
            self.error_label("level.strong_recent_days"),
            s(
                self.tr(
                    "or at least %1 active referrals, %2 purchase days and the last purchase within %3 days."
                ),
                "level.strong_referral_min",
                "level.strong_referral_purchase_days",
                "level.strong_referral_recent_days",
            ),
            self.error_label("level.strong_referral_min"),
            self.error_label("level.strong_referral_purchase_days"),
            self.error_label("level.strong_referral_recent_days"),
        )
        add(
            self._badge(WEAK),
            s(
                self.tr("At least %1 purchase days in the window and the last purchase within %2 days."),
                "level.weak_purchase_days",
                "level.weak_recent_days",
            ),
            self.error_label("level.weak_purchase_days"),
            self.error_label("level.weak_recent_days"),
        )
        add(
            self._badge(MICRO),
            s(self.tr("At least %1 purchase days in the window."), "level.micro_purchase_days"),
            self.error_label("level.micro_purchase_days"),
        )
        add(self._badge(0), QLabel(self.tr("Everyone else: known contacts with no purchase in the window.")))
        self.body.addLayout(grid)
        self.body.addWidget(
            note(
                self.tr(
                    "A purchase day is a day with at least one purchase. A referral is converted once"
                    " the customer they brought in has bought, ever; an active referral is a converted"
                    " one who bought in the window. Active members are members of a community they"
                    " lead who bought in the window. Strong and Super-strong customers are your super"
                    " users."
                )
            )
        )

        self.defaults_button = push_button(
            self.tr("Restore defaults"),
            self.restore_defaults,
            self.tr("Fill in the standard rules; nothing is stored until you save"),
        )
        self.recompute_button = push_button(
            self.tr("Recompute levels"),
            self.recompute,
            self.tr("Recompute every customer's level with the stored rules"),
        )
        self.extra_buttons.addWidget(self.defaults_button)
        self.extra_buttons.addWidget(self.recompute_button)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(350)
        self._preview_timer.timeout.connect(self.run_preview)
        for box in self.boxes.values():
            box.valueChanged.connect(self.schedule_preview)
        self.preview_job: Job | None = None
        self._preview_basis: level_preview.PreviewBasis | None = None
        ctx.actions.changed.connect(self._shop_changed)
        self._preview_values: dict[str, Any] | None = None
        self._preview_again = False
        self.refresh_job: Job | None = None
        self.progress: QProgressDialog | None = None
        self._shown_once = False

    def _badge(self, level: int) -> LevelBadge:
        badge = LevelBadge(level)
        badge.setMinimumWidth(110)
        return badge

    # --- values ----------------------------------------------------------------

    def load(self, values: dict[str, Any]) -> None:
        for key, box in self.boxes.items():
            box.setValue(int(values.get(key, DEFAULTS[key])))

    def values(self) -> dict[str, Any]:
        return {key: box.value() for key, box in self.boxes.items()}

    def validate(self, values: dict[str, Any]) -> None:
        window = values["level.window_days"]
        if window < 1:
            raise InvalidInput("level.window_days", self.tr("The window must be at least 1 day."))
        for key in PURCHASE_DAY_KEYS:
            if values[key] < 1:
                raise InvalidInput(key, self.tr("Must be at least 1 purchase day."))
            if values[key] > window:
                raise InvalidInput(
                    key,
                    self.tr("Cannot be more than the %1 days of the window.").replace("%1", str(window)),
                )
        for key in PEOPLE_KEYS:
            if values[key] < 1:
                raise InvalidInput(key, self.tr("Must be at least 1."))

    def restore_defaults(self) -> None:
        for key, box in self.boxes.items():
            box.setValue(DEFAULTS[key])

    # --- preview -----------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.run_preview()

    def schedule_preview(self, *_args) -> None:
        if self._shown_once:
            self.preview.set_computing()
            self._preview_timer.start()

    def run_preview(self) -> None:
        """Count the levels with the numbers on screen, in the background."""
        if self.refresh_job is not None:
            return  # counted again once the refresh is done
        if self.preview_job is not None:
            self._preview_again = True
            return
        self._preview_again = False
        values = self.values()
        self._preview_values = values
        self.preview.set_computing()
        basis = self._preview_basis
        job = Job(lambda _report: level_preview.preview(values, basis)).answering(
            self._preview_done, self._preview_failed
        )
        self.preview_job = start(job)

    def _preview_done(self, shown: level_preview.LevelPreview) -> None:
        self.preview_job = None
        self._preview_basis = shown.basis
        if self._preview_again or self._preview_values != self.values():
            self.run_preview()
            return
        self.preview.set_counts(shown)

    def _shop_changed(self, changes: Changes) -> None:
        """Purchases, customers or communities changed: gather the facts again on the next count."""
        if changes.any_customer or changes.visits or changes.communities:
            self._preview_basis = None

    def _preview_failed(self, exc) -> None:
        self.preview_job = None
        if self._preview_again:
            self.run_preview()
            return
        self.preview.set_failed(error_text(exc))

    # --- saving ------------------------------------------------------------------

    def after_save(self, changed: dict[str, Any]) -> None:
        self.recompute(saved=True)

    def busy(self) -> bool:
        return self.refresh_job is not None

    def recompute(self, saved: bool = False) -> None:
        """Recompute every customer's stored level off the GUI thread, behind a busy dialog."""
        if self.refresh_job is not None:
            return
        self._saved = saved
        self.save_button.setEnabled(False)
        self.recompute_button.setEnabled(False)
        self.progress = QProgressDialog(
            self.tr("Recomputing every customer's level with the rules…"), "", 0, 0, self
        )
        self.progress.setWindowTitle(self.tr("Levels"))
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.show()
        job = Job(lambda _report: levels.refresh_all()).answering(self._refresh_done, self._refresh_failed)
        self.refresh_job = start(job)

    def _close_progress(self) -> None:
        self.refresh_job = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.recompute_button.setEnabled(True)
        self._set_dirty(bool(self.changed_values()))

    def _refresh_done(self, changed: int) -> None:
        self._close_progress()
        self._preview_basis = None
        text = self.tr("%n customer(s) changed level.", "", changed)
        if self._saved:
            text = self.tr("Saved.") + " " + text
        self.show_message(text)
        self.ctx.actions.levels_refreshed(changed)
        self.run_preview()

    def _refresh_failed(self, exc) -> None:
        self._close_progress()
        if self._saved:
            text = self.tr(
                "The rules were saved, but the levels could not be recomputed: %1"
                " Press Recompute levels to try again."
            ).replace("%1", error_text(exc))
        else:
            text = self.tr("The levels could not be recomputed: %1").replace("%1", error_text(exc))
        self.show_message(text, ERROR_STYLE)
