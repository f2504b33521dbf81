"""Many writers on one termbase: what each did, and a check that every write is there once.

Each writer is a process running termbase commands (in process, through click)
in a loop for a given time: ``add`` of a term of its own, ``import`` of a CSV
of three terms, ``approve`` and ``reject`` of its earlier terms, and
``tm import`` of two segment pairs. Every name it writes carries its number
and a counter, so :func:`verify` knows exactly what must be in the termbase.
Used by tests/test_concurrency.py and bench/bench_writers.py.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner


@dataclass
class Done:
    """What one writer did that succeeded (exit 0), and what failed (with the message)."""

    worker: int
    added: list[str] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)
    approved: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    tm_pairs: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def writes(self) -> int:
        return (
            len(self.added)
            + len(self.imported) // 3
            + len(self.approved)
            + len(self.rejected)
            + len(self.tm_pairs) // 2
        )


def work(db: str, worker: int, seconds: float, folder: str) -> Done:
    """Write for ``seconds``; what succeeded."""
    from termbase.cli import cli

    os.environ["TERMBASE_USER"] = f"writer{worker}"
    os.environ["TERMBASE_BUSY_TIMEOUT"] = "120"
    runner = CliRunner()
    done = Done(worker)
    here = Path(folder)
    end = time.monotonic() + seconds
    i = 0

    def run(*args: str) -> bool:
        result = runner.invoke(cli, ["--db", db, *args])
        if result.exit_code != 0:
            done.failed.append(f"{' '.join(args[:2])}: {result.output.strip()[:300]}")
        return result.exit_code == 0

    while time.monotonic() < end:
        i += 1
        name = f"thuật ngữ w{worker} số {i}"
        if run("add", name, f"term w{worker} no {i}", "--status", "suggested"):
            done.added.append(name)
        step = i % 4
        if step == 1:
            rows = [f"nhập w{worker} lần {i} mục {k}" for k in range(3)]
            csv = here / f"w{worker}-{i}.csv"
            csv.write_text(
                "vi,en\n" + "".join(f"{r},import w{worker} {i} {k}\n" for k, r in enumerate(rows)),
                encoding="utf-8",
            )
            if run("import", str(csv)):
                done.imported += rows
        elif step == 2 and done.added:
            target = done.added[-1]
            if run("approve", target, target.replace("thuật ngữ", "term").replace(" số ", " no ")):
                done.approved.append(target)
        elif step == 3 and len(done.added) > 1:
            target = done.added[-2]
            english = target.replace("thuật ngữ", "term").replace(" số ", " no ")
            if target not in done.approved and run("reject", target, english):
                done.rejected.append(target)
        else:
            pairs = [f"câu w{worker} lần {i} số {k}" for k in range(2)]
            vi, en = here / f"w{worker}-{i}.vi", here / f"w{worker}-{i}.en"
            vi.write_text("".join(p + "\n" for p in pairs), encoding="utf-8")
            en.write_text("".join(f"sentence w{worker} {i} {k}\n" for k in range(2)), "utf-8")
            if run("tm", "import", "--vi", str(vi), "--en", str(en)):
                done.tm_pairs += pairs
    return done


def _work(args: tuple[str, int, float, str]) -> Done:
    return work(*args)


def run_writers(db: str, writers: int, seconds: float, folder: Path) -> list[Done]:
    """``writers`` processes writing to ``db`` at once for ``seconds``."""
    context = multiprocessing.get_context("fork")
    with context.Pool(writers) as pool:
        return pool.map(_work, [(db, w, seconds, str(folder)) for w in range(writers)])


def verify(db: str, dones: list[Done]) -> list[str]:
    """What is wrong with the termbase after the writers: an empty list when all is there once."""
    from termbase.cli import cli

    runner = CliRunner()
    exported = runner.invoke(cli, ["--db", db, "export", "--format", "json", "-o", "-"])
    concepts = json.loads(exported.stdout)["concepts"]
    vi_count: dict[str, int] = {}
    status: dict[str, dict[str, str]] = {}
    for concept in concepts:
        terms = concept["terms"]
        for term in terms:
            if term["lang"] == "vi":
                vi_count[term["text"]] = vi_count.get(term["text"], 0) + 1
                status[term["text"]] = {t["text"]: t["status"] for t in terms if t["lang"] == "en"}
    problems: list[str] = []
    for done in dones:
        for name in done.added + done.imported:
            if vi_count.get(name) != 1:
                problems.append(f"{name!r} stored {vi_count.get(name, 0)} times")
        for name in done.approved:
            english = name.replace("thuật ngữ", "term").replace(" số ", " no ")
            if status.get(name, {}).get(english) != "approved":
                problems.append(f"{name!r}: approval lost")
        for name in done.rejected:
            english = name.replace("thuật ngữ", "term").replace(" số ", " no ")
            if status.get(name, {}).get(english) != "rejected":
                problems.append(f"{name!r}: rejection lost")
    expected_concepts = sum(len(d.added) + len(d.imported) for d in dones)
    if len(concepts) != expected_concepts:
        problems.append(f"{len(concepts)} concepts, {expected_concepts} written")
    tm = runner.invoke(cli, ["--db", db, "tm", "export", "--format", "tsv", "-o", "-"]).stdout
    stored = [line.split("\t")[0] for line in tm.splitlines()[1:]]
    expected = sorted(p for d in dones for p in d.tm_pairs)
    if sorted(stored) != expected:
        problems.append(f"{len(stored)} memory units, {len(expected)} imported")
    return problems
