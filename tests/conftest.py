"""Shared fixtures: every test gets its own termbase and user, never the real ones."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest
from click.testing import CliRunner, Result

import pgserver
from termbase.cli import cli

SHARED = Path(__file__).resolve().parents[2] / "shared"
ENGINES = ("sqlite", "postgresql")
# Fixtures that give a test a termbase: such a test runs on both engines.
TERMBASE_FIXTURES = {"db_path", "run"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=[*ENGINES, "both"],
        default="both",
        help="the engines to run termbase tests on (default: both)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses a termbase runs once per engine (unless marked sqlite_only)."""
    if not TERMBASE_FIXTURES & set(metafunc.fixturenames):
        return
    chosen = metafunc.config.getoption("--engine")
    engines = list(ENGINES) if chosen == "both" else [chosen]
    if "engine" not in metafunc.fixturenames:
        metafunc.fixturenames.append("engine")
    for only in ENGINES:
        if metafunc.definition.get_closest_marker(f"{only}_only"):
            engines = [e for e in engines if e == only]
    if not engines:  # e.g. a PostgreSQL-only test in an SQLite-only run
        metafunc.parametrize(
            "engine",
            [
                pytest.param(
                    "none",
                    marks=pytest.mark.skip(
                        reason=f"not for the engines chosen (--engine {chosen})"
                    ),
                )
            ],
            indirect=True,
        )
        return
    metafunc.parametrize("engine", engines, indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg() -> Iterator[pgserver.Server | str]:
    """The session's throw-away PostgreSQL server, or why there is none."""
    server = pgserver.start()
    yield server
    if isinstance(server, pgserver.Server):
        server.stop()


_DATABASES = itertools.count(1)


@pytest.fixture
def db_path(tmp_path: Path, engine: str, request: pytest.FixtureRequest) -> Iterator[Path | str]:
    """The test's termbase: a file, or a new database on the test server (its URL)."""
    if engine == "sqlite":
        yield tmp_path / "termbase.db"
        return
    server = request.getfixturevalue("pg")
    if isinstance(server, str):
        pytest.skip(f"PostgreSQL leg: {server}")
    name = f"t{next(_DATABASES)}"
    server.sql(f"CREATE DATABASE {name}")
    yield server.url(name)
    server.sql(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(autouse=True)
def env_setup(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    target = (
        request.getfixturevalue("db_path")
        if "engine" in request.fixturenames
        else tmp_path / "termbase.db"
    )
    monkeypatch.setenv("TERMBASE_DB", str(target))
    monkeypatch.setenv("TERMBASE_USER", "tester")
    empty = tmp_path / "no-glossary"
    empty.mkdir()
    monkeypatch.setenv("TERMBASE_GLOSSARY", str(empty))
    monkeypatch.chdir(tmp_path)


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
    with db_connect(db_path) as conn:
        return dict(conn.execute("SELECT text, status FROM terms ORDER BY id").fetchall())


class DbConnection:
    """A test's own connection to a termbase, for reading (and damaging) its rows directly.

    SQLite's for a file, the store's PostgreSQL connection for a URL; either way
    ``with db_connect(x) as conn`` commits at the end, and ``?`` placeholders work.
    """

    def __init__(self, target: Path | str) -> None:
        self.target = target
        if isinstance(target, str) and target.startswith("postgresql://"):
            from termbase.store.postgres import connect
            from termbase.store.target import ServerTarget

            self.conn: Any = connect(ServerTarget(target), 10)
        else:
            self.conn = sqlite3.connect(target)

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.conn.execute(sql, params)

    def iterdump(self) -> list[str]:
        """Every row of every table, in order: SQLite's own dump, or the server's rows."""
        if isinstance(self.conn, sqlite3.Connection):
            return list(self.conn.iterdump())
        tables = [
            r[0]
            for r in self.conn.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema() ORDER BY table_name"
            ).fetchall()
        ]
        lines = []
        for table in tables:
            rows = self.conn.execute(f'SELECT * FROM "{table}"').fetchall()
            lines += [f"{table}: {row!r}" for row in sorted(rows, key=repr)]
        return lines

    def executemany(self, sql: str, rows: Any) -> Any:
        return self.conn.executemany(sql, rows)

    def commit(self) -> None:
        self.conn.commit()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> DbConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.conn.commit()
        self.conn.close()


def db_connect(target: Path | str) -> DbConnection:
    return DbConnection(target)


def termbase_exists(target: Path | str) -> bool:
    """Whether the termbase was created: the file, or any table in the database."""
    if isinstance(target, Path):
        return target.exists()
    with db_connect(target) as conn:
        return bool(
            conn.execute(
                "SELECT COUNT(*) FROM information_schema.tables"
                " WHERE table_schema = current_schema()"
            ).fetchone()[0]
        )
