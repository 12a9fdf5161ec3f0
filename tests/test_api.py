"""The public API: exports, the report contract, determinism and thread safety."""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import govrules

ROOT = Path(__file__).resolve().parent.parent


def test_all_is_exact_and_importable() -> None:
    for name in govrules.__all__:
        assert hasattr(govrules, name), name
    public = {n for n in dir(govrules) if not n.startswith("_") and n not in {"calendar", "cli"}}
    assert public == set(govrules.__all__) - {"__version__"}


def test_errors_share_one_root() -> None:
    for error in (govrules.PackError, govrules.ProjectError, govrules.CalendarOverlayError, govrules.UsageError):
        assert issubclass(error, govrules.GovRulesError) and issubclass(error, ValueError)
    for error in (govrules.UnknownPolicyError, govrules.CalendarCoverageError):
        assert issubclass(error, govrules.GovRulesError) and issubclass(error, LookupError)


def _example() -> govrules.Project:
    return govrules.load_project(ROOT / "examples" / "jincheng-platform.yaml")


def test_report_round_trips_through_json() -> None:
    report = govrules.evaluate(_example(), govrules.load_pack("jincheng"), dt.date(2026, 6, 30))
    again = govrules.Report.model_validate_json(report.model_dump_json())
    assert again.model_dump_json() == report.model_dump_json()
    assert json.loads(report.model_dump_json())["violations"][0]["quote"]


def test_models_are_frozen() -> None:
    report = govrules.evaluate(_example(), govrules.load_pack("jincheng"), dt.date(2026, 6, 30))
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError for frozen instances
        report.violations[0].status = "met"  # type: ignore[misc]
    with pytest.raises(Exception):  # noqa: B017
        _example().budget = 1  # type: ignore[misc]


def test_deterministic_and_thread_safe() -> None:
    pack = govrules.load_pack("jincheng")
    project = _example()
    dates = [dt.date(2026, 1, 1) + dt.timedelta(days=7 * i) for i in range(40)]
    serial = [govrules.evaluate(project, pack, d).model_dump_json() for d in dates]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda d: govrules.evaluate(project, pack, d).model_dump_json(), dates * 3))
    assert parallel == serial * 3


def test_bad_arguments() -> None:
    pack = govrules.load_pack("jincheng")
    with pytest.raises(govrules.UsageError):
        govrules.evaluate(_example(), pack, dt.date(2026, 1, 1), lang="fr")
    with pytest.raises(govrules.UsageError):
        govrules.evaluate(_example(), pack, "2026-01-01")  # type: ignore[arg-type]


def test_language_switch() -> None:
    pack = govrules.load_pack("jincheng")
    zh = govrules.evaluate(_example(), pack, dt.date(2026, 6, 30))
    en = govrules.evaluate(_example(), pack, dt.date(2026, 6, 30), lang="en")
    assert zh.violations[0].message != en.violations[0].message
    assert en.violations[0].quote == zh.violations[0].quote  # the law is quoted in its own language
    assert en.policy.title.startswith("Jincheng")
