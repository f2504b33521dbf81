"""``kill -9`` in the middle of a command's write leaves the termbase exactly as it was.

The command is a real process; the test waits until it holds the write lock
(its one transaction has begun) and, for the import, until its uncommitted
pages have spilled into the -wal file, then kills it.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from soundness import (
    assert_sound,
    cli_env,
    dump,
    omegat_glossary,
    run_cli,
    termbase_cmd,
    vietnamese_text,
)

# About the SQLite file itself (its locks, damage, copies): not run on PostgreSQL.
pytestmark = pytest.mark.sqlite_only


def writing(db: Path) -> bool:
    """Whether some process holds the write lock of ``db`` (a probe that waits for nothing)."""
    conn = sqlite3.connect(db, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return True
        raise
    else:
        conn.rollback()
        return False
    finally:
        conn.close()


def kill_while_writing(proc: subprocess.Popen[bytes], db: Path, spilled: int, settle: float) -> int:
    """SIGKILL ``proc`` once it is inside its transaction; the -wal size then."""
    wal = db.with_name(db.name + "-wal")
    deadline = time.monotonic() + 300
    inside_since = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("the command finished before it could be killed; give it more to do")
        if writing(db):
            inside_since = inside_since or time.monotonic()
            size = wal.stat().st_size if wal.exists() else 0
            if size >= spilled and time.monotonic() - inside_since >= settle:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=60)
                return size
        time.sleep(0.02)
    pytest.fail("the command never began writing")


def start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        termbase_cmd(*args), env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A termbase with a little of everything in it already (made once, copied per test)."""
    folder = tmp_path_factory.mktemp("made")
    path = folder / "team.db"
    assert run_cli("--db", str(path), "add", "hòa bình", "peace").returncode == 0
    small = omegat_glossary(folder / "small.txt", 300, seed=5, prefix="cũ ")
    assert run_cli("--db", str(path), "import", str(small), "-f", "omegat").returncode == 0
    text = vietnamese_text(folder / "small-text.txt", lines=60, seed=3)
    assert run_cli("--db", str(path), "mine", str(text)).returncode == 0
    return path


@pytest.fixture
def db(made: Path, tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    shutil.copyfile(made, path)  # closed cleanly: the -wal is folded in, one file is all
    return path


def test_kill_during_a_large_import_changes_nothing(db: Path, tmp_path: Path) -> None:
    before = dump(db)
    big = omegat_glossary(tmp_path / "big.txt", 10_000, seed=9)
    proc = start("--db", str(db), "import", str(big), "-f", "omegat")
    spilled = kill_while_writing(proc, db, spilled=512 * 1024, settle=0.0)
    assert proc.returncode == -signal.SIGKILL
    assert spilled >= 512 * 1024  # uncommitted pages were on disk when it died
    assert dump(db) == before
    assert_sound(db)
    # And the termbase works on.
    assert run_cli("--db", str(db), "add", "chiến tranh", "war").returncode == 0


def test_kill_during_mine_changes_nothing(db: Path, tmp_path: Path) -> None:
    before = dump(db)
    text = vietnamese_text(tmp_path / "long-text.txt", lines=2500)
    proc = start("--db", str(db), "mine", str(text))
    kill_while_writing(proc, db, spilled=0, settle=0.5)
    assert proc.returncode == -signal.SIGKILL
    assert dump(db) == before
    assert_sound(db)
