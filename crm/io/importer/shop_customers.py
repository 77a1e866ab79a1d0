"""The shop's customers an import matches its rows against, by code, phone, name and id.

A file about as big as the shop (a first import, a whole export read back) reads every
customer once. A small file into a big shop (a few thousand rows into a chain of a
million) reads only the customers its rows name: those with the file's codes, phones and
names, asked a chunk at a time, and then each referrer up a chain as it is walked. So
a day's file does not hold a million customers in memory. Either way a customer is one
object, whichever key found them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from crm.db import as_date, database

# A file with at least this share of the shop's count in rows reads every customer at once.
READ_ALL_FROM = 0.1
CHUNK = 500
COLUMNS = (
    "id, code, name, phone, wechat, birthday, joined, source, referrer_id, tags, notes, erased, archived"
)


@dataclass(slots=True)
class Existing:
    id: int
    code: str
    name: str
    phone: str | None
    wechat: str | None
    birthday: date | None
    joined: date
    source: str
    referrer_id: int | None
    tags: str
    notes: str
    erased: bool
    archived: bool


class ShopCustomers:
    """Look-ups of the shop's customers (:meth:`get` by ``code``, ``phone`` or ``id``;
    :meth:`named`), read once each; :meth:`expect` reads a batch of keys ahead."""

    def __init__(self, file_rows: int) -> None:
        self.by = {"code": {}, "phone": {}, "id": {}}
        self.names: dict[str, list[Existing]] = {}
        self.asked: dict[str, set] = {"code": set(), "phone": set(), "id": set(), "name": set()}
        shop = database.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0]
        self.everyone = file_rows >= shop * READ_ALL_FROM
        if self.everyone:
            self._read("", [])

    def _read(self, where: str, params: list) -> None:
        for row in database.execute_sql(f"SELECT {COLUMNS} FROM customer{where}", params):
            if row[0] in self.by["id"]:
                continue  # found by another key already: the same object
            c = Existing(*row[:5], as_date(row[5]), as_date(row[6]), *row[7:11], bool(row[11]), bool(row[12]))
            self.by["id"][c.id] = c
            self.by["code"][c.code] = c
            if c.phone:
                self.by["phone"][c.phone] = c
            if self.everyone or c.name in self.asked["name"]:
                self.names.setdefault(c.name, []).append(c)

    def expect(self, column: str, keys: Iterable) -> None:
        """Read the customers with these keys (``code``, ``phone``, ``id`` or ``name``) now, a
        chunk of keys a query, rather than one by one when each is asked."""
        if self.everyone:
            return
        new = sorted({k for k in keys if k is not None and k != ""} - self.asked[column])
        for start in range(0, len(new), CHUNK):
            chunk = new[start : start + CHUNK]
            self.asked[column].update(chunk)
            if column == "name":
                for name in chunk:
                    self.names.setdefault(name, [])
                # A customer already read under another key is listed under their name too.
                wanted = set(chunk)
                for c in self.by["id"].values():
                    if c.name in wanted and c not in self.names[c.name]:
                        self.names[c.name].append(c)
            marks = ", ".join([database.param] * len(chunk))
            self._read(f" WHERE {column} IN ({marks})", chunk)

    def get(self, column: str, key) -> Existing | None:
        if not self.everyone and key not in self.asked[column]:
            self.expect(column, [key])
        return self.by[column].get(key)

    def forget(self) -> None:
        """Let go of the customers read (before the rows are written)."""
        for table in (*self.by.values(), self.names):
            table.clear()

    def named(self, name: str) -> list[Existing]:
        """Every customer of the shop with this name (erased ones too)."""
        if not self.everyone and name not in self.asked["name"]:
            self.expect("name", [name])
        return self.names.get(name, [])
