"""``--min-confidence`` hides a machine's guesses below a confidence, never a decision."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import Run
from termbase.models import Concept, Term, without_guesses
from termbase.store import open_db


def _concept() -> Concept:
    return Concept(
        terms=(
            Term("vi", "máy chủ", status="candidate", source="mined"),
            Term("en", "server", status="suggested", source="dictionary", confidence=0.9),
            Term("en", "owner machine", status="suggested", source="compositional", confidence=0.2),
            Term("en", "host", status="approved", source="manual", confidence=0.1),
            Term("en", "master machine", status="rejected", source="manual", confidence=0.05),
        )
    )


def test_without_guesses_drops_only_suggested_terms_below_the_threshold() -> None:
    kept = [t.text for t in without_guesses(_concept(), 0.5).terms]
    assert kept == ["máy chủ", "server", "host", "master machine"]
    assert without_guesses(_concept(), 0.0) == _concept()
    assert [t.text for t in without_guesses(_concept(), 0.95).terms] == [
        "máy chủ",
        "host",
        "master machine",
    ]


def test_export_leaves_out_guesses_below_min_confidence(run: Run, db_path: Path) -> None:
    tb = open_db(db_path)
    with tb.transaction():
        tb.create_concept(_concept())
    tb.close()
    everything = json.loads(run("export", "-f", "json").output)
    sure = json.loads(run("export", "-f", "json", "--min-confidence", "0.5").output)
    texts = [t["text"] for t in everything["concepts"][0]["terms"]]
    assert "owner machine" in texts
    texts = [t["text"] for t in sure["concepts"][0]["terms"]]
    assert "owner machine" not in texts
    assert {"server", "host", "master machine"} <= set(texts)
    bad = run("export", "-f", "json", "--min-confidence", "2", ok=False)
    assert bad.exit_code == 2


def test_mine_table_hides_guesses_below_min_confidence(run: Run, tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(
        "Quỹ Tiền tệ Quốc tế (IMF) họp tại Hà Nội.\n" * 1
        + "Quỹ Tiền tệ Quốc tế (IMF) cho biết lạm phát tăng.\n"
        + "Lãnh đạo Quỹ Tiền tệ Quốc tế (IMF) nói về lạm phát.\n",
        encoding="utf-8",
    )
    shown = json.loads(run("mine", str(text), "--json").output)
    confidences = [
        t["confidence"]
        for c in shown["concepts"]
        for t in c["terms"]
        if t["lang"] == "en" and t["status"] == "suggested"
    ]
    assert confidences, "the text should give some English suggestions"
    cut = max(confidences) + 0.001 if max(confidences) < 1 else 1.0
    hidden = json.loads(run("mine", str(text), "--json", "--min-confidence", str(cut)).output)

    def terms(concepts: list[dict[str, Any]], lang: str) -> list[str]:
        return [t["text"] for c in concepts for t in c["terms"] if t["lang"] == lang]

    assert terms(hidden["concepts"], "vi") == terms(shown["concepts"], "vi")
    kept = [
        t
        for c in hidden["concepts"]
        for t in c["terms"]
        if t["lang"] == "en" and t["status"] == "suggested"
    ]
    assert all((t["confidence"] or 0) >= cut for t in kept)
    assert len(kept) < len(confidences)
    # Stored either way: the termbase still has every suggestion.
    stored = json.loads(run("export", "-f", "json").output)
    assert sum(
        1 for c in stored["concepts"] for t in c["terms"] if t["status"] == "suggested"
    ) >= len(confidences)
