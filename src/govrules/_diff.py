"""Comparing policy packs: parameter by parameter, rule by rule, and by outcome over the fact space.

``diff(a, b)`` aligns two packs (two jurisdictions, or two versions of one pack):

* **parameters** by name — value, unit, bound (inclusive or not), article and quote on each side, and
  for periods the due dates both give from the same trigger date;
* **rules** by topic, shape and subject (the milestone a requirement or deadline is about, the pair an
  ordering forbids, the funds a funding rule withholds …) — present in one pack only, or present in
  both with a different condition, period, authority or consequence;
* **semantics**: for every topic, the regions of the modelled fact space where the two packs reach
  different outcomes, each with a minimal concrete project and both packs' findings for it. The fact
  space is enumerated exhaustively from the boundary values of every constant and parameter in the
  conditions of that topic's rules (money at, just below and just above each bound; every value of
  every flag and enumeration; each referenced milestone present or absent). Where no point differs,
  the two packs agree everywhere in that space — a proof over the space, not a sample.

``compare(packs)`` puts any number of packs side by side as a matrix.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ._conditions import FIELDS, AnyOf, Leaf, Node, Not
from ._conditions import All as AllOf
from ._engine import evaluate
from ._pack import (
    TOPICS,
    AnyRule,
    ChangeControl,
    Deadline,
    Funding,
    Ordering,
    Pack,
    PeriodParameter,
    RatioParameter,
    Requirement,
)
from ._project import MILESTONES, Project
from ._render import describe_rule, parameter_value
from ._report import Finding, Report
from .calendar import WorkCalendar

DEFAULT_TRIGGER = dt.date(2026, 9, 30)
MAX_POINTS = 4096


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# -- parameters ---------------------------------------------------------------------------------------


class ParameterSide(_Frozen):
    pack: str
    label: str
    type: str
    value: str = Field(description="as the regulation states it: 30个工作日内, ≥ ¥300,000, > 15%")
    inclusive: bool | None = Field(
        default=None, description="thresholds: whether the bound itself is in the stated set"
    )
    article: int
    quote: str
    due: dt.date | None = Field(default=None, description="periods: the due date from the comparison's trigger date")

    def cell(self) -> str:
        """The side as one table cell: value, article and, for periods, the due date."""
        text = f"{self.value}（第{self.article}条）"
        return text + (f" → {self.due.isoformat()}" if self.due else "")


class ParameterDiff(_Frozen):
    name: str
    status: Literal["same", "equivalent", "different", "only_a", "only_b"] = Field(
        description="equivalent: the same value, stated in other words or another article"
    )
    a: ParameterSide | None = None
    b: ParameterSide | None = None


def _param_side(pack: Pack, name: str, trigger: dt.date, calendar: WorkCalendar) -> ParameterSide:
    param = pack.spec.parameters[name]
    due = None
    inclusive = None
    if isinstance(param, PeriodParameter):
        counted = param.value.count(trigger, calendar)
        due = counted.due or counted.earliest
    else:
        inclusive = param.comparison in (">=", "<=")
    value = parameter_value(param)
    return ParameterSide(
        pack=pack.id,
        label=param.label.zh,
        type=param.type,
        value=value,
        inclusive=inclusive,
        article=param.article,
        quote=param.quote,
        due=due,
    )


def _parameter_diffs(a: Pack, b: Pack, trigger: dt.date, calendar: WorkCalendar) -> list[ParameterDiff]:
    result = []
    for name in sorted(set(a.spec.parameters) | set(b.spec.parameters)):
        side_a = _param_side(a, name, trigger, calendar) if name in a.spec.parameters else None
        side_b = _param_side(b, name, trigger, calendar) if name in b.spec.parameters else None
        status: Literal["same", "equivalent", "different", "only_a", "only_b"]
        if side_a is None:
            status = "only_b"
        elif side_b is None:
            status = "only_a"
        else:
            same = (side_a.type, side_a.value, side_a.inclusive) == (side_b.type, side_b.value, side_b.inclusive)
            if not same:
                status = "different"
            else:
                worded_alike = (side_a.quote, side_a.article) == (side_b.quote, side_b.article)
                status = "same" if worded_alike else "equivalent"
        result.append(ParameterDiff(name=name, status=status, a=side_a, b=side_b))
    return result


# -- rules --------------------------------------------------------------------------------------------


class RuleSide(_Frozen):
    pack: str
    rule: str
    article: int
    item: int | None = None
    quote: str
    condition: str
    requirement: str = Field(description="what the rule demands, in one line")
    responsible: str
    authority: str | None = None
    consequence: str | None = None


class RuleDiff(_Frozen):
    topic: str
    shape: str
    subject: str = Field(description="what the rule is about: a milestone, an ordered pair, withheld funds …")
    status: Literal["same", "different", "only_a", "only_b"]
    differences: tuple[str, ...] = ()
    a: tuple[RuleSide, ...] = ()
    b: tuple[RuleSide, ...] = ()


def _subject(rule: AnyRule, pack: Pack) -> str:
    if isinstance(rule, Requirement | Deadline):
        return rule.milestone if isinstance(rule, Requirement) else f"{rule.trigger}→{rule.milestone}"
    if isinstance(rule, Ordering):
        return f"{rule.first}≤{rule.then}"
    if isinstance(rule, Funding):
        return "withhold:" + "+".join(sorted(rule.withhold)) + ":" + ",".join(pack.conditions[rule.id].fields)
    if isinstance(rule, ChangeControl):
        return "changes"
    return ",".join(pack.conditions[rule.id].fields) or "always"


def _rule_side(rule: AnyRule, pack: Pack) -> RuleSide:
    agencies = pack.spec.agencies
    return RuleSide(
        pack=pack.id,
        rule=rule.id,
        article=rule.article,
        item=rule.item,
        quote=rule.quote,
        condition=pack.conditions[rule.id].text(),
        requirement=describe_rule(rule, pack, code=False),
        responsible=agencies[rule.responsible].zh,
        authority=agencies[rule.authority].zh if rule.authority else None,
        consequence=rule.consequence.zh if rule.consequence else None,
    )


def _compare_sides(a: Sequence[RuleSide], b: Sequence[RuleSide], versions: bool) -> list[str]:
    """What differs between aligned rules; for two versions of one pack, ids and articles count too."""
    notes = []
    compared = [
        ("condition", "条件"),
        ("requirement", "要求"),
        ("responsible", "责任"),
        ("authority", "主管部门"),
        ("consequence", "后果"),
        ("quote", "原文"),
    ]
    if versions:
        compared += [("rule", "规则"), ("article", "条款")]
    for field, label in compared:
        left = sorted({str(getattr(s, field)) for s in a})
        right = sorted({str(getattr(s, field)) for s in b})
        if left != right:
            notes.append(f"{label}: {' / '.join(left)} ↔ {' / '.join(right)}")
    return notes


def _rule_diffs(a: Pack, b: Pack) -> list[RuleDiff]:
    def groups(pack: Pack) -> dict[tuple[str, str, str], list[RuleSide]]:
        out: dict[tuple[str, str, str], list[RuleSide]] = {}
        for rule in pack.spec.rules:
            out.setdefault((rule.topic, rule.shape, _subject(rule, pack)), []).append(_rule_side(rule, pack))
        return out

    left, right = groups(a), groups(b)
    result = []
    for key in sorted(set(left) | set(right), key=lambda k: (TOPICS.index(k[0]), k[1], k[2])):
        sides_a, sides_b = left.get(key, []), right.get(key, [])
        notes: list[str] = []
        status: Literal["same", "different", "only_a", "only_b"]
        if not sides_b:
            status = "only_a"
        elif not sides_a:
            status = "only_b"
        else:
            notes = _compare_sides(sides_a, sides_b, versions=a.id == b.id)
            status = "different" if notes else "same"
        result.append(
            RuleDiff(
                topic=key[0],
                shape=key[1],
                subject=key[2],
                status=status,
                differences=tuple(notes),
                a=tuple(sides_a),
                b=tuple(sides_b),
            )
        )
    return result


# -- semantics ----------------------------------------------------------------------------------------


class Outcome(_Frozen):
    """What one pack says about one example project, within one topic."""

    summary: tuple[str, ...] = Field(description="the normalised outcome that differs")
    findings: tuple[str, ...] = Field(description="the findings behind it: rule, status or kind, article")


class SemanticExample(_Frozen):
    description: str = Field(description="the example's facts that differ from a default project, in words")
    project: dict[str, Any] = Field(description="the example project, ready to evaluate")
    as_of: dt.date
    a: Outcome
    b: Outcome
    points: int = Field(description="how many points of the fact space fall in this region")


class TopicSemantics(_Frozen):
    topic: str
    fields: tuple[str, ...] = Field(description="the facts the topic's conditions read, which span the space")
    points: int = Field(description="the size of the enumerated fact space")
    exhaustive: bool = Field(description="every point of the space was evaluated (else: too large, not proven)")
    agree: bool = Field(description="no point of the space gives different outcomes")
    examples: tuple[SemanticExample, ...] = ()


def _constants(node: Node, out: dict[str, set[Any]]) -> None:
    if isinstance(node, Leaf):
        out.setdefault(node.field, set())
        if node.value is not None and not isinstance(node.value, tuple | bool):
            out[node.field].add(node.value)
        if node.other_field:
            out.setdefault(node.other_field, set())
    elif isinstance(node, Not):
        _constants(node.item, out)
    elif isinstance(node, AllOf | AnyOf):
        for item in node.items:
            _constants(item, out)


def _rule_field_sets(pack: Pack, topic: str) -> list[dict[str, set[Any]]]:
    """For each rule of ``topic`` (scope rules for the scope topic), the fields it reads with their constants."""
    result = []
    for rule in pack.spec.rules:
        in_topic = (
            rule.shape == "scope_exclusion"
            if topic == "scope"
            else (rule.topic == topic and rule.shape != "scope_exclusion")
        )
        if in_topic:
            found: dict[str, set[Any]] = {}
            _constants(pack.conditions[rule.id].tree, found)
            if isinstance(rule, ChangeControl):
                for index in range(len(rule.branches)):
                    _constants(pack.branch_conditions[(rule.id, index)].tree, found)
            # the milestones the rule's timing turns on are part of its space, not only its condition
            for name in _rule_milestones(rule):
                found.setdefault(f"milestone.{name}", set())
            result.append({k: v for k, v in found.items() if not FIELDS[k].change_only})
    return result


def _rule_milestones(rule: AnyRule) -> tuple[str, ...]:
    if isinstance(rule, Requirement):
        return (rule.milestone, *rule.before, *((rule.after,) if rule.after else ()))
    if isinstance(rule, Deadline):
        return (rule.trigger, rule.milestone)
    if isinstance(rule, Ordering):
        return (rule.first, rule.then)
    return ()


def _groups(field_sets: list[dict[str, set[Any]]]) -> list[list[str]]:
    """Fields that some rule reads together, joined into independent groups (union–find)."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.setdefault(name, name) != name:
            name = parent[name]
        return name

    for fields in field_sets:
        names = sorted(fields)
        for name in names:
            root(name)
        for left, right in itertools.pairwise(names):
            parent[root(right)] = root(left)
    groups: dict[str, list[str]] = {}
    for name in sorted(parent):
        groups.setdefault(root(name), []).append(name)
    return sorted(groups.values())


_CENT = Decimal("0.01")


def _values(name: str, constants: set[Any]) -> list[Any]:
    spec = FIELDS[name]
    if spec.type == "bool":
        default = Project.model_fields[name].default
        return [default, not default]
    if spec.type == "enum":
        default = Project.model_fields[name].default
        return [default, *[v for v in spec.values if v != default]]
    if spec.type == "set":
        return [(), *[(v,) for v in spec.values]]
    if spec.type == "date":
        return [False, True]
    if spec.type == "ratio":  # om_fee_ratio: realised as a fee one cent under, at and over each bound
        return [
            None,
            *[(Decimal(c.numerator) / Decimal(c.denominator), d) for c in sorted(constants) for d in (-1, 0, 1)],
        ]
    if spec.type == "number":
        numbers = sorted({Decimal(c) for c in constants} | {Decimal(0)})
        points = {n + d for n in numbers for d in (-1, 0, 1) if n + d >= 0}
        return [None, *sorted(int(p) for p in points)]
    money = sorted({Decimal(c) for c in constants if not isinstance(c, str)})
    if not money:  # compared only with another amount (contract_amount > budget): around the default budget
        base = Decimal(500000)
        return [base] if name == "budget" else [None, base - _CENT, base, base + _CENT]
    points = {m + d for m in money for d in (-_CENT, Decimal(0), _CENT) if m + d >= 0}
    return sorted(points)


def _project_at(point: dict[str, Any], milestone_dates: dict[str, dt.date]) -> dict[str, Any]:
    record: dict[str, Any] = {"id": "example", "name": "示例项目", "budget": point.get("budget", Decimal(500000))}
    milestones: dict[str, str] = {}
    for name, value in point.items():
        spec = FIELDS[name]
        if name == "changes_unrecorded":  # derived: that many changes neither filed nor approved
            if value:
                record["changes"] = [{"date": "2026-05-06", "amount": Decimal(1000), "reason": "optimization"}] * value
        elif name == "om_fee_ratio":  # derived: the yearly fee that gives the ratio, ± one cent
            if value is not None:
                ratio, cents = value
                fee = ratio * Decimal(record["budget"]) + cents * _CENT
                if fee >= 0:
                    record["annual_om_fee"] = fee.quantize(_CENT)
        elif spec.type == "date":
            if value:
                milestone = name.removeprefix("milestone.")
                milestones[milestone] = milestone_dates[milestone].isoformat()
        elif spec.type == "set":
            record[name] = list(value)
        elif spec.type == "money" and name == "budget":
            record["budget"] = value
        elif value is not None:
            record[name] = value
    record["milestones"] = milestones
    return record


def _describe(record: dict[str, Any]) -> str:
    parts = [f"budget ¥{Decimal(record['budget']):,}"]
    for name, value in record.items():
        if name == "changes":
            for change in value:
                extra = [k for k in ("objective_changed",) if change.get(k)]
                extra += ["beyond estimate"] if change.get("within_estimate") is False else []
                parts.append(f"change ¥{Decimal(change['amount']):,} ({', '.join([change['reason'], *extra])})")
            continue
        if name in ("id", "name", "budget", "milestones"):
            continue
        if name in Project.model_fields and Project.model_fields[name].default == value:
            continue
        if isinstance(value, bool):
            parts.append(name if value else f"not {name}")
        elif isinstance(value, Decimal):
            parts.append(f"{name} ¥{value:,}")
        elif isinstance(value, list):
            if value:
                parts.append(f"{name} {'+'.join(value)}")
        else:
            parts.append(f"{name} {value}")
    if record["milestones"]:
        parts.append("milestones " + "+".join(record["milestones"]))
    return ", ".join(parts)


def _outcome(report: Report, topic: str, shared: set[str]) -> Outcome:
    if not report.applicable:
        rule = report.not_applicable.rule if report.not_applicable else "?"
        return Outcome(summary=("out of scope",), findings=(f"{rule} (not applicable)",))
    if topic == "scope":  # the applicable side: what it then asks of the project
        owed = tuple(f"{f.rule} 第{f.article}条: owes {f.milestone} ({f.status})" for f in report.obligations)
        return Outcome(summary=("in scope",), findings=owed)
    summary: set[str] = set()
    findings: list[str] = []

    def seen(f: Finding, text: str) -> None:
        summary.add(text)
        findings.append(f"{f.rule} 第{f.article}条: {text}")

    for f in report.obligations:
        if f.topic != topic:
            continue
        if f.change is not None:
            seen(f, f"change → {f.change.outcome}")
        elif f.milestone in shared:
            seen(f, f"owes {f.milestone} ({f.status})")
    for f in report.violations:
        if f.topic == topic and (f.kind == "prohibited" or f.milestone in shared):
            seen(f, "prohibited" if f.kind == "prohibited" else f"{f.kind} {f.milestone}")
    for f in report.consequences:
        if f.topic == topic or topic == "funding":
            seen(f, "withholds " + "+".join(f.withhold))
    return Outcome(summary=tuple(sorted(summary)) or ("nothing",), findings=tuple(findings))


def _topic_milestones(pack: Pack, topic: str) -> set[str]:
    names: set[str] = set()
    for rule in pack.spec.rules:
        if rule.topic == topic and isinstance(rule, Requirement | Deadline):
            names.add(rule.milestone)
    return names


class _Space:
    """The fact space of one topic for two packs, and the differences found in it."""

    def __init__(self, a: Pack, b: Pack, topic: str, as_of: dt.date, calendar: WorkCalendar) -> None:
        self.a, self.b, self.topic, self.as_of, self.calendar = a, b, topic, as_of, calendar
        # milestones either pack's rules of this topic are about: one pack owing a step the other never
        # asks for is a difference too (Jincheng's financial review, Tengzhou's pre-assessment)
        self.shared = _topic_milestones(a, topic) | _topic_milestones(b, topic)
        self.dates = {name: dt.date(2026, 1, 5) + dt.timedelta(days=3 * i) for i, name in enumerate(MILESTONES)}
        self.ratios = sorted(
            {p.value for pack in (a, b) for p in pack.spec.parameters.values() if isinstance(p, RatioParameter)}
        )
        self.regions: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Any]] = {}
        self.points = 0

    def changes(self, budget: Decimal) -> list[dict[str, Any] | None]:
        """For the change topic: one change at, one cent under and over each ratio bound, for each reason."""
        if self.topic != "change":
            return [None]
        amounts = {(budget * r + d).quantize(_CENT) for r in self.ratios for d in (-_CENT, Decimal(0), _CENT)}
        amounts = {a for a in amounts if a >= 0} | {Decimal(1000)}
        result: list[dict[str, Any] | None] = [
            {"date": "2026-05-06", "amount": amount, "reason": reason}
            for amount in sorted(amounts)
            for reason in ("optimization", "other")
        ]
        result.append(
            {"date": "2026-05-06", "amount": Decimal(1000), "reason": "optimization", "objective_changed": True}
        )
        result.append(
            {"date": "2026-05-06", "amount": Decimal(1000), "reason": "optimization", "within_estimate": False}
        )
        return result

    def explore(self, fields: list[str], constants: dict[str, set[Any]]) -> None:
        axes = [_values(name, constants.get(name, set())) for name in fields]
        for combo in itertools.product(*axes):
            self.visit_point(dict(zip(fields, combo, strict=True)))

    def visit_point(self, point: dict[str, Any]) -> None:
        """Evaluate the project at ``point`` — for the change topic, once with each boundary change."""
        base = _project_at(point, self.dates)
        for change in self.changes(Decimal(base["budget"])):
            record = dict(base)
            if change is not None:
                record["changes"] = [*record.get("changes", []), change]
            self.visit(record)

    def explore_stages(self, fields: list[str], constants: dict[str, set[Any]]) -> None:
        """Every value of the condition facts, with the milestones at each lifecycle stage: present in life
        order up to each step, and the full set with each single step skipped."""
        facts = [f for f in fields if FIELDS[f].type != "date"]
        steps = sorted(
            (f for f in fields if FIELDS[f].type == "date"),
            key=lambda f: list(MILESTONES).index(f.removeprefix("milestone.")),
        )
        stages = [steps[:k] for k in range(len(steps) + 1)] + [steps[:k] + steps[k + 1 :] for k in range(len(steps))]
        axes = [_values(name, constants.get(name, set())) for name in facts]
        combos: Iterable[tuple[Any, ...]]
        if _size(facts, constants) * len(stages) <= MAX_POINTS:
            combos = itertools.product(*axes)
        else:  # one fact at a time away from its default, the others at their defaults
            defaults = tuple(axis[0] for axis in axes)
            combos = [defaults] + [
                (*defaults[:i], value, *defaults[i + 1 :]) for i, axis in enumerate(axes) for value in axis[1:]
            ]
        for combo in combos:
            for stage in stages:
                self.visit_point(dict(zip(facts, combo, strict=True)) | dict.fromkeys(stage, True))

    def visit(self, record: dict[str, Any]) -> None:
        project = Project.model_validate(record)
        self.points += 1
        report_a = evaluate(project, self.a, self.as_of, calendar=self.calendar)
        report_b = evaluate(project, self.b, self.as_of, calendar=self.calendar)
        if self.topic != "scope" and not (report_a.applicable and report_b.applicable):
            return  # a difference of scope, reported under the scope topic
        out_a = _outcome(report_a, self.topic, self.shared)
        out_b = _outcome(report_b, self.topic, self.shared)
        if out_a.summary != out_b.summary:
            self.regions.setdefault((out_a.summary, out_b.summary), []).append((_weight(record), record, out_a, out_b))

    def examples(self) -> tuple[SemanticExample, ...]:
        found = []
        for members in self.regions.values():
            _, record, out_a, out_b = min(members, key=lambda m: m[0])
            found.append(
                SemanticExample(
                    description=_describe(record),
                    project=_jsonable(record),
                    as_of=self.as_of,
                    a=out_a,
                    b=out_b,
                    points=len(members),
                )
            )
        return tuple(sorted(found, key=lambda e: (-e.points, e.description)))


def _size(fields: Sequence[str], constants: dict[str, set[Any]]) -> int:
    size = 1
    for name in fields:
        size *= len(_values(name, constants.get(name, set())))
    return size


def _semantics(a: Pack, b: Pack, topic: str, as_of: dt.date, calendar: WorkCalendar) -> TopicSemantics:
    field_sets = _rule_field_sets(a, topic) + _rule_field_sets(b, topic)
    constants: dict[str, set[Any]] = {}
    for fields in field_sets:
        for name, values in fields.items():
            constants.setdefault(name, set()).update(values)
    if topic == "change":
        constants.setdefault("budget", set())
    names = sorted(constants)
    space = _Space(a, b, topic, as_of, calendar)
    if _size(names, constants) <= MAX_POINTS:
        space.explore(names, constants)
        exhaustive = True
    else:  # too large to prove: explore, and report only what is found
        exhaustive = False
        for group in _groups(field_sets):
            if _size(group, constants) <= MAX_POINTS:
                space.explore(group, constants)  # this group in full, the other facts at their defaults
            else:
                space.explore_stages(group, constants)
    examples = space.examples()
    return TopicSemantics(
        topic=topic,
        fields=tuple(names),
        points=space.points,
        exhaustive=exhaustive,
        agree=exhaustive and not examples,
        examples=examples,
    )


def _weight(record: dict[str, Any]) -> tuple[int, int, Decimal, int]:
    """Smaller is a simpler example: fewer facts changed, a round budget (the bound itself), fewer changes."""
    defaults = Project.model_fields
    changed = sum(
        1
        for k, v in record.items()
        if k in defaults and k not in ("id", "name", "budget", "milestones") and defaults[k].default != v
    )
    budget = Decimal(record["budget"])
    return (
        changed + len(record["milestones"]),
        0 if budget == budget.to_integral_value() else 1,
        budget,
        len(record.get("changes", [])),
    )


def _jsonable(record: dict[str, Any]) -> dict[str, Any]:
    def convert(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        return value

    return {k: convert(v) for k, v in record.items()}


# -- the diff -----------------------------------------------------------------------------------------


class PackRef(_Frozen):
    id: str
    title: str
    document_number: str
    digest: str


class PackDiff(_Frozen):
    """Everything that differs between two packs, aligned and explained."""

    a: PackRef
    b: PackRef
    trigger: dt.date = Field(description="the date periods are counted from for the due-date comparison")
    parameters: tuple[ParameterDiff, ...]
    rules: tuple[RuleDiff, ...]
    semantics: tuple[TopicSemantics, ...] = ()

    @property
    def empty(self) -> bool:
        """No parameter, rule or outcome differs."""
        return (
            all(p.status == "same" for p in self.parameters)
            and all(r.status == "same" for r in self.rules)
            and all(s.agree for s in self.semantics)
        )

    def topic(self, topic: str) -> PackDiff:
        """The diff restricted to one topic (parameters are kept: they are not tied to a topic)."""
        return self.model_copy(
            update={
                "rules": tuple(r for r in self.rules if r.topic == topic),
                "semantics": tuple(s for s in self.semantics if s.topic == topic),
            }
        )


def _ref(pack: Pack) -> PackRef:
    return PackRef(id=pack.id, title=pack.spec.title.zh, document_number=pack.spec.document_number, digest=pack.digest)


def diff(
    a: Pack,
    b: Pack,
    *,
    trigger: dt.date = DEFAULT_TRIGGER,
    semantic: bool = True,
    topics: Iterable[str] | None = None,
    as_of: dt.date = dt.date(2026, 12, 31),
    calendar: WorkCalendar | None = None,
) -> PackDiff:
    """Align and compare two packs; ``semantic=False`` skips the (slower) fact-space enumeration."""
    calendar = calendar or WorkCalendar.default()
    wanted = tuple(topics) if topics is not None else TOPICS
    semantics = tuple(_semantics(a, b, t, as_of, calendar) for t in wanted) if semantic else ()
    return PackDiff(
        a=_ref(a),
        b=_ref(b),
        trigger=trigger,
        parameters=tuple(_parameter_diffs(a, b, trigger, calendar)),
        rules=tuple(_rule_diffs(a, b)),
        semantics=semantics,
    )


# -- the matrix ---------------------------------------------------------------------------------------


class MatrixRow(_Frozen):
    kind: Literal["parameter", "topic"]
    name: str
    label: str
    cells: tuple[str, ...] = Field(description="one per pack, in the order of ComparisonMatrix.packs")
    differs: bool


class ComparisonMatrix(_Frozen):
    """Packs side by side: rows are parameters and topics, columns are packs."""

    packs: tuple[PackRef, ...]
    trigger: dt.date
    rows: tuple[MatrixRow, ...]


def compare(
    packs: Sequence[Pack], *, trigger: dt.date = DEFAULT_TRIGGER, calendar: WorkCalendar | None = None
) -> ComparisonMatrix:
    """A matrix of every parameter and topic across ``packs``."""
    calendar = calendar or WorkCalendar.default()
    rows = []
    names = sorted({name for pack in packs for name in pack.spec.parameters})
    for name in names:
        cells, label = [], name
        for pack in packs:
            if name in pack.spec.parameters:
                side = _param_side(pack, name, trigger, calendar)
                label = side.label
                cells.append(side.cell())
            else:
                cells.append("—")
        rows.append(
            MatrixRow(
                kind="parameter",
                name=name,
                label=label,
                cells=tuple(cells),
                differs=len({c.split("（")[0] for c in cells}) > 1,
            )
        )
    for topic in TOPICS:
        cells = []
        for pack in packs:
            rules = [r for r in pack.spec.rules if r.topic == topic]
            cells.append(f"{len(rules)}: " + ", ".join(r.id for r in rules) if rules else "—")
        rows.append(
            MatrixRow(
                kind="topic",
                name=topic,
                label=topic,
                cells=tuple(cells),
                differs=len({c == "—" for c in cells}) > 1 or len({c.split(":")[0] for c in cells}) > 1,
            )
        )
    return ComparisonMatrix(packs=tuple(_ref(p) for p in packs), trigger=trigger, rows=tuple(rows))
