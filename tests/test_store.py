import sqlite3
from pathlib import Path

import psycopg
import pytest

from termbase.add import add_pair, add_terms
from termbase.errors import InputError
from termbase.importer import import_concepts
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
from termbase.store import open_db
from termbase.store.migrations import MIGRATIONS


@pytest.mark.sqlite_only  # SQLite's pragmas
def test_open_db_migrates_and_sets_pragmas(db_path: Path) -> None:
    tb = open_db(db_path)
    names = [r[0] for r in tb.conn.execute("SELECT name FROM _migrations")]
    assert names == [m.__name__ for m in MIGRATIONS]
    assert tb.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert tb.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert tb.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 60000
    tb.close()
    # Opening again applies nothing twice.
    tb = open_db(db_path)
    assert tb.conn.execute("SELECT COUNT(*) FROM _migrations").fetchone()[0] == len(MIGRATIONS)
    tb.close()


def test_open_db_refuses_missing_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no termbase at"):
        open_db(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_open_db_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("hello, not a database\n" * 100)
    with pytest.raises(InputError, match="not a termbase database"):
        open_db(bogus)


def test_transaction_rolls_back_everything(db_path: Path) -> None:
    tb = open_db(db_path)
    with pytest.raises(RuntimeError), tb.transaction():
        add_pair(tb, "vũ khí hạt nhân", "nuclear weapon")
        raise RuntimeError("boom")
    assert tb.conn.execute("SELECT COUNT(*) FROM concepts").fetchone()[0] == 0
    assert tb.conn.execute("SELECT COUNT(*) FROM history").fetchone()[0] == 0
    tb.close()


def test_history_records_who_and_what(db_path: Path) -> None:
    tb = open_db(db_path)
    with tb.transaction():
        cid, created = add_pair(tb, "đàm phán", "negotiation", status="suggested")
        assert created
        add_pair(tb, "đàm phán", "negotiation", status="approved")
    rows = tb.history(cid)
    status_changes = [r for r in rows if r["field"] == "status"]
    assert (
        status_changes
        == [
            {
                "field": "status",
                "old_value": "suggested",
                "new_value": "approved",
                "changed_at": status_changes[0]["changed_at"],
                "changed_by": "tester",
                "command": None,
            }
        ]
        * 2
    )
    tb.close()


def test_same_pair_twice_is_one_concept_even_with_other_tone_style(db_path: Path) -> None:
    tb = open_db(db_path)
    with tb.transaction():
        a, _ = add_pair(tb, "hòa bình", "peace")
        b, created = add_pair(tb, "hoà bình", "Peace")
    assert a == b and not created
    assert tb.conn.execute("SELECT COUNT(*) FROM terms").fetchone()[0] == 2
    # The surface form stays as first given.
    assert tb.term_rows(a)[0].term.text == "hòa bình"
    tb.close()


def test_country_dependent_titles_stay_separate_concepts(db_path: Path) -> None:
    tb = open_db(db_path)
    with tb.transaction():
        us, _ = add_pair(tb, "Thứ trưởng Ngoại giao", "Deputy Secretary of State")
        ru = add_terms(tb, "Thứ trưởng Ngoại giao", "Deputy Foreign Minister", new_concept=True)
    assert ru.created and us != ru.concept_id
    # The English names which of the two concepts is meant; without it, add asks.
    with tb.transaction():
        again = add_terms(tb, "Thứ trưởng Ngoại giao", "Deputy Foreign Minister")
        assert (again.concept_id, again.created, again.changes) == (ru.concept_id, False, [])
        with pytest.raises(InputError, match=r"add --concept ID .* or --new-concept"):
            add_terms(tb, "Thứ trưởng Ngoại giao", "Vice Minister")
    tb.close()


def test_foreign_keys_cascade(db_path: Path) -> None:
    tb = open_db(db_path)
    with tb.transaction():
        cid = tb.create_concept(
            Concept(
                terms=(
                    Term(
                        lang="vi",
                        text="Hiệp ước Bầu trời mở",
                        occurrences=(Occurrence("seeds/a.txt", 3, 5, "… Hiệp ước Bầu trời mở …"),),
                    ),
                )
            )
        )
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
        tb.conn.execute(
            "INSERT INTO terms (concept_id, lang, text, exact_key, tone_key,"
            " fold_key, created_at, updated_at) VALUES (999, 'vi', 'x', 'x', 'x',"
            " 'x', '', '')"
        )
    tb.conn.execute("DELETE FROM concepts WHERE id = ?", [cid])
    assert tb.conn.execute("SELECT COUNT(*) FROM occurrences").fetchone()[0] == 0
    tb.close()


def test_import_keeps_free_ids_and_merges_occurrences(db_path: Path) -> None:
    tb = open_db(db_path)
    concept = Concept(
        id=42,
        domain="arms control",
        terms=(
            Term("vi", "kiểm soát vũ khí", occurrences=(Occurrence("a.txt", 1, 1, "ctx"),)),
            Term("en", "arms control", status="suggested", confidence=0.7),
        ),
    )
    with tb.transaction():
        first = import_concepts(tb, [concept], single_equivalent=False)
        again = import_concepts(tb, [concept], single_equivalent=False)
    assert (first.created, again.created, again.updated, again.unchanged) == (1, 0, 0, 1)
    assert tb.has_concept(42)
    assert tb.conn.execute("SELECT COUNT(*) FROM occurrences").fetchone()[0] == 1
    tb.close()


def test_single_equivalent_review_flow(db_path: Path) -> None:
    """What a reviewed PO/CSV does: approve, replace, leave alone, idempotent."""
    tb = open_db(db_path)
    with tb.transaction():
        cid = tb.create_concept(
            Concept(
                terms=(
                    Term("vi", "ổn định chiến lược"),
                    Term("en", "strategic stabilisation", status="suggested", source="mt"),
                )
            )
        )
    vi = Term("vi", "ổn định chiến lược")
    # Still fuzzy: stays suggested, nothing changes.
    still = Concept(id=cid, terms=(vi, Term("en", "strategic stabilisation", status="suggested")))
    # Edited and un-fuzzied: replaces the suggestion, approved; the replaced one stays, rejected.
    edited = Concept(id=cid, terms=(vi, Term("en", "strategic stability", status="approved")))
    emptied = Concept(id=cid, terms=(vi,))
    with tb.transaction():
        assert import_concepts(tb, [still], True).unchanged == 1
        assert import_concepts(tb, [edited], True).updated == 1
        assert import_concepts(tb, [edited], True).unchanged == 1
        assert import_concepts(tb, [emptied], True).unchanged == 1
    en = [r.term for r in tb.term_rows(cid) if r.term.lang == "en"]
    assert [(t.text, t.status) for t in en] == [
        ("strategic stabilisation", "rejected"),
        ("strategic stability", "approved"),
    ]
    texts = [(h["field"], h["old_value"], h["new_value"]) for h in tb.history(cid)]
    assert ("status", "suggested", "rejected") in texts
    assert ("term", None, "en:strategic stability (approved)") in texts
    tb.close()


def test_replacing_an_acronym_suggestion_takes_the_reviewers_type(db_path: Path) -> None:
    tb = open_db(db_path)
    vi = Term("vi", "Hiệp ước các lực lượng hạt nhân tầm trung")
    with tb.transaction():
        cid = tb.create_concept(
            Concept(terms=(vi, Term("en", "INF", type="acronym", status="suggested")))
        )
        reviewed = Term("en", "Intermediate-Range Nuclear Forces Treaty", status="approved")
        import_concepts(tb, [Concept(id=cid, terms=(vi, reviewed))], single_equivalent=True)
    inf, en = [r.term for r in tb.term_rows(cid) if r.term.lang == "en"]
    assert (en.text, en.type, en.status) == (reviewed.text, "fullForm", "approved")
    assert (inf.text, inf.type, inf.status) == ("INF", "acronym", "rejected")
    tb.close()


def _many(n: int) -> list[Concept]:
    return [
        Concept(terms=(Term("vi", f"điều ước số {i} về tên lửa"), Term("en", f"treaty {i}")))
        for i in range(n)
    ]


def test_bulk_import_keeps_the_substring_index_whole(db_path: Path) -> None:
    from termbase.importer import BULK
    from termbase.lookup import lookup_term

    tb = open_db(db_path)
    with tb.transaction():
        import_concepts(tb, _many(BULK + 5), single_equivalent=False)
    found = lookup_term(tb, "so 1004 ve ten")
    assert found is not None and found.tier == "contains"
    # The per-row trigger is back: a later single insert is indexed too.
    with tb.transaction():
        add_pair(tb, "phòng không", "air defence")
    later = lookup_term(tb, "hong kho")
    assert later is not None and later.tier == "contains"
    tb.close()


@pytest.mark.sqlite_only  # SQLite's full-text triggers
def test_failed_bulk_import_restores_the_trigger(db_path: Path) -> None:
    from termbase.importer import BULK

    tb = open_db(db_path)
    broken = [*_many(BULK), Concept(terms=(Term("vi", "   "),))]
    with pytest.raises(InputError), tb.transaction():
        import_concepts(tb, broken, single_equivalent=False)
    rows = tb.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    triggers = {r[0] for r in rows}
    assert "terms_ai" in triggers
    assert tb.conn.execute("SELECT COUNT(*) FROM terms").fetchone()[0] == 0
    tb.close()


def test_new_terms_in_bulk_are_what_add_term_would_write(tmp_path: Path) -> None:
    one, bulk = open_db(tmp_path / "one.db"), open_db(tmp_path / "bulk.db")
    suggestions = [Term("en", "nuclear weapon", status="suggested", source="dictionary")]
    suggestions.append(Term("en", "atomic weapon", status="suggested", source="compositional"))
    for tb in (one, bulk):
        with tb.transaction():
            a = tb.create_concept(Concept(terms=(Term("vi", "vũ khí hạt nhân"),)))
            b = tb.create_concept(Concept(terms=(Term("vi", "vũ khí"), Term("vi", "binh khí"))))
        with tb.transaction():
            if tb is one:
                for cid in (a, b):
                    for term in suggestions:
                        tb.add_term(cid, term)
            else:
                tb.add_new_terms([(cid, term) for cid in (a, b) for term in suggestions])

    def snapshot(tb: object) -> tuple[list[tuple[object, ...]], ...]:
        conn = tb.conn  # type: ignore[attr-defined]
        terms = conn.execute(
            "SELECT id, concept_id, lang, text, tone_key, fold_key, status, source, position"
            " FROM terms ORDER BY id"
        ).fetchall()
        history = conn.execute(
            "SELECT concept_id, term_id, field, new_value FROM history ORDER BY id"
        ).fetchall()
        found = conn.execute(
            "SELECT rowid FROM terms_fts WHERE terms_fts MATCH 'atomic' ORDER BY rowid"
        ).fetchall()
        return terms, history, found

    assert snapshot(one) == snapshot(bulk)
    assert len(snapshot(bulk)[2]) == 2  # the substring index has both new terms
    assert [r[-1] for r in snapshot(bulk)[0] if r[2] == "en"] == [1, 2, 2, 3]
    assert bulk.add_new_terms([]) == []


def test_documents_saved_in_bulk_match_one_by_one(tmp_path: Path) -> None:
    tb = open_db(tmp_path / "t.db")
    with tb.transaction():
        (first_id, replaced) = tb.save_document("a.txt", "a.txt", "d1", 10)
        assert not replaced
    records = [
        DocumentRecord("a.txt", "a.txt", "d2", 12),
        DocumentRecord("b.txt", "b.txt", "e1", 5),
        DocumentRecord("b.txt", "b", "e2", 6),
    ]
    with tb.transaction():
        saved = tb.save_documents(records)
    assert [(i, r) for i, r, _ in saved] == [
        (first_id, True),
        (first_id + 1, False),
        (first_id + 1, True),
    ]
    rows = tb.conn.execute(
        "SELECT id, key, name, digest, words FROM documents ORDER BY id"
    ).fetchall()
    assert rows == [(first_id, "a.txt", "a.txt", "d2", 12), (first_id + 1, "b.txt", "b", "e2", 6)]


def test_concepts_created_in_bulk_are_what_one_by_one_would_write(tmp_path: Path) -> None:
    occ = Occurrence("a.txt", 3, 7, "câu  có   khoảng trắng")
    concepts = [
        Concept(id=5, domain="arms control", terms=(Term("vi", "vũ khí", occurrences=(occ, occ)),)),
        Concept(terms=(Term("vi", "hạt nhân"), Term("en", "nuclear", status="approved"))),
        Concept(id=5, terms=(Term("vi", "tên lửa"),)),  # id taken: gets the next one
        Concept(id=2, note=" ghi chú ", terms=(Term("vi", "an ninh"), Term("en", "security"))),
        # one term twice: merged occurrences, through the one-by-one path
        Concept(terms=(Term("vi", "hòa bình"), Term("vi", "hoà bình", occurrences=(occ,)))),
        Concept(terms=(Term("vi", "đối thoại"),)),
    ]
    one, bulk = open_db(tmp_path / "one.db"), open_db(tmp_path / "bulk.db")
    for tb in (one, bulk):
        with tb.transaction():
            tb.create_concept(Concept(terms=(Term("vi", "có sẵn"),)))
        with tb.transaction():
            if tb is one:
                ids = [tb.create_concept(c, keep_id=True) for c in concepts]
            else:
                assert tb.create_concepts(concepts, keep_ids=True) == ids

    def snapshot(tb: object) -> list[list[tuple[object, ...]]]:
        conn = tb.conn  # type: ignore[attr-defined]
        return [
            conn.execute(sql).fetchall()
            for sql in (
                "SELECT id, domain, definition, note, score, frequency FROM concepts ORDER BY id",
                "SELECT id, concept_id, lang, text, exact_key, tone_key, fold_key, type, status,"
                " source, confidence, pos, note, position FROM terms ORDER BY id",
                "SELECT id, concept_id, term_id, field, old_value, new_value FROM history",
                "SELECT id, term_id, document, line, col, context FROM occurrences ORDER BY id",
                "SELECT rowid FROM terms_fts WHERE terms_fts MATCH 'hat nhan'",
            )
        ]

    assert snapshot(one) == snapshot(bulk)
    assert ids[:4] == [5, 6, 7, 2]


def test_an_import_merges_a_concept_into_a_new_one_of_the_same_file(tmp_path: Path) -> None:
    tb = open_db(tmp_path / "t.db")
    first = Concept(terms=(Term("vi", "kiểm soát vũ khí"), Term("en", "arms control")))
    again = Concept(
        note="seen twice", terms=(Term("vi", "kiểm soát vũ khí"), Term("en", "arms control"))
    )
    other = Concept(terms=(Term("vi", "giải trừ quân bị"), Term("en", "disarmament")))
    with tb.transaction():
        report = import_concepts(tb, [first, other, again], single_equivalent=False)
    assert (report.created, report.updated) == (2, 1)
    stored = tb.load_concepts(tb.concept_ids())
    assert [c.note for c in stored] == ["seen twice", None]
    assert [t.text for t in stored[0].terms] == ["kiểm soát vũ khí", "arms control"]


def test_mined_rows_create_new_concepts_and_merge_into_stored_ones(tmp_path: Path) -> None:
    tb = open_db(tmp_path / "t.db")
    with tb.transaction():
        stored = tb.create_concept(Concept(score=0.1, terms=(Term("vi", "hạt nhân"),)))
        tb.create_concept(Concept(terms=(Term("vi", "vũ khí", status="rejected"),)))
        (doc,) = tb.save_documents([DocumentRecord("a.txt", "a.txt", "d1", 10)])
    occ = Occurrence("a.txt", 2, 5, "câu   có hạt nhân")
    rows = [
        MinedConceptRow(
            None,
            0.9,
            [
                MinedTermRow("vi", "tên lửa", "fullForm", "candidate", "mined",
                             [TermCount(doc.id, "tên lửa", 3)], [DocumentOccurrence(doc.id, occ)]),
                MinedTermRow("vi", "tên  lửa", "fullForm", "candidate", "mined", [], []),
            ],
        ),
        MinedConceptRow(
            stored,
            0.7,
            [MinedTermRow("vi", "hạt nhân", "fullForm", "candidate", "mined",
                          [TermCount(doc.id, "Hạt nhân", 2)], [DocumentOccurrence(doc.id, occ)])],
        ),
    ]  # fmt: skip
    with tb.transaction():
        ids = tb.save_mined(rows)
    assert ids == [stored + 2, stored]
    (new,) = tb.load_concepts([stored + 2])
    assert (new.score, new.frequency, [t.text for t in new.terms]) == (0.9, 3, ["tên lửa"])
    assert new.terms[0].occurrences == (Occurrence("a.txt", 2, 5, "câu có hạt nhân"),)
    (merged,) = tb.load_concepts([stored])
    assert merged.score == 0.7 and len(merged.terms) == 1
    assert tb.term_variants(tb.term_rows(stored)[0].id) == [("Hạt nhân", 2)]
    assert tb.rejected_terms() == {(stored + 1, "vi", "vũ khí")}
