"""Lookup and export speed of a termbase with many concepts.

Builds a synthetic termbase (Vietnamese terms made of syllables from the seed
articles, English made-up equivalents), then measures:

* lookup per tier, in process (median of repeated queries) and as a CLI call
  (wall time of `python -m termbase lookup …`, start-up included);
* export time and size per format, and import time of the exported file into
  an empty termbase.

    python bench/bench_core.py --concepts 100000 [--out bench/core_results.md]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from termbase.formats import WriteOptions, registry
from termbase.importer import import_concepts
from termbase.lookup import lookup_term
from termbase.models import Concept, Occurrence, Term
from termbase.normalize import fold_key
from termbase.store import open_db

ROOT = Path(__file__).resolve().parents[1]
STATUSES = ("candidate", "suggested", "approved", "approved", "rejected")
EN_WORDS = [
    "nuclear",
    "arms",
    "control",
    "strategic",
    "stability",
    "treaty",
    "council",
    "ministry",
    "security",
    "defence",
    "missile",
    "range",
    "intermediate",
    "forces",
    "open",
    "skies",
    "negotiation",
    "dialogue",
    "deputy",
    "minister",
    "foreign",
    "affairs",
    "state",
    "secretary",
    "national",
    "strategy",
    "international",
    "cooperation",
]


def syllables() -> list[str]:
    words: set[str] = set()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for word in path.read_text(encoding="utf-8").split():
            word = word.strip(".,;:()\"'“”-–")
            if word.isalpha():
                words.add(word.lower())
    return sorted(words)


def make_concepts(n: int, seed: int = 7) -> list[Concept]:
    rng = random.Random(seed)
    sylls = syllables()
    seen: set[str] = set()
    concepts = []
    while len(concepts) < n:
        vi = " ".join(rng.choice(sylls) for _ in range(rng.randint(2, 6)))
        if vi in seen:
            continue
        seen.add(vi)
        en = " ".join(rng.choice(EN_WORDS) for _ in range(rng.randint(1, 4)))
        i = len(concepts)
        concepts.append(
            Concept(
                domain="bench",
                score=rng.random() * 100 if i % 2 else None,
                frequency=rng.randint(1, 50),
                terms=(
                    Term(
                        "vi",
                        vi,
                        status="candidate",
                        source="mined",
                        occurrences=(Occurrence("seeds/x.txt", i % 150 + 1, 1, f"… {vi} …"),),
                    ),
                    Term("en", f"{en} {i}", status=STATUSES[i % 5], source="bench", confidence=0.5),
                ),
            )
        )
    return concepts


OLD_TO_NEW = {
    "òa": "oà",
    "óa": "oá",
    "ỏa": "oả",
    "õa": "oã",
    "ọa": "oạ",
    "ùy": "uỳ",
    "úy": "uý",
    "ủy": "uỷ",
    "ũy": "uỹ",
    "ụy": "uỵ",
    "òe": "oè",
    "óe": "oé",
    "ỏe": "oẻ",
    "ọe": "oẹ",
}


def other_tone_style(concepts: list[Concept]) -> str:
    """A stored Vietnamese term respelt with its tone mark in the other style (hòa → hoà)."""
    for concept in concepts[len(concepts) // 2 :]:
        text = concept.terms[0].text
        for old, new in OLD_TO_NEW.items():
            if old in text:
                return text.replace(old, new)
    raise SystemExit("no term with an old-style tone mark to respell")


def timed(fn, repeat: int = 1):  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concepts", type=int, default=100_000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    lines = [f"# Core benchmark: {args.concepts:,} concepts", ""]

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        concepts = make_concepts(args.concepts)
        tb = open_db(db)

        def load() -> None:
            with tb.transaction():
                import_concepts(tb, concepts, single_equivalent=False)

        seconds, _ = timed(load)
        say(
            f"- build (import {args.concepts:,} concepts, 2 terms + 1 occurrence each): "
            f"{seconds:.1f} s, database {db.stat().st_size / 1e6:.0f} MB"
        )

        probe = concepts[len(concepts) // 3]
        vi = probe.terms[0].text
        en = probe.terms[1].text
        queries = {
            "exact (vi)": vi,
            "tone-insensitive": other_tone_style(concepts),
            "diacritic-insensitive": fold_key(vi),
            "prefix (en)": en.split()[0] + " " + en.split()[1][:3] if " " in en else en[:5],
            "contains": fold_key(vi)[2:-2],
            "fuzzy (typo)": fold_key(vi)[:-1] + "x",
            "nothing found": "zzqqxxyy wwvv",
        }
        say("")
        say("| query kind | tier found | in process (median of 20) | CLI wall time |")
        say("|---|---|---|---|")
        for kind, query in queries.items():
            seconds, result = timed(lambda q=query: lookup_term(tb, q), repeat=20)
            tier = result.tier if result else "none"
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "termbase", "lookup", query, "--db", str(db)],
                capture_output=True,
                check=False,
            )
            wall = time.perf_counter() - start
            say(f"| {kind} | {tier} | {seconds * 1000:.1f} ms | {wall * 1000:.0f} ms |")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "termbase", "--version"], capture_output=True, check=False
        )
        say(
            f"| (start-up only: termbase --version) | | | "
            f"{(time.perf_counter() - start) * 1000:.0f} ms |"
        )

        say("")
        say("| format | export | size | import into empty termbase |")
        say("|---|---|---|---|")
        for name, fmt in registry().items():
            out = Path(tmp) / f"export.{name}"

            def export(fmt=fmt, out=out) -> None:  # type: ignore[no-untyped-def]
                with out.open("wb") as fh:
                    fmt.write(tb.iter_concepts(), fh, WriteOptions())

            seconds, _ = timed(export)
            fresh = open_db(Path(tmp) / f"import-{name}.db")

            def reimport(fmt=fmt, out=out, fresh=fresh) -> None:  # type: ignore[no-untyped-def]
                read = fmt.read(out)
                with fresh.transaction():
                    import_concepts(fresh, read, fmt.single_equivalent)

            import_seconds, _ = timed(reimport)
            fresh.close()
            say(
                f"| {name} | {seconds:.1f} s | {out.stat().st_size / 1e6:.1f} MB | "
                f"{import_seconds:.1f} s |"
            )
        tb.close()
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
