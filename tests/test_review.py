"""``termbase review`` driven by a script (stdin not a terminal: one command per line).

Every test goes through the real command and checks the rows in the SQLite file
afterwards: the decisions, the history (user, command, change sets), resuming.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import Run, db_connect
from termbase.cli import cli
from termbase.models import Concept, Occurrence, Term
from termbase.review import ReviewSession, parse_command
from termbase.store import TermFilter, open_db


def _vi(text: str, context: str, status: str = "candidate") -> Term:
    return Term("vi", text, status=status, occurrences=(Occurrence("news.txt", 3, 1, context),))


def _en(text: str, source: str, confidence: float, note: str | None = None) -> Term:
    return Term("en", text, status="suggested", source=source, confidence=confidence, note=note)


CONCEPTS = [
    Concept(
        score=9.0,
        domain="diplomacy",
        terms=(
            _vi("Thứ trưởng Ngoại giao", "Thứ trưởng Ngoại giao Lê Hoài Trung phát biểu."),
            _en("Deputy Foreign Minister", "glossary", 0.95, "glossary concept 877: US usage"),
            _en("Vice Foreign Minister", "compositional", 0.6, "thứ trưởng = vice minister"),
        ),
    ),
    Concept(
        score=5.0,
        terms=(
            _vi("họp báo", "Bộ Ngoại giao tổ chức họp báo thường kỳ."),
            _en("press conference", "dictionary", 0.8),
        ),
    ),
    Concept(
        score=3.0,
        domain="trade",
        terms=(
            _vi("đối ứng", "Thuế đối ứng có hiệu lực."),
            _en("reciprocal", "compositional", 0.4),
        ),
    ),
    Concept(score=1.0, terms=(_vi("chiều nay", "Cuộc họp diễn ra chiều nay."),)),
]


@pytest.fixture
def termbase(run: Run, db_path: Path) -> Path:
    """Four mined concepts, scored 9, 5, 3 and 1; the last without English."""
    return make_termbase(run, db_path)


def make_termbase(run: Run, db_path: Path) -> Path:
    run("init", "--no-glossary")
    tb = open_db(db_path)
    with tb.transaction():
        for concept in CONCEPTS:
            tb.create_concept(concept)
    tb.close()
    return db_path


def review(*lines: str, args: tuple[str, ...] = (), user: str = "tester") -> Result:
    stdin = "".join(line + "\n" for line in lines)
    return CliRunner(env={"TERMBASE_USER": user}).invoke(cli, ["review", *args], input=stdin)


def status(db_path: Path, text: str) -> str:
    with db_connect(db_path) as conn:
        row = conn.execute("SELECT status FROM terms WHERE text = ?", [text]).fetchone()
    assert row is not None, f"no term {text!r}"
    return str(row[0])


def review_history(db_path: Path) -> list[tuple[int, str, str, str, str, str]]:
    """(change set, term, field, old, new, user) of the rows ``review`` wrote, in order."""
    with db_connect(db_path) as conn:
        return conn.execute(
            "SELECT h.change_set, COALESCE(t.text, ''), h.field, COALESCE(h.old_value, ''),"
            " COALESCE(h.new_value, ''), h.changed_by FROM history h"
            " LEFT JOIN terms t ON t.id = h.term_id WHERE h.command = 'review' ORDER BY h.id"
        ).fetchall()


def shown(result: Result) -> list[str]:
    """The concepts shown, in order: the "[id] term" lines."""
    return [line.split("  (")[0] for line in result.output.splitlines() if line.startswith("[")]


def test_a_number_approves_that_suggestion_and_the_vietnamese_term(termbase: Path) -> None:
    result = review("2", "q")
    assert result.exit_code == 0, result.output
    assert status(termbase, "Vice Foreign Minister") == "approved"
    assert status(termbase, "Thứ trưởng Ngoại giao") == "approved"
    # Not choosing is not rejecting: the other suggestion stays as it was.
    assert status(termbase, "Deputy Foreign Minister") == "suggested"
    rows = review_history(termbase)
    assert [r[1:] for r in rows] == [
        ("Thứ trưởng Ngoại giao", "status", "candidate", "approved", "tester"),
        ("Vice Foreign Minister", "status", "suggested", "approved", "tester"),
    ]
    assert "Vice Foreign Minister suggested → approved." in result.output
    assert shown(result) == ["[1] Thứ trưởng Ngoại giao", "[2] họp báo"]


def test_the_screen_shows_contexts_suggestions_source_confidence_and_evidence(
    termbase: Path,
) -> None:
    result = review("q")
    lines = result.output.splitlines()
    assert lines[0] == "── 4 left · 0 decisions in 0.0 min"
    assert lines[1] == "[1] Thứ trưởng Ngoại giao  (candidate, score 9.00, diplomacy)"
    assert "      Thứ trưởng Ngoại giao Lê Hoài Trung phát biểu." in lines
    assert "    news.txt:3" in lines
    i = lines.index("  English:")
    assert lines[i + 1 : i + 5] == [
        "   1  Deputy Foreign Minister  glossary 0.95",
        "      glossary concept 877: US usage",
        "   2  Vice Foreign Minister  compositional 0.60",
        "      thứ trưởng = vice minister",
    ]
    assert "\x1b[" not in result.output  # not a terminal: no colours


def test_edit_adds_the_typed_english_approved_and_leaves_the_suggestions(termbase: Path) -> None:
    result = review("e Deputy Minister of Foreign Affairs", "q")
    assert result.exit_code == 0, result.output
    with db_connect(termbase) as conn:
        added = conn.execute(
            "SELECT status, source FROM terms WHERE text = 'Deputy Minister of Foreign Affairs'"
        ).fetchone()
    assert added == ("approved", "manual")
    assert status(termbase, "Thứ trưởng Ngoại giao") == "approved"
    assert status(termbase, "Deputy Foreign Minister") == "suggested"
    assert status(termbase, "Vice Foreign Minister") == "suggested"
    assert len({r[0] for r in review_history(termbase)}) == 1  # one change set


def test_edit_matching_a_suggestion_approves_it_with_the_spelling_typed(termbase: Path) -> None:
    review("e deputy foreign minister", "q")
    assert status(termbase, "deputy foreign minister") == "approved"
    with db_connect(termbase) as conn:
        english = conn.execute("SELECT COUNT(*) FROM terms WHERE lang = 'en'").fetchone()[0]
    assert english == 4  # no second term for the same English


def test_edit_without_text_approves_the_prefilled_best_suggestion(termbase: Path) -> None:
    review("e", "q")
    assert status(termbase, "Deputy Foreign Minister") == "approved"


def test_r_rejects_the_vietnamese_term_and_leaves_the_english(termbase: Path) -> None:
    result = review("r", "q")
    assert status(termbase, "Thứ trưởng Ngoại giao") == "rejected"
    assert status(termbase, "Deputy Foreign Minister") == "suggested"
    assert shown(result) == ["[1] Thứ trưởng Ngoại giao", "[2] họp báo"]
    assert shown(review("q")) == ["[2] họp báo"]  # it dropped out of the queue


def test_x_rejects_one_suggestion_and_the_concept_stays_renumbered(termbase: Path) -> None:
    result = review("x 1", "1", "q")
    assert status(termbase, "Deputy Foreign Minister") == "rejected"
    assert status(termbase, "Vice Foreign Minister") == "approved"  # now number 1
    assert status(termbase, "Thứ trưởng Ngoại giao") == "approved"
    assert "  already decided: Deputy Foreign Minister (rejected)" in result.output
    assert len({r[0] for r in review_history(termbase)}) == 2  # each decision its own set


def test_f_forbids_one_suggestion_and_needs_its_number_when_there_are_several(
    termbase: Path,
) -> None:
    result = review("f", "f 2", "q")
    assert "! which suggestion? 'f N' with N from 1 to 2" in result.stderr
    assert status(termbase, "Vice Foreign Minister") == "forbidden"
    assert status(termbase, "Deputy Foreign Minister") == "suggested"


def test_n_adds_a_note_to_the_concept(termbase: Path) -> None:
    review("n check the US usage", "n and the UK one", "q")
    with db_connect(termbase) as conn:
        note = conn.execute("SELECT note FROM concepts WHERE id = 1").fetchone()[0]
    assert note == "check the US usage; and the UK one"


def test_a_approves_the_vietnamese_term_alone(termbase: Path) -> None:
    review("a", "q", args=("--status", "candidate", "--min-score", "1", "--domain", "TRADE"))
    assert status(termbase, "đối ứng") == "approved"
    assert status(termbase, "reciprocal") == "suggested"


def test_quit_and_resume_skipped_concepts_come_last_per_reviewer(termbase: Path) -> None:
    first = review("s", "1", "q")
    assert shown(first) == ["[1] Thứ trưởng Ngoại giao", "[2] họp báo", "[3] đối ứng"]
    assert status(termbase, "press conference") == "approved"
    again = review("q")
    assert again.output.splitlines()[0] == "── 3 left (1 skipped) · 0 decisions in 0.0 min"
    assert shown(again) == ["[3] đối ứng"]  # not the skipped one, not the decided one
    assert shown(review("s", "s", "q")) == [
        "[3] đối ứng",
        "[4] chiều nay",
        "[1] Thứ trưởng Ngoại giao",
    ]
    # Another reviewer's skips are theirs: bob starts at the top.
    assert shown(review("q", user="bob")) == ["[1] Thứ trưởng Ngoại giao"]


def test_u_undoes_the_last_decision_and_shows_that_concept_again(termbase: Path) -> None:
    result = review("1", "u", "q")
    assert status(termbase, "Deputy Foreign Minister") == "suggested"
    assert status(termbase, "Thứ trưởng Ngoại giao") == "candidate"
    assert "Undid: Thứ trưởng Ngoại giao candidate → approved (with its English);" in (
        result.output
    )
    assert shown(result) == [
        "[1] Thứ trưởng Ngoại giao",
        "[2] họp báo",
        "[1] Thứ trưởng Ngoại giao",
    ]
    rows = review_history(termbase)
    assert [r[2:5] for r in rows] == [
        ("status", "candidate", "approved"),
        ("status", "suggested", "approved"),
        ("status", "approved", "suggested"),
        ("status", "approved", "candidate"),
    ]
    assert {r[5] for r in rows} == {"tester"}
    assert len({r[0] for r in rows}) == 2  # the decision, and its undo


def test_u_undoes_this_sessions_decision_past_later_ones(run: Run, termbase: Path) -> None:
    """Another reviewer's later decision does not stand in the way, nor get undone."""
    tb = open_db(termbase)
    tb.command = "review"
    mine = ReviewSession(tb)
    item = mine.next_item()
    assert item is not None
    mine.run(item, parse_command("1"))
    other = open_db(termbase)
    other.command = "approve"
    with other.transaction():
        press = other.find_terms(TermFilter(lang="en"), text="press conference")[0]
        other.update_term(press.id, status="approved")
    other.close()
    mine.undo()
    tb.close()
    assert status(termbase, "Deputy Foreign Minister") == "suggested"
    assert status(termbase, "press conference") == "approved"
    # A second u with nothing left of this session's is a message, not a crash.
    result = review("u", "q")
    assert "! nothing to undo in this session" in result.stderr


def test_bad_input_is_a_one_line_message_and_eof_quits(termbase: Path) -> None:
    result = review("zz", "9", "x two", "s extra", "")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "! unknown command 'zz'; ? for help",
        "! no suggestion 9: this concept has 2 (1 to 2)",
        "! x takes a suggestion's number, e.g. 'x 2'",
        "! 's' takes nothing after it; ? for help",
        "! type a key and Enter (? for help)",
    ]
    assert result.output.endswith(
        "0 decisions this session; 4 left to review. Run 'termbase review' again to go on.\n"
    )


def test_help_lists_every_key(termbase: Path) -> None:
    result = review("?", "q")
    for key in ("1-9", "e", "a", "r", "x N", "f N", "n", "s", "u", "?", "q"):
        assert any(line.startswith(f"  {key} ") for line in result.output.splitlines()), key


def test_a_crash_keeps_the_decisions_already_made(
    termbase: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(ReviewSession, "skip", broken)
    result = review("1", "s")
    assert isinstance(result.exception, RuntimeError)
    assert status(termbase, "Deputy Foreign Minister") == "approved"
    assert shown(review("q")) == ["[2] họp báo"]


def test_limit_and_filters(termbase: Path) -> None:
    result = review("s", "s", args=("--limit", "1"))
    assert shown(result) == ["[1] Thứ trưởng Ngoại giao"]
    assert "Stopped after 1 concepts (--limit)." in result.output
    only = review("q", args=("--status", "suggested", "--min-score", "4"))
    assert only.output.splitlines()[0].startswith("── 2 left")
    nothing = review(args=("--domain", "law"))
    assert nothing.output.startswith("Nothing to review")


def test_review_needs_an_existing_termbase(tmp_path: Path) -> None:
    result = review("q", args=("--db", str(tmp_path / "none.db")))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
