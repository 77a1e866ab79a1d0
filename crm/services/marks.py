"""Marks of what a kept whole-shop answer was read from, cheap enough to read on every view.

A page that keeps a whole-shop answer (the referral forest, every customer's lifetime figures)
gives it again while the marks of what it depends on are unchanged, and reads it again (or only
the customers that moved) when one of them moved. Every change to a visit, a customer or an
import writes an audit entry (:func:`crm.services.common.audit`, by this counter or another),
so the newest entry of each kind says whether anything of that kind changed; one index walk
each (migration 0016), however long the trail.
"""

from __future__ import annotations

from crm.db import query_rows

# Kinds of audit entry that change visits: a visit logged, edited, deleted or restored; an
# import or its undo (visits and customers in bulk); a repair of the database.
VISIT_ENTITIES = ("visit", "import", "database")
# Kinds that change who referred whom or when a customer joined, beside the bulk ones.
CUSTOMER_ENTITIES = ("customer", "import", "database")


def newest_entries(entities: tuple[str, ...]) -> tuple:
    """The id of the newest audit entry of each kind (None when there is none), in order."""
    sql = "SELECT " + ", ".join("(SELECT MAX(id) FROM audit_entry WHERE entity = ?)" for _ in entities)
    return tuple(query_rows(sql, entities)[0])


def newest_ids() -> tuple[int | None, int | None]:
    """The newest customer and visit ids: rows written without an audit entry (a demo shop,
    a restored backup) still move them."""
    return tuple(query_rows("SELECT (SELECT MAX(id) FROM customer), (SELECT MAX(id) FROM visit)")[0])
