"""Several termbase processes on one file, and kill -9 in the middle of a write.

Every run drives the real CLI in subprocesses (``python -m termbase``), on a
fresh termbase in a temporary folder:

* pairs: two ``termbase add`` started together, ``--pairs`` times; how many
  succeed, and each pair's wall times (the later one waited for the lock);
* lock waits: the same pairs through the library in two processes released
  together, with the seconds each transaction waited for the write lock;
* imports: two ``--lines``-line OmegaT imports started together, ``--tries`` times;
* lookups: ``termbase lookup`` in a loop while one import writes; their times;
* kill: ``kill -9`` inside the transaction of a large import and of ``mine``,
  ``--tries`` times each; whether the file is unchanged and passes its checks.

    python bench/bench_concurrency.py [--pairs 100] [--tries 5] [--lines 20000]
        [--src OTHER/src]    # run the CLI of another checkout (e.g. an older main)
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from soundness import (  # noqa: E402  (the tests' generators: one way to make input)
    dump,
    omegat_glossary,
    vietnamese_text,
)


def env_for(src: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(src), TERMBASE_USER="bench")
    env.pop("TERMBASE_BUSY_TIMEOUT", None)
    return env


def start(src: Path, *args: str) -> tuple[subprocess.Popen[str], float]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "termbase", *args],
        env=env_for(src),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return proc, time.monotonic()


def finish(proc: subprocess.Popen[str], began: float) -> tuple[int, float, str]:
    _out, err = proc.communicate()
    return proc.returncode, time.monotonic() - began, err.strip().splitlines()[-1] if err else ""


def count(db: Path, table: str = "concepts") -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def sound(db: Path) -> bool:
    conn = sqlite3.connect(db)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO terms_fts(terms_fts, rank) VALUES ('integrity-check', 1)")
        return ok
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.rollback()
        conn.close()


def ms(values: Sequence[float]) -> str:
    if not values:
        return "–"
    return f"median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"


# -- runs ------------------------------------------------------------------------


def run_pairs(src: Path, folder: Path, pairs: int) -> list[str]:
    db = folder / "pairs.db"
    ok = 0
    gaps: list[float] = []
    errors: dict[str, int] = {}
    for pair in range(pairs):
        procs = [
            start(src, "--db", str(db), "add", f"từ {pair} {s}", f"word {pair} {s}") for s in "ab"
        ]
        done = [finish(p, t) for p, t in procs]
        ok += sum(code == 0 for code, _, _ in done)
        for code, _, err in done:
            if code:
                errors[err] = errors.get(err, 0) + 1
        gaps.append(abs(done[0][1] - done[1][1]))
    lines = [
        f"| simultaneous `add` pairs | {pairs} pairs, {2 * pairs} processes | {ok} of {2 * pairs}"
        f" succeed; {count(db)} concepts | later minus earlier finish: {ms(gaps)} |"
    ]
    lines += [f"|   failure | {n} × | `{err}` | |" for err, n in errors.items()]
    return lines


def _locked_add(args: tuple[str, str, int, object]) -> tuple[bool, float, str]:
    src, db, n, barrier = args
    sys.path.insert(0, src)
    try:
        from termbase.add import add_pair
    except ImportError:  # an older checkout
        from termbase.importer import add_pair  # type: ignore[no-redef]
    from termbase.store import open_db

    tb = open_db(db)
    barrier.wait()  # type: ignore[attr-defined]
    try:
        with tb.transaction():
            add_pair(tb, f"thuật ngữ {n}", f"term {n}")
        return True, getattr(tb, "lock_wait", float("nan")), ""
    except Exception as exc:
        return False, float("nan"), str(exc)
    finally:
        tb.close()


def run_lock_waits(src: Path, folder: Path, pairs: int) -> list[str]:
    db = folder / "waits.db"
    ctx = multiprocessing.get_context("spawn")
    waits: list[float] = []
    ok = 0
    with ctx.Manager() as manager, ctx.Pool(2) as pool:
        for pair in range(pairs):
            barrier = manager.Barrier(2)
            got = pool.map(
                _locked_add, [(str(src), str(db), 2 * pair + i, barrier) for i in (0, 1)]
            )
            ok += sum(g[0] for g in got)
            waits.extend(g[1] for g in got if g[0])
    waited = [w for w in waits if w > 0.001]
    return [
        f"| library pairs, released together | {pairs} pairs | {ok} of {2 * pairs} succeed |"
        f" {len(waited)} transactions waited for the lock: {ms(waited)} |"
    ]


def run_imports(src: Path, folder: Path, tries: int, lines: int) -> list[str]:
    ok = 0
    walls: list[float] = []
    complete = 0
    for attempt in range(tries):
        db = folder / f"imports-{attempt}.db"
        files = [
            omegat_glossary(folder / f"import-{attempt}-{i}.txt", lines, seed=i, prefix=f"{i} ")
            for i in (1, 2)
        ]
        procs = [start(src, "--db", str(db), "import", str(f), "-f", "omegat") for f in files]
        done = [finish(p, t) for p, t in procs]
        ok += sum(code == 0 for code, _, _ in done)
        walls.extend(w for _, w, _ in done)
        complete += count(db) == 2 * lines
    return [
        f"| two simultaneous {lines:,}-line imports | {tries} tries, {2 * tries} processes |"
        f" {ok} of {2 * tries} succeed; {complete} of {tries} files hold every concept |"
        f" wall time per import: {ms(walls)} |"
    ]


def run_lookups(src: Path, folder: Path, lines: int) -> list[str]:
    db = folder / "lookups.db"
    finish(*start(src, "--db", str(db), "add", "hòa bình", "peace"))
    quiet = [finish(*start(src, "--db", str(db), "lookup", "hoa binh"))[1] for _ in range(5)]
    glossary = omegat_glossary(folder / "lookup-import.txt", lines)
    importing, began = start(src, "--db", str(db), "import", str(glossary), "-f", "omegat")
    during: list[tuple[int, float, str]] = []
    while importing.poll() is None:
        during.append(finish(*start(src, "--db", str(db), "lookup", "hoa binh")))
    code, wall, _ = finish(importing, began)
    ok = sum(c == 0 for c, _, _ in during)
    return [
        f"| `lookup` in a loop during a {lines:,}-line import ({wall:.1f} s, exit {code}) |"
        f" {len(during)} lookups | {ok} of {len(during)} succeed |"
        f" {ms([w for _, w, _ in during])} (idle: {ms(quiet)}) |"
    ]


def _writing(db: Path) -> bool:
    conn = sqlite3.connect(db, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def run_kills(src: Path, folder: Path, tries: int, lines: int) -> list[str]:
    out = []
    for what in ("import", "mine"):
        unchanged = healthy = killed = 0
        spilled: list[int] = []
        for attempt in range(tries):
            db = folder / f"kill-{what}-{attempt}.db"
            finish(*start(src, "--db", str(db), "add", "hòa bình", "peace"))
            small = vietnamese_text(folder / f"kill-small-{attempt}.txt", lines=60, seed=attempt)
            finish(*start(src, "--db", str(db), "mine", str(small)))
            before = dump(db)
            if what == "import":
                big = omegat_glossary(folder / f"kill-big-{attempt}.txt", lines, seed=attempt)
                args = ["import", str(big), "-f", "omegat"]
            else:
                big = vietnamese_text(folder / f"kill-text-{attempt}.txt", seed=attempt)
                args = ["mine", str(big)]
            proc, _ = start(src, "--db", str(db), *args)
            wal = db.with_name(db.name + "-wal")
            # Inside the transaction; for the import, once its pages spill into the -wal.
            spill = 512 * 1024 if what == "import" else 0
            inside = None
            while proc.poll() is None:
                if _writing(db):
                    inside = inside or time.monotonic()
                    size = wal.stat().st_size if wal.exists() else 0
                    if size >= spill and time.monotonic() - inside >= 0.5:
                        spilled.append(size)
                        os.kill(proc.pid, signal.SIGKILL)
                        killed += 1
                        break
                time.sleep(0.02)
            proc.communicate()
            unchanged += dump(db) == before
            healthy += sound(db)
        kib = [s // 1024 for s in spilled]
        size = f"{lines:,}-line glossary" if what == "import" else "2,500-line text"
        out.append(
            f"| kill -9 inside `{what}` ({size}) | {tries} tries, {killed} killed"
            f" while writing | {unchanged} of {tries} files unchanged, {healthy} of {tries}"
            f" pass integrity checks | -wal at the kill: {min(kib, default=0)}–"
            f"{max(kib, default=0)} KiB |"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--tries", type=int, default=5)
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--only", nargs="*", default=None, help="pairs waits imports lookups kill")
    args = parser.parse_args()
    src = args.src.resolve()
    runs = {
        "pairs": lambda f: run_pairs(src, f, args.pairs),
        "waits": lambda f: run_lock_waits(src, f, args.pairs),
        "imports": lambda f: run_imports(src, f, args.tries, args.lines),
        "lookups": lambda f: run_lookups(src, f, args.lines),
        "kill": lambda f: run_kills(src, f, args.tries, args.lines),
    }
    print(f"code: {src}; {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}")
    print("| run | tries | outcome | times |")
    print("|---|---|---|---|")
    for name, run in runs.items():
        if args.only and name not in args.only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            started = time.monotonic()
            for line in run(Path(tmp)):
                print(line, flush=True)
            print(f"|   ({name}: {time.monotonic() - started:.0f} s) | | | |", flush=True)


if __name__ == "__main__":
    main()
