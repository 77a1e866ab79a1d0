"""SPEC 7's budgets, and the verdict on a figure: its ratio to its floor, ``pass`` against the
budget, ``within_half`` (a figure a user waits for keeps half its time and memory budgets as
headroom on the benchmark machine, so an older shop PC still meets it; a budget on the ratio to
a floor holds as it is)."""

from __future__ import annotations

# The figures, in the order of the table (``--only`` names).
FIGURES = ("build", "search", "visit", "refresh", "startup", "export", "import", "lifetime")

# SPEC 7: the big shop (100,000 customers) on SQLite; the chain (1,000,000) on PostgreSQL.
# ms budgets; "ratio" is a budget on the ratio to the floor; "rss_mb" one on peak memory.
BUDGETS = {
    "sqlite": {
        "build": {"ms": 60_000},
        "search": {"ms": 30},
        "visit": {"ms": 20},
        "refresh": {"ms": 2_000, "ratio": 3},
        "startup": {"ms": 1_000},
        "export": {"ratio": 1.5, "rss_mb": 200},
        "import": {"ms": 15_000},
        "lifetime": {"ms": 10_000, "rss_mb": 300},
    },
    "postgresql": {
        "build": {"ms": None},
        "search": {"ms": 50},
        "visit": {"ms": 30},
        "refresh": {"ms": 30_000},
        "startup": {"ms": 2_000},
        "export": {"ms": 180_000, "rss_mb": 300},
        "import": {"ms": 180_000},
        # SPEC 7's lifetime budget is the big shop's; the chain's row names none.
        "lifetime": {"ms": None},
    },
}
# Figures a user waits for: at most half their budget on the benchmark machine (SPEC 7).
USER_FACING = {"search", "visit", "refresh", "startup", "export", "import", "lifetime"}


def judge(figure: dict, engine: str) -> dict:
    budget = dict(BUDGETS[engine][figure["key"]])
    floor_ms = figure["floor"]["ms"]
    figure["ratio"] = round(figure["ms"] / floor_ms, 2) if floor_ms else None
    if budget.get("ms") is not None:
        budget["half_ms"] = budget["ms"] / 2
    if budget.get("rss_mb") is not None:
        budget["half_rss_mb"] = budget["rss_mb"] / 2
    figure["budget"] = budget
    checks, halves = [], []
    if budget.get("ms") is not None:
        checks.append(figure["ms"] < budget["ms"])
        halves.append(figure["ms"] <= budget["half_ms"])
    if budget.get("ratio") is not None and figure["ratio"] is not None:
        # A ratio to a floor of the same run already travels from machine to machine, so its
        # budget is its own headroom (the step's "refresh at most 3 × the aggregate").
        checks.append(figure["ratio"] <= budget["ratio"])
        halves.append(figure["ratio"] <= budget["ratio"])
    if budget.get("rss_mb") is not None and figure.get("peak_rss_mb") is not None:
        checks.append(figure["peak_rss_mb"] < budget["rss_mb"])
        halves.append(figure["peak_rss_mb"] <= budget["half_rss_mb"])
    figure["pass"] = all(checks) if checks else None
    figure["within_half"] = (all(halves) if halves else None) if figure["key"] in USER_FACING else None
    return figure
