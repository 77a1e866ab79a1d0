"""Every suggestion standing on a day, ranked, read a page at a time (SPEC 2.4, SPEC 7).

A chain's rules find hundreds of thousands of suggestions. :func:`find` streams what each
rule finds into a few numeric columns per customer level (no object per suggestion, no name
or phone), dropping the occasions already handled as the rows come. The ranking
(:mod:`crm.services.followup_rank`) is the customer's level first, so the levels are ranked
one at a time, the highest first, and only when a page reaches them: the first page needs the
expected values (the lifetime fit) of the top level's customers only, not the whole shop's.
:meth:`SuggestionBook.page` turns a run of ranks into :class:`Suggestion` rows, reading names,
phones, WeChat ids and the 大C routed via for those rows alone.

The order is exactly :func:`crm.services.suggestions.suggestions`' (which reads its list from
here): most at stake first, then soonest due, the rules' order, the customer, and the order the
rules found them in.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from crm.db import as_date, query_rows
from crm.levels import MICRO, WEAK
from crm.services import followup_rank, settings, suggestion_rules
from crm.services.communities import serving_big_c_many
from crm.services.suggestion_item import Suggestion
from crm.services.tasks import RULES

# The columns of a level's candidates, in the order they are kept.
_COLUMNS = ("rule", "customer", "occasion", "related", "spend", "overdue", "due", "seq")
_CHUNK = 500  # ids per IN list


@dataclass(frozen=True)
class Occasion:
    """Which suggestion a row is, without what shows it: enough to tell whether an answer
    settled it (rule, customer, kind, anchor)."""

    rule: str
    customer_id: int
    kind: str
    anchor: str
    occasion: date


class _Level:
    """One level's candidates as columns; ``order`` (once ranked) lists their rows most at
    stake first."""

    def __init__(self, level: int):
        self.level = level
        self.columns = {name: array("q") for name in _COLUMNS}
        self.order: Any = None  # numpy array of row numbers once ranked
        self.value: Any = None  # numpy array: each row's expected 12-month value, once ranked

    def __len__(self) -> int:
        return len(self.columns["customer"])

    def add(self, *values: int) -> None:
        for name, value in zip(_COLUMNS, values, strict=True):
            self.columns[name].append(value)

    def drop(self, ids: set[int]) -> None:
        """Leave out these customers' rows (their values too); the order is made again."""
        import numpy as np

        customers = np.frombuffer(self.columns["customer"], dtype=np.int64)
        keep = ~np.isin(customers, np.fromiter(ids, dtype=np.int64, count=len(ids)))
        if keep.all():
            return
        for name in _COLUMNS:
            kept = array("q")
            kept.frombytes(np.frombuffer(self.columns[name], dtype=np.int64)[keep].tobytes())
            self.columns[name] = kept
        if self.value is not None:
            self.value = self.value[keep[: len(self.value)]]
        self.order = None

    def extend(self, other: _Level, seq: int) -> int:
        """Add ``other``'s rows after these, numbered in the order found from ``seq``; returns the
        next number."""
        n = len(other)
        for name in _COLUMNS:
            if name == "seq":
                self.columns[name].extend(range(seq, seq + n))
            else:
                self.columns[name].extend(other.columns[name])
        self.order = None
        return seq + n


class SuggestionBook:
    """The standing suggestions of ``today``, ranked level by level as pages ask for them.
    Safe to read from one thread at a time (a lock guards the ranking)."""

    def __init__(self, today: date, values: dict[str, Any], levels: dict[int, _Level]):
        self.today = today
        self.kinds = {rule: suggestion_rules.rule_settings(values, rule)[2] for rule in RULES}
        self.route_via_big_c = bool(values["route_via_big_c"])
        self.values = values
        self.complete = True  # False: only FIRST_RULES' suggestions are in (find's first_only)
        self.levels = [levels[k] for k in sorted(levels, reverse=True) if len(levels[k])]
        self.count = sum(len(group) for group in self.levels)
        self._seq = sum(len(group) for group in levels.values())  # the next row's place in the order found
        self._lock = threading.Lock()

    # --- ranking ---------------------------------------------------------------------

    def _ranked(self, group: _Level) -> Any:
        """The group's rows most at stake first (ranked on first use)."""
        if group.order is None:
            import numpy as np

            col = {name: np.frombuffer(group.columns[name], dtype=np.int64) for name in _COLUMNS}
            known = 0 if group.value is None else len(group.value)
            if known < len(group):  # new rows (a customer found again): their values alone
                tail = followup_rank.values_array(col["customer"][known:])
                group.value = tail if group.value is None else np.concatenate((group.value, tail))
            # np.lexsort sorts by the last key first: most at stake, then the ties (RULES' order
            # is the rule column itself; ``seq`` is the order the rules found them in).
            group.order = np.lexsort(
                (
                    col["seq"],
                    col["customer"],
                    col["rule"],
                    col["due"],
                    -col["overdue"],
                    -col["spend"],
                    -group.value,
                )
            )
        return group.order

    def exact_through(self) -> int:
        """How many of the first ranks are final: all of them once complete, else those above
        the levels :data:`LATER_RULES` add to."""
        if self.complete:
            return self.count
        below = max(LATER_RULES.values())
        return sum(len(group) for group in self.levels if group.level > below)

    def complete_it(self) -> SuggestionBook:
        """Add what :data:`LATER_RULES` find (to levels not ranked yet); the ranks read so far
        stay as they are."""
        if self.complete:
            return self
        groups = {group.level: group for group in self.levels}
        found: dict[int, _Level] = {}
        _collect(found, self.values, self.today, None, tuple(LATER_RULES), 0)
        with self._lock:
            for level, more in found.items():
                group = groups.get(level) or groups.setdefault(level, _Level(level))
                self._seq = group.extend(more, self._seq)
            self.levels = [groups[k] for k in sorted(groups, reverse=True) if len(groups[k])]
            self.count = sum(len(group) for group in self.levels)
            self.complete = True
        return self

    def replace_customers(self, ids: set[int], fresh: list[SuggestionBook]) -> None:
        """Put ``fresh`` (these customers' suggestions found again) in place of what the book
        held for them; the levels already ranked are ranked again (their other values kept)."""
        with self._lock:
            groups = {group.level: group for group in self.levels}
            for group in self.levels:
                group.drop(ids)
            for book in fresh:
                for found in book.levels:
                    group = groups.get(found.level) or groups.setdefault(found.level, _Level(found.level))
                    self._seq = group.extend(found, self._seq)
            self.levels = [groups[k] for k in sorted(groups, reverse=True) if len(groups[k])]
            self.count = sum(len(group) for group in self.levels)

    def entries(self, start: int, count: int) -> list[tuple[_Level, int]]:
        """(level group, row) of ranks ``start`` .. ``start + count - 1``."""
        out: list[tuple[_Level, int]] = []
        end = min(self.count, start + count)
        at = 0
        with self._lock:
            for group in self.levels:
                size = len(group)
                if at + size > start and at < end:
                    order = self._ranked(group)
                    first, last = max(start, at) - at, min(end, at + size) - at
                    out.extend((group, int(row)) for row in order[first:last])
                at += size
                if at >= end:
                    break
        return out

    def ranked_through(self, end: int) -> bool:
        """Whether ranks before ``end`` are ranked already (a page of them reads quickly)."""
        at = 0
        for group in self.levels:
            if at >= end:
                return True
            if group.order is None:
                return False
            at += len(group)
        return True

    def occasions(self, start: int, count: int) -> list[Occasion]:
        """What ranks ``start`` .. ``start + count - 1`` are about, without reading names."""
        return [self._occasion(group, row) for group, row in self.entries(start, count)]

    def _occasion(self, group: _Level, row: int) -> Occasion:
        c = group.columns
        rule = RULES[c["rule"][row]]
        occasion = date.fromordinal(c["occasion"][row])
        anchor = str(c["related"][row]) if rule == "referral_converted" else occasion.isoformat()
        return Occasion(rule, c["customer"][row], self.kinds[rule], anchor, occasion)

    # --- pages ---------------------------------------------------------------------------

    def page(self, start: int, count: int):
        """Ranks ``start`` .. ``start + count - 1`` as :class:`Suggestion` rows, with their
        customers' names, phones and WeChat ids and the 大C each is routed via."""
        entries = self.entries(start, count)
        if not entries:
            return []
        ids = {group.columns["customer"][row] for group, row in entries}
        related = {group.columns["related"][row] for group, row in entries} - {0}
        people = _people(ids | related)
        leaders = serving_big_c_many(ids, self.today) if self.route_via_big_c else {}
        out = []
        for group, row in entries:
            c = group.columns
            o = self._occasion(group, row)
            name, phone, wechat = people.get(o.customer_id, ("", None, None))
            rid = c["related"][row] or None
            via = leaders.get(o.customer_id)
            out.append(
                Suggestion(
                    rule=o.rule,
                    customer_id=o.customer_id,
                    customer_name=name,
                    kind=o.kind,
                    due=date.fromordinal(c["due"][row]),
                    anchor=o.anchor,
                    occasion=o.occasion,
                    days=abs((self.today - o.occasion).days),
                    via_id=via.id if via else None,
                    via_name=via.name if via else None,
                    related_id=rid,
                    related_name=people[rid][0] if rid in people else None,
                    overdue=c["overdue"][row],
                    level=group.level,
                    spend_365=c["spend"][row],
                    phone=phone,
                    wechat=wechat,
                    value_12m=float(group.value[row]),
                )
            )
        return out


def with_referrers(customer_ids: Iterable[int]) -> set[int]:
    """These customers and their referrers: a purchase can make a referrer's suggestion (thank
    them) and move their level."""
    ids = {int(i) for i in customer_ids}
    out = set(ids)
    for batch, marks in _chunks(sorted(ids)):
        sql = f"SELECT referrer_id FROM customer WHERE id IN ({marks}) AND referrer_id IS NOT NULL"
        out.update(rid for (rid,) in query_rows(sql, batch))
    return out


def _chunks(ids: list[int]):
    for at in range(0, len(ids), _CHUNK):
        batch = ids[at : at + _CHUNK]
        yield batch, ", ".join("?" * len(batch))


def _people(ids: set[int]) -> dict[int, tuple[str, str | None, str | None]]:
    """Name, phone and WeChat id of these customers."""
    out = {}
    for batch, marks in _chunks(sorted(ids)):
        for cid, name, phone, wechat in query_rows(
            f"SELECT id, name, phone, wechat FROM customer WHERE id IN ({marks})", batch
        ):
            out[cid] = (name, phone, wechat)
    return out


# --- finding ----------------------------------------------------------------------------


def _handled(today: date, customer_id: int | None):
    """The checks of SPEC 2.4 as sets: open tasks' (customer, kind), dismissed occasions and the
    last day each rule's task was accepted for a customer."""
    where, params = ("", []) if customer_id is None else (" AND customer_id = ?", [customer_id])
    open_kinds = set(query_rows("SELECT customer_id, kind FROM task WHERE status = 'open'" + where, params))
    dismissed = set(
        query_rows("SELECT rule, customer_id, anchor FROM suggestion_dismissal WHERE 1 = 1" + where, params)
    )
    accepted = {
        (rule, cid): as_date(created)
        for rule, cid, created in query_rows(
            "SELECT rule, customer_id, MAX(created_on) FROM task"
            f" WHERE rule IS NOT NULL AND created_on <= ?{where} GROUP BY rule, customer_id",
            [today, *params],
        )
    }
    return open_kinds, dismissed, accepted


def _accepted_for(rule: str, occasion: date, created_on: date) -> bool:
    """Whether a task made from ``rule`` on ``created_on`` answered this occasion."""
    if rule == "birthday":
        return created_on > occasion - timedelta(days=365)  # not last year's birthday task
    if rule == "referral_converted":
        return created_on >= occasion  # suggested from the day of the first purchase on
    # a lapse or a first visit is suggested days after it; a task made on the day
    # itself belongs to the occasion before
    return created_on > occasion


# The rules that find customers of one level only (the stored level), and that level: the
# ranking is the level first, so the ranks above it are final before these are asked.
LATER_RULES = {"micro_not_back": MICRO, "weak_dropping": WEAK}
FIRST_RULES = tuple(rule for rule in RULES if rule not in LATER_RULES)


def _found(values: dict[str, Any], today: date, customer_id: int | None, rules: tuple[str, ...]):
    """(rule, customer, level, spend, occasion, related id, overdue, due) of what each enabled rule
    of ``rules`` finds, in the rules' order."""
    for rule, level in LATER_RULES.items():
        enabled, days, _kind = suggestion_rules.rule_settings(values, rule)
        if enabled and rule in rules:
            for cid, at, spend, last in suggestion_rules.lapsed(level, today, days, customer_id):
                yield rule, cid, at, spend, last, 0, (today - last).days - days, today
    enabled, days, _kind = suggestion_rules.rule_settings(values, "birthday")
    if enabled and "birthday" in rules:
        for cid, at, spend, day in suggestion_rules.birthdays(today, days, customer_id):
            yield "birthday", cid, at, spend, day, 0, -(day - today).days, day
    enabled, days, _kind = suggestion_rules.rule_settings(values, "referral_converted")
    if enabled and "referral_converted" in rules:
        for cid, at, spend, rid, first in suggestion_rules.first_purchases(today, days, customer_id):
            yield "referral_converted", cid, at, spend, first, rid, (today - first).days, today
    enabled, days, _kind = suggestion_rules.rule_settings(values, "new_customer")
    if enabled and "new_customer" in rules:
        for cid, at, spend, first in suggestion_rules.first_visits(today, days, customer_id):
            yield "new_customer", cid, at, spend, first, 0, (today - first).days - days, today


def _collect(
    levels: dict[int, _Level], values: dict[str, Any], today: date, customer_id: int | None, rules, seq: int
) -> int:
    """Add what ``rules`` find, less the occasions handled, to ``levels``; returns the next ``seq``."""
    kinds = {rule: suggestion_rules.rule_settings(values, rule)[2] for rule in RULES}
    rule_index = {rule: i for i, rule in enumerate(RULES)}
    open_kinds, dismissed, accepted = _handled(today, customer_id)
    for rule, cid, level, spend, occasion, rid, overdue, due in _found(values, today, customer_id, rules):
        if (cid, kinds[rule]) in open_kinds:
            continue
        anchor = str(rid) if rule == "referral_converted" else occasion.isoformat()
        if dismissed and (rule, cid, anchor) in dismissed:
            continue
        created = accepted.get((rule, cid))
        if created is not None and _accepted_for(rule, occasion, created):
            continue
        group = levels.get(level) or levels.setdefault(level, _Level(level))
        group.add(rule_index[rule], cid, occasion.toordinal(), rid, spend, overdue, due.toordinal(), seq)
        seq += 1
    return seq


def find(today: date, *, customer_id: int | None = None, first_only: bool = False) -> SuggestionBook:
    """The suggestions standing on ``today`` (of one customer, or of the whole shop): never for
    archived or erased customers, never while the customer has an open task of the same kind,
    never again for an occasion dismissed or accepted. With ``first_only``, what
    :data:`FIRST_RULES` find: :meth:`SuggestionBook.exact_through` says how many ranks are final,
    :meth:`SuggestionBook.complete_it` adds the rest."""
    values = settings.get_all()
    levels: dict[int, _Level] = {}
    rules = FIRST_RULES if first_only else RULES
    _collect(levels, values, today, customer_id, rules, 0)
    book = SuggestionBook(today, values, levels)
    book.complete = not first_only
    return book
