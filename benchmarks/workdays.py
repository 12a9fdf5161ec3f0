"""Adds per second for "+30 working days": govrules' index vs chinesecalendar's find_workday.

    python benchmarks/workdays.py

Target (issue 2): ≥ 1,000,000 adds/s and ≥ 500× chinesecalendar on a 2-core machine. Every trigger
is a working day, so both functions answer the same question (find_workday counts the start day
when it is a working day); the script checks that the answers agree before timing them.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from govrules.calendar import WorkCalendar
from govrules.calendar._adapter import load_package_data, package_find_workday
from govrules.calendar._index import package_years


def main() -> None:
    calendar = WorkCalendar.default()
    rng = random.Random(2026)
    start, span = dt.date(2004, 1, 1).toordinal(), dt.date(2026, 10, 1).toordinal() - dt.date(2004, 1, 1).toordinal()
    triggers = []
    while len(triggers) < 2000:
        day = dt.date.fromordinal(start + rng.randrange(span))
        if calendar.is_workday(day):
            triggers.append(day)
    for day in triggers[:200]:
        assert calendar.add_working_days(day, 30) == package_find_workday(30, day), day

    build_start = time.perf_counter()
    WorkCalendar.from_years(package_years(load_package_data()), version="bench")
    build = time.perf_counter() - build_start

    add = calendar.add_working_days
    rounds = 500
    t0 = time.perf_counter()
    for _ in range(rounds):
        for day in triggers:
            add(day, 30)
    ours = rounds * len(triggers) / (time.perf_counter() - t0)

    sample = triggers[:300]
    t0 = time.perf_counter()
    for day in sample:
        package_find_workday(30, day)
    theirs = len(sample) / (time.perf_counter() - t0)

    print(f"index build (2000–2099):          {build * 1000:8.1f} ms")
    print(f"govrules add_working_days(+30):   {ours:12,.0f} adds/s")
    print(f"chinese_calendar.find_workday(30): {theirs:11,.0f} adds/s")
    print(f"ratio:                            {ours / theirs:12,.0f}×")


if __name__ == "__main__":
    main()
