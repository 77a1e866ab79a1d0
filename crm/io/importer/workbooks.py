"""The workbooks an import gives the owner: the invalid rows to fix and import again,
and an empty template with the headers the importer reads and an example row."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import Any

from crm import dates
from crm.errors import InvalidInput
from crm.io import values
from crm.io.importer.columns import KINDS
from crm.io.importer.run import ImportResult, RowError
from crm.io.tables import read_table
from crm.services import settings


def write_errors(
    result: ImportResult,
    out: str | Path,
    language: str | None = None,
    words: Callable[[RowError], tuple[str, str]] | None = None,
) -> Path:
    """The invalid rows as a workbook: row number, column, value and reason, then the
    row as it was in the file, so the owner can fix it and import it again. ``words`` gives
    an error's column and reason as the app shows them (in its language); without it, as
    the import gives them (the command line's English)."""
    from crm.io import sheets
    from crm.reports.labels import Labels
    from crm.reports.workbook import check_target, save_atomically

    target = Path(out).expanduser().resolve()
    check_target(target)
    t = Labels(language or settings.get("language") or "en")
    book = sheets.new_workbook()
    header = [t("Row"), t("Column"), t("Value"), t("Reason"), *result.headers]
    sheet = sheets.add_sheet(book, t("Invalid rows"), header, [8, 14, 18, 48] + [14] * len(result.headers))
    # The rows as they were in the file, read again: an import holds no copy of every row.
    wanted = {error.row for error in result.errors}
    original: dict[int, list[Any]] = {}
    table = read_table(result.path)
    try:
        for number, cells in table.rows:
            if number in wanted:
                original[number] = [values.as_written(v) for v in cells]
    finally:
        table.close()
    said = words or (lambda error: (error.column, error.reason))
    for error in result.errors:
        column, reason = said(error)
        row = [error.row, column, error.value, reason, *original.get(error.row, [])]
        sheet.append(sheets.safe_row(sheet, row))
    sheets.filter_all(sheet, len(header), len(result.errors))
    save_atomically(book, target)
    return target


# The headers a template carries, in the shop's language, and an example row.
TEMPLATE_HEADERS = {
    "customers": {
        "zh": ["会员号", "姓名", "手机", "微信", "生日", "入会日期", "来源", "推荐人", "标签", "备注"],
        "en": [
            "Code",
            "Name",
            "Phone",
            "WeChat",
            "Birthday",
            "Joined",
            "Source",
            "Referrer",
            "Tags",
            "Notes",
        ],
    },
    "visits": {
        "zh": ["会员号", "手机", "姓名", "日期", "时间", "类型", "金额", "数量", "备注", "店员"],
        "en": ["Code", "Phone", "Name", "Date", "Time", "Kind", "Amount", "Quantity", "Note", "Staff"],
    },
}
TEMPLATE_EXAMPLES = {
    "customers": {
        "zh": ["C000001", "王丽", "138 1234 5678", "wangli88", "1990-03-05", "2026-01-15", "进店", "",
               "VIP,老客", ""],
        "en": ["C000001", "Wang Li", "138 1234 5678", "wangli88", "1990-03-05", "2026-01-15", "walk_in", "",
               "VIP", ""],
    },
    "visits": {
        "zh": ["C000001", "", "", "2026-06-01", "10:30", "购买", "128.50", "1", "", ""],
        "en": ["C000001", "", "", "2026-06-01", "10:30", "purchase", "128.50", "1", "", ""],
    },
}  # fmt: skip


def _example(sheet, text: str, font):
    """A template's example cell, typed as a spreadsheet would hold it."""
    from crm.io import sheets

    value, fmt = _typed(text)
    return sheets.cell(sheet, value, fmt=fmt, font=font)


def _typed(example: str) -> tuple[Any, str | None]:
    """An example cell as a spreadsheet would hold it: dates, times and amounts as such
    (with their display format), everything else (codes, phones) as text."""
    try:
        return dates.parse(example, dates.ISO_DAY)[0], "yyyy-mm-dd"
    except dates.NotADate:
        pass
    try:
        return time.fromisoformat(example), "hh:mm"
    except ValueError:
        pass
    if re.fullmatch(r"[0-9]+\.[0-9]+", example):
        return float(example), "0.00"
    if re.fullmatch(r"[0-9]{1,3}", example):
        return int(example), None
    return example, None


def write_template(kind: str, out: str | Path, language: str | None = None) -> Path:
    """An empty workbook to fill in: the headers the importer reads, and one example row."""
    from openpyxl.styles import Font

    from crm.io import sheets
    from crm.reports.workbook import check_target, save_atomically

    if kind not in KINDS:
        raise InvalidInput("kind", f"must be one of {', '.join(KINDS)}")
    lang = "zh" if (language or settings.get("language") or "en").startswith("zh") else "en"
    target = Path(out).expanduser().resolve()
    check_target(target)
    book = sheets.new_workbook()
    title = {"zh": {"customers": "顾客", "visits": "消费记录"}, "en": {}}[lang].get(kind, kind.title())
    headers = TEMPLATE_HEADERS[kind][lang]
    sheet = sheets.add_sheet(
        book, title, headers, [14] * len(headers), font=Font(bold=True), fill=sheets.NO_FILL
    )
    example = Font(italic=True, color="808080")
    sheet.append([_example(sheet, value, example) for value in TEMPLATE_EXAMPLES[kind][lang]])
    save_atomically(book, target)
    return target
