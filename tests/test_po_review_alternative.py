"""A reviewer picks another of the glossary's English in a PO editor: it is approved."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from conftest import Run


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
    po_path = tmp_path / "review.po"
    run("export", "-f", "po", "--status", "suggested", "-o", str(po_path))
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid == "Bộ Ngoại giao")
    assert entry.msgstr == "foreign ministry" and "fuzzy" in entry.flags
    entry.msgstr = "Ministry of Foreign Affairs"
    entry.flags.remove("fuzzy")
    po.save(str(po_path))
    result = run("import", str(po_path))
    assert "1 updated" in result.output, result.output
    data = json.loads(run("lookup", "Bộ Ngoại giao", "--json").output)
    mined = next(c for c in data["concepts"] if not c["domain"])
    english = {t["text"]: t["status"] for t in mined["terms"] if t["lang"] == "en"}
    assert english["Ministry of Foreign Affairs"] == "approved"
    assert english["foreign ministry"] == "rejected"


def test_approving_the_english_in_a_po_file_approves_the_vietnamese_candidate(
    run: Run, tmp_path: Path
) -> None:
    """As ``termbase approve VI EN`` does: the pair is the reviewer's decision."""
    seed = tmp_path / "seed.csv"
    seed.write_text(
        "id,vi,en,status,source,confidence,domain,definition,note,alternatives\n"
        ",họp báo,press conference,suggested,dictionary,0.8,,,,\n"
        ",đối ứng,reciprocal,suggested,compositional,0.4,,,,\n",
        encoding="utf-8",
    )
    run("init", "--no-glossary")
    run("import", str(seed))
    po_path = tmp_path / "review.po"
    run("export", "-f", "po", "--status", "suggested", "-o", str(po_path))
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid == "họp báo")
    entry.flags.remove("fuzzy")
    po.save(str(po_path))
    run("import", str(po_path))
    data = json.loads(run("export", "-f", "json").output)
    status = {t["text"]: t["status"] for c in data["concepts"] for t in c["terms"]}
    assert status["press conference"] == "approved"
    assert status["họp báo"] == "approved"
    assert status["đối ứng"] != "approved"  # left as exported: decides nothing


def test_a_case_only_edit_approves_the_suggestion_in_the_reviewers_spelling(
    run: Run, tmp_path: Path
) -> None:
    seed = tmp_path / "seed.csv"
    seed.write_text(
        "id,vi,en,status,source,confidence,domain,definition,note,alternatives\n"
        ",Thứ trưởng Ngoại giao,deputy foreign minister,suggested,dictionary,0.8,,,,\n",
        encoding="utf-8",
    )
    run("init", "--no-glossary")
    run("import", str(seed))
    po_path = tmp_path / "review.po"
    run("export", "-f", "po", "--status", "suggested", "-o", str(po_path))
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid == "Thứ trưởng Ngoại giao")
    entry.msgstr = "Deputy Foreign Minister"
    entry.flags.remove("fuzzy")
    po.save(str(po_path))
    run("import", str(po_path))
    data = json.loads(run("export", "-f", "json").output)
    english = [
        (t["text"], t["status"]) for c in data["concepts"] for t in c["terms"] if t["lang"] == "en"
    ]
    assert english == [("Deputy Foreign Minister", "approved")]
    history = json.loads(run("history", "Thứ trưởng Ngoại giao", "--json").output)
    changes = [(h["field"], h["old"], h["new"]) for h in history]
    assert ("text", "deputy foreign minister", "Deputy Foreign Minister") in changes
