"""The curated glossary in glossary/: it loads, and it is clean, complete and consistent."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections import defaultdict
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from conftest import Run, db_connect, shared_path
from termbase.formats import detect_format
from termbase.models import Concept
from termbase.normalize import clean, tone_key

GLOSSARY = Path(__file__).resolve().parents[1] / "glossary"
FILES = sorted(GLOSSARY.glob("*.glossary.tsv"))
COUNTRIES = GLOSSARY / "countries.glossary.tsv"
MIN_DOMAIN_CONCEPTS = 400


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, GLOSSARY / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _concepts(path: Path) -> tuple[Concept, ...]:
    fmt = detect_format(path)
    assert fmt.name == "glossary"
    return tuple(fmt.read(path))


def _all() -> list[tuple[Path, Concept]]:
    return [(path, concept) for path in FILES for concept in _concepts(path)]


def _preferred(concept: Concept, lang: str) -> str:
    return concept.terms_in(lang)[0].text


def _where(path: Path, concept: Concept) -> str:
    return f"{path.name}: {_preferred(concept, 'vi')} = {_preferred(concept, 'en')}"


def test_the_folder_holds_only_glossary_files() -> None:
    loaded = [p for p in GLOSSARY.iterdir() if p.is_file() and p.suffix != ".md"]
    assert sorted(loaded) == FILES
    assert COUNTRIES in FILES


def test_every_file_loads_through_termbase_init(run: Run, tmp_path: Path) -> None:
    db = tmp_path / "glossary.db"
    result = run("init", "--db", str(db), "--glossary", str(GLOSSARY))
    expected = [f"  glossary {p.name}: {len(_concepts(p))} new, 0 updated" for p in FILES]
    assert result.output.splitlines()[1:] == expected
    with db_connect(db) as conn:
        # No two lines were merged into one concept on import.
        assert conn.execute("SELECT count(*) FROM concepts").fetchone()[0] == len(_all())
        terms = sum(len(c.terms) for _, c in _all())
        assert conn.execute("SELECT count(*) FROM terms").fetchone()[0] == terms
        statuses = conn.execute("SELECT DISTINCT status, source FROM terms").fetchall()
        assert statuses == [("approved", "glossary")]


def test_at_least_400_domain_concepts_besides_the_countries() -> None:
    domain = [c for path, c in _all() if path != COUNTRIES]
    assert len(domain) >= MIN_DOMAIN_CONCEPTS


def test_every_concept_has_both_languages_and_a_domain() -> None:
    for path, concept in _all():
        assert concept.terms_in("vi") and concept.terms_in("en"), _where(path, concept)
        assert concept.domain, _where(path, concept)


def test_no_duplicate_concepts() -> None:
    seen: dict[tuple[str, str], str] = {}
    for path, concept in _all():
        key = (tone_key(_preferred(concept, "vi")), tone_key(_preferred(concept, "en")))
        assert key not in seen, f"{_where(path, concept)} repeats {seen[key]}"
        seen[key] = _where(path, concept)


def test_no_term_twice_in_one_concept() -> None:
    for path, concept in _all():
        for lang in ("vi", "en"):
            keys = [tone_key(t.text) for t in concept.terms_in(lang)]
            assert len(keys) == len(set(keys)), _where(path, concept)


def test_a_shared_vietnamese_term_is_told_apart_by_domain_or_note() -> None:
    """Thứ trưởng Ngoại giao is two concepts (US, Viet Nam): their domains must say so."""
    by_term: dict[str, list[tuple[Path, Concept]]] = defaultdict(list)
    for path, concept in _all():
        for key in {tone_key(term.text) for term in concept.terms_in("vi")}:
            by_term[key].append((path, concept))
    for entries in by_term.values():
        for i, (path_a, a) in enumerate(entries):
            for path_b, b in entries[i + 1 :]:
                english_a = {tone_key(t.text) for t in a.terms_in("en")}
                english_b = {tone_key(t.text) for t in b.terms_in("en")}
                # Disjoint, or import would merge them (importer.find_match).
                assert english_a.isdisjoint(english_b), f"{_where(path_a, a)} / {_where(path_b, b)}"
                apart = a.domain != b.domain or (a.note and b.note and a.note != b.note)
                assert apart, f"{_where(path_a, a)} / {_where(path_b, b)}: same domain, no notes"


def test_text_is_nfc_clean_and_one_concept_per_line() -> None:
    for path in FILES:
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw, path.name
        text = raw.decode("utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n"), path.name
        for number, line in enumerate(text.splitlines(), start=1):
            where = f"{path.name}:{number}"
            assert unicodedata.is_normalized("NFC", line), where
            for cell in line.split("\t"):
                assert clean(cell) == cell, f"{where}: {cell!r}"
            assert not re.search(r"\|\s*\||^\s*\||\|\s*$", line), f"{where}: empty term"
        assert text.startswith("# termbase glossary v1\n"), path.name


def test_files_are_sorted() -> None:
    sort_key = _tool("sort_glossary").sort_key
    for path in FILES:
        lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        data = [x for x in lines if not x.startswith("#")]
        assert data == sorted(data, key=sort_key), f"run glossary/tools/sort_glossary.py {path}"
        comments = [x for x in lines if x.startswith("#")]
        assert lines[: len(comments)] == comments, f"{path.name}: comments go on top"


def test_countries_file_is_what_its_script_builds() -> None:
    po = shared_path("data", "po", "debian-bookworm-vi.po")
    tool = _tool("build_countries")
    expected = "\n".join([*tool.HEADER, *tool.build(po)]) + "\n"
    assert COUNTRIES.read_text(encoding="utf-8") == expected


def _same(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a == b or a.rstrip("s") == b.rstrip("s")


@pytest.mark.parametrize(
    ("vi", "domains"),
    [
        (
            "Thứ trưởng Bộ Ngoại giao",
            {
                "government",
                "government: Viet Nam",
                "government: United States",
                "government: Russia",
                "government: China",
            },
        ),
        (
            "Bộ trưởng Quốc phòng",
            {
                "government",
                "government: Viet Nam",
                "government: United States",
                "government: Russia",
            },
        ),
    ],
)
def test_country_dependent_titles_are_separate_concepts(vi: str, domains: set[str]) -> None:
    """One concept per country, and a country-neutral one (domain "government") beside them."""
    found = {
        c.domain for _, c in _all() for t in c.terms_in("vi") if tone_key(t.text) == tone_key(vi)
    }
    assert found == domains
