"""The condition language: parsing, typing, exact comparison, and the fast leaves agreeing with the generic ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govrules import PackError, Project
from govrules._conditions import (
    FIELDS,
    OPERATORS,
    Facts,
    Leaf,
    ParamInfo,
    Where,
    _compile_leaf,
    _fast_leaf,
    parse_condition,
)
from govrules._project import MILESTONES

WHERE = Where("t.yaml", 3, "rules.0.when", "r-1")
PARAMS = {
    "threshold": ParamInfo("money", Decimal(300000), ">="),
    "limit": ParamInfo("ratio", Decimal("0.1"), "<="),
}


def facts(**fields: object) -> Facts:
    project = Project.model_validate({"id": "p", "name": "n", "budget": 300000, **fields})
    return Facts(project, project.milestones)


def test_compact_and_spelled_out_leaves_are_the_same_tree() -> None:
    compact = parse_condition("budget >= $threshold", WHERE, PARAMS)
    spelled = parse_condition({"field": "budget", "op": ">=", "param": "threshold"}, WHERE, PARAMS)
    assert compact.tree == spelled.tree and compact.text() == "budget >= $threshold"


@pytest.mark.parametrize(("budget", "expected"), [(299999, False), (300000, True), ("299999.99", False)])
def test_threshold_bound_is_inclusive(budget: object, expected: bool) -> None:
    condition = parse_condition("budget >= $threshold", WHERE, PARAMS)
    assert condition.test(facts(budget=budget)) is expected


def test_ratio_is_exact() -> None:
    condition = parse_condition("om_fee_ratio <= 0.1", WHERE, PARAMS)
    assert condition.test(facts(budget=1000000, annual_om_fee=100000))
    assert not condition.test(facts(budget=1000000, annual_om_fee="100000.01"))
    assert not condition.test(facts(budget=0, annual_om_fee=0))  # no ratio to a zero budget
    assert not condition.test(facts())  # the fee is unknown: no comparison holds


def test_trees() -> None:
    condition = parse_condition(
        {
            "all": [
                "not classified",
                {"any": ["kind in [new, upgrade]", "builds contains data_center"]},
                {"not": "milestone.approved exists"},
            ]
        },
        WHERE,
        PARAMS,
    )
    assert condition.test(facts(kind="upgrade"))
    assert not condition.test(facts(kind="operations"))
    assert condition.test(facts(kind="operations", builds=["data_center"]))
    assert not condition.test(facts(kind="new", milestones={"approved": "2026-01-01"}))
    assert condition.fields == ("builds", "classified", "kind", "milestone.approved")


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("budgt > 5", "did you mean 'budget'"),
        ("budget => 5", "did you mean '>='"),
        ("budget > lots", "not a number"),
        ("kind == newest", "not a value of 'kind'"),
        ("kind in new", "takes a list"),
        ("budget", "not a flag"),
        ("milestone.approved exists now", "takes no value"),
        ("budget is big too", "cannot read"),
        ("milestone.aproved exists", "did you mean 'milestone.approved'"),
        ("change.ratio <= $limit", "only be used inside change_control"),
        ("budget >= $limit", "is a ratio parameter"),
        ("budget > $threshold", "mis-draws its boundary"),
        ({"every": []}, "unknown condition form"),
        ({"all": []}, "non-empty list"),
        ({"field": "budget", "op": ">", "valeu": 3}, "did you mean 'value'"),
        (5, "is not a condition"),
    ],
)
def test_bad_conditions_name_the_rule_and_line(raw: object, fragment: str) -> None:
    with pytest.raises(PackError) as caught:
        parse_condition(raw, WHERE, PARAMS)
    message = str(caught.value)
    assert message.startswith("t.yaml:3: rules.0.when: rule r-1:"), message
    assert fragment in message, message


def _leaves() -> list[Leaf]:
    leaves: list[Leaf] = []
    for name, spec in FIELDS.items():
        if spec.change_only:
            continue
        for op in OPERATORS[spec.type]:
            if spec.type == "date":
                leaves.append(Leaf(name, op))
            elif spec.type == "bool":
                leaves.extend(Leaf(name, op, v) for v in (True, False))
            elif spec.type == "enum":
                value = spec.values[:2] if op in ("in", "not_in") else spec.values[0]
                leaves.append(Leaf(name, op, tuple(value) if isinstance(value, tuple) else value))
    return leaves


LEAVES = _leaves()


@given(
    st.sampled_from(LEAVES),
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["new", "expansion", "upgrade", "operations", "service"]),
            "category": st.sampled_from(["system", "infrastructure", "equipment"]),
            "deployment": st.sampled_from(["gov_cloud", "public_cloud", "own_room"]),
            "classified": st.booleans(),
            "emergency": st.booleans(),
            "interoperable": st.booleans(),
            "milestones": st.dictionaries(
                st.sampled_from(sorted(MILESTONES)), st.just(dt.date(2026, 1, 5)), max_size=6
            ),
        }
    ),
)
def test_fast_leaves_agree_with_the_generic_closures(leaf: Leaf, fields: dict[str, object]) -> None:
    fast = _fast_leaf(leaf)
    assert fast is not None
    generic = _generic(leaf)
    state = facts(**fields)
    assert fast(state) == generic(state)


def _generic(leaf: Leaf):  # type: ignore[no-untyped-def]
    import govrules._conditions as module

    original = module._fast_leaf
    module._fast_leaf = lambda leaf: None  # type: ignore[assignment]
    try:
        return _compile_leaf(leaf)
    finally:
        module._fast_leaf = original


def test_fraction_values_display_as_decimals() -> None:
    assert Leaf("om_fee_ratio", "<=", Fraction(1, 10)).text() == "om_fee_ratio <= 0.1"
