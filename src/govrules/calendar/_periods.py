"""Periods as the regulations state them, counted the way the Civil Code counts them.

Each period kind is a small frozen model that a policy pack writes as a one-key mapping::

    {working_days: 30}                      # 30个工作日内
    {days: 30}                              # 30日内
    {months: 6}                             # 半年内
    {years: 2}                              # 2年内
    {between: [{months: 12}, {months: 24}]} # 12—24个月内
    {at_least: {months: 1}}                 # 不少于1个月
    {month: 10, day: end, roll_forward: false}   # 10月底前

and :meth:`Period.count` turns a trigger date into a :class:`DueDate` that says how it was counted.

The legal basis, 《中华人民共和国民法典》:

* 第二百零一条 — 按照年、月、日、小时计算期间的，开始的当日不计入，自下一日开始计算。
* 第二百零二条 — 按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日。
* 第二百零三条 — 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
from typing import Annotated, Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field

from .._fast import build
from ._index import WorkCalendar

ART_201 = "民法典第二百零一条：开始的当日不计入，自下一日开始计算"
ART_202 = "民法典第二百零二条：到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日"
ART_203 = "民法典第二百零三条：期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Counting(_Frozen):
    """How a date was counted: enough to redo the count by hand."""

    kind: str
    trigger: dt.date
    length: int | None = None
    unit: str | None = None
    basis: tuple[str, ...] = ()
    unadjusted: dt.date | None = Field(
        default=None, description="the period's last day before the 第二百零三条 extension, when one applied"
    )
    calendar_version: str
    uncovered_years: tuple[int, ...] = ()


class DueDate(_Frozen):
    """A computed date with its provenance.

    ``due`` is the last day on which the act is on time (None for a pure minimum duration);
    ``earliest`` is the first day on which it may happen (windows and minimum durations).
    """

    due: dt.date | None
    earliest: dt.date | None = None
    estimated: bool = False
    counted: Counting

    def warning(self, lang: str = "zh") -> str | None:
        """The estimation warning for this date, or None when it rests on official data only."""
        return estimated_warning(self.counted.uncovered_years, lang) if self.estimated else None


def estimated_warning(years: tuple[int, ...], lang: str = "zh") -> str:
    """The warning for a date counted through years without official holiday data."""
    if lang == "zh":
        return (
            f"{'、'.join(str(y) for y in years)}年无官方节假日安排数据，按仅周末休息估算；国务院办公厅公布"
            "该年安排后，可用 --calendar 文件补充（见 docs/calendar.md）"
        )
    return (
        f"no official holiday data for {', '.join(str(y) for y in years)}: counted with weekends only "
        "(estimated); add the State Council notice with --calendar FILE (see docs/calendar.md)"
    )


def _finish(
    calendar: WorkCalendar,
    *,
    kind: str,
    trigger: dt.date,
    due: dt.date | None,
    earliest: dt.date | None = None,
    length: int | None = None,
    unit: str | None = None,
    basis: tuple[str, ...],
    unadjusted: dt.date | None = None,
) -> DueDate:
    last = max(d for d in (due, earliest, trigger) if d is not None)
    estimated = calendar.check_window(trigger + dt.timedelta(days=1), last) if last > trigger else False
    uncovered = calendar.uncovered_years(trigger + dt.timedelta(days=1), last) if estimated else ()
    # Every value here is computed and typed by this module: build without re-validating (hot path).
    counted = build(
        Counting,
        {
            "kind": kind,
            "trigger": trigger,
            "length": length,
            "unit": unit,
            "basis": basis,
            "unadjusted": unadjusted,
            "calendar_version": calendar.version,
            "uncovered_years": uncovered,
        },
    )
    return build(DueDate, {"due": due, "earliest": earliest, "estimated": estimated, "counted": counted})


def _extend(calendar: WorkCalendar, last_day: dt.date) -> tuple[dt.date, dt.date | None]:
    """Apply 第二百零三条: a last day that is not a working day moves to the next working day."""
    moved = calendar.next_workday(last_day)
    return moved, (last_day if moved != last_day else None)


class WorkingDays(_Frozen):
    """``N个工作日内``: the N-th working day after the trigger.

    The trigger day is not counted (第二百零一条). Working days are weekdays that are not statutory
    holidays, plus makeup Saturdays/Sundays (调休上班). The due date is always a working day.

    >>> WorkingDays(working_days=5).count(dt.date(2025, 9, 30), WorkCalendar.default()).due
    datetime.date(2025, 10, 14)
    """

    working_days: int = Field(ge=1, le=3650)

    def count(self, trigger: dt.date, calendar: WorkCalendar) -> DueDate:
        due = calendar.add_working_days(trigger, self.working_days)
        return _finish(
            calendar,
            kind="working_days",
            trigger=trigger,
            due=due,
            length=self.working_days,
            unit="working_day",
            basis=(ART_201,),
        )

    def describe(self, lang: str = "zh") -> str:
        return f"{self.working_days}个工作日内" if lang == "zh" else f"within {self.working_days} working days"


class CalendarDays(_Frozen):
    """``N日内``: N calendar days after the trigger (the trigger day not counted, 第二百零一条).

    If the N-th day is not a working day the period ends on the next working day (第二百零三条).

    >>> CalendarDays(days=30).count(dt.date(2026, 9, 1), WorkCalendar.default()).due  # 10-01 is 国庆
    datetime.date(2026, 10, 8)
    """

    days: int = Field(ge=1, le=36500)

    def count(self, trigger: dt.date, calendar: WorkCalendar) -> DueDate:
        due, unadjusted = _extend(calendar, trigger + dt.timedelta(days=self.days))
        return _finish(
            calendar,
            kind="days",
            trigger=trigger,
            due=due,
            length=self.days,
            unit="day",
            basis=(ART_201, ART_203) if unadjusted else (ART_201,),
            unadjusted=unadjusted,
        )

    def describe(self, lang: str = "zh") -> str:
        return f"{self.days}日内" if lang == "zh" else f"within {self.days} days"


def _add_months(trigger: dt.date, months: int) -> dt.date:
    # relativedelta clamps to the month's last day when the target month has no such day: 第二百零二条.
    result: dt.date = trigger + relativedelta(months=months)
    return result


class Months(_Frozen):
    """``N个月内`` / ``半年内`` (6 months): the corresponding day of the target month (第二百零二条).

    When the target month has no corresponding day, its last day; then 第二百零三条's extension.

    >>> Months(months=1).count(dt.date(2025, 1, 31), WorkCalendar.default()).due   # 02-28 is a Friday
    datetime.date(2025, 2, 28)
    """

    months: int = Field(ge=1, le=1200)

    def count(self, trigger: dt.date, calendar: WorkCalendar) -> DueDate:
        due, unadjusted = _extend(calendar, _add_months(trigger, self.months))
        return _finish(
            calendar,
            kind="months",
            trigger=trigger,
            due=due,
            length=self.months,
            unit="month",
            basis=(ART_201, ART_202, ART_203) if unadjusted else (ART_201, ART_202),
            unadjusted=unadjusted,
        )

    def describe(self, lang: str = "zh") -> str:
        if self.months == 6:
            return "半年内" if lang == "zh" else "within half a year"
        return f"{self.months}个月内" if lang == "zh" else f"within {self.months} months"


class Years(_Frozen):
    """``N年内``: the corresponding day N years later (02-29 → 02-28, 第二百零二条), then 第二百零三条.

    >>> Years(years=2).count(dt.date(2024, 2, 29), WorkCalendar.default()).due   # 2026-02-28: makeup Saturday
    datetime.date(2026, 2, 28)
    """

    years: int = Field(ge=1, le=100)

    def count(self, trigger: dt.date, calendar: WorkCalendar) -> DueDate:
        due, unadjusted = _extend(calendar, _add_months(trigger, 12 * self.years))
        return _finish(
            calendar,
            kind="years",
            trigger=trigger,
            due=due,
            length=self.years,
            unit="year",
            basis=(ART_201, ART_202, ART_203) if unadjusted else (ART_201, ART_202),
            unadjusted=unadjusted,
        )

    def describe(self, lang: str = "zh") -> str:
        return f"{self.years}年内" if lang == "zh" else f"within {self.years} years"


SimplePeriod = WorkingDays | CalendarDays | Months | Years


class Window(_Frozen):
    """``12—24个月内``: not before the first period has run, and by the end of the second.

    ``earliest`` is the day the first period reaches (no extension: it is not a deadline);
    ``due`` is the second period's last day, extended by 第二百零三条.

    >>> w = Window(between=(Months(months=12), Months(months=24)))
    >>> d = w.count(dt.date(2024, 3, 15), WorkCalendar.default())
    >>> d.earliest, d.due
    (datetime.date(2025, 3, 15), datetime.date(2026, 3, 16))
    """

    between: tuple[SimplePeriod, SimplePeriod]

    def count(self, trigger: dt.date, calendar: WorkCalendar) -> DueDate:
        first, second = self.between
        earliest = _reach(first, trigger)
        late = second.count(trigger, calendar)
        if earliest is None:
            earliest = first.count(trigger, calendar).due
        return _finish(
            calendar,
            kind="window",
            trigger=trigger,
            due=late.due,
            earliest=earliest,
            length=late.counted.length,
            unit=late.counted.unit,
            basis=late.counted.basis,
            unadjusted=late.counted.unadjusted,
        )

    def describe(self, lang: str = "zh") -> str:
        first, second = self.between
        if lang == "zh":
            return f"{first.describe(lang).removesuffix('内')}至{second.describe(lang)}"
        return f"between {first.describe(lang).removeprefix('within ')} and {second.describe(lang)}"


class AtLeast(_Frozen):
    """``不少于1个月``: a minimum duration; ``earliest`` is the first day on which it has run.

    There is no due date and no 第二百零三条 extension: a minimum is not a deadline.

    >>> AtLeast(at_least=Months(months=1)).count(dt.date(2026, 1, 15), WorkCalendar.default()).earliest
    datetime.date(2026, 2, 15)
    """

    at_least: SimplePeriod

    def count(self, trigger: dt.date, calendar: WorkCalendar) -> DueDate:
        earliest = _reach(self.at_least, trigger)
        if earliest is None:
            earliest = self.at_least.count(trigger, calendar).due
        return _finish(
            calendar,
            kind="at_least",
            trigger=trigger,
            due=None,
            earliest=earliest,
            basis=(ART_201, ART_202) if not isinstance(self.at_least, WorkingDays) else (ART_201,),
        )

    def describe(self, lang: str = "zh") -> str:
        inner = self.at_least.describe(lang)
        if lang == "zh":
            return "不少于" + inner.removesuffix("内")
        return "at least " + inner.removeprefix("within ")


def _reach(period: SimplePeriod, trigger: dt.date) -> dt.date | None:
    """The unextended day a calendar-based period reaches; None for working days (counted instead)."""
    if isinstance(period, CalendarDays):
        return trigger + dt.timedelta(days=period.days)
    if isinstance(period, Months):
        return _add_months(trigger, period.months)
    if isinstance(period, Years):
        return _add_months(trigger, 12 * period.years)
    return None


class FixedDate(_Frozen):
    """``10月底前`` / ``每年年底前``: a fixed day of the trigger's year (plus ``year_offset``).

    ``day: end`` means the month's last day. ``roll_forward`` says explicitly whether a day that is
    not a working day moves to the next working day (第二百零三条) or stays (the pack's choice,
    recorded with its interpretation).

    >>> FixedDate(month=10, day="end", roll_forward=False).count(dt.date(2026, 3, 1), WorkCalendar.default()).due
    datetime.date(2026, 10, 31)
    >>> FixedDate(month=10, day="end", roll_forward=True).count(dt.date(2026, 3, 1), WorkCalendar.default()).due
    datetime.date(2026, 11, 2)
    """

    month: int = Field(ge=1, le=12)
    day: int | Literal["end"] = "end"
    roll_forward: bool
    year_offset: int = Field(default=0, ge=0, le=10)

    def count(self, trigger: dt.date, calendar: WorkCalendar) -> DueDate:
        year = trigger.year + self.year_offset
        last = _stdcal.monthrange(year, self.month)[1]
        day = last if self.day == "end" else min(self.day, last)
        fixed = dt.date(year, self.month, day)
        due, unadjusted = _extend(calendar, fixed) if self.roll_forward else (fixed, None)
        return _finish(
            calendar,
            kind="fixed_date",
            trigger=trigger,
            due=due,
            basis=(ART_203,) if unadjusted else (),
            unadjusted=unadjusted,
        )

    def describe(self, lang: str = "zh") -> str:
        if lang == "zh":
            when = (
                "年底前"
                if (self.month == 12 and self.day == "end")
                else (f"{self.month}月底前" if self.day == "end" else f"{self.month}月{self.day}日前")
            )
            return ("次年" if self.year_offset == 1 else "") + when
        when = f"end of month {self.month}" if self.day == "end" else f"{self.month}-{self.day}"
        return f"by {when}" + (" of the following year" if self.year_offset == 1 else "")


Period = Annotated[
    WorkingDays | CalendarDays | Months | Years | Window | AtLeast | FixedDate,
    Field(description="a period as the regulation states it; see docs/calendar.md"),
]
