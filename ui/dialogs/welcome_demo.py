"""The welcome's demo page: a made-up shop of the size chosen, invented off the GUI thread
with a progress bar; Cancel (or Esc) stops it, and since the demo is written in one
transaction a stop leaves the database as empty as before."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from crm import demo
from crm.errors import NotEmpty
from ui.errors import error_text
from ui.jobs import Cancelled, Job, start
from ui.widgets.forms import ERROR_STYLE, NOTE_STYLE, title_label, wrapping
from ui.widgets.page_parts import button_row, push_button
from ui.words import customers_count, visits_count


class DemoMaker(QWidget):
    """``made(summary)`` once the demo is in the database; ``ended()`` when it stopped or
    failed (the page says why); ``back()`` for the Back button."""

    SIZES = (2_000, 20_000)
    made = Signal(object)
    ended = Signal()
    back = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.job: Job | None = None
        layout = _column(self, 12)
        self.title = title_label(scale=1.6)
        layout.addWidget(self.title)
        self.text = wrapping()
        layout.addWidget(self.text)
        self.size_group = QButtonGroup(self)
        self.size_buttons: list[QRadioButton] = []
        for index, _size in enumerate(self.SIZES):
            button = QRadioButton()
            self.size_group.addButton(button, index)
            self.size_buttons.append(button)
            layout.addWidget(button)
        self.size_buttons[0].setChecked(True)
        layout.addSpacing(8)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        self.progress_bar.hide()
        layout.addWidget(self.progress_bar)
        self.status = wrapping(style=NOTE_STYLE)
        self.status.setObjectName("DemoStatus")
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.back_button = push_button("", self.back)
        self.cancel_button = push_button("", self.cancel, name="DemoCancel")
        self.cancel_button.hide()
        self.start_button = push_button("", self.start, name="DemoStart")
        self.start_button.setDefault(True)
        layout.addLayout(button_row((self.back_button,), (self.cancel_button, self.start_button)))

    def retranslate(self, big_c: str) -> None:
        self.title.setText(self.tr("Try a demo shop"))
        self.text.setText(
            self.tr(
                "ShopCircle invents about three years of a neighbourhood shop: customers and their visits,"
                " who referred whom, communities led by a %1, staff and follow-up tasks. Every name and"
                ' phone number is made up. When you are ready for your real shop, "Start my real'
                " shop…\" on the demo's banner keeps the demo aside and starts yours, empty."
            ).replace("%1", big_c)
        )
        hints = (self.tr("quick, about a second"), self.tr("a busy shop, several seconds"))
        for index, (button, size) in enumerate(zip(self.size_buttons, self.SIZES, strict=True)):
            hint = hints[min(index, len(hints) - 1)]
            button.setText(self.tr("%1 (%2)").replace("%1", customers_count(size)).replace("%2", hint))
        self.back_button.setText(self.tr("Back"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop; nothing is written (Esc)"))
        self.start_button.setText(self.tr("Create the demo shop"))

    def shown(self) -> None:
        """The page came to the front: Enter creates the demo of the size chosen."""
        self.start_button.setDefault(True)
        self.size_buttons[max(0, self.size_group.checkedId())].setFocus()

    def size(self) -> int:
        return self.SIZES[max(0, self.size_group.checkedId())]

    def running(self) -> bool:
        return self.job is not None

    def start(self) -> None:
        if self.job is not None:
            return
        size = self.size()

        def work(report) -> Any:
            def progress(fraction: float, message: str) -> None:
                # At 1.0 the demo is committed: too late to stop it.
                if fraction < 1.0:
                    report(fraction, message)

            return demo.generate(customers=size, seed=1, progress=progress)

        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.status.setStyleSheet(NOTE_STYLE)
        self.status.setText(self.tr("Starting…"))
        self._set_choosing(False)
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        job = Job(work)
        job.signals.progress.connect(self._progress)
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self.job = start(job)

    def cancel(self) -> None:
        if self.job is None:
            return
        self.job.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Stopping…"))

    def _set_choosing(self, enabled: bool) -> None:
        for button in (*self.size_buttons, self.start_button, self.back_button):
            button.setEnabled(enabled)

    def step_text(self, message: str) -> str:
        return {
            "staff": self.tr("Hiring staff…"),
            "customers": self.tr("Inventing customers…"),
            "visits": self.tr("Inventing visits…"),
            "communities": self.tr("Founding communities…"),
            "tasks": self.tr("Planning follow-up tasks…"),
            "writing": self.tr("Writing…"),
            "writing visits": self.tr("Writing visits…"),
            "indexing visits": self.tr("Indexing visits…"),
            "level history": self.tr("Working out how each customer's level moved…"),
            "levels": self.tr("Working out relationship levels…"),
            "done": self.tr("Done."),
        }.get(message, message)

    def _progress(self, fraction: float, message: str) -> None:
        if self.job is None or self.job.cancel_requested:
            return
        self.progress_bar.setValue(max(self.progress_bar.value(), round(fraction * 100)))
        self.status.setText(self.step_text(message))

    def _stopped_working(self) -> None:
        self.job = None
        self._set_choosing(True)
        self.cancel_button.hide()

    def _done(self, summary) -> None:
        self._stopped_working()
        self.progress_bar.setValue(100)
        self.status.setText(
            self.tr("Done: %1 and %2.")
            .replace("%1", customers_count(summary.customers))
            .replace("%2", visits_count(summary.visits))
        )
        self.made.emit(summary)

    def _failed(self, exc: BaseException) -> None:
        self._stopped_working()
        self.progress_bar.hide()
        if isinstance(exc, Cancelled):
            self.status.setStyleSheet(NOTE_STYLE)
            self.status.setText(self.tr("Stopped. Nothing was written."))
        elif isinstance(exc, NotEmpty):
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(
                self.tr(
                    "This database already has data, so no demo was added."
                    " Open an empty database to try the demo."
                )
            )
        else:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(error_text(exc))
        self.ended.emit()


def _column(widget: QWidget, spacing: int) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    return layout
