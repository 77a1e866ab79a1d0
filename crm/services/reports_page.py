"""What the reports page shows: a month's figures beside the month before's."""

from __future__ import annotations

from dataclasses import dataclass

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
    # Both months together: their levels on three days in one query, their history in one.
    this, previous = metrics.months_metrics([m, m.shift(-1)])
    return MonthFigures(month, this, previous, str(shop_settings.get("currency")))
