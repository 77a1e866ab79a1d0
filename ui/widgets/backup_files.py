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
from ui.words import customers_count, visits_count


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


def backup_contents(info: backup.BackupInfo) -> str:
    """ "2 customers, 1 visit, the last on 2026-06-01." (2 位顾客，1 条到店记录，最近一次在 2026-06-01。)"""
    return (
        QCoreApplication.translate("BackupPanel", "%1, %2, the last on %3.")
        .replace("%1", customers_count(info.customers))
        .replace("%2", visits_count(info.visits))
        .replace("%3", info.last_visit or "—")
    )


def restore_and_publish(path: str, actions: Actions, actor: Actor | None) -> Path | None:
    """In the worker: restore as ``actor``, then tell every page that everything changed.
    ``actions`` lives as long as the window, so the pages read again even if what started
    the restore was closed meanwhile (Qt queues the signal to the GUI thread)."""
    before = backup.restore(path, verified=True, actor=actor)
    actions.publish(Changes.everything())
    return before
