"""Finding a named term, and where a term stands in a context (for highlighting)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from conftest import Run
from termbase.add import add_pair
from termbase.cli.common import highlight
from termbase.lookup import concepts_named, term_span
from termbase.store import open_db


@pytest.mark.parametrize(
    ("context", "text", "span"),
    [
        ("Kiểm soát vũ khí hạt nhân vẫn là ưu tiên", "kiểm soát vũ khí", (0, 16)),
        ("Hiệp ước hoà bình năm 1973", "hòa bình", (9, 17)),  # another tone placement
        ("Hiệp ước hoà bình", "chiến tranh", None),
    ],
)
def test_term_span(context: str, text: str, span: tuple[int, int] | None) -> None:
    assert term_span(context, text) == span


def test_highlight_styles_the_span_only() -> None:
    styled = highlight("Hiệp ước hoà bình năm 1973", "hòa bình", fg="yellow")
    assert styled == "Hiệp ước " + click.style("hoà bình", bold=True, fg="yellow") + " năm 1973"
    assert highlight("Hiệp ước", "hòa bình") == "Hiệp ước"


def test_concepts_named_prefers_vietnamese_then_drops_diacritics(tmp_path: Path) -> None:
    tb = open_db(tmp_path / "t.db")
    with tb.transaction():
        peace, _ = add_pair(tb, "hòa bình", "peace")
        war, _ = add_pair(tb, "chiến tranh", "war")
    assert concepts_named(tb, "Hoà Bình") == [peace]
    assert concepts_named(tb, "war") == [war]
    assert concepts_named(tb, "chien tranh") == [war]
    assert concepts_named(tb, "war", "vi") == []
    assert concepts_named(tb, "hoa binh", "vi") == [peace]
    tb.close()


def test_a_bare_title_finds_the_country_neutral_concept_first(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "gl"
    folder.mkdir()
    (folder / "t.glossary.tsv").write_text(
        "# termbase glossary v1\n"
        "Thứ trưởng Ngoại giao Nga | Thứ trưởng Ngoại giao\tDeputy Foreign Minister of Russia"
        "\tgovernment: Russia\t\n"
        "Thứ trưởng Ngoại giao Mỹ | Thứ trưởng Ngoại giao\tDeputy Secretary of State"
        "\tgovernment: United States\t\n"
        "Thứ trưởng Ngoại giao\tdeputy foreign minister\tgovernment\t\n",
        encoding="utf-8",
    )
    run("init", "--glossary", str(folder))
    found = json.loads(run("lookup", "thu truong ngoai giao", "--json").output)
    english = [next(t["text"] for t in c["terms"] if t["lang"] == "en") for c in found["concepts"]]
    assert english[0] == "deputy foreign minister"
    assert set(english[1:]) == {"Deputy Foreign Minister of Russia", "Deputy Secretary of State"}
    named = json.loads(run("lookup", "Thứ trưởng Ngoại giao Mỹ", "--json").output)
    assert [c["domain"] for c in named["concepts"]] == ["government: United States"]
