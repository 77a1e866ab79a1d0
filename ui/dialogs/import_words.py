"""The words of the import dialog: field names, and the reasons crm gives (translated
in the "Reasons" context, as every service reason is)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


def field_label(name: str) -> str:
    return {
        "code": QCoreApplication.translate("ImportDialog", "Code"),
        "name": QCoreApplication.translate("ImportDialog", "Name"),
        "phone": QCoreApplication.translate("ImportDialog", "Phone"),
        "wechat": QCoreApplication.translate("ImportDialog", "WeChat"),
        "birthday": QCoreApplication.translate("ImportDialog", "Birthday"),
        "joined": QCoreApplication.translate("ImportDialog", "Joined"),
        "source": QCoreApplication.translate("ImportDialog", "Source"),
        "referrer": QCoreApplication.translate("ImportDialog", "Referred by"),
        "tags": QCoreApplication.translate("ImportDialog", "Tags"),
        "notes": QCoreApplication.translate("ImportDialog", "Notes"),
        "note": QCoreApplication.translate("ImportDialog", "Note"),
        "date": QCoreApplication.translate("ImportDialog", "Date"),
        "time": QCoreApplication.translate("ImportDialog", "Time"),
        "kind": QCoreApplication.translate("ImportDialog", "Kind"),
        "amount": QCoreApplication.translate("ImportDialog", "Amount"),
        "quantity": QCoreApplication.translate("ImportDialog", "Quantity"),
        "staff": QCoreApplication.translate("ImportDialog", "Staff"),
    }.get(name, name)


def reason_text(reason: str) -> str:
    """The services' fixed reasons are translated; ones naming a value stay as given."""
    return QCoreApplication.translate("Reasons", reason)


# The reasons crm gives as values rather than literals (crm.io.limits.REASONS,
# crm.services.import_undo.REASONS and a formula's), marked here for the translations.
REASONS = (
    QT_TRANSLATE_NOOP("Reasons", "the workbook unpacks to more than the 500 MB an import reads"),
    QT_TRANSLATE_NOOP("Reasons", "the workbook holds more than the 10,000,000 cells an import reads"),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "the workbook's XML is broken; the file is damaged or was not written by a spreadsheet program",
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "the workbook's XML declares entities (a DTD), which spreadsheet programs never write;"
        " refused as unsafe",
    ),
    QT_TRANSLATE_NOOP("Reasons", "the workbook is damaged (a part does not unpack as its directory says)"),
    QT_TRANSLATE_NOOP(
        "Reasons", "the workbook holds a run of text longer than any cell can hold; refused as unsafe"
    ),
    QT_TRANSLATE_NOOP("Reasons", "the workbook has more parts than any spreadsheet has; refused as unsafe"),
    QT_TRANSLATE_NOOP("Reasons", "a formula without a saved value: open and save the file in Excel first"),
    QT_TRANSLATE_NOOP("Reasons", "it was already undone"),
    QT_TRANSLATE_NOOP("Reasons", "it was made before imports could be undone"),
    QT_TRANSLATE_NOOP("Reasons", "another import (%1) came after it"),
    QT_TRANSLATE_NOOP("Reasons", "a customer it changed is no longer in the shop"),
    QT_TRANSLATE_NOOP("Reasons", "%1 was changed after the import"),
    QT_TRANSLATE_NOOP("Reasons", "a visit was logged for %1, whom the import added"),
    QT_TRANSLATE_NOOP("Reasons", "%1 was referred by %2, whom the import added"),
    QT_TRANSLATE_NOOP("Reasons", "%1, whom the import added, joined a community"),
    QT_TRANSLATE_NOOP("Reasons", "%1, whom the import added, leads a community"),
    QT_TRANSLATE_NOOP("Reasons", "%1, whom the import added, has a task"),
    QT_TRANSLATE_NOOP("Reasons", "a visit it added was changed or deleted after it"),
    QT_TRANSLATE_NOOP("Reasons", "phone %1 now belongs to %2"),
    QT_TRANSLATE_NOOP("Reasons", "putting the referrers back would make a referral loop"),
)
