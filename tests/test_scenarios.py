"""Run the YAML scenarios under tests/scenarios/ (format: tests/scenarios/README.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ConfigDict

import govrules

SCENARIOS = Path(__file__).parent / "scenarios"
FINDING_KEYS = {
    "rule",
    "status",
    "kind",
    "due",
    "done",
    "milestone",
    "article",
    "earliest",
    "due_estimated",
    "change",
    "outcome",
}


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")
    applicable: bool | None = None
    violations: list[dict[str, Any]] | None = None
    obligations: list[dict[str, Any]] = []
    absent: list[str] = []
    next_steps: list[str] = []
    consequences: list[str] | None = None
    warnings: list[str] = []


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    policy: str
    as_of: dt.date
    project: dict[str, Any]
    expect: Expect
    lang: str = "zh"


def _load() -> list[tuple[str, Scenario]]:
    cases = []
    for file in sorted(SCENARIOS.rglob("*.yaml")):
        data = yaml.safe_load(file.read_text("utf-8"))
        for raw in data["scenarios"]:
            case = Scenario.model_validate(raw)
            cases.append((f"{file.relative_to(SCENARIOS)}::{case.name}", case))
    return cases


CASES = _load()


def _value(finding: govrules.Finding, key: str) -> Any:
    if key == "change":
        return finding.change.index if finding.change else None
    if key == "outcome":
        return finding.change.outcome if finding.change else None
    return getattr(finding, key)


def _matches(finding: govrules.Finding, expected: dict[str, Any]) -> bool:
    unknown = set(expected) - FINDING_KEYS
    assert not unknown, f"unknown keys in an expected finding: {unknown}"
    return all(_value(finding, key) == want for key, want in expected.items())


def _show(findings: tuple[govrules.Finding, ...]) -> str:
    return "\n".join(
        f"  {f.rule} status={f.status} kind={f.kind} due={f.due} done={f.done} change={_value(f, 'change')}"
        for f in findings
    )


@pytest.mark.parametrize(("case_id", "case"), CASES, ids=[c[0] for c in CASES])
def test_scenario(case_id: str, case: Scenario) -> None:
    project = govrules.Project.model_validate(case.project)
    report = govrules.evaluate(project, govrules.load_pack(case.policy), case.as_of, lang=case.lang)
    expect = case.expect
    if expect.applicable is not None:
        assert report.applicable == expect.applicable, report.not_applicable
    if expect.violations is not None:
        found = sorted((v.rule, v.kind) for v in report.violations)
        wanted = sorted((v["rule"], v["kind"]) for v in expect.violations)
        assert found == wanted, f"violations differ:\n{_show(report.violations)}"
        for want in expect.violations:
            assert any(_matches(v, want) for v in report.violations), f"{want} not in\n{_show(report.violations)}"
    for want in expect.obligations:
        assert any(_matches(o, want) for o in report.obligations), f"{want} not in\n{_show(report.obligations)}"
    everything = (*report.obligations, *report.violations, *report.consequences)
    for rule in expect.absent:
        assert all(f.rule != rule for f in everything), f"{rule} should be absent:\n{_show(everything)}"
    steps = [s.milestone for s in report.next_steps]
    for milestone in expect.next_steps:
        assert milestone in steps, f"{milestone} not among next steps {steps}"
    if expect.consequences is not None:
        assert sorted(c.rule for c in report.consequences) == sorted(expect.consequences)
    for text in expect.warnings:
        assert any(text in w for w in report.warnings), report.warnings


def test_there_are_enough_scenarios_per_pack() -> None:
    per_pack: dict[str, int] = {}
    for _, case in CASES:
        per_pack[case.policy] = per_pack.get(case.policy, 0) + 1
    assert per_pack.get("jincheng", 0) >= 20, per_pack
