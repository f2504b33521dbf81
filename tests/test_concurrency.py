"""Several termbase commands on one file at once, as real processes (issue 10, case 5).

Two ``termbase add`` started together failed in 17 of 20 tries with "database
is locked" after ~0.13 s: a deferred transaction that needs the write lock
later gets no chance to wait for it.  Bigger runs, with their timings, are in
bench/bench_concurrency.py.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from soundness import assert_sound, cli_env, connected, omegat_glossary, termbase_cmd

PAIRS = 20
AT_ONCE = 5  # pairs in flight together: the machine has few cores


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        termbase_cmd(*args),
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=600)
    return proc.returncode, out, err


def count(db: Path, table: str) -> int:
    with connected(db) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_pairs_of_simultaneous_adds_all_succeed(tmp_path: Path) -> None:
    db = tmp_path / "team.db"  # not there yet: the first pair creates it
    results = []
    for wave in range(0, PAIRS, AT_ONCE):
        procs = [
            start("--db", str(db), "add", f"thuật ngữ {pair} {side}", f"term {pair} {side}")
            for pair in range(wave, wave + AT_ONCE)
            for side in ("a", "b")
        ]
        results += [finish(p) for p in procs]
    failed = [err for code, _, err in results if code != 0]
    assert failed == []
    assert len(results) == 2 * PAIRS
    assert count(db, "concepts") == 2 * PAIRS
    assert_sound(db)


def test_processes_creating_one_new_file_at_once_all_succeed(tmp_path: Path) -> None:
    for round_ in range(3):
        db = tmp_path / f"new-{round_}.db"
        procs = [start("--db", str(db), "add", f"từ {i}", f"word {i}") for i in range(3)]
        results = [finish(p) for p in procs]
        assert [err for code, _, err in results if code != 0] == []
        assert count(db, "concepts") == 3
        assert count(db, "_migrations") == count(tmp_path / "new-0.db", "_migrations")


def test_two_simultaneous_large_imports_both_land(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    start("--db", str(db), "add", "hòa bình", "peace").wait(timeout=300)
    first = omegat_glossary(tmp_path / "first.txt", 20_000, seed=1, prefix="một ")
    second = omegat_glossary(tmp_path / "second.txt", 20_000, seed=2, prefix="hai ")
    procs = [start("--db", str(db), "import", str(f), "-f", "omegat") for f in (first, second)]
    results = [finish(p) for p in procs]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    assert all("20000 new" in out for _, out, _ in results), results
    assert count(db, "concepts") == 1 + 2 * 20_000
    assert count(db, "terms") == 2 + 4 * 20_000
    assert_sound(db)


def test_lookups_in_a_loop_succeed_while_an_import_writes(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    code, _, err = finish(start("--db", str(db), "add", "hòa bình", "peace"))
    assert code == 0, err
    glossary = omegat_glossary(tmp_path / "big.txt", 10_000)
    importing = start("--db", str(db), "import", str(glossary), "-f", "omegat")
    lookups: list[tuple[int, str, str]] = []
    while importing.poll() is None:
        lookups.append(finish(start("--db", str(db), "lookup", "hoa binh", "--contexts", "0")))
    code, _, err = finish(importing)
    assert code == 0, err
    assert lookups, "the import ended before any lookup ran"
    assert [(c, e) for c, o, e in lookups if c != 0 or "peace" not in o] == []
    assert count(db, "concepts") == 10_001
