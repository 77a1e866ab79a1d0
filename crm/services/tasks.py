"""Follow-up tasks (SPEC 2.2): creating, closing and listing them.

A task has a customer, an optional assignee, a due date, a kind, an optional
"via" customer (the 大C a 小c is served through), a status and an outcome.
Tasks the shop's rules propose are in :mod:`crm.services.suggestions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import peewee as pw

from crm import clock, dates
from crm.db import database
from crm.errors import InvalidInput, NotFound, ServedByBigC
from crm.models import Customer, Staff, Task
from crm.services import communities, settings
from crm.services.changes import Changes
from crm.services.common import Actor, audit, customer_or_not_found, live_customer, require, row_dict

KINDS = (
    "content",
    "service",
    "experience",
    "companionship",
    "birthday",
    "thank_referrer",
    "win_back",
    "other",
)
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
    customer_wechat: str | None = None
    customer_level: int = 0  # what the follow-up ranks by (crm.services.followup_rank)
    customer_spend: int = 0  # spend in 365 days, minor units

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due < (today or clock.today())

    @property
    def changes(self) -> Changes:
        """What a change to this task touched: its customer's page and the 大C's it is routed via."""
        return _task_changes(self.customer_id, self.via_id)


@dataclass(frozen=True)
class TaskRemoved:
    audit_entry: int  # keeps the whole row, so the task can be restored
    customer_id: int
    via_id: int | None

    @property
    def changes(self) -> Changes:
        return _task_changes(self.customer_id, self.via_id)


def _task_changes(customer_id: int, via_id: int | None) -> Changes:
    return Changes.of([customer_id] if via_id is None else [customer_id, via_id], tasks=True)


@dataclass(frozen=True)
class Buckets:
    """Open tasks around a day: overdue (before it), today, upcoming (the next 7 days)."""

    today: list[TaskInfo] = field(default_factory=list)
    overdue: list[TaskInfo] = field(default_factory=list)
    upcoming: list[TaskInfo] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.today) + len(self.overdue) + len(self.upcoming)


# --- validation --------------------------------------------------------------


def parse_day(value: Any, field_name: str = "due") -> date:
    """A date from a ``date``, a ``datetime`` or text: ``YYYY-MM-DD``, ``YYYY/M/D``, ``YYYYMMDD``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return dates.parse(value.strip(), dates.TYPED)[0]
        except dates.NotADate:
            pass
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


def _task(task_id: int) -> Task:
    task = Task.get_or_none(Task.id == task_id)
    if task is None:
        raise NotFound("task", task_id)
    return task


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
    return live_customer(via, "via").id, None


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
            Customer.wechat,
            Customer.level,
            Customer.spend_365,
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
    customer_or_not_found(customer_id)
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


def count_closed(closed_from: date, *, assignee_id: int | None = None, unassigned: bool = False) -> int:
    """How many tasks were closed (done or skipped) on or after ``closed_from``, of one assignee
    or with ``unassigned`` of nobody: what :func:`list_tasks` with ``closed_from`` lists, counted."""
    query = Task.select().where(Task.status.in_(("done", "skipped")) & (Task.closed_on >= closed_from))
    if assignee_id is not None:
        query = query.where(Task.assignee == assignee_id)
    elif unassigned:
        query = query.where(Task.assignee.is_null())
    return query.count()


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
    customer = live_customer(customer_id)
    kind = _check_kind(kind)
    due_day = today if due is None else parse_day(due)
    assignee = _check_assignee(assignee_id)
    if rule is not None and rule not in RULES:
        raise InvalidInput("rule", f"unknown suggestion rule {rule!r}")
    via_id, bypassed = _route(customer.id, customer.name, via, confirm_bypass, today)
    with database.atomic():
        task = Task.create(
            customer=customer.id,
            assignee=assignee,
            due=due_day,
            kind=kind,
            via=via_id,
            status="open",
            title=(title or "").strip(),
            rule=rule,
            created_on=today,
            created_at=clock.now(),
            created_by=actor.staff_id if actor is not None else None,
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


def delete_task(task_id: int, actor: Actor | None = None) -> TaskRemoved:
    """Delete a task; the audit entry keeps the whole row so it can be restored."""
    require(actor, "delete tasks")
    task = _task(task_id)
    before = row_dict(task)
    with database.atomic():
        task.delete_instance()
        entry = audit(actor, "task", task_id, "delete", before, None)
    return TaskRemoved(entry, before["customer"], before["via"])
