"""``shopcircle --selftest``: does this installation work? Support starts here.

In a temporary data folder, step by step: create a database, fill a 300-customer
demo, refresh the levels, import the import templates, export a monthly report and
read it back, back up, restore, and open the main window offscreen. Each step is
printed with its time; the first that fails is named and the exit code is 1. The
report is also written to the log folder, for an owner to send to whoever helps them.
Nothing of the shop's own data or remembered settings is touched.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

DEMO_CUSTOMERS = 300


class _Failed(Exception):
    pass


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise _Failed(what)


class SelfTest:
    def __init__(self, folder: Path, out: Callable[[str], None]):
        self.folder = folder
        self.out = out
        self.lines: list[str] = []
        self.location = str(folder / "shopcircle.db")

    def say(self, line: str) -> None:
        self.lines.append(line)
        self.out(line)

    # --- the steps ------------------------------------------------------------------------

    def init(self) -> str:
        from crm.services import connection

        connection.open_shop(self.location)
        return f"schema {connection.schema_version()[-1]}"

    def demo(self) -> str:
        from crm import demo

        summary = demo.generate(customers=DEMO_CUSTOMERS, seed=1)
        _check(summary.customers == DEMO_CUSTOMERS, f"{summary.customers} customers made")
        return f"{summary.customers} customers, {summary.visits} visits"

    def levels(self) -> str:
        from crm.services import levels

        levels.refresh_all()
        counts = levels.distribution()
        _check(sum(counts.values()) > 0, "no levels")
        return ", ".join(f"{key} {value}" for key, value in counts.items())

    def lifetime(self) -> str:
        """The lifetime models' statistics libraries are in the installation and compute (the
        self-test's shop is too small for the models themselves)."""
        from crm.lifetime import special

        found = special.minimize(lambda x: (x[0] - 3.0) ** 2, [0.0])
        _check(abs(float(found.x[0]) - 3.0) < 1e-4, "the optimiser did not find 3")
        _check(abs(float(special.gammaln(5.0)) - 3.1780538) < 1e-6, "gammaln(5) is not log 24")
        return "statistics libraries load and compute"

    def import_templates(self) -> str:
        """The templates an owner fills in, imported into a new shop of their own (their
        example row would clash with the demo's customer of the same code)."""
        from crm.io import importer
        from crm.services import connection, shop

        connection.close_shop()
        connection.open_shop(str(self.folder / "import.db"))
        try:
            for kind in importer.KINDS:
                template = importer.write_template(kind, self.folder / f"{kind}-template.xlsx")
                result = importer.import_file(kind, template)
                reasons = "; ".join(f"row {e.row} {e.column}: {e.reason}" for e in result.errors)
                _check(result.imported and not result.errors, f"{result.summary()} {reasons}")
            held = shop.counts()
            customers, visits = held.customers, held.visits
            _check(customers >= 1 and visits >= 1, f"{customers} customers and {visits} visits imported")
        finally:
            connection.close_shop()
            connection.open_shop(self.location)
        return f"templates of {', '.join(importer.KINDS)}: {customers} customers, {visits} visits"

    def export(self) -> str:
        from openpyxl import load_workbook

        from crm.reports import workbook
        from crm.reports.metrics import month_metrics

        month = workbook.last_full_month()
        path = workbook.export(month, self.folder / "report.xlsx", language="en", actor=None)
        book = load_workbook(path, read_only=True)
        try:
            names = book.sheetnames
            _check(names[0] == "Summary" and "Customers" in names, f"sheets {names}")
            summary = [row for row in book["Summary"].iter_rows(values_only=True) if row and row[0]]
            _check(any(row[:2] == ("Month", month) for row in summary), "the month is not in the Summary")
            customers = sum(1 for row in book["Customers"].iter_rows(values_only=True) if row and row[0])
        finally:
            book.close()
        expected = month_metrics(month)["customers_total"]
        _check(customers >= expected, f"{customers} rows in Customers, {expected} customers")
        return f"{month}: {len(names)} sheets, {customers} rows in Customers read back"

    def backup(self) -> str:
        from crm.services import backup

        self.copy = backup.backup(self.folder / "backup.db", actor=None)  # the shop itself
        return f"{self.copy.stat().st_size // 1024} KB"

    def restore(self) -> str:
        from crm.services import backup, connection, shop

        count = shop.counts().customers
        backup.restore(self.copy, actor=None)
        _check(shop.counts().customers == count, "the restored shop has other customers")
        connection.close_shop()
        info = backup.restore_new(self.copy, str(self.folder / "new-computer" / "shopcircle.db"), actor=None)
        _check(info.customers == count, "the new computer's shop has other customers")
        connection.close_shop()
        connection.open_shop(self.location)
        return f"{count} customers back, also onto a new computer"

    def window(self) -> str:
        from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QTimer
        from PySide6.QtWidgets import QApplication

        from ui import i18n
        from ui.main_window import build_window

        app = QApplication.instance()
        _check(app is not None, "no application")
        language = i18n.install(app, "zh_CN")
        _check(QCoreApplication.translate("MainWindow", "Customers") != "Customers", "no Chinese translation")
        i18n.install(app, "en")
        window = build_window(self.location, None, language)
        window.show()
        page = window.show_page("customers")
        loop = QEventLoop()
        loaded: list[int] = []
        page.list.loaded.connect(lambda count: (loaded.append(count), loop.quit()))
        timer = QElapsedTimer()
        timer.start()
        QTimer.singleShot(30_000, loop.quit)
        if not loaded:
            loop.exec()
        _check(bool(loaded), "the customer list did not load within 30 s")
        window.close()
        window.deleteLater()
        app.processEvents()
        return f"main window offscreen, its customer list of {loaded[0]} rows (archived customers not listed)"

    # --- running ------------------------------------------------------------------------------

    def run(self) -> int:
        from crm import version

        self.say(
            f"ShopCircle {version()} self-test on {platform.platform()}, Python {platform.python_version()}"
        )
        self.say(
            f"frozen: {'yes' if getattr(sys, 'frozen', False) else 'no'}; temporary folder {self.folder}"
        )
        steps = [
            ("init", self.init),
            ("demo", self.demo),
            ("levels", self.levels),
            ("lifetime", self.lifetime),
            ("import", self.import_templates),
            ("export", self.export),
            ("backup", self.backup),
            ("restore", self.restore),
            ("window", self.window),
        ]
        started = time.perf_counter()
        for name, step in steps:
            begun = time.perf_counter()
            try:
                detail = step()
            except Exception as exc:  # noqa: BLE001 - every failure is reported, by step
                took = time.perf_counter() - begun
                self.say(f"FAILED {name} after {took:.2f} s: {type(exc).__name__}: {exc}")
                for line in traceback.format_exc().rstrip().splitlines():
                    self.say(f"    {line}")
                self.say(f"self-test failed at step '{name}'")
                return 1
            self.say(f"ok {name:<8} {time.perf_counter() - begun:6.2f} s  {detail}")
        self.say(f"self-test passed: {len(steps)} steps in {time.perf_counter() - started:.2f} s")
        return 0


def run() -> int:
    """The whole self-test; 0 when every step passed, 1 naming the step that failed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from crm.services import connection
    from ui.session import keep_settings_in

    with tempfile.TemporaryDirectory(prefix="shopcircle-selftest-") as temp:
        folder = Path(temp)
        app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
        # Remembered window sizes, folders and staff go to the temporary folder.
        app.setOrganizationName("ShopCircleSelfTest")
        app.setApplicationName("ShopCircleSelfTest")
        keep_settings_in(str(folder / "settings"))
        test = SelfTest(folder, lambda line: print(line, flush=True))
        try:
            code = test.run()
        finally:
            connection.close_shop()
        _keep_report(test.lines)
        return code


def _keep_report(lines: list[str]) -> None:
    """The last self-test's report beside the app's log, for support."""
    try:
        from ui.errors import log_file

        report = log_file().with_name("selftest.txt")
        report.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"this report is also in {report}", flush=True)
    except OSError:
        pass
