"""Which files termbase opens, and how: newer and older schemas, foreign and read-only files.

Issue 10, case 7: a database in a read-only folder could not even be read
("attempt to write a readonly database"), and another program's SQLite file
given as --db got termbase's tables added to it.
"""

from __future__ import annotations

import hashlib
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from soundness import cli_env, connected, run_cli, termbase_cmd, unprivileged
from termbase.cli import cli
from termbase.errors import StoreError
from termbase.normalize import exact_key, fold_key, tone_key
from termbase.store import open_db
from termbase.store.migrations import MIGRATIONS, known_version

# About the SQLite file itself (its locks, damage, copies): not run on PostgreSQL.
pytestmark = pytest.mark.sqlite_only


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def old_termbase(path: Path, version: int = 2) -> Path:
    """A termbase as an older termbase left it: the first ``version`` migrations, one concept."""
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for fn in MIGRATIONS[:version]:
        fn(db)
        db.execute("INSERT INTO _migrations VALUES (?, '2024-01-01T00:00:00+00:00')", [fn.__name__])
    db.execute(
        "INSERT INTO concepts (id, created_at, updated_at) VALUES (1, '2024-01-01', '2024-01-01')"
    )
    text = "hòa bình"
    db.execute(
        "INSERT INTO terms (concept_id, lang, text, exact_key, tone_key, fold_key, status,"
        " created_at, updated_at) VALUES (1, 'vi', ?, ?, ?, ?, 'approved', '2024', '2024')",
        [text, exact_key(text), tone_key(text), fold_key(text)],
    )
    db.conn.commit()
    db.close()
    return path


# -- schema versions ----------------------------------------------------------


def test_a_newer_schema_is_refused_naming_both_versions(db_path: Path) -> None:
    assert invoke("--db", str(db_path), "add", "hòa bình", "peace").exit_code == 0
    newer = known_version() + 1
    with connected(db_path) as conn:
        conn.execute("INSERT INTO _migrations VALUES (?, 'later')", [f"m{newer:03d}_future"])
    before = digest(db_path)
    for args in (["lookup", "hòa bình"], ["add", "chiến tranh", "war"]):
        result = invoke("--db", str(db_path), *args)
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {db_path}: written by a newer termbase (schema version {newer});"
            f" this termbase (0.1.0) knows schema versions up to {known_version()}."
            " Upgrade termbase to open it\n"
        )
    assert digest(db_path) == before


def test_an_older_schema_is_migrated_after_a_copy_beside_it(tmp_path: Path) -> None:
    path = old_termbase(tmp_path / "team.db")
    before = digest(path)
    tb = open_db(path)
    assert tb.upgrade is not None
    assert (tb.upgrade.old_version, tb.upgrade.new_version) == (2, known_version())
    assert tb.upgrade.backup == tmp_path / "team.db.bak-v2"
    assert tb.conn.execute("SELECT COUNT(*) FROM _migrations").fetchone()[0] == len(MIGRATIONS)
    assert tb.conn.execute("SELECT text FROM terms").fetchall() == [("hòa bình",)]
    tb.close()
    with connected(tmp_path / "team.db.bak-v2") as copy:
        assert len(copy.execute("SELECT name FROM _migrations").fetchall()) == 2
        assert copy.execute("SELECT text FROM terms").fetchall() == [("hòa bình",)]
    assert before != digest(path)
    # Opened again: nothing to do, no second copy.
    again = open_db(path)
    assert again.upgrade is None
    again.close()
    assert sorted(p.name for p in tmp_path.glob("team.db.bak*")) == ["team.db.bak-v2"]


def test_the_cli_says_on_stderr_where_the_old_file_is_kept(tmp_path: Path) -> None:
    path = old_termbase(tmp_path / "team.db")
    (tmp_path / "team.db.bak-v2").write_text("an earlier copy, kept")
    result = invoke("--db", str(path), "lookup", "hoa binh")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Upgraded {path} from schema version 2 to {known_version()};"
        f" the file as it was is kept as {tmp_path / 'team.db.bak-v2-2'}\n"
    )
    assert (tmp_path / "team.db.bak-v2").read_text() == "an earlier copy, kept"
    assert "hòa bình" in result.stdout
    second = invoke("--db", str(path), "lookup", "hoa binh")
    assert second.stderr == ""


def test_processes_opening_an_old_file_at_once_migrate_it_once(tmp_path: Path) -> None:
    path = old_termbase(tmp_path / "team.db")
    procs = [
        subprocess.Popen(
            termbase_cmd("--db", str(path), "add", f"từ {i}", f"word {i}"),
            env=cli_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    outcomes = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in outcomes] == [0, 0, 0, 0], outcomes
    assert sum("Upgraded" in err for _, err in outcomes) == 1
    assert sorted(p.name for p in tmp_path.glob("team.db.bak*")) == ["team.db.bak-v2"]
    with connected(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM _migrations")]
        assert sorted(names) == sorted(fn.__name__ for fn in MIGRATIONS)
        assert conn.execute("SELECT COUNT(*) FROM concepts").fetchone()[0] == 5


# -- another program's file ---------------------------------------------------


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    path = tmp_path / "notes.sqlite"
    with connected(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('buy milk')")
    return path


@pytest.mark.parametrize(
    "args", [["add", "hòa bình", "peace"], ["lookup", "hòa bình"], ["stats"], ["init"]]
)
def test_another_programs_database_is_refused_untouched(foreign: Path, args: list[str]) -> None:
    before = digest(foreign)
    result = invoke("--db", str(foreign), *args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {foreign}: another program's SQLite database (tables: notes), not a termbase;"
        " left untouched. Pass a termbase file with --db, or a new file name to create one\n"
    )
    assert digest(foreign) == before
    assert not foreign.with_name(foreign.name + "-wal").exists()
    with connected(foreign) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        assert tables == [("notes",)]


def test_the_library_refuses_it_too(foreign: Path) -> None:
    with pytest.raises(StoreError, match="another program's SQLite database"):
        open_db(foreign)


# -- read-only files and folders ----------------------------------------------


@pytest.fixture
def termbase(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "team.db"
    for vi, en in (("hòa bình", "peace"), ("chiến tranh", "war")):
        assert run_cli("--db", str(path), "add", vi, en).returncode == 0
    yield path
    folder.chmod(0o755)
    path.chmod(0o644)


def _as_user(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI as a user that file permissions apply to (root is not one)."""
    return subprocess.run(
        [*unprivileged(), *termbase_cmd(*args)],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_termbase_is_read_and_writes_say_read_only(
    termbase: Path, tmp_path: Path, what: str
) -> None:
    probe = _as_user("--version")
    assert probe.returncode == 0, probe.stderr
    locked = termbase if what == "file" else termbase.parent
    locked.chmod(stat.S_IREAD | (stat.S_IEXEC if what == "folder" else 0))
    if _as_user_can_write(locked):
        pytest.skip("permissions do not apply to this user (root without setpriv)")
    before = digest(termbase)
    db = ["--db", str(termbase)]
    found = _as_user(*db, "lookup", "hoa binh")
    assert found.returncode == 0, found.stderr
    assert "peace" in found.stdout
    listed = _as_user(*db, "list")
    assert listed.returncode == 0 and "war" in listed.stdout, listed.stderr
    exported = _as_user(*db, "export", "--format", "tsv")
    assert exported.returncode == 0 and "chiến tranh\twar" in exported.stdout, exported.stderr
    assert _as_user(*db, "stats").returncode == 0
    added = _as_user(*db, "add", "an ninh", "security")
    assert added.returncode == 1
    assert added.stderr.startswith(f"Error: {termbase}: read-only (the file or its folder")
    assert "cannot change it; lookup, list and export still work" in added.stderr
    assert "Traceback" not in added.stderr
    assert digest(termbase) == before


def test_no_termbase_is_created_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IREAD | stat.S_IEXEC)
    try:
        if _as_user_can_write(folder):
            pytest.skip("permissions do not apply to this user (root without setpriv)")
        result = _as_user("--db", str(folder / "new.db"), "add", "hòa bình", "peace")
        assert result.returncode == 1
        assert result.stderr == (
            f"Error: {folder / 'new.db'}: cannot create a termbase there, folder {folder} is"
            " read-only; pass --db with a place you can write\n"
        )
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def _as_user_can_write(path: Path) -> bool:
    check = "import os, sys; print(os.access(sys.argv[1], os.W_OK))"
    probe = subprocess.run(
        [*unprivileged(), sys.executable, "-c", check, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.stdout.strip() == "True"


def test_connections_creating_one_new_file_at_once_all_open_it(tmp_path: Path) -> None:
    # Turning a file to WAL needs it to itself, and SQLite answers "database is locked" at
    # once, whatever the busy timeout, while another connection opens it: commands
    # creating one new file together failed so, 36 rounds in 200 with four processes,
    # about 6 in 100 with four threads (test_concurrency.py saw it now and then).
    import threading

    failed: list[str] = []
    for round_ in range(100):
        path = tmp_path / f"new-{round_}.db"
        start = threading.Barrier(4)

        def open_it(path: Path = path, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                open_db(path, timeout=10).close()
            except StoreError as exc:
                failed.append(str(exc))

        threads = [threading.Thread(target=open_it) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failed == []
