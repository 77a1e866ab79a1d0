"""The ``shopcircle`` desktop app: QApplication, languages, database, first run.

Start-up does only what the first screen needs: open (or create/migrate) the
database, load the translations, build the main window. Levels decay with
time, so a full level refresh runs once at start on a worker thread and the
screens reload when it is done.
"""

from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from crm.db import close_database, default_location, open_database
from crm.errors import ShopError
from crm.services import settings as shop_settings
from crm.services import staff as staff_service
from ui import i18n
from ui.context import AppContext
from ui.errors import error_text, install_excepthook
from ui.jobs import Job, start
from ui.main_window import SETTINGS_APP, SETTINGS_ORG, MainWindow

TITLE = "ShopCircle 店圈"


def refresh_levels() -> int:
    """The full level refresh (about a second on a big shop), run off the GUI thread."""
    from crm.services import levels

    return levels.refresh_all()


def open_shop(location: str) -> str | None:
    """Open the database, asking for another file while it cannot be opened; None to quit."""
    while True:
        try:
            open_database(location)
            return location
        except ShopError as exc:
            box = QMessageBox(QMessageBox.Icon.Critical, TITLE, error_text(exc))
            other = box.addButton(
                QApplication.translate("App", "Choose another file…"), QMessageBox.ButtonRole.ActionRole
            )
            box.addButton(QMessageBox.StandardButton.Retry)
            box.addButton(QMessageBox.StandardButton.Close)
            box.exec()
            if box.clickedButton() is other:
                chosen, _ = QFileDialog.getSaveFileName(
                    None,
                    QApplication.translate("App", "Shop database"),
                    location,
                    QApplication.translate("App", "ShopCircle database (*.db)"),
                    options=QFileDialog.Option.DontConfirmOverwrite,
                )
                if chosen:
                    location = chosen
            elif box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Retry:
                return None


def choose_actor() -> object | None:
    """Who is at the counter: the last staff member who used this computer (asking
    for their PIN when they have one); None (the shop owner) when there is no staff;
    False when nobody could sign in (quit)."""
    from ui.dialogs import staff_login

    active = staff_service.list_staff()
    if not active:
        return None
    last = staff_login.last_used()
    chosen = next((s for s in active if str(s.id) == last), None)
    if chosen is None:
        chosen = next((s for s in active if s.role == "owner"), active[0])
    if not staff_login.ask_pin(None, chosen):
        # Not them: fall back to a staff member without a PIN, else quit.
        plain = [s for s in active if not s.has_pin]
        if not plain:
            return False
        chosen = plain[0]
    staff_login.remember(chosen.id)
    return staff_service.actor_for(chosen.id)


def build_window(location: str, actor=None, language: str = "en") -> MainWindow:
    ctx = AppContext(location=location, actor=actor, language=language)
    return MainWindow(ctx)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="shopcircle", description="ShopCircle desktop app")
    parser.add_argument("--db", default=None, help="database file or postgresql:// URL")
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), default=None, help="language")
    parser.add_argument("--no-refresh", action="store_true", help="skip the level refresh at start")
    args, _ = parser.parse_known_args(argv[1:])
    return args


def _start_up_work() -> tuple[int, BaseException | None]:
    """Off the GUI thread after the window is up: levels decay with time, so refresh
    them; then the day's automatic backup (a file shop only). Returns how many levels
    moved, and why the backup failed (None when it was made or not due)."""
    changed = refresh_levels()
    from crm.db import database, is_postgres

    location = getattr(database.obj, "shop_location", "")
    if location and location != ":memory:" and not is_postgres(location):
        from crm.services.backup import automatic_backup

        try:
            automatic_backup()
        except Exception as exc:  # noqa: BLE001 - a failed copy must not stop the shop: it is said
            logging.getLogger("shopcircle").exception("automatic backup failed")
            return changed, exc
    return changed, None


def _started(window: MainWindow, result: tuple[int, BaseException | None]) -> None:
    changed, backup_error = result
    if changed:
        window.ctx.bus.customers_changed.emit()
    if backup_error is not None:
        window.statusBar().showMessage(
            QApplication.translate("App", "Today's automatic backup failed: %1").replace(
                "%1", error_text(backup_error)
            ),
            60_000,
        )


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # the report's worker process, in a frozen app
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv)
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName(SETTINGS_ORG)
    app.setApplicationName(SETTINGS_APP)
    app.setApplicationDisplayName(TITLE)
    icon = i18n.RESOURCES / "icons" / "shopcircle.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_excepthook()
    i18n.install(app, i18n.resolve(args.lang))

    location = open_shop(args.db or default_location())
    if location is None:
        return 2
    language = i18n.install(app, i18n.resolve(args.lang or shop_settings.get("language")))
    try:
        from ui.dialogs.welcome import WelcomeDialog

        if WelcomeDialog.needed():
            welcome = WelcomeDialog(AppContext(location=location, language=language))
            if not welcome.exec():
                return 0
            language = i18n.install(app, i18n.resolve(args.lang or shop_settings.get("language")))
    except ImportError:
        pass
    actor = choose_actor()
    if actor is False:
        return 0
    window = build_window(location, actor, language)
    window.show()
    if not args.no_refresh:
        job = Job(lambda _report: _start_up_work())
        job.signals.done.connect(lambda result: _started(window, result))
        # Shown in the status bar, never a crash.
        job.signals.failed.connect(lambda exc: window.statusBar().showMessage(error_text(exc), 10_000))
        start(job)
    try:
        return app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone(5000)
        close_database()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
