"""Finding a named term, and where a term stands in a context (for highlighting)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

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
