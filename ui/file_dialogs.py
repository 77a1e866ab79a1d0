"""Choosing a file without touching the shop's database file.

SQLite's locks on Linux and macOS are POSIX record locks, and POSIX drops every lock
a process holds on a file as soon as the process closes *any* descriptor of that
file. Qt's own file dialog reads the first bytes of every file it lists to pick its
icon and type; listing the shop's folder therefore silently released the app's
locks on ``shop.db``, and the next program to close the database (the report's
worker, a second window, a scheduled export) deleted the write-ahead log the app
was still writing to: sales shown as saved were gone after a restart.

Every file dialog of the app comes from here. On Linux (and any platform without a
separate dialog process) it is Qt's dialog with an icon provider that judges files
by their names only; on Windows (whose locks do not work that way) and macOS (whose
panels run in a process of their own) it is the system's dialog.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QFileInfo
from PySide6.QtWidgets import QApplication, QFileDialog, QFileIconProvider, QStyle, QWidget

_NATIVE = sys.platform in ("win32", "darwin")


class BlindIcons(QFileIconProvider):
    """Icons and type names from the file's name, never from its content."""

    def icon(self, what):  # noqa: D102 - Qt override (an IconType or a QFileInfo)
        if not isinstance(what, QFileInfo):
            return super().icon(what)
        style = QApplication.style()
        kind = QStyle.StandardPixmap.SP_DirIcon if what.isDir() else QStyle.StandardPixmap.SP_FileIcon
        return style.standardIcon(kind)

    def type(self, info: QFileInfo) -> str:  # noqa: A003, D102 - Qt override
        if info.isDir():
            return QCoreApplication.translate("FileDialogs", "Folder")
        suffix = info.suffix()
        if not suffix:
            return QCoreApplication.translate("FileDialogs", "File")
        return QCoreApplication.translate("FileDialogs", "%1 file").replace("%1", suffix.upper())


def file_dialog(parent: QWidget | None, caption: str, start: str, filters: str = "") -> QFileDialog:
    """A file dialog that never reads the files it lists (see the module's note)."""
    dialog = QFileDialog(parent, caption, start, filters)
    if not _NATIVE:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setIconProvider(BlindIcons(dialog))
    return dialog


def _ask(dialog: QFileDialog) -> tuple[str, str]:
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


def save_file_name(parent: QWidget | None, caption: str, start: str, filters: str = "") -> tuple[str, str]:
    """Like ``QFileDialog.getSaveFileName``: the chosen path ("" when cancelled) and filter."""
    dialog = file_dialog(parent, caption, start, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return _ask(dialog)


def open_file_name(parent: QWidget | None, caption: str, start: str, filters: str = "") -> tuple[str, str]:
    """Like ``QFileDialog.getOpenFileName``: an existing file ("" when cancelled) and filter."""
    dialog = file_dialog(parent, caption, start, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _ask(dialog)
