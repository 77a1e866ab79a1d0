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

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from crm import clock
from crm.db import database
from crm.models import SuggestionDismissal, Task
from crm.services import followup_rank, settings, staff, suggestion_book, tasks
from crm.services.followup_rank import Stake
from crm.services.staff import StaffInfo
from crm.services.suggestion_book import SuggestionBook
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
    closed_total: int  # how many were closed then: ``closed`` holds the CLOSED_LIMIT most recent
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
            closed_total=tasks.count_closed(
                today - timedelta(days=CLOSED_DAYS), assignee_id=assignee_id, unassigned=unassigned
            ),
            staff=staff.list_staff(),
        )


def task_stake(info: TaskInfo, today: date, value_12m: float = 0.0) -> Stake:
    """What is at stake in an open task: its customer's level, expected 12-month value and
    spend, how long it is overdue."""
    return Stake(info.customer_level, value_12m, info.customer_spend, (today - info.due).days)


def _ranked_overdue(buckets: Buckets, today: date) -> Buckets:
    """Overdue tasks with the most valuable customers first (then the longest overdue)."""
    ids = [t.customer_id for t in buckets.overdue]
    # Read for these customers alone: a chain's whole-shop figures take seconds when not kept.
    values = dict(zip(ids, followup_rank.values_array(ids).tolist(), strict=True)) if ids else {}
    overdue = followup_rank.ranked(
        buckets.overdue,
        lambda t: task_stake(t, today, values.get(t.customer_id, 0.0)),
        lambda t: (t.due, t.id),
    )
    return replace(buckets, overdue=overdue)


# --- suggestions for the day ---------------------------------------------------------------

FIRST_PAGE = 300  # suggestions read with the ranking; more are read as the list is scrolled
TARGETED_MAX = 50  # up to this many customers changed, only their suggestions are found again


@dataclass(frozen=True)
class DailySuggestions:
    book: SuggestionBook  # every suggestion standing, ranked a level at a time as pages are read
    first: list[Suggestion]  # the first ranks, most at stake first (today's share, at least)
    daily: int  # how many a staff member is given a day (the setting)
    answered: int  # how many this staff member accepted or dismissed today

    @property
    def total(self) -> int:
        """How many suggestions stand."""
        return self.book.count

    @property
    def for_today(self) -> int:
        """How many of them are today's: the daily number less those answered today."""
        return min(self.total, max(0, self.daily - self.answered))


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


def daily_suggestions(
    staff_id: int | None = None, today: date | None = None, more: int = 0, first_only: bool = False
) -> DailySuggestions:
    """Every suggestion, ranked, with how many are ``staff_id``'s for today; the first of them
    (today's share and ``more`` asked for, :data:`FIRST_PAGE` at most) read whole.

    With ``first_only``, the rules that find the higher levels are asked first: when they make
    the first page final, it comes back before the rest are found (the book is not complete:
    :func:`rest_of_suggestions` completes it); else the book is completed before."""
    today = today or clock.today()
    book = suggestion_book.find(today, first_only=first_only)
    daily, answered = int(settings.get(DAILY_KEY)), answered_today(staff_id, today)
    share = min(FIRST_PAGE, max(0, daily - answered) + max(0, more))
    if share == 0 or book.exact_through() < share:
        book.complete_it()
    return DailySuggestions(book, book.page(0, share), daily, answered)


def rest_of_suggestions(found: DailySuggestions) -> DailySuggestions:
    """The suggestions of :func:`daily_suggestions` with ``first_only``, completed: the first ones
    are as they were, the count is every suggestion's."""
    found.book.complete_it()
    return found


def suggestions_page(book: SuggestionBook, start: int, count: int) -> tuple[int, list[Suggestion]]:
    """(``start``, the suggestions ranked ``start`` .. ``start + count - 1``): the next page."""
    return start, book.page(start, count)


def refound_suggestions(
    book: SuggestionBook, customer_ids: Iterable[int], count: int, today: date | None = None
) -> tuple[SuggestionBook, list[Suggestion]]:
    """After a change to a few customers (a task done, a visit): their suggestions found again
    and put in their places in ``book``; returns it with its first ``count`` suggestions."""
    ids = suggestion_book.with_referrers(customer_ids)
    book.replace_customers(ids, [suggestion_book.find(today or book.today, customer_id=i) for i in ids])
    return book, book.page(0, count)
