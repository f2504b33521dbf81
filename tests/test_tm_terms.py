"""The translation memory as a suggestion source: alignment through the index, evidence, mining."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import db_connect
from termbase.errors import InputError
from termbase.models import Concept, Term
from termbase.store import Termbase, open_db
from termbase.suggest.engine import suggest_concepts
from termbase.suggest.sources import Candidate
from termbase.suggest.sources.memory import Aligned, ExamplePair, MemorySource, evidence, shorten
from termbase.tm.importer import import_units
from termbase.tm.mine import mine_memory, mine_parallel
from termbase.tm.segments import markup_from_text
from termbase.tm.terms import MemoryOptions, PairsMemory, StoredMemory, open_memory
from termbase.tm.units import ImportReport, TmUnit

# "quốc hội" = parliament (4 pairs), "thủ tướng" = prime minister (5 pairs), "ngân sách" =
# budget (4 pairs); the other words vary, so each term's English is what its pairs share.
CORPUS = [
    ("Quốc hội họp phiên đầu tiên hôm nay.", "The parliament held its first session today."),
    (
        "Thủ tướng phát biểu trước quốc hội về kinh tế.",
        "The prime minister spoke to parliament about the economy.",
    ),
    ("Quốc hội thông qua ngân sách năm tới.", "Parliament passed next year's budget."),
    (
        "Thủ tướng bảo vệ ngân sách mới trước báo chí.",
        "The prime minister defended the new budget before the press.",
    ),
    ("Thủ tướng đi Paris vào thứ Hai.", "The prime minister went to Paris on Monday."),
    (
        "Ngân sách thiếu hụt lớn trong quý ba.",
        "The budget shows a large deficit in the third quarter.",
    ),
    ("Trời mưa to ở Hà Nội suốt đêm.", "It rained hard in Hanoi all night."),
    ("Giá xăng tăng mạnh hôm nay.", "Petrol prices rose sharply today."),
    ("Quốc hội bầu chủ tịch mới.", "Parliament elected a new speaker."),
    ("Thủ tướng gặp các bộ trưởng tài chính.", "The prime minister met the finance ministers."),
    ("Ngân sách quốc phòng tăng gấp đôi.", "The defence budget doubled."),
    (
        "Các nhà báo chờ thủ tướng ở sân bay.",
        "Journalists waited for the prime minister at the airport.",
    ),
]
SRC = Path(__file__).resolve().parents[1] / "src"
RIGHT = {"quốc hội": "parliament", "thủ tướng": "prime minister", "ngân sách": "budget"}


@pytest.fixture
def tb(db_path: Path) -> Iterator[Termbase]:
    base = open_db(db_path)
    base.command = "test"
    yield base
    base.close()


def fill(tb: Termbase, pairs: list[tuple[str, str]], name: str = "news.tmx") -> list[int]:
    """Import ``pairs`` as a memory file; their ids, in order."""
    units = [
        TmUnit(markup_from_text(vi), markup_from_text(en), f"line {i}")
        for i, (vi, en) in enumerate(pairs, 1)
    ]
    with tb.transaction():
        import_units(tb, units, ImportReport(name, "tmx"))
    return [r[0] for r in tb.conn.execute("SELECT id FROM tm_units ORDER BY id")]


class Counting(StoredMemory):
    """A stored memory that counts its index reads."""

    def __init__(self, tb: Termbase, options: MemoryOptions | None = None) -> None:
        super().__init__(tb, options)
        self.lookups = 0

    def _holding(self, key: str, cap: int, checked: int) -> list[int]:
        self.lookups += 1
        return super()._holding(key, cap, checked)


# -- the memory: pairs through the index, one alignment per batch --------------------


def test_each_term_gets_its_english_with_the_memory_ids(tb: Termbase) -> None:
    ids = fill(tb, CORPUS)
    memory = StoredMemory(tb)
    memory.prefetch(["Quốc Hội", "thủ tướng", "ngân sách", "Hà Nội"])
    assert memory.runs == 1
    for vi, en in RIGHT.items():
        assert memory.equivalents(vi)[0].english == en
    assert memory.equivalents("Hà Nội") == []  # seen in one pair only
    assert memory.runs == 1  # all answered from the one run
    best = memory.equivalents("thủ tướng")[0]
    assert (best.count, best.pairs) == (5, 5)
    assert best.segments == tuple(ids[i] for i in (1, 3, 4, 9, 11))
    assert best.where == "news.tmx"
    assert best.examples[0] in {ExamplePair(*CORPUS[i]) for i in (1, 3, 4, 9, 11)}


def test_a_term_not_prefetched_is_aligned_on_demand(tb: Termbase) -> None:
    fill(tb, CORPUS)
    memory = StoredMemory(tb)
    assert memory.equivalents("ngân sách")[0].english == "budget"
    assert memory.runs == 1


def test_pairs_per_term_are_capped(tb: Termbase) -> None:
    fill(tb, CORPUS)
    memory = StoredMemory(tb, MemoryOptions(pairs_per_term=3))
    (best, *_) = memory.equivalents("thủ tướng")
    assert best.pairs == 3 and best.english == "prime minister"


def test_syllables_out_of_order_do_not_hold_a_term(tb: Termbase) -> None:
    pairs = [
        ("Tướng thủ thành giỏi.", "The general defended well."),
        ("Thủ tướng đến.", "The prime minister arrived."),
        ("Tướng thủ môn.", "The goalkeeper's general."),
        ("Thủ tướng đi.", "The prime minister left."),
    ]
    ids = fill(tb, pairs)
    memory = Counting(tb)
    (best, *_) = memory.equivalents("thủ tướng")
    assert best.segments == (ids[1], ids[3]) and best.pairs == 2
    assert memory.lookups == 1


def test_attests_needs_the_words_in_a_row(tb: Termbase) -> None:
    fill(tb, CORPUS)
    memory = StoredMemory(tb)
    assert memory.attests("prime minister")
    assert memory.attests("Budget")
    assert not memory.attests("minister prime")  # both words occur, never in this order
    assert not memory.attests("banana")
    assert not memory.attests("...")


def test_no_memory_without_segment_pairs(tb: Termbase) -> None:
    assert open_memory(tb) is None
    fill(tb, CORPUS[:2])
    assert isinstance(open_memory(tb), StoredMemory)


def test_pairs_in_memory_align_like_the_stored_ones() -> None:
    memory = PairsMemory(CORPUS, "corpus.vi")
    memory.prefetch(list(RIGHT))
    assert {vi: memory.equivalents(vi)[0].english for vi in RIGHT} == RIGHT
    assert memory.equivalents("quốc hội")[0].segments == (0, 1, 2, 8)
    assert memory.equivalents("quốc hội")[0].where == "corpus.vi"
    assert memory.attests("prime minister") and not memory.attests("minister prime")


# -- the source: confidence and evidence ---------------------------------------------------


def test_source_is_tm_and_the_best_is_most_confident(tb: Termbase) -> None:
    fill(tb, CORPUS)
    candidates = [Candidate(1, (Term("vi", "ngân sách"),)), Candidate(2, (Term("vi", "đêm"),))]
    found = MemorySource(StoredMemory(tb)).suggest(candidates)
    assert found[1] == []
    top, *others = found[0]
    assert (top.text, top.source) == ("budget", "tm")
    assert all(o.confidence < top.confidence for o in others)
    assert 0.8 < top.confidence < 0.95
    # "prime" and "minister" are aligned too, as pieces of the best: not suggested.
    (minister,) = MemorySource(StoredMemory(tb)).suggest([Candidate(3, (Term("vi", "thủ tướng"),))])
    assert [s.text for s in minister] == ["prime minister"]


def test_evidence_names_counts_score_segments_and_examples() -> None:
    aligned = Aligned(
        "prime minister",
        3,
        "news.tmx",
        pairs=4,
        score=1.234,
        alignment=0.7,
        dice=0.857,
        segments=(12, 40, 41),
        examples=(
            ExamplePair("Thủ tướng phát biểu.", "The prime minister spoke."),
            ExamplePair(
                "Sáng nay, tại Hà Nội, Thủ tướng đã chủ trì một cuộc họp dài về ngân sách.",
                "This morning in Hanoi the Prime Minister chaired a long meeting on the budget.",
            ),
        ),
    )
    assert evidence("thủ tướng", aligned) == (
        "tm: linked with 'thủ tướng' in 3 of 4 segment pairs (score 1.23, Dice 0.86)"
        ": #12, #40, #41 in news.tmx;"
        " e.g. Thủ tướng phát biểu. ⇄ The prime minister spoke.;"
        " …Hà Nội, Thủ tướng đã chủ trì… ⇄ …the Prime Minister chaired…"
    )


def test_shorten_keeps_the_needle_and_whole_words() -> None:
    text = "one two three four five six seven eight nine ten eleven twelve"
    assert shorten(text, "six", 100) == text
    cut = shorten(text, "seven eight", 24)
    assert "seven eight" in cut and cut.startswith("…") and cut.endswith("…")
    assert all(w in text.split() for w in cut.strip("…").split())
    assert shorten(text, "absent", 20).startswith("one two")
    # The English of a term is one surface; a pair may hold another number of it.
    said = "Yesterday in the capital a senior senator said that the vote would be delayed"
    assert "senator" in shorten(said, "senators", 30)


# -- the engine ----------------------------------------------------------------------------


def candidate(tb: Termbase, vi: str) -> int:
    term = Term("vi", vi, status="candidate", source="mined")
    with tb.transaction():
        return tb.create_concept(Concept(terms=(term,)))


def test_the_engine_stores_tm_suggestions_with_their_evidence(tb: Termbase) -> None:
    ids = fill(tb, CORPUS)
    cids = [candidate(tb, vi) for vi in RIGHT]
    memory = Counting(tb)
    with tb.transaction():
        report = suggest_concepts(tb, cids, memory=memory)
    assert report.memory == 3
    assert memory.runs == 1 and memory.lookups == 3
    for cid, en in zip(cids, RIGHT.values(), strict=True):
        terms = [t for t in tb.load_concepts([cid])[0].terms if t.lang == "en"]
        tm = [t for t in terms if t.source == "tm"]
        assert tm and max(tm, key=lambda t: t.confidence or 0).text == en
    note = next(
        t.note
        for t in tb.load_concepts([cids[1]])[0].terms
        if t.source == "tm" and t.text == "prime minister"
    )
    assert note is not None and note.startswith(
        "tm: linked with 'thủ tướng' in 5 of 5 segment pairs ("
    )
    assert f"#{ids[1]}, #{ids[3]}" in note and "⇄" in note


def test_approved_terms_are_the_aligners_priors(tb: Termbase) -> None:
    fill(tb, CORPUS)
    seen: dict[str, Any] = {}

    class Spy(StoredMemory):
        def prefetch(self, vietnamese: Any, approved: Any = None, dictionary: Any = None) -> None:
            seen["approved"] = approved
            super().prefetch(vietnamese, approved, dictionary)

    terms = (Term("vi", "quốc hội", status="approved"), Term("en", "House", status="approved"))
    with tb.transaction():
        tb.create_concept(Concept(terms=terms))
    cid = candidate(tb, "ngân sách")
    with tb.transaction():
        suggest_concepts(tb, [cid], memory=Spy(tb))
    assert seen["approved"] == {"quốc hội": ["House"]}


# -- mining bilingual text -----------------------------------------------------------------


def english_of(db_path: Path, source: str = "tm") -> dict[str, str]:
    """Vietnamese term -> its most confident English of ``source``."""
    with db_connect(db_path) as conn:
        rows = conn.execute(
            "SELECT v.text, e.text FROM terms v JOIN terms e ON e.concept_id = v.concept_id"
            " WHERE v.lang = 'vi' AND e.lang = 'en' AND e.source = ?"
            " ORDER BY e.confidence",
            [source],
        ).fetchall()
    return {vi.casefold(): en for vi, en in rows}


def test_mine_memory_gives_the_mined_candidates_english(tb: Termbase, db_path: Path) -> None:
    fill(tb, CORPUS)
    report = mine_memory(tb)
    assert report.mine.mined == 1 and report.pairs == len(CORPUS)
    assert report.aligned >= 3
    found = english_of(db_path)
    assert {vi: found.get(vi) for vi in RIGHT} == RIGHT
    again = mine_memory(tb)
    assert (again.mine.mined, again.mine.unchanged) == (0, 1)


def test_mine_memory_is_one_transaction(tb: Termbase, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(tb, CORPUS)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("suggestions failed")

    monkeypatch.setattr("termbase.tm.mine.suggest_concepts", broken)
    with pytest.raises(RuntimeError):
        mine_memory(tb)
    assert tb.concept_ids(["candidate"], lang="vi") == []
    assert tb.document_digests() == {}


def test_mine_memory_needs_a_memory(tb: Termbase) -> None:
    with pytest.raises(InputError, match="the translation memory is empty"):
        mine_memory(tb)


def test_mine_parallel_keeps_no_pairs(tb: Termbase, tmp_path: Path, db_path: Path) -> None:
    vi, en = tmp_path / "news.vi", tmp_path / "news.en"
    vi.write_text("\n".join(v for v, _ in CORPUS) + "\n", encoding="utf-8")
    en.write_text("\r\n".join(e for _, e in CORPUS) + "\r\n", encoding="utf-8")
    report = mine_parallel(tb, vi, en)
    assert report.pairs == len(CORPUS) and report.aligned >= 3
    assert {vi: english_of(db_path).get(vi) for vi in RIGHT} == RIGHT
    assert tb.tm_size() == 0
    en.write_text("one line\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"has 12 lines but .* has 1"):
        mine_parallel(tb, vi, en)


# -- the commands --------------------------------------------------------------------------


def termbase(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess, on this tree's code."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-m", "termbase", *args], capture_output=True, text=True, env=env
    )
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def write_parallel(tmp_path: Path, pairs: list[tuple[str, str]]) -> tuple[Path, Path]:
    vi, en = tmp_path / "news.vi", tmp_path / "news.en"
    vi.write_text("\n".join(v for v, _ in pairs) + "\n", encoding="utf-8")
    en.write_text("\n".join(e for _, e in pairs) + "\n", encoding="utf-8")
    return vi, en


def test_mine_from_tm_end_to_end(tmp_path: Path, db_path: Path) -> None:
    vi, en = write_parallel(tmp_path, CORPUS)
    termbase("tm", "import", "--vi", str(vi), "--en", str(en))
    done = termbase("mine", "--from-tm", "--limit", "40")
    first = done.stdout.splitlines()[0]
    assert first.startswith("Mined the translation memory (12 segment pairs, ")
    assert first.endswith(" given English from the segment pairs (source tm)")
    assert "prime minister" in done.stdout and "parliament" in done.stdout
    assert {vi: english_of(db_path).get(vi) for vi in RIGHT} == RIGHT
    with db_connect(db_path) as conn:
        (note,) = conn.execute(
            "SELECT e.note FROM terms e JOIN terms v ON v.concept_id = e.concept_id"
            " WHERE v.text = 'ngân sách' AND e.source = 'tm' AND e.text = 'budget'"
        ).fetchone()
    assert note.startswith("tm: linked with 'ngân sách' in 4 of 4 segment pairs (score ")
    assert note.count(" ⇄ ") == 3 and ": #3, #4, #6, … in news.vi; e.g. " in note
    again = termbase("mine", "--from-tm")
    assert again.stdout.startswith("Mined nothing: the translation memory (12 segment pairs)")


def test_mine_vi_en_keeps_no_memory(tmp_path: Path, db_path: Path) -> None:
    vi, en = write_parallel(tmp_path, CORPUS)
    done = termbase("mine", "--vi", str(vi), "--en", str(en))
    assert done.stdout.startswith("Mined news.vi + news.en (12 segment pairs, ")
    assert {vi: english_of(db_path).get(vi) for vi in RIGHT} == RIGHT
    with db_connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM tm_units").fetchone() == (0,)


def test_bilingual_mining_usage_errors(tmp_path: Path) -> None:
    vi, en = write_parallel(tmp_path, CORPUS)
    cases = [
        (
            ["--from-tm", str(vi)],
            "--from-tm mines no PATHS; leave them out or mine them separately",
        ),
        (
            ["--from-tm", "--vi", str(vi), "--en", str(en)],
            "use either --from-tm or --vi FILE --en FILE, not both",
        ),
        (["--vi", str(vi)], "--vi and --en go together: name both files"),
        (
            ["--from-tm", "--no-memory"],
            "--from-tm takes English from bilingual text; drop --no-memory",
        ),
        ([], "name the PATHS to mine, or use --from-tm or --vi FILE --en FILE"),
    ]
    for args, message in cases:
        done = termbase("mine", *args, ok=False)
        assert done.returncode == 2 and f"Error: {message}" in done.stderr, done.stderr
    empty = termbase("mine", "--from-tm", ok=False)
    assert (empty.returncode, empty.stderr) == (
        1,
        "Error: the translation memory is empty; import segment pairs first"
        " (termbase tm import FILE, or --vi FILE --en FILE)\n",
    )


def test_suggest_and_mine_use_the_memory_unless_told(tmp_path: Path, db_path: Path) -> None:
    vi, en = write_parallel(tmp_path, CORPUS)
    termbase("tm", "import", "--vi", str(vi), "--en", str(en))
    text = tmp_path / "article.txt"
    text.write_text(
        "Ngân sách của thủ tướng.\nThủ tướng nói về ngân sách.\nNgân sách và thủ tướng.\n",
        encoding="utf-8",
    )
    termbase("mine", str(text), "--no-memory")
    assert "ngân sách" not in english_of(db_path)
    done = termbase("suggest", "ngân sách", "thủ tướng")
    assert "; 2 with English from the translation memory" in done.stdout.splitlines()[0]
    assert {vi: english_of(db_path).get(vi) for vi in ("ngân sách", "thủ tướng")} == {
        "ngân sách": "budget",
        "thủ tướng": "prime minister",
    }
    other = tmp_path / "other.txt"
    other.write_text(
        "Quốc hội họp hôm nay.\nHôm qua quốc hội nghỉ.\nChủ tịch quốc hội nói.\n", encoding="utf-8"
    )
    termbase("mine", str(other))
    assert english_of(db_path).get("quốc hội") == "parliament"
