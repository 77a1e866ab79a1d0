"""The monthly loyalty report as an .xlsx workbook (SPEC 5).

openpyxl in write-only mode (streamed rows, lxml when installed), sheets in
the order of the spec, frozen header rows, auto-filters, number and date
formats, and charts for the level pyramid and the month trend. The file is
written to a temporary name beside the target and renamed into place, so a
failure or a cancel never leaves a half-written report. The sheets are written
by :mod:`crm.reports.sheet_writer` (the fast rows),
:mod:`crm.reports.summary_sheets` (the Summary and Levels sheets) and
:mod:`crm.reports.notes` (the Notes sheet, last); :mod:`crm.reports.printing` makes
every sheet print one page wide with its header row, shop, month and page numbers,
and gives amounts the shop's currency format.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from crm import clock, tempfiles
from crm.bulk_reads import lean_reading
from crm.errors import ShopError, shop_error
from crm.io.sheets import ROWS_PER_SHEET, part_title, safe
from crm.levels import LEVELS
from crm.reports import lifetime_columns, printing
from crm.reports.labels import Labels
from crm.reports.metrics import Month
from crm.reports.monthly import CustomerSheet, MemberCommunities, fission_rows
from crm.reports.notes import notes_sheet
from crm.reports.rfm import SEGMENTS
from crm.reports.sheet_writer import RATE_FORMAT, Sheet, simple_sheet
from crm.reports.summary import end_levels_and_facts, summary_data
from crm.reports.summary_sheets import levels_sheet, summary_sheet
from crm.services import settings, shop_levels
from crm.services.common import Actor, require

FISSION_HEADERS = (
    "Referrer",
    "Code",
    "Direct referrals",
    "Converted",
    "Tree size",
    "Depth",
    "Tree revenue (month)",
)


class ExportCancelled(ShopError):
    message = "export cancelled"


@shop_error
class ExportFailed(ShopError):
    path: str
    reason: str
    message = "cannot write {path}: {reason}"


Progress = Callable[[float, str], None]


def check_target(path: Path, suffixes: tuple[str, ...] = (".xlsx",)) -> None:
    """Refuse early, with a clear reason, a target we cannot write or that Excel holds open."""
    folder = path.parent
    if path.suffix.lower() not in suffixes:
        raise ExportFailed(str(path), f"the file name must end in {' or '.join(suffixes)}")
    if not folder.is_dir():
        raise ExportFailed(str(path), f"the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ExportFailed(str(path), f"the folder {folder} is not writable")
    if path.exists() and not os.access(path, os.W_OK):
        raise ExportFailed(str(path), "the file is read-only")
    if (folder / f"~${path.name}").exists():
        raise ExportFailed(str(path), "the file is open in Excel; close it and try again")
    tempfiles.clear_parts(folder)  # what a killed export left there: names and phones


def export(
    month: str,
    out: str | os.PathLike,
    language: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    actor: Actor | None,
) -> Path:
    """Write the monthly report for ``month`` to ``out``; returns the path written.

    The report lists every customer's name and phone: managers and owners only
    (``actor`` None is the command line, acting as the owner)."""
    require(actor, "export data")
    m = Month.parse(month)
    target = Path(out).expanduser().resolve()
    check_target(target)
    say = progress or (lambda fraction, message: None)
    stop = cancelled or (lambda: False)
    t = Labels(language or settings.get("language") or "en")

    def step(fraction: float, message: str) -> None:
        if stop():
            raise ExportCancelled()
        say(fraction, message)

    with tempfiles.private_tempdir():  # openpyxl's sheet files: in the private folder
        wb = Workbook(write_only=True)
        try:
            # A small page cache: the export reads the whole shop once, in order (about 20 MB
            # less memory at 100,000 customers, and no slower).
            with lean_reading():
                _write_report(wb, t, m, step)
            step(0.95, "saving")
            save_atomically(wb, target)
        except BaseException:
            discard(wb)
            raise
    say(1.0, "done")
    return target


def discard(wb: Workbook) -> None:
    """Close and delete the sheets' temporary files of a workbook that will not be saved."""
    for ws in wb.worksheets:
        rows, writer = getattr(ws, "_rows", None), getattr(ws, "_writer", None)
        for action in (
            rows.close if rows is not None else None,
            writer.close if writer is not None else None,
            writer.cleanup if writer is not None else None,
        ):
            if action is None:
                continue
            try:
                action()
            except Exception:  # already closed or never opened: nothing left to remove
                pass


def _write_report(wb, t: Labels, m: Month, step) -> None:
    # The whole-shop levels and facts of the month's days are kept while the Customers sheet
    # and the summary need them, then let go before the Fission sheet reads the referral
    # forest: a million customers' facts (about 25 MB) and the forest's arrays never at once.
    with shop_levels.memo():
        bought, data, outlook, estimated = _customers_and_summary(wb, t, m, step)
    money = printing.money_format(str(settings.get("currency")))
    step(0.85, "fission")
    # Written as its rows are read.
    simple_sheet(
        wb,
        t("Fission"),
        [t(h) for h in FISSION_HEADERS],
        [14, 11, 14, 12, 12, 8, 18],
        [None, None, None, None, None, None, money],
        ((*r[:6], r[6] / 100) for r in fission_rows(m, bought)),
    )
    del bought
    _smaller_sheets(wb, t, m, data, outlook, estimated, step)


def _customers_and_summary(wb, t: Labels, m: Month, step):
    """The Customers sheet and its continuations, then the month's summary data. Returns which
    customers bought by the month's end (one byte an id), the summary data, the lifetime outlook
    without its per-customer arrays, and whether it has figures."""
    step(0.0, "levels")
    # Every customer's lifetime figures, from the stored fit (SPEC 9; no refit): about 1.7 s on
    # 100,000 customers, most of it the one aggregate over their purchases, read a slice of
    # customers at a time into three arrays of 8 bytes a customer.
    outlook = lifetime_columns.read(m.last)
    # SPEC 5: the lifetime columns are there once figures exist; without a usable fit the sheet
    # has none (the Notes sheet says why), rather than three empty columns.
    estimated = outlook.reason is None
    communities = MemberCommunities(m.last)
    # The levels at the month's start and end, kept in the export's memo for the metrics too.
    start_levels = shop_levels.levels_as_of(m.start)
    end_levels, facts = end_levels_and_facts(m)
    customers = CustomerSheet(m, start_levels, end_levels, facts, communities)
    money = printing.money_format(str(settings.get("currency")))
    # Sheets appear in the order they are created; the first two are filled last.
    wb.create_sheet(t("Summary"))
    wb.create_sheet(t("Levels"))
    step(0.2, "customers")
    total = max(1, len(customers))

    headers = [
        t("Code"),
        t("Name"),
        t("Phone"),
        t("Level"),
        t("Level change"),
        t("Purchase days (365 d)"),
        t("Spend (365 d)"),
        t("Last purchase"),
        t("RFM segment"),
        t("Referrer"),
        t("Big C"),
        t("Communities"),
        *(
            (t("Still a customer (P(alive))"), t("Expected purchase days (90 d)"), t("12-month value"))
            if estimated
            else ()
        ),
    ]
    widths = [11, 12, 15, 12, 14, 12, 14, 13, 18, 12, 8, 30, *((12, 12, 14) if estimated else ())]
    # Only money and the estimates need a styled cell: dates get a date format from
    # openpyxl, and small counts read fine unformatted. Fewer styled cells, faster export.
    formats = [None, None, None, None, None, None, money, None, None, None, None, None] + (
        [RATE_FORMAT, "0.0", money] if estimated else []
    )

    def customer_sheet(part: int) -> Sheet:
        """The Customers sheet, and where a chain has more customers than a sheet holds, its
        continuations (Customers (2), …)."""
        return Sheet(wb, part_title(t("Customers"), part), headers, widths, formats)

    part = 1
    sheet = customer_sheet(part)
    level_names = [t.level(i) for i in range(len(LEVELS))]
    yes = t("Yes")
    up, down, new = t("up"), t("down"), t("new")
    # change[start][end]; a customer who joined during the month has no start level.
    change = [
        [up if e > b else (down if e < b else None) for e in range(len(LEVELS))] for b in range(len(LEVELS))
    ]
    segments = {key: t.segment(key) for key in (*SEGMENTS, None)}
    figures_of = outlook.row if estimated else (lambda _cid: (None, None, None))
    width = len(sheet.cells)
    ws = sheet.ws
    index = 0
    part_rows = 0
    # Numbers go bare: the sheet's row writer gives them their column's format.
    for index, (
        cid,
        code,
        name,
        phone,
        start,
        end,
        days,
        spend,
        last,
        segment,
        referrer,
        big_c,
        groups,
    ) in enumerate(customers.rows(), start=1):
        alive, ahead, value = figures_of(cid)
        if part_rows == ROWS_PER_SHEET:  # Excel's last row reached: on in the next sheet
            sheet.rows = part_rows
            sheet.finish()
            part += 1
            sheet = customer_sheet(part)
            ws, part_rows = sheet.ws, 0
        part_rows += 1
        ws.append(
            (
                safe(ws, code),
                safe(ws, name),
                safe(ws, phone),
                level_names[end],
                new if start is None else change[start][end],
                days,
                spend / 100,
                last,
                segments[segment],
                safe(ws, referrer),
                yes if big_c else None,
                safe(ws, groups),
                alive,
                ahead,
                value,
            )[:width]
        )
        if index % 5000 == 0:
            step(0.2 + 0.6 * index / total, "customers")
    sheet.rows = part_rows
    sheet.finish()
    # What only the customer rows needed (a million customers: tens of MB) goes before the
    # summary is computed.
    bought = customers.bought()
    del customers, communities, start_levels, end_levels, facts, figures_of
    outlook = dataclasses.replace(outlook, p_alive=None, purchases_90=None, value_12m=None)
    step(0.8, "summary")
    return bought, summary_data(m.key), outlook, estimated


def _smaller_sheets(wb, t: Labels, m: Month, data: dict, outlook, estimated: bool, step) -> None:
    """The Summary and Levels sheets (the workbook's first two), the small sheets and Notes."""
    step(0.9, "sheets")
    currency = str(settings.get("currency"))
    money = printing.money_format(currency)
    summary_ws, levels_ws = wb.worksheets[0], wb.worksheets[1]
    this = data["this"]
    yes = t("Yes")
    summary_sheet(
        summary_ws, t, m, this, data["previous"], data["trend"], currency, outlook if estimated else None
    )
    levels_sheet(levels_ws, t, this)
    # The other smaller sheets: title, columns as (header, width, number format), rows.
    small_sheets = (
        (
            "Communities",
            (("Community", 22, None), ("Platform", 16, None), ("Leader", 14, None), ("Members", 10, None),
             ("Active members", 14, None), ("Activity rate", 12, RATE_FORMAT), ("Zombie", 10, None)),
            [(r[0], t.platform(r[6]), *r[1:5], yes if r[5] else None) for r in data["communities"]],
        ),
        (
            "Follow-up",
            (("Staff", 16, None), ("Tasks created", 14, None), ("Tasks done", 14, None),
             ("Overdue at month end", 18, None)),
            [(r[0] or t("Unassigned"), *r[1:]) for r in data["followup"]],
        ),
        (
            "Staff activity",
            (("Staff", 16, None), ("Visits logged", 14, None), ("Purchases logged", 16, None),
             ("Revenue logged", 16, money)),
            [(r[0] or t("(nobody)"), r[1], r[2], r[3] / 100) for r in data["staff"]],
        ),
    )  # fmt: skip
    for title, columns, rows in small_sheets:
        headers, widths, formats = zip(*columns, strict=True)
        simple_sheet(wb, t(title), [t(h) for h in headers], list(widths), list(formats), rows)
    notes_sheet(wb, t, currency, outlook)
    shop = str(settings.get("shop_name") or "")
    for ws in wb.worksheets:  # the Summary's header row is its third
        printing.finish(ws, t, shop, m.key, "3:3" if ws is summary_ws else "1:1")


def _file_mode(target: Path) -> int:
    """The temporary file is private (0600); the report gets the mode a new file would:
    the replaced file's, else the usual one for this user's umask."""
    if target.exists():
        return target.stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def save_atomically(wb: Workbook, target: Path) -> None:
    """Write under an owner-only part file beside ``target`` (its name carries this process's
    id, so the next export into the folder can tell a killed one's), then rename into place."""
    write_atomically(target, wb.save)


def write_atomically(target: Path, write: Callable[[str], None]) -> None:
    """``write(path)`` a part file beside ``target``, then rename it into place (see
    :func:`save_atomically`); a failure or a cancel leaves no file behind."""
    temp = str(tempfiles.new_part(target))
    try:
        write(temp)
        os.chmod(temp, _file_mode(target))
        os.replace(temp, target)
    except PermissionError as exc:
        raise ExportFailed(
            str(target), "the file is open in another program (Excel?) or not writable"
        ) from exc
    except OSError as exc:
        reason = "the disk is full" if exc.errno == 28 else (exc.strerror or str(exc))
        raise ExportFailed(str(target), reason) from exc
    finally:
        if os.path.exists(temp):
            os.remove(temp)


def default_name(month: str, language: str = "en") -> str:
    stamp = Month.parse(month).key
    return f"店圈月报-{stamp}.xlsx" if language.startswith("zh") else f"shopcircle-report-{stamp}.xlsx"


def last_full_month(today: date | None = None) -> str:
    today = today or clock.today()
    return Month.of(today).shift(-1).key
