"""Many writers at once lose nothing: 8 processes on PostgreSQL, 2 on SQLite, for 60 s.

Each writer adds, imports, approves, rejects and imports memory units (see
tests/writers.py); afterwards every write must be there exactly once and the
counts must add up.  $TERMBASE_STRESS_SECONDS shortens the run while developing.
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import Run
from writers import run_writers, verify

SECONDS = float(os.environ.get("TERMBASE_STRESS_SECONDS", "60"))


def test_many_writers_lose_nothing(
    run: Run, db_path: str | Path, engine: str, tmp_path: Path
) -> None:
    run("--db", str(db_path), "init", "--no-glossary")
    writers = 8 if engine == "postgresql" else 2
    dones = run_writers(str(db_path), writers, SECONDS, tmp_path)
    failed = [f for d in dones for f in d.failed]
    assert failed == []
    assert all(d.added and d.tm_pairs for d in dones)  # every writer got its turns
    assert verify(str(db_path), dones) == []
