"""Translation-memory speed and recall at 100k and 1M segment pairs, built from real corpora.

    PYTHONPATH=src python bench/bench_tm.py --size 100000 --size 1000000 --queries 200
    PYTHONPATH=src python bench/bench_tm.py --size 100000 --import-only --work /tmp/tm

The memory is made of the real pairs in ../shared/data (NTREX-128, IWSLT tst2012/13
detokenised, the Debian PO, the OmegaT TMX) and varied copies of them: numbers
changed, neighbouring words swapped, a word dropped, a word inserted or replaced
by one taken from another real sentence, two sentences joined, a clause cut.
Every size is written as a TMX file and imported with ``termbase tm import`` in a
subprocess (segments/s, max RSS of that process). Queries are fresh edits of
real sentences (and some short ones of common words only, the slow tail).
Recall: whether ``search_memory`` returns the best score ≥ --min that a
brute-force scan of every unit finds (word score less the minor marks, as the tool
scores; also printed: of the best word score alone). Side by side: that scan (rapidfuzz
Levenshtein over tokens, each token coded as one character, all cores), and
translate-toolkit's way (a ±25 % length window in characters, then character
Levenshtein) timed on the same queries.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from termbase.store import open_db
from termbase.tm import readers
from termbase.tm.search import minor_differences, search_memory, word_score
from termbase.tm.segments import analyse, key_tokens, markup_from_text, plain_text

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def real_pairs() -> list[tuple[str, str]]:
    notes: list[str] = []
    items = [
        *readers.read_parallel(
            DATA / "parallel/ntrex128/newstest2019-ref.vie.txt",
            DATA / "parallel/ntrex128/newstest2019-src.eng.txt",
            notes,
        ),
        *(
            item
            for name in ("tst2012", "tst2013")
            for item in readers.read_parallel(
                DATA / f"parallel/iwslt15-en-vi/{name}.vi",
                DATA / f"parallel/iwslt15-en-vi/{name}.en",
                notes,
            )
        ),
        *readers.read_po(DATA / "po/debian-bookworm-vi.po"),
        *readers.read_tmx(DATA / "tmx/namlq-matrix2018/project_save.tmx"),
    ]
    pairs = {(plain_text(i.vi), plain_text(i.en)) for i in items if isinstance(i, readers.TmUnit)}
    return sorted(pairs)


class Varier:
    """Edits real sentences the way a translation memory sees them vary."""

    def __init__(self, pairs: list[tuple[str, str]], seed: int) -> None:
        self.rng = random.Random(seed)
        self.pairs = pairs
        self.words = {side: [w for p in pairs[:3000] for w in p[side].split()] for side in (0, 1)}

    def edit(self, text: str, side: int, edits: int) -> str:
        words = text.split()
        rng = self.rng
        for _ in range(edits):
            if not words:
                break
            i = rng.randrange(len(words))
            op = rng.random()
            if op < 0.25:
                words[i] = (
                    str(rng.randint(1, 9999))
                    if any(c.isdigit() for c in words[i])
                    else (rng.choice(self.words[side]))
                )
            elif op < 0.45 and i + 1 < len(words):
                words[i], words[i + 1] = words[i + 1], words[i]
            elif op < 0.65 and len(words) > 2:
                del words[i]
            elif op < 0.85:
                words.insert(i, rng.choice(self.words[side]))
            else:
                words.insert(i, str(rng.randint(1, 2030)))
        return " ".join(words)

    def variant(self) -> tuple[str, str]:
        rng = self.rng
        vi, en = rng.choice(self.pairs)
        roll = rng.random()
        if roll < 0.1:  # two sentences joined
            vi2, en2 = rng.choice(self.pairs)
            return f"{vi} {vi2}", f"{en} {en2}"
        if roll < 0.2:  # a clause cut
            cut_vi, cut_en = vi.split(", "), en.split(", ")
            if len(cut_vi) > 1 and len(cut_en) > 1:
                return ", ".join(cut_vi[:-1]), ", ".join(cut_en[:-1])
        edits = rng.choice((1, 1, 2, 2, 3, 4, 6))
        return self.edit(vi, 0, edits), self.edit(en, 1, rng.randint(0, edits))


def memory_pairs(pairs: list[tuple[str, str]], size: int) -> Iterator[tuple[str, str]]:
    yield from pairs[:size]
    varier = Varier(pairs, seed=size)
    for _ in range(size - min(size, len(pairs))):
        yield varier.variant()


def write_tmx(path: Path, rows: Iterator[tuple[str, str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool='
            '"bench" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en"'
            ' srclang="en" datatype="plaintext"/><body>\n'
        )
        for vi, en in rows:
            out.write(
                f'<tu><tuv xml:lang="en-US"><seg>{escape(en)}</seg></tuv>'
                f'<tuv xml:lang="vi-VN"><seg>{escape(vi)}</seg></tuv></tu>\n'
            )
            count += 1
        out.write("</body></tmx>\n")
    return count


def import_tmx(db: Path, tmx: Path) -> tuple[float, int, str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "termbase", "--db", str(db), "tm", "import", str(tmx)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, rss_kb, done.stdout.splitlines()[0]


def queries(pairs: list[tuple[str, str]], count: int) -> list[str]:
    varier = Varier(pairs, seed=99)
    rng = random.Random(5)
    out = [varier.edit(rng.choice(pairs)[0], 0, rng.choice((0, 1, 2, 3))) for _ in range(count)]
    # The slow tail: short sentences of common syllables only.
    common = "của và là có được cho những một các trong không người này đã với để".split()  # noqa: SIM905
    for _ in range(count // 10):
        out.append(" ".join(rng.sample(common, rng.randint(4, 9))))
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def coded(keys: list[list[str]], table: dict[str, str]) -> list[str]:
    """Each distinct token as one character: string Levenshtein = token Levenshtein."""
    return ["".join(table.setdefault(t, chr(0x100 + len(table))) for t in k) for k in keys]


def bench(
    size: int,
    pairs: list[tuple[str, str]],
    qs: list[str],
    min_score: int,
    work: Path,
    import_only: bool = False,
) -> None:
    tmx = work / f"tm{size}.tmx"
    db = work / f"tm{size}.db"
    if tmx.exists():  # the same size always writes the same file (seeded): reuse it
        n = sum(1 for line in tmx.open(encoding="utf-8") if line.startswith("<tu>"))
    else:
        n = write_tmx(tmx, memory_pairs(pairs, size))
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    load = os.getloadavg()[0]
    seconds, rss_kb, summary = import_tmx(db, tmx)
    print(f"\n## {n:,} pairs ({tmx.stat().st_size / 1e6:.0f} MB TMX)")
    print(
        f"import: {seconds:.1f} s, {n / seconds:,.0f} pairs/s, max RSS {rss_kb / 1024:.0f} MB"
        f" (load average {load:.1f} before, {os.getloadavg()[0]:.1f} after)"
    )
    print(f"  {summary}")
    if import_only:
        return
    tb = open_db(db)
    sizes = dict(tb.conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())

    def mb(*names: str) -> float:
        return sum(v for k, v in sizes.items() if k.startswith(names)) / 1e6

    print(
        f"database {db.stat().st_size / 1e6:.0f} MB; word index {mb('tm_vi_', 'tm_en_'):.0f} MB"
        f" (postings vi {mb('tm_vi_postings'):.0f} MB, en {mb('tm_en_postings'):.0f} MB;"
        f" tokens {mb('tm_vi_tokens', 'tm_en_tokens'):.1f} MB), keys as token codes"
        f" {mb('tm_keys'):.0f} MB, hash indexes {mb('tm_units_', 'sqlite_autoindex_tm'):.0f} MB"
    )
    rows = tb.conn.execute("SELECT vi_key, vi FROM tm_units ORDER BY id").fetchall()
    keys = [k.split(" ") if k else [] for k, _ in rows]
    markups = [v for _, v in rows]
    texts = [plain_text(v) for v in markups]
    table: dict[str, str] = {}
    choices = coded(keys, table)
    for q in qs[:20]:
        search_memory(tb, q, "vi", min_score, 5)  # warm the page cache
    ours, scan_times, tt_times = [], [], []
    found = wanted = found_words = wanted_words = 0
    for q in qs:
        start = time.perf_counter()
        matches = search_memory(tb, q, "vi", min_score, 5)
        ours.append(time.perf_counter() - start)
        qkeys = key_tokens(q)
        start = time.perf_counter()
        (qc,) = coded([qkeys], table)
        distances = process.cdist([qc], choices, scorer=Levenshtein.distance, workers=-1)[0]
        words = [
            word_score(int(d), len(qkeys), len(k)) for d, k in zip(distances, keys, strict=True)
        ]
        best_words = max(words, default=0)
        scan_times.append(time.perf_counter() - start)
        # The best score as the tool gives it: word score less a point per minor difference.
        query = analyse(markup_from_text(q))
        best = max(
            (
                w - len(minor_differences(query, analyse(markups[i])))
                for i, w in enumerate(words)
                if w >= min_score
            ),
            default=0,
        )
        start = time.perf_counter()
        low, high = 0.75 * len(q), 1.25 * len(q)
        window = [t for t in texts if low <= len(t) <= high]
        process.extractOne(q, window, scorer=Levenshtein.normalized_similarity)
        tt_times.append(time.perf_counter() - start)
        if best >= min_score:
            wanted += 1
            found += max((m.score for m in matches), default=0) == best
        if best_words >= min_score:
            wanted_words += 1
            found_words += max((m.score + len(m.minor) for m in matches), default=0) == best_words
    ms = 1000
    print(
        f"{len(qs)} queries, --min {min_score}; in the scan {wanted} have a match scoring"
        f" ≥ {min_score}, {wanted_words} a word score ≥ {min_score}"
    )
    print(
        f"ours: p50 {statistics.median(ours) * ms:.1f} ms,"
        f" p95 {percentile(ours, 0.95) * ms:.1f} ms,"
        f" max {max(ours) * ms:.1f} ms; recall {found}/{wanted} = {found / max(wanted, 1):.1%}"
        f" (of the best word score: {found_words}/{wanted_words};"
        " a miss there is a match that minor marks put below --min)"
    )
    print(
        f"brute-force token scan (rapidfuzz cdist, all cores): p50"
        f" {statistics.median(scan_times) * ms:.0f} ms,"
        f" p95 {percentile(scan_times, 0.95) * ms:.0f} ms"
    )
    print(
        f"translate-toolkit style (±25 % chars + char Levenshtein): p50"
        f" {statistics.median(tt_times) * ms:.0f} ms, p95 {percentile(tt_times, 0.95) * ms:.0f} ms"
    )
    tb.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, action="append", help="memory sizes (repeatable)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--min", dest="min_score", type=int, default=70)
    parser.add_argument(
        "--work",
        type=Path,
        default=None,
        help="folder for the TMX and DB files (a TMX already there is reused)",
    )
    parser.add_argument(
        "--import-only", action="store_true", help="time the import only, no search"
    )
    args = parser.parse_args()
    pairs = real_pairs()
    print(
        f"{len(pairs):,} distinct real pairs; load average {os.getloadavg()[0]:.1f}"
        " (a shared machine: timings vary)"
    )
    qs = queries(pairs, args.queries)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        for size in args.size or [100_000]:
            bench(size, pairs, qs, args.min_score, work, args.import_only)


if __name__ == "__main__":
    main()
