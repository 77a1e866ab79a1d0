"""Follow-up tasks and the suggestions that propose them (SPEC 2.2, 2.4).

A task has a customer, an optional assignee, a due date, a kind, an optional
"via" customer (the 大C a 小c is served through), a status and an outcome.
:func:`suggestions` proposes tasks from the shop's rules in a few bulk queries
per rule; :func:`accept_suggestion` turns one into a task and
:func:`dismiss_suggestion` hides that occasion for good.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import peewee as pw

from crm import clock
from crm.db import as_date, database, query_rows
from crm.errors import InvalidInput, NotFound, OpenTaskExists, ServedByBigC
from crm.levels import MICRO, WEAK
from crm.models import Customer, Staff, SuggestionDismissal, Task
from crm.services import communities, settings
from crm.services.common import Actor, audit, require, row_dict

KINDS = ("content", "service", "experience", "companionship", "birthday", "thank_referrer", "other")
STATUSES = ("open", "done", "skipped")
RULES = ("micro_not_back", "weak_dropping", "birthday", "referral_converted", "new_customer")
UPCOMING_DAYS = 7

# ``via`` of create_task: "auto" routes a 小c's task through their 大C when the
# setting is on; None asks for a direct task; an int names the via customer.
AUTO = "auto"


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


@dataclass(frozen=True)
class TaskInfo:
    id: int
    customer_id: int
    customer_name: str
    customer_code: str
    customer_phone: str | None
    kind: str
    due: date
    status: str
    title: str
    outcome: str
    assignee_id: int | None
    assignee_name: str | None
    via_id: int | None
    via_name: str | None
    via_phone: str | None
    rule: str | None
    created_on: date
    created_by_id: int | None
    closed_on: date | None

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due < (today or clock.today())


@dataclass(frozen=True)
class Buckets:
    """Open tasks around a day: overdue (before it), today, upcoming (the next 7 days)."""

    today: list[TaskInfo] = field(default_factory=list)
    overdue: list[TaskInfo] = field(default_factory=list)
    upcoming: list[TaskInfo] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.today) + len(self.overdue) + len(self.upcoming)


@dataclass(frozen=True)
class Suggestion:
    """A task the rules propose. ``anchor`` pins it to one occasion (a last
    purchase date, a birthday, the referred customer's id, a first visit date):
    dismissing it hides that occasion only."""

    rule: str
    customer_id: int
    customer_name: str
    kind: str
    due: date
    anchor: str
    occasion: date  # last purchase, birthday, first purchase of the referred, first visit
    days: int  # days since the occasion, or until the birthday
    via_id: int | None = None
    via_name: str | None = None
    related_id: int | None = None  # referral_converted: the referred customer
    related_name: str | None = None

    @property
    def reason(self) -> str:
        """One line saying why, for the command line and the task's title; the desktop
        app builds its own translated sentence from the fields."""
        rule, days, occasion = self.rule, self.days, self.occasion.isoformat()
        if rule == "micro_not_back":
            return f"Micro customer not back for {days} days (last purchase {occasion})"
        if rule == "weak_dropping":
            return f"Weak customer {days} days since last purchase ({occasion}); about to drop to Micro"
        if rule == "birthday":
            when = "today" if days == 0 else ("tomorrow" if days == 1 else f"in {days} days")
            return f"Birthday {when} ({occasion})"
        if rule == "referral_converted":
            return (
                f"{self.related_name}, referred by {self.customer_name}, made a first purchase "
                f"on {occasion}; thank the referrer"
            )
        return f"New customer: first visit {days} days ago ({occasion})"


# --- validation --------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_day(value: Any, field_name: str = "due") -> date:
    """A date from a ``date``, a ``datetime`` or text: ``YYYY-MM-DD``, ``YYYY/M/D``, ``YYYYMMDD``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for pattern in (_ISO, _SLASH, _COMPACT):
            match = pattern.match(text)
            if match:
                try:
                    return date(*(int(part) for part in match.groups()))
                except ValueError:
                    break
    raise InvalidInput(field_name, f"{value!r} is not a date (use YYYY-MM-DD)")


def _check_kind(kind: Any) -> str:
    if kind not in KINDS:
        raise InvalidInput("kind", f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    return kind


def _check_assignee(assignee_id: int | None) -> int | None:
    if assignee_id is None:
        return None
    row = Staff.select(Staff.id, Staff.name, Staff.active).where(Staff.id == assignee_id).tuples().first()
    if row is None:
        raise NotFound("staff", assignee_id)
    if not row[2]:
        raise InvalidInput("assignee", f"{row[1]} is no longer active")
    return row[0]


def _customer(customer_id: int, what: str = "customer") -> tuple[int, str, bool, bool]:
    """(id, name, archived, erased) of a customer, or NotFound."""
    row = (
        Customer.select(Customer.id, Customer.name, Customer.archived, Customer.erased)
        .where(Customer.id == customer_id)
        .tuples()
        .first()
    )
    if row is None:
        raise NotFound(what, customer_id)
    return row


def _live_customer(customer_id: int, what: str = "customer") -> tuple[int, str]:
    cid, name, archived, erased = _customer(customer_id, what)
    if erased:
        raise InvalidInput(what, f"customer #{cid} has been erased")
    if archived:
        raise InvalidInput(what, f"{name} is archived")
    return cid, name


def _task(task_id: int) -> Task:
    task = Task.get_or_none(Task.id == task_id)
    if task is None:
        raise NotFound("task", task_id)
    return task


def _staff_id(actor: Actor | None) -> int | None:
    return actor.staff_id if actor is not None else None


# --- 大C routing ------------------------------------------------------------


def _route(
    customer_id: int, customer_name: str, via: Any, confirm_bypass: bool, today: date
) -> tuple[int | None, int | None]:
    """(via customer id, id of the 大C bypassed by a confirmed direct task)."""
    if via == AUTO or via is None:
        if not settings.get("route_via_big_c"):
            return None, None
        leader = communities.serving_big_c(customer_id, today)
        if leader is None:
            return None, None
        if via == AUTO:
            return leader.id, None
        if not confirm_bypass:
            raise ServedByBigC(customer_name, leader.id, leader.name)
        return None, leader.id
    if isinstance(via, bool) or not isinstance(via, int):
        raise InvalidInput("via", f"{via!r} is not a customer")
    if via == customer_id:
        raise InvalidInput("via", "a task cannot be routed via the customer themselves")
    via_id, _ = _live_customer(via, "via")
    return via_id, None


# --- reading -------------------------------------------------------------------

_Via = Customer.alias("via_customer")


def _info_query() -> pw.ModelSelect:
    return (
        Task.select(
            Task.id,
            Task.customer,
            Customer.name,
            Customer.code,
            Customer.phone,
            Task.kind,
            Task.due,
            Task.status,
            Task.title,
            Task.outcome,
            Task.assignee,
            Staff.name,
            Task.via,
            _Via.name,
            _Via.phone,
            Task.rule,
            Task.created_on,
            Task.created_by,
            Task.closed_on,
        )
        .join(Customer, on=(Task.customer == Customer.id))
        .switch(Task)
        .join(Staff, pw.JOIN.LEFT_OUTER, on=(Task.assignee == Staff.id))
        .switch(Task)
        .join(_Via, pw.JOIN.LEFT_OUTER, on=(Task.via == _Via.id))
    )


def _infos(query: pw.ModelSelect) -> list[TaskInfo]:
    return [TaskInfo(*row) for row in query.tuples()]


def get_task(task_id: int) -> TaskInfo:
    rows = _infos(_info_query().where(Task.id == task_id))
    if not rows:
        raise NotFound("task", task_id)
    return rows[0]


def tasks_for(customer_id: int, *, include_routed: bool = False) -> list[TaskInfo]:
    """A customer's tasks, open ones first by due date, then closed ones newest first.
    With ``include_routed``, also the tasks routed via this customer (a 大C's page)."""
    _customer(customer_id)
    cond = Task.customer == customer_id
    if include_routed:
        cond = cond | (Task.via == customer_id)
    rows = _infos(_info_query().where(cond).order_by(Task.due, Task.id))
    open_rows = [r for r in rows if r.is_open]
    closed = sorted(
        (r for r in rows if not r.is_open), key=lambda r: (r.closed_on or r.due, r.id), reverse=True
    )
    return open_rows + closed


def list_tasks(
    status: str | None = None,
    assignee_id: int | None = None,
    *,
    customer_id: int | None = None,
    kind: str | None = None,
    due_from: date | str | None = None,
    due_to: date | str | None = None,
    unassigned: bool = False,
    closed_from: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[TaskInfo]:
    """Tasks by due date, filtered; ``due_from``/``due_to`` are inclusive. With
    ``closed_from``, only tasks closed (done or skipped) on or after that day,
    the most recently closed first."""
    query = _info_query()
    if status is not None:
        if status not in STATUSES:
            raise InvalidInput("status", f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        query = query.where(Task.status == status)
    if assignee_id is not None:
        query = query.where(Task.assignee == assignee_id)
    elif unassigned:
        query = query.where(Task.assignee.is_null())
    if customer_id is not None:
        query = query.where(Task.customer == customer_id)
    if kind is not None:
        query = query.where(Task.kind == _check_kind(kind))
    if due_from is not None:
        query = query.where(Task.due >= parse_day(due_from, "due_from"))
    if due_to is not None:
        query = query.where(Task.due <= parse_day(due_to, "due_to"))
    if closed_from is not None:
        query = query.where(
            Task.status.in_(("done", "skipped")) & (Task.closed_on >= parse_day(closed_from, "closed_from"))
        ).order_by(Task.closed_on.desc(), Task.id.desc())
    else:
        query = query.order_by(Task.due, Task.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return _infos(query)


def due_tasks(
    today: date | None = None,
    *,
    assignee_id: int | None = None,
    upcoming_days: int = UPCOMING_DAYS,
    unassigned: bool = False,
) -> Buckets:
    """Open tasks of living customers: overdue, due ``today``, and due in the next
    ``upcoming_days``; of one assignee, or with ``unassigned`` of nobody."""
    today = today or clock.today()
    query = (
        _info_query()
        .where(
            (Task.status == "open")
            & (Task.due <= today + timedelta(days=upcoming_days))
            & (Customer.erased == False)  # noqa: E712 - peewee expression
        )
        .order_by(Task.due, Task.id)
    )
    if assignee_id is not None:
        query = query.where(Task.assignee == assignee_id)
    elif unassigned:
        query = query.where(Task.assignee.is_null())
    buckets = Buckets()
    for info in _infos(query):
        if info.due < today:
            buckets.overdue.append(info)
        elif info.due == today:
            buckets.today.append(info)
        else:
            buckets.upcoming.append(info)
    return buckets


# --- writing -------------------------------------------------------------------


def create_task(
    customer_id: int,
    kind: str,
    due: date | str | None = None,
    *,
    assignee_id: int | None = None,
    via: Any = AUTO,
    title: str = "",
    confirm_bypass: bool = False,
    rule: str | None = None,
    actor: Actor | None = None,
) -> TaskInfo:
    """A new open task. ``via="auto"`` routes a 小c's task through their 大C (when the
    ``route_via_big_c`` setting is on); ``via=None`` asks for a direct task, which for
    a 小c raises :class:`ServedByBigC` unless ``confirm_bypass``; an int names the via
    customer explicitly."""
    today = clock.today()
    cid, name = _live_customer(customer_id)
    kind = _check_kind(kind)
    due_day = today if due is None else parse_day(due)
    assignee = _check_assignee(assignee_id)
    if rule is not None and rule not in RULES:
        raise InvalidInput("rule", f"unknown suggestion rule {rule!r}")
    via_id, bypassed = _route(cid, name, via, confirm_bypass, today)
    with database.atomic():
        task = Task.create(
            customer=cid,
            assignee=assignee,
            due=due_day,
            kind=kind,
            via=via_id,
            status="open",
            title=(title or "").strip(),
            rule=rule,
            created_on=today,
            created_at=clock.now(),
            created_by=_staff_id(actor),
        )
        after = row_dict(task)
        if bypassed is not None:
            after["bypassed_big_c"] = bypassed
        audit(actor, "task", task.id, "create", None, after)
    return get_task(task.id)


def _close(task_id: int, status: str, outcome: str, actor: Actor | None) -> TaskInfo:
    task = _task(task_id)
    if task.status != "open":
        raise InvalidInput("status", f"task #{task_id} is already {task.status}")
    before = row_dict(task)
    with database.atomic():
        task.status = status
        task.closed_on = clock.today()
        task.outcome = (outcome or "").strip()
        task.save()
        audit(actor, "task", task.id, status, before, row_dict(task))
    return get_task(task.id)


def complete_task(task_id: int, outcome: str = "", actor: Actor | None = None) -> TaskInfo:
    return _close(task_id, "done", outcome, actor)


def skip_task(task_id: int, reason: str = "", actor: Actor | None = None) -> TaskInfo:
    return _close(task_id, "skipped", reason, actor)


def reopen_task(task_id: int, actor: Actor | None = None) -> TaskInfo:
    """Open a done or skipped task again; its outcome note is kept."""
    task = _task(task_id)
    if task.status == "open":
        raise InvalidInput("status", f"task #{task_id} is already open")
    before = row_dict(task)
    with database.atomic():
        task.status = "open"
        task.closed_on = None
        task.save()
        audit(actor, "task", task.id, "reopen", before, row_dict(task))
    return get_task(task.id)


def reassign_task(task_id: int, assignee_id: int | None, actor: Actor | None = None) -> TaskInfo:
    """Give the task to another active staff member (None: unassigned)."""
    task = _task(task_id)
    assignee = _check_assignee(assignee_id)
    before = row_dict(task)
    with database.atomic():
        task.assignee = assignee
        task.save()
        audit(actor, "task", task.id, "reassign", before, row_dict(task))
    return get_task(task.id)


def update_task(
    task_id: int,
    *,
    due: date | str = UNSET,
    title: str = UNSET,
    kind: str = UNSET,
    actor: Actor | None = None,
) -> TaskInfo:
    """Change the due date, title or kind; arguments left out stay as they are."""
    task = _task(task_id)
    changes: dict[str, Any] = {}
    if due is not UNSET:
        changes["due"] = parse_day(due)
    if title is not UNSET:
        changes["title"] = (title or "").strip()
    if kind is not UNSET:
        changes["kind"] = _check_kind(kind)
    if not changes:
        return get_task(task.id)
    before = row_dict(task)
    with database.atomic():
        for name, value in changes.items():
            setattr(task, name, value)
        task.save()
        audit(actor, "task", task.id, "update", before, row_dict(task))
    return get_task(task.id)


def delete_task(task_id: int, actor: Actor | None = None) -> None:
    """Delete a task; the audit entry keeps the whole row so it can be restored."""
    require(actor, "delete tasks")
    task = _task(task_id)
    before = row_dict(task)
    with database.atomic():
        task.delete_instance()
        audit(actor, "task", task_id, "delete", before, None)


# --- suggestions -------------------------------------------------------------
#
# Each rule is one query over the whole shop, written once as SQL with ``?``
# placeholders (crm.db translates them for PostgreSQL) and read with a bare
# cursor: tens of thousands of candidate rows must not go through peewee's
# per-row conversion. ``v.amount > 0`` is a literal so that SQLite can use the
# partial index visit_purchase_day.


def _customer_filter(column: str, customer_id: int | None) -> tuple[str, list[Any]]:
    return ("", []) if customer_id is None else (f" AND {column} = ?", [customer_id])


def _rule_settings(values: dict[str, Any], rule: str) -> tuple[bool, int, str]:
    prefix = f"suggest.{rule}."
    return bool(values[prefix + "enabled"]), int(values[prefix + "days"]), str(values[prefix + "kind"])


def birthday_in(born: date, year: int) -> date:
    """The birthday in ``year``; 29 February is kept on 28 February in other years."""
    if born.month == 2 and born.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, born.month, born.day)


def next_birthday(born: date, today: date) -> date:
    """The first birthday on or after ``today``."""
    this_year = birthday_in(born, today.year)
    return this_year if this_year >= today else birthday_in(born, today.year + 1)


def _month_days(first: date, last: date) -> list[str] | None:
    """The 'MM-DD' keys of birthdays falling on first..last (None: any day of the year)."""
    if (last - first).days >= 366:
        return None
    keys = set()
    day = first
    while day <= last:
        keys.add(day.strftime("%m-%d"))
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            keys.add("02-29")
        day += timedelta(days=1)
    return sorted(keys)


# Customers at a level with their last purchase on or before D (an index seek each).
# The cutoff is applied in Python: in SQL the subquery would be evaluated twice.
_LAST_PURCHASE_SQL = """
SELECT c.id, c.name,
       (SELECT MAX(v.day) FROM visit v
         WHERE v.customer_id = c.id AND v.amount > 0 AND v.day <= ?) AS last_purchase
FROM customer c
WHERE c.level = ? AND NOT c.archived AND NOT c.erased{filter}
"""

_BIRTHDAYS_SQL = """
SELECT c.id, c.name, c.birthday FROM customer c
WHERE c.birthday IS NOT NULL AND NOT c.archived AND NOT c.erased{month_days}{filter}
"""

# Referred customers whose first purchase falls in since < day <= D, with their referrer.
_FIRST_PURCHASES_SQL = """
SELECT c.id, c.name, r.id, r.name, MIN(v.day)
FROM visit v
JOIN customer r ON r.id = v.customer_id
JOIN customer c ON c.id = r.referrer_id
WHERE v.amount > 0 AND v.day > ? AND v.day <= ?
  AND NOT r.erased AND NOT c.archived AND NOT c.erased{filter}
  AND NOT EXISTS (SELECT 1 FROM visit e
                   WHERE e.customer_id = v.customer_id AND e.amount > 0 AND e.day <= ?)
GROUP BY c.id, c.name, r.id, r.name
"""

# Customers whose first visit of any kind falls in oldest < day <= newest.
_FIRST_VISITS_SQL = """
SELECT c.id, c.name, MIN(v.day)
FROM visit v
JOIN customer c ON c.id = v.customer_id
WHERE v.day > ? AND v.day <= ? AND NOT c.archived AND NOT c.erased{filter}
  AND NOT EXISTS (SELECT 1 FROM visit e WHERE e.customer_id = v.customer_id AND e.day <= ?)
GROUP BY c.id, c.name
"""


def _lapsed(level: int, today: date, days: int, customer_id: int | None) -> list[tuple[int, str, date]]:
    """(id, name, last purchase) of customers at ``level`` whose last purchase is ≥ ``days`` ago."""
    where, params = _customer_filter("c.id", customer_id)
    cutoff = today - timedelta(days=days)
    out = []
    for cid, name, last in query_rows(_LAST_PURCHASE_SQL.format(filter=where), [today, level, *params]):
        if last is not None:
            last = as_date(last)
            if last <= cutoff:
                out.append((cid, name, last))
    return out


def _birthdays(today: date, days: int, customer_id: int | None) -> list[tuple[int, str, date]]:
    """(id, name, occurrence) of birthdays falling on today..today+days."""
    last = today + timedelta(days=days)
    where, params = _customer_filter("c.id", customer_id)
    keys = _month_days(today, last)
    month_days = ""
    if keys is not None:
        if isinstance(database.obj, pw.PostgresqlDatabase):
            month_day = "to_char(c.birthday, 'MM-DD')"
        else:
            month_day = "substr(c.birthday, 6, 5)"
        month_days = f" AND {month_day} IN ({', '.join('?' * len(keys))})"
    rows = query_rows(_BIRTHDAYS_SQL.format(month_days=month_days, filter=where), [*(keys or []), *params])
    out = []
    for cid, name, born in rows:
        occurrence = next_birthday(as_date(born), today)
        if occurrence <= last:
            out.append((cid, name, occurrence))
    return out


def _first_purchases(
    today: date, days: int, customer_id: int | None
) -> list[tuple[int, str, int, str, date]]:
    """(referrer id, referrer name, referred id, referred name, first purchase) for referred
    customers whose first purchase falls in the last ``days`` days: D − days < day ≤ D."""
    since = today - timedelta(days=days)
    where, params = _customer_filter("r.referrer_id", customer_id)
    rows = query_rows(_FIRST_PURCHASES_SQL.format(filter=where), [since, today, *params, since])
    return [(cid, name, rid, rname, as_date(first)) for cid, name, rid, rname, first in rows]


def _first_visits(today: date, days: int, customer_id: int | None) -> list[tuple[int, str, date]]:
    """(id, name, first visit) of customers who reached ``days`` days since their first
    visit in the last week: D − days − 7 < first ≤ D − days."""
    newest = today - timedelta(days=days)
    oldest = newest - timedelta(days=7)
    where, params = _customer_filter("v.customer_id", customer_id)
    rows = query_rows(_FIRST_VISITS_SQL.format(filter=where), [oldest, newest, *params, oldest])
    return [(cid, name, as_date(first)) for cid, name, first in rows]


# A candidate before the checks: (rule, customer id, name, kind, due, occasion,
# anchor, days, related id, related name).
_Candidate = tuple[str, int, str, str, date, date, str, int, int | None, str | None]


def _candidates(values: dict[str, Any], today: date, customer_id: int | None) -> list[_Candidate]:
    out: list[_Candidate] = []

    def add(rule, cid, name, kind, due, occasion, anchor=None, related_id=None, related_name=None):
        days = abs((today - occasion).days)  # since the occasion, or until a birthday
        anchor = anchor if anchor is not None else occasion.isoformat()
        out.append((rule, cid, name, kind, due, occasion, anchor, days, related_id, related_name))

    for rule, level in (("micro_not_back", MICRO), ("weak_dropping", WEAK)):
        enabled, days, kind = _rule_settings(values, rule)
        if enabled:
            for cid, name, last in _lapsed(level, today, days, customer_id):
                add(rule, cid, name, kind, today, last)
    enabled, days, kind = _rule_settings(values, "birthday")
    if enabled:
        for cid, name, day in _birthdays(today, days, customer_id):
            add("birthday", cid, name, kind, day, day)
    enabled, days, kind = _rule_settings(values, "referral_converted")
    if enabled:
        for cid, name, rid, rname, first in _first_purchases(today, days, customer_id):
            add("referral_converted", cid, name, kind, today, first, str(rid), rid, rname)
    enabled, days, kind = _rule_settings(values, "new_customer")
    if enabled:
        for cid, name, first in _first_visits(today, days, customer_id):
            add("new_customer", cid, name, kind, today, first)
    return out


def _accepted_for(rule: str, occasion: date, created_on: date) -> bool:
    """Whether a task made from ``rule`` on ``created_on`` answered this occasion."""
    if rule == "birthday":
        return created_on > occasion - timedelta(days=365)  # not last year's birthday task
    if rule == "referral_converted":
        return created_on >= occasion  # suggested from the day of the first purchase on
    # a lapse or a first visit is suggested days after it; a task made on the day
    # itself belongs to the occasion before
    return created_on > occasion


def _unhandled(today: date, candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop candidates whose customer has an open task of the same kind, whose
    occasion was dismissed, or for which a task was already accepted."""
    if not candidates:
        return []
    ids = sorted({c[1] for c in candidates})
    where, params = "", []
    if len(ids) <= 500:  # a few customers (one customer's page): read only their rows
        where, params = f" AND customer_id IN ({', '.join('?' * len(ids))})", ids
    open_kinds = set(query_rows("SELECT customer_id, kind FROM task WHERE status = 'open'" + where, params))
    dismissed = set(
        query_rows("SELECT rule, customer_id, anchor FROM suggestion_dismissal WHERE 1 = 1" + where, params)
    )
    accepted = {
        (rule, cid): created
        for rule, cid, created in query_rows(
            "SELECT rule, customer_id, MAX(created_on) FROM task"
            f" WHERE rule IS NOT NULL AND created_on <= ?{where} GROUP BY rule, customer_id",
            [today, *params],
        )
    }
    out = []
    for c in candidates:
        rule, cid, _, kind, _, occasion, anchor = c[:7]
        if (cid, kind) in open_kinds or (rule, cid, anchor) in dismissed:
            continue
        created = accepted.get((rule, cid))
        if created is not None and _accepted_for(rule, occasion, as_date(created)):
            continue
        out.append(c)
    return out


def _leaders(customer_ids: set[int], today: date) -> dict[int, tuple[int, str]]:
    """{customer id: (id, name) of the 大C serving them} for those who are 小c."""
    found = communities.serving_big_c_many(sorted(customer_ids), today)
    return {cid: (leader.id, leader.name) for cid, leader in found.items()}


def suggestions(today: date | None = None, *, customer_id: int | None = None) -> list[Suggestion]:
    """Tasks the enabled rules propose as of ``today`` (SPEC 2.4), soonest due first.

    Never for archived or erased customers; never while the customer has an open task
    of the same kind; never again for an occasion that was dismissed or accepted. With
    ``route_via_big_c`` on, a 小c's suggestion names the 大C it will be routed via."""
    today = today or clock.today()
    values = settings.get_all()
    found = _unhandled(today, _candidates(values, today, customer_id))
    leaders = _leaders({c[1] for c in found}, today) if found and values["route_via_big_c"] else {}
    order = {rule: i for i, rule in enumerate(RULES)}
    found.sort(key=lambda c: (c[4], order[c[0]], c[2], c[1]))
    none = (None, None)
    return [
        Suggestion(
            rule=rule,
            customer_id=cid,
            customer_name=name,
            kind=kind,
            due=due,
            anchor=anchor,
            occasion=occasion,
            days=days,
            via_id=leaders.get(cid, none)[0],
            via_name=leaders.get(cid, none)[1],
            related_id=related_id,
            related_name=related_name,
        )
        for rule, cid, name, kind, due, occasion, anchor, days, related_id, related_name in found
    ]


def accept_suggestion(
    suggestion: Suggestion,
    assignee_id: int | None = None,
    actor: Actor | None = None,
    title: str | None = None,
) -> TaskInfo:
    """Turn a suggestion into an open task, routed via the customer's 大C as usual.
    The task is titled ``title`` (the desktop app's reason in its own language) or,
    without one, the suggestion's English :attr:`~Suggestion.reason`."""
    if suggestion.rule not in RULES:
        raise InvalidInput("rule", f"unknown suggestion rule {suggestion.rule!r}")
    existing = (
        Task.select(Task.id)
        .where(
            (Task.customer == suggestion.customer_id)
            & (Task.kind == suggestion.kind)
            & (Task.status == "open")
        )
        .tuples()
        .first()
    )
    if existing is not None:
        raise OpenTaskExists(existing[0], suggestion.customer_name, suggestion.kind)
    return create_task(
        suggestion.customer_id,
        suggestion.kind,
        suggestion.due,
        assignee_id=assignee_id,
        via=AUTO,
        title=(title or "").strip() or suggestion.reason,
        rule=suggestion.rule,
        actor=actor,
    )


def dismiss_suggestion(suggestion: Suggestion, actor: Actor | None = None) -> None:
    """Hide this occasion of the suggestion for good (a new occasion is suggested again)."""
    if suggestion.rule not in RULES:
        raise InvalidInput("rule", f"unknown suggestion rule {suggestion.rule!r}")
    _customer(suggestion.customer_id)
    with database.atomic():
        (
            SuggestionDismissal.insert(
                rule=suggestion.rule,
                customer=suggestion.customer_id,
                anchor=suggestion.anchor,
                dismissed_at=clock.now(),
                staff=_staff_id(actor),
            )
            .on_conflict_ignore()
            .execute()
        )
        audit(
            actor,
            "suggestion",
            suggestion.customer_id,
            "dismiss",
            None,
            {"rule": suggestion.rule, "anchor": suggestion.anchor, "kind": suggestion.kind},
        )
