"""Imports and ``add`` into a termbase loaded from the curated glossary: no decision is lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import db_connect, shared_path
from termbase.add import add_terms
from termbase.cli import cli
from termbase.errors import InputError
from termbase.formats import detect_format
from termbase.importer import ImportReport, import_concepts, merge_file
from termbase.models import Concept, Term
from termbase.store import Termbase, open_db

GLOSSARY = Path(__file__).resolve().parents[1] / "glossary"
GLOSSARY_TERMS = (
    "SELECT id, concept_id, lang, text, type, status, source, confidence, pos, note"
    " FROM terms WHERE source = 'glossary' ORDER BY id"
)
PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Language: vi\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)


@pytest.fixture(scope="session")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A termbase `termbase init` loaded with the glossary (made once, copied per test)."""
    db = tmp_path_factory.mktemp("glossary") / "glossary.db"
    result = CliRunner().invoke(cli, ["init", "--db", str(db), "--glossary", str(GLOSSARY)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def tb(initialised: Path, tmp_path: Path) -> Termbase:
    db = tmp_path / "termbase.db"
    shutil.copy(initialised, db)
    return open_db(db)


def glossary_terms(tb: Termbase) -> list[tuple[object, ...]]:
    return [tuple(r) for r in tb.conn.execute(GLOSSARY_TERMS)]


def import_file(tb: Termbase, path: Path, **options: bool) -> ImportReport:
    fmt = detect_format(path)
    return merge_file(tb, fmt.read(path), fmt.single_equivalent, source=path.name, **options)


def austria(tb: Termbase) -> list[tuple[str, str, str, str | None]]:
    (cid,) = tb.concepts_with_term("en", "Austria")
    return [(r.term.lang, r.term.text, r.term.status, r.term.source) for r in tb.term_rows(cid)]


GLOSSARY_AUSTRIA = [("vi", "Áo", "approved", "glossary"), ("en", "Austria", "approved", "glossary")]


# -- issue 10, case 1: imports never overwrite an approved glossary term ----------


def test_a_po_entry_does_not_replace_the_approved_glossary_term(
    tb: Termbase, tmp_path: Path
) -> None:
    po = tmp_path / "a.po"
    po.write_text(PO_HEADER + 'msgid "Austria"\nmsgstr "Ao"\n', encoding="utf-8")
    before = glossary_terms(tb)
    report = import_file(tb, po)
    assert austria(tb) == [*GLOSSARY_AUSTRIA, ("vi", "Ao", "suggested", "a.po")]
    assert glossary_terms(tb) == before
    assert report.summary() == "0 new, 1 updated, 0 unchanged; kept as suggestions: 1 conflict"
    # The same file again adds nothing, and still reports the conflict.
    again = import_file(tb, po)
    assert again.summary() == "0 new, 0 updated, 1 unchanged; kept as suggestions: 1 conflict"
    assert len(austria(tb)) == 3


def test_an_omegat_line_neither_replaces_nor_demotes_it(tb: Termbase, tmp_path: Path) -> None:
    omegat = tmp_path / "a.utf8"
    omegat.write_text("Austria\tNước Áo\n", encoding="utf-8")
    report = import_file(tb, omegat)
    assert austria(tb) == [*GLOSSARY_AUSTRIA, ("vi", "Nước Áo", "suggested", "a.utf8")]
    assert report.suggestions == 1
    (conflict,) = report.conflicts
    assert conflict.describe().endswith(
        "Vietnamese 'Nước Áo' kept as a suggestion; 'Áo' (approved) stays"
    )


# How many of each file's entries meet a glossary concept with other Vietnamese that holds
# theirs or is held in it: the economics glossary meets the economy concepts of
# public-life.glossary.tsv ("Inflation": "Lạm phát."), each kept as a suggestion for review.
# An entry whose Vietnamese is another word ("Bill": "Hối phiếu", not the glossary's "dự
# luật"; "unemployment": "lạm phát.") is a concept of its own: 37 and 25 of them.
@pytest.mark.parametrize(
    ("parts", "kept"),
    [(("po", "debian-bookworm-vi.po"), 8), (("glossary", "namlq-matrix2018", "glossary.txt"), 38)],
)
def test_real_files_change_no_glossary_term(
    tb: Termbase, parts: tuple[str, ...], kept: int
) -> None:
    path = shared_path("data", *parts)
    before = glossary_terms(tb)
    report = import_file(tb, path)
    assert glossary_terms(tb) == before
    assert report.suggestions == kept
    assert report.decisions_changed == []
    # Every conflict is a suggestion with the file as its source, for review (two entries
    # may give a concept the same Vietnamese: "Trade balance", "Balance of trade").
    suggested = {(c.concept_id, c.lang, c.text) for c in report.conflicts}
    from_file = tb.conn.execute(
        "SELECT COUNT(*) FROM terms WHERE source = ? AND status = 'suggested'"
        " AND concept_id IN (SELECT concept_id FROM terms WHERE source = 'glossary')",
        [path.name],
    ).fetchone()[0]
    assert from_file == len(suggested)


def test_a_reviewer_may_not_replace_an_approved_term_in_an_exported_file(tb: Termbase) -> None:
    (cid,) = tb.concepts_with_term("en", "Austria")
    edited = Concept(
        id=cid, terms=(Term("vi", "Áo"), Term("en", "Republic of Austria", status="approved"))
    )
    report = merge_file(tb, [edited], True, source="terms.po")
    assert report.suggestions == 1
    assert austria(tb)[:2] == GLOSSARY_AUSTRIA
    assert austria(tb)[2] == ("en", "Republic of Austria", "suggested", "terms.po")


def test_overwrite_replaces_and_keeps_the_old_term_rejected(tb: Termbase, tmp_path: Path) -> None:
    po = tmp_path / "a.po"
    po.write_text(PO_HEADER + 'msgid "Austria"\nmsgstr "Ao"\n', encoding="utf-8")
    import_file(tb, po)  # kept as a suggestion first
    dry = import_file(tb, po, overwrite=True, dry_run=True)
    assert [c.describe() for c in dry.decisions_changed] == [
        f"Changed status of Vietnamese 'Áo' in concept {tb.concepts_with_term('vi', 'Áo')[0]}"
        " from approved to rejected"
    ]
    assert austria(tb)[0] == GLOSSARY_AUSTRIA[0]  # the dry run changed nothing
    done = import_file(tb, po, overwrite=True)
    assert done.summary() == "0 new, 1 updated, 0 unchanged; overwritten: 1 decision"
    assert austria(tb) == [
        ("vi", "Áo", "rejected", "glossary"),
        GLOSSARY_AUSTRIA[1],
        ("vi", "Ao", "approved", "a.po"),
    ]


def test_a_dry_run_writes_nothing(tb: Termbase, tmp_path: Path) -> None:
    omegat = tmp_path / "a.utf8"
    omegat.write_text("Austria\tNước Áo\nhòa bình\tpeace\n", encoding="utf-8")
    count = "SELECT (SELECT COUNT(*) FROM terms) + (SELECT COUNT(*) FROM history)"
    before = tb.conn.execute(count).fetchone()
    report = import_file(tb, omegat, dry_run=True)
    assert report.summary() == "1 new, 1 updated, 0 unchanged; kept as suggestions: 1 conflict"
    assert tb.conn.execute(count).fetchone() == before


# -- init again never duplicates a glossary concept --------------------------------


def test_init_again_after_imports_adds_no_second_concept(tb: Termbase, tmp_path: Path) -> None:
    po = tmp_path / "a.po"
    po.write_text(PO_HEADER + 'msgid "Austria"\nmsgstr "Ao"\n', encoding="utf-8")
    omegat = tmp_path / "a.utf8"
    omegat.write_text("Austria\tNước Áo\n", encoding="utf-8")
    import_file(tb, po)
    import_file(tb, omegat)
    concepts = tb.conn.execute("SELECT COUNT(*) FROM concepts").fetchone()[0]
    tb.close()
    result = CliRunner().invoke(cli, ["init", "--db", str(tb.path), "--glossary", str(GLOSSARY)])
    assert result.exit_code == 0, result.output
    assert all(", 0 updated" in line for line in result.output.splitlines()[1:])
    with db_connect(tb.path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM concepts").fetchone()[0] == concepts
        assert conn.execute("SELECT COUNT(*) FROM terms WHERE text = 'Áo'").fetchone()[0] == 1


def test_a_glossary_line_with_edited_english_finds_its_concept(tb: Termbase) -> None:
    """A glossary concept is known by its first Vietnamese term and its domain."""
    line = Concept(
        domain="geography",
        terms=(
            Term("vi", "Áo", status="approved", source="glossary"),
            Term("en", "Republic of Austria", status="approved", source="glossary"),
        ),
    )
    with tb.transaction():
        report = import_concepts(tb, [line], False, keep_ids=False, glossary=True)
    assert (report.created, report.updated) == (0, 1)
    assert austria(tb)[:2] == GLOSSARY_AUSTRIA
    with tb.transaction():
        shirt = Concept(domain="clothing", terms=(line.terms[0], Term("en", "shirt")))
        other = import_concepts(tb, [shirt], False, glossary=True)
    assert (
        other.created == 1
    )  # "áo" (a shirt) in another domain, with other English, is another concept


# -- issue 10, case 3: every entry of a file survives ------------------------------


def test_a_repeated_source_term_keeps_both_targets(tmp_path: Path, db_path: Path) -> None:
    omegat = tmp_path / "peace.utf8"
    omegat.write_text("hòa bình\tpeace\nhòa bình\tharmony\n", encoding="utf-8")
    tb = open_db(db_path)
    report = import_file(tb, omegat)
    assert report.summary() == (
        "1 new, 1 updated, 0 unchanged; 1 repeated entry kept as variants of one concept"
    )
    (concept,) = tb.load_concepts(tb.concept_ids())
    assert [(t.lang, t.text, t.status) for t in concept.terms] == [
        ("vi", "hòa bình", "candidate"),
        ("en", "peace", "suggested"),
        ("en", "harmony", "suggested"),
    ]


def test_repeated_approved_entries_are_variants_not_conflicts(
    tmp_path: Path, db_path: Path
) -> None:
    po = tmp_path / "peace.po"
    po.write_text(
        PO_HEADER.replace("Language: vi", "Language: en")
        + 'msgctxt "a"\nmsgid "hòa bình"\nmsgstr "peace"\n\n'
        'msgctxt "b"\nmsgid "hòa bình"\nmsgstr "harmony"\n',
        encoding="utf-8",
    )
    tb = open_db(db_path)
    report = import_file(tb, po)
    assert (report.created, report.duplicates, report.conflicts) == (1, 1, [])
    (concept,) = tb.load_concepts(tb.concept_ids())
    assert [(t.text, t.status) for t in concept.terms_in("en")] == [
        ("peace", "approved"),
        ("harmony", "approved"),
    ]


def test_an_empty_termbase_imports_as_before(tmp_path: Path, db_path: Path) -> None:
    po = tmp_path / "a.po"
    po.write_text(PO_HEADER + 'msgid "Austria"\nmsgstr "Áo"\n', encoding="utf-8")
    tb = open_db(db_path)
    report = import_file(tb, po)
    assert report.summary() == "1 new, 0 updated, 0 unchanged"
    assert austria(tb) == [("en", "Austria", "candidate", None), ("vi", "Áo", "approved", None)]


# -- add: says what it changed, adds synonyms, asks when it cannot tell ------------


def test_add_an_english_synonym_to_the_one_concept_with_the_vietnamese(tb: Termbase) -> None:
    (cid,) = tb.concepts_with_term("vi", "Áo")
    with tb.transaction():
        result = add_terms(tb, "Áo", "Republic of Austria")
    assert (result.concept_id, result.created) == (cid, False)
    assert [c.describe() for c in result.changes] == [
        f"Added English 'Republic of Austria' to concept {cid} (approved)"
    ]
    with tb.transaction():
        again = add_terms(tb, "Áo", "Republic of Austria")
    assert (again.concept_id, again.changes) == (cid, [])


def test_add_does_not_demote_an_approved_term_without_overwrite(tb: Termbase) -> None:
    (cid,) = tb.concepts_with_term("vi", "Áo")
    with pytest.raises(InputError) as error, tb.transaction():
        add_terms(tb, "Áo", "Austria", status="suggested")
    assert str(error.value) == (
        f"Vietnamese 'Áo' is approved in concept {cid}; add --overwrite to make it suggested"
    )
    assert austria(tb) == GLOSSARY_AUSTRIA
    with tb.transaction():
        forced = add_terms(tb, "Áo", "Austria", status="suggested", overwrite=True)
    assert [c.describe() for c in forced.changes] == [
        f"Changed status of Vietnamese 'Áo' in concept {cid} from approved to suggested",
        f"Changed status of English 'Austria' in concept {cid} from approved to suggested",
    ]


def test_add_promotes_an_open_term_and_fills_fields(db_path: Path) -> None:
    tb = open_db(db_path)
    with tb.transaction():
        first = add_terms(tb, "đàm phán", "negotiation", status="suggested")
        second = add_terms(tb, "đàm phán", "negotiation", domain="diplomacy")
    cid = first.concept_id
    assert [c.describe() for c in second.changes] == [
        f"Set domain of concept {cid} to 'diplomacy'",
        f"Changed status of Vietnamese 'đàm phán' in concept {cid} from suggested to approved",
        f"Changed status of English 'negotiation' in concept {cid} from suggested to approved",
    ]
    with pytest.raises(InputError, match="has domain 'diplomacy'; add --overwrite"):
        add_terms(tb, "đàm phán", "negotiation", domain="law")


def test_add_to_a_named_or_new_concept(tb: Termbase) -> None:
    (cid,) = tb.concepts_with_term("vi", "Áo")
    with tb.transaction():
        shirt = add_terms(tb, "áo", "shirt", new_concept=True, domain="clothing")
    assert shirt.created and shirt.concept_id != cid
    with pytest.raises(InputError, match=r"is in concepts .*--concept ID"):
        add_terms(tb, "Áo", "Austrian Republic")
    with tb.transaction():
        named = add_terms(tb, "Áo", "Austrian Republic", concept_id=cid)
    assert named.concept_id == cid
    with pytest.raises(InputError, match="no concept with id 99999"):
        add_terms(tb, "Áo", "x", concept_id=99999)


# -- an English word names many concepts: an entry keyed by English joins one only by its Vietnamese


def test_a_po_entry_keyed_by_a_shared_english_word_is_a_concept_of_its_own(
    tb: Termbase, tmp_path: Path
) -> None:
    # The glossary's "cục" (a body) has "authority" among its English; "thẩm quyền"
    # (the power to act) is another concept that English writes the same way.
    (body,) = [
        c
        for c in tb.concepts_with_term("en", "authority")
        if tb.concepts_with_term("vi", "cục") == [c]
    ]
    before = [(r.term.lang, r.term.text, r.term.status) for r in tb.term_rows(body)]
    po = tmp_path / "ui.po"
    po.write_text(PO_HEADER + 'msgid "authority"\nmsgstr "thẩm quyền"\n', encoding="utf-8")
    report = import_file(tb, po)
    assert [(r.term.lang, r.term.text, r.term.status) for r in tb.term_rows(body)] == before
    (power,) = tb.concepts_with_term("vi", "thẩm quyền")
    assert power != body
    assert report.summary().startswith("1 new, 0 updated")


def test_a_po_entry_keyed_by_english_joins_a_concept_without_vietnamese(
    tb: Termbase, tmp_path: Path
) -> None:
    first = tmp_path / "en.csv"
    first.write_text("en,vi\nheadwind,\n", encoding="utf-8")
    import_file(tb, first)
    (cid,) = tb.concepts_with_term("en", "headwind")
    po = tmp_path / "ui.po"
    po.write_text(PO_HEADER + 'msgid "headwind"\nmsgstr "gió ngược"\n', encoding="utf-8")
    import_file(tb, po)
    assert tb.concepts_with_term("vi", "gió ngược") == [cid]
