"""Which shop the app opens, and who is at its counter.

Shared by the start-up and by Settings → Database (open another database, start
the real shop): the database chosen in the app is remembered for the next start;
``--db`` and ``SHOPCIRCLE_DB`` still win, as on the command line. So is the last
person who signed in at this computer (:mod:`ui.dialogs.staff_login` asks who).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from crm.services import shop
from crm.services import staff as staff_service
from crm.services.common import Actor
from crm.services.connection import default_location, is_server
from ui.context import AppContext

SETTINGS_ORG = "ShopCircle"
SETTINGS_APP = "ShopCircle"
LOCATION_KEY = "database/location"
STAFF_KEY = "session/staff_id"


def app_settings() -> QSettings:
    """The app's remembered state (window sizes, the last page, staff, folders): the
    application's own names and format, so a self-test or a test keeps them elsewhere."""
    return QSettings()


_settings = app_settings


def keep_settings_in(folder: str) -> None:
    """Remembered state goes to ``folder`` from now on, not to the owner's (a self-test,
    the start-up benchmark)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)


def remembered_location() -> str | None:
    """The database last chosen in the app, while its file is still there."""
    value = _settings().value(LOCATION_KEY)
    if not value:
        return None
    value = str(value)
    if is_server(value) or Path(value).exists():
        return value
    return None


def remember_location(location: str) -> None:
    """Open ``location`` at the next start. A server's address is not stored (it may hold
    a password): a shop on PostgreSQL starts with ``--db`` or ``SHOPCIRCLE_DB``."""
    if is_server(location) or location == ":memory:":
        return
    _settings().setValue(LOCATION_KEY, str(Path(location).expanduser().resolve()))


def startup_location(option: str | None) -> str:
    """``--db``, else ``SHOPCIRCLE_DB``, else the database chosen in the app, else the default."""
    return option or os.environ.get("SHOPCIRCLE_DB") or remembered_location() or default_location()


def shop_key(key: str) -> str:
    """``key`` for the open shop only: staff ids are each shop's own, so whoever signed in at
    this computer in one shop is not proposed in another (a digest: a server's address may
    hold a password)."""
    import hashlib

    from crm.services import shop

    return f"{key}/{hashlib.sha256(shop.location().encode()).hexdigest()[:16]}"


def remember_staff(staff_id: int) -> None:
    """Propose this person at the next start in this shop."""
    _settings().setValue(shop_key(STAFF_KEY), staff_id)


def last_staff() -> str | None:
    """The id of the last person who signed in at this computer, in the open shop."""
    value = _settings().value(shop_key(STAFF_KEY))
    return None if value is None else str(value)


def switch_staff(parent: QWidget | None, current_id: int | None = None) -> Actor | None:
    """Whom the person at the counter picks, their PIN asked, remembered for the next start;
    None when cancelled."""
    from ui.dialogs import staff_login

    actor = staff_login.choose(parent, current_id)
    if actor is not None and actor.staff_id is not None:
        remember_staff(actor.staff_id)
    return actor


def choose_actor(parent: QWidget | None = None) -> object | None:
    """Who is at the counter: the last staff member who used this computer (asking
    for their PIN when they have one), else whom they pick; None (the shop owner) when
    there is no staff; False when nobody signed in."""
    active = staff_service.list_staff()
    if not active:
        return None
    last = last_staff()
    chosen = next((s for s in active if str(s.id) == last), None)
    if chosen is None:
        chosen = next((s for s in active if s.role == "owner"), active[0])
    if chosen.has_pin or staff_service.must_choose_pin(chosen):
        from ui.dialogs import staff_login  # the PIN dialog is imported only when a PIN is asked

        if not staff_login.ask_pin(parent, chosen):
            # Not them: whoever is at the counter picks themselves (and types their PIN if they
            # have one). Never a silent fall-back: it could land on a manager without a PIN.
            return switch_staff(parent, chosen.id) or False
    remember_staff(chosen.id)
    return staff_service.actor_for(chosen.id)


def welcome_and_sign_in(location: str, language: str, parent: QWidget | None = None) -> object | None:
    """Into the open shop: its welcome when it is brand new, then who is at the counter.
    The owner who has just set the shop up is signed in without typing their new PIN
    again. Returns the staff member, None (a shop without staff), or False (cancelled)."""
    if shop.is_new():
        from ui.dialogs.welcome import WelcomeDialog

        welcome = WelcomeDialog(AppContext(location=location, language=language), parent)
        if not welcome.exec():
            return False
        if welcome.owner is not None:
            remember_staff(welcome.owner.id)
            return staff_service.actor_for(welcome.owner.id)
    return choose_actor(parent)
