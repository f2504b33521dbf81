"""A reviewer picks another of the glossary's English in a PO editor: it is approved."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from conftest import Run, seeded_termbase

HEADER = "id,vi,en,status,source,confidence,domain,definition,note,alternatives\n"


def review_in_po(
    run: Run, folder: Path, msgid: str, msgstr: str | None = None, shown: str | None = None
) -> str:
    """Export the suggestions as PO, un-fuzzy ``msgid`` (typing ``msgstr`` if given) as a
    PO editor saves it, import the file; the import's output.  ``shown``: the msgstr the
    export must have written for the entry."""
    po_path = folder / "review.po"
    run("export", "-f", "po", "--status", "suggested", "-o", str(po_path))
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid == msgid)
    assert "fuzzy" in entry.flags
    if shown is not None:
        assert entry.msgstr == shown
    if msgstr is not None:
        entry.msgstr = msgstr
    entry.flags.remove("fuzzy")
    po.save(str(po_path))
    return run("import", str(po_path)).output


def test_an_alternative_from_the_glossary_chosen_in_the_po_file_is_approved(
    run: Run, tmp_path: Path
) -> None:
    glossary = tmp_path / "gl"
    glossary.mkdir()
    (glossary / "g.glossary.tsv").write_text(
        "# termbase glossary v1\n"
        "Bộ Ngoại giao\tforeign ministry | Ministry of Foreign Affairs\tgovernment\t\n"
        "Bộ Ngoại giao Việt Nam | Bộ Ngoại giao\tMinistry of Foreign Affairs of Viet Nam"
        "\tgovernment: Viet Nam\t\n",
        encoding="utf-8",
    )
    text = tmp_path / "a.txt"
    text.write_text(
        "Bộ Ngoại giao cho biết sẽ họp. Người phát ngôn Bộ Ngoại giao trả lời báo chí.\n",
        encoding="utf-8",
    )
    run("init", "--glossary", str(glossary))
    run("mine", str(text))
    output = review_in_po(
        run, tmp_path, "Bộ Ngoại giao", "Ministry of Foreign Affairs", shown="foreign ministry"
    )
    assert "1 updated" in output, output
    data = json.loads(run("lookup", "Bộ Ngoại giao", "--json").output)
    mined = next(c for c in data["concepts"] if not c["domain"])
    english = {t["text"]: t["status"] for t in mined["terms"] if t["lang"] == "en"}
    assert english["Ministry of Foreign Affairs"] == "approved"
    assert english["foreign ministry"] == "rejected"


def test_approving_the_english_in_a_po_file_approves_the_vietnamese_candidate(
    run: Run, tmp_path: Path
) -> None:
    """As ``termbase approve VI EN`` does: the pair is the reviewer's decision."""
    seed = (
        HEADER
        + ",họp báo,press conference,suggested,dictionary,0.8,,,,\n"
        + ",đối ứng,reciprocal,suggested,compositional,0.4,,,,\n"
    )
    seeded_termbase(run, tmp_path / "termbase.db", tmp_path, seed)
    review_in_po(run, tmp_path, "họp báo")
    data = json.loads(run("export", "-f", "json").output)
    status = {t["text"]: t["status"] for c in data["concepts"] for t in c["terms"]}
    assert status["press conference"] == "approved"
    assert status["họp báo"] == "approved"
    assert status["đối ứng"] != "approved"  # left as exported: decides nothing


def test_a_case_only_edit_approves_the_suggestion_in_the_reviewers_spelling(
    run: Run, tmp_path: Path
) -> None:
    seed = HEADER + ",Thứ trưởng Ngoại giao,deputy foreign minister,suggested,dictionary,0.8,,,,\n"
    seeded_termbase(run, tmp_path / "termbase.db", tmp_path, seed)
    review_in_po(run, tmp_path, "Thứ trưởng Ngoại giao", "Deputy Foreign Minister")
    data = json.loads(run("export", "-f", "json").output)
    english = [
        (t["text"], t["status"]) for c in data["concepts"] for t in c["terms"] if t["lang"] == "en"
    ]
    assert english == [("Deputy Foreign Minister", "approved")]
    history = json.loads(run("history", "Thứ trưởng Ngoại giao", "--json").output)
    changes = [(h["field"], h["old"], h["new"]) for h in history]
    assert ("text", "deputy foreign minister", "Deputy Foreign Minister") in changes
