"""The bulk write paths keep the substring index whole; database errors never show as ours.

Issue 10, case 2: 999 distinct OmegaT lines plus one repeated source failed
with "database disk image is malformed" (998 + 1 did not): from 1000 concepts
on the import drops the index's insert trigger and rebuilds at the end, and an
update inside fired the update trigger for a row the index never held.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import db_connect
from soundness import assert_sound, connected
from termbase.cli import cli
from termbase.importer import BULK, import_concepts
from termbase.lookup import lookup_term
from termbase.models import (
    Concept,
    DocumentOccurrence,
    DocumentRecord,
    MinedConceptRow,
    MinedTermRow,
    Occurrence,
    Term,
    TermCount,
)
from termbase.store import BULK_TERMS, open_db


def _glossary(path: Path, distinct: int, repeats: int) -> Path:
    """``distinct`` OmegaT lines, then ``repeats`` lines repeating a source with another target."""
    lines = [f"thuật ngữ số {i}\tterm number {i}" for i in range(distinct)]
    lines += [f"thuật ngữ số {i}\tanother term {i}" for i in range(repeats)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("distinct", "repeats"), [(998, 1), (999, 1), (1000, 1), (1500, 40)])
def test_import_around_the_bulk_size_with_repeated_sources(
    tmp_path: Path, db_path: Path, distinct: int, repeats: int
) -> None:
    path = _glossary(tmp_path / "glossary.txt", distinct, repeats)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "import", str(path), "-f", "omegat"])
    assert result.exit_code == 0, result.output
    assert "malformed" not in result.output
    assert_sound(db_path)
    with db_connect(db_path) as conn:
        vi = conn.execute("SELECT COUNT(DISTINCT tone_key) FROM terms WHERE lang = 'vi'")
        assert vi.fetchone()[0] == distinct
    # Every term the file brought is found by its substring, whatever became of the repeats.
    tb = open_db(db_path, create=False)
    found = lookup_term(tb, f"ngu so {distinct - 1}")
    assert found is not None and found.tier == "contains"
    tb.close()


def _concepts(n: int, prefix: str = "") -> list[Concept]:
    return [
        Concept(terms=(Term("vi", f"{prefix}khái niệm {i}"), Term("en", f"{prefix}concept {i}")))
        for i in range(n)
    ]


def test_updates_and_deletes_inside_a_bulk_block_keep_the_index_whole(db_path: Path) -> None:
    tb = open_db(db_path)
    with tb.transaction():
        tb.create_concepts(_concepts(50, "cũ "))  # indexed one by one
    with tb.transaction(), tb.bulk_index():
        ids = tb.create_concepts(_concepts(1500))
        new_terms = tb.term_rows(ids[10])
        old_terms = tb.term_rows(1)
        # Rows the index never held, and rows it did: updated and deleted.
        tb.update_term(new_terms[1].id, text="renamed concept")
        tb.update_term(old_terms[1].id, text="renamed old concept")
        tb.delete_term(tb.term_rows(ids[20])[1].id)
        tb.delete_term(tb.term_rows(2)[1].id)
    assert_sound(db_path)
    assert lookup_term(tb, "renamed conc") is not None
    found = lookup_term(tb, "amed old conc")
    assert found is not None and [c.id for c in found.concepts] == [1]
    tb.close()


def test_a_bulk_import_of_full_concepts_with_changes_keeps_the_index_whole(db_path: Path) -> None:
    tb = open_db(db_path)
    with tb.transaction():
        import_concepts(tb, _concepts(20), single_equivalent=False)
    changed = [
        Concept(terms=(Term("vi", f"khái niệm {i}"), Term("en", f"concept {i}", note="checked")))
        for i in range(20)
    ]
    with tb.transaction():
        report = import_concepts(tb, [*_concepts(BULK, "mới "), *changed], False)
    assert report.created == BULK
    assert_sound(db_path)
    tb.close()


def _mined(n: int, doc: int) -> list[MinedConceptRow]:
    occ = DocumentOccurrence(doc, Occurrence("a.txt", 1, 1, "ngữ cảnh"))
    return [
        MinedConceptRow(
            None,
            1.0 / (i + 1),
            [
                MinedTermRow(
                    "vi",
                    f"ứng viên {i}",
                    "fullForm",
                    "candidate",
                    "mined",
                    [TermCount(doc, f"ứng viên {i}", 2)],
                    [occ],
                ),
            ],
        )
        for i in range(n)
    ]


def test_save_mined_in_bulk_then_changes_keep_the_index_whole(db_path: Path) -> None:
    tb = open_db(db_path)
    with tb.transaction():
        [saved] = tb.save_documents([DocumentRecord("a.txt", "a.txt", "d1", 100)])
        ids = tb.save_mined(_mined(BULK_TERMS + 10, saved.id))
        # Then, in the same transaction, what mining does next: suggestions in bulk,
        # an edit of a new term, a stale suggestion removed.
        with tb.bulk_index():
            added = tb.add_new_terms(
                [(cid, Term("en", f"candidate {n}")) for n, cid in enumerate(ids)]
            )
            tb.update_term(added[0], text="first candidate")
            tb.delete_term(added[1])
        tb.update_term(added[2], text="third candidate")
    assert_sound(db_path)
    assert lookup_term(tb, "rst candid") is not None
    tb.close()


def test_add_new_terms_alone_keeps_the_index_whole(db_path: Path) -> None:
    tb = open_db(db_path)
    with tb.transaction():
        ids = tb.create_concepts(_concepts(30))
    with tb.transaction():
        added = tb.add_new_terms([(cid, Term("en", f"synonym {n}")) for n, cid in enumerate(ids)])
        tb.update_term(added[0], text="first synonym")
    assert_sound(db_path)
    tb.close()


def test_an_error_inside_a_bulk_block_undoes_it_and_keeps_the_triggers(db_path: Path) -> None:
    tb = open_db(db_path)
    with tb.transaction():
        tb.create_concepts(_concepts(5))
        with pytest.raises(RuntimeError), tb.bulk_index():
            tb.create_concepts(_concepts(100, "x "))
            raise RuntimeError("boom")
        # The caller went on after the error: its transaction commits what it kept.
        tb.create_concepts(_concepts(1, "sau "))
    assert tb.conn.execute("SELECT COUNT(*) FROM concepts").fetchone()[0] == 6
    assert_sound(db_path)
    tb.close()


def test_bulk_index_outside_a_transaction_is_refused(db_path: Path) -> None:
    tb = open_db(db_path)
    with pytest.raises(RuntimeError, match="transaction"), tb.bulk_index():
        pass
    assert_sound(db_path)
    tb.close()


def test_nested_bulk_blocks_rebuild_once(db_path: Path) -> None:
    tb = open_db(db_path)
    with tb.transaction(), tb.bulk_index():
        tb.create_concepts(_concepts(10))
        with tb.bulk_index():
            tb.create_concepts(_concepts(10, "y "))
        tb.update_term(tb.term_rows(1)[0].id, text="khái niệm đổi tên")
    assert_sound(db_path)
    tb.close()


@pytest.mark.sqlite_only  # damages SQLite's own full-text index
def test_an_internal_database_error_says_nothing_changed_and_names_doctor(db_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path), "add", "hòa bình", "peace"]).exit_code == 0
    # Break the substring index the way our own bug did: every write to it now fails.
    with connected(db_path) as conn:
        conn.execute("UPDATE terms_fts_data SET block = x'00ff00ff' WHERE id = 10")
    before = db_connect(db_path).execute("SELECT COUNT(*) FROM terms").fetchone()
    result = runner.invoke(cli, ["--db", str(db_path), "add", "chiến tranh", "war"])
    assert result.exit_code == 1
    assert "malformed" not in result.output
    assert "Traceback" not in result.output
    assert "nothing was changed" in result.stderr
    assert "termbase doctor" in result.stderr
    assert db_connect(db_path).execute("SELECT COUNT(*) FROM terms").fetchone() == before
