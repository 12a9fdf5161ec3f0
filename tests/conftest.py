from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import govrules
from govrules.cli import main

ROOT = Path(__file__).resolve().parent.parent

CliRunner = Callable[..., tuple[int, str, str]]


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CliRunner:
    """Run the CLI in-process: ``code, stdout, stderr = cli("evaluate", ...)``."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse exits for its own errors
            code = int(stop.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def jincheng_variant() -> Iterator[Callable[[str, str], Path]]:
    """Write an edited copy of the Jincheng pack beside it (so its source path resolves); removed after."""
    pack = govrules.load_pack("jincheng").path
    written: list[Path] = []

    def variant(old: str, new: str) -> Path:
        text = pack.read_text("utf-8")
        assert old in text, f"the edit does not apply: {old!r}"
        path = pack.parent / f"_test_variant_{len(written)}.yaml"
        path.write_text(text.replace(old, new, 1), "utf-8")
        written.append(path)
        return path

    yield variant
    for path in written:
        path.unlink(missing_ok=True)
