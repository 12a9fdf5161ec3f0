"""Jurisdiction diffs: known differences, symmetry, self-diff, versions, and every semantic example re-checked."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from conftest import CliRunner

import govrules
from govrules._diff import PackDiff, _outcome, _topic_milestones
from govrules._diff_render import comparison_report

PACKS = ("jincheng", "yuncheng", "qinyuan", "tengzhou")
PAIRS = list(itertools.combinations(PACKS, 2))
DOCS = Path(__file__).resolve().parent.parent / "docs"


@cache
def _diff(a: str, b: str) -> PackDiff:
    return govrules.diff(govrules.load_pack(a), govrules.load_pack(b))


def _param(d: PackDiff, name: str) -> tuple[str, str | None, str | None]:
    p = next(p for p in d.parameters if p.name == name)
    return p.status, p.a.value if p.a else None, p.b.value if p.b else None


def test_change_limits_10_vs_15_percent() -> None:
    assert _param(_diff("jincheng", "tengzhou"), "change_limit") == ("different", "≤ 10%", "> 15%")
    assert _param(_diff("jincheng", "qinyuan"), "change_limit")[0] == "equivalent"  # same 10%, another article
    assert _param(_diff("jincheng", "yuncheng"), "change_limit") == ("only_a", "≤ 10%", None)


def test_acceptance_filing_30_vs_10_working_days_with_due_dates() -> None:
    d = _diff("yuncheng", "tengzhou")
    p = next(p for p in d.parameters if p.name == "acceptance_filing_period")
    assert (p.a.value, p.b.value) == ("30个工作日内", "10个工作日内")  # type: ignore[union-attr]
    # from 2026-09-30: 30 working days → 11-17; 10 → 10-20 (国庆 10-01..07 off, 10-10 makeup Saturday)
    assert (p.a.due, p.b.due) == (dt.date(2026, 11, 17), dt.date(2026, 10, 20))  # type: ignore[union-attr]
    contract = next(p for p in d.parameters if p.name == "contract_filing_period")
    assert (contract.a.due, contract.b.due) == (dt.date(2026, 10, 13), dt.date(2026, 10, 15))  # type: ignore[union-attr]


def test_financial_review_at_300k_in_jincheng_every_project_elsewhere() -> None:
    d = _diff("jincheng", "yuncheng")
    rule = next(r for r in d.rules if r.shape == "requirement" and r.subject == "financial_review")
    assert rule.status == "different"
    assert any("budget >= $financial_review_threshold" in n for n in rule.differences)
    review = next(s for s in d.semantics if s.topic == "review")
    below = [
        e
        for e in review.examples
        if e.project["budget"] == "299999.99"
        and "owes financial_review (pending)" in e.b.summary
        and "owes financial_review (pending)" not in e.a.summary
    ]
    assert below, [e.description for e in review.examples]
    tengzhou = next(r for r in _diff("jincheng", "tengzhou").rules if r.subject == "financial_review")
    assert tengzhou.status == "only_a"


def test_pre_assessment_only_in_tengzhou() -> None:
    for other in ("jincheng", "yuncheng", "qinyuan"):
        rule = next(r for r in _diff(other, "tengzhou").rules if r.subject == "pre_assessment")
        assert rule.status == "only_b" and rule.b[0].rule == "tz-9-pre-assessment"
    assert _param(_diff("jincheng", "tengzhou"), "pre_assessment_threshold") == ("only_b", None, "> ¥1,000,000")


def test_supervision_is_absent_from_tengzhou() -> None:
    rule = next(r for r in _diff("jincheng", "tengzhou").rules if r.subject == "supervisor_engaged")
    assert rule.status == "only_a"


def test_office_equipment_scope_region_between_jincheng_and_qinyuan() -> None:
    scope = next(s for s in _diff("jincheng", "qinyuan").semantics if s.topic == "scope")
    assert scope.exhaustive and not scope.agree
    example = scope.examples[0]
    assert example.a.summary == ("in scope",) and example.b.summary == ("out of scope",)
    assert example.project["budget"] == "300000" and example.project["category"] == "equipment"


def test_proven_agreement_is_reported() -> None:
    d = _diff("jincheng", "qinyuan")
    construction = next(s for s in d.semantics if s.topic == "construction")
    assert construction.exhaustive and construction.agree and not construction.examples


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_every_semantic_example_really_produces_both_outcomes(a: str, b: str) -> None:
    pack_a, pack_b = govrules.load_pack(a), govrules.load_pack(b)
    d = _diff(a, b)
    checked = 0
    for semantics in d.semantics:
        milestones = _topic_milestones(pack_a, semantics.topic) | _topic_milestones(pack_b, semantics.topic)
        for example in semantics.examples:
            project = govrules.Project.model_validate(example.project)
            got_a = _outcome(govrules.evaluate(project, pack_a, example.as_of), semantics.topic, milestones)
            got_b = _outcome(govrules.evaluate(project, pack_b, example.as_of), semantics.topic, milestones)
            assert (got_a.summary, got_b.summary) == (example.a.summary, example.b.summary), example.description
            assert got_a.summary != got_b.summary
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("name", PACKS)
def test_a_pack_diffed_against_itself_is_empty(name: str) -> None:
    pack = govrules.load_pack(name)
    d = govrules.diff(pack, pack, topics=("scope", "change", "filing"))
    assert d.empty
    assert all(p.status == "same" for p in d.parameters) and all(r.status == "same" for r in d.rules)


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_diff_mirrors(a: str, b: str) -> None:
    forward, backward = _diff(a, b), _diff(b, a)
    swap = {"only_a": "only_b", "only_b": "only_a"}
    assert [(p.name, swap.get(p.status, p.status), p.b, p.a) for p in forward.parameters] == [
        (p.name, p.status, p.a, p.b) for p in backward.parameters
    ]
    assert sorted((r.topic, r.shape, r.subject, swap.get(r.status, r.status)) for r in forward.rules) == sorted(
        (r.topic, r.shape, r.subject, r.status) for r in backward.rules
    )
    for left, right in zip(forward.semantics, backward.semantics, strict=True):
        assert (left.topic, left.points, left.agree) == (right.topic, right.points, right.agree)
        assert sorted((e.a.summary, e.b.summary) for e in left.examples) == sorted(
            (e.b.summary, e.a.summary) for e in right.examples
        )


def test_two_versions_of_a_pack(jincheng_variant: Callable[[str, str], Path]) -> None:
    edited = jincheng_variant("    value: {working_days: 30}\n", "    value: {working_days: 20}\n")
    original = govrules.load_pack("jincheng")
    d = govrules.diff(original, govrules.load_pack(edited), semantic=False)
    changed = [(p.name, p.a.value, p.b.value) for p in d.parameters if p.status != "same"]  # type: ignore[union-attr]
    assert changed == [("acceptance_filing_period", "30个工作日内", "20个工作日内")]
    removed = jincheng_variant("  - id: jc-30-self-evaluation\n", "  - id: jc-30-self-evaluation-renamed\n")
    rules = govrules.diff(original, govrules.load_pack(removed), semantic=False).rules
    assert [(r.status, r.a[0].rule if r.a else None) for r in rules if r.status != "same"] == [
        ("different", "jc-30-self-evaluation")
    ]


def test_compare_matrix() -> None:
    matrix = govrules.compare([govrules.load_pack(n) for n in PACKS])
    row = next(r for r in matrix.rows if r.name == "acceptance_filing_period")
    assert row.differs and [c.split("（")[0] for c in row.cells] == ["30个工作日内"] * 3 + ["10个工作日内"]
    topics = [r.name for r in matrix.rows if r.kind == "topic"]
    assert topics[0] == "scope" and len(topics) == 15


def test_cli_diff_formats(cli: CliRunner) -> None:
    code, out, _ = cli("diff", "yuncheng", "tengzhou", "--topic", "filing")
    assert code == 0 and "acceptance_filing_period" in out and "[filing]" in out
    code, out, _ = cli("diff", "jincheng", "tengzhou", "--format", "html", "--no-semantic")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and "<table>" in out
    assert "http" not in out and "<script" not in out and "<link" not in out  # one self-contained file
    code, out, _ = cli("diff", "jincheng", "qinyuan", "--format", "markdown", "--topic", "change", "--lang", "en")
    assert code == 0 and "## Semantic differences" in out and "change → approval" in out
    code, out, _ = cli("diff", "jincheng", "qinyuan", "--format", "json", "--topic", "scope")
    assert code == 0 and PackDiff.model_validate_json(out).semantics[0].topic == "scope"
    code, _, err = cli("diff", "jincheng", "qinyuan", "--topic", "chnage")
    assert code == 2 and "did you mean 'change'" in err


def test_cli_compare_and_whatif(cli: CliRunner, root: Path) -> None:
    code, out, _ = cli("compare", *PACKS, "--format", "markdown")
    assert code == 0 and "| `change_limit`" in out
    example = str(root / "examples" / "jincheng-platform.yaml")
    code, out, _ = cli(
        "whatif", example, "--policies", ",".join(PACKS), "--as-of", "2026-06-30", "--format", "markdown"
    )
    assert code == 0 and "| 主题 topic | 事项 item | jincheng | yuncheng | qinyuan | tengzhou |" in out and "⚑" in out
    code, _, err = cli("whatif", example, "--policies", "jincheng")
    assert code == 2 and "at least two" in err


def test_docs_diff_is_generated() -> None:
    expected = comparison_report([govrules.load_pack(n) for n in PACKS])
    assert (DOCS / "diff.md").read_text("utf-8") == expected, (
        "docs/diff.md is stale: govrules compare jincheng yuncheng qinyuan tengzhou --format report > docs/diff.md"
    )
