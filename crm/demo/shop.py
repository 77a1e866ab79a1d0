"""The demo shop's frame: its days, opening hours and staff on duty, the kinds of
customer it has, and the one random generator every step draws from in a fixed
order (the same seed and end day, the same rows)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from crm import clock

Progress = Callable[[float, str], None]

HISTORY_DAYS = 3 * 365

# Archetypes of customer behaviour, with their share of customers.
SIGNED_UP, ONE_OFF, OCCASIONAL, REGULAR, LAPSED, SUPER = range(6)
ARCHETYPE_WEIGHTS = (
    (SIGNED_UP, 6),
    (ONE_OFF, 32),
    (OCCASIONAL, 29),
    (REGULAR, 19),
    (LAPSED, 10),
    (SUPER, 4),
)


HOURS = (
    9, 10, 10, 11, 11, 11, 12, 12, 13, 14, 14, 15, 15, 16, 16, 17, 17, 17, 18, 18, 18, 19, 19, 19, 20, 20, 21,
)  # fmt: skip


STAFF = (
    ("陈丽华", "owner"),
    ("周敏", "manager"),
    ("李婷婷", "staff"),
    ("王强", "staff"),
    ("赵雪梅", "staff"),
    ("刘洋", "manager"),
    ("孙可欣", "staff"),
    ("黄志明", "staff"),
)


def expand(weighted) -> tuple:
    return tuple(item for item, weight in weighted for _ in range(weight))


class Shop:
    """The demo shop as plain rows, built step by step from one random generator.

    Customers are numbered in the order they joined (index ``i`` is id ``i + 1``),
    so a referrer always has a smaller id than the customers they brought in.
    """

    def __init__(self, customers: int, seed: int, until: date, search_key):
        self.n = customers
        self.until = until
        self.search_key = search_key
        self.rng = random.Random(seed)
        first_day = until - timedelta(days=HISTORY_DAYS - 1)
        self.last = HISTORY_DAYS - 1  # day offsets run 0 … last, last being ``until``
        self.first_ordinal = first_day.toordinal()
        self.day_text = [(first_day + timedelta(days=d)).isoformat() for d in range(HISTORY_DAYS)]
        # The last day, when it is today, has happened only up to now: no visit later than it.
        now = clock.now()
        self.last_second = now.hour * 3600 + now.minute * 60 + now.second if until == now.date() else None

    def moment(self, day: int) -> str:
        """A time of day the shop is open, as a visit's ``at`` text (see :meth:`second`)."""
        return self.moment_text(self.second(day))

    def second(self, day: int) -> int:
        """A time the shop is open on ``day``, in seconds from the first day's midnight; on the
        last day only the morning has happened (and when that day is today, only the time up
        to now: from opening, or from midnight before the shop opens). An int, not text: a
        big demo keeps ten million of them."""
        rng = self.rng
        start = day * 86_400
        if day == self.last and self.last_second is not None:
            opening = 9 * 3600 if self.last_second > 10 * 3600 else 0
            return start + opening + rng.randrange(max(1, self.last_second - opening))
        hour = rng.randint(9, 11) if day == self.last else HOURS[rng.randrange(len(HOURS))]
        minute = rng.randrange(60)
        return start + hour * 3600 + minute * 60 + rng.randrange(60)

    def moment_text(self, second: int) -> str:
        """``YYYY-MM-DD HH:MM:SS`` of a :meth:`second`."""
        day, rest = divmod(second, 86_400)
        return f"{self.day_text[day]} {rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}"

    def build_staff(self) -> None:
        """The owner from the start, one employee who left half-way, one hired a year ago."""
        rng = self.rng
        count = 5 + rng.randrange(4)
        self.eras = (0, HISTORY_DAYS // 2, HISTORY_DAYS - 365)
        self.on_duty: list[list[int]] = [[], [], []]
        self.staff_rows = []
        for index in range(count):
            staff_id = index + 1
            name, role = STAFF[index]
            start_era, end_era = 0, 2
            if index == count - 2:
                end_era = 0
            elif index == count - 1 and count > 5:
                start_era = 2
            shifts = 3 if role == "owner" else 2 if role == "manager" else 4
            for era in range(start_era, end_era + 1):
                self.on_duty[era].extend([staff_id] * shifts)
            created = f"{self.day_text[self.eras[start_era]]} 09:00:00"
            self.staff_rows.append((staff_id, name, role, None, end_era == 2, created))
        self.active_staff = [row[0] for row in self.staff_rows if row[4]]

    def staff_on(self, day: int) -> int | None:
        """Who served at the counter that day (now and then nobody was recorded)."""
        rng = self.rng
        era = 2 if day >= self.eras[2] else 1 if day >= self.eras[1] else 0
        crew = self.on_duty[era]
        return crew[rng.randrange(len(crew))] if rng.random() > 0.03 else None
