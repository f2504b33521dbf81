"""Shared fixtures: every test gets its own termbase and user, never the real ones."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def env_setup(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TERMBASE_DB", str(tmp_path / "termbase.db"))
    monkeypatch.setenv("TERMBASE_USER", "tester")
    monkeypatch.setenv("TERMBASE_GLOSSARY", str(tmp_path / "no-glossary"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "termbase.db"


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test when that folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (a fresh clone has no ../shared)")
    return path
