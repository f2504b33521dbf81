"""Suggestions: each source, the ranking, the cache, the offline path, and what is never touched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from termbase.models import Concept, Occurrence, Term, best_term
from termbase.store import Termbase, open_db
from termbase.suggest.engine import SuggestReport, merge, suggest_concepts
from termbase.suggest.sources import Candidate, Suggestion
from termbase.suggest.sources.compose import CompositionalSource
from termbase.suggest.sources.identity import IdentitySource, looks_english
from termbase.suggest.sources.lexicon import Lexicon
from termbase.suggest.sources.memory import Aligned, MemorySource
from termbase.suggest.translators.fake import FakeTranslator


@pytest.fixture
def tb(db_path: Path) -> Iterator[Termbase]:
    base = open_db(db_path)
    base.command = "test"
    yield base
    base.close()


def approved(tb: Termbase, vi: list[str], en: list[str], domain: str | None = None) -> int:
    terms = [Term("vi", t, status="approved", source="glossary") for t in vi]
    terms += [Term("en", t, status="approved", source="glossary") for t in en]
    with tb.transaction():
        return tb.create_concept(Concept(domain=domain, terms=tuple(terms)))


def candidate(tb: Termbase, vi: str, contexts: tuple[str, ...] = (), *extra: Term) -> int:
    occurrences = tuple(Occurrence("doc.txt", i + 1, None, c) for i, c in enumerate(contexts))
    term = Term("vi", vi, status="candidate", source="mined", occurrences=occurrences)
    with tb.transaction():
        return tb.create_concept(Concept(terms=(term, *extra)))


def run(tb: Termbase, ids: list[int], **kwargs: Any) -> SuggestReport:
    with tb.transaction():
        return suggest_concepts(tb, ids, **kwargs)


def english(tb: Termbase, cid: int) -> list[Term]:
    concept = tb.load_concepts([cid])[0]
    return sorted(concept.terms_in("en"), key=lambda t: -(t.confidence or 0))


def best(tb: Termbase, cid: int) -> Term:
    term = best_term(tb.load_concepts([cid])[0], "en")
    assert term is not None
    return term


# -- glossary ----------------------------------------------------------------------


def test_glossary_match_gives_the_preferred_english_with_evidence(tb: Termbase) -> None:
    gid = approved(tb, ["hòa bình"], ["peace", "peacetime"], domain="diplomacy")
    cid = candidate(tb, "Hoà Bình")
    run(tb, [cid])
    top = best(tb, cid)
    assert (top.text, top.status, top.source) == ("peace", "suggested", "glossary")
    assert top.confidence is not None and top.confidence >= 0.9
    assert f"glossary concept {gid} (diplomacy)" in (top.note or "")
    assert [t.text for t in english(tb, cid)][:2] == ["peace", "peacetime"]


def test_glossary_variant_matches(tb: Termbase) -> None:
    approved(tb, ["Liên hợp quốc", "Liên Hiệp Quốc"], ["United Nations"])
    cid = candidate(tb, "Liên Hiệp Quốc")
    run(tb, [cid])
    assert best(tb, cid).text == "United Nations"


def test_shared_title_is_ranked_by_the_country_in_the_contexts(tb: Termbase) -> None:
    approved(tb, ["Mỹ", "Hoa Kỳ"], ["United States"], domain="geography")
    approved(tb, ["Nga"], ["Russia"], domain="geography")
    us = ["Thứ trưởng Ngoại giao Mỹ", "Thứ trưởng Ngoại giao"]
    ru = ["Thứ trưởng Ngoại giao Nga", "Thứ trưởng Ngoại giao"]
    approved(tb, us, ["Deputy Secretary of State"], domain="government: United States")
    approved(tb, ru, ["Deputy Foreign Minister of Russia"], domain="government: Russia")
    russian = candidate(tb, "Thứ trưởng Ngoại giao", ("Thứ trưởng Ngoại giao Nga nói.",))
    american = candidate(tb, "thứ trưởng ngoại giao", ("Bà là Thứ trưởng Ngoại giao của Hoa Kỳ.",))
    run(tb, [russian, american])
    assert best(tb, russian).text == "Deputy Foreign Minister of Russia"
    assert best(tb, american).text == "Deputy Secretary of State"
    # The core lexicon's generic title comes too ("deputy foreign minister").
    assert {t.text for t in english(tb, russian)} >= {
        "Deputy Foreign Minister of Russia",
        "Deputy Secretary of State",
    }
    assert "1 of 1 occurrences name Russia right after the term" in (best(tb, russian).note or "")


def test_an_acronym_gets_the_english_acronym(tb: Termbase) -> None:
    gid = approved(tb, ["Hiệp ước INF"], ["INF Treaty"])
    with tb.transaction():
        tb.add_term(gid, Term("vi", "INF", type="acronym", status="approved", source="glossary"))
        tb.add_term(gid, Term("en", "INF", type="acronym", status="approved", source="glossary"))
    cid = candidate(tb, "INF")
    run(tb, [cid])
    assert best(tb, cid).text == "INF"


# -- dictionary, compositional, identity ---------------------------------------------


def test_dictionary_headword(tb: Termbase) -> None:
    # "gạt tàn" is in the FVDP only; "họp báo" in the core lexicon too, which comes first.
    cid = candidate(tb, "gạt tàn")
    run(tb, [cid])
    top = best(tb, cid)
    assert (top.text, top.source) == ("ashtray", "dictionary")
    assert "dictionary 'gạt tàn'" in (top.note or "")
    cid = candidate(tb, "họp báo")
    run(tb, [cid])
    top = best(tb, cid)
    assert (top.text, top.source) == ("press conference", "dictionary")
    assert "core lexicon 'họp báo' (noun)" in (top.note or "")


def test_dictionary_example_phrase(tb: Termbase) -> None:
    # "phe chủ chiến" is an FVDP example only (the core lexicon, which comes first, lacks it).
    cid = candidate(tb, "phe chủ chiến")
    run(tb, [cid])
    top = best(tb, cid)
    assert (top.text.lower(), top.source) == ("pro-war camp", "dictionary")
    assert "dictionary example under 'chủ chiến'" in (top.note or "")


def test_compositional_reorders_modifiers_and_says_it_is_less_sure(tb: Termbase) -> None:
    cid, whole = candidate(tb, "chiến lược hạt nhân"), candidate(tb, "họp báo")
    run(tb, [cid, whole])
    top, dictionary = best(tb, cid), best(tb, whole)
    assert (top.text, top.source) == ("nuclear strategy", "compositional")
    assert dictionary.source == "dictionary"
    assert top.confidence is not None and dictionary.confidence is not None
    assert top.confidence < dictionary.confidence
    assert "lower confidence than a whole-term match" in (top.note or "")
    assert "chiến lược = strategy" in (top.note or "")


def test_compositional_prefers_approved_parts(tb: Termbase) -> None:
    approved(tb, ["kiểm soát vũ khí"], ["arms control"], domain="arms control")
    cid = candidate(tb, "kiểm soát vũ khí hạt nhân")
    run(tb, [cid])
    top = best(tb, cid)
    assert (top.text, top.source) == ("nuclear arms control", "compositional")
    assert "kiểm soát vũ khí = arms control (glossary concept" in (top.note or "")


def test_compositional_country_becomes_an_adjective() -> None:
    source = CompositionalSource(Lexicon([]))
    assert source.render("Đại sứ quán Nga")[0].english == "Russian Embassy"


def test_places_list_gives_todays_names_and_the_countrys_adjective(tb: Termbase) -> None:
    # iso-codes has no "Hàn Quốc" (only "Nam Hàn") and no continents.
    for vi, en in (("Hàn Quốc", "South Korea"), ("châu Âu", "Europe"), ("Thổ Nhĩ Kỳ", "Turkey")):
        cid = candidate(tb, vi)
        run(tb, [cid])
        top = best(tb, cid)
        assert top.text == en, vi
        assert "termbase places list" in (top.note or "")
    source = CompositionalSource(Lexicon([]))
    # The country's adjective, not its language's ("tiếng Anh": English).
    assert source.render("Thủ tướng Anh")[0].english == "British Prime Minister"
    assert source.render("Tổng thống Hàn Quốc")[0].english == "South Korean President"


def test_compositional_gives_nothing_with_an_unknown_part() -> None:
    assert CompositionalSource(Lexicon([])).render("ngoẵng hạt nhân") == []


@pytest.mark.parametrize("text", ["NATO", "New START", "COVID-19", "G20"])
def test_identity_for_names_english_keeps(text: str) -> None:
    assert looks_english(text)
    found = IdentitySource().suggest([Candidate(1, (Term("vi", text),))])[0]
    assert [s.text for s in found] == [text]


@pytest.mark.parametrize("text", ["Liên hợp quốc", "hạt nhân", "Geneva"])
def test_identity_leaves_vietnamese_and_plain_names(text: str) -> None:
    assert not looks_english(text)


def test_identity_skips_an_acronym_of_the_vietnamese_name() -> None:
    terms = (Term("vi", "LHQ", type="acronym"), Term("vi", "Liên hợp quốc"))
    assert IdentitySource().suggest([Candidate(1, terms)]) == [[]]


# -- parenthetical, memory -----------------------------------------------------------


def test_parenthetical_gloss_is_ranked_and_keeps_its_source(tb: Termbase) -> None:
    gloss = Term(
        "en",
        "New START",
        status="suggested",
        source="parenthetical",
        occurrences=(Occurrence("", 3, 10), Occurrence("", 9, 4)),
    )
    cid = candidate(tb, "Hiệp ước cắt giảm vũ khí tấn công chiến lược mới", (), gloss)
    run(tb, [cid])
    top = best(tb, cid)
    assert (top.text, top.source) == ("New START", "parenthetical")
    assert top.confidence is not None and top.confidence > 0.7
    assert "written in parentheses after the term 2x" in (top.note or "")


class FakeMemory:
    def prefetch(self, vietnamese: Any, approved: Any = None, dictionary: Any = None) -> None:
        pass

    def equivalents(self, vietnamese: str) -> list[Aligned]:
        return (
            [Aligned("allies", 3, "tm.tmx", pairs=3, alignment=0.8)]
            if vietnamese == "đồng minh"
            else []
        )

    def attests(self, english: str) -> bool:
        return False


def test_memory_slot_is_empty_until_there_is_a_memory() -> None:
    candidates = [Candidate(1, (Term("vi", "đồng minh"),))]
    assert MemorySource().suggest(candidates) == [[]]
    found = MemorySource(FakeMemory()).suggest(candidates)[0]
    assert [(s.text, s.source) for s in found] == [("allies", "tm")]


def test_memory_suggestions_reach_the_termbase(tb: Termbase) -> None:
    cid = candidate(tb, "đồng minh")
    run(tb, [cid], memory=FakeMemory())
    assert ("allies", "tm") in {(t.text, t.source) for t in english(tb, cid)}


# -- machine translation: batching, cache, offline -------------------------------------


def test_machine_translation_is_cached(tb: Termbase) -> None:
    fake = FakeTranslator({"đối ứng": "reciprocal"})
    first = candidate(tb, "đối ứng")
    second = candidate(tb, "xyzq")
    report = run(tb, [first, second], translator=fake)
    assert report.translated == 2
    assert fake.calls == [(["đối ứng", "xyzq"], "vi", "en")]
    top = best(tb, first)
    assert (top.text, top.source) == ("reciprocal", "mt:fake")
    assert "machine translation by fake" in (top.note or "")
    run(tb, [first, second], translator=fake)
    assert len(fake.calls) == 1  # never asked twice
    rows = tb.conn.execute("SELECT engine, src, tgt, text FROM mt_cache ORDER BY text").fetchall()
    assert rows == [("fake", "vi", "en", "xyzq"), ("fake", "vi", "en", "đối ứng")]


def test_offline_translator_is_a_warning_and_offline_sources_still_work(tb: Termbase) -> None:
    cid = candidate(tb, "họp báo")
    report = run(tb, [cid], translator=FakeTranslator(offline=True))
    assert report.warnings == ["machine translation skipped: fake cannot be reached (offline)"]
    assert best(tb, cid).text == "press conference"


def test_a_run_without_translator_keeps_earlier_machine_translations(tb: Termbase) -> None:
    cid = candidate(tb, "đối ứng")
    run(tb, [cid], translator=FakeTranslator({"đối ứng": "reciprocal"}))
    run(tb, [cid])
    assert [t.source for t in english(tb, cid)] == ["mt:fake"]


# -- decisions, idempotence, ranking ---------------------------------------------------


def test_approved_english_concept_is_left_alone(tb: Termbase) -> None:
    cid = approved(tb, ["họp báo"], ["news conference"])
    report = run(tb, [cid])
    assert report.decided == 1
    assert [t.text for t in english(tb, cid)] == ["news conference"]


def test_rejected_english_is_never_suggested_again(tb: Termbase) -> None:
    rejected = Term("en", "press conferences", status="rejected")
    cid = candidate(tb, "họp báo", (), rejected)
    run(tb, [cid])
    terms = {t.text: t.status for t in english(tb, cid)}
    assert terms["press conferences"] == "rejected"
    assert "press conference" not in terms


def test_rejected_vietnamese_term_gets_nothing(tb: Termbase) -> None:
    with tb.transaction():
        cid = tb.create_concept(Concept(terms=(Term("vi", "họp báo", status="rejected"),)))
    report = run(tb, [cid])
    assert report.decided == 1
    assert english(tb, cid) == []


def test_rerun_changes_nothing_and_writes_no_history(tb: Termbase) -> None:
    ids = [candidate(tb, t) for t in ("họp báo", "chiến lược hạt nhân", "NATO")]
    run(tb, ids)
    before = tb.conn.execute("SELECT COUNT(*) FROM history").fetchone()[0]
    terms = [english(tb, i) for i in ids]
    report = run(tb, ids)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 3)
    assert tb.conn.execute("SELECT COUNT(*) FROM history").fetchone()[0] == before
    assert [english(tb, i) for i in ids] == terms


def test_stale_suggestions_of_a_source_that_ran_are_removed(tb: Termbase) -> None:
    stale = Term("en", "old guess", status="suggested", source="dictionary", confidence=0.5)
    review = Term("en", "reviewer idea", status="suggested", source="review")
    cid = candidate(tb, "họp báo", (), stale, review)
    report = run(tb, [cid])
    texts = {t.text for t in english(tb, cid)}
    assert "old guess" not in texts
    assert "reviewer idea" in texts
    assert report.removed == 1


def test_merge_joins_agreeing_sources_and_ranks() -> None:
    merged = merge(
        [
            Suggestion("Nuclear weapons", "dictionary", 0.7, "dict"),
            Suggestion("nuclear weapon", "compositional", 0.5, "comp"),
            Suggestion("atom bomb", "mt:fake", 0.55, "mt"),
        ],
        limit=5,
    )
    assert [s.text for s in merged] == ["Nuclear weapons", "atom bomb"]
    assert merged[0].source == "dictionary"
    assert merged[0].confidence > 0.7
    assert merged[0].evidence == "dict; also comp"


def test_limit_keeps_the_best(tb: Termbase) -> None:
    cid = candidate(tb, "hiệp ước")
    run(tb, [cid], limit=2)
    assert len(english(tb, cid)) == 2


def test_compositional_keeps_a_trailing_name_in_place() -> None:
    source = CompositionalSource(Lexicon([]))
    assert source.render("Tổng thống Nga Vladimir Putin")[0].english == (
        "Russian President Vladimir Putin"
    )


def test_shipped_dictionary_loads_with_its_attribution() -> None:
    from importlib import resources

    from termbase.data.dictionary import load_dictionary

    d = load_dictionary()
    assert len(d.senses) > 20_000 and len(d.examples) > 10_000
    assert d.places["mỹ"][0] == "United States"
    assert ("weapon", 2) in d.learned["vũ khí"]
    readme = resources.files("termbase.data").joinpath("README.md").read_text("utf-8")
    assert "GPL-2.0-or-later" in readme and "Free Vietnamese Dictionary Project" in readme


def test_british_and_american_spellings_are_one_suggestion() -> None:
    found = merge(
        [
            Suggestion("security dialogue", "compositional", 0.6, "dialogue + security"),
            Suggestion("security dialog", "compositional", 0.55, "dialog + security"),
            Suggestion("Defence Minister", "glossary", 0.9, "glossary"),
            Suggestion("Defense Minister", "glossary", 0.85, "glossary"),
            Suggestion("four", "dictionary", 0.5, "four"),
            Suggestion("for", "dictionary", 0.4, "for"),
        ],
        limit=10,
    )
    assert [s.text for s in found] == ["Defence Minister", "security dialogue", "four", "for"]
    assert found[1].evidence.startswith("also spelt security dialog; ")
    assert found[1].confidence == 0.6  # one source: its variants do not agree with each other


def test_a_word_the_text_puts_after_nouns_is_suggested_as_a_modifier(tb: Termbase) -> None:
    # The core lexicon: "hạt nhân" n: nucleus, a: nuclear.
    alone = candidate(tb, "hạt nhân")
    after = candidate(
        tb,
        "hạt nhân",
        ("Nga có nhiều vũ khí hạt nhân.", "Năng lượng hạt nhân là nguồn điện sạch."),
    )
    run(tb, [alone, after])
    assert best(tb, alone).text == "nucleus"
    assert best(tb, after).text == "nuclear"


def test_compositional_plural_before_a_place_named_with_of() -> None:
    # "các" (plural) and a country whose English name has its own "of": the "of"
    # of the phrase must survive, or the plural head cannot be found.
    renderings = CompositionalSource(Lexicon([])).render("các Đại sứ quán Mỹ")
    assert [r.english for r in renderings][:2] == ["US embassies", "embassies of the United States"]


def test_a_dictionary_name_in_title_case_keeps_its_first_capital(tb: Termbase) -> None:
    # The FVDP glosses "đảng bảo thủ" as "The Conservative Party": a name, not
    # "conservative Party" (a gloss's needless first capital is lowered only when
    # the words after it are not capitalised too).
    cid = candidate(tb, "Đảng Bảo thủ")
    run(tb, [cid])
    top = best(tb, cid)
    assert (top.text, top.source) == ("Conservative Party", "dictionary")


def test_suggesting_again_takes_a_sources_new_spelling_of_its_own_suggestion(
    tb: Termbase,
) -> None:
    # An older version wrote "conservative Party"; suggesting again with today's
    # dictionary updates the suggestion's text, as it updates its confidence.
    old = Term("en", "conservative Party", status="suggested", source="dictionary", confidence=0.9)
    cid = candidate(tb, "Đảng Bảo thủ", (), old)
    run(tb, [cid])
    assert [t.text for t in english(tb, cid)] == ["Conservative Party"]
    # A decided term keeps the reviewer's spelling.
    kept = Term("en", "conservative party", status="approved", source="dictionary")
    decided = candidate(tb, "Đảng Bảo Thủ", (), kept)
    run(tb, [decided])
    assert "conservative party" in [t.text for t in english(tb, decided)]
