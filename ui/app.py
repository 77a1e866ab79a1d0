"""The ``shopcircle`` desktop app: QApplication, languages, database, first run.

Start-up does only what the first screen needs: open (or create/migrate) the
database, load the translations, build the main window. Levels decay with
time, so a full level refresh runs once at start on a worker thread and the
screens reload when it is done.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from crm.errors import ShopError
from crm.services import connection
from crm.services import settings as shop_settings
from ui import console as ui_console
from ui import i18n
from ui.errors import error_text, install_excepthook
from ui.jobs import Job, start
from ui.main_window import MainWindow, build_window
from ui.session import (
    SETTINGS_APP,
    SETTINGS_ORG,
    app_settings,
    keep_settings_in,
    startup_location,
    welcome_and_sign_in,
)

TITLE = "ShopCircle 店圈"


def app_icon() -> QIcon:
    """The app's icon: the sizes the installer build renders (a frozen app carries only
    those, not Qt's SVG module), else the SVG they are made from (running from source)."""
    folder = i18n.RESOURCES / "icons"
    icon = QIcon()
    for png in sorted(folder.glob("shopcircle-*.png")):
        icon.addFile(str(png))
    if icon.isNull() and (folder / "shopcircle.svg").exists():
        icon.addFile(str(folder / "shopcircle.svg"))
    return icon


def refresh_levels() -> int:
    """The full level refresh (about a second on a big shop), run off the GUI thread; a drop
    that happened while the app was closed is dated the day it happened."""
    from crm.services import levels

    return levels.refresh_all(date_lapses=True)


def open_shop(location: str) -> str | None:
    """Open the database, asking for another file while it cannot be opened; None to quit."""
    while True:
        try:
            connection.open_shop(location)
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
                from ui.shop_switch import choose_database_file

                start = (
                    connection.default_location() if connection.is_server(location) else location
                )  # a server is no folder
                chosen = choose_database_file(None, QApplication.translate("App", "Shop database"), start)
                if chosen:
                    location = chosen
            elif box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Retry:
                return None


def _drop_if_unused(location: str) -> None:
    """The welcome was closed without choosing: a shop file with nothing in it (no customers,
    visits, staff or shop name, as this start made it) is not left behind."""
    from crm.services import shop

    if not shop.in_a_file(location) or not shop.is_empty() or shop_settings.get("shop_name"):
        return
    connection.close_shop()
    connection.remove_shop(location)


class _Version(argparse.Action):
    """``--version``: the installed version, read only when asked (reading the package's
    metadata costs a start about 20 ms)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from crm import version

        print(f"ShopCircle {version()}")
        parser.exit()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="shopcircle", description="ShopCircle desktop app")
    parser.add_argument("--db", default=None, help="database file or postgresql:// URL")
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), default=None, help="language")
    parser.add_argument("--no-refresh", action="store_true", help="skip the level refresh at start")
    parser.add_argument("--version", action=_Version)
    parser.add_argument(
        "--selftest",
        action="store_true",
        help="check this installation in a temporary folder, step by step (exit 0 when all pass)",
    )
    args, _ = parser.parse_known_args(argv[1:])
    return args


def _start_up_work() -> tuple[int, BaseException | None]:
    """Off the GUI thread after the window is up: levels decay with time, so refresh
    them; then the day's automatic backup (a file shop only). Returns how many levels
    moved, and why the backup failed (None when it was made or not due)."""
    changed = refresh_levels()
    location = connection.current_location()
    if location and location != ":memory:" and not connection.is_server(location):
        from crm.services.backup import automatic_backup

        try:
            automatic_backup()
        except Exception as exc:  # noqa: BLE001 - a failed copy must not stop the shop: it is said
            logging.getLogger("shopcircle").exception("automatic backup failed")
            return changed, exc
    return changed, None


def refit_lifetime(window: MainWindow) -> Job:
    """After the start-up level refresh, off the GUI thread: fit the lifetime models again when
    the purchases moved since the stored fit (a visit written since, or a fit of an earlier
    day); the pages that show a customer's outlook read again once the new fit is stored. A
    failed fit is logged and leaves the stored one in use."""
    from crm.services import lifetime

    def fitted(fit) -> None:
        if fit is not None:
            window.ctx.actions.lifetime_fitted()

    job = Job(lambda _report: lifetime.refit_if_stale())
    job.signals.done.connect(fitted)
    job.signals.failed.connect(
        lambda exc: logging.getLogger("shopcircle").error("lifetime refit failed", exc_info=exc)
    )
    return start(job)


def start_up_work(window: MainWindow) -> Job:
    """The level refresh and the day's backup, then the lifetime refit, off the GUI thread once
    the window is up: the list is usable meanwhile."""
    job = Job(lambda _report: _start_up_work())
    job.signals.done.connect(lambda result: _started(window, result))
    # Shown in the status bar, never a crash.
    job.signals.failed.connect(lambda exc: window.statusBar().showMessage(error_text(exc), 10_000))
    return start(job)


def _started(window: MainWindow, result: tuple[int, BaseException | None]) -> None:
    changed, backup_error = result
    window.ctx.actions.levels_refreshed(changed)
    refit_lifetime(window)
    if backup_error is not None:
        window.statusBar().showMessage(
            QApplication.translate("App", "Today's automatic backup failed: %1").replace(
                "%1", error_text(backup_error)
            ),
            60_000,
        )


_RUNNING: list[object] = []
_PROBE_SETTINGS: list[tempfile.TemporaryDirectory] = []


def _announce_running() -> None:
    """On Windows, hold a named mutex while the app runs: its installer and uninstaller
    look for it (Inno Setup's AppMutex) and ask for ShopCircle to be closed first."""
    if sys.platform != "win32":
        return
    import ctypes

    _RUNNING.append(ctypes.windll.kernel32.CreateMutexW(None, False, "ShopCircle.Running"))


def _probe_startup(app: QApplication, window: MainWindow) -> None:
    """For the start-up benchmarks (benchmarks/bench.py, installer/build.py --selftest): say
    FIRST when the customer list shows its first screen of rows, READY once it holds every
    row, then quit. Each line gives the count and the wall-clock time it was printed."""
    import time

    page = window.show_page("customers")

    said: list[int] = []

    def first(count: int) -> None:
        if not said:
            said.append(count)
            app.processEvents()  # painted, and the search box taking keys
            print(f"FIRST {count} {time.time():.4f}", flush=True)

    def ready(count: int) -> None:
        print(f"READY {count} {time.time():.4f}", flush=True)
        app.quit()

    page.list.first_rows.connect(first)
    page.list.loaded.connect(ready)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    ui_console.attach()  # a windowed build still answers --version and --selftest in a terminal
    args = parse_args(argv)
    if args.selftest:
        from ui import selftest

        return selftest.run()
    _announce_running()
    from crm import tempfiles

    tempfiles.clear_stale()  # what a killed export left in the private folder: names and phones
    tempfiles.keep_private()  # and this run's temporary files go there too
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName(SETTINGS_ORG)
    app.setApplicationName(SETTINGS_APP)
    app.setApplicationDisplayName(TITLE)
    app.setWindowIcon(app_icon())
    if os.environ.get("SHOPCIRCLE_STARTUP_PROBE"):  # a benchmark's window leaves no trace
        _PROBE_SETTINGS.append(tempfile.TemporaryDirectory(prefix="shopcircle-probe-"))
        keep_settings_in(_PROBE_SETTINGS[-1].name)
        app_settings().setValue("window/page", "customers")  # as an owner who left it on Customers
    install_excepthook()
    i18n.install(app, i18n.resolve(args.lang))

    location = open_shop(startup_location(args.db))
    if location is None:
        return 2
    language = i18n.install(app, i18n.resolve(args.lang or shop_settings.get("language")))
    actor = welcome_and_sign_in(location, language)
    if actor is False:
        _drop_if_unused(location)
        return 0
    language = i18n.install(app, i18n.resolve(args.lang or shop_settings.get("language")))
    window = build_window(location, actor, language)
    window.show()
    if os.environ.get("SHOPCIRCLE_STARTUP_PROBE"):
        _probe_startup(app, window)
    if not args.no_refresh:
        start_up_work(window)
    try:
        return app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone(5000)
        connection.close_shop()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
