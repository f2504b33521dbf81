"""Review in a CAT tool's TBX: a status changed in the file and in the termbase since the export.

A full TBX export records for each concept its decisions' fingerprint (the
``termbase-revision`` note); the import reports a concept changed on both sides
instead of overwriting either, and ``--theirs``/``--ours`` choose.  The file is
edited as a TBX editor saves it: parsed and written again with lxml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import tbx_validate
from conftest import Run, seeded_termbase, shared_path, term_statuses

SEED = """id,vi,en,status,source,confidence,domain,definition,note,alternatives
,họp báo,press conference,suggested,dictionary,0.8,,,,
,hiệp ước,treaty,approved,dictionary,,,,,
"""
VERSIONS = ["tbx", "tbx2"]
BOTH_SIDES = "changed in the termbase since the export and in the file: 1 entry"


@pytest.fixture
def termbase(run: Run, db_path: Path, tmp_path: Path) -> Path:
    """Two concepts: one with an English suggestion, one with its English approved."""
    return seeded_termbase(run, db_path, tmp_path, SEED)


def export(run: Run, folder: Path, name: str) -> Path:
    path = folder / f"review.{name}"
    run("export", "--format", name, "--profile", "full", "-o", str(path))
    return path


def edit(path: Path, statuses: dict[str, str] | None = None, **attributes: str) -> None:
    """Set the administrativeStatus of the terms named, as a TBX editor saves the file.

    ``attributes``: ``renumber="e"`` gives the entries the tool's own ids;
    ``drop="revision"`` removes the termbase-revision notes (another tool's file).
    """
    tree = etree.parse(str(path))
    done = set()
    for term in tree.iter("{*}term"):
        if term.text in (statuses or {}):
            section = term.getparent()
            [note] = [n for n in section if n.get("type") == "administrativeStatus"]
            note.text = (statuses or {})[term.text]
            done.add(term.text)
    assert done == set(statuses or {})
    entries = [e for e in tree.iter("{*}conceptEntry", "{*}termEntry")]
    for number, entry in enumerate(entries, 1):
        if "renumber" in attributes:
            entry.set("id", f"{attributes['renumber']}{number}")
        for note in entry.findall("{*}note"):
            if attributes.get("drop") and (note.text or "").startswith("termbase-revision:"):
                entry.remove(note)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("name", VERSIONS)
def test_a_status_changed_on_both_sides_is_reported_and_left_alone(
    run: Run, termbase: Path, tmp_path: Path, name: str
) -> None:
    path = export(run, tmp_path, name)
    # The reviewer rejects the suggestion in the CAT tool; meanwhile it is approved here.
    edit(path, {"press conference": "deprecatedTerm-admn-sts"})
    run("approve", "họp báo", "press conference")
    result = run("import", str(path))
    assert f"{BOTH_SIDES}, left alone (--theirs or --ours)" in result.output
    conflicts = [line for line in result.output.splitlines() if line.startswith("  concept ")]
    assert len(conflicts) == 1
    assert "the file has English 'press conference' (rejected)" in conflicts[0]
    assert "(now 'press conference' approved)" in conflicts[0]
    assert "--theirs or --ours chooses" in conflicts[0]
    assert term_statuses(termbase)["press conference"] == "approved"
    assert term_statuses(termbase)["treaty"] == "approved"

    ours = run("import", str(path), "--ours")
    assert "kept the termbase's: 1 entry changed on both sides" in ours.output
    assert BOTH_SIDES not in ours.output
    assert term_statuses(termbase)["press conference"] == "approved"

    theirs = run("import", str(path), "--theirs")
    assert BOTH_SIDES not in theirs.output
    assert term_statuses(termbase)["press conference"] == "rejected"
    assert term_statuses(termbase)["treaty"] == "approved"


@pytest.mark.parametrize("name", VERSIONS)
def test_a_status_changed_only_in_the_file_comes_back_without_a_conflict(
    run: Run, termbase: Path, tmp_path: Path, name: str
) -> None:
    path = export(run, tmp_path, name)
    edit(path, {"press conference": "preferredTerm-admn-sts"})
    # A decision here on a concept the reviewer left alone is no conflict either.
    run("reject", "hiệp ước", "treaty")
    result = run("import", str(path))
    assert result.output.splitlines() == [
        f"Imported {path} ({name}): 0 new, 1 updated, 1 unchanged"
    ]
    now = term_statuses(termbase)
    assert now["press conference"] == "approved"
    assert now["treaty"] == "rejected"


@pytest.mark.parametrize("name", VERSIONS)
def test_theirs_does_not_bring_back_what_the_reviewer_left_as_exported(
    run: Run, termbase: Path, tmp_path: Path, name: str
) -> None:
    """Approved here after the export, still admitted in the file whose terms the reviewer
    left alone: it stays approved, and the note the reviewer wrote comes in."""
    path = export(run, tmp_path, name)
    tree = etree.parse(str(path))
    entry = next(tree.iter("{*}conceptEntry", "{*}termEntry"))
    note = etree.SubElement(entry, entry.tag.replace(etree.QName(entry).localname, "note"))
    note.text = "Cũng viết: cuộc họp báo"
    entry.find("{*}note").addprevious(note)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    run("approve", "họp báo", "press conference")
    result = run("import", str(path), "--theirs")
    assert BOTH_SIDES not in result.output
    assert term_statuses(termbase)["press conference"] == "approved"
    assert "Cũng viết: cuộc họp báo" in run("lookup", "họp báo").output


@pytest.mark.parametrize("name", VERSIONS)
def test_the_note_keeps_the_round_trip_when_a_tool_renumbers_the_entries(
    run: Run, termbase: Path, tmp_path: Path, name: str
) -> None:
    path = export(run, tmp_path, name)
    edit(path, {"press conference": "deprecatedTerm-admn-sts"}, renumber="e")
    run("approve", "họp báo", "press conference")
    assert BOTH_SIDES in run("import", str(path)).output
    assert term_statuses(termbase)["press conference"] == "approved"


@pytest.mark.parametrize("name", VERSIONS)
def test_a_tbx_without_fingerprints_imports_as_before(
    run: Run, termbase: Path, tmp_path: Path, name: str
) -> None:
    """Another tool's file (or an older export): the merge rules alone decide."""
    path = export(run, tmp_path, name)
    edit(path, {"press conference": "deprecatedTerm-admn-sts"}, drop="revision")
    run("approve", "họp báo", "press conference")
    result = run("import", str(path))
    assert BOTH_SIDES not in result.output
    assert "left as they were: 1 decision the file differs on" in result.output
    assert term_statuses(termbase)["press conference"] == "approved"


@pytest.mark.parametrize("name", VERSIONS)
def test_the_review_export_stays_valid_tbx_basic(
    run: Run, termbase: Path, tmp_path: Path, name: str
) -> None:
    for schema in (tbx_validate.V3_RNG, tbx_validate.V3_DCA_SCH, tbx_validate.V2_RNG):
        shared_path(*schema.relative_to(tbx_validate.SHARED).parts)
    path = export(run, tmp_path, name)
    data = path.read_bytes()
    assert data.count(b"<note>termbase-revision: concept ") == 2
    validate = tbx_validate.tbx3_errors if name == "tbx" else tbx_validate.tbx2_errors
    assert validate(data) == []


def test_the_cat_profile_carries_no_fingerprint(run: Run, termbase: Path, tmp_path: Path) -> None:
    path = tmp_path / "glossary.tbx"
    run("export", "--format", "tbx2", "--profile", "cat", "-o", str(path))
    assert b"termbase-revision" not in path.read_bytes()


def test_a_broken_fingerprint_note_names_its_line(run: Run, termbase: Path, tmp_path: Path) -> None:
    path = export(run, tmp_path, "tbx")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(" rev ", " rev? ", 1), encoding="utf-8")
    result = run("import", str(path), ok=False)
    assert result.exit_code == 1
    assert "the note termbase-revision holds" in result.stderr
    assert "Traceback" not in result.output + result.stderr
