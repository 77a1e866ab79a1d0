"""The SPEC section 7 benchmark: every figure beside a floor measured in the same run.

    .venv/bin/python benchmarks/bench.py [--customers N] [--seed S] [--rebuild]
                                          [--engine sqlite|postgresql | --db postgresql://…]
                                          [--only FIGURE …] [--json OUT] [--report-only]

Each figure (demo build, search per keystroke, log a visit, refresh all levels,
start to a usable customer list, monthly report export, import of the customers,
lifetime fit) is printed beside a floor measured in the same run, on the same
data and the same engine (a raw bulk insert, a primary-key fetch, a raw INSERT, the
raw covering-index aggregate, a bare Qt window, a bare openpyxl dump, a raw insert
of the imported rows, the bare SQL aggregate of the lifetime fit), and their ratio:
a ratio travels between machines where a time does not.

The demo shop is built once per (customers, seed) with ``shopcircle-cli demo`` and
cached: a SQLite file under ``benchmarks/out/``, or a database in the PostgreSQL
cluster. Every run measures on a fresh copy of it (a file copy; ``CREATE DATABASE …
TEMPLATE`` on PostgreSQL), so logging visits never changes the cached shop. The
clock is fixed at noon of the demo's last day. With ``--engine postgresql`` and no
URL the benchmark starts a PostgreSQL server of its own in ``benchmarks/out/pg15/``
for the run and stops it at the end.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "crm"]

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
        "lifetime": {"ms": 10_000, "rss_mb": 300},
    },
}
# Figures a user waits for: at most half their budget on the benchmark machine (SPEC 7).
USER_FACING = {"search", "visit", "refresh", "startup", "export", "import", "lifetime"}


# --------------------------------------------------------------------------- helpers


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def stats(times_ms: list[float]) -> dict:
    return {
        "samples": len(times_ms),
        "median_ms": round(statistics.median(times_ms), 3),
        "p95_ms": round(percentile(times_ms, 0.95), 3),
    }


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# Runs a command and reports its own time and peak memory. The command is started from this
# small process, not from the benchmark: on Linux a child's peak RSS counts the memory of the
# process it was forked from, and the benchmark holds a whole shop's rows at times.
LAUNCHER = r"""
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    json.dump({"seconds": seconds, "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
               "returncode": os.waitstatus_to_exitcode(status)}, out)
"""


def run_measured(command: list[str], env: dict | None = None) -> dict:
    """Run ``command`` in a fresh process: its wall seconds, its peak RSS (MB), stdout, stderr."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "usage.json"
        done = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(report), *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
        )
        if not report.exists():
            return {
                "seconds": 0,
                "peak_rss_mb": None,
                "returncode": done.returncode or 1,
                "stdout": done.stdout,
                "stderr": done.stderr,
            }
        return {**json.loads(report.read_text()), "stdout": done.stdout, "stderr": done.stderr}


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


# --------------------------------------------------------------------------- engines


class SqliteEngine:
    name = "sqlite"

    def __init__(self) -> None:
        self.settings: dict = {}
        self.version = None

    def cache(self, customers: int, seed: int) -> str:
        return str(OUT / f"demo-{customers}-s{seed}.db")

    def meta(self, location: str) -> dict | None:
        path = Path(location).with_suffix(".json")
        if Path(location).exists() and path.exists():
            return json.loads(path.read_text())
        return None

    def save_meta(self, location: str, meta: dict) -> None:
        Path(location).with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=2))

    def discard(self, location: str) -> None:
        for stale in (location, f"{location}-wal", f"{location}-shm"):
            Path(stale).unlink(missing_ok=True)
        Path(location).with_suffix(".json").unlink(missing_ok=True)

    def copy(self, source: str, name: str) -> str:
        target = str(OUT / f"{name}.db")
        self.discard(target)
        if source:
            shutil.copyfile(source, target)
        return target

    def drop(self, location: str) -> None:
        self.discard(location)

    def close(self) -> None:
        pass


class PostgresEngine:
    """A PostgreSQL server: the one at ``url`` (its database holds the demo), or one of our own."""

    name = "postgresql"

    def __init__(self, url: str | None) -> None:
        self.own = url is None
        self.data = OUT / "pg15"
        self.server = None
        self.settings: dict = {}
        if self.own:
            self.url = self._start()
            self.demo_db = None
        else:
            parts = urlsplit(url)
            self.url = url
            self.demo_db = parts.path.lstrip("/") or None
            if not self.demo_db:
                sys.exit("--db: name a database in the URL (postgresql://user:password@host/database)")
        self.version = self._query("postgres", "SHOW server_version")[0][0]
        if not self.own:
            names = (
                "shared_buffers",
                "work_mem",
                "effective_cache_size",
                "max_wal_size",
                "synchronous_commit",
            )
            self.settings = {n: self._query("postgres", f"SHOW {n}")[0][0] for n in names}

    # the server of our own
    def _bin(self, tool: str) -> str:
        """A PostgreSQL 15 program (Debian keeps them out of PATH)."""
        for found in (Path("/usr/lib/postgresql/15/bin") / tool, shutil.which(tool)):
            if found and Path(found).exists():
                return str(found)
        sys.exit("--engine postgresql: PostgreSQL 15 is not installed (apt-get install postgresql-15)")

    def _as_postgres(self, command: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command

    def _start(self) -> str:
        data = self.data / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
        if not (data / "PG_VERSION").exists():
            note(f"initdb {data}")
            subprocess.run(
                self._as_postgres(
                    [
                        self._bin("initdb"),
                        "-D",
                        str(data),
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--locale=C.UTF-8",
                    ]
                ),
                check=True,
                capture_output=True,
            )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
        cores = os.cpu_count() or 1
        self.settings = {
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
        options = " ".join(f"-c {k}={v}" for k, v in self.settings.items())
        options += f" -p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.data}"
        log = self.data / "server.log"
        note(f"starting PostgreSQL 15 on port {port}: {options}")
        subprocess.run(
            self._as_postgres(
                [
                    self._bin("pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(log),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        self.server = data
        return f"postgresql://postgres@127.0.0.1:{port}/postgres"

    def close(self) -> None:
        if self.server is not None:
            note("stopping the PostgreSQL server")
            subprocess.run(
                self._as_postgres([self._bin("pg_ctl"), "-D", str(self.server), "-m", "fast", "-w", "stop"]),
                capture_output=True,
            )
            self.server = None

    # databases
    def url_of(self, database: str) -> str:
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path="/" + database))

    def _query(self, database: str, sql: str, params=()) -> list:
        import psycopg2

        conn = psycopg2.connect(self.url_of(database))
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall() if cur.description else []
        finally:
            conn.close()

    def _admin(self) -> str:
        return "postgres"

    def _exists(self, name: str) -> bool:
        return bool(self._query(self._admin(), "SELECT 1 FROM pg_database WHERE datname = %s", (name,)))

    def cache(self, customers: int, seed: int) -> str:
        return self.url_of(self.demo_db or f"shopcircle_demo_{customers}_s{seed}")

    def _name(self, location: str) -> str:
        return urlsplit(location).path.lstrip("/")

    def meta(self, location: str) -> dict | None:
        name = self._name(location)
        rows = self._query(
            self._admin(),
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,),
        )
        if not rows or not rows[0][0]:
            return None
        try:
            return json.loads(rows[0][0])
        except ValueError:
            return None

    def save_meta(self, location: str, meta: dict) -> None:
        name = self._name(location)
        text = json.dumps(meta, ensure_ascii=False).replace("'", "''")
        self._query(self._admin(), f"COMMENT ON DATABASE \"{name}\" IS '{text}'")

    def discard(self, location: str) -> None:
        name = self._name(location)
        if name == self.demo_db:  # the URL's own database: emptied, not dropped
            if self._exists(name):
                tables = self._query(name, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'")[0][0]
                if tables and self.meta(location) is None:
                    sys.exit(
                        f"--db: the database {name} holds tables and is not a benchmark's demo shop;"
                        " give the benchmark an empty database of its own (nothing was changed)"
                    )
                self._query(name, "DROP SCHEMA public CASCADE")
                self._query(name, "CREATE SCHEMA public")
                self._query(self._admin(), f'COMMENT ON DATABASE "{name}" IS NULL')
            return
        self.drop(location)
        self._query(self._admin(), f'CREATE DATABASE "{name}"')

    def copy(self, source: str, name: str) -> str:
        target = self.url_of(f"{self._name(source) if source else 'shopcircle'}_{name}")
        self.drop(target)
        if source:
            self._query(
                self._admin(), f'CREATE DATABASE "{self._name(target)}" TEMPLATE "{self._name(source)}"'
            )
        else:
            self._query(self._admin(), f'CREATE DATABASE "{self._name(target)}"')
        return target

    def drop(self, location: str) -> None:
        name = self._name(location)
        if name and name != self.demo_db:
            self._query(self._admin(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --------------------------------------------------------------------------- figures


def build(engine, customers: int, seed: int, rebuild: bool) -> tuple[str, dict]:
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


def _raw(database):
    """The driver's own connection under peewee's."""
    return database.connection()


def floor_bulk_insert(engine) -> dict:
    """Every customer and visit row inserted raw into scratch tables in one transaction."""
    from crm.db import database

    tables = (("customer", "bench_scratch_customer"), ("visit", "bench_scratch_visit"))
    for source, scratch in tables:
        database.execute_sql(f"DROP TABLE IF EXISTS {scratch}")
        database.execute_sql(f"CREATE TABLE {scratch} AS SELECT * FROM {source} WHERE 1 = 0")
    rows = {}
    conn = _raw(database)
    if engine.name == "sqlite":
        data = {source: database.execute_sql(f"SELECT * FROM {source}").fetchall() for source, _ in tables}
        rows = {source: len(values) for source, values in data.items()}
        started = time.perf_counter()
        with database.atomic():
            for source, scratch in tables:
                marks = ",".join("?" * len(data[source][0])) if data[source] else ""
                if marks:
                    conn.executemany(f"INSERT INTO {scratch} VALUES ({marks})", data[source])
        seconds = time.perf_counter() - started
        how = "sqlite3 executemany of every customer and visit row into scratch tables, one transaction"
    else:
        with tempfile.TemporaryDirectory() as folder:
            files = {}
            for source, _ in tables:  # read out first, not timed
                files[source] = Path(folder) / f"{source}.copy"
                with files[source].open("w") as handle, conn.cursor() as cur:
                    cur.copy_expert(f"COPY (SELECT * FROM {source}) TO STDOUT", handle)
                rows[source] = database.execute_sql(f"SELECT COUNT(*) FROM {source}").fetchone()[0]
            started = time.perf_counter()
            with database.atomic():
                with conn.cursor() as cur:
                    for source, scratch in tables:
                        with files[source].open() as handle:
                            cur.copy_expert(f"COPY {scratch} FROM STDIN", handle)
            seconds = time.perf_counter() - started
        how = "COPY of every customer and visit row into scratch tables, one transaction"
    for _, scratch in tables:
        database.execute_sql(f"DROP TABLE {scratch}")
    return {"what": how, "ms": round(seconds * 1000, 1), "rows": rows}


def typing(word: str) -> list[str]:
    """The terms a search box sees while ``word`` is typed."""
    return [word[: i + 1] for i in range(len(word))]


def search_sequences(seed: int) -> dict[str, list[list[str]]]:
    from crm.db import database

    rng = random.Random(seed)
    phones = [row[0] for row in database.execute_sql("SELECT phone FROM customer WHERE phone IS NOT NULL")]
    last_four = [phone[-4:] for phone in rng.sample(phones, min(8, len(phones)))]
    return {
        "phone prefix (1, 13, 138, 1381)": [typing("1381"), typing("1597"), typing("18812")],
        "last 4 digits of real phones": [typing(digits) for digits in last_four],
        "name (王, 王丽)": [typing("王丽"), typing("曾伟"), typing("欧阳")],
        "pinyin initials (w, wl)": [typing("wl"), typing("zw"), typing("lxm")],
        "full pinyin (zhang)": [typing("zhang"), typing("wangli"), typing("zeng")],
    }


def measure_search(seed: int, rounds: int) -> list[dict]:
    """Each keystroke's search, and the floor: fetching the page it returned by primary key."""
    from crm.db import database
    from crm.services.search import search

    p = database.param

    def fetch(ids: list[int]) -> None:
        if ids:
            sql = (
                "SELECT id, code, name, phone, level, archived, search_key, wechat FROM customer "
                f"WHERE id IN ({', '.join([p] * len(ids))})"
            )
            database.execute_sql(sql, ids).fetchall()

    sequences = search_sequences(seed)
    pages = {}
    for words in sequences.values():  # warm-up: caches, prepared statements; the pages
        for word in words:
            for term in word:
                pages[term] = [hit.id for hit in search(term)]
                fetch(pages[term])
    figures, everything, every_floor = [], [], []
    for label, words in sequences.items():
        times, floors = [], []
        for _ in range(rounds):
            for word in words:
                for term in word:
                    started = time.perf_counter()
                    search(term)
                    times.append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    fetch(pages[term])
                    floors.append((time.perf_counter() - started) * 1000)
        everything += times
        every_floor += floors
        figures.append(_search_figure(f"search per keystroke: {label}", times, floors))
    figures.insert(0, _search_figure("search per keystroke (all terms)", everything, every_floor))
    return figures


def _search_figure(name: str, times: list[float], floors: list[float]) -> dict:
    measured, floor = stats(times), stats(floors)
    return {
        "figure": name,
        "key": "search",
        "stat": "p95",
        "ms": measured["p95_ms"],
        **measured,
        "floor": {
            "what": "fetching the result page search returned by primary key",
            "ms": floor["p95_ms"],
            **floor,
        },
    }


def measure_refresh(as_of: date, engine, repeats: int) -> dict:
    from crm.db import database
    from crm.services import level_facts, levels

    lo, hi = level_facts.window(as_of, level_facts.rules())
    indexed = " INDEXED BY visit_purchase_day" if engine.name == "sqlite" else ""
    sql = (
        f"SELECT customer_id, COUNT(DISTINCT day), MAX(day) FROM visit{indexed}"
        f" WHERE amount > 0 AND day >= {database.param} AND day <= {database.param} GROUP BY customer_id"
    )
    levels.refresh_all(as_of)  # warm-up
    database.execute_sql(sql, [lo, hi]).fetchall()
    times, floors = [], []
    for _ in range(repeats):  # interleaved, so both see the same machine load
        started = time.perf_counter()
        levels.refresh_all(as_of)
        times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        database.execute_sql(sql, [lo, hi]).fetchall()
        floors.append((time.perf_counter() - started) * 1000)
    measured, floor = stats(times), stats(floors)
    what = "the raw covering-index aggregate of purchase days per customer over the level window"
    return {
        "figure": "refresh all levels",
        "key": "refresh",
        "stat": "median",
        "ms": measured["median_ms"],
        **measured,
        "floor": {"what": what, "sql": sql, "ms": floor["median_ms"], **floor},
    }


def measure_log_visit(seed: int, count: int) -> dict:
    """log_visit (the customer's and their referrer's levels refreshed), and the floor: one raw
    INSERT of a visit row and its commit; interleaved."""
    from crm.db import database
    from crm.services import visits

    rng = random.Random(seed)
    ids = [
        row[0] for row in database.execute_sql("SELECT id FROM customer WHERE NOT archived AND NOT erased")
    ]
    picks = [rng.choice(ids) for _ in range(count + 20)]
    cursor = database.execute_sql("SELECT * FROM visit WHERE amount > 0 ORDER BY id DESC LIMIT 1")
    columns = [d[0] for d in cursor.description if d[0] != "id"]
    template = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    p = database.param
    insert = f"INSERT INTO visit ({', '.join(columns)}) VALUES ({', '.join([p] * len(columns))})"

    def raw(customer_id: int) -> None:
        values = [customer_id if c == "customer_id" else template[c] for c in columns]
        with database.atomic():
            database.execute_sql(insert, values)

    for customer_id in picks[:20]:  # warm-up
        visits.log_visit(customer_id, 1980)
        raw(customer_id)
    times, floors = [], []
    for customer_id in picks[20:]:
        amount = rng.choice((990, 1980, 2980, 5800, 12800))
        started = time.perf_counter()
        visits.log_visit(customer_id, amount)
        times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        raw(customer_id)
        floors.append((time.perf_counter() - started) * 1000)
    measured, floor = stats(times), stats(floors)
    return {
        "figure": "log a visit incl. level refresh",
        "key": "visit",
        "stat": "p95",
        "ms": measured["p95_ms"],
        **measured,
        "floor": {"what": "one raw INSERT of a visit row and its commit", "ms": floor["p95_ms"], **floor},
    }


STARTUP_CHILD = r"""
import sys, time
from PySide6.QtWidgets import QApplication
from crm.db import open_database
from ui import i18n
from ui.main_window import build_window
app = QApplication(sys.argv)
app.setOrganizationName("ShopCircleBench"); app.setApplicationName("ShopCircleBench")
i18n.install(app, "en")
open_database(sys.argv[1])
w = build_window(sys.argv[1], None, "en")
page = w.show_page("customers")
w.show()
shown = []
def ready(count):
    # Usable: the first screen of rows painted and the search box taking keys (SPEC 7).
    if not shown:
        shown.append(count)
        app.processEvents()
        print(f"READY {time.time():.4f} {count}", flush=True)
def done(count):
    ready(count)
    app.processEvents()
    print(f"ALL {time.time():.4f} {count}", flush=True)
    app.quit()
page.list.first_rows.connect(ready)
page.list.loaded.connect(done)
app.exec()
"""

BARE_QT_CHILD = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
class Window(QMainWindow):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            print(f"READY {time.time():.4f} 0", flush=True)
            QTimer.singleShot(0, app.quit)
w = Window()
w.resize(1366, 800)
w.show()
app.exec()
"""


def _fresh_process(code: str, *args: str, home: str, mark: str = "READY") -> tuple[float, int]:
    """Milliseconds from launching the process to its line ``mark`` (and the count on it)."""
    return _fresh_marks(code, *args, home=home)[mark]


def _fresh_marks(code: str, *args: str, home: str) -> dict[str, tuple[float, int]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=home, XDG_CONFIG_HOME=f"{home}/.config")
    # An installed app runs from compiled bytecode; a process told not to keep it would compile
    # every module on each start (a quarter of a second here) and time that instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT
    )
    marks = {
        text.split()[0]: ((float(text.split()[1]) - started) * 1000, int(text.split()[2]))
        for text in done.stdout.splitlines()
        if text.startswith(("READY", "ALL"))
    }
    if "READY" not in marks:
        raise RuntimeError(f"the process did not get ready: {done.stderr.strip()[-500:]}")
    return marks


def measure_startup(location: str, runs: int) -> dict:
    times, whole, floors, listed = [], [], [], 0
    with tempfile.TemporaryDirectory() as home:
        _fresh_process(BARE_QT_CHILD, home=home)  # warm-up: the file cache
        for _ in range(runs):  # interleaved
            marks = _fresh_marks(STARTUP_CHILD, location, home=home)
            times.append(marks["READY"][0])
            whole.append(marks["ALL"][0])
            listed = marks["ALL"][1]
            floors.append(_fresh_process(BARE_QT_CHILD, home=home)[0])
    measured, floor = stats(times), stats(floors)
    what = (
        "a bare Qt window in a fresh process (import PySide6, QApplication, a QMainWindow shown, first paint)"
    )
    return {
        "figure": "start to a usable customer list: first screen of rows (fresh process, offscreen)",
        "key": "startup",
        "stat": "median",
        "ms": measured["median_ms"],
        **measured,
        "listed": listed,
        # The whole list, loaded behind the first screen (SPEC 7 lets it follow).
        "whole_list_median_ms": stats(whole)["median_ms"],
        "floor": {"what": what, "ms": floor["median_ms"], **floor},
    }


def last_full_month(until: date) -> str:
    return f"{until.year - (until.month == 1):04d}-{(until.month - 2) % 12 + 1:02d}"


def measure_export(location: str, month: str, repeats: int) -> dict:
    """benchmarks/export_bench.py in a process of its own (its peak RSS is not this one's)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "export.json"
        script = str(Path(__file__).resolve().parent / "export_bench.py")
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
        "rss_detail_mb": {"export": result["peak_rss_mb"], "summary worker": result["worker_peak_rss_mb"]},
        "floor": {
            "what": "a bare openpyxl write-only dump of the same rows",
            "ms": round(result["bare_dump_seconds"] * 1000, 1),
        },
    }


def write_customers_csv(out: Path) -> list[list[str]]:
    """The shop's customers as a shop owner's CSV (as benchmarks/import_bench.py writes it)."""
    from crm.db import database

    rows = database.execute_sql(
        "SELECT c.code, c.name, c.phone, c.birthday, c.joined, r.code, c.wechat, c.tags, c.notes"
        " FROM customer c LEFT JOIN customer r ON r.id = c.referrer_id ORDER BY c.id"
    ).fetchall()
    records = []
    for code, name, phone, birthday, joined, referrer, wechat, tags, notes in rows:
        national = phone[3:] if phone and phone.startswith("+86") else (phone or "")
        records.append(
            [
                code,
                name,
                national,
                str(birthday or ""),
                str(joined),
                referrer or "",
                wechat or "",
                (tags or "").strip(","),
                notes or "",
            ]
        )
    with out.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["会员号", "姓名", "手机", "生日", "入会日期", "推荐人", "微信", "标签", "备注"])
        writer.writerows(records)
    return records


def measure_import(engine, folder: Path) -> dict:
    """``shopcircle-cli import customers`` into a new empty shop, and the floor: the same rows
    inserted raw (executemany on SQLite, COPY on PostgreSQL) into a scratch table."""
    from crm.db import database

    source = folder / "会员.csv"
    records = write_customers_csv(source)
    shop = engine.copy("", "bench_import") if engine.name == "postgresql" else str(folder / "import.db")
    try:
        init = subprocess.run([*CLI, "--db", shop, "init"], cwd=ROOT, capture_output=True, text=True)
        if init.returncode != 0:
            raise RuntimeError(f"init failed: {init.stderr.strip()}")
        done = run_measured([*CLI, "--db", shop, "import", "customers", str(source)])
        if done["returncode"] != 0:
            raise RuntimeError(f"import failed: {done['stderr'].strip()}")
    finally:
        if engine.name == "postgresql":
            engine.drop(shop)
    columns = "code, name, phone, birthday, joined, referrer, wechat, tags, notes"
    database.execute_sql("DROP TABLE IF EXISTS bench_scratch_import")
    database.execute_sql(
        "CREATE TABLE bench_scratch_import (" + ", ".join(f"{c} TEXT" for c in columns.split(", ")) + ")"
    )
    conn = _raw(database)
    if engine.name == "sqlite":
        started = time.perf_counter()
        with database.atomic():
            conn.executemany(
                f"INSERT INTO bench_scratch_import ({columns}) VALUES ({','.join('?' * 9)})", records
            )
        seconds = time.perf_counter() - started
        how = "sqlite3 executemany of the same rows into a scratch table, one transaction"
    else:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(records)
        buffer.seek(0)
        started = time.perf_counter()
        with database.atomic():
            with conn.cursor() as cur:
                cur.copy_expert(f"COPY bench_scratch_import ({columns}) FROM STDIN WITH (FORMAT csv)", buffer)
        seconds = time.perf_counter() - started
        how = "COPY of the same rows into a scratch table, one transaction"
    database.execute_sql("DROP TABLE bench_scratch_import")
    return {
        "figure": f"import {len(records):,} customers (shopcircle-cli, fresh process)",
        "key": "import",
        "stat": "once",
        "ms": round(done["seconds"] * 1000, 1),
        "samples": 1,
        "peak_rss_mb": done["peak_rss_mb"],
        "output": done["stdout"].strip(),
        "floor": {"what": how, "ms": round(seconds * 1000, 1)},
    }


def lifetime_available() -> bool:
    done = subprocess.run([*CLI, "lifetime", "--help"], cwd=ROOT, capture_output=True, text=True)
    return done.returncode == 0


def measure_lifetime(location: str, until: date) -> dict:
    """``shopcircle-cli lifetime`` (fit and store), and the floor: the bare SQL aggregate it reads."""
    from crm.db import database

    done = run_measured([*CLI, "--db", location, "lifetime", "--as-of", until.isoformat(), "--json"])
    if done["returncode"] != 0:
        raise RuntimeError(f"lifetime failed: {done['stderr'].strip()}")
    p = database.param
    sql = (
        "SELECT customer_id, COUNT(DISTINCT day), MIN(day), MAX(day), SUM(amount) FROM visit"
        f" WHERE amount > 0 AND day <= {p} GROUP BY customer_id"
    )
    database.execute_sql(sql, [until]).fetchall()  # warm-up
    started = time.perf_counter()
    database.execute_sql(sql, [until]).fetchall()
    floor_ms = (time.perf_counter() - started) * 1000
    return {
        "figure": "lifetime fit (shopcircle-cli lifetime, fresh process)",
        "key": "lifetime",
        "stat": "once",
        "ms": round(done["seconds"] * 1000, 1),
        "samples": 1,
        "peak_rss_mb": done["peak_rss_mb"],
        "floor": {
            "what": "the bare SQL aggregate of purchase days, first, last and spend per customer",
            "sql": sql,
            "ms": round(floor_ms, 1),
        },
    }


def judge(figure: dict, engine: str) -> dict:
    budget = dict(BUDGETS[engine][figure["key"]])
    floor_ms = figure["floor"]["ms"]
    figure["ratio"] = round(figure["ms"] / floor_ms, 2) if floor_ms else None
    if budget.get("ms") is not None:
        budget["half_ms"] = budget["ms"] / 2
    if budget.get("ratio") is not None:
        budget["half_ratio"] = budget["ratio"] / 2
    if budget.get("rss_mb") is not None:
        budget["half_rss_mb"] = budget["rss_mb"] / 2
    figure["budget"] = budget
    checks, halves = [], []
    if budget.get("ms") is not None:
        checks.append(figure["ms"] < budget["ms"])
        halves.append(figure["ms"] <= budget["half_ms"])
    if budget.get("ratio") is not None and figure["ratio"] is not None:
        checks.append(figure["ratio"] <= budget["ratio"])
        halves.append(figure["ratio"] <= budget["half_ratio"])
    if budget.get("rss_mb") is not None and figure.get("peak_rss_mb") is not None:
        checks.append(figure["peak_rss_mb"] < budget["rss_mb"])
        halves.append(figure["peak_rss_mb"] <= budget["half_rss_mb"])
    figure["pass"] = all(checks) if checks else None
    figure["within_half"] = (all(halves) if halves else None) if figure["key"] in USER_FACING else None
    return figure


# --------------------------------------------------------------------------- output


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


def markdown_table(figures: list[dict]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(row) + " |" for row in table_rows(figures)]
    return "\n".join(lines)


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


# --------------------------------------------------------------------------- main


@contextmanager
def stopped_cleanly():
    """Ctrl+C or a TERM still runs the finally blocks (the server of our own is stopped)."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="build the demo shop again (and time it)")
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default=None)
    parser.add_argument("--db", metavar="URL", help="a postgresql:// URL: its database holds the demo")
    parser.add_argument("--only", nargs="+", choices=FIGURES, metavar="FIGURE", help=" ".join(FIGURES))
    parser.add_argument("--json", metavar="OUT", help="default benchmarks/out/bench-ENGINE-N-sSEED.json")
    parser.add_argument("--report-only", action="store_true", help="exit 0 even when a budget is missed")
    parser.add_argument("--verify", metavar="JSON", help="check a result file is well-formed, and stop")
    args = parser.parse_args(argv)
    if args.verify:
        return verify(args.verify)
    if args.customers < 100:
        parser.error("--customers: at least 100")
    if args.db and not args.db.startswith(("postgresql://", "postgres://")):
        parser.error("--db takes a postgresql:// URL (SQLite demos are kept in benchmarks/out/)")
    engine_name = "postgresql" if args.db else (args.engine or "sqlite")
    asked = list(args.only or FIGURES)
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    big = args.customers >= 10_000
    with stopped_cleanly():
        engine = PostgresEngine(args.db) if engine_name == "postgresql" else SqliteEngine()
        try:
            return _run(engine, args, asked, big)
        except KeyboardInterrupt:
            note("interrupted")
            return 130
        finally:
            engine.close()


def _run(engine, args, asked: list[str], big: bool) -> int:
    from crm import clock
    from crm.db import close_database, open_database

    load_at_start = [round(x, 2) for x in os.getloadavg()]
    rebuild = args.rebuild
    cached, meta = build(engine, args.customers, args.seed, rebuild)
    until = date.fromisoformat(meta["until"])
    figures, skipped = [], {}
    work = engine.copy(cached, "bench_work")
    folder = Path(tempfile.mkdtemp(prefix="bench-", dir=OUT))
    try:
        clock.fix(datetime(until.year, until.month, until.day, 12, 0))
        open_database(work)
        from crm.db import database

        visits = database.execute_sql("SELECT COUNT(*) FROM visit").fetchone()[0]

        def figure(key: str, measure) -> None:
            if key not in asked:
                return
            note(f"measuring {key}")
            try:
                found = measure()
            except Exception as exc:  # noqa: BLE001 - one failed figure is reported, the rest still run
                skipped[key] = f"failed: {exc}"
                note(f"{key} failed: {exc}")
                return
            for item in found if isinstance(found, list) else [found]:
                figures.append(judge(item, engine.name))

        def build_figure():
            floor = floor_bulk_insert(engine)
            return {
                "figure": "demo build (shopcircle-cli demo)"
                + (" [cached: an earlier run]" if meta["cached"] else ""),
                "key": "build",
                "stat": "once",
                "ms": meta["seconds"] * 1000,
                "samples": 1,
                "cached": meta["cached"],
                "floor": floor,
            }

        figure("build", build_figure)
        figure("search", lambda: measure_search(args.seed, rounds=5 if big else 3))
        figure("refresh", lambda: measure_refresh(until, engine, repeats=5 if big else 3))
        # The app and the command line in processes of their own, on the shop before visits are logged.
        close_database()
        figure("startup", lambda: measure_startup(work, runs=5 if big else 3))
        figure("export", lambda: measure_export(work, last_full_month(until), repeats=3 if big else 1))
        if "lifetime" in asked and not lifetime_available():
            skipped["lifetime"] = "shopcircle-cli lifetime does not exist yet"
        else:
            figure("lifetime", lambda: _in_shop(work, lambda: measure_lifetime(work, until)))
        figure("import", lambda: _in_shop(work, lambda: measure_import(engine, folder)))
        figure(
            "visit", lambda: _in_shop(work, lambda: measure_log_visit(args.seed, count=200 if big else 100))
        )
    finally:
        close_database()
        clock.fix(None)
        shutil.rmtree(folder, ignore_errors=True)
        engine.drop(work)
    order = {key: i for i, key in enumerate(FIGURES)}
    figures.sort(key=lambda f: order[f["key"]])
    result = {
        "engine": engine.name,
        "customers": args.customers,
        "seed": args.seed,
        "visits": visits,
        "until": meta["until"],
        "machine": {
            **machine(engine.version),
            "load_average_at_start": load_at_start,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "postgresql_settings": engine.settings or None,
        "measured_at": datetime.now().isoformat(timespec="seconds"),
        "budgets_for": "SPEC 7: 100,000 customers on SQLite; 1,000,000 on PostgreSQL",
        "asked": asked,
        "figures": figures,
        "skipped": skipped,
    }
    m = result["machine"]
    print(
        f"\nShopCircle benchmark on {engine.name}: {args.customers:,} customers, {visits:,} visits,"
        f" seed {args.seed}, history up to {meta['until']}"
    )
    print(
        f"{m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python {m['python']}, SQLite {m['sqlite']}"
        + (f", PostgreSQL {m['postgresql']}" if engine.name == "postgresql" else "")
        + f"; load average {m['load_average_at_start'][0]} at the start,"
        f" {m['load_average_at_end'][0]} at the end"
    )
    if engine.settings:
        print("PostgreSQL settings: " + ", ".join(f"{k}={v}" for k, v in engine.settings.items()))
    print()
    print_table(figures)
    for key, reason in skipped.items():
        print(f"{key}: skipped, {reason}")
    out = Path(args.json) if args.json else OUT / f"bench-{engine.name}-{args.customers}-s{args.seed}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    (out.with_suffix(".md")).write_text(markdown_table(figures) + "\n")
    print(f"\nresults written to {out} (and the table as Markdown to {out.with_suffix('.md')})")
    failed = any(f["pass"] is False for f in figures) or any(r.startswith("failed") for r in skipped.values())
    return 0 if args.report_only or not failed else 1


def _in_shop(location: str, measure):
    """Run ``measure`` with the work shop open in this process."""
    from crm.db import close_database, open_database

    open_database(location)
    try:
        return measure()
    finally:
        close_database()


if __name__ == "__main__":
    sys.exit(main())
