"""Fit the confidence calibration (``src/termbase/data/calibration.tsv``) on the development lists.

    PYTHONPATH=src python bench/calibrate.py            # fit and write the table
    PYTHONPATH=src python bench/calibrate.py --dry-run  # print the fit, write nothing

The development lists (never the held-out ones): the seeds' list
(``../shared/eval/seed_terms_dev.tsv``), ``eval/ntrex_terms.tsv`` (lines 1–250),
``eval/ntrex_suggest_terms.tsv`` (lines 1000–1997), ``eval/ntrex_align_dev.tsv`` and, so that
the fit is not news-shaped, ``eval/ted_mining_terms.tsv`` (TED talks, ``tst2012`` lines 1–600).
Each is run as ``bench/eval_suggest.py`` runs it, glossary on and off, with the
sources' own scores (no calibration); every suggested English term is one sample
(its leading source, its score, whether it matches a reference English). A concept's
first suggestion and the ones ranked after it are fitted apart (``glossary`` and
``glossary alternative``): for the same score, alternatives are right far less often. Per curve,
an isotonic fit (:func:`termbase.suggest.calibration.fit_isotonic`) gives the
knots; a source with fewer than ``--min-samples`` samples keeps its scores.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from eval_suggest import (
    NTREX_REF,
    NTREX_TEXT,
    ROOT,
    SEED_REF,
    SEEDS,
    SHARED,
    judged,
    read_reference,
    suggested,
)
from termbase.suggest.calibration import ALTERNATIVE, IDENTITY, TABLE, fit_isotonic

TED_TEXT = SHARED / "data" / "parallel" / "iwslt15-en-vi" / "tst2012.vi"
DEV_LISTS = (
    (SEED_REF, sorted(SEEDS.glob("*.txt"))),
    (ROOT / "eval" / "ntrex_terms.tsv", [NTREX_TEXT]),
    (NTREX_REF, [NTREX_TEXT]),
    (ROOT / "eval" / "ntrex_align_dev.tsv", [NTREX_TEXT]),
    # Talks beside the news, so that the fit is not news-shaped (TED tst2012 lines 1-600;
    # the list's misses were seen during work, so it is a development list now).
    (ROOT / "eval" / "ted_mining_terms.tsv", [TED_TEXT]),
)
OUT = ROOT / "src" / "termbase" / "data" / TABLE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--min-samples", type=int, default=25)
    args = parser.parse_args()
    samples: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for path, texts in DEV_LISTS:
        if not path.exists():
            raise SystemExit(f"{path}: missing; the fit needs every development list")
        refs = read_reference(path, texts)
        for glossary in (True, False):
            concepts, _ = suggested(refs, glossary, [], calibration=IDENTITY)
            for source, score, right, best in judged(refs, concepts):
                name = "mt" if source.startswith("mt:") else source
                samples[name if best else name + ALTERNATIVE].append((score, right))
            print(f"{path.name}, glossary {'on' if glossary else 'off'}: {len(refs)} terms")
    lines = [
        "# Confidence calibration: fitted by bench/calibrate.py on the development lists",
        "# (see its docstring); read by termbase.suggest.calibration. Do not edit by hand.",
        "source\tscore\tprobability\tsamples",
    ]
    print()
    print("| source | samples | right | knots (score → probability) |")
    print("|---|---:|---:|---|")
    for source, rows in sorted(samples.items()):
        right = sum(r for _, r in rows)
        if len(rows) < args.min_samples:
            print(f"| {source} | {len(rows)} | {right} | too few: scores kept |")
            continue
        knots = fit_isotonic(rows)
        shown = ", ".join(f"{x:.2f}→{y:.2f}" for x, y in knots)
        print(f"| {source} | {len(rows)} | {right} | {shown} |")
        lines += [f"{source}\t{x}\t{y}\t{len(rows)}" for x, y in knots]
    if not args.dry_run:
        OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"\nwrote {Path(OUT).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
