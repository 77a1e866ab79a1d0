"""Errors as the shop owner reads them: a translated sentence, never a traceback.

Services raise typed errors (crm.errors); :func:`error_text` turns each into a
sentence in the app's language. :func:`install_excepthook` catches anything
unexpected, logs it to a file and shows a calm dialog instead of crashing.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

import peewee
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from crm import errors
from ui.words import action_name

log = logging.getLogger("shopcircle")


def field_name(field: str) -> str:
    return {
        "name": QCoreApplication.translate("Errors", "Name"),
        "phone": QCoreApplication.translate("Errors", "Phone"),
        "code": QCoreApplication.translate("Errors", "Code"),
        "amount": QCoreApplication.translate("Errors", "Amount"),
        "kind": QCoreApplication.translate("Errors", "Kind"),
        "at": QCoreApplication.translate("Errors", "Date"),
        "birthday": QCoreApplication.translate("Errors", "Birthday"),
        "joined": QCoreApplication.translate("Errors", "Joined"),
        "quantity": QCoreApplication.translate("Errors", "Quantity"),
        "reason": QCoreApplication.translate("Errors", "Reason"),
        "due": QCoreApplication.translate("Errors", "Due date"),
        "pin": QCoreApplication.translate("Errors", "PIN"),
        "level": QCoreApplication.translate("Errors", "Level"),
        "until": QCoreApplication.translate("Errors", "Until"),
        "customer": QCoreApplication.translate("Errors", "Customer"),
        "staff": QCoreApplication.translate("Errors", "Staff"),
        "referrer": QCoreApplication.translate("Errors", "Referred by"),
    }.get(field, field)


def error_text(exc: BaseException) -> str:
    """One sentence for the user, in the app's language."""
    if isinstance(exc, errors.InvalidPhone):
        return QCoreApplication.translate("Errors", "%1 is not a valid phone number.").replace(
            "%1", exc.phone
        )
    if isinstance(exc, errors.DuplicatePhone):
        return (
            QCoreApplication.translate("Errors", "This phone number already belongs to %1 (%2).")
            .replace("%1", exc.customer_name)
            .replace("%2", f"#{exc.customer_id}")
        )
    if isinstance(exc, errors.DuplicateCode):
        return (
            QCoreApplication.translate("Errors", "Code %1 already belongs to %2.")
            .replace("%1", exc.code)
            .replace("%2", exc.customer_name)
        )
    if isinstance(exc, errors.SelfReferral):
        return QCoreApplication.translate("Errors", "%1 cannot refer themselves.").replace(
            "%1", exc.customer_name
        )
    if isinstance(exc, errors.ReferralCycle):
        return QCoreApplication.translate("Errors", "That would make a referral loop: %1.").replace(
            "%1", " → ".join(exc.chain)
        )
    if isinstance(exc, errors.NotAllowed):
        return QCoreApplication.translate(
            "Errors", "Your role may not do this (%1). Ask the owner or a manager."
        ).replace("%1", action_name(exc.action))
    if isinstance(exc, errors.ServedByBigC):
        return (
            QCoreApplication.translate("Errors", "%1 is served by Big C %2. Contact them directly anyway?")
            .replace("%1", exc.customer_name)
            .replace("%2", exc.leader_name)
        )
    if isinstance(exc, errors.DatabaseUnavailable):
        return QCoreApplication.translate("Errors", "The shop database cannot be opened: %1").replace(
            "%1", QCoreApplication.translate("Reasons", exc.reason)
        )
    if isinstance(exc, errors.NotFound):
        return (
            QCoreApplication.translate("Errors", "It no longer exists (%1 %2); someone may have removed it.")
            .replace("%1", exc.entity)
            .replace("%2", str(exc.key))
        )
    if isinstance(exc, errors.OpenTaskExists):
        return QCoreApplication.translate("Errors", "%1 already has an open task of this kind.").replace(
            "%1", exc.customer_name
        )
    if isinstance(exc, errors.CommunityArchived):
        return QCoreApplication.translate("Errors", "Community %1 is archived.").replace(
            "%1", exc.community_name
        )
    if isinstance(exc, errors.AlreadyMember):
        return (
            QCoreApplication.translate("Errors", "%1 is already a member of %2.")
            .replace("%1", exc.customer_name)
            .replace("%2", exc.community_name)
        )
    if isinstance(exc, errors.NotMember):
        return (
            QCoreApplication.translate("Errors", "%1 is not a member of %2.")
            .replace("%1", exc.customer_name)
            .replace("%2", exc.community_name)
        )
    if isinstance(exc, errors.LeaderAsMember):
        return (
            QCoreApplication.translate("Errors", "%1 leads %2 and cannot also be a member of it.")
            .replace("%1", exc.customer_name)
            .replace("%2", exc.community_name)
        )
    if isinstance(exc, errors.LastOwner):
        return QCoreApplication.translate(
            "Errors", "%1 is the last active owner; make someone else owner first."
        ).replace("%1", exc.staff_name)
    if isinstance(exc, errors.ShopInUse):
        return QCoreApplication.translate(
            "Errors", "%1 is open in another ShopCircle window. Close it there and try again."
        ).replace("%1", Path(exc.location).name)
    if isinstance(exc, errors.StaffInactive):
        return QCoreApplication.translate("Errors", "%1 is no longer active.").replace("%1", exc.staff_name)
    if isinstance(exc, errors.PinLocked):
        return QCoreApplication.translate("Errors", "Too many wrong PINs. Try again in %1 s.").replace(
            "%1", str(exc.seconds)
        )
    if isinstance(exc, errors.WrongPin):
        return QCoreApplication.translate("Errors", "Wrong PIN.")
    if isinstance(exc, errors.OwnerPinNeeded):
        return QCoreApplication.translate(
            "Errors", "%1 (owner) needs a PIN first: with two or more people, anyone could act as the owner."
        ).replace("%1", exc.staff_name)
    from crm.io.importer import ImportCancelled, UnknownColumns
    from crm.io.tables import UnreadableFile

    if isinstance(exc, UnreadableFile):
        return (
            QCoreApplication.translate("Errors", "%1 cannot be read: %2")
            .replace("%1", Path(exc.path).name)
            .replace("%2", QCoreApplication.translate("Reasons", exc.reason))
        )
    if isinstance(exc, UnknownColumns):
        return QCoreApplication.translate("Reasons", exc.reason)
    from crm.services.backup import BackupFailed

    if isinstance(exc, BackupFailed):
        return (
            QCoreApplication.translate("Errors", "%1: %2")
            .replace("%1", Path(exc.path).name or exc.path)
            .replace("%2", QCoreApplication.translate("Reasons", exc.reason))
        )
    if isinstance(exc, ImportCancelled):
        return QCoreApplication.translate("Errors", "Import cancelled; nothing was imported.")
    if isinstance(exc, errors.InvalidInput):
        # Services give the reason in English; the fixed ones are in the translations too.
        reason = QCoreApplication.translate("Reasons", exc.reason)
        return f"{field_name(exc.field)}: {reason}"
    if isinstance(exc, errors.DatabaseBusy):
        return QCoreApplication.translate(
            "Errors",
            "The database is busy: another program (a second counter or window) kept it for more than"
            " %1 seconds. Nothing was saved; try again in a moment.",
        ).replace("%1", f"{exc.seconds:g}")
    if isinstance(exc, errors.DiskFull):
        return QCoreApplication.translate(
            "Errors", "The disk is full. Free some space and try again; nothing was saved."
        )
    if isinstance(exc, errors.ShopError):
        return str(exc)
    if isinstance(exc, peewee.OperationalError) and "locked" in str(exc):
        return QCoreApplication.translate(
            "Errors",
            "The database is busy (another counter is saving). Try again in a moment; nothing was lost.",
        )
    if (isinstance(exc, OSError) and exc.errno == 28) or (
        isinstance(exc, peewee.OperationalError) and "disk is full" in str(exc)
    ):
        return QCoreApplication.translate(
            "Errors", "The disk is full. Free some space and try again; nothing was saved."
        )
    return QCoreApplication.translate("Errors", "Something went wrong: %1").replace(
        "%1", str(exc) or type(exc).__name__
    )


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
            box = QMessageBox(
                QMessageBox.Icon.Warning, QCoreApplication.translate("Errors", "ShopCircle"), error_text(exc)
            )
            box.setInformativeText(
                QCoreApplication.translate("Errors", "Details were written to %1").replace(
                    "%1", str(log_file())
                )
            )
            box.exec()

    sys.excepthook = hook
