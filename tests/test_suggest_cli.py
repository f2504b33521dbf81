"""``termbase suggest`` end to end: output, errors, the translator option, exports round-trip."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from termbase.cli import TermbaseGroup, cli
from termbase.cli.suggest import suggest
from termbase.suggest.translators import register_translator, unregister_translator
from termbase.suggest.translators.fake import FakeTranslator

# The lead registers ``suggest`` on the real group; here a group of our own runs it
# next to the real commands without changing ``cli`` for other tests.
group = TermbaseGroup(name="termbase", commands={**cli.commands, "suggest": suggest})


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(group, list(args))


@pytest.fixture
def fake() -> Iterator[FakeTranslator]:
    translator = FakeTranslator({"đối ứng": "reciprocal"})
    register_translator("fake", lambda: translator)
    yield translator
    unregister_translator("fake")


@pytest.fixture
def termbase(db_path: Path) -> Path:
    assert invoke("init", "--db", str(db_path), "--no-glossary").exit_code == 0
    for term in ("họp báo", "chiến lược hạt nhân", "đối ứng"):
        result = invoke("add", term, "--status", "candidate", "--db", str(db_path))
        assert result.exit_code == 0, result.output
    return db_path


def english_rows(db_path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT text, status, source FROM terms WHERE lang = 'en' ORDER BY text"
        ).fetchall()


def test_suggest_all_prints_the_best_with_its_source(termbase: Path) -> None:
    result = invoke("suggest", "--all", "--db", str(termbase))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Suggested English for 3 concepts: ")
    assert "; 1 with no suggestion" in result.output
    lines = result.output.splitlines()
    assert any(
        "họp báo" in line and "press conference" in line and "dictionary" in line for line in lines
    )
    assert any("nuclear strategy" in line and "compositional" in line for line in lines)
    assert ("press conference", "suggested", "dictionary") in english_rows(termbase)


def test_suggest_named_terms_only(termbase: Path) -> None:
    result = invoke("suggest", "hop bao", "--db", str(termbase))
    assert result.exit_code == 0, result.output
    assert "Suggested English for 1 concept: " in result.output
    assert {row[0] for row in english_rows(termbase)} >= {"press conference"}
    assert not any(row[0] == "nuclear strategy" for row in english_rows(termbase))


def test_suggest_twice_reports_nothing_changed(termbase: Path) -> None:
    invoke("suggest", "--all", "--db", str(termbase))
    result = invoke("suggest", "--all", "--db", str(termbase))
    assert "0 new, 0 updated, 0 removed, 3 unchanged" in result.output


def test_suggest_needs_terms_or_all(termbase: Path) -> None:
    result = invoke("suggest", "--db", str(termbase))
    assert result.exit_code == 2
    assert "Error: name the TERMS to suggest English for, or pass --all" in result.output


def test_suggest_unknown_term_is_an_error(termbase: Path) -> None:
    result = invoke("suggest", "không có", "--db", str(termbase))
    assert result.exit_code == 1
    assert result.output == (
        "Error: no Vietnamese term 'không có' in the termbase; mine or add it first\n"
    )


def test_suggest_unknown_translator_is_a_usage_error(termbase: Path) -> None:
    result = invoke("suggest", "--all", "--translator", "nope", "--db", str(termbase))
    assert result.exit_code == 2
    assert "Invalid value for '--translator': 'nope' is not one of" in result.output


def test_suggest_with_a_translator(termbase: Path, fake: FakeTranslator) -> None:
    result = invoke("suggest", "--all", "--translator", "fake", "--db", str(termbase))
    assert result.exit_code == 0, result.output
    assert ("reciprocal", "suggested", "mt:fake") in english_rows(termbase)
    invoke("suggest", "--all", "--translator", "fake", "--db", str(termbase))
    assert len(fake.calls) == 1


def test_suggest_offline_translator_warns_and_succeeds(
    termbase: Path, fake: FakeTranslator
) -> None:
    fake.offline = True
    result = CliRunner().invoke(
        group, ["suggest", "--all", "--translator", "fake", "--db", str(termbase)]
    )
    assert result.exit_code == 0
    assert "Warning: machine translation skipped: fake cannot be reached (offline)" in (
        result.output
    )
    assert ("press conference", "suggested", "dictionary") in english_rows(termbase)


def test_missing_termbase_is_an_error(tmp_path: Path) -> None:
    result = invoke("suggest", "--all", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "no termbase at" in result.output


@pytest.mark.parametrize("fmt", ["po", "tbx", "json", "csv"])
def test_exports_with_suggestions_round_trip(termbase: Path, tmp_path: Path, fmt: str) -> None:
    invoke("suggest", "--all", "--db", str(termbase))
    before = english_rows(termbase)
    out = tmp_path / f"export.{fmt}"
    assert invoke("export", "--db", str(termbase), "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "press conference" in text
    assert "dictionary" in text  # the source travels with the term
    result = invoke("import", str(out), "--db", str(termbase))
    assert result.exit_code == 0, result.output
    assert "0 new, 0 updated" in result.output
    assert english_rows(termbase) == before


def test_po_export_carries_best_as_fuzzy_msgstr_and_others_as_alternatives(
    termbase: Path, tmp_path: Path
) -> None:
    invoke("suggest", "--all", "--db", str(termbase))
    out = tmp_path / "review.po"
    invoke("export", "--db", str(termbase), "-o", str(out))
    entry = out.read_text(encoding="utf-8").split('msgid "chiến lược hạt nhân"')[0]
    entry = entry.rsplit("\n\n", 1)[-1]
    assert '#. en target: "nuclear strategy" status=suggested source=compositional' in entry
    assert "#. en alternative: " in entry
    assert "#, fuzzy" in entry
