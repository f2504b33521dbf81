"""The core lexicon beyond news: science, health, environment and farming (issue 12, item 4)."""

from __future__ import annotations

from pathlib import Path

from conftest import Run, db_connect

# A word the FVDP lacks ("vi nhựa"), one whose head has an odd first sense there ("khớp":
# have stage fright), and a compound built from such words ("ô nhiễm vi nhựa").
TERMS = {
    "vi nhựa": "microplastic",
    "khớp gối": "knee joint",
    "rừng ngập mặn": "mangrove forest",
    "ô nhiễm vi nhựa": "microplastic pollution",
    "thuốc trừ sâu": "pesticide",
}


def test_specialised_everyday_words_get_their_modern_english(run: Run, db_path: Path) -> None:
    run("init", "--db", str(db_path), "--no-glossary")
    for term in TERMS:
        run("add", term, "--status", "candidate", "--db", str(db_path))
    run("suggest", "--all", "--db", str(db_path))
    with db_connect(db_path) as conn:
        rows = conn.execute(
            "SELECT vi.text, en.text FROM terms vi JOIN terms en"
            " ON en.concept_id = vi.concept_id AND en.lang = 'en'"
            " WHERE vi.lang = 'vi' ORDER BY en.confidence DESC, en.id"
        ).fetchall()
    # The most confident suggestion is the one lookup and exports show (models.best_term).
    best: dict[str, str] = {}
    for vi, en in rows:
        best.setdefault(vi, en)
    assert best == TERMS
