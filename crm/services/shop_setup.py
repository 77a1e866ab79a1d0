"""Setting up the real shop: its first facts, and leaving the demo for it.

A first start offers a demo, the owner's own empty shop, or a backup from another
computer. Leaving the demo for the real shop keeps the demo file beside the new
one (``shopcircle-demo.db``) and creates the real shop under the demo's old name,
so the file the app opens by default is the real shop's.
"""

from __future__ import annotations

import glob
import json
import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path

from crm.db import close_database, database, open_database, remove_database
from crm.errors import InvalidInput, NotEmpty, ShopError, ShopInUse
from crm.models import Staff
from crm.services import settings, staff
from crm.services.backup import backups_folder
from crm.services.shop import in_a_file, left_for, location
from crm.services.staff import StaffInfo

SHOP_NAME_MAX = 100
DEMO_ASIDE_NAME = "shopcircle-demo"


@dataclass(frozen=True)
class ShopSetup:
    """What a real shop's first start asks: names, the owner's PIN, currency and phone region."""

    shop_name: str
    owner_name: str
    pin: str = ""
    currency: str = "CNY"
    phone_region: str = "CN"
    language: str | None = None  # None: leave the language setting as it is


def check(setup: ShopSetup) -> ShopSetup:
    """The setup with its values tidied; :class:`InvalidInput` naming the first wrong field."""
    shop_name = " ".join(setup.shop_name.split())
    owner_name = " ".join(setup.owner_name.split())
    if not shop_name:
        raise InvalidInput("shop_name", "is empty")
    if len(shop_name) > SHOP_NAME_MAX:
        raise InvalidInput("shop_name", "is too long")
    if not owner_name:
        raise InvalidInput("name", "is empty")
    if len(owner_name) > staff.NAME_MAX:
        raise InvalidInput("name", "is too long")
    pin = setup.pin.strip()
    if pin and not staff.PIN_PATTERN.fullmatch(pin):
        raise InvalidInput("pin", "must be 4 to 8 digits")
    currency = setup.currency.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise InvalidInput("currency", f"{setup.currency!r} is not a currency code such as CNY, GBP or USD")
    region = setup.phone_region.strip().upper()
    settings._check("phone_region", region)  # the same rule as Settings
    return replace(
        setup, shop_name=shop_name, owner_name=owner_name, pin=pin, currency=currency, phone_region=region
    )


def set_up(setup: ShopSetup) -> StaffInfo:
    """Store the shop's settings and create its owner, all or nothing, in a shop with no
    staff yet (once there is an owner, only they change these, in Settings)."""
    setup = check(setup)
    with database.atomic():
        if Staff.select().exists():
            raise NotEmpty("this shop already has an owner; change its details in Settings")
        values = {
            "shop_name": setup.shop_name,
            "currency": setup.currency,
            "phone_region": setup.phone_region,
            "demo": False,
        }
        if setup.language is not None:
            values["language"] = setup.language
        settings.set_many(values)
        return staff.create_staff(setup.owner_name, role="owner", pin=setup.pin or None)


def aside_path(demo: Path) -> Path:
    """A free name beside the demo file to keep it under: shopcircle-demo.db, -2, -3 …"""
    for number in range(1, 1000):
        suffix = "" if number == 1 else f"-{number}"
        candidate = demo.with_name(f"{DEMO_ASIDE_NAME}{suffix}.db")
        if not candidate.exists():
            return candidate
    raise ShopError(f"too many demo copies in {demo.parent}")


def _move_aside(demo: Path, aside: Path) -> None:
    """Move the demo file to ``aside`` once nothing else has it open. SQLite leaves its
    write-ahead log only when it is the sole connection, so a switch out of WAL is refused
    while any other window or program holds the file, even idle; the exclusive lock taken
    next keeps newcomers out until the file has moved (on Windows, where an open file
    cannot be renamed, it moves straight after)."""
    conn = sqlite3.connect(str(demo), timeout=0, isolation_level=None)
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise ShopInUse(str(demo))
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")  # the lock stays, in exclusive locking mode
        if os.name != "nt":
            os.replace(demo, aside)
    except sqlite3.OperationalError as exc:
        raise ShopInUse(str(demo)) from exc
    finally:
        conn.close()
    if os.name == "nt":
        os.replace(demo, aside)


def _note_left_for(demo: Path, real_shop: str) -> None:
    """The demo remembers the real shop it was left for, to offer the way back to it."""
    with closing(sqlite3.connect(str(demo))) as conn, conn:
        conn.execute(
            "INSERT INTO setting (key, value) VALUES ('demo_left_for', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (json.dumps(str(Path(real_shop).expanduser().resolve())),),
        )


def _move_automatic_backups(demo: Path, aside: Path) -> None:
    """Today's automatic copies of the demo were named after the file it was; they go with it,
    so the real shop that takes the name gets its own first copy."""
    folder = backups_folder(str(demo))
    if not folder.is_dir():
        return
    prefix, new_prefix = f"{demo.stem}-auto-", f"{aside.stem}-auto-"
    for copy in folder.glob(f"{glob.escape(prefix)}*.db"):
        copy.rename(copy.with_name(new_prefix + copy.name[len(prefix) :]))


@dataclass(frozen=True)
class RealShop:
    demo_kept: Path  # where the demo file is now
    owner: StaffInfo


def start_real_shop(setup: ShopSetup) -> RealShop:
    """Leave the demo: keep its file aside, create the real, empty shop where it was and
    set it up. Returns where the demo is kept and the new owner. The caller has stopped its background
    work (this process's other connections are closed). On any failure the demo is put
    back where it was and stays open."""
    setup = check(setup)
    where = location()
    if not in_a_file(where):
        raise ShopError("only a shop in a file on this computer can be set aside this way")
    if left_for():
        raise NotEmpty(f"this demo was already left for the real shop in {left_for()}; open that one instead")
    demo = Path(where).expanduser().resolve()
    aside = aside_path(demo)
    close_database()
    try:
        _move_aside(demo, aside)
    except OSError as exc:
        open_database(where)
        raise ShopInUse(where) from exc
    except ShopError:
        open_database(where)
        raise
    try:
        open_database(where)
        owner = set_up(setup)
    except BaseException:
        close_database()
        remove_database(demo)
        os.replace(aside, demo)
        open_database(where)
        raise
    _note_left_for(aside, where)
    try:
        _move_automatic_backups(demo, aside)
    except OSError:
        pass  # the real shop is made; its first daily copy just waits for tomorrow
    return RealShop(aside, owner)
