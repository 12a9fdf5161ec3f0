"""``govrules deadline``: text and JSON output, and bad arguments as one line with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CliRunner


def test_text_prints_date_and_chinese_weekday(cli: CliRunner) -> None:
    code, out, err = cli("deadline", "2026-02-10", "--working-days", "10")
    assert (code, out, err) == (0, "2026-03-02 星期一\n", "")


def test_json_has_due_estimated_and_counting(cli: CliRunner) -> None:
    code, out, _ = cli("deadline", "2026-09-01", "--days", "30", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["due"] == "2026-10-08" and data["estimated"] is False
    assert data["counted"]["kind"] == "days" and data["counted"]["unadjusted"] == "2026-10-01"
    assert data["counted"]["calendar_version"].startswith("chinesecalendar")


def test_months(cli: CliRunner) -> None:
    assert cli("deadline", "2025-04-01", "--months", "6")[1] == "2025-10-09 星期四\n"


def test_estimated_result_warns_on_stderr(cli: CliRunner) -> None:
    code, out, err = cli("deadline", "2026-12-20", "--working-days", "30", "--format", "json")
    assert code == 0 and json.loads(out)["estimated"] is True
    assert "2027" in err and "--calendar" in err


def test_overlay_file_makes_it_official(cli: CliRunner, tmp_path: Path) -> None:
    overlay = tmp_path / "2027.yaml"
    overlay.write_text("years:\n  2027:\n    source: 测试用安排（非官方）\n    holidays: [2027-01-01]\n", "utf-8")
    code, out, err = cli("deadline", "2026-12-20", "--working-days", "30", "--calendar", str(overlay))
    assert (code, out, err) == (0, "2027-02-01 星期一\n", "")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["deadline", "2026-02-30", "--days", "3"], "'2026-02-30' is not a date"),
        (["deadline", "20260210", "--days", "3"], "YYYY-MM-DD"),
        (["deadline", "2026-02-10"], "one of the arguments"),
        (["deadline", "2026-02-10", "--days", "x"], "invalid int value"),
        (["deadline", "2026-02-10", "--days", "0"], "positive"),
        (["deadline", "2026-02-10", "--days", "3", "--working-days", "3"], "not allowed with"),
        (["deadline", "2026-12-20", "--working-days", "30", "--strict-calendar"], "no official holiday data for 2027"),
        (["deadline", "2026-12-20", "--working-days", "3", "--calendar", "/nope.yaml"], "cannot read"),
        (["deadline", "2099-12-30", "--working-days", "30"], "beyond 2000–2099"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(cli: CliRunner, args: list[str], fragment: str) -> None:
    code, out, err = cli(*args)
    assert code == 2 and out == ""
    assert fragment in err
    assert err.count("\n") == 1 and "Traceback" not in err
