"""What a run shows and keeps: the machine line, the table (each figure beside its floor, the
ratio, the budget and the verdict) with a line per floor saying what it is, and the JSON file
with the table in Markdown beside it."""

from __future__ import annotations

import json
from pathlib import Path


def _ms(ms: float | None) -> str:
    if ms is None:
        return "–"
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.2f} ms"


def _budget_text(budget: dict) -> str:
    parts = []
    if budget.get("ms") is not None:
        ms = budget["ms"]
        parts.append(f"< {ms / 1000:g} s" if ms >= 1000 else f"< {ms:g} ms")
    if budget.get("ratio") is not None:
        parts.append(f"≤ {budget['ratio']:g}×")
    if budget.get("rss_mb") is not None:
        parts.append(f"< {budget['rss_mb']} MB")
    return ", ".join(parts) or "–"


def table_rows(figures: list[dict]) -> list[list[str]]:
    rows = []
    for f in figures:
        value = f"{_ms(f['ms'])} ({f['stat']})"
        if f["stat"] == "p95":
            value = f"{_ms(f['ms'])} p95, {_ms(f['median_ms'])} median"
        if f.get("peak_rss_mb") is not None:
            value += f", {f['peak_rss_mb']:.0f} MB"
        verdict = {True: "pass", False: "FAIL", None: "–"}[f["pass"]]
        if f["within_half"] is not None:
            verdict += ", within half" if f["within_half"] else ", over half"
        ratio = f"{f['ratio']:.1f}×" if f["ratio"] is not None else "–"
        rows.append([f["figure"], value, _ms(f["floor"]["ms"]), ratio, _budget_text(f["budget"]), verdict])
    return rows


HEADERS = ["figure", "measured", "floor", "ratio", "budget", "result"]


def print_table(figures: list[dict]) -> None:
    from crm.cli import display_width, pad

    rows = table_rows(figures)
    widths = [max(display_width(r[i]) for r in [HEADERS, *rows]) for i in range(len(HEADERS))]
    for row in [HEADERS, *rows]:
        print("  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
    print()
    for f in figures:
        if not f["figure"].startswith("search per keystroke:"):
            print(f"floor of {f['figure']}: {f['floor']['what']}")
    for f in figures:
        if f.get("with_refresh_median_ms") is not None:
            print(
                f"{f['figure']}, the app refreshing the levels as it starts:"
                f" {_ms(f['with_refresh_median_ms'])} (median), the whole list at"
                f" {_ms(f['with_refresh_whole_list_median_ms'])}"
            )


def markdown_table(figures: list[dict]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(row) + " |" for row in table_rows(figures)]
    return "\n".join(lines)


def show(result: dict) -> None:
    """The run on stdout: what was measured on which machine, then the table."""
    m, engine, settings = result["machine"], result["engine"], result["postgresql_settings"]
    print(
        f"\nShopCircle benchmark on {engine}: {result['customers']:,} customers, {result['visits']:,} visits,"
        f" seed {result['seed']}, history up to {result['until']}"
    )
    print(
        f"{m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python {m['python']}, SQLite {m['sqlite']}"
        + (f", PostgreSQL {m['postgresql']}" if engine == "postgresql" else "")
        + f"; load average {m['load_average_at_start'][0]} at the start,"
        f" {m['load_average_at_end'][0]} at the end"
    )
    if settings:
        print("PostgreSQL settings: " + ", ".join(f"{k}={v}" for k, v in settings.items()))
    print()
    print_table(result["figures"])
    for key, reason in result["skipped"].items():
        print(f"{key}: skipped, {reason}")


def write(result: dict, out: Path) -> None:
    """The JSON file, and the table in Markdown beside it (for README)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    (out.with_suffix(".md")).write_text(markdown_table(result["figures"]) + "\n")
    print(f"\nresults written to {out} (and the table as Markdown to {out.with_suffix('.md')})")
