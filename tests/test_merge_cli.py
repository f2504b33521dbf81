"""The merge policy through the command line: import, import --overwrite/--dry-run, init, add."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import db_connect, shared_path
from termbase.cli import cli

GLOSSARY = Path(__file__).resolve().parents[1] / "glossary"
PO = 'msgid ""\nmsgstr ""\n"Language: vi\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
GLOSSARY_TERMS = (
    "SELECT id, concept_id, lang, text, type, status, source, confidence, pos, note"
    " FROM terms WHERE source = 'glossary' ORDER BY id"
)


def run(*args: str, ok: bool = True) -> Result:
    result = CliRunner().invoke(cli, list(args))
    if ok:
        assert result.exit_code == 0, result.output + result.stderr
    return result


def rows(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with db_connect(db) as conn:
        return [tuple(r) for r in conn.execute(sql, params)]


def digest(db: Path) -> str:
    with db_connect(db) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


@pytest.fixture(scope="session")
def glossary_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("init") / "glossary.db"
    run("init", "--db", str(db), "--glossary", str(GLOSSARY))
    return db


@pytest.fixture
def db(glossary_db: Path, db_path: Path) -> Path:
    """A copy of a termbase `termbase init` loaded with the glossary; TERMBASE_DB points at it."""
    if isinstance(db_path, Path):
        shutil.copy(glossary_db, db_path)
    else:  # a PostgreSQL database: the whole termbase copied in
        run("copy", str(glossary_db), db_path)
    return db_path


def austria(db: Path) -> list[tuple[object, ...]]:
    return rows(
        db,
        "SELECT lang, text, status, source FROM terms WHERE concept_id ="
        " (SELECT concept_id FROM terms WHERE text = 'Austria') ORDER BY id",
    )


APPROVED = [("vi", "Áo", "approved", "glossary"), ("en", "Austria", "approved", "glossary")]


def test_import_keeps_the_glossary_term_and_lists_the_conflict(db: Path, tmp_path: Path) -> None:
    po = tmp_path / "austria.po"
    po.write_text(PO + 'msgid "Austria"\nmsgstr "Ao"\n', encoding="utf-8")
    (cid,) = rows(db, "SELECT concept_id FROM terms WHERE text = 'Áo'")[0]
    result = run("import", str(po))
    assert result.output == (
        f"Imported {po} (po): 0 new, 1 updated, 0 unchanged; kept as suggestions: 1 conflict\n"
        f"  concept {cid}: Vietnamese 'Ao' kept as a suggestion; 'Áo' (approved) stays\n"
    )
    assert austria(db) == [*APPROVED, ("vi", "Ao", "suggested", "austria.po")]
    omegat = tmp_path / "austria.utf8"
    omegat.write_text("Austria\tNước Áo\n", encoding="utf-8")
    run("import", str(omegat))
    assert austria(db)[:2] == APPROVED
    assert austria(db)[3] == ("vi", "Nước Áo", "suggested", "austria.utf8")


def test_overwrite_with_a_dry_run_first(db: Path, tmp_path: Path) -> None:
    po = tmp_path / "austria.po"
    po.write_text(PO + 'msgid "Austria"\nmsgstr "Ao"\n', encoding="utf-8")
    (cid,) = rows(db, "SELECT concept_id FROM terms WHERE text = 'Áo'")[0]
    before = digest(db)
    dry = run("import", str(po), "--overwrite", "--dry-run")
    assert dry.output == (
        f"Dry run of {po} (po): 0 new, 1 updated, 0 unchanged; overwritten: 1 decision;"
        " nothing written\n"
        f"  Changed status of Vietnamese 'Áo' in concept {cid} from approved to rejected\n"
    )
    assert digest(db) == before
    run("import", str(po), "--overwrite")
    assert austria(db) == [
        ("vi", "Áo", "rejected", "glossary"),
        APPROVED[1],
        ("vi", "Ao", "approved", "austria.po"),
    ]


@pytest.mark.parametrize(
    "parts", [("po", "debian-bookworm-vi.po"), ("glossary", "namlq-matrix2018", "glossary.txt")]
)
def test_real_files_change_no_glossary_term(db: Path, parts: tuple[str, ...]) -> None:
    path = shared_path("data", *parts)
    before = rows(db, GLOSSARY_TERMS)
    result = run("import", str(path))
    assert rows(db, GLOSSARY_TERMS) == before
    assert "kept as suggestions: " in result.output.splitlines()[0]
    assert "overwritten" not in result.output


def test_init_again_duplicates_no_glossary_concept(db: Path, tmp_path: Path) -> None:
    po = tmp_path / "austria.po"
    po.write_text(PO + 'msgid "Austria"\nmsgstr "Ao"\n', encoding="utf-8")
    omegat = tmp_path / "austria.utf8"
    omegat.write_text("Austria\tNước Áo\n", encoding="utf-8")
    run("import", str(po))
    run("import", str(omegat))
    concepts = rows(db, "SELECT COUNT(*) FROM concepts")
    again = run("init", "--glossary", str(GLOSSARY))
    assert all(line.endswith(" 0 new, 0 updated") for line in again.output.splitlines()[1:])
    assert rows(db, "SELECT COUNT(*) FROM concepts") == concepts
    assert austria(db)[:2] == APPROVED


def test_a_repeated_source_term_keeps_both_targets(tmp_path: Path, db_path: Path) -> None:
    omegat = tmp_path / "peace.utf8"
    omegat.write_text("hòa bình\tpeace\nhòa bình\tharmony\n", encoding="utf-8")
    result = run("import", str(omegat))
    assert result.output == (
        f"Imported {omegat} (omegat): 1 new, 1 updated, 0 unchanged;"
        " 1 repeated entry kept as variants of one concept\n"
    )
    assert rows(db_path, "SELECT concept_id, lang, text FROM terms ORDER BY id") == [
        (1, "vi", "hòa bình"),
        (1, "en", "peace"),
        (1, "en", "harmony"),
    ]


def test_add_says_what_it_changed(db_path: Path) -> None:
    assert run("add", "hòa bình", "peace", "--status", "suggested").output == (
        "Added concept 1: hòa bình = peace\n"
    )
    assert run("add", "hoà bình", "harmony").output == (
        "Changed status of Vietnamese 'hòa bình' in concept 1 from suggested to approved\n"
        "Added English 'harmony' to concept 1 (approved)\n"
    )
    assert run("add", "hòa bình", "peace").output == (
        "Changed status of English 'peace' in concept 1 from suggested to approved\n"
    )
    assert run("add", "hòa bình", "peace").output == (
        "Already in the termbase: nothing changed (concept 1: hòa bình = peace)\n"
    )
    assert run("add", "hòa bình", "peace", "--status", "rejected", ok=False).stderr == (
        "Error: Vietnamese 'hòa bình' is approved in concept 1;"
        " add --overwrite to make it rejected\n"
    )
    assert run("add", "hòa bình", "concord", "--new-concept").output == (
        "Added concept 2: hòa bình = concord\n"
    )
    ambiguous = run("add", "hòa bình", "amity", ok=False)
    assert (ambiguous.exit_code, ambiguous.stderr) == (
        1,
        "Error: 'hòa bình' is in concepts 1, 2; add --concept ID to add to one of them,"
        " or --new-concept for a new one\n",
    )
    assert run("add", "hòa bình", "amity", "--concept", "2").output == (
        "Added English 'amity' to concept 2 (approved)\n"
    )
    both = run("add", "hòa bình", "amity", "--concept", "2", "--new-concept", ok=False)
    assert both.exit_code == 2
    assert rows(db_path, "SELECT COUNT(*) FROM concepts") == [(2,)]
