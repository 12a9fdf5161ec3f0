"""The native evaluation engine: a project, a pack and a date in; a :class:`Report` out.

Pure and deterministic: the same inputs give the same report, nothing is read from the clock or
the environment, and nothing shared is mutated, so it is safe to call from many threads at once.
The engine knows rule *shapes* only; every city-specific fact comes from the pack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from ._conditions import Facts, fact_values
from ._errors import UsageError, suggest
from ._fast import build
from ._pack import (
    ChangeControl,
    Deadline,
    Funding,
    Ordering,
    Pack,
    PeriodParameter,
    Prohibition,
    Requirement,
    ScopeExclusion,
)
from ._project import Project
from ._report import ChangeRef, CountedFrom, Finding, Party, PolicyRef, Report
from .calendar import DueDate, WorkCalendar

_Rule = ScopeExclusion | Requirement | Deadline | Ordering | Prohibition | ChangeControl | Funding


class Oracle(Protocol):
    """Answers which conditions hold for one evaluation; the shapes' logic is the same for every engine."""

    def rule(self, rule_id: str) -> bool: ...

    def branch(self, rule_id: str, branch: int, change: int) -> bool: ...

    def step(self, step_id: str) -> bool: ...


class _NativeOracle:
    """The native engine: the pack's compiled closures, called on the evaluation's facts."""

    __slots__ = ("facts", "pack")

    def __init__(self, pack: Pack, facts: Facts) -> None:
        self.pack, self.facts = pack, facts

    def rule(self, rule_id: str) -> bool:
        return self.pack.conditions[rule_id].test(self.facts)

    def branch(self, rule_id: str, branch: int, change: int) -> bool:
        # the engine sets facts.change to the change being routed before asking
        return self.pack.branch_conditions[(rule_id, branch)].test(self.facts)

    def step(self, step_id: str) -> bool:
        return self.pack.step_conditions[step_id].test(self.facts)


def evaluate(
    project: Project,
    pack: Pack,
    as_of: dt.date,
    *,
    calendar: WorkCalendar | None = None,
    lang: str = "zh",
    engine: str = "native",
) -> Report:
    """Evaluate ``project`` under ``pack`` as of ``as_of``.

    Milestones and changes dated after ``as_of`` have not happened yet as of that date and are
    ignored. ``calendar`` defaults to chinesecalendar's data (estimating years it lacks); pass
    ``WorkCalendar.default().strict_mode()`` to refuse such years instead. ``lang`` is ``zh`` or ``en``.
    ``engine="durable"`` matches the conditions with durable_rules' Rete engine instead of the native
    closures (optional extra ``govrules[durable]``); the report is the same.
    """
    if lang not in ("zh", "en"):
        raise UsageError(f"unknown language {lang!r}", field="lang", expected="zh or en")
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise UsageError(f"{as_of!r} is not a date", field="as_of", expected="a datetime.date")
    if engine not in ("native", "durable"):
        raise UsageError(
            f"unknown engine {engine!r}",
            field="engine",
            expected="native or durable",
            suggestion=suggest(engine, ("native", "durable")),
        )
    evaluation = _Evaluation(project, pack, as_of, calendar or WorkCalendar.default(), lang)
    if engine == "durable":
        from ._durable import durable_session  # optional extra: imported only when asked for

        with durable_session(pack, project, as_of, evaluation.facts) as oracle:
            evaluation.oracle = oracle
            return evaluation.run()
    return evaluation.run()


class _Evaluation:
    __slots__ = (
        "as_of",
        "calendar",
        "consequences",
        "facts",
        "lang",
        "obligations",
        "oracle",
        "pack",
        "project",
        "templates",
        "unit_party",
        "violated",
        "violations",
        "warnings",
    )

    def __init__(self, project: Project, pack: Pack, as_of: dt.date, calendar: WorkCalendar, lang: str) -> None:
        self.project = project
        self.pack = pack
        self.as_of = as_of
        self.calendar = calendar
        self.lang = lang
        happened = {name: day for name, day in project.milestones.items() if day <= as_of}
        self.facts = Facts(project, happened, as_of=as_of)
        self.oracle: Oracle = _NativeOracle(pack, self.facts)
        self.obligations: list[Finding] = []
        self.violations: list[Finding] = []
        self.consequences: list[Finding] = []
        self.warnings: list[str] = []
        self.violated: set[str] = set()
        self.unit_party: Party | None = None
        if project.unit:
            unit = pack.parties[lang]["unit"].name
            unit += f"（{project.unit}）" if lang == "zh" else f" ({project.unit})"
            self.unit_party = build(Party, {"id": "unit", "name": unit})
        self.templates = pack.templates[lang]

    # -- helpers -------------------------------------------------------------------------------

    def party(self, agency: str | None) -> Party | None:
        if agency is None:
            return None
        if agency == "unit" and self.unit_party is not None:
            return self.unit_party
        return self.pack.parties[self.lang][agency]

    def finding(self, rule: _Rule, **extra: Any) -> dict[str, Any]:
        """The fields of a finding of ``rule``; ``oblige``/``breach``/``build`` turn them into a Finding."""
        fields = dict(self.templates[rule.id])
        if self.unit_party is not None:  # name the project's own unit
            if rule.responsible == "unit":
                fields["responsible"] = self.unit_party
            if rule.authority == "unit":
                fields["authority"] = self.unit_party
        fields.update(extra)
        return fields

    def oblige(self, fields: dict[str, Any], status: str, breach: str | None = None) -> None:
        """Record an obligation with ``status``; with ``breach``, also the violation of that kind."""
        fields["status"] = status
        self.obligations.append(build(Finding, fields))
        if breach is not None:
            self.breach(fields, breach)

    def facts_of(self, rule: _Rule, milestones: Iterable[str] = ()) -> dict[str, Any]:
        shown = fact_values(self.pack.conditions[rule.id], self.facts)
        happened = self.facts.milestones
        for name in milestones:
            day = happened.get(name)
            shown["milestone." + name] = day
        return shown

    def breach(self, fields: dict[str, Any], kind: str) -> None:
        self.violations.append(build(Finding, {**fields, "kind": kind}))
        self.violated.add(fields["rule"])

    # -- the run -------------------------------------------------------------------------------

    def run(self) -> Report:
        spec = self.pack.spec
        policy = build(
            PolicyRef, {"id": spec.id, "title": spec.title.get(self.lang), "document_number": spec.document_number}
        )
        if self.as_of < spec.effective:
            self.warnings.append(
                f"评估日期早于本办法施行日期（{spec.effective.isoformat()}）"
                if self.lang == "zh"
                else f"as_of is before the regulation took effect ({spec.effective.isoformat()})"
            )
        for rule in spec.rules:
            if rule.shape == "scope_exclusion" and self.oracle.rule(rule.id):
                excluded = build(Finding, self.finding(rule, facts=self.facts_of(rule)))
                return self.report(policy, applicable=False, not_applicable=excluded, next_steps=())
        handlers: dict[str, Callable[[Any], None]] = {
            "requirement": self.requirement,
            "deadline": self.deadline,
            "ordering": self.ordering,
            "prohibition": self.prohibition,
            "change_control": self.change_control,
            "funding": self.funding,
        }
        funding = []
        for rule in spec.rules:
            if rule.shape == "funding":
                funding.append(rule)
            elif rule.shape != "scope_exclusion" and self.oracle.rule(rule.id):
                handlers[rule.shape](rule)
        for rule in funding:
            self.funding(rule)
        return self.report(policy, applicable=True, not_applicable=None, next_steps=self.next_steps())

    def report(
        self, policy: PolicyRef, *, applicable: bool, not_applicable: Finding | None, next_steps: tuple[Finding, ...]
    ) -> Report:
        return build(
            Report,
            {
                "policy": policy,
                "project": self.project.id,
                "as_of": self.as_of,
                "lang": self.lang,
                "applicable": applicable,
                "not_applicable": not_applicable,
                "obligations": tuple(self.obligations),
                "violations": tuple(self.violations),
                "next_steps": next_steps,
                "consequences": tuple(self.consequences),
                "warnings": tuple(self.warnings),
                "calendar_version": self.calendar.version,
            },
        )

    # -- shapes --------------------------------------------------------------------------------

    def requirement(self, rule: Requirement) -> None:
        happened = self.facts.milestones
        done = happened.get(rule.milestone)
        later = sorted((happened[m], m) for m in rule.before if m in happened)
        prerequisite = happened.get(rule.after) if rule.after else None
        shown = [rule.milestone, *rule.before, *([rule.after] if rule.after else [])]
        base = self.finding(rule, milestone=rule.milestone, done=done, facts=self.facts_of(rule, shown))
        if done is not None:
            late = bool(later) and later[0][0] < done
            wrong_order = late or (rule.after is not None and (prerequisite is None or done < prerequisite))
            self.oblige(base, "met_late" if late else "met", "out_of_order" if wrong_order else None)
        elif later:
            base["counted_from"] = build(CountedFrom, {"milestone": later[0][1], "date": later[0][0]})
            self.oblige(base, "overdue", "missing")
        else:
            self.oblige(base, "pending")

    def count(self, rule: Deadline, trigger: dt.date) -> tuple[DueDate, str]:
        param = self.pack.spec.parameters[rule.period]
        assert isinstance(param, PeriodParameter)
        due = param.value.count(trigger, self.calendar)
        if due.estimated:
            warning = due.warning(self.lang)
            if warning and warning not in self.warnings:
                self.warnings.append(warning)
        return due, param.value.describe(self.lang)

    def deadline(self, rule: Deadline) -> None:
        happened = self.facts.milestones
        trigger = happened.get(rule.trigger)
        if trigger is None:
            return
        due, period = self.count(rule, trigger)
        done = happened.get(rule.milestone)
        fields = self.finding(
            rule,
            milestone=rule.milestone,
            done=done,
            due=due.due,
            due_estimated=due.estimated,
            earliest=due.earliest,
            counted_from=build(CountedFrom, {"milestone": rule.trigger, "date": trigger}),
            period=period,
            counted=due.counted,
            days_left=(due.due - self.as_of).days if due.due else None,
            facts=self.facts_of(rule, (rule.trigger, rule.milestone)),
        )
        if done is not None:
            if due.earliest is not None and done < due.earliest:
                self.oblige(fields, "met", "too_early")
            elif due.due is not None and done > due.due:
                self.oblige(fields, "met_late", "late")
            else:
                self.oblige(fields, "met")
        elif due.due is not None and self.as_of > due.due:
            self.oblige(fields, "overdue", "overdue")
        else:
            self.oblige(fields, "pending")

    def prohibition(self, rule: Prohibition) -> None:
        self.breach(self.finding(rule, facts=self.facts_of(rule)), "prohibited")

    def ordering(self, rule: Ordering) -> None:
        happened = self.facts.milestones
        then = happened.get(rule.then)
        if then is None:
            return
        first = happened.get(rule.first)
        if first is None or then < first:
            self.breach(
                self.finding(
                    rule, milestone=rule.first, done=first, facts=self.facts_of(rule, (rule.first, rule.then))
                ),
                "out_of_order",
            )

    def change_control(self, rule: ChangeControl) -> None:
        for index, change in enumerate(self.project.changes):
            if change.date > self.as_of:
                continue
            self.facts.change = change
            try:
                for b_index, branch in enumerate(rule.branches):
                    condition = self.pack.branch_conditions[(rule.id, b_index)]
                    if not self.oracle.branch(rule.id, b_index, index):
                        continue
                    recorded = getattr(change, branch.record)
                    if recorded is not None and recorded > self.as_of:
                        recorded = None
                    facts = fact_values(condition, self.facts)
                    facts[f"change.{branch.record}"] = recorded
                    self.oblige(
                        self.finding(
                            rule,
                            article=branch.article or rule.article,
                            item=branch.item,
                            quote=branch.quote,
                            message=branch.message.get(self.lang),
                            authority=self.party(branch.authority or rule.authority),
                            done=recorded,
                            facts=facts,
                            change=build(
                                ChangeRef,
                                {
                                    "index": index,
                                    "date": change.date,
                                    "amount": str(change.amount),
                                    "outcome": branch.outcome,
                                },
                            ),
                        ),
                        "met" if recorded else "pending",
                    )
                    break
            finally:
                self.facts.change = None

    def funding(self, rule: Funding) -> None:
        holds = rule.when is not True and self.oracle.rule(rule.id)
        breached = [r for r in rule.if_violated if r in self.violated]
        if holds or breached:
            facts = self.facts_of(rule)
            if breached:
                facts["violated"] = breached
            self.consequences.append(build(Finding, self.finding(rule, withhold=rule.withhold, facts=facts)))

    def next_steps(self) -> tuple[Finding, ...]:
        """The applicable steps not yet done whose earlier steps are done or do not apply."""
        happened = self.facts.milestones
        owed: dict[str, Finding] = {}
        for obligation in self.obligations:
            if obligation.milestone and obligation.status in ("pending", "overdue") and obligation.change is None:
                owed.setdefault(obligation.milestone, obligation)
        settled: dict[str, bool] = {}  # done, or does not apply
        result = []
        for step in self.pack.spec.workflow:
            applies = self.oracle.step(step.id)
            done = step.milestone in happened
            settled[step.id] = done or not applies
            if done or not applies or not all(settled[before] for before in step.after):
                continue
            if step.milestone in owed:
                result.append(owed[step.milestone])
                continue
            rule = self.pack.step_rules[step.id]
            fields = self.finding(rule, milestone=step.milestone, status="pending")
            if step.authority:
                fields["authority"] = self.party(step.authority)
            result.append(build(Finding, fields))
        return tuple(result)
