"""Everything the customer page shows about one customer, read in one call.

The page reads it off the GUI thread whenever its customer (or anything it
shows of others: a referral's purchase, a leader's community) changed: who they
are, why they are at their level and what moves them up, their timeline, who
brought them and whom they brought, their communities and follow-up tasks.
Words are the screen's business; this gives the facts, with moments as
``datetime`` and days as ``date`` on both engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from crm.db import database
from crm.levels import Explanation
from crm.services import (
    communities,
    customer_level,
    customers,
    levels,
    lifetime,
    referrals,
    settings,
    tasks,
    visits,
)
from crm.services.communities import CommunityLink
from crm.services.customers import CustomerInfo
from crm.services.levels import LevelChangeInfo
from crm.services.lifetime import CustomerFigures
from crm.services.referrals import Person, Tree
from crm.services.tasks import TaskInfo
from crm.services.visits import VisitInfo


@dataclass(frozen=True)
class TimelineEvent:
    """One line of the timeline: a visit, a level change or a follow-up task, at a moment.

    An open task stands at its due day, a closed one at the day it was closed."""

    at: datetime
    visit: VisitInfo | None = None
    level_change: LevelChangeInfo | None = None
    task: TaskInfo | None = None

    @property
    def kind(self) -> str:
        if self.visit is not None:
            return "visit"
        return "level" if self.level_change is not None else "task"


@dataclass(frozen=True)
class CustomerPage:
    info: CustomerInfo
    explanation: Explanation  # why they are at their level today, and the steps up
    timeline: list[TimelineEvent]  # newest first
    tasks: list[TaskInfo]  # open ones first by due day, then closed ones newest first
    chain: list[Person]  # who brought them: their referrer first, then the referrer's referrer ...
    tree: Tree  # whom they brought, generation by generation (裂变)
    communities: list[CommunityLink]  # the ones they lead, then those they are a member of
    is_big_c: bool
    serving: Person | None  # the 大C who serves them as a 小c
    currency: str
    lifetime: CustomerFigures | None = None  # from the stored fit (None: not read)

    @property
    def customer_id(self) -> int:
        return self.info.id


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0, 0))


def timeline(
    visit_rows: list[VisitInfo], level_changes: list[LevelChangeInfo], task_rows: list[TaskInfo]
) -> list[TimelineEvent]:
    """Visits, level changes and tasks merged, newest first; at the same moment a level change
    comes above the visit that caused it (it is its outcome), then visits, then tasks."""
    events = [TimelineEvent(v.at, visit=v) for v in visit_rows]
    events += [TimelineEvent(c.at, level_change=c) for c in level_changes]
    events += [
        TimelineEvent(_moment(t.due if t.is_open else t.closed_on or t.due), task=t) for t in task_rows
    ]
    return sorted(events, key=lambda e: (e.at, e.level_change is not None, e.visit is not None), reverse=True)


def load(customer_id: int, as_of: date | None = None) -> CustomerPage:
    """The page of this customer (archived and erased ones too); NotFound when there is no such customer."""
    # One read transaction: on SQLite the profile, the level and its explanation, the timeline
    # and the tree then come from the same state of the shop.
    with database.atomic():
        info = customers.get_customer(customer_id)
        task_rows = tasks.tasks_for(customer_id)
        return CustomerPage(
            info=info,
            explanation=customer_level.explain_customer(customer_id, as_of),
            timeline=timeline(visits.list_visits(customer_id), levels.history(customer_id), task_rows),
            tasks=task_rows,
            chain=referrals.upstream_chain(customer_id),
            tree=referrals.downstream_tree(customer_id),
            communities=communities.communities_of(customer_id, as_of),
            is_big_c=communities.is_big_c(customer_id, as_of),
            serving=communities.serving_big_c(customer_id, as_of),
            currency=str(settings.get("currency")),
            lifetime=lifetime.for_customer(customer_id, as_of),
        )
