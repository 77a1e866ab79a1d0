"""Suggested follow-up tasks (SPEC 2.4).

:func:`suggestions` lists what every enabled rule finds (one bulk query per rule, in
:mod:`crm.services.suggestion_rules`), the occasions already handled dropped and ranked
(:mod:`crm.services.suggestion_book`, which a screen reads a page at a time);
:func:`accept_suggestion` turns one into a task and :func:`dismiss_suggestion` hides that
occasion for good.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crm import clock
from crm.db import database
from crm.errors import InvalidInput, OpenTaskExists
from crm.models import SuggestionDismissal, Task
from crm.services import suggestion_book
from crm.services.changes import Changes
from crm.services.common import Actor, audit, customer_or_not_found
from crm.services.suggestion_item import Suggestion
from crm.services.tasks import AUTO, RULES, TaskInfo, create_task


@dataclass(frozen=True)
class Dismissed:
    """What :func:`dismiss_suggestion` did."""

    audit_entry: int
    customer_id: int

    @property
    def changes(self) -> Changes:
        return Changes.of([self.customer_id], tasks=True)


# --- finding -------------------------------------------------------------------


def suggestions(today: date | None = None, *, customer_id: int | None = None) -> list[Suggestion]:
    """Tasks the enabled rules propose as of ``today`` (SPEC 2.4), most at stake first
    (:mod:`crm.services.followup_rank`: the customer's level, their expected value of the next
    12 months from the stored lifetime fit, their spend in 365 days, how overdue the reason is),
    then soonest due.

    Never for archived or erased customers; never while the customer has an open task
    of the same kind; never again for an occasion that was dismissed or accepted. With
    ``route_via_big_c`` on, a 小c's suggestion names the 大C it will be routed via.

    Every one of them at once: a screen reads a page at a time from
    :func:`crm.services.suggestion_book.find` instead."""
    book = suggestion_book.find(today or clock.today(), customer_id=customer_id)
    return book.page(0, book.count)


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
