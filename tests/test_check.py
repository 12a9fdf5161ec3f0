"""``govrules check``: the shipped packs are clean; each deliberately broken pack trips exactly its check."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CliRunner

import govrules

PACKS = Path(__file__).resolve().parent / "packs"
BROKEN = sorted((PACKS / "broken").glob("*.yaml"))


@pytest.mark.parametrize("name", ["jincheng", "yuncheng", "qinyuan", "tengzhou", str(PACKS / "clean.yaml")])
def test_clean_packs(name: str) -> None:
    assert govrules.check_pack(name) == []


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_each_broken_pack_trips_exactly_its_check(path: Path) -> None:
    expected = path.stem.split("-")[0]
    problems = govrules.check_pack(path)
    assert problems, f"{path.name}: no problem found"
    assert {p.check for p in problems} == {expected}, [str(p) for p in problems]
    for problem in problems:
        assert problem.line is not None and str(problem).startswith(f"{path}:{problem.line}: [{expected}]")


def test_every_check_has_a_broken_pack() -> None:
    checks = {p.stem.split("-")[0] for p in BROKEN}
    assert checks == {
        "load",
        "quote",
        "coverage",
        "unreachable",
        "contradiction",
        "gap",
        "overlap",
        "deadline",
        "workflow",
    }


def test_cli_exit_codes(cli: CliRunner) -> None:
    code, out, _ = cli("check", "jincheng", "tengzhou")
    assert code == 0 and out == "ok: jincheng\nok: tengzhou\n"
    code, out, err = cli("check", str(PACKS / "broken" / "gap.yaml"), str(PACKS / "broken" / "quote.yaml"))
    assert code == 1 and "[gap]" in out and "[quote]" in out and "2 problems" in err
