"""A PostgreSQL 15 server of the benchmark's own (``--engine postgresql`` without a URL):
``initdb`` into ``benchmarks/out/pg15/``, a free port, settings sized for the machine (kept in
the JSON, as a figure on PostgreSQL means little without them), stopped at the end."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from .common import OUT, note


def _bin(tool: str) -> str:
    """A PostgreSQL 15 program (Debian keeps them out of PATH)."""
    for found in (Path("/usr/lib/postgresql/15/bin") / tool, shutil.which(tool)):
        if found and Path(found).exists():
            return str(found)
    sys.exit("--engine postgresql: PostgreSQL 15 is not installed (apt-get install postgresql-15)")


def _as_postgres(command: list[str]) -> list[str]:
    """The server refuses to run as root: started as root, it runs as ``postgres``."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def settings_for_this_machine() -> dict[str, str]:
    """A quarter of the memory for shared buffers, three quarters for the planner's cache."""
    memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    cores = os.cpu_count() or 1
    return {
        "shared_buffers": f"{max(128, min(memory_mb // 4, 8192))}MB",
        "effective_cache_size": f"{max(256, memory_mb * 3 // 4)}MB",
        "work_mem": "64MB",
        "maintenance_work_mem": f"{max(64, min(memory_mb // 16, 2048))}MB",
        "max_wal_size": "8GB",
        "checkpoint_timeout": "30min",
        "max_parallel_workers_per_gather": str(max(0, cores // 2)),
        "max_worker_processes": str(max(8, cores)),
        "random_page_cost": "1.1",
    }


class OwnServer:
    """Started on construction; ``url`` reaches its ``postgres`` database; ``stop`` ends it."""

    def __init__(self, folder: Path = OUT / "pg15") -> None:
        self.folder = folder
        self.data = folder / "data"
        self.settings = settings_for_this_machine()
        self.url = self._start()

    def _start(self) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        if not (self.data / "PG_VERSION").exists():
            note(f"initdb {self.data}")
            initdb = [_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust"]
            initdb += ["-E", "UTF8", "--locale=C.UTF-8"]
            subprocess.run(_as_postgres(initdb), check=True, capture_output=True)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        options = " ".join(f"-c {k}={v}" for k, v in self.settings.items())
        options += f" -p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder}"
        log = self.folder / "server.log"
        note(f"starting PostgreSQL 15 on port {port}: {options}")
        start = [
            _bin("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        ]
        subprocess.run(_as_postgres(start), check=True, capture_output=True)
        self.running = True
        return f"postgresql://postgres@127.0.0.1:{port}/postgres"

    def stop(self) -> None:
        if self.running:
            note("stopping the PostgreSQL server")
            stop = [_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]
            subprocess.run(_as_postgres(stop), capture_output=True)
            self.running = False
