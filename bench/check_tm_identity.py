"""Does ``termbase tm import`` still write the same memory?  A hash per case and table.

    python bench/check_tm_identity.py                    # print the hashes
    python bench/check_tm_identity.py --save before.json
    python bench/check_tm_identity.py --check before.json   # exit 1 on any difference

Made for speed work on the import: run it on the unchanged code (``PYTHONPATH`` of
that tree), save, and check after each change. Every import runs ``termbase tm
import`` in a subprocess with this tree's ``src`` first on the path (or
``--src``), as a user would.

Cases, each into a fresh termbase file:

* ``real``: the OmegaT TMX, the Debian PO, NTREX-128 and IWSLT tst2012 (parallel)
  from ../shared/data imported one after the other, then the TMX again (every
  pair a duplicate): what the summary says, refusals included, and every table;
* ``bench``: the 100k-pair TMX of ``bench_tm.py`` (``--size``), then the real
  TMX into the same file (an import into a memory that is not empty).

What is hashed: the import summaries printed (paths replaced by their names),
every row of ``tm_units``, ``tm_keys`` and the token tables, and the postings as
what a search reads: for each (token, length bucket) the unit ids of all its
chunks in order. The chunking of a list itself (``postings-rows``) is printed
too but not compared: how many rows a list takes is the writer's business.
``tm_sources.imported_at`` and ``imported_by`` differ between runs and are left out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
COMPARED = ("summary", "tm_sources", "tm_units", "tm_keys", "tokens", "postings")


def run_import(src: Path, db: Path, args: list[str]) -> str:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-m", "termbase", "--db", str(db), "tm", "import", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    text = done.stdout
    for arg in args:
        if not arg.startswith("-"):
            text = text.replace(str(Path(arg).parent) + os.sep, "")
    return text


def digest(rows: Iterable[object]) -> str:
    h = hashlib.sha256()
    for row in rows:
        h.update(repr(row).encode("utf-8", "surrogatepass"))
        h.update(b"\n")
    return h.hexdigest()[:16]


def table_hashes(db: Path, summary: str) -> dict[str, str]:
    conn = sqlite3.connect(db)
    out = {"summary": digest([summary])}
    out["tm_sources"] = digest(conn.execute("SELECT id, format FROM tm_sources ORDER BY id"))
    out["tm_units"] = digest(conn.execute("SELECT * FROM tm_units ORDER BY id"))
    out["tm_keys"] = digest(conn.execute("SELECT * FROM tm_keys ORDER BY id"))
    out["tokens"] = digest(
        row
        for lang in ("vi", "en")
        for row in conn.execute(f"SELECT '{lang}', token, id FROM tm_{lang}_tokens ORDER BY id")
    )
    logical: list[tuple[str, int, int, bytes]] = []
    physical: list[tuple[object, ...]] = []
    for lang in ("vi", "en"):
        current: tuple[int, int] | None = None
        ids: list[bytes] = []
        for token, length, first, units, blob in conn.execute(
            f"SELECT token, length, first, units, ids FROM tm_{lang}_postings"
            " ORDER BY token, length, first"
        ):
            physical.append((lang, token, length, first, units, blob))
            if (token, length) != current:
                if current is not None:
                    logical.append((lang, *current, b"".join(ids)))
                current, ids = (token, length), []
            ids.append(blob)
        if current is not None:
            logical.append((lang, *current, b"".join(ids)))
    out["postings"] = digest(logical)
    out["postings-rows"] = f"{digest(physical)} ({len(physical)} rows)"
    conn.close()
    return out


def bench_tmx(size: int, folder: Path) -> Path:
    path = folder / f"tm{size}.tmx"
    if not path.exists():
        sys.path.insert(0, str(ROOT / "bench"))
        from bench_tm import memory_pairs, real_pairs, write_tmx

        write_tmx(path, memory_pairs(real_pairs(), size))
    return path


def run_cases(src: Path, work: Path, size: int) -> dict[str, dict[str, str]]:
    tmx = DATA / "tmx/namlq-matrix2018/project_save.tmx"
    ntrex = DATA / "parallel/ntrex128"
    iwslt = DATA / "parallel/iwslt15-en-vi"
    cases: dict[str, dict[str, str]] = {}
    db = work / "real.db"
    summary = "".join(
        run_import(src, db, args)
        for args in (
            [str(tmx)],
            [str(DATA / "po/debian-bookworm-vi.po")],
            [
                "--vi",
                str(ntrex / "newstest2019-ref.vie.txt"),
                "--en",
                str(ntrex / "newstest2019-src.eng.txt"),
            ],
            ["--vi", str(iwslt / "tst2012.vi"), "--en", str(iwslt / "tst2012.en")],
            [str(tmx)],
        )
    )
    cases["real"] = table_hashes(db, summary)
    db = work / "bench.db"
    summary = run_import(src, db, [str(bench_tmx(size, work))]) + run_import(src, db, [str(tmx)])
    cases["bench"] = table_hashes(db, summary)
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="write the hashes to this JSON file")
    parser.add_argument("--check", type=Path, help="compare with the hashes of this JSON file")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the termbase to run")
    parser.add_argument("--size", type=int, default=100_000, help="pairs of the bench TMX")
    parser.add_argument("--work", type=Path, help="folder for the files (the TMX is reused)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for stale in work.glob("*.db*"):
            stale.unlink()
        cases = run_cases(args.src.resolve(), work, args.size)
    for case, hashes in cases.items():
        for name, value in hashes.items():
            print(f"{case:6s} {name:14s} {value}")
    if args.save:
        args.save.write_text(json.dumps(cases, indent=1) + "\n")
    if args.check:
        before = json.loads(args.check.read_text())
        differ = [
            f"{case} {name}"
            for case in before
            for name in COMPARED
            if before[case].get(name) != cases.get(case, {}).get(name)
        ]
        print("identical" if not differ else "DIFFERENT: " + ", ".join(differ))
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
