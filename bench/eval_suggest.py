"""How often the best English suggestion matches a reference equivalent.

    python bench/eval_suggest.py                  # the three reference lists, glossary on and off
    python bench/eval_suggest.py --verbose        # and every term with its best suggestion
    python bench/eval_suggest.py --dev --verbose  # the development lists only, every term
    python bench/eval_suggest.py --ref eval/ntrex_terms.tsv \
        --text ../shared/data/parallel/ntrex128/newstest2019-ref.vie.txt

For each reference list, a fresh termbase is made twice: once with the curated
glossary loaded (``load_glossary``, as ``termbase init`` does), once without it
(dictionary, compositional, identity and parenthetical sources only).  Each
reference term is added as a mined candidate of its own, with up to five
sentences of the text it comes from as contexts (the sentences are what the
glossary source reads for country cues), so the result does not depend on the
miner's recall.  With
``--mine`` the seed pages are mined first and a candidate the miner found is
used as it is (with its parenthetical glosses).  Then ``suggest_concepts``
runs offline, and the English term ``lookup`` would show (the best one) is
compared with the reference alternatives: case-insensitive, each word
singular or plural, British or American spelling.
"""

from __future__ import annotations

import argparse
import itertools
import re
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from termbase.errors import TermbaseError
from termbase.glossary import load_glossary
from termbase.mining.pipeline import mine_paths
from termbase.models import STATUS_RANK, Concept, Occurrence, Term, best_term
from termbase.normalize import tone_key
from termbase.store import Termbase, open_db
from termbase.suggest.calibration import Calibration
from termbase.suggest.engine import build_sources, candidate_of, suggest_concepts
from termbase.suggest.sources.lexicon import Lexicon, phrase_key, spelling_key
from termbase.tm.moses import detokenise, looks_tokenised

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SEED_REF = SHARED / "eval" / "seed_terms_dev.tsv"
NTREX_REF = ROOT / "eval" / "ntrex_suggest_terms.tsv"
# Picked from other NTREX lines by someone who had not seen the suggestion code's lexicons.
HELDOUT_REF = ROOT / "eval" / "ntrex_heldout_terms.tsv"
NTREX_TEXT = SHARED / "data" / "parallel" / "ntrex128" / "newstest2019-ref.vie.txt"
GLOSSARY = ROOT / "glossary"
CONTEXTS = 5


@dataclass
class Reference:
    vi: str
    en: list[str]
    category: str
    contexts: list[Occurrence]


def read_reference(path: Path, texts: list[Path]) -> list[Reference]:
    rows = [
        line.rstrip("\n").split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header, body = rows[0], rows[1:]
    files_col = header.index("files") if "files" in header else None
    sentences = {p: _sentences(p) for p in texts}
    out = []
    for row in body:
        vi, en, category = row[0], row[1], row[2] if len(row) > 2 else ""
        wanted = texts
        if files_col is not None and len(row) > files_col:
            wanted = [p for p in texts if p.name in row[files_col].split(" | ")] or texts
        key = tone_key(vi)
        contexts: list[Occurrence] = []
        for p in wanted:
            for number, sentence in sentences[p]:
                if key in tone_key(sentence) and len(contexts) < CONTEXTS:
                    contexts.append(Occurrence(p.name, number, None, sentence[:400]))
        out.append(Reference(vi, [e.strip() for e in en.split(" | ")], category, contexts))
    return out


def _sentences(path: Path) -> list[tuple[int, str]]:
    out = []
    lines = unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).splitlines()
    if looks_tokenised(lines):  # the IWSLT TED files: Moses tokens, HTML entities
        lines = [unicodedata.normalize("NFC", detokenise(line)) for line in lines]
    for number, line in enumerate(lines, 1):
        for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
            if sentence:
                out.append((number, sentence))
    return out


def fresh_termbase(folder: Path, glossary: bool, mine: list[Path]) -> Path:
    db = folder / ("with-glossary.db" if glossary else "no-glossary.db")
    tb = open_db(db)
    try:
        if glossary:
            tb.command = "init"
            with tb.transaction():
                load_glossary(tb, GLOSSARY)
        if mine:
            tb.command = "mine"
            try:
                mine_paths(tb, [str(p) for p in mine])
            except TermbaseError as exc:
                print(f"  (mining failed, going on without it: {str(exc)[-200:]})")
    finally:
        tb.close()
    return db


def add_candidates(tb: Termbase, refs: list[Reference]) -> list[int]:
    """A candidate concept per reference term: the mined one if there is one, else new."""
    wanting = set(tb.suggestion_targets())
    ids = []
    for ref in refs:
        found = [c for c in tb.concepts_with_term("vi", ref.vi) if c in wanting]
        if found:
            ids.append(found[0])
            continue
        term = Term(
            "vi", ref.vi, status="candidate", source="mined", occurrences=tuple(ref.contexts)
        )
        ids.append(tb.create_concept(Concept(terms=(term,))))
    return ids


def answer_key(english: str) -> str:
    """How a suggestion and a reference are compared: case, number and British or American
    spelling aside ("defence ministry" is right where the text says "defense ministry")."""
    return spelling_key(phrase_key(english))


def matches(english: str | None, alternatives: list[str]) -> bool:
    return english is not None and answer_key(english) in {answer_key(a) for a in alternatives}


# (list, glossary on/off) -> source of the best suggestion -> [terms, best right, right in top 3]
BY_SOURCE: dict[tuple[str, str], dict[str, list[int]]] = {}
# Confidence bands of a source's own best suggestion (its lower bounds), for the reliability table.
SOURCE_BANDS = (0.0, 0.3, 0.5, 0.65, 0.8)
# (list, glossary on/off) -> source -> band -> [terms, its best right]
RELIABILITY: dict[tuple[str, str], dict[str, dict[float, list[int]]]] = {}


def band_of(confidence: float) -> float:
    return max(b for b in SOURCE_BANDS if confidence >= b)


def source_reliability(
    tb: Termbase, ids: list[int], refs: list[Reference], key: tuple[str, str]
) -> None:
    """Each offline source asked on its own: its best suggestion, by its own confidence."""
    concepts = tb.load_concepts(ids, contexts=CONTEXTS)
    pairs = [(c, ref) for c, ref in zip(concepts, refs, strict=True)]
    candidates = [(candidate_of(c), ref) for c, ref in pairs]
    asked = [(c, ref) for c, ref in candidates if c is not None]
    lexicon = Lexicon.from_termbase(tb)
    table = RELIABILITY.setdefault(key, {})
    for source in build_sources(tb, lexicon, None, None):
        found = source.suggest([c for c, _ in asked])
        for suggestions, (_, ref) in zip(found, asked, strict=True):
            if not suggestions:
                continue
            best = max(suggestions, key=lambda s: s.confidence)
            row = table.setdefault(source.name, {}).setdefault(band_of(best.confidence), [0, 0])
            row[0] += 1
            row[1] += matches(best.text, ref.en)


def suggested(
    refs: list[Reference],
    glossary: bool,
    mine: list[Path],
    calibration: Calibration | None = None,
    key: tuple[str, str] | None = None,
) -> tuple[list[Concept], float]:
    """Each reference term's concept after an offline suggestion run, and its seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        db = fresh_termbase(Path(tmp), glossary, mine)
        tb = open_db(db)
        tb.command = "eval"
        try:
            with tb.transaction():
                ids = add_candidates(tb, refs)
            start = time.perf_counter()
            with tb.transaction():
                suggest_concepts(tb, ids, calibration=calibration)
            seconds = time.perf_counter() - start
            if key is not None:
                source_reliability(tb, ids, refs, key)
            return tb.load_concepts(ids, contexts=0), seconds
        finally:
            tb.close()


def judged(refs: list[Reference], concepts: list[Concept]) -> list[tuple[str, float, bool, bool]]:
    """Every suggested English term: (source, confidence, right, is the best one)."""
    out = []
    for ref, concept in zip(refs, concepts, strict=True):
        best = best_term(concept, "en")
        for term in concept.terms_in("en"):
            if term.status == "suggested" and term.confidence is not None:
                out.append(
                    (term.source or "?", term.confidence, matches(term.text, ref.en), term is best)
                )
    return out


# Confidence bands of the reliability table.
BANDS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0)
# (list, glossary on/off) -> every suggestion judged
JUDGED: dict[tuple[str, str], list[tuple[str, float, bool, bool]]] = {}


def reliability(rows: list[tuple[str, float, bool, bool]], best_only: bool) -> list[str]:
    """One table cell per band: right / suggestions (share)."""
    cells = []
    for low, high in itertools.pairwise(BANDS):
        band = [
            r
            for r in rows
            if (r[3] or not best_only) and low <= r[1] < high + (1e-9 if high == 1.0 else 0)
        ]
        right = sum(r[2] for r in band)
        cells.append(f"{right}/{len(band)} ({right / len(band):.2f})" if band else "–")
    return cells


def evaluate(
    name: str, refs: list[Reference], glossary: bool, mine: list[Path], verbose: bool
) -> tuple[float, int, float]:
    label = "glossary on" if glossary else "glossary off"
    concepts, seconds = suggested(refs, glossary, mine, key=(name, label))
    JUDGED[(name, label)] = judged(refs, concepts)
    hits = 0
    for ref, concept in zip(refs, concepts, strict=True):
        best = best_term(concept, "en")
        ok = matches(best.text if best else None, ref.en)
        hits += ok
        ranked = sorted(
            (t for t in concept.terms_in("en") if t.status not in ("rejected", "forbidden")),
            key=lambda t: (STATUS_RANK[t.status], -(t.confidence or 0.0)),
        )
        source = best.source or "?" if best else "none"
        tally = BY_SOURCE.setdefault((name, label), {}).setdefault(source, [0, 0, 0])
        tally[0] += 1
        tally[1] += ok
        tally[2] += any(matches(t.text, ref.en) for t in ranked[:3])
        if verbose:
            shown = f"{best.text}  [{best.source} {best.confidence}]" if best else "-"
            print(
                f"  {'ok' if ok else '--'}  {label:12}  {ref.vi}  =>  {shown}"
                f"   (ref: {' | '.join(ref.en)})"
            )
    return hits / len(refs), len(refs), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", type=Path, action="append", help="reference TSV (vi, en, …)")
    parser.add_argument("--text", type=Path, action="append", help="text the terms come from")
    parser.add_argument("--mine", action="store_true", help="mine the seed pages first")
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument(
        "--dev", action="store_true", help="the development lists only (no held-out list)"
    )
    args = parser.parse_args()
    if args.ref:
        runs = [(p.name, p, args.text or []) for p in args.ref]
    else:
        runs = [
            ("seeds (seed_terms_dev.tsv)", SEED_REF, sorted(SEEDS.glob("*.txt"))),
            ("NTREX (eval/ntrex_suggest_terms.tsv)", NTREX_REF, [NTREX_TEXT]),
            ("NTREX held out (eval/ntrex_heldout_terms.tsv)", HELDOUT_REF, [NTREX_TEXT]),
        ]
        if args.dev:
            runs = runs[:2]
    print("| reference | terms | glossary on | glossary off | seconds (on / off) |")
    print("|---|---:|---:|---:|---:|")
    for name, ref_path, texts in runs:
        refs = read_reference(ref_path, texts)
        mine = sorted(SEEDS.glob("*.txt")) if args.mine and ref_path == SEED_REF else []
        on, n, t_on = evaluate(name, refs, True, mine, args.verbose)
        off, _, t_off = evaluate(name, refs, False, mine, args.verbose)
        print(f"| {name} | {n} | {on:.3f} | {off:.3f} | {t_on:.2f} / {t_off:.2f} |")
    print()
    print("By the source of the best suggestion (terms; best right; a right one in the top 3):")
    print()
    print("| reference | glossary | source | terms | best right | right in top 3 |")
    print("|---|---|---|---:|---:|---:|")
    for (name, label), sources in BY_SOURCE.items():
        for source, (terms, best, top3) in sorted(sources.items(), key=lambda kv: -kv[1][0]):
            print(f"| {name} | {label[9:]} | {source} | {terms} | {best} | {top3} |")
    bands = " | ".join(f"{a:.1f}–{b:.1f}" for a, b in itertools.pairwise(BANDS))
    for best_only in (False, True):
        print()
        which = "the best suggestion of each term" if best_only else "every suggestion"
        print(f"Reliability, {which}: right / suggestions (share right) by confidence band:")
        print()
        print(f"| reference | glossary | {bands} |")
        print("|---|---|" + "---:|" * (len(BANDS) - 1))
        for (name, label), rows in JUDGED.items():
            cells = " | ".join(reliability(rows, best_only))
            print(f"| {name} | {label[9:]} | {cells} |")
    print()
    print("Compositional source, best suggestions claiming confidence ≥ 0.5: right / claimed")
    print()
    for (name, label), rows in JUDGED.items():
        claimed = [r for r in rows if r[0] == "compositional" and r[3] and r[1] >= 0.5]
        right = sum(r[2] for r in claimed)
        share = f" ({right / len(claimed):.2f})" if claimed else ""
        print(f"- {name}, {label}: {right}/{len(claimed)}{share}")
    print()
    print("Each source asked on its own: its best suggestion by its own score (right / terms):")
    print()
    heads = [f"{lo:.2f}+" for lo in SOURCE_BANDS]
    print(f"| reference | glossary | source | {' | '.join(heads)} | >= 0.5 |")
    print("|---|---|---|" + "---:|" * (len(SOURCE_BANDS) + 1))
    for (name, label), sources in RELIABILITY.items():
        for source, bands in sorted(sources.items()):
            cells = [f"{bands[b][1]}/{bands[b][0]}" if b in bands else "" for b in SOURCE_BANDS]
            hi = [bands[b] for b in SOURCE_BANDS if b >= 0.5 and b in bands]
            n, ok = sum(r[0] for r in hi), sum(r[1] for r in hi)
            share = f"{ok / n:.2f} ({ok}/{n})" if n else ""
            print(f"| {name} | {label[9:]} | {source} | {' | '.join(cells)} | {share} |")


if __name__ == "__main__":
    main()
