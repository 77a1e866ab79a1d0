"""The one reader of day and date-time text (crm.dates), in each caller's forms."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm import dates

days = st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31))


@given(days)
def test_every_form_reads_an_iso_day(day):
    for forms in (dates.WRITTEN, dates.TYPED, dates.ISO_DAY, dates.ISO):
        assert dates.parse(day.isoformat(), forms) == (day, None)
        assert dates.parse(day.strftime("%Y%m%d"), forms) == (day, None)


@given(days)
def test_shop_forms_read_one_digit_months_and_days(day):
    short = f"{day.year:04d}/{day.month}/{day.day}"
    assert dates.parse(short, dates.WRITTEN) == dates.parse(short, dates.TYPED) == (day, None)
    assert dates.parse(f"{day.year:04d}年{day.month}月{day.day}日", dates.WRITTEN) == (day, None)
    with pytest.raises(dates.NotADate):
        dates.parse(short, dates.ISO_DAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-06-01 10:30", (date(2026, 6, 1), time(10, 30))),
        ("2026/6/1T10:30:15.250", (date(2026, 6, 1), time(10, 30, 15))),
        ("2026年6月1日 9:05", (date(2026, 6, 1), time(9, 5))),
        ("2026-06-01 10:30+08:00", (date(2026, 6, 1), time(10, 30))),  # the wall-clock time as written
    ],
)
def test_written_keeps_the_time_after_the_day(text, expected):
    assert dates.parse(text, dates.WRITTEN) == expected


@pytest.mark.parametrize("forms", [dates.WRITTEN, dates.TYPED, dates.ISO_DAY, dates.ISO])
@pytest.mark.parametrize("text", ["2026-02-30", "20261301"])
def test_a_day_the_calendar_does_not_have_is_not_a_date(forms, text):
    with pytest.raises(dates.NotADate):
        dates.parse(text, forms)


def test_written_says_when_the_form_fits_but_the_day_does_not_exist():
    with pytest.raises(dates.NoSuchDay):
        dates.parse("2026-02-30", dates.WRITTEN)
    with pytest.raises(dates.NoSuchDay):
        dates.parse("2026-06-01 25:00", dates.WRITTEN)
    with pytest.raises(dates.NotADate) as err:
        dates.parse("June 1st", dates.WRITTEN)
    assert not isinstance(err.value, dates.NoSuchDay)


@pytest.mark.parametrize("text", ["2026年6月1日", "2026-06-01 10:30", "2026-6/1", " 2026-06-01", "June 1"])
def test_typed_takes_only_what_a_person_types_for_a_day(text):
    with pytest.raises(dates.NotADate):
        dates.parse(text, dates.TYPED)


def test_iso_keeps_the_time_zone_and_the_fraction_of_a_second():
    day, at = dates.parse("2026-06-01T10:30:00.5+08:00", dates.ISO)
    assert datetime.combine(day, at) == datetime(
        2026, 6, 1, 10, 30, 0, 500000, tzinfo=timezone(timedelta(hours=8))
    )
    assert dates.parse("2026-06-01T00:00", dates.ISO) == (date(2026, 6, 1), time(0, 0))  # midnight, not none
    with pytest.raises(dates.NotADate):
        dates.parse("2026-06-01T10:30", dates.ISO_DAY)
