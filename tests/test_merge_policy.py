"""The merge policy (termbase.merge.decide), one case per stored status and kind of file."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termbase.merge import (
    DECIDED,
    Action,
    Conflict,
    Decision,
    decide,
    decide_fields,
    is_decided,
)
from termbase.models import STATUSES, Term

OPEN = ("candidate", "suggested")


def en(text: str, status: str = "suggested", **kw: object) -> Term:
    return Term("en", text, status=status, **kw)  # type: ignore[arg-type]


VI = Term("vi", "Áo", status="approved", source="glossary")


# -- a term the file names again (same text) ------------------------------------


@pytest.mark.parametrize("stored", DECIDED)
@pytest.mark.parametrize("wanted", DECIDED)
def test_a_decided_term_keeps_its_status_against_a_file(stored: str, wanted: str) -> None:
    terms = [VI, en("Austria", stored)]
    decision = decide(en("austria", wanted), terms)
    conflict = None if wanted == stored else Conflict.KEPT
    assert decision == Decision(Action.KEEP, stored, same=1, conflict=conflict)


@pytest.mark.parametrize("stored", DECIDED)
@pytest.mark.parametrize("wanted", OPEN)
def test_a_file_that_only_suggests_a_decided_term_agrees_with_it(stored: str, wanted: str) -> None:
    decision = decide(en("Austria", wanted), [VI, en("Austria", stored)])
    assert decision == Decision(Action.KEEP, stored, same=1)


@pytest.mark.parametrize("stored", DECIDED)
@pytest.mark.parametrize("wanted", STATUSES)
def test_overwrite_lets_the_file_change_a_decided_term(stored: str, wanted: str) -> None:
    decision = decide(en("Austria", wanted), [VI, en("Austria", stored)], overwrite=True)
    assert decision == Decision(Action.UPDATE, wanted, same=1)


@pytest.mark.parametrize("status", [s for s in STATUSES if s != "suggested"])
def test_a_glossary_term_is_decided_whatever_its_status(status: str) -> None:
    glossary = en("Austria", status, source="glossary")
    assert is_decided(glossary)
    other = "rejected" if status != "rejected" else "approved"
    assert decide(en("Austria", other), [VI, glossary]).action is Action.KEEP


@pytest.mark.parametrize("stored", OPEN)
@pytest.mark.parametrize("wanted", STATUSES)
def test_an_open_term_takes_the_files_status(stored: str, wanted: str) -> None:
    terms = [Term("vi", "hòa bình"), en("peace", stored, source="mt")]
    assert decide(en("peace", wanted), terms) == Decision(Action.UPDATE, wanted, same=1)


def test_a_file_cannot_approve_an_open_term_beside_an_approved_one() -> None:
    terms = [VI, en("Austria", "approved", source="glossary"), en("Osterreich", "candidate")]
    decision = decide(en("Osterreich", "approved"), terms)
    assert decision == Decision(Action.UPDATE, "suggested", 2, 1, Conflict.SUGGESTION)
    # Once it is a suggestion, the same file again changes nothing but is still reported.
    terms[2] = en("Osterreich", "suggested")
    again = decide(en("Osterreich", "approved"), terms)
    assert again == Decision(Action.KEEP, "suggested", 2, 1, Conflict.SUGGESTION)


# -- a term new to the concept ---------------------------------------------------


@pytest.mark.parametrize("wanted", ["approved", "suggested", "candidate"])
def test_a_different_target_for_a_decided_term_comes_in_as_a_suggestion(wanted: str) -> None:
    terms = [Term("en", "Austria", status="approved", source="glossary"), VI]
    ao = Term("vi", "Ao", status=wanted)
    decision = decide(ao, terms, replaces=True)
    capped = "candidate" if wanted == "candidate" else "suggested"
    assert decision == Decision(Action.SUGGEST, capped, None, 1, Conflict.SUGGESTION)
    # In a file termbase exported too: a decided term is not the reviewer's to replace.
    assert decide(ao, terms, replaces=True, round_trip=True) == decision


@pytest.mark.parametrize("rival", DECIDED[1:])
def test_a_rejected_or_forbidden_term_is_no_rival(rival: str) -> None:
    terms = [VI, en("Austria", rival)]
    assert decide(en("Republic of Austria", "approved"), terms, replaces=True) == Decision(
        Action.ADD, "approved"
    )


def test_overwrite_replaces_the_decided_target_which_stays_rejected() -> None:
    terms = [Term("en", "Austria", status="approved", source="glossary"), VI]
    decision = decide(Term("vi", "Ao", status="approved"), terms, replaces=True, overwrite=True)
    assert decision == Decision(Action.REPLACE, "approved", None, 1)
    # A suggestion kept by an earlier import is the one approved.
    terms.append(Term("vi", "Ao", status="suggested", source="a.po"))
    again = decide(Term("vi", "Ao", status="approved"), terms, replaces=True, overwrite=True)
    assert again == Decision(Action.REPLACE, "approved", 2, 1)


@pytest.mark.parametrize("shown", OPEN)
def test_a_reviewed_target_replaces_the_open_suggestion_in_a_round_trip(shown: str) -> None:
    terms = [Term("vi", "ổn định chiến lược"), en("strategic stabilisation", shown, source="mt")]
    edited = en("strategic stability", "approved")
    assert decide(edited, terms, replaces=True, round_trip=True) == Decision(
        Action.REPLACE, "approved", None, 1
    )
    # From a file that does not name the concept it is another term: nothing is replaced.
    assert decide(edited, terms, replaces=True) == Decision(Action.ADD, "approved")


def test_an_untouched_target_replaces_nothing() -> None:
    terms = [Term("vi", "ổn định chiến lược"), en("strategic stabilisation", source="mt")]
    decision = decide(en("strategic stabilisation"), terms, replaces=True, round_trip=True)
    assert decision == Decision(Action.UPDATE, "suggested", same=1)


def test_a_second_approved_term_from_a_full_concept_file_is_a_suggestion() -> None:
    terms = [Term("vi", "hòa bình", status="approved"), en("peace", "approved")]
    harmony = en("harmony", "approved")
    assert decide(harmony, terms) == Decision(
        Action.SUGGEST, "suggested", None, 1, Conflict.SUGGESTION
    )
    assert decide(harmony, terms, overwrite=True) == Decision(Action.ADD, "approved")
    assert decide(en("harmony", "rejected"), terms) == Decision(Action.ADD, "rejected")


# -- add: the user's own word ---------------------------------------------------


def test_add_brings_an_approved_synonym_but_demotes_nothing_without_overwrite() -> None:
    terms = [Term("vi", "hòa bình", status="approved"), en("peace", "approved")]
    assert decide(en("harmony", "approved"), terms, explicit=True) == Decision(
        Action.ADD, "approved"
    )
    demote = decide(en("peace", "suggested"), terms, explicit=True)
    assert demote == Decision(Action.KEEP, "approved", same=1, conflict=Conflict.KEPT)
    forced = decide(en("peace", "suggested"), terms, explicit=True, overwrite=True)
    assert forced == Decision(Action.UPDATE, "suggested", same=1)
    # The same status again: the user may still set the term's other attributes.
    assert decide(en("peace", "approved"), terms, explicit=True).action is Action.UPDATE


# -- the law: without overwrite, no decided term changes ------------------------

terms_strategy = st.lists(
    st.builds(
        Term,
        lang=st.sampled_from(["vi", "en"]),
        text=st.sampled_from(["a", "b", "c"]),
        status=st.sampled_from(STATUSES),
        source=st.sampled_from([None, "glossary", "mt"]),
        confidence=st.sampled_from([None, 0.5, 0.9]),
    ),
    max_size=5,
)


@given(
    incoming=terms_strategy.filter(bool).map(lambda ts: ts[0]),
    stored=terms_strategy,
    replaces=st.booleans(),
    round_trip=st.booleans(),
    explicit=st.booleans(),
)
def test_without_overwrite_no_decided_term_changes(
    incoming: Term, stored: list[Term], replaces: bool, round_trip: bool, explicit: bool
) -> None:
    decision = decide(incoming, stored, replaces=replaces, round_trip=round_trip, explicit=explicit)
    if decision.same is not None and is_decided(stored[decision.same]):
        assert decision.status == stored[decision.same].status
    if decision.action is Action.REPLACE:
        assert decision.rival is not None and not is_decided(stored[decision.rival])
    if decision.action in (Action.ADD, Action.REPLACE) and decision.status == "approved":
        # A new approved term never stands beside a decided one unless the user typed it.
        rivals = [
            t
            for i, t in enumerate(stored)
            if i != decision.same
            and i != decision.rival
            and t.lang == incoming.lang
            and t.status == "approved"
            and is_decided(t)
        ]
        assert explicit or not rivals


# -- concept fields ---------------------------------------------------------------


def test_a_protected_concept_fields_are_only_filled() -> None:
    stored = {"domain": "geography", "note": None, "definition": "a country"}
    incoming = {"domain": "countries", "note": "see also", "definition": "a country"}
    assert decide_fields(stored, incoming, protected=True) == ({"note": "see also"}, ["domain"])
    assert decide_fields(stored, incoming, protected=True, overwrite=True) == (
        {"domain": "countries", "note": "see also"},
        [],
    )
    assert decide_fields(stored, incoming, protected=False)[0] == {
        "domain": "countries",
        "note": "see also",
    }
    assert decide_fields(stored, {"domain": None}, protected=False) == ({}, [])


def test_a_suggestion_from_the_glossary_source_is_no_decision() -> None:
    """The engine proposing a glossary concept's English for a mined term is a machine's
    proposal: a review file may approve it, or an alternative instead of it."""
    shown = en("foreign ministry", "suggested", source="glossary")
    other = en("Ministry of Foreign Affairs", "suggested", source="glossary")
    assert not is_decided(shown)
    decision = decide(
        en("Ministry of Foreign Affairs", "approved"),
        [VI, shown, other],
        replaces=True,
        round_trip=True,
        shown="foreign ministry",
    )
    assert decision == Decision(Action.REPLACE, "approved", same=2, rival=1)
