"""How good is ``termbase mine``?  Recall of a reference list, and what the top holds.

    python bench/eval_mining.py                       # the seeds and their dev list
    python bench/eval_mining.py --ref eval/ntrex_terms.tsv --lines 1-400 \\
        ../shared/data/parallel/ntrex128/newstest2019-ref.vie.txt

Mining runs through the real path (``mine_paths`` into a fresh termbase file
with no glossary), then the concepts are read back in the termbase's order.

* recall@k: share of the reference terms (first column of the TSV) that a
  concept among the first k holds as a Vietnamese term, equal up to tone
  placement and case, for k = 50, 100, 200, 300 and the list's own size
  (R-precision: a list longer than k cannot be found whole among the first k);
* boilerplate in the top 100: candidates that occur only in lines a person
  marked as page furniture (``--boilerplate`` TSV: file, first line, last line);
* fragments in the top 100: candidates that start or end inside a word as the
  underthesea segmenter splits the text (when it is installed; otherwise this
  column says n/a).  The segmenter is only the judge here, never the miner.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from termbase.mining.pipeline import MineOptions, mine_paths
from termbase.models import best_term
from termbase.normalize import tone_key
from termbase.store import open_db
from termbase.text.documents import iter_documents
from termbase.tm.moses import detokenise, looks_tokenised

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
KS = (50, 100, 200, 300)


def read_reference(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.reader(fh, delimiter="\t") if row and not row[0].startswith("#")]
    return [row[0].strip() for row in rows[1:] if row and row[0].strip()]


def read_furniture(path: Path | None) -> dict[str, set[int]]:
    """Lines (1-based) marked as boilerplate, per file name."""
    marked: dict[str, set[int]] = {}
    if path is None or not path.exists():
        return marked
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#") or row[0] == "file":
                continue
            name, first, last = row[0], int(row[1]), int(row[2])
            marked.setdefault(name, set()).update(range(first, last + 1))
    return marked


def slice_lines(path: Path, spec: str | None, folder: Path) -> Path:
    """A copy of ``path`` holding only the lines ``spec`` ("1-400") names.

    Moses-tokenised text (the IWSLT TED files) is detokenised on the way, as
    ``termbase tm import`` does: the miner reads text as people write it.
    """
    if not spec:
        return path
    first, last = (int(x) for x in spec.split("-"))
    text = path.read_bytes().decode("utf-8-sig").splitlines()
    if looks_tokenised(text):
        text = [unicodedata.normalize("NFC", detokenise(line)) for line in text]
    target = folder / path.name
    target.write_text("\n".join(text[first - 1 : last]) + "\n", encoding="utf-8")
    return target


class Segmenter:
    """Word boundaries from underthesea, if it is installed."""

    def __init__(self) -> None:
        try:
            from underthesea import word_tokenize  # type: ignore[import-not-found]
        except ImportError:
            self.tokenize = None
        else:
            self.tokenize = word_tokenize
        self.cache: dict[str, set[int]] = {}

    def boundaries(self, line: str) -> set[int]:
        found = self.cache.get(line)
        if found is None:
            found = {0, len(line)}
            position = 0
            assert self.tokenize is not None
            for word in self.tokenize(line):
                at = line.find(word, position)
                if at < 0:
                    continue
                found.update((at, at + len(word)))
                position = at + len(word)
            self.cache[line] = found
        return found


def occurrences(text: str, lines: list[str]) -> list[tuple[int, int, int]]:
    """(line index, start, end) of every whole-syllable match of ``text``."""
    pattern = re.compile(re.escape(text), re.I)
    found = []
    for i, line in enumerate(lines):
        for m in pattern.finditer(line):
            before = line[m.start() - 1] if m.start() else " "
            after = line[m.end()] if m.end() < len(line) else " "
            # A capital glued to a lower-case letter ("ủng hộBộ trưởng") starts a word.
            glued = before.islower() and m.group()[:1].isupper()
            if (not before.isalnum() or glued) and not after.isalnum():
                found.append((i, m.start(), m.end()))
    return found


def read_judged(path: Path) -> dict[str, str]:
    """Tone key -> "term" or "not", from a TSV of hand judgements (header vi, verdict, reason)."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            verdict = row["verdict"].strip()
            if verdict not in ("term", "not"):
                raise SystemExit(f"{path}: verdict must be 'term' or 'not', got {verdict!r}")
            out[tone_key(row["vi"])] = verdict
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("inputs", nargs="*", help="files or folders (default: the seeds)")
    parser.add_argument("--ref", type=Path, default=SHARED / "eval" / "seed_terms_dev.tsv")
    parser.add_argument("--boilerplate", type=Path, default=ROOT / "eval" / "seed_boilerplate.tsv")
    parser.add_argument("--lines", help="mine only these lines of a single input file, e.g. 1-400")
    parser.add_argument("--show", type=int, default=50, help="print the first N concepts")
    parser.add_argument("--keep-boilerplate", action="store_true")
    parser.add_argument(
        "--totals",
        action="store_true",
        help="print totals only, never a reference term (for a held-out list)",
    )
    parser.add_argument(
        "--judged",
        type=Path,
        help="TSV of candidates judged by hand (vi, verdict term|not, reason): precision@50",
    )
    args = parser.parse_args()
    inputs = [Path(p) for p in args.inputs] or [ROOT / "seeds"]
    reference = read_reference(args.ref)
    furniture = read_furniture(args.boilerplate if not args.inputs else None)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.lines:
            inputs = [slice_lines(inputs[0], args.lines, folder)]
        tb = open_db(folder / "eval.db")
        started = time.perf_counter()
        report = mine_paths(
            tb,
            [str(p) for p in inputs],
            MineOptions(keep_boilerplate=args.keep_boilerplate, keep=max(KS) + 200),
        )
        seconds = time.perf_counter() - started
        concepts = tb.load_concepts(tb.concept_ids(), contexts=0)
        docs = list(iter_documents([str(p) for p in inputs]))
        tb.close()
    content: list[str] = []
    for doc in docs:
        marked = furniture.get(Path(doc.name).name, set())
        content.extend(line for n, line in enumerate(doc.lines, 1) if n not in marked)
    ref_keys = {tone_key(r): r for r in reference}
    rank_of: dict[str, int] = {}
    for rank, concept in enumerate(concepts, 1):
        for term in concept.terms_in("vi"):
            rank_of.setdefault(tone_key(term.text), rank)
    print(
        f"mined {report.mined} documents, {report.words} words in {seconds:.2f} s;"
        f" {len(concepts)} concepts stored; reference: {args.ref.name} ({len(reference)} terms)"
    )
    recalls = {}
    # The fixed ks, and the list's own size (R-precision: with more terms than k, even a
    # perfect ranking cannot find them all among the first k).
    ks = sorted({*KS, len(ref_keys)} - {0})
    for k in ks:
        found = sum(1 for key in ref_keys if rank_of.get(key, 10**9) <= k)
        recalls[k] = found / len(ref_keys) if ref_keys else 0.0
    shown = [f"@{k}: {recalls[k]:.3f}" + (" (list size)" if k == len(ref_keys) else "") for k in ks]
    print("recall@k  " + "  ".join(shown))
    segmenter = Segmenter()
    top = concepts[:100]
    boiler, fragments, judged = [], [], segmenter.tokenize is not None
    for rank, concept in enumerate(top, 1):
        vi = best_term(concept, "vi")
        if vi is None:
            continue
        found = occurrences(vi.text, content)
        if furniture and not found:
            boiler.append((rank, vi.text))
            continue
        if (judged and found and " " in vi.text) or (judged and found and len(vi.text) <= 6):
            cut = 0
            for i, start, end in found:
                bounds = segmenter.boundaries(content[i])
                if start not in bounds or end not in bounds:
                    cut += 1
            if cut * 2 > len(found):
                fragments.append((rank, vi.text))
    frag_share = f"{len(fragments) / max(1, len(top)):.2f}" if judged else "n/a"
    print(
        f"top 100: boilerplate {len(boiler) / max(1, len(top)):.2f} "
        f"({sum(1 for r, _ in boiler if r <= 50)} in top 50), fragments {frag_share} "
        f"({sum(1 for r, _ in fragments if r <= 50)} in top 50)"
    )
    for label, items in (("boilerplate", boiler), ("fragment (segmenter)", fragments)):
        if items:
            print(f"  {label}: " + "; ".join(f"{r}. {t}" for r, t in items))
    if args.judged:
        verdicts = read_judged(args.judged)
        top50 = [best_term(c, "vi") for c in concepts[:50]]
        keys = [tone_key(t.text) for t in top50 if t is not None]
        rated = [verdicts[k] for k in keys if k in verdicts]
        accepted = sum(v == "term" for v in rated)
        print(
            f"precision@50 (judged by hand, {args.judged.name}): {accepted}/{len(rated)} = "
            f"{accepted / max(1, len(rated)):.2f}; not judged yet: {len(keys) - len(rated)}"
        )
        for k in keys:
            if k not in verdicts:
                print(f"  not judged: {k}")
    missing = [r for key, r in ref_keys.items() if rank_of.get(key, 10**9) > 200]
    if missing and not args.totals:
        print(
            "reference terms not in the top 200: "
            + "; ".join(f"{r} ({rank_of.get(tone_key(r), '-')})" for r in missing)
        )
    if args.show:
        print(f"\nfirst {args.show}:")
        for rank, concept in enumerate(concepts[: args.show], 1):
            vi = best_term(concept, "vi")
            en = best_term(concept, "en")
            mark = "*" if vi and tone_key(vi.text) in ref_keys else " "
            print(
                f"{rank:4}{mark} {concept.score:8.2f} {concept.frequency or 0:4}  "
                f"{vi.text if vi else ''}" + (f"  = {en.text}" if en else "")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
