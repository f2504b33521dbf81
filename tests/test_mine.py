"""Candidates, boundaries, variants, acronym links and re-mining."""

import multiprocessing
import unicodedata
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termbase.errors import FormatError
from termbase.mining.pipeline import (
    Candidate,
    MineOptions,
    Miner,
    classify,
    mine_documents,
    mine_paths,
    rank,
)
from termbase.mining.rank import _loose
from termbase.mining.syllables import key_of
from termbase.models import Term
from termbase.store import open_db
from termbase.text.documents import document_from_text, iter_documents

TEXT = "\n".join(
    [
        "Hội nghị về giải trừ quân bị",
        "Các chuyên gia cho biết kiểm soát vũ khí hạt nhân vẫn là vấn đề khó."
        " Việc kiểm soát vũ khí hạt nhân cần lòng tin.",
        "Mỹ đã rút khỏi Hiệp ước các lực lượng hạt nhân tầm trung (INF) năm 2019,"
        " còn Nga cũng rút khỏi Hiệp ước các lực lượng hạt nhân tầm trung.",
        "Nga và Mỹ từng gia hạn New START, hiệp ước về kiểm soát vũ khí hạt nhân cuối cùng.",
        "Cuộc họp của Tổ chức An ninh và Hợp tác ở châu Âu diễn ra tại Vienna;"
        " Tổ chức An ninh và Hợp tác ở châu Âu có 57 thành viên.",
        "Nga thử tên lửa đạn đạo xuyên lục địa, một loại tên lửa đạn đạo xuyên lục địa mới,"
        " và NATO lên tiếng.",
        "Thủy quân lục chiến Mỹ tập trận; thuỷ quân lục chiến Nhật Bản cũng tham gia.",
        "Theo họ, vấn đề này là vấn đề chung.",
        "",
    ]
)


def mined(text: str = TEXT) -> dict[str, object]:
    result = mine_documents([document_from_text(text, "t.txt")], MineOptions(keep=500))
    return {t.text: c for c in result.concepts for t in c.terms if t.lang == "vi"}


def ranked(text: str = TEXT) -> dict[str, Candidate]:
    """The candidates ``rank`` gives for ``text``, by key."""
    miner = Miner()
    miner.add(document_from_text(text))
    return {c.key: c for c in rank(miner)}


def keys(text: str = TEXT) -> set[str]:
    return set(ranked(text))


def test_tokens_are_classified() -> None:
    assert classify("NATO")[0] == classify("START-3")[0] == classify("COVID-19")[0]
    assert classify("Putin")[0] != classify("Nga")[0]
    assert classify("của")[1] == "của"
    assert classify("2019")[1] == ""


def test_foreign_names_spelled_with_vietnamese_letters_are_latin() -> None:
    # Vowels and endings Vietnamese has, in an order it does not: a foreign name.
    for name in ("Yong", "Moon", "Lee", "Ryan", "Sean", "Young", "Cindy", "Cia"):
        assert classify(name)[0] == "L", name
    # Real syllables, marked or not ("c" never comes before e, i, y: "k" does).
    for word in ("Quỳnh", "Kim", "Kon", "Kạn", "Nghệ", "Ghi", "Khuya", "Xoong", "Nguyễn", "Quýt"):
        assert classify(word)[0] == "C", word
    for word in ("lều", "trêu", "khuyên", "giường", "quyết"):
        assert classify(word)[0] == "V", word


def test_candidates_keep_terms_whole_and_never_cut_words() -> None:
    found = keys()
    assert "kiểm soát vũ khí hạt nhân" in found
    assert "hiệp ước các lực lượng hạt nhân tầm trung" in found
    assert "tổ chức an ninh và hợp tác ở châu âu" in found
    assert "tên lửa đạn đạo xuyên lục địa" in found
    # Boundaries never fall inside a lexicon word, and function words break runs.
    for fragment in ("soát vũ khí", "khí hạt nhân", "ước các lực lượng", "và mỹ", "nga và mỹ"):
        assert fragment not in found
    # A connector stays inside only a capitalised name that starts with a head.
    assert not any(k.startswith("và ") or k.endswith(" và") for k in found)


def test_latin_names_and_acronyms_are_candidates() -> None:
    found = keys()
    assert {"new START", "NATO", "INF", "vienna"} <= found


def test_variants_group_by_tone_placement_and_case() -> None:
    concepts = mined()
    concept = concepts["thuỷ quân lục chiến"]
    vi = next(t for t in concept.terms if t.lang == "vi")
    surfaces = {surface: n for (_doc, surface), n in vi.counts.items()}
    assert surfaces == {"Thủy quân lục chiến": 1, "thuỷ quân lục chiến": 1}
    assert concept.frequency == 2


def test_parenthetical_acronym_joins_its_full_form() -> None:
    concepts = mined()
    concept = concepts["INF"]
    assert concept is concepts["Hiệp ước các lực lượng hạt nhân tầm trung"]
    terms = {(t.lang, t.text, t.type, t.status, t.source) for t in concept.terms}
    assert ("vi", "INF", "acronym", "candidate", "mined") in terms
    assert ("en", "INF", "acronym", "suggested", "parenthetical") in terms
    english = next(t for t in concept.terms if t.lang == "en")
    (_doc, occ) = english.occurrences[0]
    assert (occ.line, occ.column) == (3, TEXT.splitlines()[2].index("INF") + 1)
    assert occ.context is not None and occ.context.startswith("Mỹ đã rút khỏi")


def test_occurrences_have_line_column_and_sentence() -> None:
    concept = mined()["tên lửa đạn đạo xuyên lục địa"]
    vi = concept.terms[0]
    occ = vi.occurrences[0][1]
    line = TEXT.splitlines()[occ.line - 1]
    assert line[occ.column - 1 :].startswith("tên lửa đạn đạo xuyên lục địa")
    assert occ.context == line


def test_single_occurrence_names_of_bodies_rank_above_general_words() -> None:
    miner = Miner()
    miner.add(document_from_text(TEXT))
    order = [c.key for c in rank(miner)]
    assert order.index("tổ chức an ninh và hợp tác ở châu âu") < order.index("vấn đề")


def test_remining_an_unchanged_file_does_not_double_counts(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text(TEXT, encoding="utf-8")
    tb = open_db(tmp_path / "tb.db")
    first = mine_paths(tb, [str(page)])
    assert first.mined == 1
    cid = tb.concepts_with_term("vi", "Tổ chức An ninh và Hợp tác ở châu Âu")[0]
    assert tb.counted_frequency(cid) == (2, 1)
    again = mine_paths(tb, [str(tmp_path)])
    assert (again.mined, again.unchanged) == (0, 1)
    assert tb.counted_frequency(cid) == (2, 1)
    # A changed file replaces what it gave before.
    page.write_text(TEXT.replace("; Tổ chức An ninh và Hợp tác ở châu Âu có 57 thành viên", ""))
    changed = mine_paths(tb, [str(page)])
    assert (changed.mined, changed.replaced) == (1, 1)
    assert tb.counted_frequency(cid) == (1, 1)
    occurrences = tb.conn.execute(
        "SELECT COUNT(*) FROM occurrences o JOIN terms t ON t.id = o.term_id"
        " WHERE t.concept_id = ?",
        [cid],
    ).fetchone()[0]
    assert occurrences == 1
    tb.close()


def test_a_file_keeps_its_key_through_folder_links(tmp_path: Path) -> None:
    """Keys are resolved paths, whether a folder, the file or neither is a link."""
    real = tmp_path / "real" / "sub"
    real.mkdir(parents=True)
    (real / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (real / "b.txt").symlink_to(real / "a.txt")
    keys = {doc.name: doc.key for doc in iter_documents([str(tmp_path / "link"), str(real)])}
    assert keys == {
        str(tmp_path / "link" / "sub" / "a.txt"): str((real / "a.txt").resolve()),
        str(tmp_path / "link" / "sub" / "b.txt"): str((real / "a.txt").resolve()),
        str(real / "a.txt"): str((real / "a.txt").resolve()),
        str(real / "b.txt"): str((real / "a.txt").resolve()),
    }


def test_reviewed_terms_are_not_overwritten(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text(TEXT, encoding="utf-8")
    tb = open_db(tmp_path / "tb.db")
    mine_paths(tb, [str(page)])
    rejected = tb.concepts_with_term("vi", "vấn đề")[0]
    approved = tb.concepts_with_term("vi", "kiểm soát vũ khí hạt nhân")[0]
    with tb.transaction():
        tb.update_term(tb.term_rows(rejected)[0].id, status="rejected")
        tb.update_term(tb.term_rows(approved)[0].id, status="approved")
    other = tmp_path / "b.txt"
    other.write_text(TEXT.replace("Mỹ", "Pháp"), encoding="utf-8")
    report = mine_paths(tb, [str(other)])
    assert report.left_alone >= 1
    assert tb.term_rows(rejected)[0].term.status == "rejected"
    assert tb.term_rows(approved)[0].term.status == "approved"
    assert tb.counted_frequency(approved)[1] == 2
    tb.close()


def test_undecodable_input_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "cp1258.txt"
    bad.write_bytes("kiểm soát".encode() + b" \xe0\xff\n")
    with pytest.raises(FormatError, match=r"cp1258.txt:1:14: bytes that are not valid UTF-8"):
        list(iter_documents([str(bad)]))
    skipped: list[str] = []
    good = tmp_path / "ok.txt"
    good.write_text("vũ khí hạt nhân", encoding="utf-8")
    docs = list(iter_documents([str(tmp_path)], skipped.append))
    assert [Path(d.name).name for d in docs] == ["ok.txt"]
    assert len(skipped) == 1 and "cp1258.txt" in skipped[0]


def test_utf16_with_bom_and_html_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("\ufeffHiệp ước Bầu trời mở".encode("utf-16-le"))
    (tmp_path / "b.html").write_text(
        "<html><body><nav>Trang chủ</nav><p>Hiệp ước Bầu trời mở</p>"
        "<script>var x = 'Hiệp ước giả';</script></body></html>",
        encoding="utf-8",
    )
    docs = list(iter_documents([str(tmp_path)]))
    assert [d.lines for d in docs] == [("Hiệp ước Bầu trời mở",), ("Hiệp ước Bầu trời mở",)]


def test_jobs_give_the_same_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Small inputs are mined in one process; make these two documents worth two.
    monkeypatch.setattr("termbase.mining.pipeline.MIN_WORDS_PER_JOB", 1)
    docs = [document_from_text(TEXT, "a"), document_from_text(TEXT.replace("Nga", "Pháp"), "b")]
    one = mine_documents(docs, MineOptions(keep=300))
    two = mine_documents(docs, MineOptions(keep=300), jobs=2)
    occurrences = lambda r: sorted(  # noqa: E731
        (t.text, d, o.line, o.column) for c in r.concepts for t in c.terms for d, o in t.occurrences
    )
    assert occurrences(one) == occurrences(two)
    summary = lambda r: sorted((c.terms[0].text, c.frequency) for c in r.concepts)  # noqa: E731
    assert summary(one) == summary(two)


def test_spawned_workers_are_sent_their_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A spawned worker inherits nothing: the documents (or their paths) go to it pickled.
    monkeypatch.setattr("termbase.mining.pipeline.MIN_WORDS_PER_JOB", 1)
    started: list[str] = []
    real_context = multiprocessing.get_context

    def get_context(method: str | None = None) -> Any:
        context = real_context(method)
        started.append(context.get_start_method())
        return context

    monkeypatch.setattr(multiprocessing, "get_context", get_context)
    docs = [document_from_text(TEXT, "a"), document_from_text(TEXT.replace("Nga", "Pháp"), "b")]
    one = mine_documents(docs, MineOptions(keep=300))
    two = mine_documents(docs, MineOptions(keep=300, start_method="spawn"), jobs=2)
    assert started == ["spawn"]
    assert asdict(two) == asdict(one)  # every concept, term, count, occurrence and score
    # Files beyond the text budget are read again, by the worker: their paths are sent.
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(TEXT.replace("Nga", f"Nga{i}"), encoding="utf-8")
    dbs = []
    for name, jobs in (("one", 1), ("two", 2)):
        tb = open_db(tmp_path / f"{name}.db")
        options = MineOptions(keep=300, text_budget=0, start_method="spawn")
        mine_paths(tb, [str(tmp_path)], options, jobs=jobs, suggest=False)
        dbs.append(tb)
    assert started == ["spawn", "spawn"]
    query = (
        "SELECT t.text, t.status, o.document, o.line, o.col, o.context FROM occurrences o"
        " JOIN terms t ON t.id = o.term_id ORDER BY t.text, o.document, o.line, o.col"
    )
    rows = dbs[0].conn.execute(query).fetchall()
    assert rows and rows == dbs[1].conn.execute(query).fetchall()
    for tb in dbs:
        tb.close()


def test_function_words_inside_nouns_are_content_and_pairs_break() -> None:
    found = keys(
        "Nga phản đối vũ khí không gian. Hai nước dự kiến diễn tập quân sự chung."
        " Mỹ sẽ tăng cường hỗ trợ an ninh cho đồng minh."
    )
    assert {"vũ khí không gian", "diễn tập quân sự", "hỗ trợ an ninh"} <= found
    # "dự kiến" is a two-syllable function word: it breaks the run, whole.
    assert not any("dự" in k.split() or "kiến" in k.split() for k in found)


def test_a_general_word_at_the_edge_ranks_below_the_term_it_holds() -> None:
    text = "Mỹ tăng cường hỗ trợ an ninh. Nga tăng cường hỗ trợ an ninh cho Syria."
    miner = Miner()
    miner.add(document_from_text(text))
    order = [c.key for c in rank(miner)]
    assert order.index("hỗ trợ an ninh") < order.index("tăng cường hỗ trợ an ninh")


def test_an_acronym_only_seen_inside_a_latin_name_is_not_a_candidate() -> None:
    found = keys("Hai nước gia hạn New START. Hiệp ước New START hết hạn năm 2026.")
    assert "new START" in found
    assert "START" not in found
    assert "NATO" in keys("NATO họp. Các nước NATO và EU.")


def test_files_beyond_the_text_budget_are_read_again(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(TEXT.replace("Nga", f"Nga{i}" if i else "Nga"))
    first = open_db(tmp_path / "a.db")
    mine_paths(first, [str(tmp_path)], MineOptions(keep=300))
    second = open_db(tmp_path / "b.db")
    mine_paths(second, [str(tmp_path)], MineOptions(keep=300, text_budget=0))
    query = (
        "SELECT t.text, o.line, o.col, o.context FROM occurrences o JOIN terms t"
        " ON t.id = o.term_id ORDER BY t.text, o.document, o.line, o.col"
    )
    rows = first.conn.execute(query).fetchall()
    assert rows and rows == second.conn.execute(query).fetchall()
    created = first.conn.execute("SELECT COUNT(*) FROM history WHERE field = 'concept'")
    concepts = first.conn.execute("SELECT COUNT(*) FROM concepts")
    assert created.fetchone()[0] == concepts.fetchone()[0]
    first.close()
    second.close()


def test_a_vietnamese_name_joins_the_latin_name_after_it() -> None:
    text = (
        "Các Đại biểu Quốc hội muốn đổi tên thành Nghị viện Wales."
        " Nghị viện Wales sẽ bỏ phiếu. Ông làm việc tại Đại học Michigan."
    )
    found = keys(text)
    assert {"nghị viện wales", "đại học michigan", "wales", "michigan"} <= found
    # Not from a nationality alone: "Nga | Vladimir Putin".
    assert "nga vladimir putin" not in keys("Tổng thống Nga Vladimir Putin phát biểu.")


def test_a_title_case_headline_is_not_read_as_names() -> None:
    text = "Lợn Sát Thủ Tấn Công Nông Dân Trung Quốc Tử Vong\nNông dân Trung Quốc nuôi lợn."
    shown = set(mined(text))
    assert "lợn sát thủ" in shown
    assert not any(t.startswith(("Lợn Sát", "Tấn Công", "Nông Dân")) for t in shown)


def test_suggestions_written_in_bulk_are_in_the_substring_index(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text(TEXT, encoding="utf-8")
    tb = open_db(tmp_path / "tb.db")
    assert tb.index_rebuild_pays(10)  # a fresh termbase: the suggestions rebuild the index
    mine_paths(tb, [str(page)])
    english = tb.conn.execute(
        "SELECT concept_id, fold_key FROM terms WHERE lang = 'en' AND length(fold_key) >= 3"
    ).fetchall()
    assert english
    for cid, key in english:
        assert cid in tb.contains_terms(key, "en", 1000)
    # The index's trigger is back: a term added afterwards is found too.
    with tb.transaction():
        tb.add_term(english[0][0], Term(lang="en", text="zyxwv quorum"))
    assert english[0][0] in tb.contains_terms("zyxwv", "en", 10)
    assert not tb.index_rebuild_pays(1)
    tb.close()


def _cues(text: str, key: str) -> float:
    return ranked(text)[key].features["cues"]


def test_quotes_mark_a_name_but_not_one_lower_case_word() -> None:
    quoted = "Ông ấy đã “phẫn nộ” khi nghe tin. Bà ấy cũng “phẫn nộ” vì tin đó."
    plain = quoted.replace("“", "").replace("”", "")
    # Scare quotes around one word are a quotation: no bonus.
    assert _cues(quoted, "phẫn nộ") == _cues(plain, "phẫn nộ")
    # Quotes around several words hold a name or a coined term together.
    quoted = "Họ gọi đó là “lá chắn tên lửa”. Kế hoạch “lá chắn tên lửa” bị phản đối."
    plain = quoted.replace("“", "").replace("”", "")
    assert _cues(quoted, "lá chắn tên lửa") > _cues(plain, "lá chắn tên lửa")


def test_a_capital_always_written_after_one_syllable_ends_the_name() -> None:
    text = (
        "Liên minh châu Âu họp. Các nước châu Âu đồng ý. Liên minh châu Âu ra tuyên bố.\n"
        "Bộ Quốc phòng Nga lên tiếng. Nga phản đối. Bộ Quốc phòng Nga bác bỏ. Nga rút quân.\n"
    )
    found = keys(text)
    # "Âu" never stands without "châu": "Liên minh châu" is a fragment.
    assert "liên minh châu âu" in found
    assert "liên minh châu" not in found
    # "Nga" stands alone too: the ministry without its country is a term of its own.
    assert "bộ quốc phòng" in found


def test_core_lexicon_nouns_are_not_cut() -> None:
    # "ứng viên" is not in the general dictionary; the core lexicon has it.
    text = "Ứng viên Đảng Cộng hòa phát biểu. Một ứng viên Đảng Cộng hòa khác phản đối."
    found = keys(text)
    assert "đảng cộng hoà" in found
    assert not any(k.startswith("viên ") for k in found)


def test_only_a_country_is_a_nationality_after_a_name() -> None:
    text = (
        "Tổng thống Hàn Quốc đến thăm. Trung Quốc phản đối. Tổng thống Hàn Quốc phát biểu.\n"
        "Quốc hội họp. Bộ Quốc phòng Nga lên tiếng. Bộ Quốc phòng Nga bác bỏ.\n"
    )
    found = keys(text)
    # "Quốc" is the second half of "Hàn Quốc", not a country after a title.
    assert "tổng thống hàn quốc" in found
    assert "tổng thống hàn" not in found
    # "Nga" is one: the ministry stands on its own.
    assert "bộ quốc phòng" in found


def test_a_title_before_a_persons_name_stays_a_term() -> None:
    text = "Tổng thống Nga Putin phát biểu. Tổng thống Nga Putin cảnh báo."
    # "Putin" always follows "Nga" here, but a Latin name is a person, not the title's end.
    assert "tổng thống nga" in keys(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2FFF), max_size=12))
def test_loose_form_is_lower_case_decomposed_without_tone_marks(text: str) -> None:
    # The fast path (a table of Latin letters) must agree with the definition.
    tones = str.maketrans("", "", "\u0300\u0301\u0303\u0309\u0323")
    assert _loose(text) == unicodedata.normalize("NFD", text.lower()).translate(tones)
    # Tones go, vowel marks stay: "quân" is not "quan".
    assert _loose("Thuỷ quân") == _loose("thủy quân") != _loose("thủy quan")


def test_a_persons_name_after_a_title_and_a_place_stands_apart() -> None:
    text = (
        "Chủ tịch Trung Quốc Tập Cận Bình hội đàm với Thủ tướng.\n"
        "Sau đó Chủ tịch Trung Quốc Tập Cận Bình phát biểu tại Bộ Ngoại giao.\n"
        "Bộ Ngoại giao Triều Tiên Ri Yong Ho cũng lên tiếng.\n"
    )
    found = ranked(text)
    # The title with its country is the term; the person is a name of its own.
    assert "chủ tịch trung quốc" in found and found["chủ tịch trung quốc"].kind == "term"
    assert found["tập cận bình"].kind == "name"
    assert "bộ ngoại giao triều tiên" in found
    assert not any(
        k.startswith(("chủ tịch trung quốc tập", "bộ ngoại giao triều tiên ri")) for k in found
    )
    # The longest place is the place: "Anh Quốc" is Britain, not "Anh" and a "Quốc".
    britain = keys("Hội đồng Kỹ năng Anh Quốc họp. Hội đồng Kỹ năng Anh Quốc ra báo cáo.")
    assert "hội đồng kỹ năng anh quốc" in britain
    # Occurrences are found in the runs as cut: both of the title's, with their lines.
    concepts = mined(text)
    title = next(t for t in concepts["Chủ tịch Trung Quốc"].terms if t.lang == "vi")
    assert [occ.line for _doc, occ in title.occurrences] == [1, 2]


def test_a_vietnamese_name_after_a_title_is_a_person() -> None:
    text = (
        "Thủ tướng Phạm Minh Chính phát biểu. Thủ tướng Phạm Minh Chính nhấn mạnh.\n"
        "Chủ tịch Ủy ban Nhân dân Thành phố Hồ Chí Minh họp. Thủ tướng chỉ đạo.\n"
    )
    found = ranked(text)
    assert found["phạm minh chính"].kind == "name"
    assert not any(k.startswith("thủ tướng phạm") for k in found)
    # A family name after a place word is a place's name: the body stays whole.
    body = "Chủ tịch Ủy ban Nhân dân Thành phố Hồ Chí Minh"
    assert " ".join(map(key_of, body.split())) in found
    # After "ông" or "bà" (Mr, Mrs) capitalised words are a person's name, with or without
    # a family name the list knows.
    found = ranked("Ông Tập Cận Bình nói. Theo ông Tập Cận Bình, đó là bước tiến.")
    assert found["tập cận bình"].kind == "name"
    assert "tập cận" not in found and "cận bình" not in found


def test_cannot_is_a_function_word_pair() -> None:
    text = "Không thể mở tập tin. Hệ thống không thể mở tập tin cấu hình. Chưa thể cài đặt gói."
    found = keys(text)
    assert "tập tin" in found
    assert not any(k.startswith("thể ") or k.split(" ")[-1] == "thể" for k in found)
