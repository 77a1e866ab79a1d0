"""The benchmark's verdicts on SPEC 7's budgets: time and memory keep half as headroom, a
budget on the ratio to a floor holds as it is, and a figure without a budget gets no verdict."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from shopbench.budgets import judge  # noqa: E402


def figure(key: str, ms: float, floor_ms: float, **extra) -> dict:
    return {"key": key, "ms": ms, "floor": {"ms": floor_ms}, **extra}


def test_refresh_within_three_times_its_aggregate_and_half_its_time_has_headroom():
    judged = judge(figure("refresh", 900, 300), "sqlite")
    assert judged["ratio"] == 3.0
    assert judged["pass"] and judged["within_half"]


def test_refresh_over_half_its_time_passes_without_headroom():
    judged = judge(figure("refresh", 1_200, 600), "sqlite")
    assert judged["pass"] and judged["within_half"] is False


def test_refresh_over_three_times_its_aggregate_fails_however_fast():
    judged = judge(figure("refresh", 310, 100), "sqlite")
    assert judged["pass"] is False and judged["within_half"] is False


def test_export_memory_keeps_half_its_budget():
    assert judge(figure("export", 900, 1_000, peak_rss_mb=90), "sqlite")["within_half"]
    judged = judge(figure("export", 900, 1_000, peak_rss_mb=150), "sqlite")
    assert judged["pass"] and judged["within_half"] is False


def test_the_chain_has_no_lifetime_budget_and_the_demo_build_is_not_user_facing():
    lifetime = judge(figure("lifetime", 21_000, 5_000), "postgresql")
    assert lifetime["pass"] is None and lifetime["within_half"] is None
    assert judge(figure("lifetime", 21_000, 5_000), "sqlite")["pass"] is False
    build = judge(figure("build", 40_000, 4_000), "sqlite")
    assert build["pass"] and build["within_half"] is None
