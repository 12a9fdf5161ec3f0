"""Invariants of every pack over generated projects (hypothesis).

Projects are drawn from the project model: money around every threshold, every flag and enumeration,
milestones on dates around the 2024–2026 holidays (lifecycle order not enforced, so out-of-order
records are generated too), and changes at and around the ratio limits.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govrules
from govrules._conditions import FIELDS
from govrules.calendar import WorkCalendar, WorkingDays

PACKS = {name: govrules.load_pack(name) for name in ("jincheng", "yuncheng", "qinyuan", "tengzhou")}
CALENDAR = WorkCalendar.default()
CENT = Decimal("0.01")
FLAGS = sorted(n for n, f in FIELDS.items() if f.type == "bool" and not f.change_only)
MONEY = st.sampled_from([0, 99999, 299999.99, 300000, 300000.01, 999999.99, 1000000, 1000000.01, 1280000, 5000000])
HOLIDAY_EDGES = [
    dt.date(2024, 2, 8),
    dt.date(2024, 9, 27),
    dt.date(2025, 1, 24),
    dt.date(2025, 4, 30),
    dt.date(2025, 9, 30),
    dt.date(2026, 2, 10),
    dt.date(2026, 6, 18),
    dt.date(2026, 9, 24),
]
DATES = st.one_of(
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 10, 31)),
    st.sampled_from(HOLIDAY_EDGES).flatmap(lambda d: st.integers(-3, 12).map(lambda k: d + dt.timedelta(days=k))),
)


@st.composite
def projects(draw: st.DrawFn) -> dict[str, Any]:
    budget = Decimal(str(draw(MONEY)))
    record: dict[str, Any] = {
        "id": "generated",
        "name": "生成项目",
        "budget": budget,
        "kind": draw(st.sampled_from(["new", "expansion", "upgrade", "operations", "service"])),
        "category": draw(st.sampled_from(["system", "infrastructure", "equipment"])),
        "deployment": draw(st.sampled_from(["gov_cloud", "gov_cloud", "public_cloud", "own_room"])),
        "builds": draw(
            st.lists(
                st.sampled_from(["data_center", "machine_room", "cloud_platform", "private_network"]),
                max_size=2,
                unique=True,
            )
        ),
        "milestones": draw(st.dictionaries(st.sampled_from(sorted(govrules.MILESTONES)), DATES, max_size=14)),
    }
    for flag in draw(st.lists(st.sampled_from(FLAGS), max_size=3, unique=True)):
        record[flag] = not govrules.Project.model_fields[flag].default
    if draw(st.booleans()):
        record["annual_om_fee"] = (budget * Decimal(draw(st.sampled_from(["0.05", "0.1", "0.12"])))).quantize(CENT)
    if draw(st.booleans()):
        record["contract_amount"] = max(Decimal(0), budget + draw(st.sampled_from([Decimal(-1), Decimal(0), CENT])))
    changes = []
    for _ in range(draw(st.integers(0, 2))):
        ratio = Decimal(draw(st.sampled_from(["0.05", "0.1", "0.15", "0.2"])))
        change: dict[str, Any] = {
            "date": draw(DATES),
            "amount": (budget * ratio).quantize(CENT) + draw(st.sampled_from([-1, 0, 1])) * CENT,
            "reason": draw(st.sampled_from(["policy", "optimization", "business", "other"])),
        }
        if draw(st.booleans()):
            change["filed"] = change["date"] + dt.timedelta(days=draw(st.integers(0, 40)))
        changes.append(change)
    record["changes"] = changes
    return record


AS_OF = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31))
PACK = st.sampled_from(sorted(PACKS))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _evaluate(record: dict[str, Any], pack: str, as_of: dt.date) -> govrules.Report:
    return govrules.evaluate(govrules.Project.model_validate(record), PACKS[pack], as_of)


def _key(f: govrules.Finding) -> tuple[Any, ...]:
    return (
        f.rule,
        f.status,
        f.kind,
        f.milestone,
        f.due,
        f.done,
        f.change.outcome if f.change else None,
        f.change.date if f.change else None,
        f.change.amount if f.change else None,
    )


@SETTINGS
@given(projects(), PACK, AS_OF)
def test_deterministic_and_json_round_trip(record: dict[str, Any], pack: str, as_of: dt.date) -> None:
    first = _evaluate(record, pack, as_of)
    second = _evaluate(record, pack, as_of)
    assert first.model_dump_json() == second.model_dump_json()
    again = govrules.Report.model_validate_json(first.model_dump_json())
    assert again.model_dump_json() == first.model_dump_json()


@SETTINGS
@given(projects(), PACK, AS_OF, st.randoms())
def test_independent_of_the_order_of_milestones_and_changes(
    record: dict[str, Any], pack: str, as_of: dt.date, rng: random.Random
) -> None:
    shuffled = dict(record)
    items = list(record["milestones"].items())
    rng.shuffle(items)
    shuffled["milestones"] = dict(items)
    shuffled["changes"] = rng.sample(record["changes"], len(record["changes"]))
    a, b = _evaluate(record, pack, as_of), _evaluate(shuffled, pack, as_of)
    for left, right in (
        (a.obligations, b.obligations),
        (a.violations, b.violations),
        (a.consequences, b.consequences),
        (a.next_steps, b.next_steps),
    ):
        assert sorted(map(_key, left), key=repr) == sorted(map(_key, right), key=repr)


@SETTINGS
@given(projects(), PACK, AS_OF, st.sampled_from([Decimal("0.01"), Decimal(1), Decimal(200000), Decimal(1000000)]))
def test_raising_the_budget_never_removes_a_review_obligation(
    record: dict[str, Any], pack: str, as_of: dt.date, raise_by: Decimal
) -> None:
    lower = _evaluate(record, pack, as_of)
    higher = _evaluate({**record, "budget": record["budget"] + raise_by}, pack, as_of)
    if not higher.applicable:  # only a scope exclusion may explain a removal; none here grows with money
        assert not lower.applicable
        return
    if not lower.applicable:
        return
    owed_low = {o.milestone for o in lower.obligations if o.topic == "review"}
    owed_high = {o.milestone for o in higher.obligations if o.topic == "review"}
    assert owed_low <= owed_high


@SETTINGS
@given(projects(), PACK, AS_OF, st.integers(1, 400))
def test_obligations_never_disappear_as_time_passes(
    record: dict[str, Any], pack: str, as_of: dt.date, later: int
) -> None:
    early = _evaluate(record, pack, as_of)
    late = _evaluate(record, pack, as_of + dt.timedelta(days=later))
    if not early.applicable:
        return
    for obligation in early.obligations:
        if obligation.status != "pending":
            continue
        same = [
            o
            for o in late.obligations
            if o.rule == obligation.rule
            and o.milestone == obligation.milestone
            and (o.change.index if o.change else None) == (obligation.change.index if obligation.change else None)
        ]
        assert same, f"{obligation.rule} pending on {as_of} disappeared later"
        assert same[0].status in ("pending", "overdue", "met", "met_late")


@SETTINGS
@given(projects(), PACK, AS_OF)
def test_due_dates_are_on_or_after_their_trigger_and_working_days_when_counted_so(
    record: dict[str, Any], pack: str, as_of: dt.date
) -> None:
    report = _evaluate(record, pack, as_of)
    for finding in (*report.obligations, *report.violations):
        if finding.due is None or finding.counted_from is None or finding.counted is None:
            continue
        assert finding.due >= finding.counted_from.date
        if finding.counted.kind == "working_days":
            assert CALENDAR.is_workday(finding.due)
            assert CALENDAR.working_days_between(finding.counted_from.date, finding.due) == finding.counted.length


@SETTINGS
@given(projects(), PACK, AS_OF)
def test_a_milestone_recorded_on_its_due_date_adds_no_violation_of_its_rule(
    record: dict[str, Any], pack: str, as_of: dt.date
) -> None:
    report = _evaluate(record, pack, as_of)
    for obligation in report.obligations:
        if obligation.status not in ("pending", "overdue") or obligation.due is None or obligation.change is not None:
            continue
        if obligation.earliest is not None or obligation.due > as_of:
            continue
        fixed = {**record, "milestones": {**record["milestones"], obligation.milestone: obligation.due}}
        after = _evaluate(fixed, pack, as_of)
        assert not [v for v in after.violations if v.rule == obligation.rule and v.kind in ("overdue", "late")]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects(), PACK, AS_OF)
def test_evaluation_never_raises_on_a_valid_project(record: dict[str, Any], pack: str, as_of: dt.date) -> None:
    report = _evaluate(record, pack, as_of)
    assert report.project == "generated"


def test_working_day_periods_are_working_days() -> None:
    assert CALENDAR.is_workday(WorkingDays(working_days=3).count(dt.date(2026, 2, 13), CALENDAR).due)  # type: ignore[arg-type]
