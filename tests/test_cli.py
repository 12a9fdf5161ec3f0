"""The CLI: evaluate in every format and language, policies, show, validate, schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govrules
from govrules.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "jincheng-platform.yaml")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as stop:
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_evaluate_text_is_a_chinese_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", EXAMPLE, "--policy", "jincheng", "--as-of", "2026-06-30")
    assert code == 0 and err == ""
    assert out.startswith("晋城市政务大数据项目建设应用管理办法（晋市政办〔2023〕9号）")
    assert "违规（2）" in out and "逾期办理；截止 2026-02-25（星期三）" in out
    assert "下一步" in out and "已履行" in out and "依据：“" in out


def test_evaluate_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", EXAMPLE, "--policy", "jincheng", "--as-of", "2026-06-30", "--lang", "en")
    assert code == 0 and "Violations (2)" in out and "Art. 14" in out and "done late" in out


def test_evaluate_json_is_the_report_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", EXAMPLE, "--policy", "jincheng", "--as-of", "2026-06-30", "--format", "json")
    data = json.loads(out)
    report = govrules.Report.model_validate(data)
    assert code == 0 and report.policy.document_number == "晋市政办〔2023〕9号"
    late = next(v for v in data["violations"] if v["rule"] == "jc-14-budget-report")
    assert late["kind"] == "late" and late["due"] == "2026-02-25" and late["article"] == 14
    assert late["counted_from"] == {"milestone": "budget_approved", "date": "2026-02-13"}
    assert late["counted"]["calendar_version"].startswith("chinesecalendar")
    assert late["responsible"]["name"] == "项目建设单位（市行政审批服务管理局）"
    assert late["authority"]["id"] == "big_data_bureau"
    assert late["facts"]["milestone.budget_approved"] == "2026-02-13"


def test_evaluate_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "evaluate", EXAMPLE, "--policy", "jincheng", "--as-of", "2026-06-30", "--format", "markdown"
    )
    assert code == 0 and out.startswith("# 晋城市") and "| 条款 | 事项 | 状态 |" in out and "| 第14条 |" in out


def test_fail_on_violations(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("evaluate", EXAMPLE, "--policy", "jincheng", "--as-of", "2026-06-30")
    assert run(capsys, *args)[0] == 0
    assert run(capsys, *args, "--fail-on", "violations")[0] == 1
    assert (
        run(capsys, "evaluate", EXAMPLE, "--policy", "jincheng", "--as-of", "2026-01-10", "--fail-on", "violations")[0]
        == 0
    )


def test_evaluate_from_stdin_and_a_pack_path(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"id: s\nname: x\nbudget: 1\n"), encoding="utf-8"))
    pack = str(govrules.load_pack("jincheng").path)
    code, out, _ = run(capsys, "evaluate", "-", "--policy", pack, "--as-of", "2026-06-30", "--format", "json")
    assert code == 0 and json.loads(out)["project"] == "s"


def test_policies_lists_the_shipped_packs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "policies", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {"id": "jincheng", "document_number": "晋市政办〔2023〕9号"}.items() <= rows[0].items()
    assert "jincheng" in run(capsys, "policies")[1]


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "jincheng")
    assert code == 0 and "financial_review_threshold" in out and "jc-29-acceptance-filing" in out
    code, out, _ = run(capsys, "show", "jincheng", "--format", "markdown")
    assert code == 0 and "| `financial_review_threshold` | 财政评审起点 | ≥ ¥300,000 | 第14条 |" in out
    code, out, _ = run(capsys, "show", "jincheng", "--format", "json")
    assert json.loads(out)["id"] == "jincheng"


def test_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "validate", "jincheng")
    assert code == 0 and out.startswith("ok: ") and "quotes verified" in out
    pack = govrules.load_pack("jincheng")
    broken = pack.path.parent / "_validate_test.yaml"
    try:
        broken.write_text(
            pack.path.read_text("utf-8").replace("quote: 开展网络安全测评", "quote: 开展网络安全检测"), "utf-8"
        )
        code, out, err = run(capsys, "validate", "jincheng", str(broken))
    finally:
        broken.unlink()
    assert code == 2 and "jc-24-security-testing" in err and "article 24" in err


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "project")
    schema = json.loads(out)
    assert code == 0 and "budget" in schema["required"]
    assert "approved" in schema["properties"]["milestones"]["propertyNames"]["enum"]
    assert schema["additionalProperties"] is False
    assert "violations" in json.loads(run(capsys, "schema", "report")[1])["properties"]


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", "--help")
    assert code == 0 and "examples:" in out and "--fail-on" in out
