"""Terms seen once in a small text: what the shipped lists say makes them terms (issue 12).

Each text is made up for the test.  ``termbase mine`` runs through the command line
and the Vietnamese terms are read back from its JSON, best first.
"""

import json
from pathlib import Path

from conftest import Run
from termbase.mining.compounds import compound_rule
from termbase.mining.syllables import key_of
from termbase.mining.weights import WEIGHTS
from termbase.mining.wordlists import dictionary_term_keys, known_term_keys, specialised_keys

FILLER = (
    "Người dân trong làng sống bằng nghề chài lưới.\n"
    "Người dân trong làng bán cá ở chợ mỗi sáng.\n"
    "Sáng nay trời mưa nhẹ.\n"
)


def key(text: str) -> str:
    return " ".join(key_of(p) for p in text.split())


def mined(run: Run, db_path: Path, text: str) -> list[str]:
    """The Vietnamese terms ``termbase mine`` keeps from ``text``, best first, by key."""
    result = run("mine", "-", "--db", str(db_path), "--json", "--no-suggest", stdin=text)
    concepts = json.loads(result.stdout)["concepts"]
    return [key(t["text"]) for c in concepts for t in c["terms"] if t["lang"] == "vi"]


def test_dictionary_nouns_are_those_whose_english_is_specialised() -> None:
    found = dictionary_term_keys(WEIGHTS.specialised_zipf)
    assert key("bọt biển") in found  # sponge
    assert key("thiên nga") in found  # swan
    assert key("câu chuyện") not in found  # story: an everyday word
    assert key("ngư nghiệp") not in found  # the core lexicon's: it decides
    assert key("ngư nghiệp") in known_term_keys(WEIGHTS.specialised_zipf)
    assert key("san hô") not in found  # coral: a core-lexicon word, so the core decides
    assert key("san hô") in known_term_keys(WEIGHTS.specialised_zipf)


def test_a_dictionary_noun_seen_once_inside_a_longer_run_is_mined(run: Run, db_path: Path) -> None:
    text = "Các thợ lặn vớt bọt biển khô dưới vịnh.\n" + FILLER
    assert key("bọt biển") in mined(run, db_path, text)


def test_a_place_seen_once_inside_a_longer_run_is_mined(run: Run, db_path: Path) -> None:
    text = "Con tàu băng qua Thái Bình Dương mênh mông trong ba tuần.\n" + FILLER
    assert key("Thái Bình Dương") in mined(run, db_path, text)


def test_a_compound_ending_in_a_specialised_noun_is_mined_when_seen_once(
    run: Run, db_path: Path
) -> None:
    # "vụ án hiếp dâm" (rape case) is in no word list: a case noun and a core term.
    text = "Cảnh sát đang điều tra vụ án hiếp dâm xảy ra tuần trước.\n" + FILLER
    assert key("vụ án hiếp dâm") in mined(run, db_path, text)


def test_a_compound_is_a_head_noun_then_nouns_or_adjectives() -> None:
    compound = compound_rule(WEIGHTS.specialised_zipf)
    # "thiên nga" (swan) is a dictionary term, "nô lệ" (slave) and "hiếp dâm" (rape)
    # core-lexicon ones: either kind can end a compound.
    assert key("thiên nga") in dictionary_term_keys(WEIGHTS.specialised_zipf)
    assert key("nô lệ") in specialised_keys(WEIGHTS.specialised_zipf)
    assert key("hiếp dâm") in specialised_keys(WEIGHTS.specialised_zipf)
    assert compound(key("đàn thiên nga"))  # flock + swan
    assert compound(key("chế độ nô lệ"))  # regime + slave: slavery
    assert compound(key("vụ án hiếp dâm"))  # case + rape
    assert compound(key("rặng san hô"))  # reef + coral
    assert not compound(key("nô lệ"))  # the noun alone is the lexicon's own term
    assert not compound(key("chế độ nô lệ tàn bạo"))  # ends in no specialised noun
    assert not compound(key("người xem nô lệ"))  # a verb inside: a clause
    assert not compound(key("thế giới thay đổi nô lệ"))  # four words, a verb
    assert not compound(key("người khác nô lệ"))  # a general word inside
