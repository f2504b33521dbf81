"""Where does ``termbase mine`` lose the reference terms it misses?  Counts per stage.

    python bench/mining_losses.py --ref eval/ntrex_terms.tsv --lines 1-250 \\
        ../shared/data/parallel/ntrex128/newstest2019-ref.vie.txt

Each reference term not among the first ``--top`` concepts is put in the first
stage that loses it:

* ``not in text``: the text never writes its syllables in a row (another spelling);
* ``across runs``: written, but a function word, punctuation or a name cut splits
  it between runs (no run holds it whole);
* ``not a span``: inside a run but never expanded into a candidate (word bounds,
  names cut out, length);
* ``rare filter``: a candidate, but seen once, not whole and without a mark, so
  not scored (``rank._survivors``);
* ``left out``: scored away as a fragment, a covered syllable, the tail of a
  headed name, a cut word, or once-inside without cues (``rank.score_terms``);
* ``ranked low``: ranked, but below ``--top`` (or not among the concepts kept).

Only totals are printed unless ``--misses`` is given: print the missed terms of
development lists only, never of a held-out list.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from eval_mining import ROOT, SHARED, read_reference, slice_lines
from termbase.mining.clean import RepeatedLines
from termbase.mining.compounds import compound_rule
from termbase.mining.concepts import build_concepts
from termbase.mining.expand import expand
from termbase.mining.pipeline import MineOptions, _scan
from termbase.mining.rank import _survivors, rank_spans
from termbase.mining.syllables import key_of
from termbase.mining.weights import WEIGHTS
from termbase.mining.wordlists import known_term_keys
from termbase.normalize import tone_key
from termbase.text.documents import iter_documents

STAGES = ("not in text", "across runs", "not a span", "rare filter", "left out", "ranked low")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--ref", type=Path, default=SHARED / "eval" / "seed_terms_dev.tsv")
    parser.add_argument("--lines")
    parser.add_argument("--top", type=int, default=200)
    parser.add_argument("--misses", action="store_true", help="print each miss (dev lists only)")
    args = parser.parse_args()
    inputs = [Path(p) for p in args.inputs] or [ROOT / "seeds"]
    reference = read_reference(args.ref)
    options = MineOptions(keep=max(args.top, 300) + 200)
    with tempfile.TemporaryDirectory() as tmp:
        if args.lines:
            inputs = [slice_lines(inputs[0], args.lines, Path(tmp))]
        docs = list(iter_documents([str(p) for p in inputs]))
        repeated = RepeatedLines()
        for doc in docs:
            repeated.add(doc.lines, doc.digest)
        miner = _scan(docs, options, repeated, 1, 0, None)
        spans = expand(miner, options.max_syllables)
        zipf = WEIGHTS.specialised_zipf
        survivors = set(_survivors(spans, known_term_keys(zipf), compound_rule(zipf)))
        ranked = rank_spans(miner, spans, options.max_syllables)
        concepts = build_concepts(miner, ranked, options.keep)
        text_keys = [
            " ".join(key_of(w) for w in line.split()) for doc in docs for line in doc.lines
        ]
        runs = [" ".join(miner.tokens.key[t] for t in run.split(" ")) for run in miner.run_surface]
        miner.log.close()
    rank_of: dict[str, int] = {}
    for i, concept in enumerate(concepts, 1):
        for term in concept.terms:
            if term.lang == "vi" and term.key:
                rank_of.setdefault(tone_key(term.key), i)
    scored = {tone_key(c.key) for c in ranked}
    by_loose = {tone_key(k): k for k in spans.freq}
    stage_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
    found = 0
    for term in reference:
        loose = tone_key(" ".join(key_of(w) for w in term.split()))
        if rank_of.get(loose, 10**9) <= args.top:
            found += 1
            continue
        key = by_loose.get(loose)
        seen = sum(f" {line} ".count(f" {loose} ") for line in map(tone_key, text_keys))
        if key is None:
            if not seen:
                stage = "not in text"
            elif not any(f" {loose} " in f" {tone_key(r)} " for r in runs):
                stage = "across runs"
            else:
                stage = "not a span"
            note = f"seen {seen}"
        elif key not in survivors:
            stage, note = "rare filter", f"freq {spans.freq[key]}"
        elif loose not in scored:
            stage, note = "left out", f"freq {spans.freq[key]}"
        else:
            stage = "ranked low"
            note = f"freq {spans.freq[key]}, rank {rank_of.get(loose, '-')}"
        stage_of[stage].append((term, note))
    total = len(reference)
    print(
        f"{args.ref.name}: {total} terms, {found} in the top {args.top} "
        f"({found / max(1, total):.3f}); {len(spans.freq)} spans, {len(survivors)} scored, "
        f"{len(ranked)} ranked, {len(concepts)} concepts"
    )
    counts = Counter({stage: len(stage_of[stage]) for stage in STAGES})
    print("  " + "; ".join(f"{stage} {counts[stage]}" for stage in STAGES))
    if args.misses:
        for stage in STAGES:
            for term, note in stage_of[stage]:
                print(f"  {stage:12} {term} ({note})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
