"""``termbase backup`` and ``termbase doctor``: copies made while others write; problems mended."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from soundness import assert_sound, cli_env, connected, dump, omegat_glossary, termbase_cmd
from termbase.cli import cli

# About the SQLite file itself (its locks, damage, copies): not run on PostgreSQL.
pytestmark = pytest.mark.sqlite_only


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def db(db_path: Path) -> Path:
    for vi, en in (("hòa bình", "peace"), ("chiến tranh", "war"), ("an ninh", "security")):
        assert run("--db", str(db_path), "add", vi, en).exit_code == 0
    return db_path


# -- backup -------------------------------------------------------------------


def test_backup_copies_the_termbase(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    result = run("--db", str(db), "backup", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Backed up {db} to {target} (")
    assert dump(target) == dump(db)
    assert_sound(target)


def test_backup_never_overwrites_unless_forced(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("precious")
    result = run("--db", str(db), "backup", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target}: already exists; pass --force to overwrite it\n"
    assert target.read_text() == "precious"
    forced = run("--db", str(db), "backup", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert dump(target) == dump(db)


def test_backup_refuses_the_termbase_itself_and_a_missing_termbase(
    db: Path, tmp_path: Path
) -> None:
    same = run("--db", str(db), "backup", str(db), "--force")
    assert same.exit_code == 1
    assert same.stderr == f"Error: {db}: is the termbase itself; give the backup another name\n"
    missing = run("--db", str(tmp_path / "none.db"), "backup", str(tmp_path / "b.db"))
    assert missing.exit_code == 1
    assert "no termbase at" in missing.stderr
    assert not (tmp_path / "none.db").exists()


def test_backup_while_another_process_writes_is_one_consistent_snapshot(
    db: Path, tmp_path: Path
) -> None:
    glossary = omegat_glossary(tmp_path / "big.txt", 10_000)
    importing = subprocess.Popen(
        termbase_cmd("--db", str(db), "import", str(glossary), "-f", "omegat"),
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # Wait until the import holds the write lock, then back up under it.
    while importing.poll() is None and not _writing(db):
        time.sleep(0.02)
    target = tmp_path / "during.db"
    result = run("--db", str(db), "backup", str(target))
    still_writing = importing.poll() is None
    assert importing.wait(timeout=600) == 0
    assert result.exit_code == 0, result.output
    assert still_writing, "the import ended before the backup: give it more to do"
    assert_sound(target)
    with connected(target) as conn:  # the file as it was before the import's transaction
        assert conn.execute("SELECT COUNT(*) FROM concepts").fetchone()[0] == 3


def _writing(db: Path) -> bool:
    conn = sqlite3.connect(db, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


# -- doctor -------------------------------------------------------------------


def test_doctor_on_a_sound_termbase(db: Path) -> None:
    result = run("--db", str(db), "doctor")
    assert result.exit_code == 0
    assert result.stdout == f"{db}: ok (integrity, links between rows, substring index)\n"
    repaired = run("--db", str(db), "doctor", "--repair")
    assert repaired.exit_code == 0
    assert not list(db.parent.glob("*.bak-doctor*"))  # nothing to mend, no copy


def _raw(db: Path, *statements: str) -> None:
    """Statements as another program (or an old bug) would run them: no foreign keys."""
    with connected(db) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        for sql in statements:
            conn.execute(sql)


def test_doctor_finds_and_removes_rows_that_point_nowhere(db: Path) -> None:
    _raw(
        db,
        "INSERT INTO terms (concept_id, lang, text, exact_key, tone_key, fold_key, created_at,"
        " updated_at) VALUES (999, 'vi', 'mồ côi', 'mồ côi', 'mo` coi', 'mo coi', 'x', 'x')",
        "INSERT INTO occurrences (term_id, document) VALUES (888, 'a.txt')",
        "INSERT INTO occurrences (term_id, document, document_id) VALUES (1, 'b.txt', 77)",
        "INSERT INTO documents (id, key, name, digest, mined_at) VALUES (5, 'c', 'c', 'd', 'x')",
        "INSERT INTO term_counts VALUES (1, 66, 'hòa bình', 2)",
    )
    found = run("--db", str(db), "doctor")
    assert found.exit_code == 1
    assert found.stdout.splitlines() == [
        "orphans: 1 occurrences point to no documents row (document_id)",
        "orphans: 1 occurrences point to no terms row (term_id)",
        "orphans: 1 term counts point to no documents row (document_id)",
        "orphans: 1 terms point to no concepts row (concept_id)",
    ]
    assert found.stderr == "Error: 4 problems found; 'termbase doctor --repair' mends them\n"
    before = dump(db)
    repaired = run("--db", str(db), "doctor", "--repair")
    assert repaired.exit_code == 0, repaired.output
    backup = db.with_name(db.name + ".bak-doctor")
    assert repaired.stdout.splitlines() == [
        f"Copied {db} to {backup} first",
        "  removed 1 occurrences rows pointing nowhere",
        "  removed 1 term_counts rows pointing nowhere",
        "  removed 1 terms rows pointing nowhere",
        "  cleared 1 dangling links in occurrences",
        "  rebuilt the substring index",
        f"{db}: ok (integrity, links between rows, substring index)",
    ]
    assert dump(backup) == before
    assert_sound(db)
    with connected(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM terms").fetchone()[0] == 6
        kept = conn.execute("SELECT document_id FROM occurrences WHERE document = 'b.txt'")
        assert kept.fetchall() == [(None,)]
        logged = conn.execute(
            "SELECT old_value, command FROM history WHERE field = 'term' AND new_value IS NULL"
        ).fetchall()
        assert logged == [("vi:mồ côi (candidate)", "doctor --repair")]


def test_doctor_rebuilds_a_damaged_substring_index(db: Path) -> None:
    _raw(db, "UPDATE terms_fts_data SET block = x'00ff00ff' WHERE id = 10")
    found = run("--db", str(db), "doctor")
    assert found.exit_code == 1
    assert found.stdout.startswith("index: ")
    repaired = run("--db", str(db), "doctor", "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert "  rebuilt the substring index" in repaired.stdout
    assert_sound(db)
    assert "peace" in run("--db", str(db), "lookup", "hoa bin").stdout


def test_doctor_finds_terms_missing_from_the_index_and_a_lost_trigger(db: Path) -> None:
    # What the old bulk path could leave: a term written while the trigger was off.
    _raw(
        db,
        "DROP TRIGGER terms_ai",
        "INSERT INTO terms (concept_id, lang, text, exact_key, tone_key, fold_key, created_at,"
        " updated_at) VALUES (1, 'en', 'concord', 'concord', 'concord', 'concord', 'x', 'x')",
    )
    found = run("--db", str(db), "doctor")
    assert found.exit_code == 1
    assert found.stdout.splitlines() == [
        "index: trigger terms_ai missing: the substring index no longer follows the terms",
        "index: 1 terms missing from the substring index",
    ]
    repaired = run("--db", str(db), "doctor", "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert "  restored triggers terms_ai" in repaired.stdout
    assert_sound(db)
    assert "concord" in run("--db", str(db), "lookup", "oncor", "--lang", "en").stdout


def test_doctor_reindexes_an_index_out_of_step_with_its_table(db: Path) -> None:
    with connected(db) as conn:
        roots = dict(
            conn.execute(
                "SELECT name, rootpage FROM sqlite_master"
                " WHERE name IN ('terms_exact', 'terms_tone')"
            ).fetchall()
        )
        # Each index now reads the other's pages: SQLite's own check sees rows missing.
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET rootpage = ? WHERE name = 'terms_exact'",
            [roots["terms_tone"]],
        )
        conn.execute(
            "UPDATE sqlite_master SET rootpage = ? WHERE name = 'terms_tone'",
            [roots["terms_exact"]],
        )
    found = run("--db", str(db), "doctor")
    assert found.exit_code == 1
    assert "integrity: row 1 missing from index terms_tone" in found.stdout
    repaired = run("--db", str(db), "doctor", "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert "  rebuilt SQLite's indexes" in repaired.stdout
    assert_sound(db)


def test_doctor_rebuilds_the_translation_memorys_word_indexes(db: Path) -> None:
    _raw(
        db,
        "INSERT INTO tm_sources (id, path, format, imported_at, imported_by)"
        " VALUES (1, 'a.tmx', 'tmx', 'x', 'x')",
        # A unit whose words never reached the word indexes.
        "INSERT INTO tm_units (pair_hash, vi, en, vi_key, en_key, vi_len, en_len, vi_hash,"
        " en_hash, source_id, locator) VALUES (7, 'Hòa bình.', 'Peace.', 'hòa bình', 'peace',"
        " 2, 1, 1, 2, 1, 'a.tmx:1')",
    )
    found = run("--db", str(db), "doctor")
    assert found.exit_code == 1
    assert found.stdout.splitlines() == [
        "index: translation memory: 1 units missing from the word index",
    ]
    repaired = run("--db", str(db), "doctor", "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert "  rebuilt the word index of the translation memory" in repaired.stdout
    assert run("--db", str(db), "doctor").exit_code == 0
