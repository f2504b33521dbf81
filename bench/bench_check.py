"""``termbase check`` speed: a 100k-segment file against a 10k-concept termbase.

    PYTHONPATH=src python bench/bench_check.py --segments 100000 --concepts 10000

Two termbases (``--case``, both by default). ``common``: approved concepts from
the shipped dictionary's example pairs and senses (Vietnamese headword or phrase
→ its first English gloss), multi-syllable ones first, one in ten with a
forbidden English term; its phrases are common words, so most pairs hold one.
``multiword``: terms of two words or more in both languages only, the curated
glossary's, then the dictionary's. The file: the real pairs of ../shared/data
(NTREX-128, IWSLT tst2012/13), and varied copies up to the size (two sentences
joined, a numbered prefix), written as line-aligned text. Times the library's
build and check steps, and ``termbase check --vi --en --format json`` in a
subprocess (whole command: start, loading the terms, building the automata,
reading, checking, writing the report), wall and CPU seconds, and its max RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import re
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
GLOSSARY = Path(__file__).resolve().parents[1] / "glossary"


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


def multiword_concepts(count: int) -> list[Concept]:
    """Up to ``count`` concepts whose terms are all of two words or more, in both languages.

    The curated glossary's (its synonyms kept, acronyms and one-word terms left
    out), then the dictionary's example pairs and senses of two syllables or more
    with an English gloss of two words or more: a termbase of domain terms, not
    of common words.
    """
    out: list[Concept] = []
    seen: set[str] = set()
    for path in sorted(GLOSSARY.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or "\t" not in line:
                continue
            cells = line.split("\t")
            vi, en = _multiword(cells[0]), _multiword(cells[1])
            if vi and en and vi[0].lower() not in seen:
                seen.add(vi[0].lower())
                terms = [Term("vi", t, status="approved") for t in vi]
                out.append(Concept(terms=(*terms, *(Term("en", t, status="approved") for t in en))))
    dictionary = load_dictionary()
    found: dict[str, str] = {}
    for examples in dictionary.examples.values():
        for example in examples:
            if 1 < len(example.vietnamese.split()) <= 5 and 1 < len(example.english.split()) <= 4:
                found.setdefault(example.vietnamese.lower(), example.english)
    for senses in dictionary.senses.values():
        for sense in senses:
            gloss = sense.glosses[0] if sense.glosses else ""
            if len(sense.headword.split()) > 1 and len(gloss.split()) > 1:
                found.setdefault(sense.headword.lower(), gloss)
    for phrase, gloss in sorted(found.items(), key=lambda r: (-len(r[0].split()), r[0])):
        if len(out) >= count:
            break
        if phrase not in seen:
            seen.add(phrase)
            pair = (Term("vi", phrase, status="approved"), Term("en", gloss, status="approved"))
            out.append(Concept(terms=pair))
    return out[:count]


def _multiword(cell: str) -> list[str]:
    """The terms of a glossary cell ("a | b [acronym]") of two words or more, tags dropped."""
    terms = [re.sub(r"\s*\[[^]]*\]", "", t).strip() for t in cell.split(" | ")]
    return [t for t in terms if len(t.split()) > 1]


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
    parser.add_argument(
        "--case",
        choices=["common", "multiword", "both"],
        default="both",
        help="common: the dictionary's phrases (most pairs hold a term);"
        " multiword: the glossary's and the dictionary's terms of two words or more",
    )
    args = parser.parse_args()
    pairs = real_pairs()
    for case in ("common", "multiword") if args.case == "both" else (args.case,):
        rows = concepts(args.concepts) if case == "common" else multiword_concepts(args.concepts)
        bench(case, rows, pairs, args.segments)


def bench(case: str, rows: list[Concept], pairs: list[tuple[str, str]], segments: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "termbase.db"
        tb = open_db(db)
        with tb.transaction():
            tb.create_concepts(rows)
        start, cpu = time.perf_counter(), time.process_time()
        checkers = Checkers(tb.status_terms())
        checkers.direction("vi-en")
        build, build_cpu = time.perf_counter() - start, time.process_time() - cpu
        tb.close()
        vi_path, en_path = write_file(folder, pairs, segments)
        tally = Tally()
        start, cpu = time.perf_counter(), time.process_time()
        for _ in check_items(checkers, "big", read_parallel(vi_path, en_path), "vi-en", tally):
            pass
        checking, checking_cpu = time.perf_counter() - start, time.process_time() - cpu
        command = [sys.executable, "-m", "termbase", "--db", str(db), "check"]
        command += ["--vi", str(vi_path), "--en", str(en_path), "--format", "json"]
        start = time.perf_counter()
        with (folder / "report.json").open("wb") as out:
            child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)  # this child's own CPU time and RSS
            child.returncode = os.waitstatus_to_exitcode(status)
        whole = time.perf_counter() - start
        whole_cpu, rss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
    print(f"{case}: {len(rows)} approved concepts; file: {tally.segments} segment pairs")
    print(f"  build the automata (library): {build:.2f} s ({build_cpu:.2f} s CPU)")
    print(
        f"  check (library, reading included): {checking:.2f} s ({checking_cpu:.2f} s CPU),"
        f" {tally.segments / checking:,.0f} segments/s;"
        f" {tally.with_terms} with approved terms, {tally.findings} findings"
    )
    print(
        f"  termbase check --format json (whole command): {whole:.2f} s"
        f" ({whole_cpu:.2f} s CPU), exit {child.returncode},"
    )
    print(f"    max RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
