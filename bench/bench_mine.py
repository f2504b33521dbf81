"""Words per second of ``termbase mine``, end to end, beside two baselines.

    python bench/bench_mine.py                # builds a >= 5 MB corpus in a temp folder
    python bench/bench_mine.py --mb 10 --jobs 2
    python bench/bench_mine.py --distinct     # every sentence once: real text's candidate table

The corpus is made of the Vietnamese text in ../shared/data (NTREX, IWSLT, the
Debian PO translations) and the seeds: sentences shuffled (fixed seed) into
documents of 40 lines until the size is reached.  The same sentences come back
many times, which flatters no stage much (every document is still cleaned,
split and counted) but keeps the candidate table smaller than fresh text would.

Measured, each in a fresh process so that peak memory (max RSS) is its own:

* ``split``: read every file, decode, ``str.split()``: the ceiling;
* ``mine``: ``mine_paths`` into a new termbase: reading, page cleaning,
  candidates, ranking, writing SQLite, then the offline English suggestions
  (``--no-suggest`` leaves them out, as ``termbase mine --no-suggest`` does);
* ``underthesea``: ``word_tokenize`` on a sample (it is slow), when installed.

``--stages`` also times the steps of the ``mine`` run (jobs=1 only: the steps of
a worker process are not seen), with timers wrapped around the pipeline's
functions: steadier than whole runs on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def sentences() -> list[str]:
    found: list[str] = []
    for path in (
        SHARED / "parallel" / "ntrex128" / "newstest2019-ref.vie.txt",
        SHARED / "parallel" / "iwslt15-en-vi" / "tst2012.vi",
        SHARED / "parallel" / "iwslt15-en-vi" / "tst2013.vi",
    ):
        if path.exists():
            text = (
                path.read_text(encoding="utf-8-sig").replace("&apos;", "'").replace("&quot;", '"')
            )
            found.extend(line.strip() for line in text.splitlines() if line.strip())
    po = SHARED / "po" / "debian-bookworm-vi.po"
    if po.exists():
        for m in re.finditer(r'^msgstr "(.+)"$', po.read_text(encoding="utf-8"), re.M):
            found.append(m.group(1).replace("\\n", " "))
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        found.extend(line.strip() for line in seed.read_text(encoding="utf-8").splitlines())
    return [s for s in found if len(s.split()) >= 3]


def build_distinct(folder: Path) -> tuple[int, int]:
    """Every sentence once, in documents of 40 lines: text as a real corpus has it.

    About 0.9 MB (all the Vietnamese text at hand).  With no sentence repeated, no line
    is cut as furniture shared by documents, and the candidate table is as large as
    fresh text makes it: the ranking's share of the time is the real one.
    """
    pool = list(dict.fromkeys(sentences()))
    words = 0
    for n, start in enumerate(range(0, len(pool), 40)):
        lines = pool[start : start + 40]
        (folder / f"doc{n:05d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        words += sum(len(line.split()) for line in lines)
    return math.ceil(len(pool) / 40), words


def build_corpus(folder: Path, megabytes: float) -> tuple[int, int]:
    pool = sentences()
    rng = random.Random(20240601)
    size = words = n = 0
    while size < megabytes * 1_000_000:
        lines = rng.sample(pool, 40)
        text = "\n\n".join(lines) + "\n"
        data = text.encode("utf-8")
        (folder / f"doc{n:05d}.txt").write_bytes(data)
        size += len(data)
        words += len(text.split())
        n += 1
    return n, words


STAGES = (
    ("read", "termbase.mining.pipeline", "iter_documents"),
    ("shared lines", "termbase.mining.clean", "RepeatedLines.add"),
    ("read again", "termbase.mining.pipeline", "read_document"),
    ("clean", "termbase.mining.scan", "clean_page"),
    ("scan", "termbase.mining.scan", "Scanner.scan"),
    ("expand", "termbase.mining.pipeline", "expand"),
    ("rank", "termbase.mining.pipeline", "rank_spans"),
    ("concepts", "termbase.mining.pipeline", "build_concepts"),
    ("locate", "termbase.mining.pipeline", "locate"),
    ("store", "termbase.mining.pipeline", "store_result"),
    ("suggest", "termbase.suggest.engine", "suggest_concepts"),
)


def time_stages() -> dict[str, float]:
    """Wrap each stage's function in a timer; the returned dict fills in as they run."""
    import functools
    import importlib
    import inspect

    spent: dict[str, float] = {}

    def wrap(label: str, fn: Any) -> Any:
        if inspect.isgeneratorfunction(fn):

            @functools.wraps(fn)
            def gen(*args: Any, **kwargs: Any) -> Any:
                it = fn(*args, **kwargs)
                while True:
                    started = time.perf_counter()
                    try:
                        item = next(it)
                    except StopIteration:
                        spent[label] = spent.get(label, 0.0) + time.perf_counter() - started
                        return
                    spent[label] = spent.get(label, 0.0) + time.perf_counter() - started
                    yield item

            return gen

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

        return timed

    for label, module, name in STAGES:
        owner: Any = importlib.import_module(module)
        *outer, attr = name.split(".")
        for part in outer:
            owner = getattr(owner, part)
        setattr(owner, attr, wrap(label, getattr(owner, attr)))
    return spent


def child(
    mode: str,
    folder: str,
    jobs: int,
    sample: int,
    budget: int | None = None,
    suggest: bool = True,
    stages: bool = False,
) -> None:
    """Run one measurement and print it as JSON (called in a fresh process)."""
    files = sorted(Path(folder).glob("*.txt"))
    result: dict[str, object] = {"mode": mode}
    if mode == "mine":
        # Imported outside the timing: a one-off cost per process (sqlite-utils pulls in numpy).
        loaded = time.perf_counter()
        import termbase.mining.pipeline
        import termbase.store

        if stages:
            import termbase.suggest.engine  # noqa: F401

            result["stages"] = time_stages()
        result["import_seconds"] = time.perf_counter() - loaded
        # Counted before the timing (it used to be inside it: ~0.2 s at 5 MB that was no mining).
        result["words"] = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    started = time.perf_counter()
    cpu = time.process_time()
    if mode == "split":
        from termbase.text.decode import decode

        words = sum(len(decode(p.read_bytes(), p).split()) for p in files)
        result["words"] = words
    elif mode == "mine":
        from termbase.mining.pipeline import MineOptions, gc_paused, mine_paths
        from termbase.store import open_db

        with tempfile.TemporaryDirectory() as tmp:
            tb = open_db(Path(tmp) / "bench.db")
            options = MineOptions() if budget is None else MineOptions(text_budget=budget)
            with gc_paused():  # as `termbase mine` runs it
                report = mine_paths(tb, [folder], options, jobs=jobs, suggest=suggest)
            tb.close()
        result["candidates"] = report.candidates
        result["stored"] = report.created
    elif mode == "underthesea":
        try:
            from underthesea import word_tokenize  # type: ignore[import-not-found]
        except ImportError:
            print(json.dumps({"mode": mode, "missing": True}))
            return
        word_tokenize("khởi động")  # load the model outside the timing
        started = time.perf_counter()
        words = 0
        for p in files:
            for line in p.read_text(encoding="utf-8").splitlines():
                if line:
                    word_tokenize(line)
                    words += len(line.split())
            if words >= sample:
                break
        result["words"] = words
    result["seconds"] = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu_seconds"] = time.process_time() - cpu + children.ru_utime + children.ru_stime
    result["max_rss_mb"] = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    print(json.dumps(result))


def measure(
    mode: str,
    folder: Path,
    jobs: int,
    sample: int,
    python: str,
    budget: int | None = None,
    suggest: bool = True,
    stages: bool = False,
) -> dict[str, object]:
    out = subprocess.run(
        [
            python,
            __file__,
            "--child",
            mode,
            str(folder),
            "--jobs",
            str(jobs),
            "--sample",
            str(sample),
            *(["--text-budget", str(budget)] if budget is not None else []),
            *([] if suggest else ["--no-suggest"]),
            *(["--stages"] if stages else []),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return data


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--sample", type=int, default=60_000, help="words for underthesea")
    parser.add_argument(
        "--underthesea-python",
        default=sys.executable,
        help="a Python that has underthesea (and termbase) installed",
    )
    parser.add_argument(
        "--text-budget",
        type=int,
        help="characters of text kept between the miner's two passes (MineOptions.text_budget)",
    )
    parser.add_argument(
        "--no-suggest",
        action="store_true",
        help="mine without the offline English suggestions (termbase mine --no-suggest)",
    )
    parser.add_argument(
        "--stages", action="store_true", help="also time each step of the mine run (jobs=1)"
    )
    parser.add_argument(
        "--only-mine", action="store_true", help="leave out the split and underthesea rows"
    )
    parser.add_argument(
        "--corpus", type=Path, help="mine this folder (kept) instead of building one"
    )
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="build the corpus from every sentence once (~0.9 MB, no repeats) instead of --mb",
    )
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(
            args.child[0],
            args.child[1],
            args.jobs,
            args.sample,
            args.text_budget,
            not args.no_suggest,
            args.stages,
        )
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.corpus is not None:
            folder = args.corpus
            if not folder.exists():
                folder.mkdir(parents=True)
                build_distinct(folder) if args.distinct else build_corpus(folder, args.mb)
            files = sorted(folder.glob("*.txt"))
            docs, words = len(files), sum(len(p.read_text("utf-8").split()) for p in files)
        elif args.distinct:
            docs, words = build_distinct(folder)
        else:
            docs, words = build_corpus(folder, args.mb)
        size = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
        print(f"corpus: {docs} documents, {words:,} words, {size:.1f} MB")
        mined = measure(
            "mine",
            folder,
            args.jobs,
            args.sample,
            sys.executable,
            args.text_budget,
            not args.no_suggest,
            args.stages,
        )
        if args.only_mine:
            rows = [mined]
        else:
            rows = [
                measure("split", folder, 1, args.sample, sys.executable),
                mined,
                measure("underthesea", folder, 1, args.sample, args.underthesea_python),
            ]
    print(f"{'what':<28}{'words':>12}{'seconds':>10}{'words/s':>12}{'CPU s':>8}{'max RSS MB':>12}")
    for row in rows:
        if row.get("missing"):
            print(f"{'underthesea word_tokenize':<28}  not installed")
            continue
        label = {
            "split": "read + str.split (ceiling)",
            "mine": f"termbase mine (jobs={args.jobs}{', no-suggest' if args.no_suggest else ''})",
            "underthesea": "underthesea word_tokenize",
        }[str(row["mode"])]
        rate = float(row["words"]) / float(row["seconds"])  # type: ignore[arg-type]
        print(
            f"{label:<28}{row['words']:>12,}{float(row['seconds']):>10.2f}"  # type: ignore[arg-type]
            f"{rate:>12,.0f}{float(row['cpu_seconds']):>8.2f}"  # type: ignore[arg-type]
            f"{float(row['max_rss_mb']):>12.0f}"  # type: ignore[arg-type]
        )
        if row["mode"] == "mine":
            print(f"{'':<28}candidates ranked: {row['candidates']:,}, stored: {row['stored']:,}")
            print(f"{'':<28}(imports before the timing: {float(row['import_seconds']):.2f} s)")  # type: ignore[arg-type]
            spent = row.get("stages")
            if isinstance(spent, dict):
                known = sum(spent.values())
                parts = [
                    f"{label} {spent[label]:.2f}" for label, _m, _n in STAGES if label in spent
                ]
                parts.append(f"other {float(row['seconds']) - known:.2f}")  # type: ignore[arg-type]
                print(f"{'':<28}stages, s: " + ", ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
