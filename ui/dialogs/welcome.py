"""First run: explain the idea in a few lines, then one of three starts: a demo
shop, the owner's own empty shop ("My shop": names, PIN, currency and phone
region), or a backup from another computer.

The app shows it when :meth:`WelcomeDialog.needed` (no customers and no staff
yet). The demo is generated off the GUI thread with a progress bar and can be
cancelled: the demo writes in one transaction, so a stop leaves the database
as empty as before. A backup is read and checked off the GUI thread too, and
restored only once the owner has seen what it holds.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCommandLinkButton,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm.errors import ShopError
from crm.levels import LEVELS
from crm.services import backup, settings, shop
from crm.services.changes import Changes
from crm.services.staff import StaffInfo
from ui import i18n
from ui.context import AppContext
from ui.dialogs.shop_setup import ShopSetupForm
from ui.dialogs.welcome_demo import DemoMaker
from ui.dialogs.welcome_restore import BackupRestorer
from ui.jobs import Job
from ui.widgets.forms import title_label, wrapping
from ui.widgets.level_badge import LevelBadge
from ui.widgets.page_parts import button_row, push_button
from ui.words import big_c, small_c

LANGUAGE_CHOICES = ("", "en", "zh_CN")


class WelcomeDialog(QDialog):
    """``WelcomeDialog(ctx, parent=None, locale=None)``; accepted once a demo, the owner's
    own shop or a backup is in place. ``locale`` (the system's by default) gives "My shop"
    its currency and phone region.

    After "My shop", ``owner`` is the new owner's :class:`StaffInfo`; after a restore,
    ``restored`` is what the backup held. Whatever it puts in place is published on
    ``ctx.actions``.
    """

    PAGE_INTRO, PAGE_DEMO, PAGE_EMPTY = range(3)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, locale: QLocale | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.locale_for_defaults = locale
        self.owner: StaffInfo | None = None
        self.restored: backup.BackupInfo | None = None
        self._close_when_stopped = False
        self.setObjectName("WelcomeDialog")
        self.setMinimumSize(720, 520)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_intro())
        self.demo = DemoMaker()
        self.demo.back.connect(lambda: self.stack.setCurrentIndex(self.PAGE_INTRO))
        self.demo.made.connect(self._demo_made)
        self.demo.ended.connect(self._demo_ended)
        self.stack.addWidget(self.demo)
        self.stack.addWidget(self._build_empty())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 20)
        layout.addWidget(self.stack)
        self.retranslate()

    @staticmethod
    def needed() -> bool:
        """True for a brand-new shop: no customers and no staff yet."""
        return shop.is_new()

    # --- building ----------------------------------------------------------------

    def _build_intro(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        top = QHBoxLayout()
        self.title = title_label(scale=1.6)
        top.addWidget(self.title, 1)
        self.language_label = QLabel()
        self.language_combo = QComboBox()
        for _ in LANGUAGE_CHOICES:
            self.language_combo.addItem("")
        stored = settings.get("language")
        self.language_combo.setCurrentIndex(
            LANGUAGE_CHOICES.index(stored) if stored in LANGUAGE_CHOICES else 0
        )
        self.language_combo.currentIndexChanged.connect(self._language_picked)
        top.addWidget(self.language_label)
        top.addWidget(self.language_combo)
        layout.addLayout(top)

        self.intro_text = wrapping()
        layout.addWidget(self.intro_text)
        levels = QGridLayout()
        levels.setHorizontalSpacing(14)
        levels.setVerticalSpacing(6)
        self.level_badges: list[LevelBadge] = []
        self.level_texts: list[QLabel] = []
        for level in range(len(LEVELS)):
            badge = LevelBadge(level)
            badge.setMinimumWidth(110)
            text = wrapping()
            levels.addWidget(badge, level, 0, Qt.AlignmentFlag.AlignTop)
            levels.addWidget(text, level, 1)
            self.level_badges.append(badge)
            self.level_texts.append(text)
        levels.setColumnStretch(1, 1)
        layout.addLayout(levels)
        self.big_c_text = wrapping()
        layout.addWidget(self.big_c_text)
        layout.addStretch(1)

        self.demo_choice = QCommandLinkButton()
        self.demo_choice.setObjectName("ChooseDemo")
        self.empty_choice = QCommandLinkButton()
        self.empty_choice.setObjectName("ChooseEmpty")
        self.restore_choice = QCommandLinkButton()
        self.restore_choice.setObjectName("ChooseRestore")
        self.demo_choice.clicked.connect(self._show_demo)
        self.empty_choice.clicked.connect(self._show_empty)
        self.restore_choice.clicked.connect(lambda: self.restorer.choose())
        choices = QHBoxLayout()
        choices.setSpacing(14)
        for choice in (self.demo_choice, self.empty_choice, self.restore_choice):
            choice.setAutoDefault(False)  # Enter on a later page is that page's own button
            choice.setStyleSheet(
                "QCommandLinkButton { background: #ffffff; border: 1px solid #d0d7de; border-radius: 8px;"
                " padding: 10px; }"
                "QCommandLinkButton:hover, QCommandLinkButton:focus { border-color: #1976d2; }"
            )
            choices.addWidget(choice, 1)
        layout.addLayout(choices)
        self.restorer = BackupRestorer(self.ctx, lambda: not self.demo.running())
        self.restorer.busy.connect(lambda busy: self._set_choices_enabled(not busy))
        self.restorer.restored.connect(self._restored)
        layout.addWidget(self.restorer)
        return page

    def _build_empty(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.empty_title = title_label(scale=1.6)
        layout.addWidget(self.empty_title)
        self.empty_text = wrapping()
        layout.addWidget(self.empty_text)
        self.setup_form = ShopSetupForm(self.locale_for_defaults)
        self.setup_form.submitted = self.start_empty
        layout.addWidget(self.setup_form)
        layout.addStretch(1)
        self.empty_back = push_button("", lambda: self.stack.setCurrentIndex(self.PAGE_INTRO))
        self.empty_start = push_button("", self.start_empty, name="EmptyStart")
        self.empty_start.setDefault(True)
        layout.addLayout(button_row((self.empty_back,), (self.empty_start,)))
        return page

    # --- words (again when the language changes) ---------------------------------

    def retranslate(self) -> None:
        c, small = big_c(), small_c()
        self.setWindowTitle(self.tr("Welcome to ShopCircle"))
        self.title.setText(self.tr("Welcome to ShopCircle 店圈"))
        self.language_label.setText(self.tr("Language"))
        system = i18n.LANGUAGES[i18n.system_language()]
        for index, text in enumerate(
            (self.tr("Follow the computer (%1)").replace("%1", system), "English", "简体中文")
        ):
            self.language_combo.setItemText(index, text)
        self.intro_text.setText(
            self.tr(
                "ShopCircle helps a shop turn first-time buyers into regulars who bring their friends."
                " From each customer's purchases it works out one of five relationship levels:"
            )
        )
        descriptions = (
            self.tr("a known contact with no purchase in the last year"),
            self.tr("bought, but is not a regular yet"),
            self.tr("comes back, but still has many shops to choose from"),
            self.tr("trusts the shop: buys often and recently, or recommends it"),
            self.tr("two-way trust: brings others in, or leads a community"),
        )
        for level, text in enumerate(descriptions):
            self.level_badges[level].set_level(level)
            self.level_texts[level].setText(text)
        self.big_c_text.setText(
            self.tr(
                "Strong and Super-strong customers are your super users. A %1 (group leader) leads a"
                " community such as a WeChat group; its members are %2. You serve a %2 through their"
                " %1, and a %2 who comes to trust the shop can become a %1."
            )
            .replace("%1", c)
            .replace("%2", small)
        )
        self.demo_choice.setText(self.tr("Demo shop"))
        self.demo_choice.setDescription(
            self.tr("Look around a made-up shop with customers, visits, referrals and communities.")
        )
        self.empty_choice.setText(self.tr("My shop"))
        self.empty_choice.setDescription(
            self.tr("Start your real shop, empty: its name, yours and a PIN, then add customers.")
        )
        self.restore_choice.setText(self.tr("Restore from a backup"))
        self.restore_choice.setDescription(
            self.tr("A new computer: bring the shop over from a backup copy of its database.")
        )

        self.demo.retranslate(c)

        self.empty_title.setText(self.tr("My shop"))
        self.empty_text.setText(
            self.tr("A few facts and you are ready. You are the shop's owner: add staff later in Settings.")
        )
        self.setup_form.retranslate()
        self.empty_back.setText(self.tr("Back"))
        self.empty_start.setText(self.tr("Start"))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def language(self) -> str:
        return LANGUAGE_CHOICES[max(0, self.language_combo.currentIndex())]

    def _language_picked(self, _index: int) -> None:
        language = i18n.resolve(self.language() or None)
        if language != self.ctx.language:
            app = QApplication.instance()
            if app is not None:
                i18n.install(app, language)
            self.ctx.language = language
            self.retranslate()

    def _show_demo(self) -> None:
        self.stack.setCurrentIndex(self.PAGE_DEMO)
        self.demo.shown()

    def _show_empty(self) -> None:
        self.stack.setCurrentIndex(self.PAGE_EMPTY)
        self.setup_form.focus_first()

    # --- demo (ui/dialogs/welcome_demo.py) ---------------------------------------------

    def running(self) -> bool:
        return self.demo.running()

    def _demo_made(self, _summary) -> None:
        self.ctx.actions.publish(Changes.everything())
        self._store_language()
        self.accept()

    def _demo_ended(self) -> None:
        if self._close_when_stopped:
            super().reject()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Esc on the demo or My shop page goes back to the three choices (nothing typed is
        lost); on the first page, or while the demo is being made, it is the usual close."""
        idle = not self.demo.running() and self.restore_job is None
        if event.key() == Qt.Key.Key_Escape and idle and self.stack.currentIndex() != self.PAGE_INTRO:
            self.stack.setCurrentIndex(self.PAGE_INTRO)
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Esc or the close button: stop a running demo first, then close; a restore
        under way finishes first (it cannot be stopped halfway)."""
        if self.demo.running():
            self._close_when_stopped = True
            self.demo.cancel()
            return
        if self.restore_job is not None:
            return
        super().reject()

    # --- my shop ---------------------------------------------------------------------------

    def start_empty(self) -> None:
        """Store the shop's settings and create the owner, all or nothing."""
        self.setup_form.clear_errors()
        language = self.language() if self.language() != settings.get("language") else None
        try:
            self.owner = self.ctx.actions.set_up_shop(self.setup_form.setup(language))
        except ShopError as exc:
            self.owner = None
            self.setup_form.show_error(exc)
            return
        self.accept()

    def _store_language(self) -> None:
        if self.language() != settings.get("language"):
            try:
                self.ctx.actions.set_settings({"language": self.language()})
            except ShopError:
                pass  # the shop is there; the language can be chosen again in Settings

    # --- restore from a backup (ui/dialogs/welcome_restore.py) --------------------------------

    @property
    def restore_job(self) -> Job | None:
        return self.restorer.job

    @property
    def restore_status(self) -> QLabel:
        return self.restorer.status

    def restore_from(self, path: str, ask: bool = True) -> Job | None:
        return self.restorer.restore_from(path, ask)

    def _set_choices_enabled(self, enabled: bool) -> None:
        for widget in (self.demo_choice, self.empty_choice, self.restore_choice, self.language_combo):
            widget.setEnabled(enabled)

    def _restored(self, info: backup.BackupInfo) -> None:
        self.restored = info
        self.accept()
