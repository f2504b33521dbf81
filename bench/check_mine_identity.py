"""Does ``termbase mine`` still write the same termbase?  A hash of every table, per case.

    python bench/check_mine_identity.py                   # print the hashes
    python bench/check_mine_identity.py --save before.json
    python bench/check_mine_identity.py --check before.json   # exit 1 on any difference
    python bench/check_mine_identity.py --dump out/           # the rows, to diff by hand
    python bench/check_mine_identity.py --check bench/mine_identity_baseline.json

Made for speed work on the miner: run it on the unchanged code, save, and check
after each change.  ``bench/mine_identity_baseline.json`` holds the hashes of
the miner after the speed work of branch mine-speed, with the English suggestions as
they were at the end of that session (suggestion changes alter the ``terms`` and
``history`` rows, and the term ids ``occurrences`` and ``term_counts`` point to:
save the baseline again after one; the mined concepts, documents and counts were the
same as before the speed work).  The hashes also
depend on the text in ../shared/data that the corpus is built from.  The corpus is fixed:
the seed pages (``seeds/``, real boilerplate) and a few MB built by
``bench_mine.build_corpus`` (same random seed), written once to a folder
(``--corpus``, default under the temp folder).

Cases, each mined through ``mine_paths`` into a fresh termbase file:

* ``seeds``: the seed pages alone (page cleaning decides most here);
* ``corpus``: the seeds and the built corpus together, jobs=1, with the offline
  suggestions (``--no-suggest`` leaves them out);
* ``corpus-jobs2``: the same with ``jobs=2``;
* ``corpus-reread``: the same with a small text budget, so that most files
  are read again for the mining pass;
* ``remine``: ``corpus`` mined again into the same file after two seed pages
  changed (the merge path into existing concepts).

What is hashed: every row of every table (``sqlite_master`` order), sorted,
with what legitimately differs between runs left out: timestamps
(``created_at``, ``updated_at``, ``mined_at``, ``changed_at``, ``applied_at``),
the user (``changed_by``), and the corpus folder (replaced by ``<corpus>`` in
document keys, names and occurrences).  Row ids are kept: concepts and terms
are numbered in ranking order, so a change of order is a change of output.
The FTS index tables are left out (they follow ``terms`` by triggers), and so
are the translation memory's tables (``tm_*``: ``mine`` does not write them) and
``_migrations`` (it grows with every schema migration, whatever mining does).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

VOLATILE = {"created_at", "updated_at", "mined_at", "changed_at", "applied_at", "changed_by"}


def prepare(corpus: Path, megabytes: float) -> None:
    """Write the fixed corpus once (a marker file says it is complete)."""
    done = corpus / f".complete-{megabytes}"
    if done.exists():
        return
    if corpus.exists():
        shutil.rmtree(corpus)
    (corpus / "built").mkdir(parents=True)
    (corpus / "seeds").mkdir()
    from bench_mine import build_corpus

    build_corpus(corpus / "built", megabytes)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(seed, corpus / "seeds" / seed.name)
    done.touch()


def table_rows(db: Path, corpus: Path) -> dict[str, list[str]]:
    """Every table's rows as sorted JSON lines, volatile columns left out."""
    conn = sqlite3.connect(db)
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'terms_fts%'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'tm\\_%' ESCAPE '\\'"
            " AND name != '_migrations' ORDER BY name"
        )
    ]
    out: dict[str, list[str]] = {}
    prefix = str(corpus.resolve())
    for table in tables:
        cursor = conn.execute(f"SELECT * FROM {table}")  # names from sqlite_master
        columns = [d[0] for d in cursor.description]
        keep = [i for i, c in enumerate(columns) if c not in VOLATILE]
        rows = []
        for row in cursor:
            values = [
                v.replace(prefix, "<corpus>") if isinstance(v, str) else v
                for v in (row[i] for i in keep)
            ]
            rows.append(json.dumps(values, ensure_ascii=False))
        rows.sort()
        out[table] = [json.dumps([columns[i] for i in keep]), *rows]
    conn.close()
    return out


def digest(rows: dict[str, list[str]]) -> dict[str, str]:
    found = {}
    for table, lines in rows.items():
        value = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
        found[table] = f"{len(lines) - 1} rows {value}"
    whole = hashlib.sha256(json.dumps(found, sort_keys=True).encode()).hexdigest()[:16]
    found["*"] = whole
    return found


def run_case(name: str, corpus: Path, work: Path, suggest: bool) -> dict[str, list[str]]:
    from termbase.mining.pipeline import MineOptions, mine_paths
    from termbase.store import open_db

    db = work / f"{name}.db"
    inputs = (
        [str(corpus / "seeds")]
        if name == "seeds"
        else [str(corpus / "seeds"), str(corpus / "built")]
    )
    jobs = 2 if name == "corpus-jobs2" else 1
    options = MineOptions(text_budget=200_000) if name == "corpus-reread" else MineOptions()
    tb = open_db(db)
    mine_paths(tb, inputs, options, jobs=jobs, suggest=suggest)
    tb.close()
    if name == "remine":
        # Two seed pages change: their documents are replaced, their concepts merged.
        edited = work / "remine-corpus"
        shutil.copytree(corpus, edited)
        seeds = sorted((edited / "seeds").glob("*.txt"))
        for seed in seeds[:2]:
            text = seed.read_text(encoding="utf-8")
            seed.write_text(
                text.replace("\n", "\n\n", 3) + "\nHiệp ước Cắt giảm Vũ khí.\n", encoding="utf-8"
            )
        tb = open_db(db)
        mine_paths(
            tb, [str(edited / "seeds"), str(corpus / "built")], MineOptions(), suggest=suggest
        )
        tb.close()
        rows = table_rows(db, edited)
        shutil.rmtree(edited)
        return rows
    return table_rows(db, corpus)


CASES = ("seeds", "corpus", "corpus-jobs2", "corpus-reread", "remine")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=3.0, help="built corpus size (default 3)")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(tempfile.gettempdir()) / "termbase-identity-corpus",
        help="folder for the fixed corpus (written once, reused)",
    )
    parser.add_argument("--no-suggest", action="store_true", help="mine with suggest=False")
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=CASES)
    parser.add_argument("--save", type=Path, help="write the hashes to this JSON file")
    parser.add_argument("--check", type=Path, help="compare with hashes saved by --save")
    parser.add_argument("--dump", type=Path, help="write each case's rows under this folder")
    args = parser.parse_args()
    prepare(args.corpus, args.mb)
    hashes: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.cases:
            started = time.perf_counter()
            rows = run_case(case, args.corpus, Path(tmp), not args.no_suggest)
            hashes[case] = digest(rows)
            print(f"{case:<14} {hashes[case]['*']}  ({time.perf_counter() - started:.1f} s)")
            if args.dump:
                folder = args.dump / case
                folder.mkdir(parents=True, exist_ok=True)
                for table, lines in rows.items():
                    (folder / f"{table}.jsonl").write_text(
                        "\n".join(lines) + "\n", encoding="utf-8"
                    )
    if args.save:
        args.save.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.check:
        saved = json.loads(args.check.read_text(encoding="utf-8"))
        bad = 0
        for case, found in hashes.items():
            for table, value in found.items():
                if saved.get(case, {}).get(table) != value:
                    print(
                        f"DIFFERS: {case} {table}: {value} (saved {saved.get(case, {}).get(table)})"
                    )
                    bad += 1
        print("identical" if not bad else f"{bad} differences")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
