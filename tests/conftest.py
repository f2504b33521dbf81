"""Shared fixtures: every test gets its own termbase and user, never the real ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Protocol

import pytest
from click.testing import CliRunner, Result

from termbase.cli import cli

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def env_setup(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TERMBASE_DB", str(tmp_path / "termbase.db"))
    monkeypatch.setenv("TERMBASE_USER", "tester")
    empty = tmp_path / "no-glossary"
    empty.mkdir()
    monkeypatch.setenv("TERMBASE_GLOSSARY", str(empty))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "termbase.db"


class Run(Protocol):
    def __call__(self, *args: str, ok: bool = True, stdin: str | None = None) -> Result: ...


@pytest.fixture
def run() -> Run:
    """``run("lookup", "x", ...)`` invokes ``termbase``; it must exit 0 unless ``ok=False``."""

    def invoke(*args: str, ok: bool = True, stdin: str | None = None) -> Result:
        result = CliRunner().invoke(cli, list(args), input=stdin)
        if ok:
            assert result.exit_code == 0, result.output + result.stderr
        return result

    return invoke


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test, naming the path, when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (a fresh clone has no ../shared)")
    return path


def seeded_termbase(run: Run, db_path: Path, folder: Path, seed_csv: str) -> Path:
    """A termbase created empty and filled by importing ``seed_csv`` (termbase's CSV)."""
    seed = folder / "seed.csv"
    seed.write_text(seed_csv, encoding="utf-8")
    run("init", "--no-glossary")
    run("import", str(seed))
    return db_path


def term_statuses(db_path: Path) -> dict[str, str]:
    """Each term's text and status, in stored order."""
    with sqlite3.connect(db_path) as conn:
        return dict(conn.execute("SELECT text, status FROM terms ORDER BY id").fetchall())
