"""What the reports page shows: a month's figures beside the month before's."""

from __future__ import annotations

from dataclasses import dataclass

from crm.bulk_reads import lean_reading, meanwhile
from crm.reports.metrics import Month
from crm.services import settings as shop_settings


@dataclass(frozen=True)
class MonthFigures:
    month: str
    this: dict  # crm.reports.metrics.month_metrics of the month
    previous: dict  # and of the month before
    currency: str


def load_figures(month: str) -> MonthFigures:
    from crm.reports import metrics

    m = Month.parse(month)
    months = [m, m.shift(-1)]
    # Both months together: their levels on three days in one query (the longest) and their
    # purchase history in one, each read on a connection of its own while this one reads the rest.
    with (
        meanwhile(metrics.month_levels, months) as levels,
        meanwhile(metrics.month_history, months) as history,
        lean_reading(),
    ):
        this, previous = metrics.months_metrics(months, levels, history)
    return MonthFigures(month, this, previous, str(shop_settings.get("currency")))
