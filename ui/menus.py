"""The main window's menu bar: its actions with their keys (File, View, Help), set on the
window as attributes (``window.quit_action`` ...); the File menu kept in step with the role
and the shop; and what the File and View items do that nothing else in the window does
(open another database, the real shop, the backup actions, refresh).

The words keep the "MainWindow" translation context they were written in.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from ui.icons import icon

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """Every action of the window (each also a window-wide shortcut), and the menus that hold them."""

    def action(text: str, shortcut, slot, icon_key: str = "") -> QAction:
        act = QAction(text, window)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        act.setMenuRole(QAction.MenuRole.NoRole)  # macOS: "Settings" stays in the View menu
        if icon_key:
            act.setIcon(icon(icon_key))
        act.triggered.connect(slot)
        window.addAction(act)
        return act

    window.search_action = action(
        QCoreApplication.translate("MainWindow", "Search customers"),
        QKeySequence.StandardKey.Find,
        window.focus_search,
        "search",
    )
    window.new_customer_action = action(
        QCoreApplication.translate("MainWindow", "New customer"),
        QKeySequence.StandardKey.New,
        window.new_customer,
        "new customer",
    )
    window.log_visit_action = action(
        QCoreApplication.translate("MainWindow", "Log visit"), Qt.Key.Key_F2, window.log_visit, "log visit"
    )
    window.switch_staff_action = action(
        QCoreApplication.translate("MainWindow", "Switch staff…"),
        "Ctrl+L",
        window.switch_staff,
        "switch staff",
    )
    window.page_actions = {
        key: action(
            window.page_titles()[key],
            f"Ctrl+{index}",
            lambda _=False, k=key: window.show_page(k),
            f"page:{key}",
        )
        for index, key in enumerate(window.PAGE_KEYS[:8], start=1)
    }
    window.open_database_action = action(
        QCoreApplication.translate("MainWindow", "Open another database…"),
        None,
        lambda: choose_database(window),
        "open database",
    )
    window.backup_action = action(
        QCoreApplication.translate("MainWindow", "Back up now…"),
        None,
        lambda: run_in_backups(window, "choose_and_back_up"),
        "back up",
    )
    window.restore_action = action(
        QCoreApplication.translate("MainWindow", "Restore from a backup…"),
        None,
        lambda: run_in_backups(window, "choose_and_restore"),
        "restore",
    )
    window.backups_folder_action = action(
        QCoreApplication.translate("MainWindow", "Open backups folder"),
        None,
        lambda: run_in_backups(window, "open_backups_folder"),
        "backups folder",
    )
    window.check_action = action(
        QCoreApplication.translate("MainWindow", "Check the database"),
        None,
        lambda: run_in_backups(window, "check"),
        "check",
    )
    window.real_shop_action = action(
        QCoreApplication.translate("MainWindow", "Start my real shop…"),
        None,
        lambda: real_shop(window),
        "real shop",
    )
    window.quit_action = action(
        QCoreApplication.translate("MainWindow", "Quit"), "Ctrl+Q", window.close, "quit"
    )
    window.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    # F5 is each page's own key (it reads that page again); shown here, it stays theirs.
    window.refresh_action = action(
        QCoreApplication.translate("MainWindow", "Refresh"),
        Qt.Key.Key_F5,
        lambda: refresh_page(window),
        "refresh",
    )
    window.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    window.guide_action = action(
        QCoreApplication.translate("MainWindow", "User guide"), Qt.Key.Key_F1, window.show_guide, "guide"
    )
    window.shortcuts_action = action(
        QCoreApplication.translate("MainWindow", "Keyboard shortcuts"),
        None,
        window.show_shortcuts,
        "shortcuts",
    )
    window.about_action = action(
        QCoreApplication.translate("MainWindow", "About ShopCircle"), None, window.show_about, "about"
    )
    window.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def menu(title: str, name: str, items: list[QAction | None]) -> QMenu:
        added = window.menuBar().addMenu(title)
        added.setObjectName(name)
        added.setToolTipsVisible(True)  # a greyed item says why
        for item in items:
            added.addSeparator() if item is None else added.addAction(item)
        return added

    window.file_menu = menu(
        QCoreApplication.translate("MainWindow", "&File"),
        "FileMenu",
        [
            window.open_database_action,
            window.real_shop_action,
            None,
            window.backup_action,
            window.restore_action,
            window.backups_folder_action,
            window.check_action,
            None,
            window.switch_staff_action,
            window.quit_action,
        ],
    )
    window.view_menu = menu(
        QCoreApplication.translate("MainWindow", "Vie&w"),
        "ViewMenu",
        [*window.page_actions.values(), None, window.refresh_action],
    )
    window.help_menu = menu(
        QCoreApplication.translate("MainWindow", "&Help"),
        "HelpMenu",
        [window.guide_action, window.shortcuts_action, None, window.about_action],
    )


def update_menus(window: MainWindow) -> None:
    """The File menu follows the role (SPEC 8) and the shop as Settings → Database does:
    what the role may not do is hidden, or greyed with the reason."""
    from crm.services import shop
    from crm.services.common import may
    from ui.shop_switch import may_switch

    actor = window.ctx.actor
    in_file = shop.in_a_file(window.ctx.location)
    owner = may_switch(window.ctx)
    owner_only = (
        ""
        if owner
        else QCoreApplication.translate("MainWindow", "Only the owner can change the shop's database")
    )
    window.open_database_action.setEnabled(owner)
    window.open_database_action.setToolTip(owner_only or window.open_database_action.text())
    may_back_up = may(actor, "back up")
    window.backup_action.setVisible(in_file and may_back_up)
    window.backups_folder_action.setVisible(in_file and may_back_up)
    may_restore = may(actor, "restore a backup")
    window.restore_action.setVisible(in_file)
    window.restore_action.setEnabled(may_restore)
    window.restore_action.setToolTip(
        window.restore_action.text()
        if may_restore
        else QCoreApplication.translate("MainWindow", "Only the owner can restore a backup")
    )
    window.check_action.setVisible(may(actor, "check the database"))
    window.real_shop_action.setVisible(in_file and not window.banner.isHidden())
    window.real_shop_action.setEnabled(owner)
    window.real_shop_action.setText(
        QCoreApplication.translate("MainWindow", "Back to my shop (%1)").replace(
            "%1", Path(window.banner.real_shop).name
        )
        if window.banner.real_shop
        else QCoreApplication.translate("MainWindow", "Start my real shop…")
    )
    window.real_shop_action.setToolTip(owner_only or window.real_shop_action.text())


def choose_database(window: MainWindow) -> bool:
    """File → Open another database…: a file to open (or a new name to start one in)."""
    import os

    from crm.services import connection
    from ui.shop_switch import choose_database_file

    if not window.switcher.owner_only():
        return False
    location = window.ctx.location
    folder = "" if connection.is_server(location) else str(Path(os.path.abspath(location)).parent)
    path = choose_database_file(
        window, QCoreApplication.translate("MainWindow", "Open another database"), folder
    )
    return bool(path) and window.open_database(path)


def real_shop(window: MainWindow) -> bool:
    """File → Start my real shop… (or, in a demo left for the real shop, back to it)."""
    if window.banner.real_shop:
        return window.back_to_shop(window.banner.real_shop)
    return window.start_real_shop()


def run_in_backups(window: MainWindow, method: str) -> None:
    """A backup action of Settings → Database, run there, where it says how it went."""
    settings = window.show_page("settings")
    if not hasattr(settings, "show_section"):  # the page could not be built: it says so
        return
    section = settings.show_section("database")
    scroll = settings.stack.currentWidget()
    if hasattr(scroll, "ensureWidgetVisible"):
        scroll.ensureWidgetVisible(section.backups)
    getattr(section.backups, method)()


def refresh_page(window: MainWindow) -> None:
    """View → Refresh: the page shown reads again (in Customers, the list or the customer)."""
    widget = window.page(window.current_key())
    if not callable(getattr(widget, "refresh", None)):
        inner = getattr(widget, "stack", None)
        widget = inner.currentWidget() if inner is not None else None
    if callable(getattr(widget, "refresh", None)):
        widget.refresh()
