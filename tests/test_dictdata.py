"""The shipped dictionary data: FVDP glosses, the core lexicon, general English frequencies."""

from __future__ import annotations

from importlib import resources

import pytest

from termbase.dictdata import load_dictionary
from termbase.models import Term
from termbase.normalize import tone_key
from termbase.sources import Candidate
from termbase.sources.compose import CompositionalSource, _open_title
from termbase.sources.dictionary import DictionarySource
from termbase.sources.lexicon import Entry, Lexicon, name_case


def test_typos_in_glosses_are_mended_and_the_sense_is_quoted_as_written() -> None:
    d = load_dictionary()
    (sense,) = [s for s in d.senses[tone_key("ngoại giao")] if "piplomacy" in s.text]
    assert sense.glosses == ("diplomacy",)
    force = [g for s in d.senses[tone_key("lực lượng")] for g in s.glosses]
    assert "force" in force and "froce" not in force


def test_common_english_outranks_rare_english_among_senses() -> None:
    lexicon = Lexicon([])
    assert lexicon.commonness("sky") > lexicon.commonness("firmament")
    assert lexicon.commonness("words the table never saw: zzzq") == 1.0
    # FVDP: "bầu trời: Vault of heaven, firmament"; "sky" is learned from an example.
    options = [o.english for o in lexicon.options(tone_key("bầu trời"))]
    assert options.index("sky") < options.index("firmament")


def test_english_frequencies_ship_with_their_attribution() -> None:
    d = load_dictionary()
    assert d.zipf["treaty"] > 3 > d.zipf.get("firmament", 0)
    readme = resources.files("termbase.dictdata").joinpath("README.md").read_text("utf-8")
    assert "wordfreq" in readme and "CC BY-SA 4.0" in readme


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["foreign", "deputy minister"], ["deputy", "foreign", "minister"]),
        (["defence", "vice minister"], ["vice", "defence", "minister"]),
        (["defence", "minister"], ["defence", "minister"]),
        (["deputy minister"], ["deputy minister"]),
    ],
)
def test_title_prefix_goes_before_the_field(words: list[str], expected: list[str]) -> None:
    assert _open_title(words) == expected


def test_minister_of_a_ministry_reads_as_a_deputy_foreign_minister() -> None:
    source = CompositionalSource(Lexicon([]))
    best = source.render("Thứ trưởng Bộ Ngoại giao")[0]
    words = best.english.split()
    assert words[0] in ("Deputy", "Vice") and words[-1] == "Minister"
    assert all(part.key != "bộ" for part, _ in best.pieces)
    russian = source.render("Thứ trưởng Ngoại giao Nga")[0].english
    assert russian.startswith("Russian ") and russian.endswith(" Minister")


def test_a_capitalised_name_gets_a_capitalised_english_name() -> None:
    # The FVDP writes "United nations"; the Vietnamese name is capitalised.
    name = Candidate(1, (Term("vi", "Liên Hiệp quốc"),))
    (found,) = DictionarySource(Lexicon([])).suggest([name])
    assert found[0].text == "United Nations"
    assert name_case("hòa bình", "Peace talks") == "Peace talks"
    assert name_case("Liên minh", "European union") == "European Union"


def _entry(concept_id: int, vi: str, en: str) -> Entry:
    return Entry(concept_id, "glossary", None, None, (Term("vi", vi),), (Term("en", en),))


def test_a_preposition_inside_a_known_word_does_not_split_the_term() -> None:
    lexicon = Lexicon([_entry(1, "giữa nhiệm kỳ", "midterm"), _entry(2, "bầu cử", "election")])
    source = CompositionalSource(lexicon)
    assert source.render("bầu cử giữa nhiệm kỳ")[0].english == "midterm election"
    # Elsewhere "giữa" still joins two parts as "between".
    assert "between" in source.render("bầu cử giữa Nga và Mỹ")[0].english.split()


def test_a_body_before_a_name_is_not_a_title_before_a_person() -> None:
    source = CompositionalSource(Lexicon([_entry(1, "chính phủ", "government")]))
    found = [r.english for r in source.render("Chính phủ Scotland")]
    assert found[:2] == ["Scotland Government", "Government of Scotland"]
    assert source.render("Tổng thống Donald Trump")[0].english == "President Donald Trump"
