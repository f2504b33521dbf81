"""``termbase check`` speed: a 100k-segment file against a 10k-concept termbase.

    PYTHONPATH=src python bench/bench_check.py --segments 100000 --concepts 10000

The termbase: approved concepts from the shipped dictionary's example pairs and
senses (Vietnamese headword or phrase → its first English gloss), multi-syllable
ones first, a few with a forbidden English term. The file: the real pairs of
../shared/data (NTREX-128, IWSLT tst2012/13), and varied copies up to the size
(two sentences joined, a numbered prefix), written as line-aligned text. Times
``termbase check --vi --en --format json`` in a subprocess (whole command: start,
loading the terms, building the automata, reading, checking), and the library's
build and check steps alone.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from termbase.check import Checkers, Tally, check_items
from termbase.check.readers import read_parallel
from termbase.data.dictionary import load_dictionary
from termbase.models import Concept, Term
from termbase.store import open_db

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def real_pairs() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for vi, en in (
        (
            "parallel/ntrex128/newstest2019-ref.vie.txt",
            "parallel/ntrex128/newstest2019-src.eng.txt",
        ),
        ("parallel/iwslt15-en-vi/tst2012.vi", "parallel/iwslt15-en-vi/tst2012.en"),
        ("parallel/iwslt15-en-vi/tst2013.vi", "parallel/iwslt15-en-vi/tst2013.en"),
    ):
        vi_lines = (DATA / vi).read_text(encoding="utf-8").splitlines()
        en_lines = (DATA / en).read_text(encoding="utf-8").splitlines()
        pairs += [(v, e) for v, e in zip(vi_lines, en_lines, strict=True) if v and e]
    return pairs


def concepts(count: int) -> list[Concept]:
    """Up to ``count`` approved concepts from the dictionary, longest Vietnamese first."""
    dictionary = load_dictionary()
    found: dict[str, str] = {}
    for examples in dictionary.examples.values():
        for example in examples:
            if 1 < len(example.vietnamese.split()) <= 5 and len(example.english.split()) <= 4:
                found.setdefault(example.vietnamese.lower(), example.english)
    for senses in dictionary.senses.values():
        for sense in senses:
            if sense.glosses:
                found.setdefault(sense.headword.lower(), sense.glosses[0])
    rows = sorted(found.items(), key=lambda r: (-len(r[0].split()), r[0]))[:count]
    out = []
    for n, (vi, en) in enumerate(rows):
        terms = [Term("vi", vi, status="approved"), Term("en", en, status="approved")]
        if n % 10 == 0:
            terms.append(Term("en", en + " thing", status="forbidden"))
        out.append(Concept(terms=tuple(terms)))
    return out


def write_file(folder: Path, pairs: list[tuple[str, str]], size: int) -> tuple[Path, Path]:
    rng = random.Random(13)
    vi_path, en_path = folder / "big.vi", folder / "big.en"
    with vi_path.open("w", encoding="utf-8") as vi, en_path.open("w", encoding="utf-8") as en:
        for n in range(size):
            v, e = pairs[n % len(pairs)]
            if n >= len(pairs):
                if rng.random() < 0.5:
                    v2, e2 = rng.choice(pairs)
                    v, e = f"{v} {v2}", f"{e} {e2}"
                else:
                    v, e = f"{n}. {v}", f"{n}. {e}"
            vi.write(v.replace("\n", " ") + "\n")
            en.write(e.replace("\n", " ") + "\n")
    return vi_path, en_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--concepts", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "termbase.db"
        rows = concepts(args.concepts)
        tb = open_db(db)
        with tb.transaction():
            tb.create_concepts(rows)
        start, cpu = time.perf_counter(), time.process_time()
        checkers = Checkers(tb.status_terms())
        checkers.direction("vi-en")
        build, build_cpu = time.perf_counter() - start, time.process_time() - cpu
        tb.close()
        vi_path, en_path = write_file(folder, real_pairs(), args.segments)
        tally = Tally()
        start, cpu = time.perf_counter(), time.process_time()
        for _ in check_items(checkers, "big", read_parallel(vi_path, en_path), "vi-en", tally):
            pass
        checking, checking_cpu = time.perf_counter() - start, time.process_time() - cpu
        start = time.perf_counter()
        command = [sys.executable, "-m", "termbase", "--db", str(db), "check"]
        command += ["--vi", str(vi_path), "--en", str(en_path), "--format", "json"]
        done = subprocess.run(command, capture_output=True, check=False)
        whole = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        rss, whole_cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    print(f"termbase: {len(rows)} approved concepts; file: {tally.segments} segment pairs")
    print(f"  build the automata (library): {build:.2f} s ({build_cpu:.2f} s CPU)")
    print(
        f"  check (library, reading included): {checking:.2f} s ({checking_cpu:.2f} s CPU),"
        f" {tally.segments / checking:,.0f} segments/s;"
        f" {tally.with_terms} with approved terms, {tally.findings} findings"
    )
    print(
        f"  termbase check --format json (whole command): {whole:.2f} s"
        f" ({whole_cpu:.2f} s CPU), exit {done.returncode},"
    )
    print(f"    max RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
