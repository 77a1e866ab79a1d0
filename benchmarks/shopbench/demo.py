"""The demo shop a run measures: built once per (customers, seed) with ``shopcircle-cli demo``
and kept (building a big shop takes minutes), with what the build took, so a later run can
still report the build figure (marked cached)."""

from __future__ import annotations

import sys
from datetime import date, datetime

from .common import CLI, OUT, note, run_measured


def cached_demo(engine, customers: int, seed: int, rebuild: bool) -> tuple[str, dict]:
    """The cached demo shop and what its build took (building it if needed)."""
    OUT.mkdir(parents=True, exist_ok=True)
    location = engine.cache(customers, seed)
    meta = None if rebuild else engine.meta(location)
    if meta and meta.get("customers", customers) == customers and meta.get("seed", seed) == seed:
        return location, {**meta, "cached": True}
    engine.discard(location)
    until = date.today().isoformat()
    command = [*CLI, "--db", location, "demo", "--customers", str(customers), "--seed", str(seed)]
    command += ["--until", until]
    note(f"building the demo shop: {' '.join(command[2:])}")
    done = run_measured(command)
    if done["returncode"] != 0:
        sys.exit(f"demo build failed: {done['stderr'].strip()}")
    meta = {
        "customers": customers,
        "seed": seed,
        "seconds": round(done["seconds"], 2),
        "peak_rss_mb": done["peak_rss_mb"],
        "until": until,
        "built_at": datetime.now().isoformat(timespec="seconds"),
        "cli": done["stdout"].strip(),
    }
    engine.save_meta(location, meta)
    return location, {**meta, "cached": False}
