"""The statutory calendar: worked examples, properties, cross-checks, coverage and overlays."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govrules import CalendarCoverageError, CalendarOverlayError, GovRulesError
from govrules.calendar import (
    AtLeast,
    CalendarDays,
    FixedDate,
    Months,
    Window,
    WorkCalendar,
    WorkingDays,
    Years,
    load_overlay,
    parse_overlay,
)

CAL = WorkCalendar.default()
D = dt.date

# (trigger, N, due, what the period crosses) — each counted by hand from the State Council notices.
WORKING_DAY_EXAMPLES = [
    (D(2026, 2, 10), 10, D(2026, 3, 2), "2026 春节: 02-14 and 02-28 are makeup Saturdays, 02-15..23 off"),
    (D(2025, 9, 30), 5, D(2025, 10, 14), "2025 国庆+中秋 10-01..08 off, 10-11 makeup Saturday"),
    (D(2026, 6, 18), 3, D(2026, 6, 24), "2026 端午 06-19..21 off"),
    (D(2024, 2, 8), 3, D(2024, 2, 19), "2024 春节 02-10..17 off, 02-18 makeup Sunday"),
    (D(2024, 9, 27), 2, D(2024, 9, 30), "2024 国庆: 09-29 makeup Sunday"),
    (D(2024, 9, 13), 1, D(2024, 9, 14), "2024 中秋: 09-14 makeup Saturday"),
    (D(2024, 9, 30), 5, D(2024, 10, 12), "2024 国庆 10-01..07 off, 10-12 makeup Saturday"),
    (D(2025, 1, 24), 1, D(2025, 1, 26), "2025 春节: 01-26 makeup Sunday"),
    (D(2025, 1, 24), 3, D(2025, 2, 5), "2025 春节 01-28..02-04 off"),
    (D(2026, 9, 24), 1, D(2026, 9, 28), "2026 中秋 09-25..27 off"),
    (D(2026, 9, 30), 3, D(2026, 10, 10), "2026 国庆 10-01..07 off, 10-10 makeup Saturday"),
    (D(2026, 9, 30), 10, D(2026, 10, 20), "2026 国庆 and the week after"),
    (D(2026, 2, 13), 1, D(2026, 2, 14), "the trigger is not counted; a makeup Saturday counts"),
]


@pytest.mark.parametrize(("trigger", "n", "due", "why"), WORKING_DAY_EXAMPLES)
def test_working_day_examples(trigger: dt.date, n: int, due: dt.date, why: str) -> None:
    result = WorkingDays(working_days=n).count(trigger, CAL)
    assert result.due == due, why
    assert not result.estimated
    assert result.counted.trigger == trigger and result.counted.length == n


@pytest.mark.parametrize(
    ("period", "trigger", "due", "unadjusted"),
    [
        (CalendarDays(days=30), D(2026, 9, 1), D(2026, 10, 8), D(2026, 10, 1)),  # lands on 国庆
        (CalendarDays(days=30), D(2025, 12, 2), D(2026, 1, 4), D(2026, 1, 1)),  # next day is a makeup Sunday
        (CalendarDays(days=30), D(2026, 3, 2), D(2026, 4, 1), None),
        (CalendarDays(days=5), D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 7)),  # ordinary weekend
        (Months(months=6), D(2025, 8, 31), D(2026, 2, 28), None),  # 02-28 makeup Saturday
        (Months(months=6), D(2025, 4, 1), D(2025, 10, 9), D(2025, 10, 1)),
        (Months(months=1), D(2026, 1, 31), D(2026, 2, 28), None),  # no 02-31 → 02-28, a makeup Saturday
        (Months(months=1), D(2023, 8, 31), D(2023, 10, 7), D(2023, 9, 30)),  # 09-31 → 09-30 (国庆) → 10-07
        (Years(years=2), D(2024, 2, 29), D(2026, 2, 28), None),
        (Years(years=2), D(2024, 10, 1), D(2026, 10, 8), D(2026, 10, 1)),
    ],
)
def test_calendar_period_examples(period: object, trigger: dt.date, due: dt.date, unadjusted: dt.date | None) -> None:
    result = period.count(trigger, CAL)  # type: ignore[attr-defined]
    assert result.due == due
    assert result.counted.unadjusted == unadjusted
    assert CAL.is_workday(result.due)


def test_window_and_minimum() -> None:
    window = Window(between=(Months(months=12), Months(months=24))).count(D(2024, 9, 30), CAL)
    assert window.earliest == D(2025, 9, 30)
    assert window.due == D(2026, 9, 30)  # 24 months later, a Wednesday
    late = Window(between=(Months(months=12), Months(months=24))).count(D(2024, 10, 1), CAL)
    assert late.earliest == D(2025, 10, 1) and late.due == D(2026, 10, 8)  # the end extends past 国庆
    trial = AtLeast(at_least=Months(months=1)).count(D(2026, 1, 31), CAL)
    assert trial.due is None and trial.earliest == D(2026, 2, 28)


def test_fixed_dates_roll_forward_only_when_asked() -> None:
    stays = FixedDate(month=10, day="end", roll_forward=False).count(D(2026, 1, 5), CAL)
    rolls = FixedDate(month=10, day="end", roll_forward=True).count(D(2026, 1, 5), CAL)
    assert stays.due == D(2026, 10, 31)  # a Saturday
    assert rolls.due == D(2026, 11, 2)
    year_end = FixedDate(month=12, roll_forward=False).count(D(2025, 3, 1), CAL)
    assert year_end.due == D(2025, 12, 31)
    next_year = FixedDate(month=3, day=31, roll_forward=False, year_offset=1).count(D(2025, 6, 1), CAL)
    assert next_year.due == D(2026, 3, 31)


def test_descriptions() -> None:
    assert WorkingDays(working_days=30).describe() == "30个工作日内"
    assert Months(months=6).describe() == "半年内"
    assert Window(between=(Months(months=12), Months(months=24))).describe() == "12个月至24个月内"
    assert AtLeast(at_least=Months(months=1)).describe() == "不少于1个月"
    assert FixedDate(month=10, roll_forward=False).describe() == "10月底前"
    assert FixedDate(month=12, roll_forward=False).describe("en") == "by end of month 12"


# -- properties -------------------------------------------------------------------------------------

dates_with_data = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 9, 30))


@given(dates_with_data, st.integers(min_value=1, max_value=60))
def test_result_is_a_workday_and_counts_back_to_n(start: dt.date, n: int) -> None:
    due = CAL.add_working_days(start, n)
    assert CAL.is_workday(due)
    assert CAL.working_days_between(start, due) == n
    assert due > start


@given(dates_with_data, st.integers(min_value=1, max_value=59))
def test_strictly_increasing_in_n(start: dt.date, n: int) -> None:
    assert CAL.add_working_days(start, n) < CAL.add_working_days(start, n + 1)


def _naive_add(start: dt.date, n: int) -> dt.date:
    day = start
    while n:
        day += dt.timedelta(days=1)
        if chinese_calendar.is_workday(day):
            n -= 1
    return day


@settings(max_examples=300)
@given(dates_with_data, st.integers(min_value=1, max_value=60))
def test_index_equals_a_naive_day_by_day_count(start: dt.date, n: int) -> None:
    assert CAL.add_working_days(start, n) == _naive_add(start, n)


@given(dates_with_data)
def test_next_workday_matches_package(day: dt.date) -> None:
    expected = day
    while not chinese_calendar.is_workday(expected):
        expected += dt.timedelta(days=1)
    assert CAL.next_workday(day) == expected


def test_is_workday_equals_package_on_every_covered_day() -> None:
    day = D(2004, 1, 1)
    while day <= D(2026, 12, 31):
        assert CAL.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_cross_check_against_the_holidays_package_2024_2026() -> None:
    independent = holidays.China(years=range(2024, 2027))
    day, disagreements = D(2024, 1, 1), []
    while day <= D(2026, 12, 31):
        if CAL.is_workday(day) != independent.is_working_day(day):
            disagreements.append(day)
        day += dt.timedelta(days=1)
    assert disagreements == []


# -- coverage ---------------------------------------------------------------------------------------


def test_window_leaving_the_data_is_estimated_with_a_warning() -> None:
    result = WorkingDays(working_days=30).count(D(2026, 12, 20), CAL)
    assert result.estimated
    assert result.counted.uncovered_years == (2027,)
    warning = result.warning("en")
    assert warning is not None and "2027" in warning and "--calendar" in warning
    assert "2027" in (result.warning() or "")
    # weekends only in 2027: 2026-12-21..31 gives 9 working days (12-26/27 weekend), then 21 more
    assert result.due == D(2027, 1, 29)


def test_window_inside_the_data_is_not_estimated() -> None:
    result = WorkingDays(working_days=5).count(D(2026, 12, 20), CAL)
    assert result.due == D(2026, 12, 25) and not result.estimated


def test_strict_mode_refuses_with_a_typed_error() -> None:
    strict = CAL.strict_mode()
    with pytest.raises(CalendarCoverageError) as caught:
        WorkingDays(working_days=30).count(D(2026, 12, 20), strict)
    error = caught.value
    assert isinstance(error, LookupError) and isinstance(error, GovRulesError)
    assert error.date == D(2027, 1, 1) and error.covered == (2004, 2026)
    assert "--calendar" in error.fix
    # the same period inside the data is fine in strict mode
    assert WorkingDays(working_days=5).count(D(2026, 12, 20), strict).due == D(2026, 12, 25)


def test_outside_the_index_span_is_a_clear_error() -> None:
    with pytest.raises(CalendarCoverageError):
        CAL.add_working_days(D(2099, 12, 30), 5)
    with pytest.raises(CalendarCoverageError):
        CAL.is_workday(D(1999, 12, 31))


# -- overlays ---------------------------------------------------------------------------------------

OVERLAY_2027 = """
years:
  2027:
    source: 测试用安排（非官方），test-only schedule
    holidays:
      - 2027-01-01
      - {from: 2027-02-06, to: 2027-02-12, name: 春节}
    makeup_workdays: [2027-02-13]
"""


def test_overlay_adds_a_year() -> None:
    cal = parse_overlay(OVERLAY_2027, "2027.yaml")
    assert cal.covered == (2004, 2027)
    assert not cal.is_workday(D(2027, 2, 8)) and cal.is_workday(D(2027, 2, 13))
    result = WorkingDays(working_days=30).count(D(2026, 12, 20), cal)
    assert not result.estimated
    assert "overlay" in result.counted.calendar_version
    assert result.due == D(2027, 2, 1)  # 2027-01-01 off → one working day later than the estimate
    assert cal.sources[2027].startswith("测试用")


def test_correction_of_2005_12_31(root: Path) -> None:
    assert not CAL.is_workday(D(2005, 12, 31))  # the package's known error
    fixed = load_overlay(root / "examples" / "calendar-2005-correction.yaml")
    assert fixed.is_workday(D(2005, 12, 31))
    assert fixed.add_working_days(D(2005, 12, 30), 1) == D(2005, 12, 31)
    day = D(2005, 1, 1)  # nothing else in 2005 changed
    while day < D(2005, 12, 31):
        assert fixed.is_workday(day) == CAL.is_workday(day), day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("years:\n  2027:\n    holidays: [2027-01-01]\n", 2, "source"),
        ("years:\n  2027:\n    source: 通知全称\n    holidays: [2028-01-01]\n", 4, "not in 2027"),
        (
            "years:\n  2027:\n    source: 通知全称\n    holidays: [2027-01-02]\n    makeup_workdays: [2027-01-02]\n",
            5,
            "both",
        ),
        ("years:\n  2027:\n    source: 通知全称\n    makeup_workdays: [2027-01-05]\n", 4, "weekday"),
        ("years:\n  2028:\n    source: 通知全称\n", 1, "contiguous"),
        ("years:\n  2026:\n    source: 通知全称\n", 2, "replaces_package_data"),
        ("years:\n  2027:\n    source: 通知全称\n    replaces_package_data: true\n", 2, "no data for 2027"),
        ("years:\n  2027:\n    source: 通知全称\n    holidayz: []\n", 4, "did you mean 'holidays'"),
        ("years:\n  2027:\n    source: 通知全称\n    holidays: [2027-02-30]\n", 4, "is not a date"),
        ("years:\n  2027:\n    source: 通知全称\n  2027:\n    source: again\n", 4, "duplicate key"),
        ("years:\n  2027:\n    source: 通知全称\n    holidays: [{from: 2027-02-09, to: 2027-02-01}]\n", 4, "before"),
        ("years: !!python/object/apply:os.system ['true']\n", 1, "refused"),
    ],
)
def test_overlay_errors_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(CalendarOverlayError) as caught:
        parse_overlay(text, "bad.yaml")
    message = str(caught.value)
    assert message.startswith(f"bad.yaml:{line}:"), message
    assert fragment in message, message
    assert "\n" not in message


def test_missing_overlay_file() -> None:
    with pytest.raises(CalendarOverlayError, match="cannot read"):
        load_overlay("/nonexistent/calendar.yaml")
