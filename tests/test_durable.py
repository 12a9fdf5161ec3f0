"""durable_rules as a second engine: a differential oracle against the native one."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import AS_OF, PACK, PACKS, projects

import govrules

pytest.importorskip("durable", reason="the durable extra is not installed (Python ≥ 3.13 or no C compiler)")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects(), PACK, AS_OF, st.sampled_from(["zh", "en"]))
def test_native_and_durable_engines_give_identical_reports(
    record: dict[str, Any], pack: str, as_of: dt.date, lang: str
) -> None:
    project = govrules.Project.model_validate(record)
    native = govrules.evaluate(project, PACKS[pack], as_of, lang=lang)
    durable = govrules.evaluate(project, PACKS[pack], as_of, lang=lang, engine="durable")
    assert durable.model_dump_json() == native.model_dump_json()


def test_sessions_are_deleted_past_the_1024_cap() -> None:
    pack = PACKS["jincheng"]
    project = govrules.Project.model_validate(
        {"id": "many", "name": "多次评估", "budget": 300000, "milestones": {"tech_review": "2026-02-03"}}
    )
    first = govrules.evaluate(project, pack, dt.date(2026, 3, 1), engine="durable")
    for _ in range(1100):  # more than durable_rules' 1,024 live sessions: each one must be deleted
        govrules.evaluate(project, pack, dt.date(2026, 3, 1), engine="durable")
    last = govrules.evaluate(project, pack, dt.date(2026, 3, 1), engine="durable")
    assert last.model_dump_json() == first.model_dump_json()


def test_threads_share_the_engine_safely() -> None:
    projects_ = [
        govrules.Project.model_validate(
            {
                "id": f"t{i}",
                "name": "并发",
                "budget": 100000 * (i + 1),
                "deployment": ["gov_cloud", "public_cloud", "own_room"][i % 3],
                "milestones": {"completed": "2026-03-02", "accepted": "2026-04-01"},
            }
        )
        for i in range(24)
    ]

    def run(index: int) -> tuple[str, str]:
        project = projects_[index % len(projects_)]
        pack = PACKS[sorted(PACKS)[index % 4]]
        native = govrules.evaluate(project, pack, dt.date(2026, 9, 1)).model_dump_json()
        durable = govrules.evaluate(project, pack, dt.date(2026, 9, 1), engine="durable").model_dump_json()
        return native, durable

    with ThreadPoolExecutor(max_workers=8) as pool:
        for native, durable in pool.map(run, range(96)):
            assert native == durable


def test_cli_engine_flag(cli: Any, root: Any) -> None:
    example = str(root / "examples" / "jincheng-platform.yaml")
    args = ("evaluate", example, "--policy", "jincheng", "--as-of", "2026-06-30", "--format", "json")
    native = cli(*args)
    durable = cli(*args, "--engine", "durable")
    assert native[0] == durable[0] == 0 and native[1] == durable[1]
