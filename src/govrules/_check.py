"""``govrules check``: static checks of a policy pack, each problem located by file and line.

Checks, each named in its problems:

* ``load`` — the pack parses and validates: schema, unknown fields, references to agencies, parameters,
  milestones, rules and workflow steps (the loader's own errors);
* ``quote`` — every rule, branch and parameter quote occurs verbatim in the article it cites;
* ``coverage`` — every article of the source is encoded by a rule or listed under not_checkable;
* ``unreachable`` — a rule (or change branch) whose condition no project can satisfy, counting the
  pack's scope exclusions: the condition is tried at every boundary value of the facts it reads;
* ``contradiction`` — one situation both required and forbidden (a requirement that M come no later
  than N while an ordering forbids M before N), or two deadlines for the same milestone pair whose
  periods disagree under a condition both can meet;
* ``gap`` / ``overlap`` — change control whose branches leave some change with no outcome, or whose
  later branch can never be reached because earlier ones always match first;
* ``deadline`` — every period can be counted from every trigger date across the calendar's years;
* ``workflow`` — the workflow's order agrees with the ordering and requirement rules.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ._conditions import Condition, Facts
from ._diff import _constants, _project_at, _values
from ._errors import GovRulesError
from ._pack import (
    ChangeControl,
    Deadline,
    Ordering,
    Pack,
    PeriodParameter,
    Requirement,
    coverage,
    load_pack,
    verify_quotes,
)
from ._project import MILESTONES, Change, Project
from .calendar import WorkCalendar

_LIMIT = 20000


@dataclass(frozen=True, slots=True)
class Problem:
    check: str
    source: str
    line: int | None
    rule: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: [{self.check}]" + (f" {self.rule}:" if self.rule else "") + f" {self.message}"


def _points(conditions: list[Condition]) -> list[dict[str, Any]]:
    """Boundary values of every fact the conditions read, as points of the fact space."""
    constants: dict[str, set[Any]] = {}
    for condition in conditions:
        _constants(condition.tree, constants)
    names = sorted(n for n in constants if not n.startswith("change."))
    axes = [_values(name, constants[name]) for name in names]
    points = []
    for combo in itertools.islice(itertools.product(*axes), _LIMIT):
        points.append(dict(zip(names, combo, strict=True)))
    return points


_DATES = {name: dt.date(2026, 1, 5) + dt.timedelta(days=3 * i) for i, name in enumerate(MILESTONES)}


def _facts(point: dict[str, Any]) -> Facts:
    project = Project.model_validate(_project_at(point, _DATES))
    return Facts(project, project.milestones, as_of=dt.date(2026, 12, 31))


def _satisfiable(condition: Condition, excluded: list[Condition]) -> bool:
    for point in _points([condition, *excluded]):
        facts = _facts(point)
        if condition.test(facts) and not any(e.test(facts) for e in excluded):
            return True
    return False


def _changes(pack: Pack) -> list[Change]:
    """Changes on a ¥1,000,000 budget at, a cent under and over every ratio the pack states or its branches
    compare with, both signs, every reason, objective kept or changed, within the estimate or not."""
    ratios = {Decimal(p.value) for p in pack.spec.parameters.values() if p.type == "ratio"} | {Decimal("0.05")}
    for condition in pack.branch_conditions.values():
        found: dict[str, set[Any]] = {}
        _constants(condition.tree, found)
        ratios |= {Decimal(r.numerator) / Decimal(r.denominator) for r in found.get("change.ratio", set())}
    amounts = {(Decimal(1000000) * r + d) for r in ratios for d in (Decimal("-0.01"), Decimal(0), Decimal("0.01"))}
    return [
        Change(
            date=dt.date(2026, 5, 6),
            amount=sign * amount,
            reason=reason,
            objective_changed=objective,
            within_estimate=within,
        )
        for amount in sorted(amounts)
        for sign in (1, -1)
        for reason in ("policy", "optimization", "business", "other")
        for objective in (False, True)
        for within in (True, False)
    ]


def check_pack(name_or_path: str | Path) -> list[Problem]:
    """Every problem of a pack; an empty list when it is clean."""
    try:
        pack = load_pack(name_or_path)
    except GovRulesError as exc:
        where = str(getattr(exc, "source", None) or name_or_path)
        line = getattr(exc, "line", None)
        message = str(exc).removeprefix(f"{where}:{line}: " if line else f"{where}: ")
        return [Problem("load", where, line, None, message)]
    source = str(pack.path)
    problems: list[Problem] = []

    def add(check: str, message: str, rule: str | None, *path: str | int) -> None:
        problems.append(Problem(check, source, pack.line_of(*path) if path else None, rule, message))

    try:
        for quote in verify_quotes(pack):
            problems.append(
                Problem(
                    "quote",
                    source,
                    quote.line,
                    quote.where.removeprefix("rule "),
                    f"not found verbatim in article {quote.article}: {quote.quote!r}; nearest: {quote.nearest!r}",
                )
            )
        for article in coverage(pack):
            if not article.covered:
                add(
                    "coverage",
                    f"article {article.article} ({article.opening}…) is encoded by no rule and not "
                    "listed under not_checkable",
                    None,
                    "not_checkable",
                )
    except GovRulesError as exc:
        add("quote", str(exc), None, "source")

    index = {rule.id: i for i, rule in enumerate(pack.spec.rules)}
    scopes = [pack.conditions[r.id] for r in pack.spec.rules if r.shape == "scope_exclusion"]
    for rule in pack.spec.rules:
        excluded = [] if rule.shape == "scope_exclusion" else scopes
        if not _satisfiable(pack.conditions[rule.id], excluded):
            add(
                "unreachable",
                f"no project satisfies its condition ({pack.conditions[rule.id].text()})"
                + (" within the pack's scope" if excluded else ""),
                rule.id,
                "rules",
                index[rule.id],
                "when",
            )
    _check_changes(pack, add, index)
    _check_contradictions(pack, add, index)
    _check_deadlines(pack, add, index)
    _check_workflow(pack, add)
    return problems


def _check_changes(pack: Pack, add: Any, index: dict[str, int]) -> None:
    changes = _changes(pack)
    for rule in pack.spec.rules:
        if not isinstance(rule, ChangeControl):
            continue
        project = Project(id="check", name="check", budget=Decimal(1000000))
        first_match = [0] * len(rule.branches)
        unmatched: list[Change] = []
        for change in changes:
            facts = Facts(project, {}, change=change, as_of=dt.date(2026, 12, 31))
            for b_index in range(len(rule.branches)):
                if pack.branch_conditions[(rule.id, b_index)].test(facts):
                    first_match[b_index] += 1
                    break
            else:
                unmatched.append(change)
        if unmatched:
            sample = unmatched[0]
            add(
                "gap",
                f"a change matches no branch, e.g. ¥{sample.amount} on a ¥1,000,000 budget for reason "
                f"{sample.reason} ({len(unmatched)} of {len(changes)} boundary changes)",
                rule.id,
                "rules",
                index[rule.id],
                "branches",
            )
        for b_index, count in enumerate(first_match):
            if count == 0:
                add(
                    "overlap",
                    f"branch {b_index} ({rule.branches[b_index].outcome}) is never reached: earlier "
                    "branches match every change it would",
                    rule.id,
                    "rules",
                    index[rule.id],
                    "branches",
                    b_index,
                )


def _overlap(a: Condition, b: Condition) -> bool:
    for point in _points([a, b]):
        facts = _facts(point)
        if a.test(facts) and b.test(facts):
            return True
    return False


def _check_contradictions(pack: Pack, add: Any, index: dict[str, int]) -> None:
    rules = pack.spec.rules
    for req, order in itertools.product(rules, rules):
        if not (isinstance(req, Requirement) and isinstance(order, Ordering)):
            continue
        # the requirement wants req.milestone no later than X; the ordering forbids req.milestone before X
        if (
            order.then == req.milestone
            and order.first in req.before
            and _overlap(pack.conditions[req.id], pack.conditions[order.id])
        ):
            add(
                "contradiction",
                f"requires {req.milestone} no later than {order.first}, but {order.id} forbids "
                f"{req.milestone} before {order.first}",
                req.id,
                "rules",
                index[req.id],
            )
    deadlines = [r for r in rules if isinstance(r, Deadline)]
    for left, right in itertools.combinations(deadlines, 2):
        if (left.trigger, left.milestone) != (right.trigger, right.milestone):
            continue
        period_l = pack.spec.parameters[left.period]
        period_r = pack.spec.parameters[right.period]
        if period_l.value != period_r.value and _overlap(pack.conditions[left.id], pack.conditions[right.id]):
            add(
                "contradiction",
                f"{left.trigger} → {left.milestone} is due {_describe(period_l)} here but "
                f"{_describe(period_r)} in {right.id}",
                left.id,
                "rules",
                index[left.id],
            )


def _describe(param: Any) -> str:
    return str(param.value.describe("zh")) if isinstance(param, PeriodParameter) else str(param.value)


_TRIGGERS = [dt.date(year, month, day) for year in range(2024, 2027) for month in range(1, 13) for day in (1, 15, 28)]


def _check_deadlines(pack: Pack, add: Any, index: dict[str, int]) -> None:
    calendar = WorkCalendar.default()
    for rule in pack.spec.rules:
        if not isinstance(rule, Deadline):
            continue
        param = pack.spec.parameters[rule.period]
        assert isinstance(param, PeriodParameter)
        for trigger in _TRIGGERS:
            try:
                due = param.value.count(trigger, calendar)
            except GovRulesError as exc:
                add("deadline", f"cannot be counted from {trigger}: {exc}", rule.id, "rules", index[rule.id], "period")
                break
            if due.due is None and due.earliest is None:
                add(
                    "deadline",
                    f"{param.value.describe('zh')} gives neither a due date nor an earliest date",
                    rule.id,
                    "rules",
                    index[rule.id],
                    "period",
                )
                break


def _check_workflow(pack: Pack, add: Any) -> None:
    steps = {s.milestone: s for s in pack.spec.workflow}
    position = {s.id: i for i, s in enumerate(pack.spec.workflow)}
    ancestors: dict[str, set[str]] = {}
    for step in pack.spec.workflow:  # steps may only wait for earlier steps, so one pass is a topological order
        ancestors[step.id] = set(step.after).union(*(ancestors[a] for a in step.after)) if step.after else set()

    def precedes(first: str, then: str) -> bool:
        return steps[first].id in ancestors[steps[then].id]

    pairs: list[tuple[str, str, str]] = []
    for rule in pack.spec.rules:
        if isinstance(rule, Ordering):
            pairs.append((rule.first, rule.then, rule.id))
        elif isinstance(rule, Requirement):
            pairs.extend((rule.milestone, later, rule.id) for later in rule.before)
            if rule.after:
                pairs.append((rule.after, rule.milestone, rule.id))
    for first, then, rule_id in pairs:
        if first in steps and then in steps and precedes(then, first):
            add(
                "workflow",
                f"the workflow puts {then} before {first}, against {rule_id}",
                rule_id,
                "workflow",
                position[steps[then].id],
            )
