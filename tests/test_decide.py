"""``termbase approve``, ``reject`` and ``forbid``: one term, batches, and every failure mode."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Run, db_connect, seeded_termbase, term_statuses
from termbase.suggest.translators import register_translator, unregister_translator
from termbase.suggest.translators.fake import FakeTranslator

SEED = """id,vi,en,status,source,confidence,domain,definition,note,alternatives
,Thứ trưởng Ngoại giao,Deputy Foreign Minister,suggested,glossary,0.95,diplomacy,,,
,họp báo,press conference,suggested,dictionary,0.8,,,,
,đối ứng,reciprocal,suggested,compositional,0.4,,,,
"""


@pytest.fixture
def termbase(run: Run, db_path: Path, tmp_path: Path) -> Path:
    """Three concepts, each a Vietnamese candidate with one English suggestion."""
    return seeded_termbase(run, db_path, tmp_path, SEED)


statuses = term_statuses


def history_rows(db_path: Path, command: str) -> list[tuple[str, str, str, str]]:
    with db_connect(db_path) as conn:
        return conn.execute(
            "SELECT field, old_value, new_value, changed_by FROM history WHERE command = ?"
            " ORDER BY id",
            [command],
        ).fetchall()


def test_approve_by_vietnamese_and_english_approves_the_pair(run: Run, termbase: Path) -> None:
    result = run("approve", "thứ trưởng ngoại giao", "DEPUTY FOREIGN MINISTER")
    assert result.output.splitlines()[2:] == [
        "1        vi    Thứ trưởng Ngoại giao    candidate → approved (with its English)",
        "1        en    Deputy Foreign Minister  suggested → approved",
        "Approved 2 terms in 1 concept.",
    ]
    assert statuses(termbase)["Deputy Foreign Minister"] == "approved"
    assert statuses(termbase)["Thứ trưởng Ngoại giao"] == "approved"
    assert history_rows(termbase, "approve") == [
        ("status", "candidate", "approved", "tester"),
        ("status", "suggested", "approved", "tester"),
    ]


def test_approve_by_concept_and_text(run: Run, termbase: Path) -> None:
    run("approve", "--concept", "2", "Press Conference")
    assert statuses(termbase)["press conference"] == "approved"
    assert statuses(termbase)["Deputy Foreign Minister"] == "suggested"


def test_tone_placement_and_decomposed_input_match(run: Run, termbase: Path) -> None:
    run("add", "hòa ước", "peace treaty", "--status", "suggested")
    run("approve", "HOÀ ƯỚC", "Peace Treaty")  # the tone on the other vowel, upper case
    assert statuses(termbase)["peace treaty"] == "approved"
    decomposed = unicodedata.normalize("NFD", "đối ứng")
    run("approve", decomposed, "reciprocal")
    assert statuses(termbase)["reciprocal"] == "approved"


def test_reject_english_leaves_vietnamese_and_the_po_export(run: Run, termbase: Path) -> None:
    result = run("reject", "reciprocal")
    assert "Rejected 1 term in 1 concept." in result.output
    assert statuses(termbase)["reciprocal"] == "rejected"
    assert statuses(termbase)["đối ứng"] == "candidate"
    po = run("export", "--format", "po").output
    assert 'msgid "đối ứng"' in po


def test_reject_with_the_user_from_the_environment(
    run: Run, termbase: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERMBASE_USER", "lan")
    run("forbid", "họp báo", "press conference")
    assert statuses(termbase)["press conference"] == "forbidden"
    assert statuses(termbase)["họp báo"] == "candidate"
    assert history_rows(termbase, "forbid") == [("status", "suggested", "forbidden", "lan")]


@pytest.fixture
def fake() -> Iterator[FakeTranslator]:
    translator = FakeTranslator({})
    register_translator("fake", lambda: translator)
    yield translator
    unregister_translator("fake")


def test_a_rejected_suggestion_is_never_suggested_again(
    run: Run, db_path: Path, fake: FakeTranslator
) -> None:
    run("init", "--no-glossary")
    run("add", "họp báo", "--status", "candidate")
    run("suggest", "--all")
    assert statuses(db_path)["press conference"] == "suggested"
    run("reject", "press conference")
    run("suggest", "--all")
    with db_connect(db_path) as conn:
        rows = conn.execute(
            "SELECT text, status FROM terms WHERE lang = 'en' AND lower(text) LIKE 'press conf%'"
        ).fetchall()
    assert rows == [("press conference", "rejected")]
    assert statuses(db_path)["họp báo"] == "candidate"


def test_batch_dry_run_lists_and_changes_nothing(run: Run, termbase: Path) -> None:
    before = statuses(termbase)
    result = run("approve", "--min-confidence", "0.75", "--lang", "en", "--dry-run")
    assert result.output.splitlines() == [
        "concept  lang  term                     change",
        "-------  ----  -----------------------  ---------------------------------------",
        "1        vi    Thứ trưởng Ngoại giao    candidate → approved (with its English)",
        "1        en    Deputy Foreign Minister  suggested → approved",
        "2        vi    họp báo                  candidate → approved (with its English)",
        "2        en    press conference         suggested → approved",
        "Would approve 4 terms in 2 concepts; nothing changed (--dry-run).",
    ]
    assert statuses(termbase) == before
    assert history_rows(termbase, "approve") == []


@pytest.mark.parametrize(
    ("options", "changed"),
    [
        (["--source", "glossary"], {"Deputy Foreign Minister"}),
        (
            ["--source", "compositional", "--source", "dictionary"],
            {"press conference", "reciprocal"},
        ),
        (["--max-confidence", "0.5"], {"reciprocal"}),
        (["--domain", "DIPLOMACY", "--lang", "en"], {"Deputy Foreign Minister"}),
        (["--status", "suggested"], {"Deputy Foreign Minister", "press conference", "reciprocal"}),
    ],
)
def test_batch_filters(run: Run, termbase: Path, options: list[str], changed: set[str]) -> None:
    before = statuses(termbase)
    run("reject", *options)
    after = statuses(termbase)
    assert {text for text in after if after[text] != before[text]} == changed
    assert all(after[text] == "rejected" for text in changed)


def test_batch_leaves_decided_terms_alone(run: Run, termbase: Path) -> None:
    run("approve", "reciprocal")
    run("reject", "--lang", "en")
    assert statuses(termbase)["reciprocal"] == "approved"
    assert statuses(termbase)["press conference"] == "rejected"


def test_batch_with_nothing_to_change(run: Run, termbase: Path) -> None:
    result = run("reject", "--min-confidence", "0.99")
    assert result.output == "No term passes these filters; nothing changed.\n"


def test_already_approved_changes_nothing(run: Run, termbase: Path) -> None:
    run("approve", "reciprocal")
    result = run("approve", "reciprocal")
    assert result.output == "Already approved: en 'reciprocal' in concept 3; nothing changed.\n"
    assert len(history_rows(termbase, "approve")) == 2  # the first run: the pair


def test_ambiguous_text_lists_the_concepts(run: Run, termbase: Path) -> None:
    run("add", "hội nghị báo chí", "press conference", "--status", "suggested")
    result = run("approve", "press conference", ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'press conference' is in concepts 2, 4; name one with --concept ID\n"
    )
    assert statuses(termbase)["press conference"] == "suggested"


def test_the_open_term_is_meant_when_the_same_words_are_approved_elsewhere(
    run: Run, termbase: Path
) -> None:
    # The glossary's concept has the pair approved; the mined one has it as a suggestion.
    run("add", "Thứ trưởng Ngoại giao", "Deputy Foreign Minister", "--new-concept")
    run("approve", "Thứ trưởng Ngoại giao", "Deputy Foreign Minister")
    with db_connect(termbase) as conn:
        rows = conn.execute(
            "SELECT concept_id, status FROM terms WHERE text = 'Deputy Foreign Minister'"
            " ORDER BY concept_id"
        ).fetchall()
    assert rows == [(1, "approved"), (4, "approved")]
    run("reject", "Thứ trưởng Ngoại giao", "Deputy Foreign Minister", ok=False)
    run(
        "add",
        "Thứ trưởng Ngoại giao",
        "deputy foreign minister",
        "--status",
        "suggested",
        "--new-concept",
    )
    run("reject", "Thứ trưởng Ngoại giao", "deputy foreign minister")
    with db_connect(termbase) as conn:
        statuses_by_concept = conn.execute(
            "SELECT concept_id, status FROM terms WHERE lang = 'en'"
            " AND lower(text) LIKE 'deputy%' ORDER BY concept_id"
        ).fetchall()
    assert statuses_by_concept == [(1, "approved"), (4, "approved"), (5, "rejected")]


def test_same_text_in_both_languages_asks_for_lang(run: Run, termbase: Path) -> None:
    run("add", "ASEAN", "ASEAN", "--status", "suggested")
    result = run("approve", "asean", ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'asean' is both the Vietnamese and English term of concept 4;"
        " add --lang vi or --lang en\n"
    )
    run("approve", "asean", "--lang", "en")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["no such term"],
            "no term 'no such term' in the termbase; see 'termbase lookup no such term'",
        ),
        (
            ["họp báo", "news conference"],
            "'họp báo' (concept 2) has no English 'news conference'; its English: press conference",
        ),
        (
            ["hội đàm", "talks"],
            "no Vietnamese term 'hội đàm' in the termbase; see 'termbase lookup hội đàm'",
        ),
        (
            ["--concept", "1", "reciprocal"],
            "concept 1 has no term 'reciprocal'; its terms: Thứ trưởng Ngoại giao,"
            " Deputy Foreign Minister",
        ),
        (["--concept", "99", "x"], "no concept with id 99; see 'termbase list' for ids"),
        (["reciprocal", "--lang", "vi"], "no term 'reciprocal' passes the filters given"),
    ],
)
def test_nothing_matched_is_an_error(
    run: Run, termbase: Path, args: list[str], message: str
) -> None:
    before = statuses(termbase)
    result = run("reject", *args, ok=False)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert statuses(termbase) == before


def test_usage_errors_exit_2(run: Run, termbase: Path) -> None:
    bare = run("approve", ok=False)
    assert bare.exit_code == 2
    assert "name a term (TEXT, VI EN, or --concept ID TEXT) or give a filter" in bare.stderr
    three = run("approve", "a", "b", "c", ok=False)
    assert three.exit_code == 2
    assert "give one term, or a Vietnamese term and its English" in three.stderr
    bad = run("approve", "--min-confidence", "2", ok=False)
    assert bad.exit_code == 2


def test_no_termbase_is_an_error(run: Run, tmp_path: Path) -> None:
    result = run("approve", "x", "--db", str(tmp_path / "none.db"), ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert not (tmp_path / "none.db").exists()
