"""The referrers of a customers import's staged rows: each row's referrer found by code,
phone or unique name, in the file or the shop; then any row refused whose referrer would
close a loop (the one walk of :mod:`crm.services.referral_loops`).

A person is the shop's customer (their id; a row that updates them stands for them) or the
row of a new customer (minus its line, so one column holds both). A loop needs a row that
gives an existing customer another referrer than the shop's, or new customers' rows that
refer round among themselves: a file that does neither (a first import, a file read back)
has no loop to look for. Otherwise only the rows at or below such a loop are walked, in
Python, in file order, as the shop's customers were walked before.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from crm.errors import InvalidInput
from crm.io.importer.staging import (
    LOOP,
    MATCHING,
    REFERRER,
    ROWS,
    analyze,
    good,
    index_rows,
    insert_batches,
    reject,
    rows,
    scalar,
    sql,
)
from crm.services import customer_fields
from crm.services.referral_loops import referral_loop

AMBIGUOUS, UNKNOWN, ERASED, SELF = range(1, 5)
_REASONS = {
    AMBIGUOUS: "more than one customer has this name; use their code or phone",
    UNKNOWN: "no customer with this code, phone or name",
    ERASED: "this referrer was erased",
    SELF: "a customer cannot refer themselves",
}
# The rows taken when the file was matched: each the only one with its code, phone, customer.
_TAKEN = (
    f"SELECT a.line, a.code, a.phone, a.name, k.match_id FROM {ROWS} a"
    f" JOIN import_c_check k ON k.line = a.line WHERE {good('a', before=MATCHING + 1)}"
)


def resolve_referrers(run: Any) -> None:
    """Each row's referrer (a code, phone or unique name, in the file or the shop): the
    table ``import_c_link`` (line, ref_row for a new customer's row, ref_id for the shop's
    customer); the rows whose referrer cannot be, refused."""
    sql(
        "CREATE TEMPORARY TABLE import_c_ref AS"
        " SELECT s.line, s.referrer AS t, a.line AS by_row, c.id AS by_id"
        f" FROM {ROWS} s LEFT JOIN ({_TAKEN}) a ON a.code = s.referrer"
        " LEFT JOIN customer c ON c.code = s.referrer"
        f" WHERE s.referrer IS NOT NULL AND {good('s')}"
    )
    analyze("import_c_ref")
    unfound = "SELECT DISTINCT t FROM import_c_ref WHERE by_row IS NULL AND by_id IS NULL"
    sql("CREATE TEMPORARY TABLE import_c_ref_phone (t TEXT PRIMARY KEY, phone TEXT NOT NULL)")
    phones = ((text, _phone_or_none(text, run.region)) for (text,) in rows(unfound))
    insert_batches("INSERT INTO import_c_ref_phone (t, phone) VALUES (?, ?)", (p for p in phones if p[1]))
    analyze("import_c_ref_phone")
    if scalar("SELECT COUNT(*) FROM import_c_ref_phone"):
        index_rows("phone")
    sql(
        "UPDATE import_c_ref SET"
        f" by_row = (SELECT a.line FROM ({_TAKEN}) a JOIN import_c_ref_phone p ON p.phone = a.phone"
        "  WHERE p.t = import_c_ref.t),"
        " by_id = (SELECT c.id FROM customer c JOIN import_c_ref_phone p ON p.phone = c.phone"
        "  WHERE p.t = import_c_ref.t)"
        " WHERE by_row IS NULL AND by_id IS NULL AND t IN (SELECT t FROM import_c_ref_phone)"
    )
    # Then by name: the file's rows and the shop's customers of that name (one who is on a row
    # of that name is counted once); more than one is ambiguous.
    sql(f"CREATE TEMPORARY TABLE import_c_ref_name AS SELECT t FROM ({unfound}) u")
    if scalar("SELECT COUNT(*) FROM import_c_ref_name"):
        index_rows("name")
        sql(
            "CREATE TEMPORARY TABLE import_c_ref_named AS SELECT u.t,"
            "  (SELECT CAST(COUNT(*) AS INTEGER) FROM import_c_row a WHERE a.name = u.t AND"
            f"   {good('a', before=MATCHING + 1)}) AS file_n,"
            "  (SELECT CAST(MIN(a.line) AS INTEGER) FROM import_c_row a WHERE a.name = u.t AND"
            f"   {good('a', before=MATCHING + 1)}) AS file_line,"
            "  x.n AS shop_n, x.id AS shop_id"
            " FROM import_c_ref_name u LEFT JOIN ("
            "  SELECT c.name, CAST(COUNT(*) AS INTEGER) AS n, CAST(MIN(c.id) AS INTEGER) AS id"
            "  FROM customer c"
            "  WHERE c.name IN (SELECT t FROM import_c_ref_name) AND NOT c.erased"
            f"  AND NOT EXISTS (SELECT 1 FROM ({_TAKEN}) a WHERE a.match_id = c.id AND a.name = c.name)"
            "  GROUP BY c.name) x ON x.name = u.t"
        )
        sql(
            "UPDATE import_c_ref SET"
            " by_row = (SELECT CASE WHEN file_n = 1 AND COALESCE(shop_n, 0) = 0 THEN file_line END"
            "  FROM import_c_ref_named n WHERE n.t = import_c_ref.t),"
            " by_id = (SELECT CASE WHEN file_n = 0 AND shop_n = 1 THEN shop_id"
            f"  WHEN file_n + COALESCE(shop_n, 0) > 1 THEN -{AMBIGUOUS} END"
            "  FROM import_c_ref_named n WHERE n.t = import_c_ref.t)"
            " WHERE by_row IS NULL AND by_id IS NULL"
        )
        sql("DROP TABLE import_c_ref_named")
    # A row of the file that updates a customer stands for that customer.
    sql(
        "CREATE TEMPORARY TABLE import_c_link AS SELECT r.line, r.t,"
        "  CAST(CASE WHEN tk.match_id IS NULL THEN r.by_row END AS INTEGER) AS ref_row,"
        "  CAST(CASE WHEN r.by_id > 0 OR tk.match_id IS NOT NULL THEN COALESCE(tk.match_id, r.by_id)"
        "  END AS INTEGER) AS ref_id,"
        "  CAST(CASE"
        f"   WHEN r.by_id = -{AMBIGUOUS} THEN {AMBIGUOUS}"
        f"   WHEN r.by_row IS NULL AND r.by_id IS NULL THEN {UNKNOWN}"
        f"   WHEN tk.match_id IS NULL AND c.erased THEN {ERASED}"
        f"   WHEN r.by_row = r.line OR COALESCE(tk.match_id, r.by_id) = k.match_id THEN {SELF}"
        "  END AS INTEGER) AS fault,"
        "  CAST(CASE WHEN k.match_id IS NULL THEN 1 ELSE 0 END AS INTEGER) AS new_row"
        " FROM import_c_ref r JOIN import_c_check k ON k.line = r.line"
        " LEFT JOIN import_c_check tk ON tk.line = r.by_row"
        " LEFT JOIN customer c ON c.id = r.by_id"
    )
    sql("DROP TABLE import_c_ref")
    # A referrer that cannot be is no referrer for the loop check either; one's self still is.
    sql(
        "UPDATE import_c_link SET ref_row = NULL, ref_id = NULL"
        f" WHERE fault IN ({AMBIGUOUS}, {UNKNOWN}, {ERASED})"
    )
    sql("CREATE UNIQUE INDEX import_c_link_line ON import_c_link (line)")
    sql("CREATE INDEX import_c_link_ref_row ON import_c_link (ref_row, new_row)")
    analyze("import_c_link")
    found = rows("SELECT line, t, fault FROM import_c_link WHERE fault IS NOT NULL ORDER BY line")
    reject(run, ((line, "referrer", t, _REASONS[fault]) for line, t, fault in found), REFERRER)


def _phone_or_none(text: str, region: str) -> str | None:
    try:
        return customer_fields.valid_phone(text, region)
    except InvalidInput:
        return None


# --- loops ---------------------------------------------------------------------------------

# Each row's person and the person the file names as their referrer (ref_row's person is
# minus its line). A new customer's row keeps its referrer even once refused, as the walk
# always did; a row of the shop's customer counts only while it is good.
_EDGES = (
    "SELECT l.line, CAST(COALESCE(k.match_id, -l.line) AS INTEGER) AS src,"
    " CAST(COALESCE(l.ref_id, -l.ref_row) AS INTEGER) AS dst"
    " FROM import_c_link l JOIN import_c_check k ON k.line = l.line"
    " WHERE (l.ref_row IS NOT NULL OR l.ref_id IS NOT NULL)"
    f" AND (k.match_id IS NULL OR {good('l')})"
)


def _next(node: str, upwards: bool) -> tuple[str, str]:
    """SQL: the people one step from ``node`` by the file's referrers and the shop's (up to
    the referrer, or down to the referred), as (the next person, the joins that give them).
    One reference to ``node``'s table, as a recursive query allows, read by index each way."""
    if upwards:
        edge, shop, found = f"e.src = {node}", f"c.id = {node}", "e.dst ELSE c.referrer_id"
    else:
        edge, shop, found = f"e.dst = {node}", f"c.referrer_id = {node}", "e.src ELSE c.id"
    joins = (
        " CROSS JOIN (SELECT 1 AS side UNION ALL SELECT 2 AS side) w"
        f" LEFT JOIN import_c_edge e ON w.side = 1 AND {edge}"
        f" LEFT JOIN customer c ON w.side = 2 AND {shop}"
    )
    return f"(CASE WHEN w.side = 1 THEN {found} END)", joins


def generations() -> None:
    """The table ``import_c_depth``: each row of a new customer referred by another row of a
    new customer, and how many such rows are above it (1: its referrer's row has no such
    referrer; rows not in it are 0, written first). A referred row not in it is on or below
    a loop of new customers' rows."""
    sql(
        "CREATE TEMPORARY TABLE import_c_child AS SELECT line, ref_row AS parent FROM import_c_link"
        " WHERE new_row = 1 AND ref_row IS NOT NULL"
    )
    sql("CREATE UNIQUE INDEX import_c_child_line ON import_c_child (line)")
    sql("CREATE INDEX import_c_child_parent ON import_c_child (parent)")
    analyze("import_c_child")
    sql(
        "CREATE TEMPORARY TABLE import_c_depth AS WITH RECURSIVE gen (line, depth) AS ("
        " SELECT c.line, 1 FROM import_c_child c"
        "  WHERE NOT EXISTS (SELECT 1 FROM import_c_child p WHERE p.line = c.parent)"
        " UNION ALL"
        # gen first: SQLite, left to choose, walked every row once for each row of gen.
        " SELECT c.line, g.depth + 1 FROM gen g CROSS JOIN import_c_child c WHERE c.parent = g.line)"
        " SELECT CAST(line AS INTEGER) AS line, CAST(depth AS INTEGER) AS depth FROM gen"
    )
    sql("CREATE UNIQUE INDEX import_c_depth_line ON import_c_depth (line)")
    analyze("import_c_depth")


def refuse_loops(run: Any) -> None:
    """Refuse each row whose referrer would close a loop, or whose referrers run into one."""
    generations()
    new_loops = (
        "SELECT CAST(-c.line AS INTEGER) AS p FROM import_c_child c"
        " WHERE NOT EXISTS (SELECT 1 FROM import_c_depth d WHERE d.line = c.line)"
    )
    # The shop's customers the file gives another referrer than the shop's.
    moved = (
        "SELECT k.match_id AS p FROM import_c_link l JOIN import_c_check k ON k.line = l.line"
        f" JOIN customer c ON c.id = k.match_id WHERE {good('l')} AND (l.ref_row IS NOT NULL"
        " OR (l.ref_id IS NOT NULL AND (c.referrer_id IS NULL OR c.referrer_id <> l.ref_id)))"
    )
    if not scalar(f"SELECT COUNT(*) FROM ({new_loops} UNION ALL {moved} LIMIT 1) x"):
        return
    sql(f"CREATE TEMPORARY TABLE import_c_edge AS {_EDGES}")
    sql("CREATE INDEX import_c_edge_src ON import_c_edge (src)")
    sql("CREATE INDEX import_c_edge_dst ON import_c_edge (dst)")
    analyze("import_c_edge")
    # Of those, the ones a way up leads back to; then everyone whose way up reaches one of
    # them or a loop of new customers' rows: the only rows a walk may find in a loop.
    above, up_joins = _next("m.p", upwards=True)
    further, further_joins = _next("up.node", upwards=True)
    sql(
        "CREATE TEMPORARY TABLE import_c_seed AS WITH RECURSIVE up (start, node) AS ("
        f" SELECT m.p, {above} FROM ({moved}) m {up_joins} WHERE {above} IS NOT NULL"
        " UNION"
        f" SELECT up.start, {further} FROM up {further_joins}"
        f"  WHERE up.node <> up.start AND {further} IS NOT NULL)"
        f" SELECT CAST(start AS INTEGER) AS p FROM up WHERE node = start UNION {new_loops}"
    )
    below, down_joins = _next("down.p", upwards=False)
    walked = rows(
        "WITH RECURSIVE down (p) AS ("
        " SELECT p FROM import_c_seed"
        f" UNION SELECT {below} FROM down {down_joins} WHERE {below} IS NOT NULL)"
        " SELECT e.line, e.src, e.dst FROM import_c_edge e JOIN down ON down.p = e.src"
        f" WHERE {good('e')} ORDER BY e.line"
    )
    reject(run, _walk(run, walked), LOOP)
    sql("DROP TABLE import_c_seed")


def _walk(run: Any, walked) -> Any:
    """The old walk, over the rows that may meet a loop, in file order: the errors."""
    people = _People(run)
    # Those met on a chain that ended without a loop: a later walk that meets one ends there
    # too. Who refers whom changes only when a row is refused, which forgets them.
    ends: set[Hashable] = set()
    met: list[Hashable] = []

    def up(someone: int) -> int | None:
        if someone in ends:
            return None
        met.append(someone)
        return people.referrer_of(someone)

    for line, person, referrer in walked:
        met[:] = [person]
        loop = referral_loop(person, referrer, up)
        if loop is None:
            ends.update(met)
            continue
        chain = [people.label(-line), *(people.label(someone) for someone in loop[1:-1])]
        people.refused.add(line)
        ends.clear()
        yield (
            line,
            "referrer",
            people.referrer_text(line),
            "referrals would go round in a loop: %1",
            " → ".join(chain),
        )


class _People:
    """Who refers whom as the walk asks, read one person at a time and kept (the walk meets
    only the rows at or below a loop, and the chains above them)."""

    def __init__(self, run: Any) -> None:
        self.bad = run.bad_rows
        self.refused: set[int] = set()  # lines refused by this walk (bad_rows has them once told)
        self.known: dict[int, tuple] = {}

    def _read(self, person: int) -> tuple:
        found = self.known.get(person)
        if found is not None:
            return found
        if person < 0:
            found = sql(
                f"SELECT s.name, s.code, s.referrer, COALESCE(l.ref_id, -l.ref_row) FROM {ROWS} s"
                " LEFT JOIN import_c_link l ON l.line = s.line WHERE s.line = ?",
                (-person,),
            ).fetchone()
        else:
            # The row that updates them, found by its code or phone, as the walk always found it.
            found = sql(
                "SELECT c.name, c.referrer_id, a.line, COALESCE(l.ref_id, -l.ref_row) FROM customer c"
                " LEFT JOIN import_c_check k ON k.match_id = c.id"
                f" AND {good('k', before=MATCHING + 1)}"
                f" LEFT JOIN {ROWS} a ON a.line = k.line AND (a.code IS NOT NULL OR a.phone IS NOT NULL)"
                " LEFT JOIN import_c_link l ON l.line = a.line WHERE c.id = ?",
                (person,),
            ).fetchone()
        self.known[person] = found or ()
        return self.known[person]

    def referrer_of(self, person: int) -> int | None:
        found = self._read(person)
        if person < 0:
            return found[3]
        if not found:
            return None
        _, shop_referrer, line, in_file = found
        if line is not None and in_file is not None and line not in self.bad and line not in self.refused:
            return in_file
        return shop_referrer

    def label(self, person: int) -> str:
        found = self._read(person)
        if person > 0:
            return found[0]
        name, code = found[0], found[1]
        return name or code or str(-person)

    def referrer_text(self, line: int) -> str:
        return self._read(-line)[2]
