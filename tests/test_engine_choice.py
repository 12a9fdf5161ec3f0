"""Choosing an engine: unknown names and a missing extra are clear errors."""

from __future__ import annotations

import datetime as dt

import pytest

import govrules

PROJECT = govrules.Project.model_validate({"id": "p", "name": "n", "budget": 1})


def test_unknown_engine_suggests() -> None:
    with pytest.raises(govrules.UsageError, match="did you mean 'durable'"):
        govrules.evaluate(PROJECT, govrules.load_pack("jincheng"), dt.date(2026, 1, 1), engine="durabel")


def test_missing_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import govrules._durable as durable

    monkeypatch.setattr(durable, "_IMPORT_ERROR", ImportError("No module named 'durable'"))
    with pytest.raises(govrules.EngineUnavailableError) as caught:
        govrules.evaluate(PROJECT, govrules.load_pack("jincheng"), dt.date(2026, 1, 1), engine="durable")
    assert "pip install 'govrules[durable]'" in str(caught.value)
    assert isinstance(caught.value, ImportError) and isinstance(caught.value, govrules.GovRulesError)
