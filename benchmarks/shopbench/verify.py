"""``--verify FILE``: a result file is well-formed, every figure asked for measured (or skipped
with a reason) with its floor, ratio and budget. CI checks its smoke runs so, asserting no
time (a time on a shared machine proves nothing)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .budgets import FIGURES


def verify(path: str) -> int:
    """Check a result file is well-formed: every figure measured, with its floor, ratio and budget."""
    try:
        result = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        print(f"{path}: not JSON ({exc})", file=sys.stderr)
        return 1
    problems = []
    for key in ("machine", "engine", "customers", "figures", "skipped"):
        if key not in result:
            problems.append(f"no {key!r}")
    measured = {f.get("key") for f in result.get("figures", [])}
    for key in result.get("asked", FIGURES):
        if key not in measured and key not in result.get("skipped", {}):
            problems.append(f"figure {key!r} neither measured nor skipped with a reason")
    for f in result.get("figures", []):
        floor = f.get("floor") or {}
        good = (
            isinstance(f.get("ms"), int | float)
            and f["ms"] > 0
            and isinstance(floor.get("ms"), int | float)
            and floor["ms"] > 0
            and isinstance(f.get("ratio"), int | float)
            and isinstance(floor.get("what"), str)
            and isinstance(f.get("budget"), dict)
            and "pass" in f
        )
        if not good:
            problems.append(f"figure {f.get('figure')!r} lacks a time, a floor, a ratio or a budget")
    for problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    if not problems:
        print(f"{path}: {len(result['figures'])} figures, each with its floor and ratio")
    return 1 if problems else 0
