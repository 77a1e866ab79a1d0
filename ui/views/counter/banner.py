"""The notice under the counter's entry form: what was just saved, a coloured
line when the customer's level moved, what moves them up next (once their card
has been read again), and an Undo button for a few seconds."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from crm.money import format_amount
from crm.services.visits import VisitResult
from ui.widgets.forms import title_label
from ui.words import level_name, visit_kind

UNDO_SECONDS = 10


def what(kind: str, amount: int, currency: str) -> str:
    """A visit in a few words: "Purchase ¥50.00", "Visit"."""
    if amount:
        return f"{visit_kind(kind)} {format_amount(amount, currency)}"
    return visit_kind(kind)


# (background, border, text) for each tone.
TONES = {
    "info": ("#eef4fb", "#c5d9f0", "#1a3c5e"),
    "up": ("#e8f5e9", "#a5d6a7", "#1b5e20"),
    "down": ("#fff3e0", "#ffcc80", "#8a3b00"),
    "error": ("#ffebee", "#ef9a9a", "#b71c1c"),
}


class CounterBanner(QFrame):
    undo_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("CounterBanner")
        self.tone = "info"
        self._next_step_for: int | None = None  # the customer whose saved visit awaits its next step
        self.headline = title_label(scale=1.25)
        self.headline.setObjectName("BannerHeadline")
        self.headline.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("BannerDetail")
        self.detail.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("BannerUndo")
        self.undo_button.setToolTip(self.tr("Remove the visit just logged (Alt+U)"))
        # A shortcut of the banner's, not the button's: a button's text set anew (the countdown,
        # each second) takes the button's shortcut from that text, and it has none.
        self.undo_shortcut = QShortcut(QKeySequence("Alt+U"), self)
        self.undo_shortcut.activated.connect(self._undo_by_key)
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.undo_button.clicked.connect(self.undo_requested)
        # The button keeps its place when it goes, so the words beside it do not move.
        policy = self.undo_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.undo_button.setSizePolicy(policy)
        self.seconds_left = 0
        self.undo_timer = QTimer(self)  # ticks each second: the button counts down
        self.undo_timer.setInterval(1000)
        self.undo_timer.timeout.connect(self._tick)

        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.headline)
        texts.addWidget(self.detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 10, 10)
        layout.addLayout(texts, 1)
        layout.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_notice(self, headline: str, detail: str = "", tone: str = "info", undo: bool = False) -> None:
        self.tone = tone
        background, border, text = TONES[tone]
        self.setStyleSheet(
            f"#CounterBanner {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 8px; }} #CounterBanner QLabel {{ color: {text}; }}"
        )
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self._next_step_for = None
        self.undo_timer.stop()
        self.undo_button.setVisible(undo)
        if undo:
            self.seconds_left = UNDO_SECONDS
            self._count_down()
            self.undo_timer.start()
        self.show()

    def _tick(self) -> None:
        self.seconds_left -= 1
        if self.seconds_left <= 0:
            self.end_undo()
        else:
            self._count_down()

    def _count_down(self) -> None:
        self.undo_button.setText(self.tr("Undo (%1 s)").replace("%1", str(self.seconds_left)))
        widest = self.tr("Undo (%1 s)").replace("%1", str(UNDO_SECONDS))
        self.undo_button.setMinimumWidth(self.undo_button.fontMetrics().horizontalAdvance(widest) + 24)

    def _undo_by_key(self) -> None:
        if self.undo_available():
            self.undo_requested.emit()

    def undo_available(self) -> bool:
        return not self.undo_button.isHidden()

    def end_undo(self) -> None:
        self.undo_timer.stop()
        self.undo_button.hide()

    def show_saved(self, result: VisitResult, name: str, currency: str) -> None:
        """What was saved for whom; a level move in colour; Undo offered. The next step up
        follows with :meth:`show_next_step` when the customer's card has been read again."""
        saved = (
            self.tr("Saved: %1 for %2")
            .replace("%1", what(result.visit.kind, result.visit.amount, currency))
            .replace("%2", name)
        )
        moved = result.level_moved
        if moved:
            headline = (
                self.tr("%1: %2 → %3")
                .replace("%1", name)
                .replace("%2", level_name(result.level_before))
                .replace("%3", level_name(result.level_after))
            )
            detail = saved
        else:
            headline = saved
            detail = self.tr("Level stays %1").replace("%1", level_name(result.level_after))
        tone = "info" if not moved else ("up" if moved > 0 else "down")
        self.show_notice(headline, detail, tone, undo=True)
        self._next_step_for = result.visit.customer_id

    def show_next_step(self, customer_id: int, step: str | None) -> None:
        """What moves the customer of the visit just saved up next (once, from their fresh card)."""
        if customer_id != self._next_step_for:
            return
        self._next_step_for = None
        if step:
            self.detail.setText(self.detail.text() + "  ·  " + self.tr("Next: %1").replace("%1", step))

    def show_undone(self, kind: str, amount: int, name: str, currency: str) -> None:
        self.show_notice(
            self.tr("Undone: %1 for %2 removed")
            .replace("%1", what(kind, amount, currency))
            .replace("%2", name),
            tone="info",
        )
