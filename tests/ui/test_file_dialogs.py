"""The app's file dialogs never read the files they list: reading the shop's database
file with another descriptor would drop the app's SQLite locks (POSIX), and the next
program to close the database would delete the log the app still writes to."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from crm.db import database
from crm.services.visits import log_visit
from tests.factories import customer
from ui.file_dialogs import file_dialog


def _another_program_reads(location: str) -> int:
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        " print(c.execute('select count(*) from visit').fetchone()[0]); c.close()"
    )
    done = subprocess.run([sys.executable, "-c", code, location], capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="Windows locks are not POSIX record locks")
def test_listing_the_shops_folder_keeps_the_database_locked(db, qtbot):
    if not isinstance(getattr(db, "shop_location", None), str) or db.shop_location.startswith("postgres"):
        pytest.skip("a shop file")
    location = db.shop_location
    wang = customer("王丽", joined=date(2025, 1, 5))
    log_visit(wang.id, 1000)
    assert _another_program_reads(location) == 1
    dialog = file_dialog(None, "Save", str(Path(location).parent))
    qtbot.addWidget(dialog)
    dialog.show()
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:  # let the dialog list (and look at) every file
        qtbot.wait(50)
    dialog.close()
    assert _another_program_reads(location) == 1  # its close must not take the log away
    assert Path(location + "-wal").exists()
    log_visit(wang.id, 2000)  # written where every program sees it
    assert _another_program_reads(location) == 2
    database.close()
    assert _another_program_reads(location) == 2


def test_the_shops_own_database_is_not_read_as_an_import_file(db):
    from crm.errors import ShopError
    from crm.io.importer import preview

    if not isinstance(getattr(db, "shop_location", None), str) or db.shop_location.startswith("postgres"):
        pytest.skip("a shop file")
    with pytest.raises(ShopError, match="own database"):
        preview(db.shop_location, "customers")
