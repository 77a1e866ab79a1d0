"""The customer list written to a file: the customers the Customers page shows for a
filter, in its order, as an Excel workbook or a CSV file.

The rows are streamed from one query (:func:`crm.services.customer_list.ordered_query`)
into a write-only workbook or a CSV writer, so 100,000 customers never sit in memory
as a list; only each customer's community names are gathered first (one query). Text
stays text (:mod:`crm.io.sheets`): in the workbook as string cells, in the CSV behind an
apostrophe where a spreadsheet would read a formula. Numbers and dates stay numbers and
dates in the workbook. The CSV is UTF-8 with a byte-order mark, which Chinese Excel
needs to read it as UTF-8. Either file is written beside its target and renamed into
place, so a failure or a cancel leaves nothing behind.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from crm import clock, tempfiles
from crm.db import as_date, database
from crm.io import sheets
from crm.levels import LEVEL_NAMES_EN, LEVEL_NAMES_ZH
from crm.money import to_major
from crm.phones import display_phone
from crm.reports.printing import money_format
from crm.reports.workbook import check_target, discard, write_atomically
from crm.services import customer_list, settings
from crm.services.common import Actor, require
from crm.services.customer_list import CustomerFilter

FORMATS = (".xlsx", ".csv")
DEFAULT_SORT = ("last", True)  # the Customers page's first order: latest purchase first

# The columns: key, English and Chinese header, width in the workbook.
COLUMNS = (
    ("code", "Code", "会员号", 11),
    ("name", "Name", "姓名", 12),
    ("phone", "Phone", "手机号", 15),
    ("wechat", "WeChat", "微信", 14),
    ("level", "Level", "层级", 11),
    ("last_purchase", "Last purchase", "最近购买", 13),
    ("purchase_days", "Purchase days (365 d)", "购买天数（365天）", 12),
    ("spend", "Spend (365 d)", "消费额（365天）", 14),
    ("referred_by", "Referred by", "推荐人", 12),
    ("big_c", "Big C", "大C", 7),
    ("tags", "Tags", "标签", 20),
    ("communities", "Communities", "社群", 24),
    ("joined", "Joined", "加入日期", 12),
    ("source", "Source", "来源", 10),
)
SOURCE_NAMES = {
    "walk_in": ("Walk-in", "自然到店"),
    "referral": ("Referral", "推荐"),
    "community": ("Community", "社群"),
    "online": ("Online", "线上"),
    "event": ("Event", "活动"),
    "import": ("Import", "导入"),
    "other": ("Other", "其他"),
}
_SELECT = (
    "c.code, c.name, c.phone, c.wechat, c.level, c.last_purchase, c.purchase_days, c.spend_365, r.name,"
    " CASE WHEN {big_c} THEN 1 ELSE 0 END, c.tags, c.joined, c.source, c.id"
)
_PROGRESS_EVERY = 2000  # rows between progress reports (each may cancel)

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Exported:
    path: Path
    customers: int


def default_name(suffix: str = ".xlsx", today: date | None = None) -> str:
    return f"customers-{(today or clock.today()).isoformat()}{suffix}"


def export_customers(
    out: str | os.PathLike,
    flt: CustomerFilter = CustomerFilter(),  # noqa: B008 - frozen
    sort: tuple[str, bool] | None = DEFAULT_SORT,
    *,
    actor: Actor | None,
    language: str | None = None,
    progress: Progress | None = None,
) -> Exported:
    """Write the customers the list shows for ``flt``, in the order of ``sort`` (a name of
    :data:`crm.services.customer_list.SORTS`, reversed), to ``out`` (.xlsx or .csv); headers
    in ``language`` (default: the shop's). ``progress(fraction, message)`` may raise to cancel;
    its last call comes before the file is in place.

    The file lists names and phones: managers and owners only (``actor`` None is the
    command line, acting as the owner)."""
    require(actor, "export data")
    target = Path(out).expanduser().resolve()
    check_target(target, FORMATS)
    say = progress or (lambda fraction, message: None)
    zh = (language or settings.get("language") or "en").startswith("zh")
    say(0.0, "counting")
    total = customer_list.count(flt)
    say(0.05, "customers")
    rows = _rows(flt, sort or DEFAULT_SORT, zh)
    headers = [zh_header if zh else en for _, en, zh_header, _ in COLUMNS]
    written = 0

    def counted(values: Iterable[tuple]) -> Iterator[tuple]:
        nonlocal written
        for written, row in enumerate(values, start=1):  # noqa: B007 - counted for the caller
            if written % _PROGRESS_EVERY == 0:
                say(0.05 + 0.9 * written / max(1, total), "customers")
            yield row

    # The last report (a cancel's last chance) comes before the file is renamed into place.
    if target.suffix.lower() == ".csv":
        write_atomically(target, lambda temp: _write_csv(temp, headers, counted(rows), say))
    else:
        _save_workbook(target, headers, counted(rows), zh, say)
    return Exported(target, written)


# --- the rows ----------------------------------------------------------------------------------


def _rows(flt: CustomerFilter, sort: tuple[str, bool], zh: bool) -> Iterator[tuple]:
    """Each customer's values in the order of :data:`COLUMNS`: text as it reads, dates as
    dates, spend in the currency's units; a 大C and the communities as text."""
    from crm.services import communities

    big_c, big_params = communities.big_c_condition()
    sql, params = customer_list.ordered_query(_SELECT.format(big_c=big_c), flt, sort)
    params = [*big_params, *params]  # the 大C column's condition comes first in the query
    region = settings.get("phone_region")
    levels = LEVEL_NAMES_ZH if zh else LEVEL_NAMES_EN
    yes = "是" if zh else "Yes"
    sources = {key: names[1 if zh else 0] for key, names in SOURCE_NAMES.items()}
    groups = _communities()
    for (
        code,
        name,
        phone,
        wechat,
        level,
        last,
        days,
        spend,
        referrer,
        big,
        tags,
        joined,
        source,
        cid,
    ) in customer_list.stream(sql, params):
        yield (
            code,
            name,
            display_phone(phone, region),
            wechat or "",
            levels[int(level or 0)],
            as_date(last),
            int(days or 0),
            to_major(int(spend or 0)),
            referrer or "",
            yes if big else "",
            ", ".join(t for t in (tags or "").split(",") if t),
            groups.get(cid, ""),
            as_date(joined),
            sources.get(source, source or ""),
        )


def _communities() -> dict[int, str]:
    """Each customer's open communities today (led or a member of), by name."""
    today = clock.today().isoformat()
    found: dict[int, set[str]] = {}
    for cid, name in database.execute_sql(
        "SELECT m.customer_id, g.name FROM membership m JOIN community g ON g.id = m.community_id"
        ' WHERE g.archived = ? AND m.joined <= ? AND (m."left" IS NULL OR m."left" > ?)'
        " UNION SELECT g.leader_id, g.name FROM community g WHERE g.archived = ?",
        [False, today, today, False],
    ):
        found.setdefault(cid, set()).add(name)
    return {cid: ", ".join(sorted(names)) for cid, names in found.items()}


# --- the files ---------------------------------------------------------------------------------

_TEXT_COLUMNS = (0, 1, 2, 3, 8, 11)  # what a customer typed or was given: code, name, phone …
_TAGS = 10


def _write_csv(path: str, headers: list[str], rows: Iterable[tuple], say: Progress) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            values = list(row)
            for index in (*_TEXT_COLUMNS, _TAGS):
                values[index] = sheets.csv_text(values[index])
            values[5] = values[5].isoformat() if values[5] else ""
            values[7] = f"{values[7]:.2f}"
            values[12] = values[12].isoformat() if values[12] else ""
            writer.writerow(values)
    say(0.95, "saving")


def _save_workbook(target: Path, headers: list[str], rows: Iterable[tuple], zh: bool, say: Progress) -> None:
    with tempfiles.private_tempdir():  # openpyxl's sheet files: in the private folder
        book = sheets.new_workbook()
        try:
            title, widths = "顾客" if zh else "Customers", [c[3] for c in COLUMNS]
            currency = money_format(str(settings.get("currency")))  # as the report
            safe = sheets.safe
            ws = sheets.add_sheet(book, title, headers, widths)
            spend = sheets.cell(ws, 0, fmt=currency)
            part = 1
            count = 0
            for row in rows:
                if count == sheets.ROWS_PER_SHEET:  # Excel's last row reached: on in the next sheet
                    sheets.filter_all(ws, len(COLUMNS), count)
                    part, count = part + 1, 0
                    ws = sheets.add_sheet(book, sheets.part_title(title, part), headers, widths)
                    spend = sheets.cell(ws, 0, fmt=currency)
                count += 1
                (code, name, phone, wechat, level, last, days, amount, referrer, big, tags, groups, joined,
                 source) = row  # fmt: skip
                spend.value = float(amount)
                ws.append(
                    (
                        safe(ws, code),
                        safe(ws, name),
                        safe(ws, phone),
                        safe(ws, wechat),
                        level,
                        last,
                        days,
                        spend,
                        safe(ws, referrer),
                        big or None,
                        safe(ws, tags),
                        safe(ws, groups),
                        joined,
                        source or None,
                    )
                )
            sheets.filter_all(ws, len(COLUMNS), count)
            say(0.95, "saving")
            write_atomically(target, book.save)
        except BaseException:
            discard(book)
            raise
