"""What the follow-up page's task lists show, read in one call.

Open tasks around a day (overdue, due that day, due in the next week), the
tasks closed in the last 30 days, and the active staff (whom tasks can be
given to). The rules' suggestions take most of a second on a big shop, so the
page reads them on their own (:func:`crm.services.suggestions.suggestions`)
and the tasks do not wait for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from crm import clock
from crm.db import database
from crm.services import staff, tasks
from crm.services.staff import StaffInfo
from crm.services.tasks import Buckets, TaskInfo

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
            open=tasks.due_tasks(today, assignee_id=assignee_id, unassigned=unassigned),
            closed=tasks.list_tasks(
                assignee_id=assignee_id,
                unassigned=unassigned,
                closed_from=today - timedelta(days=CLOSED_DAYS),
                limit=CLOSED_LIMIT,
            ),
            staff=staff.list_staff(),
        )
