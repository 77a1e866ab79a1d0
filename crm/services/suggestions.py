"""Suggested follow-up tasks (SPEC 2.4).

:func:`suggestions` asks every enabled rule whom it finds (a few bulk queries
per rule, in :mod:`crm.services.suggestion_rules`) and drops the occasions
already handled; :func:`accept_suggestion` turns one into a task and
:func:`dismiss_suggestion` hides that occasion for good.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from crm import clock
from crm.db import as_date, database, query_rows
from crm.errors import InvalidInput, OpenTaskExists
from crm.levels import MICRO, WEAK
from crm.models import SuggestionDismissal, Task
from crm.services import communities, followup_rank, settings, suggestion_rules
from crm.services.changes import Changes
from crm.services.common import Actor, audit, customer_or_not_found
from crm.services.followup_rank import Stake
from crm.services.tasks import AUTO, RULES, TaskInfo, create_task


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
    overdue: int = 0  # days past the rule's threshold (a birthday: minus the days to it)
    level: int = 0  # the customer's level, spend in 365 days (minor units), phone and WeChat id
    spend_365: int = 0
    phone: str | None = None
    wechat: str | None = None
    value_12m: float = 0.0  # expected value of the next 12 months (the stored fit; 0: none)

    @property
    def stake(self) -> Stake:
        """What is at stake in it, for :func:`crm.services.followup_rank.ranked`."""
        return Stake(self.level, self.value_12m, self.spend_365, self.overdue)

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


@dataclass(frozen=True)
class Dismissed:
    """What :func:`dismiss_suggestion` did."""

    audit_entry: int
    customer_id: int

    @property
    def changes(self) -> Changes:
        return Changes.of([self.customer_id], tasks=True)


# --- finding -------------------------------------------------------------------


def _candidates(values: dict[str, Any], today: date, customer_id: int | None) -> list[Suggestion]:
    """What every enabled rule finds, before the checks and the 大C."""
    out: list[Suggestion] = []

    def add(rule, cid, name, kind, due, occasion, overdue, anchor=None, related_id=None, related_name=None):
        out.append(
            Suggestion(
                rule=rule,
                customer_id=cid,
                customer_name=name,
                kind=kind,
                due=due,
                anchor=anchor if anchor is not None else occasion.isoformat(),
                occasion=occasion,
                days=abs((today - occasion).days),  # since the occasion, or until a birthday
                related_id=related_id,
                related_name=related_name,
                overdue=overdue,
            )
        )

    for rule, level in (("micro_not_back", MICRO), ("weak_dropping", WEAK)):
        enabled, days, kind = suggestion_rules.rule_settings(values, rule)
        if enabled:
            for cid, name, last in suggestion_rules.lapsed(level, today, days, customer_id):
                add(rule, cid, name, kind, today, last, (today - last).days - days)
    enabled, days, kind = suggestion_rules.rule_settings(values, "birthday")
    if enabled:
        for cid, name, day in suggestion_rules.birthdays(today, days, customer_id):
            add("birthday", cid, name, kind, day, day, -(day - today).days)
    enabled, days, kind = suggestion_rules.rule_settings(values, "referral_converted")
    if enabled:
        for cid, name, rid, rname, first in suggestion_rules.first_purchases(today, days, customer_id):
            add(
                "referral_converted",
                cid,
                name,
                kind,
                today,
                first,
                (today - first).days,
                str(rid),
                rid,
                rname,
            )
    enabled, days, kind = suggestion_rules.rule_settings(values, "new_customer")
    if enabled:
        for cid, name, first in suggestion_rules.first_visits(today, days, customer_id):
            add("new_customer", cid, name, kind, today, first, (today - first).days - days)
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


def _unhandled(today: date, candidates: list[Suggestion]) -> list[Suggestion]:
    """Drop candidates whose customer has an open task of the same kind, whose
    occasion was dismissed, or for which a task was already accepted."""
    if not candidates:
        return []
    ids = sorted({c.customer_id for c in candidates})
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
        if (c.customer_id, c.kind) in open_kinds or (c.rule, c.customer_id, c.anchor) in dismissed:
            continue
        created = accepted.get((c.rule, c.customer_id))
        if created is not None and _accepted_for(c.rule, c.occasion, as_date(created)):
            continue
        out.append(c)
    return out


def _via_big_c(found: list[Suggestion], today: date) -> list[Suggestion]:
    """The suggestions, a 小c's naming the 大C serving them."""
    leaders = communities.serving_big_c_many(sorted({s.customer_id for s in found}), today)
    return [
        replace(s, via_id=leaders[s.customer_id].id, via_name=leaders[s.customer_id].name)
        if s.customer_id in leaders
        else s
        for s in found
    ]


def _reached(found: list[Suggestion]) -> list[Suggestion]:
    """The suggestions with their customers' level, expected 12-month value, spend, phone and
    WeChat id."""
    reach = followup_rank.reach_of(s.customer_id for s in found)
    values = followup_rank.values_of(s.customer_id for s in found)
    none = followup_rank.Reach()
    return [
        replace(
            s,
            level=r.level,
            value_12m=values.get(s.customer_id, 0.0),
            spend_365=r.spend_365,
            phone=r.phone,
            wechat=r.wechat,
        )
        for s in found
        for r in (reach.get(s.customer_id, none),)
    ]


def suggestions(today: date | None = None, *, customer_id: int | None = None) -> list[Suggestion]:
    """Tasks the enabled rules propose as of ``today`` (SPEC 2.4), most at stake first
    (:mod:`crm.services.followup_rank`: the customer's level, their expected value of the next
    12 months from the stored lifetime fit, their spend in 365 days, how overdue the reason is),
    then soonest due.

    Never for archived or erased customers; never while the customer has an open task
    of the same kind; never again for an occasion that was dismissed or accepted. With
    ``route_via_big_c`` on, a 小c's suggestion names the 大C it will be routed via."""
    today = today or clock.today()
    values = settings.get_all()
    found = _unhandled(today, _candidates(values, today, customer_id))
    if found and values["route_via_big_c"]:
        found = _via_big_c(found, today)
    found = _reached(found)
    order = {rule: i for i, rule in enumerate(RULES)}
    return followup_rank.ranked(found, lambda s: s.stake, lambda s: (s.due, order[s.rule], s.customer_id))


# --- answering -----------------------------------------------------------------


def _check_rule(suggestion: Suggestion) -> None:
    if suggestion.rule not in RULES:
        raise InvalidInput("rule", f"unknown suggestion rule {suggestion.rule!r}")


def accept_suggestion(
    suggestion: Suggestion,
    assignee_id: int | None = None,
    actor: Actor | None = None,
    title: str | None = None,
) -> TaskInfo:
    """Turn a suggestion into an open task, routed via the customer's 大C as usual.
    The task is titled ``title`` (the desktop app's reason in its own language) or,
    without one, the suggestion's English :attr:`~Suggestion.reason`."""
    _check_rule(suggestion)
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


def dismiss_suggestion(suggestion: Suggestion, actor: Actor | None = None) -> Dismissed:
    """Hide this occasion of the suggestion for good (a new occasion is suggested again)."""
    _check_rule(suggestion)
    customer_or_not_found(suggestion.customer_id)
    with database.atomic():
        (
            SuggestionDismissal.insert(
                rule=suggestion.rule,
                customer=suggestion.customer_id,
                anchor=suggestion.anchor,
                dismissed_at=clock.now(),
                staff=actor.staff_id if actor is not None else None,
            )
            .on_conflict_ignore()
            .execute()
        )
        entry = audit(
            actor,
            "suggestion",
            suggestion.customer_id,
            "dismiss",
            None,
            {"rule": suggestion.rule, "anchor": suggestion.anchor, "kind": suggestion.kind},
        )
    return Dismissed(entry, suggestion.customer_id)
