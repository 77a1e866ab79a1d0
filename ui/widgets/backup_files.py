"""Restoring a backup, shared by Settings → Database and the welcome: choosing the file,
and the restore itself as it runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from crm.services import backup
from crm.services.changes import Changes
from crm.services.common import Actor
from ui.actions import Actions
from ui.file_dialogs import open_file_name


def choose_backup_file(parent: QWidget, first: str | None = None) -> str:
    """Ask for a backup to restore, starting where backups were last chosen (else in ``first``,
    the shop's backups folder, else Documents); "" when cancelled."""
    path, _ = open_file_name(
        parent,
        QCoreApplication.translate("BackupPanel", "Choose a backup to restore"),
        filters=QCoreApplication.translate("BackupPanel", "ShopCircle database (*.db *.bak);;All files (*)"),
        purpose="backup",
        first=first,
    )
    return path


def restore_and_publish(path: str, actions: Actions, actor: Actor | None) -> Path | None:
    """In the worker: restore as ``actor``, then tell every page that everything changed.
    ``actions`` lives as long as the window, so the pages read again even if what started
    the restore was closed meanwhile (Qt queues the signal to the GUI thread)."""
    before = backup.restore(path, verified=True, actor=actor)
    actions.publish(Changes.everything())
    return before
