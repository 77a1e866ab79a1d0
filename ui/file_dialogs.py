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
panels run in a process of their own) it is the system's dialog. Qt's dialog speaks the
app's language through Qt's own translations (ui/i18n.py loads qtbase_zh_CN).

Each kind of file has its folder: a dialog given a ``purpose`` (import, export, backup)
starts in the folder a file of that kind was last chosen in, and remembers the
folder of the file chosen; at first, or when that folder is gone, it starts in the
folder the caller names (the shop's backups folder), else in Documents.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileInfo, QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QFileDialog, QFileIconProvider, QStyle, QWidget

_NATIVE = sys.platform in ("win32", "darwin")

# Where each kind of file's folder is remembered in the app's settings. Import keeps the key
# the import dialog has always used; export (the customer list, the monthly report, a
# customer's data) reads the keys each of them used before, until one is chosen again.
FOLDER_KEYS = {"import": "import/folder", "export": "export/folder", "backup": "backup/folder"}
_EARLIER_KEYS = {"export": ("customers/export_folder", "reports/folder", "customer_data/folder")}


def documents_folder() -> str:
    """The user's Documents folder (their home when there is none)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def remembered_folder(purpose: str, first: str | None = None) -> str:
    """The folder a file of this kind was last chosen in; else ``first`` if it is a folder,
    else Documents. A remembered folder that is gone counts as none."""
    settings = QSettings()
    keys = (
        (FOLDER_KEYS[purpose],) if settings.contains(FOLDER_KEYS[purpose]) else _EARLIER_KEYS.get(purpose, ())
    )
    for key in keys:
        value = settings.value(key)
        if value and Path(str(value)).is_dir():
            return str(value)
    if first and Path(first).is_dir():
        return first
    return documents_folder()


def remember_folder(purpose: str, file_path: str) -> None:
    """The next dialog for this kind of file starts in ``file_path``'s folder."""
    QSettings().setValue(FOLDER_KEYS[purpose], str(Path(file_path).parent))


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
        # The two labels Qt's own Chinese leaves in English; the rest comes from qtbase_zh_CN.
        dialog.setLabelText(
            QFileDialog.DialogLabel.LookIn, QCoreApplication.translate("FileDialogs", "&Look in:")
        )
        dialog.setLabelText(
            QFileDialog.DialogLabel.FileType, QCoreApplication.translate("FileDialogs", "Files of &type:")
        )
    return dialog


def _ask(dialog: QFileDialog) -> tuple[str, str]:
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


def _remembering(dialog: QFileDialog, purpose: str | None) -> tuple[str, str]:
    path, chosen = _ask(dialog)
    if path and purpose:
        remember_folder(purpose, path)
    return path, chosen


def save_file_name(
    parent: QWidget | None,
    caption: str,
    start: str,
    filters: str = "",
    *,
    purpose: str | None = None,
    first: str | None = None,
) -> tuple[str, str]:
    """Like ``QFileDialog.getSaveFileName``: the chosen path ("" when cancelled) and filter.
    With a ``purpose``, ``start``'s file name is offered in that kind of file's folder."""
    if purpose:
        start = str(Path(remembered_folder(purpose, first)) / Path(start).name)
    dialog = file_dialog(parent, caption, start, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return _remembering(dialog, purpose)


def open_file_name(
    parent: QWidget | None,
    caption: str,
    start: str = "",
    filters: str = "",
    *,
    purpose: str | None = None,
    first: str | None = None,
) -> tuple[str, str]:
    """Like ``QFileDialog.getOpenFileName``: an existing file ("" when cancelled) and filter.
    With a ``purpose``, it starts in that kind of file's folder."""
    if purpose:
        start = remembered_folder(purpose, first)
    dialog = file_dialog(parent, caption, start, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _remembering(dialog, purpose)
