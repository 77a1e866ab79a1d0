"""The highlighted customer's card at the counter: who they are, their level and
why, what moves them up, who brought them, the 大C serving them, recent visits
and open tasks.

It shows at once who the customer is from their search hit
(:meth:`CounterCard.show_summary`), then everything once the page has read it
off the GUI thread (:meth:`CounterCard.set_data`, from
:func:`crm.services.counter_card.card`)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crm.money import format_amount
from crm.services.counter_card import CardData
from crm.services.search import SearchHit
from ui.widgets.forms import title_label
from ui.widgets.level_badge import LevelBadge
from ui.words import big_c, explanation_text, step_text, visit_kind


def next_step(data: CardData) -> str | None:
    """What moves the customer up a level, in words (None: at the top already)."""
    steps = data.explanation.next_steps
    return step_text(steps[0]) if steps else None


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("color: #757575;")
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _value() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


class CounterCard(QFrame):
    """Shows one customer; ``open_requested``/``edit_requested`` carry their id."""

    open_requested = Signal(int)
    edit_requested = Signal(int)

    def allow_editing(self, allowed: bool) -> None:
        """Edit profile for those who may edit customers; to others it says who may."""
        self.edit_button.setEnabled(allowed)
        if not allowed:
            self.edit_button.setToolTip(self.tr("Only a manager or the owner may edit a customer."))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("CounterCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.data: CardData | None = None
        self._shown_id: int | None = None

        self.name_label = title_label(scale=1.6)
        self.name_label.setObjectName("CardName")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = LevelBadge()
        self.badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.edit_button = QPushButton(self.tr("Edit profile"))
        self.edit_button.setToolTip(self.tr("Change name, phone, referrer, communities (Ctrl+E)"))
        self.edit_button.setShortcut("Ctrl+E")
        self.open_button = QPushButton(self.tr("Open customer"))
        self.open_button.setToolTip(self.tr("The full customer page: timeline, referrals, tasks (Ctrl+O)"))
        self.open_button.setShortcut("Ctrl+O")
        for button in (self.edit_button, self.open_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.edit_button.clicked.connect(lambda: self._emit(self.edit_requested))
        self.open_button.clicked.connect(lambda: self._emit(self.open_requested))

        head = QHBoxLayout()
        head.setSpacing(10)
        head.addWidget(self.name_label)
        head.addWidget(self.badge)
        head.addStretch(1)
        head.addWidget(self.edit_button)
        head.addWidget(self.open_button)

        self.contact_label = QLabel()
        self.contact_label.setObjectName("CardContact")
        self.contact_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.explanation_label = _value()
        self.explanation_label.setObjectName("CardExplanation")
        self.next_label = _value()
        self.next_label.setObjectName("CardNextStep")
        self.outlook_label = _value()
        self.outlook_label.setObjectName("CardOutlook")
        self.referrer_label = _value()
        self.serving_label = _value()
        self.tasks_label = _value()
        self.visits_label = _value()
        self.visits_label.setTextFormat(Qt.TextFormat.RichText)

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        self.captions: dict[str, QLabel] = {}
        rows = (
            ("level", self.tr("Level"), self.explanation_label),
            ("next", self.tr("Moves up with"), self.next_label),
            ("outlook", self.tr("Outlook"), self.outlook_label),
            ("referrer", self.tr("Referred by"), self.referrer_label),
            ("serving", self.tr("Served by"), self.serving_label),
            ("tasks", self.tr("Open tasks"), self.tasks_label),
            ("visits", self.tr("Recent visits"), self.visits_label),
        )
        for row, (key, caption, widget) in enumerate(rows):
            self.captions[key] = _caption(caption)
            grid.addWidget(self.captions[key], row, 0)
            grid.addWidget(widget, row, 1)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(8)
        body_layout.addLayout(head)
        body_layout.addWidget(self.contact_label)
        body_layout.addLayout(grid)
        self.body = body

        self.empty_label = QLabel(self.tr("Pick a customer to see their card and log a purchase or visit."))
        self.empty_label.setObjectName("CardEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #757575; padding: 24px;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(self.empty_label)
        layout.addWidget(body)
        self.clear()

    # --- state ------------------------------------------------------------

    def customer_id(self) -> int | None:
        """The customer shown, fully or by their summary while the rest loads."""
        return self._shown_id

    def loaded(self) -> bool:
        return self.data is not None and self.data.info.id == self._shown_id

    def clear(self) -> None:
        self.data = None
        self._shown_id = None
        self.body.hide()
        self.empty_label.show()

    def show_summary(self, hit: SearchHit) -> None:
        """Who the customer is, at once from their search hit (no query); the level's
        explanation, referrer and visits follow with :meth:`show_customer`."""
        self.data = None
        self._shown_id = hit.id
        self.name_label.setText(hit.name)
        self.badge.set_level(hit.level)
        contact = [part for part in (hit.phone_display, hit.code) if part]
        self.contact_label.setText("  ·  ".join(contact))
        for label in (
            self.explanation_label,
            self.next_label,
            self.outlook_label,
            self.referrer_label,
            self.serving_label,
            self.tasks_label,
            self.visits_label,
        ):
            label.setText("…")
        self.empty_label.hide()
        self.body.show()

    def set_data(self, data: CardData) -> None:
        self.data = data
        self._shown_id = data.info.id
        info = data.info
        self.name_label.setText(info.name)
        self.badge.set_level(info.level)
        contact = [part for part in (info.phone_display, info.code, info.wechat) if part]
        if info.archived:
            contact.append(self.tr("archived"))
        self.contact_label.setText("  ·  ".join(contact))
        self.explanation_label.setText(explanation_text(data.explanation, data.window_days))
        self.next_label.setText(next_step(data) or self.tr("Already at the top level"))
        from ui.lifetime_words import outlook  # numpy: with the first card, not with the counter page

        line, details = outlook(data.lifetime, data.currency)
        self.outlook_label.setText(line)
        self.outlook_label.setToolTip(details)
        self.referrer_label.setText(info.referrer_name or self.tr("Nobody (came by themselves)"))
        self.captions["serving"].setText(self.tr("Served by %1").replace("%1", big_c()))
        if data.serving is not None:
            self.serving_label.setText(f"{data.serving.name}  ({data.serving.code})")
        else:
            self.serving_label.setText("—")
        self.tasks_label.setText(str(data.open_tasks))
        self.visits_label.setText(self._visits_html(data))
        self.empty_label.hide()
        self.body.show()

    def _visits_html(self, data: CardData) -> str:
        if not data.recent:
            return html.escape(self.tr("No visits yet"))
        rows = []
        for v in data.recent:
            amount = format_amount(v.amount, data.currency) if v.amount else ""
            color = "#c62828" if v.amount < 0 else "inherit"
            rows.append(
                "<tr>"
                f"<td style='padding-right:14px'>{v.at:%Y-%m-%d %H:%M}</td>"
                f"<td style='padding-right:14px'>{html.escape(visit_kind(v.kind))}</td>"
                f"<td align='right' style='padding-right:14px; color:{color}'>{html.escape(amount)}</td>"
                f"<td style='color:#757575'>{html.escape(v.staff_name or '')}</td>"
                "</tr>"
            )
        return "<table cellspacing='0' cellpadding='1'>" + "".join(rows) + "</table>"

    def _emit(self, signal) -> None:
        if self._shown_id is not None:
            signal.emit(self._shown_id)
