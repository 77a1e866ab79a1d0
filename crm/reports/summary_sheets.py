"""The workbook's Summary and Levels sheets: the month's figures beside the previous
month's, the month trend and revenue charts, the level pyramid and migration table."""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font, PatternFill

from crm.io.sheets import HEADER_FILL, HEADER_FONT, text_cell
from crm.io.sheets import cell as _styled
from crm.levels import LEVELS
from crm.reports.labels import Labels
from crm.reports.metrics import KEYS, LEVEL_TABLE_KEYS, MONEY_KEYS, RATE_KEYS, Month
from crm.reports.sheet_writer import INT_FORMAT, MONEY_FORMAT, RATE_FORMAT, TITLE_FONT
from crm.services import settings

LEVEL_FILLS = ("9E9E9E", "64B5F6", "4DB6AC", "FFB74D", "E53935")
SUMMARY_KEYS = tuple(key for key in KEYS if key != "month" and key not in LEVEL_TABLE_KEYS)

_CHANGE_FORMATS = {
    RATE_FORMAT: "+0.0%;-0.0%;0.0%",
    MONEY_FORMAT: "+#,##0.00;-#,##0.00;0.00",
    INT_FORMAT: "+#,##0;-#,##0;0",
    "0.00": "+0.00;-0.00;0.00",
}


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


def summary_sheet(ws, t: Labels, m: Month, this: dict, previous: dict, trend: list[dict]) -> None:
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
            _styled(ws, now, fmt=fmt),
            _styled(ws, before, fmt=fmt),
            _styled(ws, change, fmt=_CHANGE_FORMATS[fmt]),
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
            [None, None, None, None, None, row["month"], _styled(ws, row["revenue"] / 100, fmt=MONEY_FORMAT)]
        )
    revenue.add_data(
        Reference(ws, min_col=7, min_row=header_row, max_row=header_row + len(trend)), titles_from_data=True
    )
    revenue.set_categories(Reference(ws, min_col=6, min_row=header_row + 1, max_row=header_row + len(trend)))
    revenue.height, revenue.width = 8, 18
    ws.add_chart(revenue, "J20")


def levels_sheet(ws, t: Labels, this: dict) -> None:
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
    ws.add_chart(chart, "H2")
