"""Several processes opening one new termbase file at the same moment: how many rounds fail?

    PYTHONPATH=src python bench/race_new_file.py --rounds 200 --processes 4

Each round starts the processes on a file that does not exist yet and releases them
together (a barrier); a round fails when any of them cannot open the file.  The first
error is printed.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import tempfile
import time
from pathlib import Path


def _open(path: Path, start: mp.synchronize.Barrier, results: mp.Queue[str | None]) -> None:
    from termbase.store import open_db

    start.wait()
    try:
        open_db(path, timeout=5).close()
        results.put(None)
    except Exception as exc:  # the error is the result
        results.put(str(exc))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--processes", type=int, default=4)
    args = parser.parse_args()
    failed, first = 0, None
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(args.rounds):
            path = Path(folder) / f"new-{round_}.db"
            start = mp.Barrier(args.processes)
            results: mp.Queue[str | None] = mp.Queue()
            procs = [
                mp.Process(target=_open, args=(path, start, results)) for _ in range(args.processes)
            ]
            for proc in procs:
                proc.start()
            errors = [e for e in (results.get() for _ in procs) if e]
            for proc in procs:
                proc.join()
            if errors:
                failed += 1
                first = first or errors[0]
    seconds = time.perf_counter() - began
    print(f"{args.rounds} rounds of {args.processes} processes: {failed} failed ({seconds:.0f} s)")
    if first:
        print(f"first error: {first}")


if __name__ == "__main__":
    main()
