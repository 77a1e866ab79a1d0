"""The whole shop's lifetime figures (:func:`crm.services.lifetime.figures`), kept between views.

Every customer's figures take the whole shop's purchase history (on a 1,000,000-customer chain,
several seconds of the database's time and a few hundred MB to work through), so they are kept
with what they were computed from: the open database, the fit, the day and the settings they use
(:class:`Basis`), and the newest visit and the newest audit entries that change visits
(:class:`VisitMarks`). A change elsewhere in the shop (a task, a customer's name, a community)
leaves them as they are. A few visits logged, edited, deleted or restored since (by this counter
or another: each writes an audit entry) are caught up on by computing again the customers they
belong to alone (:func:`touched_since`, :func:`merged`); an import, a repair or more than
:data:`MOST_TOUCHED` customers, and the whole shop's are computed again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace

import numpy as np

from crm.db import database, query_rows
from crm.lifetime import summary

MOST_TOUCHED = 5000  # customers caught up on one by one; past this, the whole shop again
PART = 50_000  # customers computed at a time: the 12 months' arrays of a million took 450 MB


@dataclass(frozen=True)
class Basis:
    """What the figures were computed from, besides the visits."""

    database: object
    fit_id: int | None
    fitted_at: object
    as_of: object
    discount: object  # the settings' stored values
    threshold: object


def basis(fit_id: int | None, fitted_at, as_of, setting_keys: tuple[str, str]) -> Basis:
    """The basis of figures computed now from the fit, as of the day, with the stored values of
    the settings they use (the monthly discount and the slipping threshold)."""
    discount, below = query_rows(
        "SELECT (SELECT value FROM setting WHERE key = ?), (SELECT value FROM setting WHERE key = ?)",
        setting_keys,
    )[0]
    return Basis(database.obj, fit_id, fitted_at, as_of, discount, below)


@dataclass(frozen=True)
class VisitMarks:
    visit_id: int | None  # the newest visit
    visit_entry: int | None  # the newest audit entry of a visit (logged, edited, deleted, restored)
    bulk_entries: tuple  # the newest import (or its undo) and repair entries


_MARKS_SQL = (
    "SELECT (SELECT MAX(id) FROM visit), (SELECT MAX(id) FROM audit_entry WHERE entity = 'visit'),"
    " (SELECT MAX(id) FROM audit_entry WHERE entity = 'import'),"
    " (SELECT MAX(id) FROM audit_entry WHERE entity = 'database')"
)


def visit_marks() -> VisitMarks:
    visit_id, visit_entry, *bulk = query_rows(_MARKS_SQL)[0]
    return VisitMarks(visit_id, visit_entry, tuple(bulk))


def _owners(entries: list[tuple]) -> set[int] | None:
    """The customers whose visits the audit entries (visit id, before, after) changed; None when
    one cannot be told (an entry whose values were erased, for a visit that is gone)."""
    owners: set[int] = set()
    unknown: list[int] = []
    for visit_id, before, after in entries:
        found = False
        for text in (before, after):
            try:
                customer = json.loads(text).get("customer") if text else None
            except (ValueError, AttributeError):
                customer = None
            if isinstance(customer, int):
                owners.add(customer)
                found = True
        if not found:
            unknown.append(visit_id)
    for visit_id in unknown:
        rows = query_rows("SELECT customer_id FROM visit WHERE id = ?", (visit_id,))
        if not rows:
            return None
        owners.add(rows[0][0])
    return owners


def touched_since(old: VisitMarks, new: VisitMarks, most: int = MOST_TOUCHED) -> set[int] | None:
    """The customers whose visits changed between the two marks, or None when the whole shop's
    must be computed again (an import or a repair, visits gone without a trace, too many)."""
    if new.bulk_entries != old.bulk_entries:
        return None
    touched: set[int] = set()
    if new.visit_id != old.visit_id and new.visit_entry == old.visit_entry:
        if new.visit_id is None or (old.visit_id is not None and new.visit_id < old.visit_id):
            return None  # visits gone without an entry saying whose
    if new.visit_id is not None and (old.visit_id is None or new.visit_id > old.visit_id):
        rows = query_rows(
            "SELECT DISTINCT customer_id FROM visit WHERE id > ? LIMIT ?", (old.visit_id or 0, most + 1)
        )
        touched.update(row[0] for row in rows)
    if new.visit_entry != old.visit_entry:
        if new.visit_entry is None or (old.visit_entry is not None and new.visit_entry < old.visit_entry):
            return None
        entries = query_rows(
            'SELECT entity_id, "before", "after" FROM audit_entry WHERE entity = ? AND id > ? LIMIT ?',
            ("visit", old.visit_entry or 0, most + 1),
        )
        if len(entries) > most:
            return None
        owners = _owners(entries)
        if owners is None:
            return None
        touched |= owners
    return touched if len(touched) <= most else None


def merged(kept, fresh, touched: set[int]):
    """``kept`` (a :class:`crm.services.lifetime.Figures`) with the rows of the ``touched``
    customers replaced by those of ``fresh`` (theirs, computed again: a customer whose last
    purchase went has none), the ids ascending."""
    stays = ~np.isin(kept.ids, np.fromiter(touched, dtype=np.int64, count=len(touched)))
    order = np.argsort(np.concatenate([kept.ids[stays], fresh.ids]), kind="stable")
    columns = {}
    for field in fields(kept):
        old, new = getattr(kept, field.name), getattr(fresh, field.name)
        if isinstance(old, np.ndarray) and isinstance(new, np.ndarray):
            columns[field.name] = np.concatenate([old[stays], new])[order]
    return replace(kept, **columns)


def parts_of(s: summary.Summary, part: int = PART) -> Iterator[summary.Summary]:
    """``s`` cut into :data:`PART` customers at a time."""
    names = [f.name for f in fields(summary.Summary) if f.name != "as_of"]
    for at in range(0, len(s), part):
        yield summary.Summary(s.as_of, *(getattr(s, name)[at : at + part] for name in names))


def in_parts(parts: Iterable[summary.Summary], compute):
    """``compute`` of each part of the customers, the columns put together: the same figures,
    with one part's working arrays in memory at a time instead of the whole shop's."""
    done = [compute(s) for s in parts]
    if len(done) == 1:
        return done[0]
    if not done:
        return None
    columns = {
        f.name: np.concatenate([getattr(p, f.name) for p in done])
        for f in fields(done[0])
        if isinstance(getattr(done[0], f.name), np.ndarray)
    }
    return replace(done[0], **columns)
