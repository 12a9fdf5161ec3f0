"""The same project under all four packs: the known differences between the jurisdictions."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CliRunner

import govrules
from govrules.calendar import WorkingDays

PACKS = ("jincheng", "yuncheng", "qinyuan", "tengzhou")


def _project(budget: int, **extra: object) -> govrules.Project:
    return govrules.Project.model_validate(
        {
            "id": "same",
            "name": "同一项目",
            "budget": budget,
            "milestones": {
                "demand_submitted": "2026-01-05",
                "tech_review": "2026-02-03",
                "demand_review": "2026-02-03",
                "budget_approved": "2026-03-02",
                "completed": "2026-08-31",
                "accepted": "2026-09-24",
            },
            **extra,
        }
    )


def _all(project: govrules.Project, as_of: dt.date) -> dict[str, govrules.Report]:
    return {name: govrules.evaluate(project, govrules.load_pack(name), as_of) for name in PACKS}


def _rules(report: govrules.Report) -> set[str]:
    return {f.rule for f in (*report.obligations, *report.violations, *report.consequences)}


def test_acceptance_filing_deadlines_30_30_30_10_working_days() -> None:
    reports = _all(_project(500000), dt.date(2026, 9, 25))
    due = {
        name: next(o.due for o in report.obligations if o.milestone == "acceptance_filed")
        for name, report in reports.items()
    }
    # 2026-09-24 + 30 working days (Mid-Autumn 09-25..27 and National Day 10-01..07 off, 10-10 makeup) = 11-12;
    # + 10 working days = 10-15.
    assert due == {
        "jincheng": dt.date(2026, 11, 12),
        "yuncheng": dt.date(2026, 11, 12),
        "qinyuan": dt.date(2026, 11, 12),
        "tengzhou": dt.date(2026, 10, 15),
    }
    periods = {name: govrules.load_pack(name).spec.parameters["acceptance_filing_period"].value for name in PACKS}
    assert periods == {
        "jincheng": WorkingDays(working_days=30),
        "yuncheng": WorkingDays(working_days=30),
        "qinyuan": WorkingDays(working_days=30),
        "tengzhou": WorkingDays(working_days=10),
    }


@pytest.mark.parametrize(("budget", "jincheng_reviews"), [(299999, False), (300000, True)])
def test_financial_review_threshold_only_in_jincheng(budget: int, jincheng_reviews: bool) -> None:
    reports = _all(_project(budget), dt.date(2026, 3, 10))
    reviewed = {name: any(o.milestone == "financial_review" for o in r.obligations) for name, r in reports.items()}
    # Jincheng from ¥300,000 (达…以上, inclusive); Yuncheng and Qinyuan review every project;
    # Tengzhou has no separate financial review — the Finance Bureau sits in the joint review (art. 9).
    assert reviewed == {"jincheng": jincheng_reviews, "yuncheng": True, "qinyuan": True, "tengzhou": False}


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (100000, {"jincheng": "filing", "yuncheng": "approval", "qinyuan": "approval", "tengzhou": "filing"}),
        (100001, {"jincheng": "reapply", "yuncheng": "approval", "qinyuan": "reapply", "tengzhou": "filing"}),
        (150000, {"jincheng": "reapply", "yuncheng": "approval", "qinyuan": "reapply", "tengzhou": "filing"}),
        (150001, {"jincheng": "reapply", "yuncheng": "approval", "qinyuan": "reapply", "tengzhou": "reapply"}),
    ],
)
def test_change_limits_10_10_15_percent(amount: int, expected: dict[str, str]) -> None:
    project = _project(1000000, changes=[{"date": "2026-05-06", "amount": amount, "reason": "optimization"}])
    outcomes = {
        name: next(o.change.outcome for o in report.obligations if o.change is not None)
        for name, report in _all(project, dt.date(2026, 6, 30)).items()
    }
    assert outcomes == expected
    limits = {name: govrules.load_pack(name).spec.parameters.get("change_limit") for name in PACKS}
    assert [(p.value, p.comparison) if p else None for p in limits.values()] == [
        (Decimal("0.1"), "<="),
        None,
        (Decimal("0.1"), "<="),
        (Decimal("0.15"), ">"),
    ]


def test_pre_assessment_above_one_million_only_in_tengzhou() -> None:
    reports = _all(_project(1000001), dt.date(2026, 3, 10))
    assert [name for name, r in reports.items() if "tz-9-pre-assessment" in _rules(r)] == ["tengzhou"]
    assert "tz-9-pre-assessment" not in _rules(_all(_project(1000000), dt.date(2026, 3, 10))["tengzhou"])


def test_office_equipment_exclusion_only_in_qinyuan() -> None:
    project = _project(300000, category="equipment", centralized_procurement=True)
    applicable = {name: r.applicable for name, r in _all(project, dt.date(2026, 3, 10)).items()}
    assert applicable == {"jincheng": True, "yuncheng": True, "qinyuan": False, "tengzhou": True}


def test_unfiled_acceptance_withholds_funds_except_in_tengzhou() -> None:
    reports = _all(_project(500000), dt.date(2026, 12, 31))
    withheld = {name: bool(r.consequences) for name, r in reports.items()}
    assert withheld == {"jincheng": True, "yuncheng": True, "qinyuan": True, "tengzhou": False}


@pytest.mark.parametrize("name", PACKS)
def test_coverage_lists_every_article(name: str, cli: CliRunner) -> None:
    code, out, _ = cli("coverage", name, "--format", "json")
    rows = json.loads(out)
    assert code == 0
    assert [r["article"] for r in rows] == list(range(1, len(rows) + 1))
    assert all(r["rules"] or r["reason"] for r in rows)


def test_coverage_flags_an_unexplained_article(cli: CliRunner, jincheng_variant: Callable[[str, str], Path]) -> None:
    broken = jincheng_variant('  - {article: 31, reason: "运行维护管理制度 / operations management system"}\n', "")
    code, out, _ = cli("coverage", str(broken))
    assert code == 1 and "第31条  未覆盖" in out
