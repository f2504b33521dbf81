"""SQLite and PostgreSQL side by side at scale: lookup, memory search, copy, export, writers.

Builds one termbase of N concepts from real Vietnamese terms with variations (the
FVDP dictionary's headwords and the shipped glossary, each varied by a modifier,
a country and a number, with the dictionary's first English sense varied alike)
and a memory of M segment pairs (real pairs and edited copies of them, as
bench/bench_tm.py makes them), in SQLite; copies both to a PostgreSQL database
with ``termbase copy``'s code (that is the server's import speed), then measures
on each engine, in process:

* lookup p50/p95 per tier (exact, tone-insensitive, diacritic-insensitive,
  prefix, contains, fuzzy), queries drawn from the stored terms;
* memory search p50/p95 (edited stored sentences, as bench_tm does);
* JSON export time;
* writes per second with 1, 2, 4 and 8 writers (tests/writers.py) on a fresh
  termbase of each engine;
* the CLI's start-up: ``termbase --version`` and a one-word ``lookup``, wall time.

    PYTHONPATH=src python bench/bench_engines.py --concepts 1000000 --segments 1000000

The PostgreSQL server is a throw-away one (tests/pgserver.py) unless --pg-url
names a database (it must be empty).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]

import pgserver  # noqa: E402
from bench_core import OLD_TO_NEW  # noqa: E402
from bench_tm import memory_pairs, queries, real_pairs  # noqa: E402
from termbase.formats import WriteOptions, get_format  # noqa: E402
from termbase.lookup import lookup_term  # noqa: E402
from termbase.models import Concept, Term  # noqa: E402
from termbase.normalize import clean, fold_key  # noqa: E402
from termbase.store import Termbase, open_db  # noqa: E402
from termbase.store.copying import copy_termbase  # noqa: E402
from termbase.tm.importer import import_units  # noqa: E402
from termbase.tm.search import search_memory  # noqa: E402
from termbase.tm.segments import markup_from_text  # noqa: E402
from termbase.tm.units import ImportReport, TmUnit  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
MODIFIERS = ["quốc gia", "khu vực", "quốc tế", "chiến lược", "tạm thời", "cấp cao", "liên bang"]
COUNTRIES = ["Mỹ", "Nga", "Trung Quốc", "Nhật Bản", "Pháp", "Đức", "Ấn Độ", "Hàn Quốc"]
EN_MOD = ["national", "regional", "international", "strategic", "interim", "high-level"]
EN_COUNTRY = ["US", "Russian", "Chinese", "Japanese", "French", "German", "Indian", "Korean"]


def base_terms() -> list[tuple[str, str]]:
    """(Vietnamese, English) of the dictionary's headwords (first sense) and the glossary."""
    raw = json.loads((DATA / "dictionary/fvdp-vietanh/dump-utf8.json").read_text("utf-8"))
    out: list[tuple[str, str]] = []
    for head, entry in raw.items():
        if head.startswith("00-"):
            continue
        sense = next(
            (
                line.lstrip("- ").split(";")[0].split(",")[0].strip()
                for text in entry.get("definitions", [])
                for line in text.splitlines()
                if line.startswith("- ") and not line.startswith("- =")
            ),
            "",
        )
        if sense and len(head.split()) <= 4:
            out.append((clean(head), sense))
    for path in sorted((ROOT / "src/termbase/_glossary").glob("*.tsv")):
        for line in path.read_text("utf-8").splitlines()[1:]:
            cells = line.split("\t")
            if len(cells) > 1 and cells[0] and cells[1]:
                out.append((clean(cells[0]), cells[1]))
    return sorted(set(out))


def concepts(n: int, seed: int = 11) -> Iterator[Concept]:
    """N concepts: the base terms, then varied (modifier, country, a number)."""
    rng = random.Random(seed)
    base = base_terms()
    seen: set[str] = set()
    i = 0
    while i < n:
        vi, en = base[i] if i < len(base) else rng.choice(base)
        if i >= len(base):
            k = rng.randrange(len(MODIFIERS))
            c = rng.randrange(len(COUNTRIES))
            vi = f"{vi} {MODIFIERS[k]} {COUNTRIES[c]} {rng.randint(1, 99)}"
            en = f"{EN_COUNTRY[c]} {EN_MOD[k % len(EN_MOD)]} {en} {vi.rsplit(' ', 1)[1]}"
        if vi in seen:
            continue
        seen.add(vi)
        i += 1
        yield Concept(
            domain="bench",
            terms=(
                Term("vi", vi, status="approved" if i % 3 else "candidate", source="bench"),
                Term("en", en, status="suggested", source="bench", confidence=0.7),
            ),
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def lookup_queries(tb: Termbase, count: int, seed: int = 5) -> dict[str, list[str]]:
    """Queries per tier, drawn from stored Vietnamese terms."""
    rng = random.Random(seed)
    total = tb.conn.execute("SELECT MAX(id) FROM terms").fetchone()[0]
    texts: list[str] = []
    while len(texts) < count:
        row = tb.conn.execute(
            "SELECT text FROM terms WHERE id = ? AND lang = 'vi'", [rng.randint(1, total)]
        ).fetchone()
        if row and len(row[0]) > 6:
            texts.append(row[0])
    return {
        "exact": texts,
        "tone-insensitive": tone_variants(tb, count, rng),
        "diacritic-insensitive": [fold_key(t) for t in texts],
        "prefix": [fold_key(t)[: max(4, len(t) * 2 // 3)] for t in texts],
        "contains": [fold_key(t)[2:-2] for t in texts],
        # A scan of every term of a near length: fewer queries keep the run short.
        "fuzzy": [fold_key(t)[:3] + "x" + fold_key(t)[4:] for t in texts[:30]],
    }


def tone_variants(tb: Termbase, count: int, rng: random.Random) -> list[str]:
    """Stored terms with a tone mark in the old style (hòa), respelt in the new (hoà)."""
    rows = tb.conn.execute(
        "SELECT text FROM terms WHERE lang = 'vi' AND (instr(text, 'òa') > 0"
        " OR instr(text, 'ủy') > 0 OR instr(text, 'óa') > 0 OR instr(text, 'ỏa') > 0)"
        " ORDER BY id LIMIT 20000"
    ).fetchall()
    texts = [r[0] for r in rows]
    out = []
    for text in rng.sample(texts, min(count, len(texts))):
        for old, new in OLD_TO_NEW.items():
            text = text.replace(old, new)
        out.append(text)
    return out


def measure_lookup(tb: Termbase, qs: dict[str, list[str]]) -> dict[str, tuple[float, float, str]]:
    out = {}
    for tier, queries_ in qs.items():
        times, tiers = [], []
        for q in queries_:
            start = time.perf_counter()
            result = lookup_term(tb, q, limit=10, contexts=0)
            times.append(time.perf_counter() - start)
            tiers.append(result.tier if result else "none")
        found = statistics.mode(tiers)
        out[tier] = (percentile(times, 0.5) * 1e3, percentile(times, 0.95) * 1e3, found)
    return out


def measure_tm(tb: Termbase, qs: list[str]) -> tuple[float, float]:
    times = [timed(lambda q=q: search_memory(tb, q, lang="vi", min_score=70, limit=5)) for q in qs]
    return percentile(times, 0.5) * 1e3, percentile(times, 0.95) * 1e3


def build_sqlite(path: Path, n: int, segments: int, pairs: list[tuple[str, str]]) -> None:
    tb = open_db(path)
    tb.command = "bench"
    start = time.perf_counter()
    batch: list[Concept] = []
    with tb.transaction():
        for concept in concepts(n):
            batch.append(concept)
            if len(batch) >= 50_000:
                tb.create_concepts(batch)
                batch = []
        if batch:
            tb.create_concepts(batch)
    say(f"built {n:,} concepts in SQLite in {time.perf_counter() - start:.0f} s")
    start = time.perf_counter()
    units = (
        TmUnit(markup_from_text(vi), markup_from_text(en), f"line {i}")
        for i, (vi, en) in enumerate(memory_pairs(pairs, segments), 1)
    )
    with tb.transaction():
        report = import_units(tb, units, ImportReport("bench", "bench"))
    elapsed = time.perf_counter() - start
    say(f"imported {report.read:,} pairs into SQLite in {elapsed:.0f} s")
    tb.close()


def writers_per_second(db: str, count: int, seconds: float, folder: Path) -> float:
    from writers import run_writers, verify

    subprocess.run(
        [sys.executable, "-m", "termbase", "--db", db, "init", "--no-glossary"],
        check=True,
        capture_output=True,
    )
    dones = run_writers(db, count, seconds, folder)
    problems = verify(db, dones)
    if problems or any(d.failed for d in dones):
        say(f"  !! {count} writers: {problems[:3]} {[d.failed[:1] for d in dones]}")
    return sum(d.writes for d in dones) / seconds


def startup(db: str, runs: int = 9) -> tuple[float, float]:
    def wall(*args: str) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "termbase", *args], capture_output=True)
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1e3

    return wall("--version"), wall("--db", db, "lookup", "hòa bình", "--contexts", "0")


LINES: list[str] = []


def say(line: str) -> None:
    print(line, flush=True)
    LINES.append(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concepts", type=int, default=100_000)
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--writer-seconds", type=float, default=20)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-engines-"))
    work.mkdir(parents=True, exist_ok=True)
    server = pgserver.start()
    if isinstance(server, str):
        raise SystemExit(server)
    try:
        import os

        load = os.getloadavg()[0]
        say(f"# {args.concepts:,} concepts, {args.segments:,} segments (load {load:.1f})")
        lite = work / "engines.db"
        lite.unlink(missing_ok=True)
        pairs = real_pairs()
        build_sqlite(lite, args.concepts, args.segments, pairs)
        server.sql("CREATE DATABASE bench")
        url = server.url("bench")
        src, dst = open_db(lite), open_db(url)
        start = time.perf_counter()
        copied = copy_termbase(src, dst)
        elapsed = time.perf_counter() - start
        rows = sum(copied.values())
        say(
            f"copy SQLite → PostgreSQL: {rows:,} rows in {elapsed:.0f} s"
            f" ({rows / elapsed:,.0f} rows/s)"
        )
        src.close()
        dst.close()
        tm_qs = queries(pairs, args.queries)
        results = {}
        for name, target in (("SQLite", str(lite)), ("PostgreSQL", url)):
            tb = open_db(target)
            qs = lookup_queries(tb, args.queries)
            lookup = measure_lookup(tb, qs)
            tm = measure_tm(tb, tm_qs)

            def export(tb: Termbase = tb, name: str = name) -> None:
                with (work / f"{name}.json").open("wb") as out:
                    get_format("json").write(tb.iter_concepts(None), out, WriteOptions())

            exported = timed(export)
            tb.close()
            results[name] = (lookup, tm, exported)
        say("\n| measure | SQLite p50 / p95 (ms) | PostgreSQL p50 / p95 (ms) |\n|---|---|---|")
        for tier in results["SQLite"][0]:
            a, b = results["SQLite"][0][tier], results["PostgreSQL"][0][tier]
            say(
                f"| lookup, {tier} (tier found: {a[2]} / {b[2]}) | {a[0]:.1f} / {a[1]:.1f}"
                f" | {b[0]:.1f} / {b[1]:.1f} |"
            )
        a, b = results["SQLite"][1], results["PostgreSQL"][1]
        say(f"| memory search (≥ 70 %) | {a[0]:.1f} / {a[1]:.1f} | {b[0]:.1f} / {b[1]:.1f} |")
        say(
            f"| JSON export, whole termbase (s) | {results['SQLite'][2]:.1f}"
            f" | {results['PostgreSQL'][2]:.1f} |"
        )
        for name, target in (("SQLite", str(lite)), ("PostgreSQL", url)):
            version, lookup_ms = startup(target)
            say(
                f"| CLI start-up on {name} (ms, median of 9): `--version` | lookup"
                f" | {version:.0f} | {lookup_ms:.0f} |"
            )
        say("\n| writers | SQLite writes/s | PostgreSQL writes/s |\n|---|---|---|")
        for count in (1, 2, 4, 8):
            (work / f"w{count}").mkdir(exist_ok=True)
            lite_w = work / f"writers{count}.db"
            lite_w.unlink(missing_ok=True)
            server.sql(f"CREATE DATABASE writers{count}")
            a_rate = writers_per_second(str(lite_w), count, args.writer_seconds, work / f"w{count}")
            b_rate = writers_per_second(
                server.url(f"writers{count}"), count, args.writer_seconds, work / f"w{count}"
            )
            say(f"| {count} | {a_rate:.1f} | {b_rate:.1f} |")
    finally:
        server.stop()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\n".join(LINES))


if __name__ == "__main__":
    main()
