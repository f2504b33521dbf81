"""How often the aligner's best English for a Vietnamese term is the reference's.

    python bench/eval_align.py                                   # the dev list
    python bench/eval_align.py --reference eval/OTHER.tsv --verbose
    python bench/eval_align.py --mined                           # and the miner's candidates

The aligner (``termbase.tm.align.align_terms``) runs on all 1,997 line pairs of
NTREX-128 (newstest2019 Vietnamese reference and English source), with the
reference list's Vietnamese terms as the candidates.  For each reference term:

* aligned: the term occurs in at least two pairs (whole syllables, case and tone
  placement ignored), so the aligner gives it an English equivalent;
* right: the best English equals one of the reference's " | " alternatives after
  both are keyed the same way: words lower-cased, each word singular (the crude
  English singular of ``termbase.suggest.sources.lexicon.singular``; an acronym's
  plural "AMs" is "AM"), dots dropped ("U.S." = "US"), the possessive "'s" and a
  leading "the" dropped (the reference's "the North" is the aligner's "North").

precision = right / aligned; coverage = aligned / reference terms; right/all =
right / reference terms (the issue's aim: >= 0.7).  The Dice and log-likelihood
baselines pick, among the same English candidate phrases, the one the measure
alone rates highest (ties: more co-occurrences, longer phrase).

``--mined``: the candidates are instead what termbase's miner finds on the
Vietnamese side (one document per NTREX document); coverage there is the share
of reference terms among the aligned candidates (equal tone keys).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from termbase.normalize import tone_key
from termbase.tm.align import TermAlignment, align_baseline, align_terms, mine_candidates
from termbase.tm.align_text import english_tokens

ROOT = Path(__file__).resolve().parents[1]
NTREX = ROOT.parent / "shared" / "data" / "parallel" / "ntrex128"
DEV = ROOT / "eval" / "ntrex_align_dev.tsv"


def read_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def read_reference(path: Path) -> dict[str, list[str]]:
    """Vietnamese term -> English alternatives (first column, second split on " | ")."""
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    for row in rows[1:]:
        if len(row) >= 2 and row[0].strip():
            out[row[0].strip()] = [a.strip() for a in row[1].split("|") if a.strip()]
    return out


def match_key(english: str) -> str:
    words = [t.key.lower().replace(".", "") for t in english_tokens(english) if t.key != "'s"]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(w for w in words if w)


def score(
    name: str, found: list[TermAlignment], reference: dict[str, list[str]], verbose: bool
) -> tuple[int, int]:
    """Print one line of results; return (aligned, right)."""
    by_key = {tone_key(r.vietnamese): r for r in found}
    aligned = right = 0
    for vi, alternatives in reference.items():
        r = by_key.get(tone_key(vi))
        if r is None or r.best is None:
            if verbose:
                print(f"  [{name}] not aligned: {vi}")
            continue
        aligned += 1
        ok = match_key(r.best.english) in {match_key(a) for a in alternatives}
        right += ok
        if verbose and not ok:
            others = ", ".join(f"{e.english} ({e.score})" for e in r.equivalents)
            print(f"  [{name}] {vi} = {' | '.join(alternatives)}  got: {others}  n={len(r.pairs)}")
    return aligned, right


def row(name: str, aligned: int, right: int, total: int, seconds: float) -> str:
    precision = right / aligned if aligned else 0.0
    return (
        f"| {name} | {aligned}/{total} = {aligned / total:.3f} | {right}/{aligned} = "
        f"{precision:.3f} | {right}/{total} = {right / total:.3f} | {seconds:.1f} s |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reference", type=Path, default=DEV, help="reference TSV (vi, en, ...)")
    ap.add_argument("--vi", type=Path, default=NTREX / "newstest2019-ref.vie.txt")
    ap.add_argument("--en", type=Path, default=NTREX / "newstest2019-src.eng.txt")
    ap.add_argument("--docs", type=Path, default=NTREX / "DOCUMENT_IDS.tsv")
    ap.add_argument("--mined", action="store_true", help="also align the miner's candidates")
    ap.add_argument("--verbose", action="store_true", help="print every miss")
    args = ap.parse_args()

    vi, en = read_lines(args.vi), read_lines(args.en)
    if len(vi) != len(en):
        sys.exit(f"Error: {args.vi} has {len(vi)} lines, {args.en} has {len(en)}")
    pairs = list(zip(vi, en, strict=True))
    reference = read_reference(args.reference)
    terms = list(reference)
    total = len(reference)
    print(f"{args.reference.name}: {total} reference terms; {len(pairs)} pairs")
    print("| method | aligned (coverage) | best English right (precision) | right / all | time |")
    print("|---|---|---|---|---|")
    runs = [
        ("aligner", lambda: align_terms(pairs, terms)),
        ("Dice baseline", lambda: align_baseline(pairs, terms, "dice")),
        ("LLR baseline", lambda: align_baseline(pairs, terms, "llr")),
    ]
    for name, run in runs:
        start = time.perf_counter()
        found = run()
        seconds = time.perf_counter() - start
        aligned, right = score(name, found, reference, args.verbose)
        print(row(name, aligned, right, total, seconds))
    if args.mined:
        start = time.perf_counter()
        documents = read_lines(args.docs) if args.docs.exists() else None
        candidates = mine_candidates(vi, documents)
        found = align_terms(pairs, candidates)
        seconds = time.perf_counter() - start
        aligned, right = score("mined", found, reference, args.verbose)
        print(row(f"aligner, {len(candidates)} mined candidates", aligned, right, total, seconds))
        print(f"({len(found)} mined candidates aligned in all)")


if __name__ == "__main__":
    main()
