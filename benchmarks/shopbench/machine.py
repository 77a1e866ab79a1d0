"""The machine a run measured on, kept in the JSON beside the figures: times differ by a factor
of three between machines, so a figure is only read with the machine it was taken on."""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import subprocess
from pathlib import Path


def installed_postgresql() -> str | None:
    """The PostgreSQL server installed here, for runs on SQLite (the version of the server otherwise)."""
    for program in ("/usr/lib/postgresql/15/bin/postgres", shutil.which("postgres"), shutil.which("psql")):
        if program and Path(program).exists():
            done = subprocess.run([program, "--version"], capture_output=True, text=True)
            return done.stdout.strip() + " (installed, not used)" if done.returncode == 0 else None
    return None


def machine(pg_version: str | None) -> dict:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg_version or installed_postgresql(),
    }
