"""Errors as the shop owner reads them: a translated sentence, never a traceback.

Services raise typed errors (crm.errors); :func:`error_text` turns each into a
sentence in the app's language. :func:`install_excepthook` catches anything
unexpected, logs it to a file and shows a calm dialog instead of crashing.
"""

from __future__ import annotations

import errno
import functools
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from crm import errors
from ui.words import action_name, field_name

log = logging.getLogger("shopcircle")

DISK_FULL = QT_TRANSLATE_NOOP("Errors", "The disk is full. Free some space and try again; nothing was saved.")


def _reason(text: str) -> str:
    """A reason crm gives, translated when it is one of the fixed ones."""
    return QCoreApplication.translate("Reasons", text)


class _Plain(str):
    """A sentence's shape that is not itself translated (its parts are)."""


def _file_name(path: str) -> str:
    return Path(path).name or path


# How a field of an error reads in a sentence; a field not named here reads as it is.
_SHOWN: dict[str, Callable[[Any], str]] = {
    "chain": " → ".join,
    "action": action_name,
    "reason": lambda reason: _reason(reason),
    "field": field_name,
    "path": _file_name,
    "location": lambda location: Path(location).name,
    "seconds": lambda seconds: f"{seconds:g}",
    "customer_id": lambda customer_id: f"#{customer_id}",
}


# Each typed error's sentence, its %1, %2 … filled by the error's fields named after it; the
# first that fits, so order matters where one error type derives from another.
@functools.cache
def _sentences() -> tuple[tuple[type[BaseException], str, tuple[str, ...]], ...]:
    # Imported here: the importer and backup modules take a third of a second to load,
    # which start-up need not pay.
    from crm.errors import UnreadableFile
    from crm.io.importer import ImportCancelled, ImportConflict, UnknownColumns
    from crm.reports.workbook import ExportCancelled, ExportFailed
    from crm.services.backup import BackupFailed

    def say(kind: type[BaseException], template: str, *fields: str):
        return kind, template, fields

    e = errors
    return (
        say(e.InvalidPhone, QT_TRANSLATE_NOOP("Errors", "%1 is not a valid phone number."), "phone"),
        say(
            e.DuplicatePhone,
            QT_TRANSLATE_NOOP("Errors", "This phone number already belongs to %1 (%2)."),
            "customer_name",
            "customer_code",
        ),
        say(
            e.DuplicateCode,
            QT_TRANSLATE_NOOP("Errors", "Code %1 already belongs to %2."),
            "code",
            "customer_name",
        ),
        say(e.SelfReferral, QT_TRANSLATE_NOOP("Errors", "%1 cannot refer themselves."), "customer_name"),
        say(e.ReferralCycle, QT_TRANSLATE_NOOP("Errors", "That would make a referral loop: %1."), "chain"),
        say(
            e.NotAllowed,
            QT_TRANSLATE_NOOP("Errors", "Your role may not do this (%1). Ask the owner or a manager."),
            "action",
        ),
        say(
            e.ServedByBigC,
            QT_TRANSLATE_NOOP("Errors", "%1 is served by Big C %2. Contact them directly anyway?"),
            "customer_name",
            "leader_name",
        ),
        say(
            e.DatabaseUnavailable,
            QT_TRANSLATE_NOOP("Errors", "The shop database cannot be opened: %1"),
            "reason",
        ),
        say(
            e.NotFound,
            QT_TRANSLATE_NOOP("Errors", "It no longer exists (%1 %2); someone may have removed it."),
            "entity",
            "key",
        ),
        say(
            e.OpenTaskExists,
            QT_TRANSLATE_NOOP("Errors", "%1 already has an open task of this kind."),
            "customer_name",
        ),
        say(e.CommunityArchived, QT_TRANSLATE_NOOP("Errors", "Community %1 is archived."), "community_name"),
        say(
            e.AlreadyMember,
            QT_TRANSLATE_NOOP("Errors", "%1 is already a member of %2."),
            "customer_name",
            "community_name",
        ),
        say(
            e.NotMember,
            QT_TRANSLATE_NOOP("Errors", "%1 is not a member of %2."),
            "customer_name",
            "community_name",
        ),
        say(
            e.LeaderAsMember,
            QT_TRANSLATE_NOOP("Errors", "%1 leads %2 and cannot also be a member of it."),
            "customer_name",
            "community_name",
        ),
        say(
            e.LastOwner,
            QT_TRANSLATE_NOOP("Errors", "%1 is the last active owner; make someone else owner first."),
            "staff_name",
        ),
        say(
            e.ShopInUse,
            QT_TRANSLATE_NOOP(
                "Errors", "%1 is open in another ShopCircle window. Close it there and try again."
            ),
            "location",
        ),
        say(e.StaffInactive, QT_TRANSLATE_NOOP("Errors", "%1 is no longer active."), "staff_name"),
        say(e.PinLocked, QT_TRANSLATE_NOOP("Errors", "Too many wrong PINs. Try again in %1 s."), "seconds"),
        say(e.WrongPin, QT_TRANSLATE_NOOP("Errors", "Wrong PIN.")),
        say(
            e.OwnerPinNeeded,
            QT_TRANSLATE_NOOP(
                "Errors",
                "%1 (owner) needs a PIN first: with two or more people, anyone could act as the owner.",
            ),
            "staff_name",
        ),
        say(UnreadableFile, QT_TRANSLATE_NOOP("Errors", "%1 cannot be read: %2"), "path", "reason"),
        say(UnknownColumns, _Plain("%1"), "reason"),
        say(BackupFailed, QT_TRANSLATE_NOOP("Errors", "%1: %2"), "path", "reason"),
        say(ImportCancelled, QT_TRANSLATE_NOOP("Errors", "Import cancelled; nothing was imported.")),
        say(
            ImportConflict,
            QT_TRANSLATE_NOOP(
                "Errors",
                "The shop changed while importing (another counter added the same code or phone);"
                " nothing was imported. Try again.",
            ),
        ),
        say(ExportCancelled, QT_TRANSLATE_NOOP("Errors", "Export cancelled; no file was written.")),
        say(ExportFailed, QT_TRANSLATE_NOOP("Errors", "%1 cannot be written: %2"), "path", "reason"),
        # Services give the reason in English; the fixed ones are in the translations too.
        say(e.InvalidInput, QT_TRANSLATE_NOOP("Errors", "%1: %2"), "field", "reason"),  # 姓名：不能为空
        say(
            e.DatabaseBusy,
            QT_TRANSLATE_NOOP(
                "Errors",
                "The database is busy: another program (a second counter or window) kept it for more than"
                " %1 seconds. Nothing was saved; try again in a moment.",
            ),
            "seconds",
        ),
        say(e.DiskFull, DISK_FULL),
    )


def error_text(exc: BaseException) -> str:
    """One sentence for the user, in the app's language."""
    for kind, template, fields in _sentences():
        if isinstance(exc, kind):
            text = (
                template if isinstance(template, _Plain) else QCoreApplication.translate("Errors", template)
            )
            return fill(text, *(_SHOWN.get(f, str)(getattr(exc, f)) for f in fields))
    if isinstance(exc, errors.ShopError):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:  # a file being written, not the database
        return QCoreApplication.translate("Errors", DISK_FULL)
    return _something_went_wrong(exc)


def _something_went_wrong(exc: BaseException) -> str:
    return fill(
        QCoreApplication.translate("Errors", "Something went wrong: %1"), str(exc) or type(exc).__name__
    )


def fill(template: str, *values: str) -> str:
    """``template`` with %1, %2 … replaced by ``values`` (the way every translated sentence takes them)."""
    for number, value in enumerate(values, start=1):
        template = template.replace(f"%{number}", value)
    return template


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or QCoreApplication.translate("Errors", "ShopCircle"), error_text(exc))


def log_file() -> Path:
    from platformdirs import user_log_dir

    folder = Path(user_log_dir("ShopCircle", "ShopCircle"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "shopcircle.log"


def install_excepthook() -> None:
    """Unexpected errors go to the log file and a dialog; the app keeps running."""

    def hook(exc_type, exc, tb):
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        try:
            with open(log_file(), "a", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except OSError:
            pass
        log.error(text)
        if QCoreApplication.instance() is not None and not isinstance(exc, KeyboardInterrupt):
            unexpected_error_box(exc).exec()

    sys.excepthook = hook


def unexpected_error_box(exc: BaseException) -> QMessageBox:
    """The dialog for an error nobody expected. It is shown even when the error's own sentence
    cannot be made (the modules that word it failing to load, say): the plain one stands in."""
    try:
        text = error_text(exc)
    except Exception:  # noqa: BLE001 - the wording of an error must not hide it
        text = _something_went_wrong(exc)
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Errors", "ShopCircle"), text)
    box.setInformativeText(
        QCoreApplication.translate("Errors", "Details were written to %1").replace("%1", str(log_file()))
    )
    return box
