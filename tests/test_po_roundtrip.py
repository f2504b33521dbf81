"""Review in a PO editor, end to end: export, a translator's edits (gettext, polib), import.

The edits are made by the tools a reviewer's editor is built on: ``msgattrib
--clear-fuzzy`` (approving), ``msgfilter sed`` (typing another English),
``msgcat --width=40`` (re-wrapping every line) and polib's ``save()``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import Run, db_connect
from termbase.models import Concept, Occurrence, Term
from termbase.store import open_db

GETTEXT = [shutil.which(tool) for tool in ("msgattrib", "msgfilter", "msgcat")]
needs_gettext = pytest.mark.skipif(
    None in GETTEXT or shutil.which("sed") is None,
    reason="GNU gettext (msgattrib, msgfilter, msgcat) is not installed",
)


@pytest.fixture
def termbase(db_path: Path) -> Path:
    """Three concepts with suggestions, and one approved throughout (not exported)."""
    tb = open_db(db_path)
    with tb.transaction():
        tb.create_concept(
            Concept(
                domain="government: Russia",
                terms=(
                    Term(
                        "vi",
                        "Thứ trưởng Ngoại giao",
                        occurrences=(
                            Occurrence("tin.txt", 3, 1, "Thứ trưởng Ngoại giao Nga phát biểu."),
                        ),
                    ),
                    Term("en", "Deputy Foreign Minister", status="suggested", confidence=0.95),
                    Term("en", "Vice Foreign Minister", status="suggested", confidence=0.6),
                ),
            )
        )
        tb.create_concept(
            Concept(
                terms=(
                    Term("vi", "họp báo"),
                    Term("en", "press conference", status="suggested", source="dictionary"),
                )
            )
        )
        tb.create_concept(
            Concept(
                terms=(
                    Term("vi", "hòa bình", status="approved"),
                    Term("en", "peace", status="approved"),
                    Term("en", "peacefulness", status="suggested", confidence=0.3),
                )
            )
        )
        tb.create_concept(
            Concept(terms=(Term("vi", "hiệp ước"), Term("en", "treaty", status="approved")))
        )
    tb.close()
    return db_path


def statuses(db_path: Path) -> dict[str, tuple[str, str | None]]:
    with db_connect(db_path) as conn:
        rows = conn.execute("SELECT text, status, source FROM terms WHERE lang = 'en'")
        return {text: (status, source) for text, status, source in rows}


def gettext(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def review(path: Path, edit: bool = True, approve: bool = True) -> None:
    """A translator's session: retype one English, re-wrap, approve all, save with polib."""
    msgattrib, msgfilter, msgcat = (str(tool) for tool in GETTEXT)
    if edit:
        gettext(
            msgfilter, "-i", str(path), "-o", str(path), "sed", "-e", "s/^press conf/news conf/"
        )
    gettext(msgcat, "--width=40", "-o", str(path), str(path))
    if approve:
        gettext(msgattrib, "--clear-fuzzy", "-o", str(path), str(path))
    po = polib.pofile(str(path))
    po.save()


@needs_gettext
def test_reviewed_file_applies_the_decisions(run: Run, termbase: Path, tmp_path: Path) -> None:
    path = tmp_path / "review.po"
    run("export", "--format", "po", "--status", "suggested", "-o", str(path))
    assert 'msgid "hiệp ước"' not in path.read_text(encoding="utf-8")
    review(path)
    result = run("import", str(path))
    assert "0 new, 2 updated, 1 unchanged" in result.output
    now = statuses(termbase)
    assert now["Deputy Foreign Minister"] == ("approved", None)  # un-fuzzied
    assert now["Vice Foreign Minister"] == ("suggested", None)  # an alternative: not decided
    assert now["news conference"] == ("approved", "review")  # retyped: the reviewer's
    assert now["press conference"] == ("rejected", "dictionary")  # replaced: stays, rejected
    assert now["peace"] == ("approved", None) and now["peacefulness"] == ("suggested", None)
    history = run("history", "họp báo").output
    assert "press conference" in history and "rejected" in history
    assert f"import {path.name}" in history
    # The next export tells the reviewer the old suggestion was rejected.
    again = tmp_path / "again.po"
    run("export", "--format", "po", "-o", str(again))
    assert "#. Rejected: press conference" in again.read_text(encoding="utf-8")
    # And the same file again changes nothing.
    assert "0 new, 0 updated, 3 unchanged" in run("import", str(path)).output


@needs_gettext
def test_termbase_decisions_since_the_export_are_not_overwritten(
    run: Run, termbase: Path, tmp_path: Path
) -> None:
    path = tmp_path / "review.po"
    run("export", "--format", "po", "--status", "suggested", "-o", str(path))
    # Meanwhile, in the termbase: the suggestion the reviewer is approving is rejected.
    run("reject", "Thứ trưởng Ngoại giao", "Deputy Foreign Minister")
    review(path, edit=False)
    result = run("import", str(path))
    assert "changed in the termbase since the export and in the file: 1 entry" in result.output
    assert "--theirs or --ours chooses" in result.output
    assert statuses(termbase)["Deputy Foreign Minister"] == ("rejected", None)
    assert statuses(termbase)["press conference"] == ("approved", "dictionary")
    ours = run("import", str(path), "--ours")
    assert "kept the termbase's: 1 entry" in ours.output
    assert statuses(termbase)["Deputy Foreign Minister"] == ("rejected", None)
    run("import", str(path), "--theirs")
    assert statuses(termbase)["Deputy Foreign Minister"] == ("approved", None)


def test_an_untouched_entry_says_nothing_about_later_decisions(
    run: Run, termbase: Path, tmp_path: Path
) -> None:
    """Approved here after the export, still fuzzy in the file: no conflict, nothing changes."""
    path = tmp_path / "review.po"
    run("export", "--format", "po", "--status", "suggested", "-o", str(path))
    run("approve", "Thứ trưởng Ngoại giao", "Vice Foreign Minister")
    result = run("import", str(path))
    assert result.output.splitlines() == [f"Imported {path} (po): 0 new, 0 updated, 3 unchanged"]
    now = statuses(termbase)
    assert now["Vice Foreign Minister"] == ("approved", None)
    assert now["Deputy Foreign Minister"] == ("suggested", None)


def test_both_sides_agreeing_is_no_conflict(run: Run, termbase: Path, tmp_path: Path) -> None:
    path = tmp_path / "review.po"
    run("export", "--format", "po", "--status", "suggested", "-o", str(path))
    run("approve", "họp báo", "press conference")
    po = polib.pofile(str(path))
    entry = po.find("họp báo")
    assert entry is not None
    entry.flags.remove("fuzzy")
    po.save()
    result = run("import", str(path))
    assert "conflict" not in result.output and "changed in the termbase" not in result.output


def test_edited_target_rejects_what_the_file_showed(
    run: Run, termbase: Path, tmp_path: Path
) -> None:
    """A suggestion that came in after the export is not the one the reviewer replaced."""
    path = tmp_path / "review.po"
    run("export", "--format", "po", "--status", "suggested", "-o", str(path))
    tb = open_db(termbase)
    with tb.transaction():
        [cid] = tb.concepts_with_term("vi", "họp báo")
        tb.add_term(cid, Term("en", "news briefing", status="suggested", confidence=0.99))
    tb.close()
    po = polib.pofile(str(path))
    entry = po.find("họp báo")
    assert entry is not None
    entry.msgstr = "news conference"
    entry.flags.remove("fuzzy")
    po.save()
    run("import", str(path))
    now = statuses(termbase)
    assert now["news conference"] == ("approved", "review")
    assert now["press conference"] == ("rejected", "dictionary")
    assert now["news briefing"] == ("suggested", None)


def test_files_of_the_previous_version_still_import(
    run: Run, termbase: Path, tmp_path: Path
) -> None:
    path = tmp_path / "old.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: vi\\n"\n\n'
        "#. termbase: concept 2\n"
        '#. en target: "press conference" status=suggested source=dictionary\n'
        'msgid "họp báo"\nmsgstr "news conference"\n',
        encoding="utf-8",
    )
    assert "0 new, 1 updated" in run("import", str(path)).output
    now = statuses(termbase)
    assert now["news conference"] == ("approved", "review")
    assert now["press conference"] == ("rejected", "dictionary")


def test_theirs_and_ours_exclude_each_other(run: Run, termbase: Path, tmp_path: Path) -> None:
    path = tmp_path / "review.po"
    run("export", "--format", "po", "-o", str(path))
    result = run("import", str(path), "--theirs", "--ours", ok=False)
    assert result.exit_code == 2
    assert "--theirs and --ours exclude each other" in result.stderr


# -- TBX: a status changed in a CAT tool's termbase editor --------------------


def _set_status(path: Path, changes: dict[str, str]) -> None:
    """Set the administrativeStatus of the terms named, as a TBX editor does (lxml)."""
    from lxml import etree

    tree = etree.parse(str(path))
    done = set()
    for note in tree.iter("{*}termNote"):
        if note.get("type") != "administrativeStatus":
            continue
        term = next(
            (e for e in note.getparent().iter("{*}term")),
            note.getparent().getparent().find("{*}term"),
        )
        text = (term.text if term is not None else "") or ""
        if text in changes:
            note.text = changes[text]
            done.add(text)
    assert done == set(changes)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("name", ["tbx", "tbx2"])
def test_tbx_status_edited_in_a_cat_tool_comes_back(
    run: Run, termbase: Path, tmp_path: Path, name: str
) -> None:
    path = tmp_path / f"terms.{name}"
    # The full profile: TBX-Basic with administrativeStatus on every term.
    run("export", "--format", name, "--profile", "full", "-o", str(path))
    _set_status(
        path,
        {
            "Deputy Foreign Minister": "preferredTerm-admn-sts",
            "Vice Foreign Minister": "supersededTerm-admn-sts",
            "peacefulness": "deprecatedTerm-admn-sts",
            "treaty": "deprecatedTerm-admn-sts",  # approved here: a decision
        },
    )
    result = run("import", str(path))
    assert "left as they were: 1 decision" in result.output
    now = statuses(termbase)
    assert now["Deputy Foreign Minister"][0] == "approved"
    assert now["Vice Foreign Minister"][0] == "rejected"
    assert now["peacefulness"][0] == "rejected"
    assert now["treaty"][0] == "approved"
    run("import", str(path), "--theirs")
    assert statuses(termbase)["treaty"][0] == "rejected"
