"""The health check of the shop database, and the repair of what it can put right.

The check reads the whole file (SQLite's integrity check) and the rules the shop
relies on: no referral loops, nobody joined after their first visit, refunds
negative and purchases positive, the search table in step with the customers.
Checking is for managers and owners, repairing for owners (SPEC 8); ``actor=None``
is the command line, acting as the owner. Also reached as ``crm.services.backup.check``
and ``.repair``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from crm.db import database
from crm.errors import fill
from crm.services import bulk
from crm.services.common import Actor, require

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Finding:
    """One problem: an English template with %1, %2 … (translated by the app) and its values;
    ``repairable`` when :func:`repair` can put it right without losing anything."""

    template: str
    values: tuple[str, ...] = ()
    repairable: bool = False

    def __str__(self) -> str:
        return fill(self.template, self.values)


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [str(f) for f in self.findings]

    @property
    def ok(self) -> bool:
        return not self.findings

    def finding(self, template: str, *values, repairable: bool = False) -> None:
        self.findings.append(Finding(template, tuple(str(v) for v in values), repairable))

    @property
    def repairable(self) -> bool:
        return any(f.repairable for f in self.findings)


def check(progress: Progress | None = None, *, actor: Actor | None) -> CheckResult:
    """Every page of the file (SQLite), the foreign keys, and the shop's own rules."""
    import peewee

    from crm.db import pending_migrations

    require(actor, "check the database")
    say = progress or (lambda fraction, message: None)
    result = CheckResult()
    db = database.obj
    sqlite = isinstance(db, peewee.SqliteDatabase)

    def count(sql: str, params=()) -> int:
        return int(database.execute_sql(sql, params).fetchone()[0] or 0)

    if sqlite:
        say(0.05, "reading every page")
        try:
            rows = [r[0] for r in database.execute_sql("PRAGMA integrity_check")]
        except peewee.DatabaseError as exc:  # a page so damaged that the check itself stops
            rows = [str(exc)]
        result.checked.append("every page of the file")
        if rows != ["ok"]:
            for row in rows[:10]:
                result.finding("the file is damaged: %1", row)
        broken = database.execute_sql("PRAGMA foreign_key_check").fetchall()
        result.checked.append("links between tables")
        if broken:
            tables = sorted({row[0] for row in broken})
            result.finding(
                "rows that point at rows that are gone: %1 (in %2)", len(broken), ", ".join(tables)
            )
    say(0.6, "the shop's rules")
    pending = pending_migrations(db)
    if pending:
        result.finding("the database needs upgrading (%1)", ", ".join(pending))
    loops = _referral_loops()
    result.checked.append("referrals")
    if loops:
        result.finding("customers in a referral loop: %1 (e.g. #%2)", len(loops), loops[0])
    late = count(
        "SELECT COUNT(*) FROM customer c"
        " WHERE c.joined > (SELECT MIN(v.day) FROM visit v WHERE v.customer_id = c.id)"
    )
    result.checked.append("joined dates")
    if late:
        result.finding("customers who joined after their first visit: %1", late, repairable=True)
    wrong = count(
        "SELECT COUNT(*) FROM visit WHERE (kind = 'refund' AND amount >= 0)"
        " OR (kind = 'purchase' AND amount <= 0) OR (kind <> 'refund' AND amount < 0)"
    )
    result.checked.append("visit amounts")
    if wrong:
        result.finding("visits whose amount does not fit their kind: %1", wrong)
    if sqlite and "customer_fts" in db.get_tables():
        customers = count("SELECT COUNT(*) FROM customer")
        indexed = count("SELECT COUNT(*) FROM customer_fts_docsize")
        result.checked.append("the search index")
        if indexed != customers:
            result.finding(
                "customers in the search index: %1, in the shop: %2", indexed, customers, repairable=True
            )
    say(1.0, "done")
    return result


def repair(*, actor: Actor | None) -> list[Finding]:
    """Put right what :func:`check` marks repairable, in one transaction: joined dates
    moved back to the first visit, the search index written again from the customers.
    Returns what was done."""
    from crm.services.common import audit

    require(actor, "repair the database")
    done: list[Finding] = []
    with database.atomic():
        moved = database.execute_sql(
            "UPDATE customer SET joined = (SELECT MIN(v.day) FROM visit v WHERE v.customer_id = customer.id)"
            " WHERE joined > (SELECT MIN(v.day) FROM visit v WHERE v.customer_id = customer.id)"
        ).rowcount
        if moved:
            done.append(Finding("%1 joined dates moved back to the first visit", (str(moved),)))
        if bulk.rebuild_search_index():
            done.append(Finding("the search index was written again"))
        audit(actor, "database", None, "repair", None, {"done": [str(f) for f in done]})
    return done


def _referral_loops() -> list[int]:
    parent = dict(database.execute_sql("SELECT id, referrer_id FROM customer WHERE referrer_id IS NOT NULL"))
    state: dict[int, int] = {}  # 1: being walked, 2: known to end at a root
    in_loop: list[int] = []
    for start in parent:
        path = []
        node = start
        while node in parent and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parent[node]
        if state.get(node) == 1:  # walked back into this path: a loop
            in_loop.extend(path[path.index(node) :])
        for visited in path:
            state[visited] = 2
    return sorted(in_loop)
