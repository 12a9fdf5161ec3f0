"""Rule conditions: a typed tree over project facts, validated at load and compiled to closures.

A condition is ``{all: [...]}``, ``{any: [...]}``, ``{not: ...}`` or a leaf. A leaf is a mapping
``{field: budget, op: ">=", param: financial_review_threshold}`` or the same thing written compactly
as a string — both parse into the same :class:`Leaf`::

    budget >= $financial_review_threshold      # a named parameter of the pack
    kind in [new, expansion]                   # an enumeration
    classified                                 # a flag is true;  "not classified": false
    milestone.accepted exists                  # a milestone happened (also: missing)
    builds intersects [data_center, machine_room]
    contract_amount > budget                   # two amounts of the record
    change.ratio <= $change_limit              # inside change_control branches only

Nothing is ever passed to ``eval``: strings are split into tokens and looked up in fixed tables.
Ratios are compared exactly (as fractions), money as ``Decimal``; a fact the record leaves empty
(``annual_om_fee`` unset) makes every comparison on it false, so no violation comes from a blank.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal, get_args

from ._errors import PackError, suggest
from ._project import MILESTONES, Build, Category, Change, ChangeReason, Deployment, Kind, Project

FieldType = Literal["money", "ratio", "number", "bool", "enum", "set", "date"]


@dataclass(slots=True)
class Facts:
    """What a condition reads: the project, its milestones as of the evaluation date, one change."""

    project: Project
    milestones: Mapping[str, dt.date]
    change: Change | None = None
    as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    type: FieldType
    get: Callable[[Facts], Any] = field(repr=False)
    values: tuple[str, ...] = ()
    change_only: bool = False


def _ratio(part: Decimal | None, whole: Decimal) -> Fraction | None:
    if part is None or whole == 0:
        return None  # no ratio to a zero budget: every comparison on it is false
    return Fraction(abs(part)) / Fraction(whole)


def _changes_unrecorded(facts: Facts) -> int:
    """Changes made by the evaluation date that are neither filed nor approved by it."""
    as_of = facts.as_of or dt.date.max
    return sum(
        1
        for c in facts.project.changes
        if c.date <= as_of
        and not (c.filed is not None and c.filed <= as_of)
        and not (c.approved is not None and c.approved <= as_of)
    )


def _project_attr(name: str) -> Callable[[Facts], Any]:
    return lambda facts: getattr(facts.project, name)


def _change_attr(name: str) -> Callable[[Facts], Any]:
    return lambda facts: getattr(facts.change, name) if facts.change is not None else None


def _milestone(name: str) -> Callable[[Facts], Any]:
    return lambda facts: facts.milestones.get(name)


def _build_fields() -> dict[str, FieldSpec]:
    specs: list[FieldSpec] = []
    for name in ("budget", "annual_om_fee", "contract_amount", "spent"):
        specs.append(FieldSpec(name, "money", _project_attr(name)))
    specs.append(FieldSpec("free_om_years", "number", _project_attr("free_om_years")))
    specs.append(FieldSpec("changes_unrecorded", "number", _changes_unrecorded))
    for name, info in Project.model_fields.items():
        if info.annotation is bool:
            specs.append(FieldSpec(name, "bool", _project_attr(name)))
    for name, literal in (("kind", Kind), ("category", Category), ("deployment", Deployment)):
        specs.append(FieldSpec(name, "enum", _project_attr(name), get_args(literal)))
    specs.append(FieldSpec("builds", "set", _project_attr("builds"), get_args(Build)))
    specs.append(FieldSpec("om_fee_ratio", "ratio", lambda f: _ratio(f.project.annual_om_fee, f.project.budget)))
    specs.extend(FieldSpec(f"milestone.{name}", "date", _milestone(name)) for name in MILESTONES)
    specs.append(FieldSpec("change.amount", "money", _change_attr("amount"), change_only=True))
    specs.append(
        FieldSpec(
            "change.ratio",
            "ratio",
            lambda f: _ratio(f.change.amount, f.project.budget) if f.change is not None else None,
            change_only=True,
        )
    )
    specs.append(FieldSpec("change.reason", "enum", _change_attr("reason"), get_args(ChangeReason), True))
    specs.append(FieldSpec("change.objective_changed", "bool", _change_attr("objective_changed"), change_only=True))
    specs.append(FieldSpec("change.within_estimate", "bool", _change_attr("within_estimate"), change_only=True))
    return {spec.name: spec for spec in specs}


FIELDS: dict[str, FieldSpec] = _build_fields()

OPERATORS: dict[FieldType, tuple[str, ...]] = {
    "money": ("==", "!=", "<", "<=", ">", ">="),
    "ratio": ("==", "!=", "<", "<=", ">", ">="),
    "number": ("==", "!=", "<", "<=", ">", ">="),
    "bool": ("==", "!="),
    "enum": ("==", "!=", "in", "not_in"),
    "set": ("contains", "not_contains", "intersects", "disjoint"),
    "date": ("exists", "missing"),
}
_OPERATOR_SLIPS = {"=>": ">=", "=<": "<=", "=": "==", "<>": "!=", "≥": ">=", "≤": "<=", "≠": "!="}


# -- the tree ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Leaf:
    field: str
    op: str
    value: Any = None  # Decimal | Fraction | bool | str | tuple[str, ...] | None
    param: str | None = None  # the pack parameter the value came from
    other_field: str | None = None  # comparing two amounts of the record

    def text(self) -> str:
        spec = FIELDS[self.field]
        if spec.type == "date":
            return f"{self.field} {self.op}"
        if spec.type == "bool" and self.op in ("==", "!=") and self.param is None:
            return self.field if (self.value is True) == (self.op == "==") else f"not {self.field}"
        if self.param:
            right = f"${self.param}"
        elif self.other_field:
            right = self.other_field
        elif isinstance(self.value, tuple):
            right = "[" + ", ".join(self.value) + "]"
        elif isinstance(self.value, Fraction):
            right = str(Decimal(self.value.numerator) / Decimal(self.value.denominator))
        else:
            right = str(self.value)
        return f"{self.field} {self.op} {right}"


@dataclass(frozen=True, slots=True)
class All:
    items: tuple[Node, ...]

    def text(self) -> str:
        return " and ".join(_wrap(i) for i in self.items) if self.items else "always"


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Node, ...]

    def text(self) -> str:
        return " or ".join(_wrap(i) for i in self.items)


@dataclass(frozen=True, slots=True)
class Not:
    item: Node

    def text(self) -> str:
        return f"not ({self.item.text()})"


Node = Leaf | All | AnyOf | Not


def _wrap(node: Node) -> str:
    return f"({node.text()})" if isinstance(node, All | AnyOf) and len(node.items) > 1 else node.text()


@dataclass(frozen=True, slots=True)
class Condition:
    """A compiled condition: the tree (for display and analysis) and its test closure."""

    tree: Node
    test: Callable[[Facts], bool] = field(repr=False, compare=False)
    fields: tuple[str, ...] = ()
    readers: tuple[tuple[str, Callable[[Facts], Any]], ...] = field(default=(), repr=False, compare=False)
    """Each field with a reader that gives its value JSON-ready, for a finding's ``facts``."""

    def text(self) -> str:
        return self.tree.text()


ALWAYS = Condition(All(()), lambda facts: True, ())


# -- parsing -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParamInfo:
    """What a condition needs to know of a pack parameter."""

    type: str  # money | ratio | period
    value: Any
    comparison: str | None  # the stated set of a threshold: ">=", ">", "<=", "<"


_COMPLEMENT = {">=": "<", "<": ">=", ">": "<=", "<=": ">"}


@dataclass(frozen=True, slots=True)
class Where:
    """Where a condition sits in the pack, for error messages."""

    source: str
    line: int | None
    path: str
    rule: str | None


_TOKEN = re.compile(r"\[[^\]]*\]|\S+")


def parse_condition(
    raw: Any,
    where: Where,
    params: Mapping[str, ParamInfo],
    *,
    in_change: bool = False,
) -> Condition:
    """Parse and type-check a condition, and compile it to a closure."""
    tree = _parse(raw, where, params, in_change)
    fields = tuple(sorted(_fields(tree)))
    return Condition(tree, _compile(tree), fields, tuple((name, _reader(name)) for name in fields))


def _fail(where: Where, problem: str, expected: str | None = None, suggestion: str | None = None) -> PackError:
    prefix = f"rule {where.rule}: " if where.rule else ""
    return PackError(
        prefix + problem,
        source=where.source,
        line=where.line,
        field=where.path,
        expected=expected,
        suggestion=suggestion,
    )


def _parse(raw: Any, where: Where, params: Mapping[str, ParamInfo], in_change: bool) -> Node:
    if isinstance(raw, str):
        return _leaf_from_text(raw, where, params, in_change)
    if isinstance(raw, dict):
        keys = set(raw)
        if keys == {"all"} or keys == {"any"}:
            (key,) = keys
            items = raw[key]
            if not isinstance(items, list) or not items:
                raise _fail(where, f"'{key}' needs a non-empty list of conditions")
            parsed = tuple(_parse(i, where, params, in_change) for i in items)
            return All(parsed) if key == "all" else AnyOf(parsed)
        if keys == {"not"}:
            return Not(_parse(raw["not"], where, params, in_change))
        if "field" in keys:
            unknown = keys - {"field", "op", "value", "param"}
            if unknown:
                word = sorted(unknown)[0]
                raise _fail(
                    where,
                    f"unknown key {word!r} in a condition leaf",
                    expected="field, op, and value or param",
                    suggestion=suggest(word, ["field", "op", "value", "param"]),
                )
            return _leaf(
                str(raw["field"]),
                str(raw.get("op", "==")),
                raw.get("value"),
                raw.get("param"),
                where,
                params,
                in_change,
                has_value="value" in raw,
            )
        word = sorted(keys)[0] if keys else ""
        raise _fail(
            where,
            f"unknown condition form {sorted(keys)}",
            expected="all, any, not, or a leaf (field/op/value)",
            suggestion=suggest(word, ["all", "any", "not", "field"]),
        )
    if raw is True:
        return All(())
    raise _fail(where, f"{raw!r} is not a condition", expected="a string leaf, or a mapping with all/any/not/field")


def _leaf_from_text(text: str, where: Where, params: Mapping[str, ParamInfo], in_change: bool) -> Node:
    tokens = _TOKEN.findall(text)
    if len(tokens) == 1:
        return _leaf(tokens[0], "==", True, None, where, params, in_change, has_value=True, bare=True)
    if len(tokens) == 2 and tokens[0] == "not":
        return _leaf(tokens[1], "==", False, None, where, params, in_change, has_value=True, bare=True)
    if len(tokens) == 2 and tokens[1] in ("exists", "missing"):
        return _leaf(tokens[0], tokens[1], None, None, where, params, in_change, has_value=False)
    if len(tokens) == 3:
        name, op, right = tokens
        if right.startswith("$"):
            return _leaf(name, op, None, right[1:], where, params, in_change, has_value=False)
        return _leaf(name, op, _literal(right), None, where, params, in_change, has_value=True)
    raise _fail(
        where,
        f"cannot read condition {text!r}",
        expected="'FIELD OP VALUE', 'FIELD', 'not FIELD' or 'milestone.NAME exists|missing'",
    )


def _literal(token: str) -> Any:
    if token.startswith("["):
        return [t.strip() for t in token[1:-1].split(",") if t.strip()]
    if token in ("true", "false"):
        return token == "true"
    return token


def _leaf(
    name: str,
    op: str,
    value: Any,
    param: str | None,
    where: Where,
    params: Mapping[str, ParamInfo],
    in_change: bool,
    *,
    has_value: bool,
    bare: bool = False,
) -> Leaf:
    spec = FIELDS.get(name)
    if spec is None:
        raise _fail(
            where,
            f"unknown field {name!r}",
            expected="a project field (docs/packs.md, 'Condition fields')",
            suggestion=suggest(name, FIELDS),
        )
    if spec.change_only and not in_change:
        raise _fail(where, f"{name!r} can only be used inside change_control branches")
    if bare and spec.type != "bool":
        raise _fail(where, f"{name!r} is a {spec.type} field, not a flag", expected=f"'{name} OP VALUE'")
    allowed = OPERATORS[spec.type]
    if op not in allowed:
        raise _fail(
            where,
            f"operator {op!r} does not apply to {spec.type} field {name!r}",
            expected="one of " + ", ".join(allowed),
            suggestion=_OPERATOR_SLIPS.get(op) if _OPERATOR_SLIPS.get(op) in allowed else suggest(op, allowed),
        )
    if spec.type == "date":
        if has_value or param:
            raise _fail(where, f"{name} takes no value", expected=f"'{name} exists' or '{name} missing'")
        return Leaf(name, op)
    if param is not None:
        return _param_leaf(spec, op, param, where, params)
    if not has_value:
        raise _fail(where, f"the condition on {name!r} has no value", expected="value or param")
    if spec.type == "money" and isinstance(value, str) and FIELDS.get(value) and FIELDS[value].type == "money":
        return Leaf(name, op, None, other_field=value)
    return Leaf(name, op, _typed_value(spec, op, value, where))


def _param_leaf(spec: FieldSpec, op: str, param: str, where: Where, params: Mapping[str, ParamInfo]) -> Leaf:
    info = params.get(param)
    if info is None:
        raise _fail(
            where,
            f"unknown parameter ${param}",
            expected="a parameter defined under 'parameters'",
            suggestion=suggest(param, params),
        )
    if info.type != spec.type:
        raise _fail(where, f"${param} is a {info.type} parameter but {spec.name!r} is a {spec.type} field")
    if info.comparison and op not in (info.comparison, _COMPLEMENT[info.comparison]):
        raise _fail(
            where,
            f"${param} states the set '{info.comparison} {info.value}', so {op!r} mis-draws its boundary",
            expected=f"{info.comparison!r} (the stated set) or {_COMPLEMENT[info.comparison]!r} (its complement)",
        )
    value = Fraction(info.value) if spec.type == "ratio" else info.value
    return Leaf(spec.name, op, value, param=param)


def _typed_value(spec: FieldSpec, op: str, value: Any, where: Where) -> Any:
    name = spec.name
    if spec.type in ("money", "ratio", "number"):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise _fail(where, f"{value!r} is not a number, for {spec.type} field {name!r}") from None
        return Fraction(number) if spec.type == "ratio" else number
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise _fail(where, f"{value!r} is not true or false, for flag {name!r}")
        return value
    many = op in ("in", "not_in", "intersects", "disjoint")
    items = value if isinstance(value, list) else [value]
    if many != isinstance(value, list):
        raise _fail(where, f"operator {op!r} on {name!r} takes {'a list' if many else 'one value'}")
    for item in items:
        if item not in spec.values:
            raise _fail(
                where,
                f"{item!r} is not a value of {name!r}",
                expected="one of " + ", ".join(spec.values),
                suggestion=suggest(str(item), spec.values),
            )
    return tuple(items) if many else items[0]


def _fields(node: Node) -> set[str]:
    if isinstance(node, Leaf):
        return {node.field} | ({node.other_field} if node.other_field else set())
    if isinstance(node, Not):
        return _fields(node.item)
    return set().union(*(_fields(i) for i in node.items)) if node.items else set()


# -- compiling ---------------------------------------------------------------------------------------

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: bool(a == b),
    "!=": lambda a, b: bool(a != b),
    "<": lambda a, b: bool(a < b),
    "<=": lambda a, b: bool(a <= b),
    ">": lambda a, b: bool(a > b),
    ">=": lambda a, b: bool(a >= b),
}


def _compile(node: Node) -> Callable[[Facts], bool]:
    if isinstance(node, All):
        parts = tuple(_compile(i) for i in node.items)
        if not parts:
            return lambda facts: True
        if len(parts) == 1:
            return parts[0]
        return lambda facts: all(p(facts) for p in parts)
    if isinstance(node, AnyOf):
        parts = tuple(_compile(i) for i in node.items)
        return lambda facts: any(p(facts) for p in parts)
    if isinstance(node, Not):
        inner = _compile(node.item)
        return lambda facts: not inner(facts)
    return _compile_leaf(node)


def _compile_leaf(leaf: Leaf) -> Callable[[Facts], bool]:
    fast = _fast_leaf(leaf)
    if fast is not None:
        return fast
    get = FIELDS[leaf.field].get
    op, value = leaf.op, leaf.value
    if op == "exists":
        return lambda facts: get(facts) is not None
    if op == "missing":
        return lambda facts: get(facts) is None
    if op in ("in", "not_in"):
        members = frozenset(value)
        inside = op == "in"
        return lambda facts: (get(facts) in members) == inside
    if op in ("contains", "not_contains"):
        want = op == "contains"
        return lambda facts: (value in get(facts)) == want
    if op in ("intersects", "disjoint"):
        members = frozenset(value)
        want = op == "intersects"
        return lambda facts: bool(members.intersection(get(facts))) == want
    compare = _COMPARE[op]
    if leaf.other_field:
        other = FIELDS[leaf.other_field].get

        def both(facts: Facts) -> bool:
            left, right = get(facts), other(facts)
            return left is not None and right is not None and compare(left, right)

        return both

    def one(facts: Facts) -> bool:
        current = get(facts)
        return current is not None and compare(current, value)

    return one


def _fast_leaf(leaf: Leaf) -> Callable[[Facts], bool] | None:
    """One-call closures for the commonest leaves (milestones, flags, enumerations) — the hot path.

    They read the same attributes as the generic closures; ``tests/test_conditions.py`` checks both
    agree on every field and operator.
    """
    name, op, value = leaf.field, leaf.op, leaf.value
    spec = FIELDS[name]
    if spec.change_only:
        return None
    if spec.type == "date":
        milestone = name.removeprefix("milestone.")
        if op == "exists":
            return lambda facts: milestone in facts.milestones
        return lambda facts: milestone not in facts.milestones
    if spec.type == "bool" and leaf.param is None:
        want = value if op == "==" else not value
        return lambda facts: getattr(facts.project, name) is want
    if spec.type == "enum":
        if op in ("in", "not_in"):
            members = frozenset(value)
            inside = op == "in"
            return lambda facts: (getattr(facts.project, name) in members) is inside
        equal = op == "=="
        return lambda facts: (getattr(facts.project, name) == value) is equal
    return None


def _reader(name: str) -> Callable[[Facts], Any]:
    """A reader of ``name`` for a finding's ``facts``: dates and Decimals stay native (pydantic
    serialises them), ratios become Decimals, sets lists."""
    spec = FIELDS[name]
    get = spec.get
    if spec.type == "ratio":

        def ratio(facts: Facts) -> Any:
            value = get(facts)
            return None if value is None else Decimal(value.numerator) / Decimal(value.denominator)

        return ratio
    if spec.type == "set":
        return lambda facts: list(get(facts))
    return get


def fact_values(condition: Condition, facts: Facts) -> dict[str, Any]:
    """The record's values of the fields ``condition`` reads, JSON-ready, for a finding's ``facts``."""
    return {name: read(facts) for name, read in condition.readers}
