"""What the follow-up page's task lists show, read in one call.

Open tasks around a day (overdue, due that day, due in the next week), the
tasks closed in the last 30 days, and the active staff (whom tasks can be
given to). The rules' suggestions take most of a second on a big shop, so the
page reads them on their own (:func:`daily_suggestions`) and the tasks do not
wait for them.

Overdue tasks are ranked as suggestions are (:mod:`crm.services.followup_rank`):
the most valuable customers first. A staff member is given the shop's daily
number of suggestions (``followup.daily_suggestions``) less those they answered
today: a list they can finish.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from crm import clock
from crm.db import database
from crm.models import SuggestionDismissal, Task
from crm.services import followup_rank, settings, staff, suggestions, tasks
from crm.services.followup_rank import Stake
from crm.services.staff import StaffInfo
from crm.services.suggestions import Suggestion
from crm.services.tasks import Buckets, TaskInfo

DAILY_KEY = "followup.daily_suggestions"

CLOSED_DAYS = 30
CLOSED_LIMIT = 1000  # the most recently closed first


@dataclass(frozen=True)
class FollowUpTasks:
    day: date  # what "today" was for the lists
    open: Buckets  # overdue, today, upcoming
    closed: list[TaskInfo]  # done or skipped since CLOSED_DAYS before ``day``, most recent first
    staff: list[StaffInfo]  # the active staff, as staff.list_staff orders them

    @property
    def lists(self) -> tuple[list[TaskInfo], list[TaskInfo], list[TaskInfo], list[TaskInfo]]:
        """Today's, overdue, upcoming and closed tasks, in the order the page's tabs show them."""
        return self.open.today, self.open.overdue, self.open.upcoming, self.closed


def load(
    assignee_id: int | None = None, unassigned: bool = False, today: date | None = None
) -> FollowUpTasks:
    """The tasks of one assignee (``assignee_id``), of nobody (``unassigned``) or of everyone."""
    today = today or clock.today()
    # One read transaction: on SQLite the open and the closed lists come from the same state.
    with database.atomic():
        return FollowUpTasks(
            day=today,
            open=_ranked_overdue(
                tasks.due_tasks(today, assignee_id=assignee_id, unassigned=unassigned), today
            ),
            closed=tasks.list_tasks(
                assignee_id=assignee_id,
                unassigned=unassigned,
                closed_from=today - timedelta(days=CLOSED_DAYS),
                limit=CLOSED_LIMIT,
            ),
            staff=staff.list_staff(),
        )


def task_stake(info: TaskInfo, today: date, value_12m: float = 0.0) -> Stake:
    """What is at stake in an open task: its customer's level, expected 12-month value and
    spend, how long it is overdue."""
    return Stake(info.customer_level, value_12m, info.customer_spend, (today - info.due).days)


def _ranked_overdue(buckets: Buckets, today: date) -> Buckets:
    """Overdue tasks with the most valuable customers first (then the longest overdue)."""
    values = followup_rank.values_of(t.customer_id for t in buckets.overdue)
    overdue = followup_rank.ranked(
        buckets.overdue,
        lambda t: task_stake(t, today, values.get(t.customer_id, 0.0)),
        lambda t: (t.due, t.id),
    )
    return replace(buckets, overdue=overdue)


# --- suggestions for the day ---------------------------------------------------------------


@dataclass(frozen=True)
class DailySuggestions:
    found: list[Suggestion]  # every suggestion standing, most at stake first
    daily: int  # how many a staff member is given a day (the setting)
    answered: int  # how many this staff member accepted or dismissed today

    @property
    def for_today(self) -> int:
        """How many of ``found`` are today's: the daily number less those answered today."""
        return min(len(self.found), max(0, self.daily - self.answered))


def answered_today(staff_id: int | None, today: date | None = None) -> int:
    """Suggestions ``staff_id`` (None: nobody signed in) accepted or dismissed on ``today``."""
    today = today or clock.today()
    accepted = Task.select().where(Task.rule.is_null(False) & (Task.created_on == today))
    start = datetime.combine(today, time.min)
    dismissed = SuggestionDismissal.select().where(
        (SuggestionDismissal.dismissed_at >= start)
        & (SuggestionDismissal.dismissed_at < start + timedelta(days=1))
    )
    if staff_id is None:
        accepted = accepted.where(Task.created_by.is_null())
        dismissed = dismissed.where(SuggestionDismissal.staff.is_null())
    else:
        accepted = accepted.where(Task.created_by == staff_id)
        dismissed = dismissed.where(SuggestionDismissal.staff == staff_id)
    return accepted.count() + dismissed.count()


def daily_suggestions(staff_id: int | None = None, today: date | None = None) -> DailySuggestions:
    """Every suggestion, ranked, with how many are ``staff_id``'s for today."""
    today = today or clock.today()
    found = suggestions.suggestions(today)
    return DailySuggestions(found, int(settings.get(DAILY_KEY)), answered_today(staff_id, today))
