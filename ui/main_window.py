"""The main window: a navigation rail on the left, one page at a time on the right.

Pages are built the first time they are shown, so start-up only pays for the
page the owner lands on. Window geometry and the last page are remembered. The menu
bar is built in :mod:`ui.menus`; what closing asks while long work runs, in :mod:`ui.closing`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm.services.changes import Changes
from ui.closing import may_stop_work
from ui.context import AppContext
from ui.icons import ON_DARK, icon
from ui.menus import build_menus, update_menus
from ui.widgets.page_parts import nav_list
from ui.widgets.remembered_size import fit_screen
from ui.words import page_title

RAIL_STYLE = """
QListWidget#NavRail { background: #263238; color: #eceff1; border: none; padding-top: 12px;
                      font-size: 14px; outline: 0; }
QListWidget#NavRail::item { padding-left: 18px; border-left: 4px solid transparent; }
QListWidget#NavRail::item:hover { background: #37474f; }
QListWidget#NavRail::item:selected { background: #37474f; color: #ffffff; border-left: 4px solid #ffb74d;
                                     font-weight: bold; }
"""


def _page(module: str, cls: str) -> Callable[[AppContext], QWidget]:
    def build(ctx: AppContext) -> QWidget:
        return getattr(importlib.import_module(module), cls)(ctx)

    return build


class MainWindow(QMainWindow):
    PAGE_KEYS = (
        "dashboard",
        "counter",
        "customers",
        "followup",
        "communities",
        "fission",
        "reports",
        "settings",
    )

    def __init__(
        self, ctx: AppContext, page_factories: dict[str, Callable[[AppContext], QWidget]] | None = None
    ):
        super().__init__()
        self.ctx = ctx
        self.setObjectName("MainWindow")
        self.setMinimumSize(QSize(780, 540))
        self._factories = page_factories or self.default_factories()
        self._pages: dict[str, QWidget] = {}

        self.rail = nav_list("NavRail", RAIL_STYLE, self.page_titles(), width=150, height=40)
        self.rail.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.rail.setIconSize(QSize(18, 18))
        for row, key in enumerate(self.PAGE_KEYS):
            self.rail.item(row).setIcon(icon(f"page:{key}", ON_DARK))
        self.stack = QStackedWidget()
        for _key in self.PAGE_KEYS:
            holder = QWidget()
            holder.setLayout(QVBoxLayout())
            holder.layout().setContentsMargins(0, 0, 0, 0)
            self.stack.addWidget(holder)
        self.rail.currentRowChanged.connect(self._show_row)

        from ui.shop_switch import DemoBanner, ShopSwitcher

        self.banner = DemoBanner()
        self.banner.start_real.connect(self.start_real_shop)
        self.banner.back_to_shop.connect(self.back_to_shop)
        self.switcher = ShopSwitcher(self)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.rail)
        row.addWidget(self.stack, 1)
        column.addLayout(row, 1)
        self.setCentralWidget(central)

        self.staff_button = QToolButton()
        self.staff_button.setObjectName("switch_staff")
        self.staff_button.setAutoRaise(True)
        self.staff_button.setIcon(icon("switch staff"))
        self.staff_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.staff_button.clicked.connect(self.switch_staff)
        self.statusBar().addWidget(self.staff_button)
        self.status_label = QLabel()
        self.status_label.setObjectName("DatabaseName")
        self.statusBar().addPermanentWidget(self.status_label)
        self.guide = None
        self.dialog: QWidget | None = None  # the shortcuts or About window last opened
        build_menus(self)
        self._show_actor()
        self._show_database()
        ctx.bus.open_customer.connect(self.open_customer)
        ctx.bus.log_visit.connect(self.log_visit_for)
        ctx.actions.changed.connect(self._shop_changed)
        ctx.bus.leave_demo.connect(self.start_real_shop)
        ctx.bus.open_database.connect(self.open_database)
        ctx.bus.back_to_shop.connect(self.back_to_shop)
        self._restore()

    # --- pages -------------------------------------------------------------

    @staticmethod
    def default_factories() -> dict[str, Callable[[AppContext], QWidget]]:
        return {
            "dashboard": _page("ui.views.dashboard", "DashboardView"),
            "counter": _page("ui.views.counter.view", "CounterView"),
            "customers": _page("ui.views.customers", "CustomersView"),
            "followup": _page("ui.views.followup.page", "FollowUpView"),
            "communities": _page("ui.views.communities.page", "CommunitiesView"),
            "fission": _page("ui.views.fission", "FissionView"),
            "reports": _page("ui.views.reports", "ReportsView"),
            "settings": _page("ui.views.settings.page", "SettingsView"),
        }

    def page_titles(self) -> dict[str, str]:
        return {key: page_title(key) for key in self.PAGE_KEYS}

    def page(self, key: str) -> QWidget:
        """The page for ``key``, built on first use."""
        if key not in self._pages:
            factory = self._factories.get(key)
            try:
                widget = factory(self.ctx) if factory else QLabel(self.tr("Coming soon"))
            except Exception as exc:  # a broken page must not take the window down
                from ui.errors import error_text, log

                log.exception("page %s failed to open", key)
                widget = QLabel(self.tr("This page could not be opened: %1").replace("%1", error_text(exc)))
                widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
                widget.setWordWrap(True)
            widget.setObjectName(f"page_{key}")
            if hasattr(widget, "leave_to"):  # a page that leads back to another (Customers' Back)
                widget.leave_to.connect(self.show_page)
            holder = self.stack.widget(self.PAGE_KEYS.index(key))
            holder.layout().addWidget(widget)
            self._pages[key] = widget
        return self._pages[key]

    def show_page(self, key: str) -> QWidget:
        row = self.PAGE_KEYS.index(key)
        if self.rail.currentRow() != row:
            self.rail.setCurrentRow(row)
        return self.page(key)

    def current_key(self) -> str:
        return self.PAGE_KEYS[max(0, self.rail.currentRow())]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        key = self.PAGE_KEYS[row]
        self.page(key)
        self.stack.setCurrentIndex(row)
        widget = self._pages[key]
        if hasattr(widget, "activated"):
            widget.activated()

    # --- help ----------------------------------------------------------------

    def show_guide(self) -> None:
        """Help → User guide (F1), in the app's language; one window, brought forward."""
        from ui.dialogs.guide import GuideWindow

        if self.guide is None:
            self.guide = GuideWindow(self.ctx.language, self)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()

    def _open(self, dialog: QWidget) -> None:
        if self.dialog is not None:  # one at a time: the one before goes
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def show_shortcuts(self) -> None:
        from ui.dialogs.shortcuts import ShortcutsDialog

        keys = [
            self.search_action,
            self.new_customer_action,
            self.log_visit_action,
            self.switch_staff_action,
            *self.page_actions.values(),
            self.refresh_action,
            self.guide_action,
            self.quit_action,
        ]
        self._open(ShortcutsDialog(keys, self))

    def show_about(self) -> None:
        from ui.dialogs.about import AboutDialog

        self._open(AboutDialog(self.ctx.location, self))

    # --- which shop -------------------------------------------------------

    def _show_database(self) -> None:
        """The database's name in the status bar, where it is in full in its tooltip, and
        the demo banner when the shop is a demo."""
        from crm.errors import without_password

        location = self.ctx.location
        if location.startswith(("postgresql://", "postgres://")) or location == ":memory:":
            from urllib.parse import urlparse

            parsed = urlparse(location)
            name = f"{parsed.path.lstrip('/')}@{parsed.hostname}" if parsed.hostname else location
        else:
            name = Path(location).name
        self.status_label.setText(self.tr("Database: %1").replace("%1", name))
        self.status_label.setToolTip(without_password(location))
        self.banner.refresh(self.ctx)
        # The shop's own name, which Qt follows with the app's ("Sunshine Corner — ShopCircle 店圈").
        from crm.services import settings

        try:
            self.setWindowTitle(str(settings.get("shop_name") or ""))
        except Exception:  # noqa: BLE001 - a title must never stop the window
            self.setWindowTitle("")
        update_menus(self)

    def may_leave_pages(self, title: str = "", work: bool = True) -> bool:
        """True when no page has unsaved edits, or the person agrees to drop them; with
        ``work``, when no long work runs either (:meth:`may_stop_work`): another shop is
        about to be opened."""
        from ui.widgets.confirm import confirm

        if work and not self.may_stop_work(switching=True):
            return False
        unsaved = [key for key, page in self._pages.items() if getattr(page, "has_unsaved_changes", bool)()]
        return not unsaved or confirm(
            self,
            title or self.tr("ShopCircle 店圈"),
            self.tr("%1 has changes that are not saved. Go on anyway and drop them?").replace(
                "%1", ", ".join(self.page_titles()[key] for key in unsaved)
            ),
        )

    def open_database(self, location: str) -> bool:
        return self.switcher.open_other(location)

    def start_real_shop(self) -> bool:
        return self.switcher.start_real_shop()

    def back_to_shop(self, location: str) -> bool:
        """From a demo to the real shop it was left for, which must still be there (never a new,
        empty shop in its place)."""
        if not self.switcher.owner_only():
            return False
        if not Path(location).is_file():
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(
                self,
                self.tr("ShopCircle 店圈"),
                self.tr(
                    "Your shop's database is no longer at %1. If you moved it, open it with"
                    " Settings → Database → Open another database…"
                ).replace("%1", location),
            )
            self._show_database()
            return False
        return self.open_database(location)

    def enter_shop(self, location: str, actor) -> None:
        """Show another shop database (already open): every page is built again."""
        self.ctx.location = location
        self.set_actor(actor)
        self._show_database()

    # --- who is at the counter ---------------------------------------------

    def _show_actor(self) -> None:
        from ui.words import role_name

        actor = self.ctx.actor
        who = self.tr("Owner") if actor is None else f"{actor.name} · {role_name(actor.role)}"
        self.staff_button.setText(self.tr("Signed in: %1").replace("%1", who))
        self.staff_button.setToolTip(self.tr("Switch to another staff member (Ctrl+L)"))
        update_menus(self)

    def switch_staff(self) -> None:
        """Hand the counter to another staff member (asking their PIN); every page is
        built again for their role."""
        from ui.session import switch_staff

        if not self.may_leave_pages(self.tr("Switch staff"), work=False):  # work goes on for them
            return
        actor = switch_staff(self, self.ctx.actor.staff_id if self.ctx.actor else None)
        if actor is not None:
            self.set_actor(actor)

    def _shop_changed(self, changes: Changes) -> None:
        if changes.staff:
            self._staff_changed()
        if changes.settings:
            self._show_database()

    def _staff_changed(self) -> None:
        """Staff were edited (or the data restored from a backup): the person signed in
        may have another role now, or be gone."""
        from crm.errors import ShopError
        from crm.services import staff as staff_service

        actor = self.ctx.actor
        if actor is None or actor.staff_id is None:
            return
        try:
            fresh = staff_service.actor_for(actor.staff_id)
        except ShopError:
            self._sign_in_again()
            return
        if fresh.role != actor.role:
            self.set_actor(fresh)
        elif fresh.name != actor.name:
            self.ctx.actor = fresh
            self._show_actor()

    def _sign_in_again(self) -> None:
        from crm.services import staff as staff_service
        from ui.session import switch_staff
        from ui.widgets.confirm import confirm

        if not staff_service.list_staff():
            self.set_actor(None)  # no staff at all: the shop itself, as at a first start
            return
        while True:
            actor = switch_staff(self)
            if actor is not None:
                self.set_actor(actor)
                return
            if confirm(
                self,
                self.tr("Switch staff"),
                self.tr("%1 is no longer on the staff list. Nobody is signed in: quit ShopCircle?").replace(
                    "%1", self.ctx.actor.name if self.ctx.actor else ""
                ),
            ):
                self.close()
                return

    def set_actor(self, actor) -> None:
        current = self.current_key()
        self.ctx.actor = actor
        for key, widget in list(self._pages.items()):
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
            del self._pages[key]
        self._show_actor()
        self.banner.refresh(self.ctx)  # its buttons follow the role too
        self._show_row(self.PAGE_KEYS.index(current))

    def focus_search(self) -> None:
        counter = self.show_page("counter")
        if hasattr(counter, "focus_search"):
            counter.focus_search()

    def new_customer(self) -> None:
        counter = self.show_page("counter")
        if hasattr(counter, "new_customer"):
            counter.new_customer()

    def log_visit(self) -> None:
        counter = self.show_page("counter")
        if hasattr(counter, "log_visit"):
            counter.log_visit()

    def log_visit_for(self, customer_id: int) -> None:
        """The counter, on this customer, ready for their visit."""
        counter = self.show_page("counter")
        if hasattr(counter, "pick"):
            counter.pick(customer_id)

    def open_customer(self, customer_id: int) -> None:
        """Open a customer's page; its Back leads to the page they were opened from."""
        origin = self.current_key()
        customers = self.show_page("customers")
        if hasattr(customers, "open_customer"):
            customers.open_customer(customer_id, back_to=None if origin == "customers" else origin)

    # --- remembered state -------------------------------------------------

    def _settings(self) -> QSettings:
        from ui.session import app_settings

        return app_settings()

    def _restore(self) -> None:
        settings = self._settings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        fit_screen(self)
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        last = settings.value("window/page", "counter")
        self.show_page(last if last in self.PAGE_KEYS else "counter")

    # --- long work under way ------------------------------------------------

    def may_stop_work(self, switching: bool = False) -> bool:
        """Before the window closes (or, ``switching``, before another shop opens): running work
        is waited for or cancelled, as the person chooses (:func:`ui.closing.may_stop_work`)."""
        return may_stop_work(self, switching)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self.may_stop_work():
            event.ignore()
            return
        settings = self._settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/page", self.current_key())
        super().closeEvent(event)


def build_window(location: str, actor=None, language: str = "en") -> MainWindow:
    """The main window on the shop at ``location`` (already open), for ``actor`` in ``language``."""
    return MainWindow(AppContext(location=location, actor=actor, language=language))
