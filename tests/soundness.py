"""Test helpers for the termbase's own safety: sound files, CLI subprocesses, generated input."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The code the CLI subprocesses run: this tree's, or $TERMBASE_TEST_SRC (to run the
# tests against another checkout, e.g. to see them fail on an older main).
SRC = Path(os.environ.get("TERMBASE_TEST_SRC") or Path(__file__).resolve().parents[1] / "src")


def assert_sound(db: Path | str | sqlite3.Connection) -> None:
    """SQLite's integrity check, the FTS5 index's own, and the index against ``terms``.

    Run after every bulk write path: a substring index out of step with its
    terms shows up later as "database disk image is malformed".  A PostgreSQL
    termbase (a URL) has none of these to check: the server keeps its links and
    indexes itself: there is nothing of ours to check.
    """
    if isinstance(db, str):
        return
    conn = sqlite3.connect(db) if isinstance(db, Path) else db
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO terms_fts(terms_fts) VALUES ('integrity-check')")
        # rank 1: also compare the index with the terms it is built from.
        conn.execute("INSERT INTO terms_fts(terms_fts, rank) VALUES ('integrity-check', 1)")
        indexed = conn.execute(
            "SELECT (SELECT COUNT(*) FROM terms), (SELECT COUNT(*) FROM terms_fts_docsize),"
            " (SELECT COUNT(*) FROM terms WHERE id NOT IN (SELECT id FROM terms_fts_docsize))"
        ).fetchone()
        assert indexed[0] == indexed[1] and indexed[2] == 0, indexed
        triggers = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        assert {"terms_ai", "terms_ad", "terms_au"} <= triggers
    finally:
        if conn.in_transaction:
            conn.rollback()
        if isinstance(db, Path):
            conn.close()


@contextmanager
def connected(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection to ``path``: committed, then closed (no -wal left open)."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def dump(db: Path) -> list[str]:
    """The whole database as SQL statements, for comparing before and after."""
    with connected(db) as conn:
        return list(conn.iterdump())


def termbase_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "termbase", *args]


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a CLI subprocess: this worktree's code first."""
    env = dict(os.environ, PYTHONPATH=str(SRC), **extra)
    env.pop("TERMBASE_BUSY_TIMEOUT", None)
    env.update(extra)
    return env


def run_cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        termbase_cmd(*args),
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


def unprivileged() -> list[str]:
    """A prefix that makes root obey file permissions (for read-only tests); [] otherwise."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return []
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]


_SYLLABLES = (
    "an bình cao dân đại giao hòa khoa luật minh nam nghị quốc sự thành tổ trung văn việt xã"
    " bộ chính phủ hội đồng kinh tế phát triển công nghiệp nông thôn giáo dục y tế môi trường"
    " ngân hàng thương mại đầu tư hợp tác quốc phòng an ninh biên giới hải quan thuế"
)
_FILLER = "và của các những được cho với trong này đã sẽ là có không một người"
SYLLABLES = _SYLLABLES.split()


def omegat_glossary(path: Path, lines: int, seed: int = 1, prefix: str = "") -> Path:
    """An OmegaT glossary (source<TAB>target) of ``lines`` distinct Vietnamese terms."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(lines):
            vi = " ".join(rng.choice(SYLLABLES) for _ in range(3))
            out.write(f"{prefix}{vi} {i}\t{prefix}term {i}\n")
    return path


def vietnamese_text(path: Path, lines: int = 2500, seed: int = 7) -> Path:
    """Running text built from a few hundred recurring terms: mining finds thousands."""
    rng = random.Random(seed)
    terms = [
        " ".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 4)))) for _ in range(600)
    ]
    filler = _FILLER.split()
    with path.open("w", encoding="utf-8") as out:
        for _ in range(lines):
            words: list[str] = []
            for _ in range(rng.randint(3, 6)):
                words.append(rng.choice(terms))
                words.extend(rng.choice(filler) for _ in range(rng.randint(1, 3)))
            out.write(" ".join(words).capitalize() + ".\n")
    return path
