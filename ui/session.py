"""Which shop the app opens, and who is at its counter.

Shared by the start-up and by Settings → Database (open another database, start
the real shop): the database chosen in the app is remembered for the next start;
``--db`` and ``SHOPCIRCLE_DB`` still win, as on the command line.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from crm.db import default_location, is_postgres
from crm.services import staff as staff_service

SETTINGS_ORG = "ShopCircle"
SETTINGS_APP = "ShopCircle"
LOCATION_KEY = "database/location"


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
    if is_postgres(value) or Path(value).exists():
        return value
    return None


def remember_location(location: str) -> None:
    """Open ``location`` at the next start. A server's address is not stored (it may hold
    a password): a shop on PostgreSQL starts with ``--db`` or ``SHOPCIRCLE_DB``."""
    if is_postgres(location) or location == ":memory:":
        return
    _settings().setValue(LOCATION_KEY, str(Path(location).expanduser().resolve()))


def startup_location(option: str | None) -> str:
    """``--db``, else ``SHOPCIRCLE_DB``, else the database chosen in the app, else the default."""
    return option or os.environ.get("SHOPCIRCLE_DB") or remembered_location() or default_location()


def choose_actor(parent: QWidget | None = None) -> object | None:
    """Who is at the counter: the last staff member who used this computer (asking
    for their PIN when they have one), else whom they pick; None (the shop owner) when
    there is no staff; False when nobody signed in."""
    from ui.dialogs import staff_login

    active = staff_service.list_staff()
    if not active:
        return None
    last = staff_login.last_used()
    chosen = next((s for s in active if str(s.id) == last), None)
    if chosen is None:
        chosen = next((s for s in active if s.role == "owner"), active[0])
    if not staff_login.ask_pin(parent, chosen):
        # Not them: whoever is at the counter picks themselves (and types their PIN if they
        # have one). Never a silent fall-back: it could land on a manager without a PIN.
        return staff_login.choose(parent, chosen.id) or False
    staff_login.remember(chosen.id)
    return staff_service.actor_for(chosen.id)


def welcome_and_sign_in(location: str, language: str, parent: QWidget | None = None) -> object | None:
    """Into the open shop: its welcome when it is brand new, then who is at the counter.
    The owner who has just set the shop up is signed in without typing their new PIN
    again. Returns the staff member, None (a shop without staff), or False (cancelled)."""
    from crm.services import shop
    from ui.context import AppContext
    from ui.dialogs import staff_login
    from ui.dialogs.welcome import WelcomeDialog

    if shop.is_new():
        welcome = WelcomeDialog(AppContext(location=location, language=language), parent)
        if not welcome.exec():
            return False
        if welcome.owner is not None:
            staff_login.remember(welcome.owner.id)
            return staff_service.actor_for(welcome.owner.id)
    return choose_actor(parent)
