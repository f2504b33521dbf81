"""The reviewer's notes in a PO file as a translator reads them in Poedit.

Issue 13: the seeds' ``export --format po --status suggested``, opened in Poedit
3.2, showed the suggestion engine's evidence as it is stored ("core lexicon
'vũ khí' (noun): weapon | arms", "glossary concept 165 (government: China):
preferred English", each part's origin in a compositional translation), the
same evidence on every line it backs, and sentences and evidence cut inside a
word ("…inh mạng", "deputy foreign mi…").
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from conftest import Run, seeded_termbase
from termbase.formats import WriteOptions
from termbase.formats.po import write_po
from termbase.models import Concept, Occurrence, Term

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _notes(concept: Concept) -> list[str]:
    """The ``#.`` lines of the concept's entry, without the prefix."""
    out = io.BytesIO()
    write_po([concept], out, WriteOptions(direction="vi-en"))
    block = out.getvalue().decode("utf-8").split("\n\n")[1]
    return [line[3:] for line in block.splitlines() if line.startswith("#. ")]


def _concept(*english: Term, context: str = "Hai bên bàn về vũ khí.") -> Concept:
    source = Term("vi", "vũ khí", occurrences=(Occurrence("a/b/seed.txt", 4, 1, context),))
    return Concept(id=7, terms=(source, *english))


def _suggested(text: str, source: str, confidence: float, note: str) -> Term:
    return Term("en", text, status="suggested", source=source, confidence=confidence, note=note)


def test_dictionary_evidence_and_other_sources_in_words() -> None:
    notes = _notes(
        _concept(
            _suggested(
                "weapon",
                "dictionary",
                0.88,
                "core lexicon 'vũ khí' (noun): weapon | arms; also glossary concept 165"
                " (government: China): preferred English; compositional"
                " (lower confidence than a whole-term match): vũ = x (core lexicon 'vũ' (noun): x)",
            ),
            _suggested("arms", "dictionary", 0.30, "dictionary 'vũ khí' (noun), sense 2: arms"),
        )
    )
    assert notes[1:3] == [
        "- weapon — dictionary, 0.88 (core lexicon, noun: weapon, arms;"
        " also backed by: glossary (China), word by word)",
        "- arms — dictionary, 0.30 (noun, sense 2: arms)",
    ]


def test_compositional_evidence_without_each_parts_origin() -> None:
    notes = _notes(
        _concept(
            _suggested(
                "nuclear deal",
                "compositional",
                0.75,
                "compositional (lower confidence than a whole-term match): thỏa thuận = deal"
                " (glossary concept 815) + hạt nhân = nuclear (core lexicon 'hạt nhân'"
                " (adjective): nuclear); modifier-after-head order reversed for English;"
                " the whole is attested",
            )
        )
    )
    assert notes[1] == (
        "- nuclear deal — compositional, 0.75"
        " (thỏa thuận = deal + hạt nhân = nuclear; the whole is attested)"
    )


def test_evidence_said_once_for_the_lines_it_backs() -> None:
    why = "United States: 2 of 3 occurrences name United States right after the term"
    notes = _notes(
        _concept(
            _suggested(
                "Deputy Secretary of State",
                "glossary",
                0.24,
                f"glossary concept 12 (government: United States): preferred English; {why}",
            ),
            _suggested(
                "US Deputy Secretary of State",
                "glossary",
                0.23,
                f"glossary concept 12 (government: United States): also English; {why}",
            ),
        )
    )
    assert notes[1:3] == [
        "- United States: Deputy Secretary of State — glossary, 0.24"
        " (2 of 3 occurrences name United States right after the term)",
        "- United States: US Deputy Secretary of State — glossary, 0.23 (as above)",
    ]


def _words(text: str) -> set[str]:
    return set(re.sub(r"[“”«»…()]", " ", text).split())


def test_sentences_and_evidence_are_cut_between_words() -> None:
    sentence = (
        "Trước đó, các quan chức an ninh mạng được ủng hộ nhiều đã nói rằng"
        " việc kiểm soát vũ khí hạt nhân chiến lược sẽ là chủ đề chính của các"
        " cuộc đàm phán song phương kéo dài trong nhiều tháng tới giữa hai nước."
    )
    senses = "; ".join(f"to dodecahedronize{n}" for n in range(30))
    engine_cut = "core lexicon 'vũ khí' (noun): arms; also glossary concept 9: preferred Engl…"
    notes = _notes(
        _concept(
            _suggested(
                "weapon", "dictionary", 0.5, f"dictionary 'vũ khí' (verb), sense 1: {senses}"
            ),
            _suggested("arms", "dictionary", 0.4, engine_cut),
            context=sentence,
        )
    )
    evidence = notes[1].split(" (", 1)[1]
    context = notes[4].rsplit(" (", 1)[0]
    assert evidence.endswith("…)") and context.startswith("“…") and context.endswith("…”")
    assert _words(evidence) <= _words(senses) | {"verb,", "sense", "1:", "to"}
    assert _words(context) <= _words(sentence)
    # The file's folders are on the "#:" line; the note names the file.
    assert notes[4].endswith("” (seed.txt:4)")
    # The engine cut its evidence inside a word: a reader sees whole words.
    assert (
        notes[2] == "- arms — dictionary, 0.40 (core lexicon, noun: arms; also backed by: glossary)"
    )


def test_seed_export_notes_carry_no_raw_evidence(run: Run, tmp_path: Path) -> None:
    """The seeds' review file, as issue 13 opened it in Poedit: no ids or raw fields in
    the notes above the lines the import reads."""
    run("init")
    run("mine", str(SEEDS))
    review = tmp_path / "review.po"
    run("export", "--format", "po", "--status", "suggested", "-o", str(review))
    notes = [
        line[3:]
        for line in review.read_text(encoding="utf-8").splitlines()
        if line.startswith("#. ") and not line.startswith(("#. termbase: ", "#. en target: "))
    ]
    assert len(notes) > 1000
    raw = re.compile(r"concept \d| \| |lexicon '|lower confidence than|head order")
    assert [line for line in notes if raw.search(line)] == []


HEADER = "id,vi,en,status,source,confidence,domain,definition,note,alternatives\n"


def test_concept_note_is_the_translator_comment() -> None:
    """Poedit shows a ``#`` comment as the entry's Comment, which the reviewer can edit."""
    concept = _concept(Term("en", "weapon", status="approved"))
    out = io.BytesIO()
    write_po(
        [Concept(id=7, note="Also 'arms' in treaty names.", terms=concept.terms)],
        out,
        WriteOptions(direction="vi-en"),
    )
    block = out.getvalue().decode("utf-8").split("\n\n")[1].splitlines()
    assert block[0] == "# Also 'arms' in treaty names."
    assert not any("Note:" in line for line in block)


def test_reviewer_comment_in_poedit_becomes_the_concept_note(run: Run, tmp_path: Path) -> None:
    """Poedit's Add Comment writes ``# …`` above the entry; it was dropped on import."""
    seed = (
        HEADER
        + ",cựu Tổng thống,former president,suggested,compositional,0.56,,,,\n"
        + ",chiến lược,strategic,suggested,dictionary,0.88,,,,\n"
    )
    seeded_termbase(run, tmp_path / "termbase.db", tmp_path, seed)
    review = tmp_path / "review.po"
    run("export", "--format", "po", "--status", "suggested", "-o", str(review))
    text = review.read_text(encoding="utf-8")
    at = text.index("#. ", text.index('msgstr ""\n"'))  # the first entry's notes
    assert 'msgid "cựu Tổng thống"' in text[at:].split("\n\n")[0]
    comment = "# Check: ex-president in headlines?\n# Ask the desk."
    review.write_text(text[:at] + comment + "\n" + text[at:], encoding="utf-8")
    assert run("import", str(review)).output.startswith(
        f"Imported {review} (po): 0 new, 1 updated, 1 unchanged"
    )
    data = json.loads(run("lookup", "cựu Tổng thống", "--json").output)
    assert data["concepts"][0]["note"] == "Check: ex-president in headlines? Ask the desk."
    assert [t["status"] for t in data["concepts"][0]["terms"]] == ["candidate", "suggested"]
    # Exported again, the note is the comment; the file as written changes nothing.
    run("export", "--format", "po", "--status", "suggested", "-o", str(review))
    assert "\n# Check: ex-president in headlines? Ask the desk.\n" in review.read_text("utf-8")
    assert "0 new, 0 updated, 2 unchanged" in run("import", str(review)).output


def test_a_comment_changing_a_note_is_reported_not_written(run: Run, tmp_path: Path) -> None:
    seed = HEADER + ",cựu Tổng thống,former president,suggested,compositional,0.56,,,old note,\n"
    seeded_termbase(run, tmp_path / "termbase.db", tmp_path, seed)
    review = tmp_path / "review.po"
    run("export", "--format", "po", "--status", "suggested", "-o", str(review))
    text = review.read_text(encoding="utf-8")
    assert "\n# old note\n#. English" in text
    review.write_text(text.replace("\n# old note\n", "\n# old note; a question\n"), "utf-8")
    assert run("import", str(review)).output.splitlines()[1] == (
        "  concept 1: note stays 'old note' (the file has 'old note; a question')"
    )
    assert "1 updated" in run("import", str(review), "--theirs").output
    data = json.loads(run("lookup", "cựu Tổng thống", "--json").output)
    assert data["concepts"][0]["note"] == "old note; a question"
