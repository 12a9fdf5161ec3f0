"""docs/ stays true: generated pages match their generator; every project field and milestone is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

import govrules
from govrules._conditions import FIELDS

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("name", sorted(govrules.shipped_packs()))
def test_jurisdiction_page_is_generated_from_the_pack(name: str) -> None:
    page = DOCS / "jurisdictions" / f"{name}.md"
    expected = govrules.pack_markdown(govrules.load_pack(name))
    assert page.exists(), f"missing {page}: run  govrules show {name} --format markdown > {page}"
    assert page.read_text("utf-8") == expected, f"{page} is stale: run  govrules show {name} --format markdown > {page}"


def test_project_reference_documents_every_field_and_milestone() -> None:
    text = (DOCS / "project.md").read_text("utf-8")
    for name in govrules.Project.model_fields:
        assert f"`{name}`" in text, name
    for name in govrules.Change.model_fields:
        assert f"`{name}`" in text, name
    for name in govrules.MILESTONES:
        assert f"`{name}`" in text, name


def test_pack_reference_documents_every_condition_field_and_shape() -> None:
    text = (DOCS / "packs.md").read_text("utf-8")
    for name in FIELDS:
        if not name.startswith("milestone."):
            assert f"`{name}`" in text, name
    for shape in ("scope_exclusion", "requirement", "deadline", "ordering", "prohibition", "change_control", "funding"):
        assert f"`{shape}`" in text, shape


def test_output_reference_documents_every_report_field() -> None:
    text = (DOCS / "output.md").read_text("utf-8")
    for model in (govrules.Report, govrules.Finding):
        for name in model.model_fields:
            assert f"`{name}`" in text, name
