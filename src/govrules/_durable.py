"""The durable_rules engine: the pack's conditions compiled into a Rete ruleset, as a second opinion.

Every rule condition, change-control branch and workflow-step condition of a pack is compiled — from
the same condition trees the native engine compiles to closures, never from a second copy — into a
durable_rules rule whose action records that it fired. An evaluation asserts the project (and each of
its changes) as facts in a session of its own, reads which rules fired, and deletes the session; the
shapes' logic then runs exactly as in the native engine (``_engine.Oracle``). A differential test
checks both engines give identical reports, so a bug in either compiler shows.

durable_rules keeps global state in one host, allows 1,024 live sessions per ruleset, and is not safe
when a session is shared between threads: every evaluation uses a fresh session id, holds one lock
while its facts are asserted and read, and deletes its session before returning.

Facts are encoded exactly: money as integer cents; a ratio comparison ``|part| / whole OP p/q`` as
``|part|·q OP whole·p`` on integers (the part pre-multiplied by each denominator the pack uses); each
``builds`` value as a flag; each milestone that happened by the evaluation date as a present key.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._conditions import FIELDS, All, AnyOf, Condition, Facts, Leaf, Node, Not
from ._errors import EngineUnavailableError
from ._pack import Pack
from ._project import Project

try:
    from durable import engine as _durable_engine
    from durable import lang as _durable_lang
except ImportError as exc:  # pragma: no cover - exercised where the extra is not installed
    _IMPORT_ERROR: ImportError | None = exc
else:
    _IMPORT_ERROR = None

_LOCK = threading.Lock()
_SESSIONS = itertools.count(1)
_FIRED: dict[str, set[str]] = {}
_RULESETS: dict[str, dict[str, Any]] = {}

_COMPLEMENT = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_OPS = {"==": None, "!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}


def _key(field: str) -> str:
    """The fact key of a condition field."""
    spec = FIELDS[field]
    name = field.replace("milestone.", "ms__").replace("change.", "change__")
    return name + "_cents" if spec.type == "money" else name


def _cents(value: Decimal) -> int:
    return int(value * 100)


def _compare(op: str, key: str, right: Any) -> dict[str, Any]:
    mapped = _OPS[op]
    return {key: right} if mapped is None else {mapped: {key: right}}


def _ratio_parts(field: str) -> tuple[str, str]:
    """(part, whole) of a ratio field: |part| / whole."""
    return ("change__amount", "budget") if field == "change.ratio" else ("annual_om_fee", "budget")


class _Compiler:
    """Condition trees → durable_rules JSON expressions, with negation pushed down to the leaves."""

    def __init__(self) -> None:
        self.denominators: set[int] = set()

    def node(self, node: Node, negate: bool = False) -> dict[str, Any] | None:
        if isinstance(node, Not):
            return self.node(node.item, not negate)
        if isinstance(node, All | AnyOf):
            conjunction = isinstance(node, All) != negate  # De Morgan
            parts = [p for p in (self.node(i, negate) for i in node.items) if p is not None]
            if not node.items:
                return None if not negate else {"$nex": {"t": 1}}  # always / never
            return {"$and": parts} if conjunction else {"$or": parts}
        return self.leaf(node, negate)

    def leaf(self, leaf: Leaf, negate: bool) -> dict[str, Any]:
        spec = FIELDS[leaf.field]
        key = _key(leaf.field)
        op = leaf.op
        if spec.type == "date":
            exists = (op == "exists") != negate
            return {"$ex" if exists else "$nex": {key: 1}}
        if spec.type == "bool":
            want = (leaf.value is True) == (op == "==")
            return {key: want != negate}
        if spec.type == "enum":
            values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
            inside = (op in ("==", "in")) != negate
            if inside:
                return {"$or": [{key: v} for v in values]}
            return {"$and": [{"$neq": {key: v}} for v in values]}
        if spec.type == "set":
            values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
            some = (op in ("contains", "intersects")) != negate
            flags = [{f"{key}__{v}": True} for v in values]
            return {"$or": flags} if some else {"$and": [{f"{key}__{v}": False} for v in values]}
        if spec.type == "ratio":
            return self.ratio(leaf, negate)
        op = _COMPLEMENT[op] if negate else op
        if leaf.other_field:
            other = _key(leaf.other_field)
            test = _compare(op, key, {"$m": other})
            present = {"$and": [{"$ex": {key: 1}}, {"$ex": {other: 1}}]}
            if negate:  # native: a missing amount makes the comparison false, so its negation true
                return {"$or": [{"$nex": {key: 1}}, {"$nex": {other: 1}}, test]}
            return {"$and": [present, test]}
        value = _cents(leaf.value) if spec.type == "money" else int(leaf.value)
        test = _compare(op, key, value)
        return {"$or": [{"$nex": {key: 1}}, test]} if negate else test

    def ratio(self, leaf: Leaf, negate: bool) -> dict[str, Any]:
        limit = leaf.value if isinstance(leaf.value, Fraction) else Fraction(leaf.value)
        self.denominators.add(limit.denominator)
        part, whole = _ratio_parts(leaf.field)
        scaled = f"{part}_abs_x{limit.denominator}"
        whole_key = f"{whole}_cents"
        op = _COMPLEMENT[leaf.op] if negate else leaf.op
        test = _compare(op, scaled, {"$mul": {"$l": {"$m": whole_key}, "$r": limit.numerator}})
        if negate:  # native: no ratio (no part, or a zero whole) makes the comparison false
            return {"$or": [{"$lte": {whole_key: 0}}, {"$nex": {scaled: 1}}, test]}
        return {"$and": [{"$gt": {whole_key: 0}}, test]}


def _recorder(rule_key: str) -> Any:
    """The action of one compiled rule: note that it fired (for a change, for which one).

    durable_rules calls a one-argument action synchronously (two arguments mean a callback style),
    and passes the matched fact as ``c.m``, read by attribute.
    """

    def action(c: Any) -> None:
        suffix = f"#{c.m.index}" if c.m.t == "change" else ""
        _FIRED[c.m.sid].add(rule_key + suffix)

    return action


def _require() -> None:
    if _IMPORT_ERROR is not None:
        raise EngineUnavailableError(
            "the durable engine needs the optional extra: pip install 'govrules[durable]' (durable-rules "
            f"2.0.28: Python < 3.13 and a C compiler); import failed: {_IMPORT_ERROR}"
        )


def _ruleset(pack: Pack) -> tuple[str, dict[str, Any]]:
    """The pack's durable ruleset, registered once per pack content."""
    name = f"govrules_{pack.id}_{pack.digest}"
    cached = _RULESETS.get(name)
    if cached is not None:
        return name, cached
    compiler = _Compiler()
    definition: dict[str, Any] = {}

    def add(rule_key: str, kind: str, condition: Condition) -> None:
        expr = compiler.node(condition.tree)
        match: dict[str, Any] = {"$and": [{"t": kind}, expr]} if expr is not None else {"t": kind}

        definition[rule_key] = {"all": [{"m": match}], "run": _recorder(rule_key)}

    for rule in pack.spec.rules:
        add(f"r:{rule.id}", "project", pack.conditions[rule.id])
    for (rule_id, b_index), condition in pack.branch_conditions.items():
        add(f"b:{rule_id}:{b_index}", "change", condition)
    for step_id, condition in pack.step_conditions.items():
        add(f"s:{step_id}", "project", condition)
    host = _durable_lang.get_host()
    host.set_rulesets({name: definition})
    info = {"denominators": sorted(compiler.denominators)}
    _RULESETS[name] = info
    return name, info


def _project_fact(project: Project, facts: Facts, denominators: list[int]) -> dict[str, Any]:
    fact: dict[str, Any] = {}
    for field, spec in FIELDS.items():
        if spec.change_only or spec.type == "ratio":
            continue
        if spec.type == "date":
            if field.removeprefix("milestone.") in facts.milestones:
                fact[_key(field)] = 1
            continue
        value = spec.get(facts)
        if value is None:
            continue
        if spec.type == "money":
            fact[_key(field)] = _cents(value)
        elif spec.type == "set":
            for option in spec.values:
                fact[f"{field}__{option}"] = option in value
        elif spec.type == "number":
            fact[_key(field)] = int(value)
        else:
            fact[_key(field)] = value
    if project.annual_om_fee is not None:
        for q in denominators:
            fact[f"annual_om_fee_abs_x{q}"] = _cents(project.annual_om_fee) * q
    return fact


class DurableOracle:
    """Which conditions durable_rules found to hold in one session."""

    def __init__(self, fired: set[str]) -> None:
        self.fired = fired

    def rule(self, rule_id: str) -> bool:
        return f"r:{rule_id}" in self.fired

    def branch(self, rule_id: str, branch: int, change: int) -> bool:
        return f"b:{rule_id}:{branch}#{change}" in self.fired

    def step(self, step_id: str) -> bool:
        return f"s:{step_id}" in self.fired


@contextmanager
def durable_session(pack: Pack, project: Project, as_of: dt.date, facts: Facts) -> Iterator[DurableOracle]:
    """Assert the project and its changes in a fresh session; yield what fired; delete the session."""
    _require()
    with _LOCK:  # one session at a time: the host is global and not thread-safe
        name, info = _ruleset(pack)
        sid = f"e{next(_SESSIONS)}"
        _FIRED[sid] = set()
        host = _durable_lang.get_host()
        try:
            base = _project_fact(project, facts, info["denominators"])
            batch = [{**base, "sid": sid, "t": "project"}]
            for index, change in enumerate(project.changes):
                if change.date > as_of:
                    continue
                item = {
                    **base,
                    "sid": sid,
                    "t": "change",
                    "index": index,
                    "change__amount_cents": _cents(change.amount),
                    "change__reason": change.reason,
                    "change__objective_changed": change.objective_changed,
                    "change__within_estimate": change.within_estimate,
                }
                for q in info["denominators"]:
                    item[f"change__amount_abs_x{q}"] = _cents(abs(change.amount)) * q
                batch.append(item)
            for fact in batch:
                try:
                    state = host.assert_fact(name, fact)
                except _durable_engine.MessageNotHandledException:
                    continue  # no rule matched this fact
                if isinstance(state, dict) and "exception" in state:  # durable swallows action errors into state
                    raise RuntimeError(f"durable_rules action failed: {state['exception']}")
            fired = set(_FIRED[sid])
        finally:
            _FIRED.pop(sid, None)
            with suppress(Exception):
                host.delete_state(name, sid)
    yield DurableOracle(fired)
