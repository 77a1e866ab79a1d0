"""The report's last sheet, Notes: what every metric and column means (SPEC 4 and 5).

Each note says what is counted, over which customers and which dates, in the
report's language. "Converted" and "active referral" are used as SPEC 2.3 defines
them: a referral is converted once the referred customer has bought, ever; an active
referral is a converted one with a purchase in the last 365 days.

This module writes the sheet (its rows, in the report's language, and the lifetime
figures' source); the notes themselves are data, in :mod:`crm.reports.notes_text`
(the terms and the metrics) and :mod:`crm.reports.notes_columns` (the sheets' columns).
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font

from crm.io.sheets import add_sheet, cell, filter_all
from crm.reports import printing
from crm.reports.labels import Labels
from crm.reports.notes_columns import COLUMN_NOTES, LIFETIME_NOTES
from crm.reports.notes_text import METRIC_NOTES, NOTE_WORDS, TERMS_EN, TERMS_ZH

WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
WIDTHS = (16, 30, 100)  # sheet, item, meaning


def lifetime_rows(t: Labels, outlook) -> list[tuple[str, str, str]]:
    """Where the lifetime figures come from (the fit and its date), or why there are none."""
    if outlook is None:
        return []
    item = t("Lifetime figures")
    day = outlook.as_of.isoformat()
    if outlook.reason is not None:
        why = t.reason(outlook.reason)
        text = (
            "本报表没有仍是顾客的可能性、预计购买天数和 12 个月价值这几列，也没有未来 30 天的预计数："
            f"购买记录还不够，暂时无法估算（{why}）。"
            if t.zh
            else "This report has no P(alive), expected purchase days or 12-month value columns and no"
            f" next-30-days figures: not enough purchase history yet to estimate ({why})."
        )
        return [(t("Customers"), item, text)]
    fitted = outlook.fit.as_of.isoformat()
    text = (
        f"由 {fitted} 拟合的模型，按每位顾客截至 {day} 的购买记录估算（不重新拟合）。"
        if t.zh
        else f"Estimated from the models fitted as of {fitted}, applied to each customer's purchases up "
        f"to {day} (not fitted again for the report)."
    )
    out = [(t("Customers"), item, text)]
    if outlook.spend_reason is not None:
        why = t.reason(outlook.spend_reason)
        out.append(
            (
                t("Customers"),
                t("12-month value"),
                f"12 个月价值及未来 30 天的预计消费额为空白：{why}。"
                if t.zh
                else f"The 12-month value and the next 30 days' value are blank: {why}.",
            )
        )
    return out


def metric_note(key: str, zh: bool = False) -> str:
    """What the metric ``key`` counts, in English or Chinese ("" for a key without a note)."""
    for note_key, en, zh_text in METRIC_NOTES:
        if note_key == key:
            return zh_text if zh else en
    return ""


def rows(t: Labels, currency: str, outlook=None) -> list[tuple[str, str, str]]:
    """(sheet, item, meaning) for the Notes sheet, in the report's language."""
    word = (lambda text: NOTE_WORDS.get(text, t(text))) if t.zh else (lambda text: text)
    out = [("", word("Terms"), TERMS_ZH if t.zh else TERMS_EN)]
    money = (
        f"金额以店铺货币（{currency}）计。" if t.zh else f"Amounts are in the shop's currency ({currency})."
    )
    out.append(("", word("Terms"), money))
    summary = t("Summary")
    for key, en, zh in METRIC_NOTES:
        out.append((summary, t.metric(key), zh if t.zh else en))
    # Each sheet's lifetime columns are explained after its other columns, with where the figures
    # come from (or why the report has none: then their columns are not there to explain).
    estimated = outlook is None or outlook.reason is None
    lifetime: dict[str, list[tuple[str, str, str]]] = {}
    for sheet, column, en, zh in LIFETIME_NOTES if estimated else ():
        lifetime.setdefault(sheet, []).append((t(sheet), t(column), zh if t.zh else en))
    lifetime.setdefault("Customers", []).extend(lifetime_rows(t, outlook))
    sheets = [sheet for sheet, *_ in COLUMN_NOTES]
    for at, (sheet, column, en, zh) in enumerate(COLUMN_NOTES):
        out.append((t(sheet), t(column) if column else "", zh if t.zh else en))
        if at + 1 == len(sheets) or sheets[at + 1] != sheet:  # the sheet's last column
            out += lifetime.pop(sheet, [])
    for rest in lifetime.values():
        out += rest
    return out


def notes_sheet(wb, t: Labels, currency: str, outlook=None):
    """The Notes sheet, last in the workbook; returns it."""
    word = (lambda text: NOTE_WORDS.get(text, t(text))) if t.zh else (lambda text: text)
    ws = add_sheet(
        wb,
        word("Notes"),
        [word("Sheet"), word("Item"), word("Meaning")],
        list(WIDTHS),
        wrap=True,
        prepare=printing.prepare,
    )
    bold = Font(bold=True)
    count = 0
    for sheet, item, meaning in rows(t, currency, outlook):
        count += 1
        texts = ((sheet, WIDTHS[0]), (item, WIDTHS[1]), (meaning, WIDTHS[2]))
        printing.fit_row(ws, count + 1, texts, per_unit=1.1)
        ws.append(
            [
                cell(ws, sheet, alignment=TOP),
                cell(ws, item, font=bold, alignment=WRAP),
                cell(ws, meaning, alignment=WRAP),
            ]
        )
    filter_all(ws, 3, count)
    return ws
