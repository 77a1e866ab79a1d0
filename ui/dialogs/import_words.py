"""The words of the import dialog: field names, the reasons crm gives (translated
in the "Reasons" context, as every service reason is), and the sentences that say what an
import (or a check) did with the file's rows (in the dialog's "ImportDialog" context)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject

from crm.errors import fill
from crm.io import importer


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


def error_words(error: importer.RowError) -> tuple[str, str]:
    """An invalid row's column and reason as the dialog shows them, and its workbook of the
    invalid rows writes them: in the app's language."""
    column = field_label(error.column) if error.column in importer.ALIASES else error.column
    return column, fill(reason_text(error.template), error.args)


class ImportDialog(QObject):
    """Not the dialog (that is :class:`ui.dialogs.import_dialog.ImportDialog`): the sentences of
    its result that hold a count. Qt's translation tools see plural forms only in ``self.tr``
    calls, so these live on an object whose class name is the dialog's "ImportDialog" context
    (as ui.words.Words and ui.lifetime_words.Lifetime hold theirs), and the translations made
    for the dialog apply to them unchanged."""

    def rows_read(self, n: int) -> str:
        return self.tr("%n row(s) read", "", n)

    def customers_added(self, n: int) -> str:
        return self.tr("%n new customer(s) added", "", n)

    def updated(self, n: int) -> str:
        return self.tr("%n updated", "", n)

    def unchanged(self, n: int) -> str:
        return self.tr("%n unchanged", "", n)

    def visits_added(self, n: int) -> str:
        return self.tr("%n visit(s) added", "", n)

    def already_in_the_shop(self, n: int) -> str:
        return self.tr("%n already in the shop", "", n)

    def nothing_imported(self, n: int) -> str:
        return self.tr("%1, %n of them invalid: nothing was imported.", "", n)

    def rows_checked(self, n: int) -> str:
        return self.tr("Checked %n row(s); nothing was changed.", "", n)

    def invalid_and_the_others(self, n: int) -> str:
        return self.tr("%n invalid; the others would give: %1.", "", n)

    def skipped(self, n: int) -> str:
        return self.tr("%n skipped", "", n)

    def more_below(self, n: int) -> str:
        return self.tr("… and %n more, listed below.", "", n)


_counted = ImportDialog()


def summary_text(result: importer.ImportResult, skip_invalid: bool) -> str:
    """What became of the rows: how many were read, what each kind of row gave, and the
    lines that were skipped (or stopped the import) with their reasons; ``skip_invalid``: the
    dialog's box to skip the invalid rows is ticked."""
    rows = _counted.rows_read(result.rows)
    if result.kind == "customers":
        parts = [_counted.customers_added(result.created)]
        parts.append(_counted.updated(result.updated))
        if result.unchanged:
            parts.append(_counted.unchanged(result.unchanged))
    else:
        parts = [_counted.visits_added(result.visits_added)]
        if result.visits_already:
            parts.append(_counted.already_in_the_shop(result.visits_already))
        if result.created:
            parts.append(_counted.customers_added(result.created))
    invalid = result.invalid_rows
    if not result.imported and not result.dry_run:
        text = (
            _counted.nothing_imported(invalid).replace("%1", rows)
            + " "
            + QCoreApplication.translate("ImportDialog", "Fix them, or tick the box below.")
        )
    elif result.dry_run:
        text = _counted.rows_checked(result.rows) + " "
        if invalid:
            text += _counted.invalid_and_the_others(invalid).replace(
                "%1", QCoreApplication.translate("ImportDialog", ", ").join(parts)
            )
            if not skip_invalid:
                text += " " + QCoreApplication.translate(
                    "ImportDialog", "Fix the invalid rows, or tick the box below to skip them."
                )
        else:
            text += QCoreApplication.translate("ImportDialog", "Importing would give: %1.").replace(
                "%1", QCoreApplication.translate("ImportDialog", ", ").join(parts)
            )
    else:
        if invalid:
            parts.append(_counted.skipped(invalid))
        text = (
            QCoreApplication.translate("ImportDialog", "%1: %2")
            .replace("%1", rows)
            .replace("%2", QCoreApplication.translate("ImportDialog", ", ").join(parts))
        )
        # "… 1 skipped — line 5: the reason", or the lines as a list.
        return text + (
            invalid_lines_text(result, inline=True) or QCoreApplication.translate("ImportDialog", ".")
        )
    return text + invalid_lines_text(result)


def invalid_lines_text(result: importer.ImportResult, inline: bool = False, shown: int = 5) -> str:
    """The invalid lines and why, as a list (the first ``shown``; all of them are in the
    dialog's table); ``inline``: one line after a dash."""
    reasons: dict[int, list[str]] = {}
    for error in result.errors:
        column = field_label(error.column) if error.column in importer.ALIASES else error.column
        reason = fill(reason_text(error.template), error.args)
        reasons.setdefault(error.row, []).append(
            QCoreApplication.translate("ImportDialog", "%1: %2").replace("%1", column).replace("%2", reason)
        )
    lines = [
        QCoreApplication.translate("ImportDialog", "line %1, %2")
        .replace("%1", str(line))
        .replace("%2", QCoreApplication.translate("ImportDialog", "; ").join(said))
        for line, said in sorted(reasons.items())
    ]
    if not lines:
        return ""
    if len(lines) == 1 and inline:
        return QCoreApplication.translate("ImportDialog", " — %1").replace("%1", lines[0])
    text = "".join(f"\n• {line}" for line in lines[:shown])
    if len(lines) > shown:
        text += "\n" + _counted.more_below(len(lines) - shown)
    return text


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
