"""Shared fixtures.

Every test that takes ``db`` gets a fresh shop database. By default it is an
SQLite file; with ``SHOPCIRCLE_TEST_PG=postgresql://user:pw@host/`` set, each
test gets its own PostgreSQL database cloned from a migrated template, so the
same suite proves the same code on both.
"""

import os
import sys
import uuid
from contextlib import closing
from datetime import date, datetime

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from crm import clock  # noqa: E402
from crm.db import close_database, open_database  # noqa: E402

TODAY = date(2026, 6, 30)
PG_SERVER = os.environ.get("SHOPCIRCLE_TEST_PG", "").rstrip("/")
PG_TEMPLATE = "shopcircle_test_template"


def _pg_admin():
    import psycopg2

    conn = psycopg2.connect(PG_SERVER + "/postgres")
    conn.autocommit = True
    return conn


@pytest.fixture(scope="session")
def pg_template():
    if not PG_SERVER:
        return None
    with closing(_pg_admin()) as conn, conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {PG_TEMPLATE}")
        cur.execute(f"CREATE DATABASE {PG_TEMPLATE}")
    open_database(f"{PG_SERVER}/{PG_TEMPLATE}")
    close_database()
    return PG_TEMPLATE


def _no_background_work_left() -> None:
    """A screen test's background reads finish, and their results are delivered, before its
    database goes (a PostgreSQL test database is dropped): none may reach the next test."""
    qt_core = sys.modules.get("PySide6.QtCore")
    if qt_core is None:  # the unit suite never loads Qt
        return
    qt_core.QThreadPool.globalInstance().waitForDone(30_000)
    app = qt_core.QCoreApplication.instance()
    if app is not None:
        app.processEvents()


@pytest.fixture
def db(tmp_path, pg_template):
    """A fresh shop database with the clock fixed at TODAY noon."""
    name = None
    if pg_template:
        name = "shopcircle_test_" + uuid.uuid4().hex[:12]
        with closing(_pg_admin()) as conn, conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
        database = open_database(f"{PG_SERVER}/{name}")
    else:
        database = open_database(str(tmp_path / "shop.db"))
    clock.fix(datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0))
    yield database
    _no_background_work_left()
    clock.fix(None)
    close_database()
    if not database.is_closed():  # a test may have re-bound the shop to another handle
        database.close()
    if name:
        with closing(_pg_admin()) as conn, conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def spreadsheet_csv(tmp_path):
    """``to_csv(workbook, every_sheet=False)``: the workbook as a real spreadsheet program reads
    it (LibreOffice, headless), saved as CSV; gives the folder of the CSV files. Skips where
    LibreOffice is not installed, except on CI."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice and not os.environ.get("CI"):
        pytest.skip("LibreOffice is not installed")

    def to_csv(workbook, every_sheet: bool = False):
        folder = tmp_path / "csv"
        # Comma, double quotes, UTF-8, from line 1 …; field 12 = -1: every sheet to its own
        # CSV file (june-Customers.csv …) instead of the first sheet alone.
        options = "44,34,76,1,,0,false,true,false,false,false" + (",-1" if every_sheet else "")
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                "--headless",
                "--convert-to",
                f"csv:Text - txt - csv (StarCalc):{options}",
                "--outdir",
                str(folder),
                str(workbook),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return folder

    return to_csv
