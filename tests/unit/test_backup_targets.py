"""Where a backup may go, and whose fault a damaged backup is: ``backup --out`` never
writes over the shop's own files or a file that is not a backup, and a damaged backup
is named as what is damaged, not the live database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crm.cli import main as cli
from crm.db import database
from crm.models import Customer
from crm.services import backup
from crm.services.customers import create_customer


def _one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_the_shops_own_files_are_never_a_backups_target(file_shop, capsys, suffix):
    live = Path(database.shop_location + suffix)
    assert cli(["--db", database.shop_location, "backup", "--out", str(live)]) == 2
    assert "the shop's database itself" in _one_line(capsys)
    if suffix == "-journal":
        assert not live.exists()  # a "hot journal" there would be rolled into the shop
    elif suffix:
        assert not live.read_bytes().startswith(b"SQLite format 3")  # still the log, not a copy
    assert backup.check(actor=None).ok and Customer.select().count() == 1


def test_a_link_to_the_shops_log_is_refused_too(file_shop, tmp_path):
    link = tmp_path / "innocent.db"
    link.symlink_to(database.shop_location + "-wal")
    with pytest.raises(backup.BackupFailed, match="the shop's database itself"):
        backup.backup(link, actor=None)


def test_an_existing_file_is_replaced_only_when_it_is_a_backup(file_shop, tmp_path, capsys):
    notes = tmp_path / "notes.db"
    notes.write_text("the shop's passwords")
    other_shop = tmp_path / "other-shop.db"
    with sqlite3.connect(other_shop) as conn:  # a live database (WAL), not a backup
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE customer (id)")
    other_bytes = other_shop.read_bytes()
    for target in (notes, other_shop):
        assert cli(["--db", database.shop_location, "backup", "--out", str(target)]) == 2
        assert "not a ShopCircle backup is already there" in _one_line(capsys)
    assert notes.read_text() == "the shop's passwords" and other_shop.read_bytes() == other_bytes
    old = backup.backup(tmp_path / "copy.db", actor=None)
    create_customer("张伟", "13912345678", code="A2")
    assert backup.backup(old, actor=None) == old  # yesterday's backup, replaced by today's
    assert backup.inspect(old).customers == 2


def test_out_may_name_a_folder(file_shop, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    made = backup.backup(usb, actor=None)
    assert made.parent == usb and made.name.startswith("shop-") and backup.inspect(made).customers == 1


def _one_damaged_page(good, target):
    data = bytearray(good.read_bytes())
    page = 4096
    middle = len(data) // page // 2
    data[middle * page : (middle + 1) * page] = b"\xde\xad" * (page // 2)
    target.write_bytes(bytes(data))
    return target


def test_a_backup_with_one_damaged_page_is_named_as_the_damaged_file(file_shop, tmp_path, capsys):
    damaged = _one_damaged_page(backup.backup(tmp_path / "good.db", actor=None), tmp_path / "usb-copy.db")
    create_customer("张伟", "13912345678", code="A2")
    assert cli(["--db", database.shop_location, "restore", str(damaged)]) == 2
    said = _one_line(capsys)
    assert str(damaged) in said and "damaged" in said and "cannot open database" not in said
    with pytest.raises(backup.BackupFailed) as refused:  # the app's way: read first, then restore
        backup.inspect(damaged)
    assert refused.value.path == str(damaged) and "damaged" in refused.value.reason
    assert Customer.select().count() == 2 and backup.check(actor=None).ok
