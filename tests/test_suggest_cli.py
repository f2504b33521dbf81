"""``termbase suggest`` end to end: output, errors, the translator option, exports round-trip."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Run, db_connect
from termbase.suggest.translators import register_translator, unregister_translator
from termbase.suggest.translators.fake import FakeTranslator


@pytest.fixture
def fake() -> Iterator[FakeTranslator]:
    translator = FakeTranslator({"đối ứng": "reciprocal"})
    register_translator("fake", lambda: translator)
    yield translator
    unregister_translator("fake")


@pytest.fixture
def termbase(run: Run, db_path: Path) -> Path:
    run("init", "--db", str(db_path), "--no-glossary")
    for term in ("họp báo", "chiến lược hạt nhân", "đối ứng"):
        run("add", term, "--status", "candidate", "--db", str(db_path))
    return db_path


def english_rows(db_path: Path) -> list[tuple[str, str, str]]:
    with db_connect(db_path) as conn:
        return conn.execute(
            "SELECT text, status, source FROM terms WHERE lang = 'en' ORDER BY text"
        ).fetchall()


def test_suggest_all_prints_the_best_with_its_source(run: Run, termbase: Path) -> None:
    result = run("suggest", "--all", "--db", str(termbase))
    assert result.output.startswith("Suggested English for 3 concepts: ")
    assert "; 1 with no suggestion" in result.output
    lines = result.output.splitlines()
    assert any(
        "họp báo" in line and "press conference" in line and "dictionary" in line for line in lines
    )
    assert any("nuclear strategy" in line and "compositional" in line for line in lines)
    assert ("press conference", "suggested", "dictionary") in english_rows(termbase)


def test_suggest_named_terms_only(run: Run, termbase: Path) -> None:
    result = run("suggest", "hop bao", "--db", str(termbase))
    assert "Suggested English for 1 concept: " in result.output
    assert {row[0] for row in english_rows(termbase)} >= {"press conference"}
    assert not any(row[0] == "nuclear strategy" for row in english_rows(termbase))


def test_suggest_twice_reports_nothing_changed(run: Run, termbase: Path) -> None:
    run("suggest", "--all", "--db", str(termbase))
    result = run("suggest", "--all", "--db", str(termbase))
    assert "0 new, 0 updated, 0 removed, 3 unchanged" in result.output


def test_suggest_needs_terms_or_all(run: Run, termbase: Path) -> None:
    result = run("suggest", "--db", str(termbase), ok=False)
    assert result.exit_code == 2
    assert "Error: name the TERMS to suggest English for, or pass --all" in result.output


def test_suggest_unknown_term_is_an_error(run: Run, termbase: Path) -> None:
    result = run("suggest", "không có", "--db", str(termbase), ok=False)
    assert result.exit_code == 1
    assert result.output == (
        "Error: no Vietnamese term 'không có' in the termbase; mine or add it first\n"
    )


def test_suggest_unknown_translator_is_a_usage_error(run: Run, termbase: Path) -> None:
    result = run("suggest", "--all", "--translator", "nope", "--db", str(termbase), ok=False)
    assert result.exit_code == 2
    assert "Invalid value for '--translator': 'nope' is not one of" in result.output


def test_suggest_with_a_translator(run: Run, termbase: Path, fake: FakeTranslator) -> None:
    run("suggest", "--all", "--translator", "fake", "--db", str(termbase))
    assert ("reciprocal", "suggested", "mt:fake") in english_rows(termbase)
    run("suggest", "--all", "--translator", "fake", "--db", str(termbase))
    assert len(fake.calls) == 1


def test_suggest_offline_translator_warns_and_succeeds(
    run: Run, termbase: Path, fake: FakeTranslator
) -> None:
    fake.offline = True
    result = run("suggest", "--all", "--translator", "fake", "--db", str(termbase))
    assert "Warning: machine translation skipped: fake cannot be reached (offline)" in (
        result.output
    )
    assert ("press conference", "suggested", "dictionary") in english_rows(termbase)


def test_missing_termbase_is_an_error(run: Run, tmp_path: Path) -> None:
    result = run("suggest", "--all", "--db", str(tmp_path / "none.db"), ok=False)
    assert result.exit_code == 1
    assert "no termbase at" in result.output


@pytest.mark.parametrize("fmt", ["po", "tbx", "json", "csv"])
def test_exports_with_suggestions_round_trip(
    run: Run, termbase: Path, tmp_path: Path, fmt: str
) -> None:
    run("suggest", "--all", "--db", str(termbase))
    before = english_rows(termbase)
    out = tmp_path / f"export.{fmt}"
    run("export", "--db", str(termbase), "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "press conference" in text
    assert "dictionary" in text  # the source travels with the term
    result = run("import", str(out), "--db", str(termbase))
    assert "0 new, 0 updated" in result.output
    assert english_rows(termbase) == before


def test_po_export_carries_best_as_fuzzy_msgstr_and_others_as_alternatives(
    run: Run, termbase: Path, tmp_path: Path
) -> None:
    run("suggest", "--all", "--db", str(termbase))
    out = tmp_path / "review.po"
    run("export", "--db", str(termbase), "-o", str(out))
    entry = out.read_text(encoding="utf-8").split('msgid "chiến lược hạt nhân"')[0]
    entry = entry.rsplit("\n\n", 1)[-1]
    assert '#. en target: "nuclear strategy" status=suggested source=compositional' in entry
    # The others are listed for the reviewer, one per line in words, after the best.
    assert re.search(r"^#\. - nuclear strategy — compositional, 0\.\d\d ", entry, re.M)
    listed = [line for line in entry.splitlines() if line.startswith("#. - ")]
    assert len(listed) >= 2
    assert "#, fuzzy" in entry
