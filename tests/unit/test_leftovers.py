"""A killed export or backup leaves no names and phones lying about: its temporary files
are private (owner-only) and the next run clears them. The processes here are real and
really killed (SIGKILL: no clean-up of their own runs)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import peewee
import pytest

from crm import tempfiles
from crm.cli import main as cli
from crm.db import database
from crm.models import Customer
from crm.reports import workbook
from crm.services import backup
from crm.services.customers import create_customer
from tests.factories import customer, visit

ROOT = Path(__file__).resolve().parents[2]

# Each script stops at a known point (after the sheets or the copy are written, before the
# rename), says so, and waits there to be killed.
EXPORT_UNTIL_SAVING = """
import sys, time
from datetime import datetime
from crm import clock
from crm.db import open_database
from crm.reports import workbook
open_database(sys.argv[1], create=False)
clock.fix(datetime(2026, 6, 30, 12))
def progress(fraction, message):
    if message == "saving":
        print("sheets written", flush=True)
        time.sleep(600)
workbook.export("2026-06", sys.argv[2], language="en", progress=progress, actor=None)
"""
BACKUP_UNTIL_CHECKING = """
import sys, time
from crm.db import open_database
from crm.services import backup
open_database(sys.argv[1], create=False)
def progress(fraction, message):
    if message == "checking":
        print("copy written", flush=True)
        time.sleep(600)
backup.backup(sys.argv[2], progress=progress, actor=None)
"""


@pytest.fixture
def private(tmp_path, monkeypatch):
    folder = tmp_path / "private"
    monkeypatch.setenv(tempfiles.PRIVATE_ENV, str(folder))
    return folder / "shopcircle-temp"


def test_a_chosen_temporary_folder_keeps_everything_that_is_not_ours(tmp_path, monkeypatch):
    chosen = tmp_path / "big-disk"
    (chosen / "photos").mkdir(parents=True)
    (chosen / "photos" / "shop.jpg").write_bytes(b"jpeg")
    (chosen / "notes.txt").write_text("keep me")
    (chosen / "run-999999").mkdir()  # looks like ours, but it is not in our folder
    monkeypatch.setenv(tempfiles.PRIVATE_ENV, str(chosen))
    ours = tempfiles.private_folder()
    (ours / "run-999999").mkdir()  # a run folder of a process that is gone
    (ours / "something-else").write_text("not a run folder")
    removed = tempfiles.clear_stale()
    assert removed == [ours / "run-999999"]
    assert (chosen / "photos" / "shop.jpg").exists() and (chosen / "notes.txt").read_text() == "keep me"
    assert (chosen / "run-999999").is_dir() and (ours / "something-else").exists()


@pytest.fixture
def shop(db):
    wang = create_customer("王丽", "13812345678", code="A1", joined=date(2026, 1, 1))
    visit(Customer.get_by_id(wang.id), date(2026, 6, 10), 1000)
    for n in range(300):  # enough rows that the sheets reach the disk before the kill
        customer(f"顾客{n}", phone=f"1390000{n:04d}", joined=date(2026, 1, 1))
    return db


def _run_until(script: str, *args: str) -> subprocess.Popen:
    """Start ``script`` and wait until it says it stopped where it should be killed."""
    process = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    line = process.stdout.readline()
    assert line.strip(), process.stderr.read()
    return process


def _kill(process: subprocess.Popen) -> None:
    process.kill()  # SIGKILL: nothing of its own clean-up runs
    process.wait(timeout=30)
    process.stdout.close()
    process.stderr.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_killed_export_leaves_its_sheets_only_in_the_private_folder_and_the_next_start_clears_them(
    shop, private, tmp_path, capsys
):
    reports = tmp_path / "reports"
    reports.mkdir()
    process = _run_until(EXPORT_UNTIL_SAVING, database.shop_location, str(reports / "june.xlsx"))
    pid = process.pid
    _kill(process)
    left = private / f"run-{pid}"
    sheets = list(left.glob("openpyxl*"))
    assert sheets and any("13900000001" in sheet.read_text(encoding="utf-8") for sheet in sheets)  # phones
    assert _mode(private) == 0o700 and _mode(left) == 0o700
    assert list(reports.iterdir()) == []  # nothing half-written beside the report
    # Had it been killed while zipping, a part file would be there: as the export names it.
    part = reports / f".june.xlsx.{pid}-0badc0de.part"
    part.write_bytes(b"PK\x03\x04 names and phones")
    assert cli(["--db", database.shop_location, "levels", "--json"]) == 0  # any start of the command line
    capsys.readouterr()
    assert not left.exists()
    workbook.export("2026-06", reports / "july.xlsx", language="en", actor=None)  # the next export there
    assert sorted(p.name for p in reports.iterdir()) == ["july.xlsx"]


def test_a_killed_backup_leaves_a_private_part_file_that_the_next_backup_there_clears(
    shop, private, tmp_path
):
    if not isinstance(shop, peewee.SqliteDatabase):
        pytest.skip("a PostgreSQL shop is backed up on its server")
    usb = tmp_path / "usb"
    usb.mkdir()
    process = _run_until(BACKUP_UNTIL_CHECKING, database.shop_location, str(usb / "copy.db"))
    pid = process.pid
    _kill(process)
    parts = [p for p in usb.iterdir() if p.name.startswith(".copy.db.")]
    assert [p.name for p in parts] == [parts[0].name] and parts[0].name.startswith(f".copy.db.{pid}-")
    assert parts[0].read_bytes().startswith(b"SQLite format 3") and _mode(parts[0]) == 0o600
    made = backup.backup(usb / "copy2.db", actor=None)
    assert sorted(p.name for p in usb.iterdir()) == ["copy2.db"] and backup.inspect(made).customers == 301


def test_files_that_only_look_like_ours_are_kept(shop, tmp_path):
    if not isinstance(shop, peewee.SqliteDatabase):
        pytest.skip("a PostgreSQL shop is backed up on its server")
    folder = tmp_path / "usb"
    folder.mkdir()
    theirs = [
        folder / ".notes.db.part",
        folder / ".myplan-2024_q1x.xlsx.part",
        folder / ".thesis.docx.999999-abcdef12.part",  # our naming, someone else's text
        folder / "notes.part",
        folder / "film.mkv.part",
    ]
    for path in theirs:
        path.write_bytes(b"my own words")
    killed = folder / ".copy.db.999999-0badc0de.part"  # ours, from a process that is gone
    killed.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    backup.backup(folder / "copy.db", actor=None)
    assert sorted(p.name for p in folder.iterdir()) == sorted(["copy.db", *(p.name for p in theirs)])


def test_a_running_process_keeps_its_files(private, tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = private / f"run-{sleeper.pid}"
        theirs.mkdir(parents=True)
        (theirs / "openpyxl.sheet.xml").write_text("王丽")
        part = tmp_path / f".june.xlsx.{sleeper.pid}-0badc0de.part"
        part.write_bytes(b"PK\x03\x04 zipping")
        mine = tempfiles.process_folder()
        assert tempfiles.clear_stale() == [] and tempfiles.clear_parts(tmp_path) == []
        assert theirs.exists() and part.exists() and mine.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
    assert tempfiles.clear_stale() == [theirs] and tempfiles.clear_parts(tmp_path) == [part]


def test_the_private_folder_is_made_owner_only_even_if_it_was_not(private):
    private.mkdir(mode=0o777, parents=True)
    os.chmod(private, 0o777)
    tempfiles.private_folder()
    assert _mode(private) == 0o700


def test_python_temporary_files_go_to_the_private_folder_only_while_asked(private):
    import tempfile

    before = tempfile.gettempdir()
    with tempfiles.private_tempdir() as folder:
        with tempfile.NamedTemporaryFile() as handle:
            assert Path(handle.name).parent == folder == private / f"run-{os.getpid()}"
    assert tempfile.gettempdir() == before


def test_an_interrupted_export_in_this_process_removes_its_sheets(shop, private, tmp_path):
    class Stop(Exception):
        pass

    def stop_when_saving(fraction, message):
        if message == "saving":
            assert list((private / f"run-{os.getpid()}").glob("openpyxl*"))  # the sheets are here
            raise Stop

    started = time.monotonic()
    with pytest.raises(Stop):
        workbook.export("2026-06", tmp_path / "june.xlsx", progress=stop_when_saving, actor=None)
    assert time.monotonic() - started < 60
    assert not list((private / f"run-{os.getpid()}").glob("openpyxl*"))
    assert list(tmp_path.glob("*.xlsx*")) == []
