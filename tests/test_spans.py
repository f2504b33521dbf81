"""Where candidate spans begin and end (issue 12, item 2): whole words, no clause, no furniture.

Every example mines a short synthetic text through the library entry point the
CLI calls (``mine_documents``, or ``mine_paths`` into a termbase).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import Result

from conftest import db_connect
from termbase.data.cues import CONNECTORS, FUNCTION_WORDS
from termbase.data.vietnamese import lexicon_words
from termbase.mining.pipeline import MineOptions, mine_documents, mine_paths
from termbase.mining.syllables import bonds, key_of
from termbase.store import open_db
from termbase.text.documents import document_from_text


def vi_terms(*texts: str) -> dict[str, list[str]]:
    """Each mined Vietnamese term with the other terms of its concept."""
    docs = [document_from_text(t, f"d{i}.txt") for i, t in enumerate(texts)]
    result = mine_documents(docs, MineOptions(keep=5000))
    return {
        t.text: [o.text for o in c.terms if o is not t]
        for c in result.concepts
        for t in c.terms
        if t.lang == "vi"
    }


def test_a_candidate_never_ends_inside_a_word_cut_by_a_function_word() -> None:
    text = (
        "Hiệp ước là ràng buộc pháp lý duy nhất còn lại. "
        "Đây là ràng buộc pháp lý duy nhất giữa hai nước."
    )
    found = vi_terms(text)
    assert "ràng buộc pháp lý" in found
    assert not [t for t in found if t.endswith(" duy")]


def _crossing_words() -> list[str]:
    """Dictionary words of two syllables with a function word or connector at one edge."""
    breaks = {key_of(w) for w in FUNCTION_WORDS | CONNECTORS}
    out = []
    for word in lexicon_words():
        keys = [key_of(p) for p in word.split()]
        if len(keys) != 2 or (keys[0] in breaks) == (keys[1] in breaks):
            continue
        out.append(word)
    return sorted(out)


# Frames around a word: content nouns whose edges make no word with what they touch.
LEFT = ("hội đồng", "chính phủ", "ngân hàng", "tòa án")
RIGHT = ("kinh tế", "quốc gia", "thành phố", "biên giới")


def test_no_candidate_cuts_a_dictionary_word_of_the_shipped_list() -> None:
    """For every two-syllable word of the shipped list with a function word at one edge
    (where a run can end inside it), in a sentence of content words around it: no
    candidate counted in that sentence starts or ends inside the word."""
    bond = bonds()
    texts, spans = [], []
    for word in _crossing_words():
        first, last = key_of(word.split()[0]), key_of(word.split()[-1])
        left = next((w for w in LEFT if f"{key_of(w.split()[-1])} {first}" not in bond), None)
        right = next((w for w in RIGHT if f"{last} {key_of(w.split()[0])}" not in bond), None)
        if left is None or right is None:
            continue
        texts.append(f"{left} {word} {right}.")
        spans.append((len(left) + 1, len(left) + 1 + len(word)))
    docs = [document_from_text(t, f"w{i}.txt") for i, t in enumerate(texts)]
    result = mine_documents(docs, MineOptions(keep=100_000, keep_boilerplate=True))
    cuts = []
    for concept in result.concepts:
        for term in concept.terms:
            for doc, surface in term.counts:
                if term.lang != "vi":
                    continue
                text, (a, b) = texts[doc], spans[doc]
                at = text.find(surface)
                while at >= 0:
                    end = at + len(surface)
                    if a < at < b or a < end < b:
                        cuts.append((text, surface))
                    at = text.find(surface, at + 1)
    assert len(texts) > 500
    assert not cuts, cuts[:20]


def test_a_verb_after_a_name_does_not_end_it() -> None:
    text = (
        "Cuộc họp của Tổ chức An ninh và Hợp tác ở châu Âu diễn ra tại Vienna. "
        "Bộ Ngoại giao Mỹ khẳng định lập trường. Bộ Ngoại giao Mỹ khẳng định lại. "
        "Tổ chức An ninh và Hợp tác ở châu Âu diễn ra hằng năm."
    )
    found = vi_terms(text)
    assert "Tổ chức An ninh và Hợp tác ở châu Âu" in found
    assert "Bộ Ngoại giao Mỹ" in found
    assert not [t for t in found if t.endswith(" diễn") or "Mỹ khẳng định" in t]


def test_a_verb_before_a_name_does_not_start_it() -> None:
    found = vi_terms("Ông là thành viên thuộc Đảng Cộng hòa. Bà thuộc Đảng Cộng hòa từ lâu.")
    assert "Đảng Cộng hòa" in found
    assert not [t for t in found if "thuộc Đảng" in t]


def test_a_noun_before_a_demonstrative_does_not_end_a_title() -> None:
    found = vi_terms(
        "Thứ trưởng Ngoại giao nước này nói. Thứ trưởng Ngoại giao nước này cho biết thêm."
    )
    assert "Thứ trưởng Ngoại giao" in found
    assert "Thứ trưởng Ngoại giao nước" not in found


def test_a_noun_before_a_demonstrative_after_a_lower_case_title_or_body_is_cut() -> None:
    found = vi_terms(
        "Thứ trưởng ngoại giao nước này nói. Thứ trưởng ngoại giao nước này cho biết thêm.",
        "Chính phủ nước này phản đối. Quân đội nước này và chính phủ nước này im lặng.",
    )
    assert "Thứ trưởng ngoại giao" in found
    assert not [t for t in found if t.endswith(" nước")]


def test_a_hyphenated_pair_of_countries_is_one_modifier() -> None:
    found = vi_terms(
        "Quan hệ Mỹ - Nga xấu đi. Đàm phán Mỹ - Nga tiếp tục. Quan hệ Nga-Mỹ căng thẳng.",
        "Đàm phán Mỹ – Nga kéo dài.",
    )
    assert {"Đàm phán Mỹ-Nga", "Quan hệ Nga-Mỹ"} <= set(found)
    assert not [t for t in found if t in ("Quan hệ Mỹ", "Đàm phán Mỹ", "Nga")]


def test_an_abbreviation_with_a_dot_is_read_as_its_words() -> None:
    found = vi_terms("TT. Trump nói với báo chí. TT. Trump gặp lãnh đạo TP. Hồ Chí Minh.")
    assert not {"TT", "TP", "TT. Trump"} & set(found)
    assert "Thành phố Hồ Chí Minh" in found


def test_the_pronoun_ai_is_not_the_acronym_ai() -> None:
    text = (
        "Không ai biết điều đó. Ai cũng muốn thắng. Người ta hỏi ai sẽ đi. "
        "Công nghệ AI phát triển nhanh. Các hệ thống AI mới."
    )
    result = mine_documents([document_from_text(text, "t.txt")], MineOptions(keep=500))
    acronym = [t for c in result.concepts for t in c.terms if t.text == "AI"]
    assert len(acronym) == 1
    assert {surface for _, surface in acronym[0].counts} == {"AI"}


def test_a_bracketed_acronym_joins_only_a_term_its_letters_fit() -> None:
    found = vi_terms(
        "Quốc hội (DCCC) họp hôm qua. Quốc hội (DCCC) bỏ phiếu. "
        "Mỹ rút khỏi Hiệp ước các lực lượng hạt nhân tầm trung (INF) năm 2019."
    )
    assert "DCCC" not in found.get("Quốc hội", [])
    assert "INF" in found["Hiệp ước các lực lượng hạt nhân tầm trung"]


def test_mining_adds_to_an_approved_concept_only_evidence_and_suggestions(
    tmp_path: Path, run: object
) -> None:
    invoke = run
    assert callable(invoke)
    result: Result = invoke("add", "Quốc hội", "National Assembly")
    assert result.exit_code == 0
    db = tmp_path / "termbase.db"
    page = tmp_path / "a.txt"
    page.write_text(
        "Quốc hội (QH) họp hôm qua. Quốc hội (QH) bỏ phiếu thông qua luật mới.",
        encoding="utf-8",
    )
    tb = open_db(db)
    mine_paths(tb, [str(page)], suggest=False)
    tb.close()
    rows = db_connect(db).execute(
        "SELECT t.lang, t.text, t.status FROM terms t WHERE t.concept_id ="
        " (SELECT concept_id FROM terms WHERE text = 'Quốc hội')"
    )
    statuses = {(lang, text): status for lang, text, status in rows}
    assert statuses[("vi", "Quốc hội")] == "approved"
    assert statuses[("en", "National Assembly")] == "approved"
    assert statuses.get(("vi", "QH")) == "suggested"
    assert "candidate" not in statuses.values()


def test_a_capital_letter_of_a_word_is_part_of_the_name() -> None:
    # "Y" of "Y tế" (health), "Á" (Asia), "Ả" of "Ả Rập" (Arab), "Ý" (Italy) are syllables,
    # not initials: the names that hold them are mined whole.
    found = vi_terms(
        "Bộ Y tế cho biết Tổ chức Y tế Thế giới đã cảnh báo các nước châu Á.",
        "Ả Rập Xê Út và Ý ủng hộ đề xuất của Bộ Y tế và Tổ chức Y tế Thế giới.",
    )
    for name in ("Bộ Y tế", "Tổ chức Y tế Thế giới", "châu Á", "Ả Rập Xê Út"):
        assert name in found, sorted(found)
    assert not [t for t in found if t.endswith(" Bộ") or t.startswith(("tế ", "Rập "))]


def test_a_capital_letter_alone_is_still_an_initial() -> None:
    found = vi_terms(
        "Nhóm chuyên gia đề xuất phương án A cho vitamin A.",
        "Phương án A được chọn thay cho phương án B.",
    )
    assert not [t for t in found if t.endswith((" A", " B")) or t in ("A", "B")]


def test_a_function_word_inside_a_core_noun_or_another_spelling_is_content() -> None:
    # "bị" and "thế" are function words, but syllables of "bị đơn" (defendant) and "thế
    # chiến" (world war) in the core lexicon; "tỉ lệ" is "tỷ lệ" spelt with "i".
    found = vi_terms(
        "Luật sư của bị đơn nói rằng bị đơn vô tội.",
        "Sau thế chiến, tỉ lệ thất nghiệp tăng mạnh. Tỉ lệ thất nghiệp vẫn cao.",
    )
    for term in ("bị đơn", "tỉ lệ thất nghiệp"):
        assert term in found or term.capitalize() in found, sorted(found)
    assert "thế chiến" in found or any("thế chiến" in t.lower() for t in found), sorted(found)


def test_a_number_after_an_ordinal_word_is_not_cut_off_nor_a_term_of_its_own() -> None:
    docs = [
        document_from_text(
            "Kỳ họp thứ năm của Quốc hội khóa XV khai mạc. "
            "Các đại biểu Quốc hội khóa XV thảo luận. Quốc hội khóa XV thông qua luật.",
            "a.txt",
        )
    ]
    order = [
        t.text
        for c in mine_documents(docs, MineOptions(keep=500)).concepts
        for t in c.terms
        if t.lang == "vi"
    ]
    assert "Quốc hội khóa XV" in order
    # "khóa" (term of office) and "thứ" (-th) take a number: without it, a cut span.
    if "Quốc hội khóa" in order:
        assert order.index("Quốc hội khóa XV") < order.index("Quốc hội khóa")
    assert "XV" not in order  # a Roman numeral, not an acronym


def test_a_name_starting_with_a_function_word_keeps_its_number() -> None:
    # "Thế" is a function word out of context and a syllable of "Thế Chiến" (world war):
    # inside the run it is one, so the name takes its number as "Quốc hội khóa XV" does.
    found = vi_terms(
        "Sau Thế Chiến thứ II, châu Âu được tái thiết.",
        "Thế Chiến thứ II kết thúc năm 1945.",
    )
    assert "Thế Chiến thứ II" in found, sorted(found)
