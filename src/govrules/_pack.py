"""Policy packs: one YAML file per regulation, validated and compiled once per load.

The format is documented in docs/packs.md. Loading parses the YAML safely (duplicate keys and
custom tags refused), validates it against :class:`PackFile` (unknown fields refused, with a
suggestion), checks every reference (agencies, parameters, milestones, rules, workflow steps) and
compiles every condition to a closure. Any problem is a :class:`~govrules.PackError` naming the
file, the line and the rule.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from ._conditions import ALWAYS, Condition, ParamInfo, Where, parse_condition
from ._errors import PackError, UnknownPolicyError, suggest
from ._fast import build
from ._project import MILESTONES, Money
from ._report import Party
from ._yaml import Located, load_yaml, raise_validation, read_input
from .calendar import Period

Topic = Literal[
    "scope",
    "approval",
    "review",
    "procurement",
    "change",
    "construction",
    "acceptance",
    "filing",
    "evaluation",
    "operations",
    "decommission",
    "security",
    "data_sharing",
    "cloud",
    "funding",
]
TOPICS: tuple[str, ...] = get_args(Topic)


def _milestone_name(value: str) -> str:
    if value not in MILESTONES:
        hint = suggest(value, MILESTONES)
        raise ValueError(f"unknown milestone {value!r}" + (f"; did you mean {hint!r}?" if hint else ""))
    return value


Milestone = Annotated[str, AfterValidator(_milestone_name)]
RuleId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Comparison = Literal[">=", ">", "<=", "<"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Frozen):
    """A text in Chinese and English."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Jurisdiction(_Frozen):
    province: str
    city: str | None = None
    county: str | None = None
    level: Literal["province", "city", "county"]


class _Cited(_Frozen):
    article: int = Field(ge=1, le=300)
    item: int | None = Field(default=None, ge=1, description="项 (numbered item) within the article")
    quote: str = Field(min_length=2, description="verbatim from the source, the shortest span that states it")
    interpretation: str | None = None


class MoneyParameter(_Cited):
    """A threshold in yuan; ``comparison`` is the set the text states (达30万元以上: ``>=``)."""

    type: Literal["money"]
    value: Money
    comparison: Comparison
    label: Text


class RatioParameter(_Cited):
    """A ratio such as 10% (written 0.10); ``comparison`` as for money (不超过: ``<=``; 超过: ``>``)."""

    type: Literal["ratio"]
    value: Annotated[Decimal, Field(gt=0, le=10)]
    comparison: Comparison
    label: Text


class NumberParameter(_Cited):
    """A plain number such as a count of years; ``comparison`` as for money."""

    type: Literal["number"]
    value: Annotated[Decimal, Field(ge=0)]
    comparison: Comparison
    label: Text


class PeriodParameter(_Cited):
    """A period, in any of the calendar's kinds (docs/calendar.md)."""

    type: Literal["period"]
    value: Period
    label: Text


Parameter = Annotated[MoneyParameter | RatioParameter | NumberParameter | PeriodParameter, Field(discriminator="type")]


class _Rule(_Cited):
    id: RuleId
    topic: Topic
    when: Any = Field(default=True, description="the condition under which the rule applies")
    responsible: str = Field(default="unit", description="agency id of the party that must act")
    authority: str | None = Field(default=None, description="agency id of the authority concerned")
    consequence: Text | None = Field(default=None, description="what the regulation says follows a breach")
    message: Text


class ScopeExclusion(_Rule):
    """When the condition holds, the regulation does not apply to the project."""

    shape: Literal["scope_exclusion"]


class Requirement(_Rule):
    """When the condition holds, ``milestone`` must happen — before any of ``before``, after ``after``."""

    shape: Literal["requirement"]
    milestone: Milestone
    before: tuple[Milestone, ...] = ()
    after: Milestone | None = None


class Deadline(_Rule):
    """Once ``trigger`` happened, ``milestone`` is due within the period parameter ``period``."""

    shape: Literal["deadline"]
    trigger: Milestone
    milestone: Milestone
    period: str


class Ordering(_Rule):
    """``then`` must not happen before ``first`` (未批先建, 未招先建); the same day is in order."""

    shape: Literal["ordering"]
    first: Milestone
    then: Milestone


class Prohibition(_Rule):
    """When the condition holds, the project is in breach."""

    shape: Literal["prohibition"]


class ChangeBranch(_Frozen):
    """One outcome of change control; the first branch whose condition holds applies."""

    when: Any = True
    outcome: Literal["filing", "approval", "reapply"]
    record: Literal["filed", "approved"] = Field(description="the change field that shows it was done")
    authority: str | None = None
    article: int | None = Field(default=None, ge=1)
    item: int | None = None
    quote: str = Field(min_length=2)
    message: Text


class ChangeControl(_Rule):
    """Each change is routed by ``branches`` (ratio, reason, objective) to filing, approval or re-application."""

    shape: Literal["change_control"]
    branches: tuple[ChangeBranch, ...] = Field(min_length=1)


class Funding(_Rule):
    """Funds withheld while the condition holds, or while any rule of ``if_violated`` is breached."""

    shape: Literal["funding"]
    withhold: tuple[Literal["construction", "operations", "additional", "all"], ...] = Field(min_length=1)
    if_violated: tuple[str, ...] = ()


Rule = Annotated[
    ScopeExclusion | Requirement | Deadline | Ordering | Prohibition | ChangeControl | Funding,
    Field(discriminator="shape"),
]


class NotCheckable(_Frozen):
    """An article with nothing a project record can be checked against, and why."""

    article: int = Field(ge=1)
    reason: str = Field(min_length=4)


class WorkflowStep(_Frozen):
    """A step of the project's life, for ``next_steps``; ``after`` lists the steps it waits for."""

    id: str
    milestone: Milestone
    when: Any = True
    after: tuple[str, ...] = ()
    authority: str | None = None
    rule: str | None = Field(
        default=None, description="the rule cited; default: the requirement or deadline on the milestone"
    )


class PackFile(_Frozen):
    """A policy pack as written in YAML."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    title: Text
    document_number: str
    issuer: Text
    issued: dt.date
    effective: dt.date
    supersedes: tuple[str, ...] = ()
    jurisdiction: Jurisdiction
    source: str = Field(description="the regulation's text, relative to the pack file")
    agencies: dict[str, Text]
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    rules: tuple[Rule, ...] = Field(min_length=1)
    not_checkable: tuple[NotCheckable, ...] = ()
    workflow: tuple[WorkflowStep, ...] = ()


AnyRule = ScopeExclusion | Requirement | Deadline | Ordering | Prohibition | ChangeControl | Funding


@dataclass(frozen=True, slots=True)
class Pack:
    """A loaded, validated and compiled policy pack. Immutable; share it freely between threads."""

    spec: PackFile
    path: Path
    digest: str
    conditions: Mapping[str, Condition] = field(repr=False)
    branch_conditions: Mapping[tuple[str, int], Condition] = field(repr=False)
    step_conditions: Mapping[str, Condition] = field(repr=False)
    located: Located = field(repr=False, compare=False)
    parties: Mapping[str, Mapping[str, Party]] = field(repr=False, compare=False, default_factory=dict)
    """lang → agency id → the agency as a report names it."""
    step_rules: Mapping[str, AnyRule] = field(repr=False, compare=False, default_factory=dict)
    """workflow step id → the rule a next step cites."""
    templates: Mapping[str, Mapping[str, Mapping[str, Any]]] = field(repr=False, compare=False, default_factory=dict)
    """lang → rule id → the finding fields that do not depend on the project or the date."""

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def rules(self) -> tuple[AnyRule, ...]:
        return self.spec.rules

    def rule(self, rule_id: str) -> AnyRule:
        for rule in self.spec.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def source_path(self) -> Path:
        return (self.path.parent / self.spec.source).resolve()

    def line_of(self, *path: str | int) -> int | None:
        return self.located.line(path)


# -- loading -----------------------------------------------------------------------------------------


def shipped_dir() -> Path:
    """The folder of the packs shipped inside the installed package."""
    return Path(str(resources.files("govrules") / "policies"))


def shipped_packs() -> dict[str, Path]:
    """Shipped pack id → file."""
    return {p.stem: p for p in sorted(shipped_dir().glob("*.yaml"))}


def load_pack(name_or_path: str | Path) -> Pack:
    """A shipped pack by id (``jincheng``) or a pack file by path."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        path = candidate
    else:
        packs = shipped_packs()
        if str(name_or_path) not in packs:
            raise UnknownPolicyError(str(name_or_path), packs)
        path = packs[str(name_or_path)]
    return _parse_cached(read_input(path, PackError, "the pack"), str(path))


@cache
def _parse_cached(raw: bytes, source: str) -> Pack:
    return parse_pack(raw, source)


def parse_pack(raw: bytes | str, source: str) -> Pack:
    """Parse, validate and compile a pack from YAML text."""
    data = raw.encode() if isinstance(raw, str) else raw
    located = load_yaml(data, source, PackError)
    if not isinstance(located.data, dict):
        raise PackError("a pack must be a mapping", source=source, line=1, expected="id, title, rules, …")
    try:
        spec = PackFile.model_validate(located.data)
    except ValidationError as exc:
        raise_validation(exc, located, PackFile, PackError)
    return _compile(spec, located, Path(source), hashlib.sha256(data).hexdigest()[:12])


def _compile(spec: PackFile, located: Located, path: Path, digest: str) -> Pack:
    source = located.source

    def where(rule: str | None, *at: str | int) -> Where:
        return Where(source, located.line(at), ".".join(str(p) for p in at), rule)

    def fail(problem: str, *at: str | int, expected: str | None = None, suggestion: str | None = None) -> PackError:
        return PackError(
            problem,
            source=source,
            line=located.line(at),
            field=".".join(str(p) for p in at),
            expected=expected,
            suggestion=suggestion,
        )

    params = {name: ParamInfo(p.type, p.value, getattr(p, "comparison", None)) for name, p in spec.parameters.items()}
    agencies = set(spec.agencies)
    if "unit" not in agencies:
        raise fail("the agencies must include 'unit' (项目建设单位), the default responsible party", "agencies")

    def agency(value: str | None, rule: str, *at: str | int) -> None:
        if value is not None and value not in agencies:
            raise fail(
                f"rule {rule}: unknown agency {value!r}",
                *at,
                expected="an id under 'agencies'",
                suggestion=suggest(value, agencies),
            )

    ids: dict[str, int] = {}
    conditions: dict[str, Condition] = {}
    branch_conditions: dict[tuple[str, int], Condition] = {}
    for index, rule in enumerate(spec.rules):
        if rule.id in ids:
            raise fail(f"duplicate rule id {rule.id!r} (first is rules[{ids[rule.id]}])", "rules", index, "id")
        ids[rule.id] = index
        agency(rule.responsible, rule.id, "rules", index, "responsible")
        agency(rule.authority, rule.id, "rules", index, "authority")
        conditions[rule.id] = (
            ALWAYS if rule.when is True else parse_condition(rule.when, where(rule.id, "rules", index, "when"), params)
        )
        if isinstance(rule, Deadline):
            param = spec.parameters.get(rule.period)
            if param is None or param.type != "period":
                raise fail(
                    f"rule {rule.id}: {rule.period!r} is not a period parameter",
                    "rules",
                    index,
                    "period",
                    expected="the name of a parameter of type period",
                    suggestion=suggest(rule.period, [n for n, p in spec.parameters.items() if p.type == "period"]),
                )
        if isinstance(rule, ChangeControl):
            for b_index, branch in enumerate(rule.branches):
                agency(branch.authority, rule.id, "rules", index, "branches", b_index, "authority")
                branch_conditions[(rule.id, b_index)] = parse_condition(
                    branch.when, where(rule.id, "rules", index, "branches", b_index, "when"), params, in_change=True
                )
    for index, rule in enumerate(spec.rules):
        if isinstance(rule, Funding):
            for name in rule.if_violated:
                if name not in ids:
                    raise fail(
                        f"rule {rule.id}: if_violated names unknown rule {name!r}",
                        "rules",
                        index,
                        "if_violated",
                        suggestion=suggest(name, ids),
                    )
            if rule.when is True and not rule.if_violated:
                raise fail(f"rule {rule.id}: a funding rule needs a condition or if_violated", "rules", index)

    steps: dict[str, Condition] = {}
    for index, step in enumerate(spec.workflow):
        if step.id in steps:
            raise fail(f"duplicate workflow step {step.id!r}", "workflow", index, "id")
        for before in step.after:
            if before not in steps:
                raise fail(
                    f"workflow step {step.id!r} waits for {before!r}, which is not an earlier step",
                    "workflow",
                    index,
                    "after",
                    expected="ids of steps listed above this one",
                    suggestion=suggest(before, steps),
                )
        agency(step.authority, f"workflow.{step.id}", "workflow", index, "authority")
        if step.rule is not None and step.rule not in ids:
            raise fail(
                f"workflow step {step.id!r} cites unknown rule {step.rule!r}",
                "workflow",
                index,
                "rule",
                suggestion=suggest(step.rule, ids),
            )
        if step.rule is None and not any(
            isinstance(r, Requirement | Deadline) and r.milestone == step.milestone for r in spec.rules
        ):
            raise fail(
                f"workflow step {step.id!r}: no requirement or deadline rule governs {step.milestone!r}",
                "workflow",
                index,
                expected="'rule: RULE-ID' naming the rule this step follows from",
            )
        steps[step.id] = (
            ALWAYS if step.when is True else parse_condition(step.when, where(None, "workflow", index, "when"), params)
        )

    parties = {
        lang: {agency: build(Party, {"id": agency, "name": text.get(lang)}) for agency, text in spec.agencies.items()}
        for lang in ("zh", "en")
    }
    templates = {lang: {rule.id: _template(rule, lang, parties[lang]) for rule in spec.rules} for lang in ("zh", "en")}
    by_id = {rule.id: rule for rule in spec.rules}
    step_rules = {
        step.id: by_id[step.rule]
        if step.rule
        else next(r for r in spec.rules if isinstance(r, Requirement | Deadline) and r.milestone == step.milestone)
        for step in spec.workflow
    }
    return Pack(
        spec=spec,
        path=path,
        digest=digest,
        conditions=conditions,
        branch_conditions=branch_conditions,
        step_conditions=steps,
        located=located,
        templates=templates,
        step_rules=step_rules,
        parties=parties,
    )


def _template(rule: AnyRule, lang: str, parties: Mapping[str, Party]) -> dict[str, Any]:
    """The fields of every finding of ``rule`` that do not depend on the project or the date."""
    return {
        "rule": rule.id,
        "shape": rule.shape,
        "topic": rule.topic,
        "article": rule.article,
        "item": rule.item,
        "quote": rule.quote,
        "interpretation": rule.interpretation,
        "message": rule.message.get(lang),
        "responsible": parties[rule.responsible],
        "authority": parties[rule.authority] if rule.authority else None,
        "milestone": None,
        "status": None,
        "kind": None,
        "done": None,
        "due": None,
        "due_estimated": False,
        "earliest": None,
        "counted_from": None,
        "period": None,
        "counted": None,
        "days_left": None,
        "facts": {},
        "change": None,
        "consequence": rule.consequence.get(lang) if rule.consequence else None,
        "withhold": (),
    }


# -- the regulation's text ---------------------------------------------------------------------------

_NUMERALS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ARTICLE = re.compile(r"第([一二三四五六七八九十百零]+)条")


def chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 三十六 → 36, 一百零二 → 102.

    Digits without 十/百 read positionally, as in the misprint 第三五条 (= 第三十五条) of
    滕政办发〔2025〕8号.

    >>> [chinese_number(t) for t in ("一", "十", "十二", "二十", "三十六", "一百零二", "三五")]
    [1, 10, 12, 20, 36, 102, 35]
    """
    if len(text) > 1 and not set(text) & {"十", "百"}:
        return int("".join(str(_NUMERALS[c]) for c in text))
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _NUMERALS[char]
    return total + current


def normalise(text: str) -> str:
    """The text with all whitespace removed, for quote matching."""
    return re.sub(r"\s+", "", text)


def articles(source_text: str) -> dict[int, str]:
    """Split a regulation into its articles (第N条 at the start of a paragraph), whitespace removed.

    An article runs to the next article heading; the first heading must be 第一条.
    """
    flat = normalise(source_text)
    found: dict[int, str] = {}
    expected = 1
    matches = list(_ARTICLE.finditer(flat))
    starts: list[tuple[int, int]] = []
    for match in matches:
        number = chinese_number(match.group(1))
        if number == expected:  # a heading; cross-references such as "第三条规定" are skipped
            starts.append((number, match.start()))
            expected += 1
    for position, (number, start) in enumerate(starts):
        end = starts[position + 1][1] if position + 1 < len(starts) else len(flat)
        found[number] = flat[start:end]
    return found


def read_source(pack: Pack) -> str:
    """The regulation's text of a pack."""
    try:
        return pack.source_path().read_text("utf-8")
    except OSError as exc:
        raise PackError(
            f"cannot read the regulation's text {pack.spec.source!r}: {exc.strerror}",
            source=str(pack.path),
            line=pack.line_of("source"),
            field="source",
        ) from None


@dataclass(frozen=True, slots=True)
class QuoteProblem:
    where: str
    line: int | None
    article: int
    quote: str
    nearest: str

    def message(self, source: str) -> str:
        return (
            f"{source}:{self.line}: {self.where}: quote not found verbatim in article {self.article}: "
            f"{self.quote!r}; nearest text there: {self.nearest!r}"
        )


def _nearest(article_text: str, quote: str) -> str:
    """The span of the article most like the quote (for the error message)."""
    import difflib

    needle = normalise(quote)
    width = len(needle)
    best, best_ratio = "", -1.0
    for start in range(0, max(1, len(article_text) - width + 1), max(1, width // 4)):
        window = article_text[start : start + width]
        ratio = difflib.SequenceMatcher(None, needle, window).ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return best


def verify_quotes(pack: Pack) -> list[QuoteProblem]:
    """Every rule, branch and parameter quote must occur verbatim (whitespace aside) in its article."""
    text = articles(read_source(pack))
    cited: list[tuple[str, tuple[str | int, ...], int, str]] = []
    for name, param in pack.spec.parameters.items():
        cited.append((f"parameter {name}", ("parameters", name, "quote"), param.article, param.quote))
    for index, rule in enumerate(pack.spec.rules):
        cited.append((f"rule {rule.id}", ("rules", index, "quote"), rule.article, rule.quote))
        if isinstance(rule, ChangeControl):
            for b_index, branch in enumerate(rule.branches):
                cited.append(
                    (
                        f"rule {rule.id} branch {b_index}",
                        ("rules", index, "branches", b_index, "quote"),
                        branch.article or rule.article,
                        branch.quote,
                    )
                )
    problems = []
    for where, path, article, quote in cited:
        body = text.get(article, "")
        if normalise(quote) not in body:
            problems.append(QuoteProblem(where, pack.line_of(*path), article, quote, _nearest(body, quote)))
    return problems


@dataclass(frozen=True, slots=True)
class ArticleCoverage:
    """One article of the source: its opening words, the rules that encode it, or why none does."""

    article: int
    opening: str
    rules: tuple[str, ...]
    reason: str | None

    @property
    def covered(self) -> bool:
        return bool(self.rules) or self.reason is not None


def coverage(pack: Pack) -> list[ArticleCoverage]:
    """Every article of the source with the rules (and change branches) citing it, or its recorded reason."""
    by_article: dict[int, list[str]] = {}
    for rule in pack.spec.rules:
        by_article.setdefault(rule.article, []).append(rule.id)
        if isinstance(rule, ChangeControl):
            for branch in rule.branches:
                if branch.article and branch.article != rule.article:
                    by_article.setdefault(branch.article, []).append(rule.id)
    reasons = {n.article: n.reason for n in pack.spec.not_checkable}
    result = []
    for number, text in articles(read_source(pack)).items():
        opening = _ARTICLE.sub("", text, count=1)[:36]
        result.append(ArticleCoverage(number, opening, tuple(by_article.get(number, ())), reasons.get(number)))
    return result


def uncovered_articles(pack: Pack) -> list[int]:
    """Articles of the source encoded by no rule and not listed under not_checkable."""
    return [a.article for a in coverage(pack) if not a.covered]
