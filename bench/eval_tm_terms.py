"""Term pairs from a memory, end to end: ``tm import`` NTREX, ``mine --from-tm``, score.

    PYTHONPATH=src python bench/eval_tm_terms.py                 # the dev list (the default)
    PYTHONPATH=src python bench/eval_tm_terms.py --no-glossary   # a termbase without it

A fresh termbase (``termbase init``, the glossary loaded unless ``--no-glossary``) imports
the 1,997 NTREX-128 line pairs as its memory (``tm import --vi … --en …``) and mines it
(``mine --from-tm``), through the real CLI.  Reported:

* candidates: concepts the mining stored, and how many got English from the memory
  (the command's own count);
* on the reference list (``eval/ntrex_align_dev.tsv``): how many reference terms the
  miner found (a candidate with the same tone key), how many of those have English from
  the memory, and how often the memory's best English is right (the aligner's view,
  recomputed with :class:`termbase.tm.terms.StoredMemory` over the same candidates), and
  how often the best English the termbase shows (``best_term``: every source merged) is
  right, with the memory and without it (``mine --from-tm --no-suggest`` then
  ``suggest --all --no-memory`` in another termbase).

English is compared as ``bench/eval_align.py`` does (``match_key``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eval_align import DEV, NTREX, match_key, read_reference
from termbase.models import best_term
from termbase.normalize import tone_key
from termbase.store import open_db
from termbase.tm.terms import StoredMemory

ROOT = Path(__file__).resolve().parents[1]


def termbase(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "termbase", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,  # where `termbase init` finds the glossary
    )
    if done.returncode:
        sys.exit(f"termbase {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def best_shown(db: Path, reference: dict[str, list[str]]) -> dict[str, bool]:
    """Reference term -> whether the best English shown is right (terms found only)."""
    tb = open_db(db, create=False)
    try:
        ids = tb.concept_ids(["candidate"], lang="vi")
        out: dict[str, bool] = {}
        wanted = {tone_key(vi): vi for vi in reference}
        for concept in tb.load_concepts(ids, contexts=0):
            for term in concept.terms:
                vi = wanted.get(tone_key(term.text)) if term.lang == "vi" else None
                if vi is None:
                    continue
                en = best_term(concept, "en")
                keys = {match_key(a) for a in reference[vi]}
                out[vi] = en is not None and match_key(en.text) in keys
        return out
    finally:
        tb.close()


def memory_view(db: Path, reference: dict[str, list[str]]) -> dict[str, bool]:
    """Reference term among the candidates -> whether the memory's best English is right."""
    tb = open_db(db, create=False)
    try:
        ids = tb.concept_ids(["candidate"], lang="vi")
        concepts = tb.load_concepts(ids, contexts=0)
        memory = StoredMemory(tb)
        memory.prefetch(t.text for c in concepts for t in c.terms if t.lang == "vi")
        out: dict[str, bool] = {}
        wanted = {tone_key(vi): vi for vi in reference}
        for concept in concepts:
            for term in concept.terms:
                vi = wanted.get(tone_key(term.text)) if term.lang == "vi" else None
                found = memory.equivalents(term.text) if vi is not None else []
                if vi is not None and found:
                    keys = {match_key(a) for a in reference[vi]}
                    out[vi] = match_key(found[0].english) in keys
        return out
    finally:
        tb.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reference", type=Path, default=DEV)
    ap.add_argument("--no-glossary", action="store_true")
    args = ap.parse_args()
    reference = read_reference(args.reference)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ntrex.db"
        env = {**os.environ, "TERMBASE_DB": str(db), "PYTHONPATH": str(ROOT / "src")}
        if args.no_glossary:
            env["TERMBASE_GLOSSARY"] = str(Path(tmp) / "none")
        termbase(env, "init")
        vi, en = NTREX / "newstest2019-ref.vie.txt", NTREX / "newstest2019-src.eng.txt"
        termbase(env, "tm", "import", "--vi", str(vi), "--en", str(en))
        start = time.perf_counter()
        summary = termbase(env, "mine", "--from-tm", "--limit", "1").splitlines()[0]
        seconds = time.perf_counter() - start
        print(summary)
        print(f"(mine --from-tm: {seconds:.1f} s)")
        shown = best_shown(db, reference)
        view = memory_view(db, reference)
        # Without the memory: the same mining, English from the other sources only.
        copy = Path(tmp) / "without.db"
        other = {**env, "TERMBASE_DB": str(copy)}
        termbase(other, "init")
        termbase(other, "tm", "import", "--vi", str(vi), "--en", str(en))
        termbase(other, "mine", "--from-tm", "--no-suggest")
        termbase(other, "suggest", "--all", "--no-memory")
        without = best_shown(copy, reference)
    total = len(reference)
    with_tm = [vi for vi in shown if vi in view]
    print(f"{args.reference.name}: {total} reference terms")
    print("| | terms | right |")
    print("|---|---:|---:|")
    print(f"| found by the miner (candidates) | {len(shown)}/{total} | |")
    right = sum(view.values())
    print(f"| with English from the memory: its best | {len(view)} | {ratio(right, len(view))} |")
    for name, found in (("with the memory", shown), ("without (--no-memory)", without)):
        r = sum(found.get(vi, False) for vi in with_tm)
        n = len(with_tm)
        print(f"| those {n}: best English shown, {name} | {n} | {ratio(r, n)} |")


def ratio(right: int, total: int) -> str:
    return f"{right} = {right / max(total, 1):.3f}"


if __name__ == "__main__":
    main()
