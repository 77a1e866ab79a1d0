"""The monthly loyalty report as an .xlsx workbook (SPEC 5).

openpyxl in write-only mode (streamed rows, lxml when installed), sheets in
the order of the spec, frozen header rows, auto-filters, number and date
formats, and charts for the level pyramid and the month trend. The file is
written to a temporary name beside the target and renamed into place, so a
failure or a cancel never leaves a half-written report.

Styled cells are made once per column and re-used for every row: openpyxl
streams each cell as soon as it is appended, and a fresh styled cell per value
would cost more than the data itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font, PatternFill

from crm import clock, tempfiles
from crm.errors import ShopError
from crm.io.sheets import HEADER_FILL, HEADER_FONT, add_sheet, filter_all, safe, safe_row, text_cell
from crm.io.sheets import cell as _styled
from crm.levels import LEVELS
from crm.reports import metrics as metric_service
from crm.reports.labels import Labels
from crm.reports.metrics import MONEY_KEYS, RATE_KEYS, Month
from crm.reports.monthly import CustomerSheet
from crm.reports.rfm import SEGMENTS
from crm.reports.summary import SummaryWorker
from crm.services import settings, shop_levels
from crm.services.common import Actor, require

MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
INT_FORMAT = "#,##0"
TITLE_FONT = Font(bold=True, size=14)
LEVEL_FILLS = ("9E9E9E", "64B5F6", "4DB6AC", "FFB74D", "E53935")
SUMMARY_KEYS = [
    k for k in metric_service.KEYS if k not in ("month", "levels_start", "levels_end", "level_migration")
]


_CHANGE_FORMATS = {
    RATE_FORMAT: "+0.0%;-0.0%;0.0%",
    MONEY_FORMAT: "+#,##0.00;-#,##0.00;0.00",
    INT_FORMAT: "+#,##0;-#,##0;0",
    "0.00": "+0.00;-0.00;0.00",
}


class ExportCancelled(ShopError):
    def __str__(self) -> str:
        return "export cancelled"


class ExportFailed(ShopError):
    def __init__(self, path: str, reason: str):
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"


Progress = Callable[[float, str], None]


class _ReusedCell(Cell):
    """A styled cell re-used for every row of its column. openpyxl recognises a cell
    among the appended values by failing to store it as a value, and that error's
    message formats the cell's repr; a short repr keeps this cheap over 100,000 rows.
    Its style never changes once it is in use, so the writer's two questions about it
    (has it a style, and which) are answered once instead of per row."""

    __slots__ = ("_style_id",)
    has_style = True

    def __repr__(self) -> str:
        return "<cell>"

    @property
    def style_id(self) -> int:
        try:
            return self._style_id
        except AttributeError:
            self._style_id = super().style_id
            return self._style_id


def _reused_cell(ws, number_format: str) -> Cell:
    cell = _ReusedCell(ws)
    cell.number_format = number_format
    return cell


class _Sheet:
    """A write-only sheet with a header row, column widths and per-column cell formats;
    text is appended as text (``crm.io.sheets``)."""

    def __init__(
        self, wb: Workbook, title: str, headers: list[str], widths: list[int], formats: list[str | None]
    ):
        self.ws = add_sheet(wb, title, headers, widths, wrap=True)
        self.headers = headers
        self.width = len(headers)
        self.cells = []
        for fmt in formats:
            if fmt is None:
                self.cells.append(None)
            else:
                self.cells.append(_reused_cell(self.ws, fmt))
        self._styled = [(index, cell) for index, cell in enumerate(self.cells) if cell is not None]
        self.rows = 0

    def append(self, values) -> None:
        values = safe_row(self.ws, values)
        if self._styled:
            for index, cell in self._styled:
                if values[index] is not None:
                    cell.value = values[index]
                    values[index] = cell
        self.ws.append(values)
        self.rows += 1

    def finish(self) -> None:
        filter_all(self.ws, self.width, self.rows)


def _major(cents):
    return None if cents is None else cents / 100


def _metric_cell_value(key: str, value):
    if key in MONEY_KEYS:
        return round(value / 100, 2)
    return value


def _metric_format(key: str) -> str:
    if key in MONEY_KEYS:
        return MONEY_FORMAT
    if key in RATE_KEYS:
        return "0.00" if key == "k_factor" else RATE_FORMAT
    return INT_FORMAT


def check_target(path: Path) -> None:
    """Refuse early, with a clear reason, a target we cannot write or that Excel holds open."""
    folder = path.parent
    if path.suffix.lower() != ".xlsx":
        raise ExportFailed(str(path), "the file name must end in .xlsx")
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

    summary = SummaryWorker(m)
    with tempfiles.private_tempdir():  # openpyxl's sheet files: in the private folder
        wb = Workbook(write_only=True)
        try:
            with shop_levels.memo():
                _write_report(wb, t, m, summary, step)
            step(0.95, "saving")
            save_atomically(wb, target)
        except BaseException:
            summary.cancel()
            _discard(wb)
            raise
    say(1.0, "done")
    return target


def _discard(wb: Workbook) -> None:
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


def _write_report(wb, t: Labels, m: Month, summary: SummaryWorker, step) -> None:
    step(0.0, "levels")
    end_levels, facts = shop_levels.levels_and_facts(m.last)
    customers = CustomerSheet(m, None, end_levels, facts)
    customers.start = summary.start_levels()
    # Sheets appear in the order they are created; the first two are filled last.
    summary_ws = wb.create_sheet(t("Summary"))
    levels_ws = wb.create_sheet(t("Levels"))
    step(0.2, "customers")
    total = max(1, len(customers))
    sheet = _Sheet(
        wb,
        t("Customers"),
        [
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
        ],
        [11, 12, 15, 12, 14, 12, 14, 13, 18, 12, 8, 30],
        # Only money needs a styled cell: dates get a date format from openpyxl, and
        # small counts read fine unformatted. Fewer styled cells, faster export.
        [None, None, None, None, None, None, MONEY_FORMAT, None, None, None, None, None],
    )
    level_names = [t.level(i) for i in range(len(LEVELS))]
    yes = t("Yes")
    up, down, new = t("up"), t("down"), t("new")
    # change[start][end]; a customer who joined during the month has no start level.
    change = [
        [up if e > b else (down if e < b else None) for e in range(len(LEVELS))] for b in range(len(LEVELS))
    ]
    segments = {key: t.segment(key) for key in (*SEGMENTS, None)}
    spend_cell = sheet.cells[6]
    ws = sheet.ws
    index = 0
    for index, (
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
        spend_cell.value = spend / 100
        ws.append(
            (
                safe(ws, code),
                safe(ws, name),
                safe(ws, phone),
                level_names[end],
                new if start is None else change[start][end],
                days,
                spend_cell,
                last,
                segments[segment],
                safe(ws, referrer),
                yes if big_c else None,
                safe(ws, groups),
            )
        )
        if index % 5000 == 0:
            step(0.2 + 0.6 * index / total, "customers")
    sheet.rows = index
    sheet.finish()
    del customers
    step(0.8, "summary")
    data = summary.result()
    this = data["this"]
    _summary(summary_ws, t, m, this, data["previous"], data["trend"])
    _levels(levels_ws, t, this)
    step(0.9, "sheets")
    _simple(
        wb,
        t("Fission"),
        [
            t("Referrer"),
            t("Code"),
            t("Direct referrals"),
            t("Converted"),
            t("Tree size"),
            t("Depth"),
            t("Tree revenue (month)"),
        ],
        [14, 11, 14, 12, 12, 8, 18],
        [None, None, None, None, None, None, MONEY_FORMAT],
        [(*r[:6], r[6] / 100) for r in data["fission"]],
    )
    _simple(
        wb,
        t("Communities"),
        [t("Community"), t("Leader"), t("Members"), t("Active members"), t("Activity rate"), t("Zombie")],
        [22, 14, 10, 14, 12, 10],
        [None, None, None, None, RATE_FORMAT, None],
        [(*r[:5], yes if r[5] else None) for r in data["communities"]],
    )
    _simple(
        wb,
        t("Follow-up"),
        [t("Staff"), t("Tasks created"), t("Tasks done"), t("Overdue at month end")],
        [16, 14, 14, 18],
        [None, None, None, None],
        [(r[0] or t("Unassigned"), *r[1:]) for r in data["followup"]],
    )
    _simple(
        wb,
        t("Staff activity"),
        [t("Staff"), t("Visits logged"), t("Purchases logged"), t("Revenue logged")],
        [16, 14, 16, 16],
        [None, None, None, MONEY_FORMAT],
        [(r[0] or t("(nobody)"), r[1], r[2], r[3] / 100) for r in data["staff"]],
    )


def _simple(wb, title, headers, widths, formats, rows) -> None:
    sheet = _Sheet(wb, title, headers, widths, formats)
    for row in rows:
        sheet.append(row)
    sheet.finish()


def _summary(ws, t: Labels, m: Month, this: dict, previous: dict, trend: list[dict]) -> None:
    for letter, width in zip("ABCDEFGH", (30, 16, 16, 14, 3, 10, 14, 12), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    shop = settings.get("shop_name")
    ws.append([_styled(ws, t("Monthly loyalty report") + (f" — {shop}" if shop else ""), font=TITLE_FONT)])
    ws.append([text_cell(ws, t("Month")), text_cell(ws, m.key)])
    header = [
        _styled(ws, text, font=HEADER_FONT, fill=HEADER_FILL)
        for text in (t("Metric"), t("This month"), t("Previous month"), t("Change"))
    ]
    header += [
        None,
        *(
            _styled(ws, text, font=HEADER_FONT, fill=HEADER_FILL)
            for text in (t("Month"), t("New customers"), t("Buyers"))
        ),
    ]
    ws.append(header)
    trend_rows = [(row["month"], row["new_customers"], row["buyers"]) for row in trend]
    for index, key in enumerate(SUMMARY_KEYS):
        fmt = _metric_format(key)
        now, before = _metric_cell_value(key, this[key]), _metric_cell_value(key, previous[key])
        change = now - before
        cells = [
            t.metric(key),
            _styled(ws, now, fmt),
            _styled(ws, before, fmt),
            _styled(ws, change, _CHANGE_FORMATS[fmt]),
        ]
        if index < len(trend_rows):
            cells += [None, *trend_rows[index]]
        ws.append(cells)
    chart = BarChart()
    chart.title = t("Month trend")
    chart.y_axis.title = None
    data = Reference(ws, min_col=7, max_col=8, min_row=3, max_row=3 + len(trend_rows))
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=6, min_row=4, max_row=3 + len(trend_rows)))
    chart.height, chart.width = 8, 18
    ws.add_chart(chart, "J3")
    revenue = LineChart()
    revenue.title = t("Revenue")
    # The revenue line sits under the bars, from its own small table.
    ws.append([])
    header_row = 3 + len(SUMMARY_KEYS) + 2  # title, month, header, the metrics, a blank row
    ws.append(
        [
            None,
            None,
            None,
            None,
            None,
            _styled(ws, t("Month"), font=HEADER_FONT, fill=HEADER_FILL),
            _styled(ws, t("Revenue"), font=HEADER_FONT, fill=HEADER_FILL),
        ]
    )
    for row in trend:
        ws.append(
            [None, None, None, None, None, row["month"], _styled(ws, row["revenue"] / 100, MONEY_FORMAT)]
        )
    revenue.add_data(
        Reference(ws, min_col=7, min_row=header_row, max_row=header_row + len(trend)), titles_from_data=True
    )
    revenue.set_categories(Reference(ws, min_col=6, min_row=header_row + 1, max_row=header_row + len(trend)))
    revenue.height, revenue.width = 8, 18
    ws.add_chart(revenue, "J20")


def _levels(ws, t: Labels, this: dict) -> None:
    for letter, width in zip("ABCDEF", (16, 14, 14, 14, 14, 14), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.append(
        [
            _styled(ws, text, font=HEADER_FONT, fill=HEADER_FILL)
            for text in (t("Level"), t("Start of month"), t("End of month"), t("Change"))
        ]
    )
    # Highest level first, so the bars read as a pyramid.
    for index in reversed(range(len(LEVELS))):
        key = LEVELS[index]
        start, end = this["levels_start"][key], this["levels_end"][key]
        ws.append(
            [
                _styled(
                    ws,
                    t.level(index),
                    font=Font(bold=True, color="FFFFFF"),
                    fill=PatternFill("solid", fgColor=LEVEL_FILLS[index]),
                ),
                start,
                end,
                _styled(ws, end - start, "+#,##0;-#,##0;0"),
            ]
        )
    ws.append([])
    ws.append(
        [_styled(ws, t("Level migration (rows: start of month, columns: end of month)"), font=TITLE_FONT)]
    )
    ws.append(
        [
            _styled(ws, "", fill=HEADER_FILL),
            *(_styled(ws, t.level(i), font=HEADER_FONT, fill=HEADER_FILL) for i in range(len(LEVELS))),
        ]
    )
    for i, row in enumerate(this["level_migration"]):
        ws.append([_styled(ws, t.level(i), font=Font(bold=True)), *row])
    chart = BarChart()
    chart.type = "bar"
    chart.title = t("Customers by level")
    chart.add_data(
        Reference(ws, min_col=2, max_col=3, min_row=1, max_row=1 + len(LEVELS)), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=1 + len(LEVELS)))
    chart.height, chart.width = 9, 16
    ws.add_chart(chart, "H2")


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
    temp = str(tempfiles.new_part(target))
    try:
        wb.save(temp)
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
