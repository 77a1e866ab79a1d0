"""The workbook's Summary and Levels sheets: the month's figures beside the previous
month's, the month trend and revenue charts, the level pyramid and migration table."""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font, PatternFill

from crm.io.sheets import HEADER_FILL, HEADER_FONT, text_cell
from crm.io.sheets import cell as _styled
from crm.levels import LEVELS
from crm.reports import printing
from crm.reports.labels import Labels
from crm.reports.metrics import KEYS, LEVEL_TABLE_KEYS, MONEY_KEYS, RATE_KEYS, Month
from crm.reports.sheet_writer import INT_FORMAT, RATE_FORMAT, TITLE_FONT
from crm.services import settings

LEVEL_FILLS = ("9E9E9E", "64B5F6", "4DB6AC", "FFB74D", "E53935")
SUMMARY_KEYS = tuple(key for key in KEYS if key != "month" and key not in LEVEL_TABLE_KEYS)

_CHANGE_FORMATS = {
    RATE_FORMAT: "+0.0%;-0.0%;0.0%",
    INT_FORMAT: "+#,##0;-#,##0;0",
    "0.00": "+0.00;-0.00;0.00",
}
SUMMARY_CHART_CM = 8  # the height of the trend and revenue charts


def _metric_cell_value(key: str, value):
    if key in MONEY_KEYS:
        return round(value / 100, 2)
    return value


def _metric_format(key: str, money: str) -> str:
    if key in MONEY_KEYS:
        return money
    if key in RATE_KEYS:
        return "0.00" if key == "k_factor" else RATE_FORMAT
    return INT_FORMAT


def _change_format(key: str, currency: str) -> str:
    if key in MONEY_KEYS:
        return printing.money_format(currency, signed=True)
    return _CHANGE_FORMATS[_metric_format(key, "")]


def outlook_rows(t: Labels, outlook, money: str) -> list[tuple[str, float | None, str]]:
    """The Summary's lifetime lines under the metrics: a heading, then the shop's expected
    purchase days and their value in the next 30 days (None: blank, the Notes sheet says why)."""
    if outlook is None:
        return []
    return [
        (t("Next 30 days (expected)"), None, ""),
        (t("Expected purchase days, next 30 days"), outlook.next_purchases, "#,##0.0"),
        (t("Expected value, next 30 days"), outlook.next_value, money),
    ]


def summary_sheet(
    ws, t: Labels, m: Month, this: dict, previous: dict, trend: list[dict], currency: str, outlook=None
) -> None:
    """The metrics (this month, the previous one, the change) in A:D, with the lifetime outlook
    (:mod:`crm.reports.lifetime_columns`) under them, the month trend beside them in F:I, and
    the trend and revenue charts under both, side by side, on a page of their own when the
    tables leave too little of the first."""
    printing.prepare(ws)
    money = printing.money_format(currency)
    widths = (30, 16, 16, 14, 3, 10, 14, 12, 14)
    for letter, width in zip("ABCDEFGHI", widths, strict=True):
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
            for text in (t("Month"), t("New customers"), t("Buyers"), t("Revenue"))
        ),
    ]
    ws.append(header)
    trend_rows = [
        (row["month"], row["new_customers"], row["buyers"], _styled(ws, row["revenue"] / 100, fmt=money))
        for row in trend
    ]
    # The outlook goes under the trend table (F:I), a row apart: the metrics' column is the
    # longer, so the charts under both stay where they were.
    extra = outlook_rows(t, outlook, money)
    outlook_from = len(trend_rows) + 1
    rows = max(len(SUMMARY_KEYS), outlook_from + len(extra))
    for index in range(rows):
        cells = [None, None, None, None]
        if index < len(SUMMARY_KEYS):
            key = SUMMARY_KEYS[index]
            fmt = _metric_format(key, money)
            now, before = _metric_cell_value(key, this[key]), _metric_cell_value(key, previous[key])
            cells = [
                t.metric(key),
                _styled(ws, now, fmt=fmt),
                _styled(ws, before, fmt=fmt),
                _styled(ws, now - before, fmt=_change_format(key, currency)),
            ]
        if index < len(trend_rows):
            cells += [None, *trend_rows[index]]
        elif 0 <= index - outlook_from < len(extra):
            label, value, fmt = extra[index - outlook_from]
            # The label runs over G:H (left empty); the figure stands in I, under the revenue.
            cells += [
                None,
                _styled(ws, label, font=Font(bold=True)) if not fmt else label,
                None,
                None,
                None if value is None else _styled(ws, value, fmt=fmt),
            ]
        ws.append(cells)
    last_trend = 3 + len(trend_rows)
    months = Reference(ws, min_col=6, min_row=4, max_row=last_trend)
    chart = BarChart()
    chart.title = t("Month trend")
    chart.y_axis.title = None
    chart.add_data(Reference(ws, min_col=7, max_col=8, min_row=3, max_row=last_trend), titles_from_data=True)
    chart.set_categories(months)
    revenue = LineChart()
    revenue.title = t("Revenue")
    revenue.add_data(Reference(ws, min_col=9, min_row=3, max_row=last_trend), titles_from_data=True)
    revenue.set_categories(months)
    # Side by side under the tables, each within the columns the tables use, so the
    # charts do not widen (and shrink) the printed page.
    width = sum(printing.column_points(ws, letter) for letter in "ABCDEFGHI")
    top = 3 + rows + 2
    if top + printing.chart_rows(SUMMARY_CHART_CM) > printing.page_rows(width):
        printing.break_before(ws, top)
    left_cm = sum(printing.column_points(ws, letter) for letter in "ABC") / 72 * 2.54
    right_cm = sum(printing.column_points(ws, letter) for letter in "DEFGHI") / 72 * 2.54
    chart.height, chart.width = SUMMARY_CHART_CM, left_cm - 0.4
    revenue.height, revenue.width = SUMMARY_CHART_CM, right_cm - 0.4
    ws.add_chart(chart, f"A{top}")
    ws.add_chart(revenue, f"D{top}")


def levels_sheet(ws, t: Labels, this: dict) -> None:
    """The level distribution at the start and end of the month, the migration matrix under it,
    and the pyramid chart to their right (the sheet prints one page wide, chart included)."""
    printing.prepare(ws)
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
                _styled(ws, end - start, fmt="+#,##0;-#,##0;0"),
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
    width = sum(printing.column_points(ws, letter) for letter in "ABCDEFG") + chart.width / 2.54 * 72
    if 2 + printing.chart_rows(chart.height) <= printing.page_rows(width):
        ws.add_chart(chart, "H2")
    else:  # a page too short for it beside the tables: under them, on a page of its own
        chart.width = 15
        top = 4 + len(LEVELS) * 2 + 2
        printing.break_before(ws, top)
        ws.add_chart(chart, f"A{top}")
