"""Figure ``export``: the monthly report export of the demo's last full month, best of the
runs, with its peak RSS (the export's and any process it starts, together). Measured by
``benchmarks/export_bench.py`` in a process of its own, whose floor is a bare openpyxl
write-only dump of the same rows, interleaved with the export."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from ..common import BENCHMARKS, ROOT


def last_full_month(until: date) -> str:
    return f"{until.year - (until.month == 1):04d}-{(until.month - 2) % 12 + 1:02d}"


def measure_export(location: str, month: str, repeats: int) -> dict:
    """benchmarks/export_bench.py in a process of its own (its peak RSS is not this one's)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "export.json"
        script = str(BENCHMARKS / "export_bench.py")
        command = [sys.executable, script, location, "--month", month, "--repeats", str(repeats)]
        done = subprocess.run([*command, "--json", str(out)], cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"export failed: {done.stderr.strip()[-500:]}")
        result = json.loads(out.read_text())
    return {
        "figure": f"monthly report export ({month})",
        "key": "export",
        "stat": "best",
        "ms": round(result["export_seconds"] * 1000, 1),
        "samples": repeats,
        "rows": result["rows"],
        "peak_rss_mb": result["peak_rss_mb"] + result["worker_peak_rss_mb"],
        "rss_detail_mb": {"export": result["peak_rss_mb"], "started": result["worker_peak_rss_mb"]},
        "floor": {
            "what": "a bare openpyxl write-only dump of the same rows",
            "ms": round(result["bare_dump_seconds"] * 1000, 1),
        },
    }
