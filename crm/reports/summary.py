"""The month's summary for the workbook: the month's metrics beside the month before, the
12-month trend and the small sheets' rows (:func:`summary_data`), and the levels and facts at
the month's end that the Customers sheet needs (:func:`end_levels_and_facts`).

They are computed in the exporting process, inside the export's memo of whole-shop levels, so
each level table is computed once. A second process computing them meanwhile saved about a
second at 100,000 customers but held a second Python of its own: 138 MB for the export
against 88 MB in one process (SPEC 7 wants it under 100 MB on the benchmark machine).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from crm.reports import metrics as metric_service
from crm.reports.metrics import Month
from crm.reports.monthly import community_rows, followup_rows, staff_rows
from crm.services import shop_levels


def summary_data(month: str) -> dict[str, Any]:
    """The month's metrics, the month before, the trend and the small sheets' rows (but the
    Fission sheet's, which the exporting process reads as it writes them)."""
    m = Month.parse(month)
    with shop_levels.memo():
        previous, this = metric_service.months_metrics([m.shift(-1), m])  # one history read for both
        return {
            "previous": previous,
            "this": this,
            "trend": metric_service.trend(m, 12),
            "communities": community_rows(m),
            "followup": followup_rows(m),
            "staff": staff_rows(m),
        }


def end_levels_and_facts(m: Month) -> tuple[shop_levels.LevelTable, shop_levels.ShopFacts]:
    """The levels and facts at the month's end, as the Customers sheet needs them: the
    facts' arrays (the converted referrals and led members stay with the metrics)."""
    levels, facts = shop_levels.levels_and_facts(m.last)
    return levels, dataclasses.replace(facts, converted={}, led={})
