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
    from crm.services import shop_levels

    with shop_levels.memo():
        this, previous = metrics.month_metrics(month), metrics.month_metrics(Month.parse(month).shift(-1))
    return MonthFigures(month, this, previous, str(shop_settings.get("currency")))
