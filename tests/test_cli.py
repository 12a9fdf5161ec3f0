"""The CLI: evaluate in every format and language, policies, show, validate, schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CliRunner

import govrules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "jincheng-platform.yaml")


def test_evaluate_text_is_a_chinese_summary(cli: CliRunner) -> None:
    code, out, err = cli("evaluate", EXAMPLE, "--policy", "jincheng", "--as-of", "2026-06-30")
    assert code == 0 and err == ""
    assert out.startswith("晋城市政务大数据项目建设应用管理办法（晋市政办〔2023〕9号）")
    assert "违规（2）" in out and "逾期办理；截止 2026-02-25（星期三）" in out
    assert "下一步" in out and "已履行" in out and "依据：“" in out


def test_evaluate_english(cli: CliRunner) -> None:
    code, out, _ = cli("evaluate", EXAMPLE, "--policy", "jincheng", "--as-of", "2026-06-30", "--lang", "en")
    assert code == 0 and "Violations (2)" in out and "Art. 14" in out and "done late" in out


def test_evaluate_json_is_the_report_contract(cli: CliRunner) -> None:
    code, out, _ = cli("evaluate", EXAMPLE, "--policy", "jincheng", "--as-of", "2026-06-30", "--format", "json")
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


def test_evaluate_markdown(cli: CliRunner) -> None:
    code, out, _ = cli("evaluate", EXAMPLE, "--policy", "jincheng", "--as-of", "2026-06-30", "--format", "markdown")
    assert code == 0 and out.startswith("# 晋城市") and "| 条款 | 事项 | 状态 |" in out and "| 第14条 |" in out


def test_fail_on_violations(cli: CliRunner) -> None:
    args = ("evaluate", EXAMPLE, "--policy", "jincheng", "--as-of", "2026-06-30")
    assert cli(*args)[0] == 0
    assert cli(*args, "--fail-on", "violations")[0] == 1
    assert cli("evaluate", EXAMPLE, "--policy", "jincheng", "--as-of", "2026-01-10", "--fail-on", "violations")[0] == 0


def test_evaluate_from_stdin_and_a_pack_path(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"id: s\nname: x\nbudget: 1\n"), encoding="utf-8"))
    pack = str(govrules.load_pack("jincheng").path)
    code, out, _ = cli("evaluate", "-", "--policy", pack, "--as-of", "2026-06-30", "--format", "json")
    assert code == 0 and json.loads(out)["project"] == "s"


def test_policies_lists_the_shipped_packs(cli: CliRunner) -> None:
    code, out, _ = cli("policies", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {"id": "jincheng", "document_number": "晋市政办〔2023〕9号"}.items() <= rows[0].items()
    assert "jincheng" in cli("policies")[1]


def test_show(cli: CliRunner) -> None:
    code, out, _ = cli("show", "jincheng")
    assert code == 0 and "financial_review_threshold" in out and "jc-29-acceptance-filing" in out
    code, out, _ = cli("show", "jincheng", "--format", "markdown")
    assert code == 0 and "| `financial_review_threshold` | 财政评审起点 | ≥ ¥300,000 | 第14条 |" in out
    code, out, _ = cli("show", "jincheng", "--format", "json")
    assert json.loads(out)["id"] == "jincheng"


def test_validate(cli: CliRunner, tmp_path: Path) -> None:
    code, out, _ = cli("validate", "jincheng")
    assert code == 0 and out.startswith("ok: ") and "quotes verified" in out
    pack = govrules.load_pack("jincheng")
    broken = pack.path.parent / "_validate_test.yaml"
    try:
        broken.write_text(
            pack.path.read_text("utf-8").replace("quote: 开展网络安全测评", "quote: 开展网络安全检测"), "utf-8"
        )
        code, out, err = cli("validate", "jincheng", str(broken))
    finally:
        broken.unlink()
    assert code == 2 and "jc-24-security-testing" in err and "article 24" in err


def test_schema(cli: CliRunner) -> None:
    code, out, _ = cli("schema", "project")
    schema = json.loads(out)
    assert code == 0 and "budget" in schema["required"]
    assert "approved" in schema["properties"]["milestones"]["propertyNames"]["enum"]
    assert schema["additionalProperties"] is False
    assert "violations" in json.loads(cli("schema", "report")[1])["properties"]


def test_help_has_examples(cli: CliRunner) -> None:
    code, out, _ = cli("evaluate", "--help")
    assert code == 0 and "examples:" in out and "--fail-on" in out
