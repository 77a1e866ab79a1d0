"""Where a shop lives during a run: SQLite files under ``benchmarks/out/``, or databases on a
PostgreSQL server (the one a ``--db`` URL names, or one of the benchmark's own). Both keep the
cached demo with what its build took, copy it for a run, and drop the copy after; the rest of
the benchmark only sees a location string that ``crm.db.open_database`` takes."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .common import OUT
from .pg_server import OwnServer


class SqliteEngine:
    """Each shop a file; the demo's build record a JSON file beside it."""

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
        # A copy of a demo older than the newest migration was migrated when opened, and the
        # migration kept the file as it was beside it (328 MB at 100,000 customers a run).
        for backup in Path(location).parent.glob(f"{Path(location).name}.before-*.bak"):
            backup.unlink(missing_ok=True)
        Path(location).with_suffix(".json").unlink(missing_ok=True)

    def copy(self, source: str, name: str, folder: Path = OUT) -> str:
        """A copy of the closed shop ``source`` (an empty location when ``source`` is empty)."""
        target = str(folder / f"{name}-{os.getpid()}.db")  # two runs at once keep apart
        self.discard(target)
        if source:
            shutil.copyfile(source, target)
        return target

    def drop(self, location: str) -> None:
        self.discard(location)

    def close(self) -> None:
        pass


class PostgresEngine:
    """A PostgreSQL server: the one at ``url`` (its database holds the demo), or one of our own.
    The demo's build record is the database's comment; a copy is ``CREATE DATABASE … TEMPLATE``."""

    name = "postgresql"

    def __init__(self, url: str | None) -> None:
        self.own = OwnServer() if url is None else None
        self.settings: dict = {}
        if self.own:
            self.url = self.own.url
            self.settings = self.own.settings
            self.demo_db = None
        else:
            self.url = url
            self.demo_db = urlsplit(url).path.lstrip("/") or None
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

    def close(self) -> None:
        if self.own:
            self.own.stop()

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

    def copy(self, source: str, name: str, folder: Path | None = None) -> str:
        """A copy of the shop ``source`` (an empty database when ``source`` is empty); a server
        has no folder, so ``folder`` is not used."""
        target = self.url_of(f"{self._name(source) if source else 'shopcircle'}_{name}_{os.getpid()}")
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
