import os
from datetime import date, datetime

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from crm import clock  # noqa: E402
from crm.db import close_database, open_database  # noqa: E402

TODAY = date(2026, 6, 30)


@pytest.fixture
def db(tmp_path):
    """A fresh shop database in a temporary SQLite file, with the clock fixed at TODAY noon."""
    database = open_database(str(tmp_path / "shop.db"))
    clock.fix(datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0))
    yield database
    clock.fix(None)
    close_database()
