"""Bad input — packs and projects — gives one clear paragraph naming file, line and field; exit 2 from the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CliRunner

import govrules
from govrules import PackError, ProjectError, UnknownPolicyError

JINCHENG = govrules.load_pack("jincheng").path.read_text("utf-8")


def _pack(text: str) -> None:
    govrules.parse_pack(text, "bad.yaml")


@pytest.mark.parametrize(
    ("mutate", "marker", "fragments"),
    [
        (lambda t: t.replace("rules:\n", "rules:\n  - id: [\n", 1), None, ["not valid YAML"]),
        (lambda t: t.replace("issuer:\n", "issuer_name: x\nissuer:\n", 1), "issuer_name", ["unknown field", "issuer"]),
        (
            lambda t: t.replace(
                "document_number: 晋市政办〔2023〕9号\n",
                "document_number: 晋市政办〔2023〕9号\ndocument_number: x\n",
                1,
            ),
            "document_number: x",
            ["duplicate key 'document_number'"],
        ),
        (
            lambda t: t.replace("source: sources/jincheng.txt", "source: !!python/object/apply:os.system ['true']", 1),
            "os.system",
            ["refused"],
        ),
        (
            lambda t: t.replace(
                "when: budget >= $financial_review_threshold\n    milestone: financial_review",
                "when: budjet >= $financial_review_threshold\n    milestone: financial_review",
                1,
            ),
            None,
            ["jc-14-financial-review", "unknown field 'budjet'", "did you mean 'budget'"],
        ),
        (
            lambda t: t.replace(
                "when: budget >= $financial_review_threshold\n    milestone: financial_review",
                "when: budget > $financial_review_threshold\n    milestone: financial_review",
                1,
            ),
            None,
            ["jc-14-financial-review", "mis-draws its boundary"],
        ),
        (
            lambda t: t.replace(
                "when: budget >= $financial_review_threshold\n    milestone: financial_review",
                "when: budget >= $financial_review_treshold\n    milestone: financial_review",
                1,
            ),
            None,
            ["unknown parameter", "did you mean 'financial_review_threshold'"],
        ),
        (
            lambda t: t.replace("milestone: financial_review\n", "milestone: financal_review\n", 1),
            None,
            ["unknown milestone 'financal_review'", "did you mean 'financial_review'"],
        ),
        (
            lambda t: t.replace("authority: finance_bureau\n", "authority: finance_bureu\n", 1),
            None,
            ["unknown agency 'finance_bureu'", "did you mean 'finance_bureau'"],
        ),
        (lambda t: t.replace("shape: deadline\n", "shape: deadlines\n", 1), None, ["shape"]),
        (
            lambda t: t.replace("kind in [new, expansion, upgrade]", "kind in [new, expanson]", 1),
            None,
            ["'expanson' is not a value of 'kind'", "did you mean 'expansion'"],
        ),
        (
            lambda t: t.replace("  - id: jc-7-disguised-packaging", "  - id: jc-7-policy-conflict", 1),
            None,
            ["duplicate rule id 'jc-7-policy-conflict'"],
        ),
        (
            lambda t: t.replace("period: acceptance_period", "period: acceptance_periud", 1),
            None,
            ["not a period parameter", "did you mean 'acceptance_period'"],
        ),
    ],
)
def test_malformed_packs(mutate: object, marker: str | None, fragments: list[str]) -> None:
    text = mutate(JINCHENG)  # type: ignore[operator]
    assert text != JINCHENG, "the mutation did not apply"
    line = next(i for i, t in enumerate(text.splitlines(), 1) if marker in t) if marker else None
    with pytest.raises(PackError) as caught:
        _pack(text)
    message = str(caught.value)
    assert message.startswith("bad.yaml:"), message
    if line is not None:
        assert message.startswith(f"bad.yaml:{line}:"), message
    for fragment in fragments:
        assert fragment in message, message
    assert "\n" not in message and isinstance(caught.value, ValueError)


def test_errors_point_at_the_rule_line() -> None:
    text = JINCHENG.replace("when: not contractor_qualified", "when: not contractor_qualifed", 1)
    with pytest.raises(PackError) as caught:
        _pack(text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "contractor_qualifed" in t)
    assert str(caught.value).startswith(f"bad.yaml:{line}:")


BASE = "id: p\nname: 项目\nbudget: 100000\n"


@pytest.mark.parametrize(
    ("text", "line", "fragments"),
    [
        (BASE + "milestones:\n  aproved: 2026-01-01\n", 5, ["unknown milestone 'aproved'", "did you mean 'approved'"]),
        (BASE + "milestones:\n  approved: 2026-02-30\n", 5, ["'2026-02-30' is not a date"]),
        (BASE + "milestones:\n  approved: '20260101'\n", 5, ["is not a date", "YYYY-MM-DD"]),
        (BASE + "milestones:\n  approved: 2026-01-01 10:00:00\n", 5, ["without a time"]),
        ("id: p\nname: 项目\nbudget: -5\n", 3, ["budget", "greater than or equal to 0"]),
        ("id: p\nname: 项目\nbudget: lots\n", 3, ["budget", "not an amount of yuan"]),
        ("id: p\nname: 项目\nbudget: 100000.001\n", 3, ["budget", "decimal places"]),
        ("id: p\nname: 项目\n", None, ["budget", "field required"]),
        (BASE + "budgett: 5\n", 4, ["unknown field", "did you mean 'budget'"]),
        (BASE + "classified: 'yes'\n", 4, ["classified", "valid boolean"]),
        (BASE + "kind: upgrad\n", 4, ["kind"]),
        (BASE + "changes:\n  - {date: 2026-01-01, amount: 5, reason: whim}\n", 5, ["reason"]),
        (BASE + "budget: 5\n", 4, ["duplicate key 'budget'"]),
        ("- 1\n- 2\n", 1, ["mapping"]),
    ],
)
def test_malformed_projects(text: str, line: int | None, fragments: list[str]) -> None:
    with pytest.raises(ProjectError) as caught:
        govrules.parse_project(text, "p.yaml")
    message = str(caught.value)
    if line is not None:
        assert message.startswith(f"p.yaml:{line}:"), message
    for fragment in fragments:
        assert fragment in message, message
    assert "\n" not in message


def test_unknown_policy_suggests() -> None:
    with pytest.raises(UnknownPolicyError) as caught:
        govrules.load_pack("jinchen")
    assert caught.value.suggestion == "jincheng" and isinstance(caught.value, LookupError)


@pytest.mark.parametrize(
    ("files", "args", "fragment"),
    [
        ({"p.yaml": BASE + "milestones: {aproved: 2026-01-01}\n"}, ["p.yaml", "--policy", "jincheng"], "aproved"),
        ({"p.yaml": BASE}, ["p.yaml", "--policy", "jinchen"], "did you mean 'jincheng'"),
        ({"p.yaml": BASE}, ["p.yaml", "--policy", "jincheng", "--as-of", "2026-13-01"], "--as-of"),
        ({"p.yaml": BASE}, ["missing.yaml", "--policy", "jincheng"], "cannot read"),
        ({"p.yaml": BASE, "pack.yaml": "id: [\n"}, ["p.yaml", "--policy", "pack.yaml"], "pack.yaml:"),
        (
            {"p.yaml": BASE, "pack.yaml": "!!python/object:os.system x\n"},
            ["p.yaml", "--policy", "pack.yaml"],
            "refused",
        ),
        (
            {"p.yaml": BASE + "milestones: {accepted: 2026-12-01}\n"},
            ["p.yaml", "--policy", "jincheng", "--as-of", "2027-01-05", "--strict-calendar"],
            "no official holiday data for 2027",
        ),
    ],
)
def test_cli_bad_input_is_one_paragraph_and_exit_2(
    cli: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, str],
    args: list[str],
    fragment: str,
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("evaluate", *args)
    assert code == 2 and out == ""
    assert fragment in err and "Traceback" not in err
    assert err.count("\n") == 1, err
