"""What the dashboard shows, in three reads that run side by side: the overview
(level pyramid, follow-up counts, zombie communities), a month's KPIs beside the
same days of the month before, and the twelve-month trend."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from crm import clock
from crm.levels import LEVELS, SUPER_USER_LEVELS
from crm.reports import metrics
from crm.reports.metrics import Month
from crm.services import communities, settings, tasks
from crm.services import levels as level_service
from crm.services.communities import CommunityInfo

TREND_MONTHS = 12
KPI_KEYS = ("new_customers", "buyers", "revenue", "repurchase_rate", "retention_rate")
RATE_KPIS = ("repurchase_rate", "retention_rate")


@dataclass(frozen=True)
class Overview:
    levels: dict[str, int]
    due_today: int
    overdue: int
    upcoming: int
    zombies: list[CommunityInfo]
    zombie_days: int
    seconds: float
    set_aside: int = 0  # archived or erased customers, left out of ``levels``
    communities: int = 0  # communities not archived

    @property
    def super_users(self) -> int:
        return sum(self.levels[LEVELS[i]] for i in SUPER_USER_LEVELS)


@dataclass(frozen=True)
class Kpis:
    month: str
    previous_month: str
    current: dict[str, Any]
    previous: dict[str, Any]
    currency: str
    seconds: float
    previous_through: date | None = None  # the month so far is compared with the same days before


@dataclass(frozen=True)
class Trend:
    rows: list[dict[str, Any]]
    currency: str
    seconds: float


def load_overview() -> Overview:
    started = time.perf_counter()
    levels = level_service.distribution(current_only=True)
    due = tasks.due_tasks()
    # The zombies only, found from the purchases of the zombie window: listing every community
    # with each member's last purchase took seconds at a million customers.
    zombies = communities.zombies()
    zombies.sort(key=lambda c: (c.last_purchase is not None, c.last_purchase, c.name))
    return Overview(
        levels,
        len(due.today),
        len(due.overdue),
        len(due.upcoming),
        zombies,
        int(settings.get("community.zombie_days")),
        time.perf_counter() - started,
        level_service.set_aside(),
        communities.live_count(),
    )


def _kpi_values(month: Month, through: date | None = None) -> dict[str, Any]:
    values = metrics.customer_metrics(month, through)
    values.update(metrics.purchase_metrics(month, through))
    return values


def same_days_before(month: Month, today: date) -> date | None:
    """While ``month`` is under way, the day of the month before that ends the same number
    of days (the 23rd for the 23rd; the last day when the month before is shorter):
    early in a month a whole month before would make everything look down."""
    if not month.first <= today <= month.last:
        return None
    before = month.shift(-1)
    return min(before.first + timedelta(days=today.day - 1), before.last)


def load_kpis(month: str) -> Kpis:
    started = time.perf_counter()
    m = Month.parse(month)
    current = _kpi_values(m)
    through = same_days_before(m, clock.today())
    previous = _kpi_values(m.shift(-1), through)
    return Kpis(
        m.key,
        m.shift(-1).key,
        current,
        previous,
        str(settings.get("currency")),
        time.perf_counter() - started,
        through,
    )


def load_trend(month: str) -> Trend:
    started = time.perf_counter()
    rows = metrics.trend(month, TREND_MONTHS)
    return Trend(rows, str(settings.get("currency")), time.perf_counter() - started)
