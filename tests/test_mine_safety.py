"""Mining loses nothing silently (issue 10): footer cues, word counts, duplicates, Ctrl-C."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from conftest import Run, db_connect, shared_path
from termbase.mining import pipeline
from termbase.mining.clean import RepeatedLines, clean_page
from termbase.mining.pipeline import MineOptions, mine_paths
from termbase.store import open_db
from termbase.text.documents import iter_documents

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"

# Sentences of running prose, each a line (as in a parallel corpus or a plain-text article).
PROSE = [
    "Bộ Quốc phòng Nhật Bản công bố kế hoạch tăng cường hệ thống phòng thủ tên lửa trước"
    " những diễn biến an ninh phức tạp trong khu vực.",
    "Theo kế hoạch, hệ thống phòng thủ tên lửa mới sẽ được triển khai tại ba căn cứ và"
    " hoàn thành trước năm 2027.",
    "Giới chuyên gia cho rằng hệ thống phòng thủ tên lửa này sẽ giúp Nhật Bản đối phó"
    " với các mối đe dọa mới.",
    "Chính phủ Nhật Bản cũng dự kiến tăng ngân sách quốc phòng trong năm tài khóa tới"
    " để mua thêm máy bay tuần tra.",
    "Các nước láng giềng theo dõi sát kế hoạch này và kêu gọi đối thoại về an ninh khu"
    " vực trong thời gian tới.",
    "Bộ trưởng Quốc phòng Nhật Bản sẽ trình bày chi tiết kế hoạch trước Quốc hội vào"
    " cuối tháng này.",
]


def kept_lines(lines: list[str]) -> list[int]:
    return [span.line for span in clean_page(lines).kept]


# -- 1. a footer cue ends the article only when page furniture follows ------------------


def test_a_cue_followed_by_running_prose_does_not_end_the_article() -> None:
    lines = [*PROSE[:2], "Đọc thêm", *PROSE[2:]]
    page = clean_page(lines)
    assert [span.line for span in page.kept] == [1, 2, 4, 5, 6, 7]
    assert [(c.line, c.reason) for c in page.cuts] == [
        (3, "footer cue 'Đọc thêm', not the article's end: running prose follows")
    ]


def test_a_source_line_inside_running_prose_is_cut_alone() -> None:
    lines = [*PROSE[:3], "(Theo TTXVN)", *PROSE[3:], "Tin liên quan", "Giá vàng hôm nay"]
    page = clean_page(lines)
    assert [span.line for span in page.kept] == [1, 2, 3, 5, 6, 7]
    assert [c.reason for c in page.cuts] == [
        "source line '(Theo TTXVN)', not the article's end: running prose follows",
        "after the article's end (footer cue 'Tin liên quan', line 8)",
        "after the article's end (footer cue 'Tin liên quan', line 8)",
    ]


def test_a_link_list_with_teasers_after_a_cue_is_still_cut() -> None:
    # As on the seed pages: each link is a headline printed twice, then a one-sentence
    # teaser; a teaser repeated does not make running prose.
    teaser = PROSE[3]
    footer = [
        "Đọc thêm",
        "Giá vàng hôm nay tăng mạnh trên thị trường trong nước",
        "Giá vàng hôm nay tăng mạnh trên thị trường trong nước",
        PROSE[4],
        "Xổ số miền Bắc hôm nay kết quả chi tiết từng giải",
        "Xổ số miền Bắc hôm nay kết quả chi tiết từng giải",
        PROSE[5],
        teaser,
        teaser,
        teaser,
    ]
    lines = [*PROSE[:3], *footer]
    page = clean_page(lines)
    assert kept_lines(lines) == [1, 2, 3]
    assert {c.reason for c in page.cuts if c.line > 4} == {
        "after the article's end (footer cue 'Đọc thêm', line 4)"
    }


def test_the_seed_pages_marked_furniture_is_still_cut() -> None:
    """eval/seed_boilerplate.tsv, marked by hand: none of it is kept, all of it is cut."""
    marked: dict[str, set[int]] = {}
    rows = (ROOT / "eval" / "seed_boilerplate.tsv").read_text(encoding="utf-8").splitlines()
    for row in rows:
        if row.startswith("#") or row.startswith("file\t"):
            continue
        name, first, last = row.split("\t")
        marked.setdefault(name, set()).update(range(int(first), int(last) + 1))
    docs = list(iter_documents([ROOT / "seeds"]))
    repeated = RepeatedLines()
    for doc in docs:
        repeated.add(doc.lines, doc.digest)
    assert {Path(doc.name).name for doc in docs} == set(marked)
    for doc in docs:
        page = clean_page(doc.lines, repeated)
        furniture = {n for n in marked[Path(doc.name).name] if doc.lines[n - 1].strip()}
        assert furniture <= {cut.line for cut in page.cuts}, doc.name
        assert not furniture & {span.line for span in page.kept}, doc.name


def test_ntrex_with_a_stray_cue_is_mined_whole(run: Run, tmp_path: Path) -> None:
    """The case of issue 10: 400 NTREX lines, "Đọc thêm" at line 6 (37 candidates, not 2,592)."""
    source = shared_path("data", "parallel", "ntrex128", "newstest2019-ref.vie.txt")
    lines = source.read_bytes().split(b"\r\n")[:400]
    plain = tmp_path / "plain.txt"
    plain.write_bytes(b"\r\n".join(lines))
    cued = tmp_path / "cued.txt"
    cued.write_bytes(b"\r\n".join([*lines[:5], "Đọc thêm".encode(), *lines[5:]]))
    explained = run("mine", "--explain-boilerplate", str(cued)).stdout
    assert "after the article's end" not in explained
    assert "not the article's end: running prose follows" in explained
    with closing(open_db(tmp_path / "cued.db")) as tb:
        with_cue = mine_paths(tb, [str(cued)], suggest=False)
    with closing(open_db(tmp_path / "plain.db")) as tb:
        without = mine_paths(tb, [str(plain)], suggest=False)
    assert with_cue.candidates == without.candidates > 2000
    assert with_cue.words_mined == without.words_mined


# -- 2. the summary reports words read, cut and mined -----------------------------------


def test_words_read_cut_and_mined(run: Run, tmp_path: Path) -> None:
    footer = ["Tin liên quan", "Giá vàng hôm nay tăng mạnh", "Xổ số miền Bắc hôm nay"]
    page = tmp_path / "page.txt"
    page.write_text("\n".join([*PROSE, *footer]) + "\n", encoding="utf-8")
    mined = sum(len(line.split()) for line in PROSE)
    cut = sum(len(line.split()) for line in footer)
    with closing(open_db(tmp_path / "lib.db")) as tb:
        report = mine_paths(tb, [str(page)], suggest=False)
    assert (report.words, report.words_cut, report.words_mined) == (mined + cut, cut, mined)
    out = run("mine", str(page), "--no-suggest").stdout
    assert out.startswith(
        f"Mined 1 document ({mined + cut} words read, {cut} cut as page furniture, {mined} mined): "
    )


def test_word_counts_are_the_same_with_several_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for k in range(3):
        lines = [*PROSE[k:], f"Tin liên quan {k}", "Giá vàng hôm nay tăng mạnh"]
        (folder / f"{k}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "MIN_WORDS_PER_JOB", 1)
    counts = []
    for jobs in (1, 2):
        with closing(open_db(tmp_path / f"jobs{jobs}.db")) as tb:
            report = mine_paths(tb, [str(folder)], MineOptions(), jobs=jobs, suggest=False)
        counts.append((report.words, report.words_cut, report.words_mined))
    assert counts[0] == counts[1]
    assert counts[0][1] > 0


# -- 3. the same content under another name is mined once -------------------------------

TERM = "hệ thống phòng thủ tên lửa"  # three times in PROSE


def frequency(db: Path, term: str = TERM) -> int:
    with closing(open_db(db)) as tb:
        ids = tb.concept_ids(["candidate"], lang="vi")
        for concept in tb.load_concepts(ids, contexts=0):
            if any(t.text == term for t in concept.terms):
                return tb.counted_frequency(concept.id or 0)[0]
    return 0


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_copy_under_another_name_is_not_counted_twice(
    run: Run, tmp_path: Path, db_path: Path
) -> None:
    original = write(tmp_path / "a.txt", PROSE[:3])
    run("mine", str(original), "--no-suggest")
    assert frequency(db_path) == 3
    copy = tmp_path / "copy of a.txt"
    shutil.copy(original, copy)
    out = run("mine", str(copy), "--no-suggest").stdout
    assert frequency(db_path) == 3
    assert "; 1 duplicate of an already mined document, skipped" in out.splitlines()[0]


@pytest.mark.parametrize("twice", ["same file", "copy"])
def test_the_same_content_twice_in_one_run_is_mined_once(
    twice: str, run: Run, tmp_path: Path, db_path: Path
) -> None:
    original = write(tmp_path / "a.txt", PROSE[:3])
    other = original
    if twice == "copy":
        other = tmp_path / "b.txt"
        shutil.copy(original, other)
    out = run("mine", str(original), str(other), "--no-suggest").stdout
    assert out.startswith("Mined 1 document (")
    assert "; 1 duplicate of an already mined document, skipped" in out.splitlines()[0]
    assert frequency(db_path) == 3


def test_a_document_changed_into_a_copy_gives_up_its_earlier_counts(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", PROSE[:3])
    b = write(tmp_path / "b.txt", PROSE[3:])
    db = tmp_path / "tb.db"
    with closing(open_db(db)) as tb:
        mine_paths(tb, [str(a), str(b)], suggest=False)
    other = "máy bay tuần tra"  # only in b's first content
    assert frequency(db, other) == 1
    shutil.copy(a, b)
    with closing(open_db(db)) as tb:
        report = mine_paths(tb, [str(b)], suggest=False)
    assert (report.mined, report.duplicates, report.replaced) == (0, 1, 1)
    assert frequency(db, other) == 0
    assert frequency(db) == 3


@pytest.mark.parametrize("order", ["new name first", "old name first"])
def test_content_moved_to_another_name_in_one_run_is_mined(order: str, tmp_path: Path) -> None:
    """a.txt mined; then its text moves to b.txt and a.txt gets other text: b is no copy."""
    a = write(tmp_path / "a.txt", PROSE[:3])
    db = tmp_path / "tb.db"
    with closing(open_db(db)) as tb:
        mine_paths(tb, [str(a)], suggest=False)
    shutil.copy(a, tmp_path / "b.txt")
    write(a, PROSE[3:])
    names = [str(tmp_path / "b.txt"), str(a)]
    with closing(open_db(db)) as tb:
        report = mine_paths(tb, names if order == "new name first" else names[::-1], suggest=False)
    assert (report.mined, report.duplicates) == (2, 0)
    assert frequency(db) == 3


# -- 4. Ctrl-C during mine --jobs 2: one line, exit 130, nothing written ----------------


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # ended meanwhile
        # the fields after the command name, which is in parentheses: state, parent, …
        if int(text[text.rindex(")") + 2 :].split()[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(
    os.name != "posix" or not Path("/proc/self/stat").exists(),
    reason="needs POSIX signals and /proc to see the worker processes",
)
def test_ctrl_c_while_mining_with_two_processes(tmp_path: Path) -> None:
    # Enough text for two processes (pipeline.MIN_WORDS_PER_JOB) and for seconds of work.
    words = " ".join(PROSE).replace(",", "").replace(".", "").split()
    rng = random.Random(7)
    folder = tmp_path / "texts"
    folder.mkdir()
    for k in range(8):
        lines = [" ".join(rng.choices(words, k=20)) + "." for _ in range(1000)]
        (folder / f"{k}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "mined.db"
    command = [sys.executable, "-m", "termbase", "--db", str(db), "mine", "--jobs", "2"]
    # Its own process group, as a shell runs a command: Ctrl-C signals the whole group.
    proc = subprocess.Popen(
        [*command, "--no-suggest", str(folder)],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        while proc.poll() is None and not children(proc.pid):
            time.sleep(0.01)
        if proc.poll() is not None:
            pytest.fail(f"mine ended before a worker started: {proc.communicate()}")
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert (proc.returncode, out, err) == (130, "", "Interrupted: nothing was written.\n")
    with db_connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone() == (0,)
        assert conn.execute("SELECT COUNT(*) FROM concepts").fetchone() == (0,)
