"""``termbase check``'s fast paths give what the plain ones give, on generated files.

The checker searches the target only for the patterns of the concepts found in
the source (a substring test each) and the JSON report is written as it goes;
both are compared here with the straightforward versions: every occurrence of
every pattern of the termbase, and ``json.dumps`` of the whole report.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lxml import etree

from conftest import Run
from termbase.check import Checker, Hit
from termbase.check.match import HAYSTACKS, term_patterns
from termbase.models import StatusTerm
from test_check import make_termbase

VI = ["an", "ninh", "hội", "đồng", "hòa", "bình", "thủy", "lợi", "nhà", "nước", "bán", "ban"]
EN = ["security", "council", "peace", "state", "states", "member", "head", "of", "water"]
EN += ["cease-fire", "ceasefire", "policy", "policies", "council's", "heads", "the"]


def occurrences(haystack: str, patterns: Iterable[str]) -> list[tuple[int, int, str]]:
    """Every occurrence of every pattern, overlapping ones too: (start, end, pattern)."""
    found = []
    for pattern in patterns:
        at = haystack.find(pattern)
        while at >= 0:
            found.append((at + 1, at + len(pattern) - 1, pattern))
            at = haystack.find(pattern, at + 1)
    return found


def reference_checker(
    terms: list[StatusTerm], src: str, trg: str
) -> Callable[[str, str], tuple[int, list[Hit]]]:
    """The check as first written: every target term of the termbase searched, by brute force."""
    by_concept: dict[int, list[StatusTerm]] = {}
    for term in terms:
        by_concept.setdefault(term.concept_id, []).append(term)
    target_ids: dict[str, int] = {}
    target_text: dict[int, str] = {}
    owners: dict[str, list[int]] = {}
    source_text: dict[str, str] = {}
    approved: dict[int, set[int]] = {}
    forbidden: dict[int, set[int]] = {}
    for concept, rows in by_concept.items():
        if not any(t.lang == trg for t in rows):
            continue
        for row in (t for t in rows if t.lang == trg):
            bucket = approved if row.status == "approved" else forbidden
            for pattern in term_patterns(row.text, trg):
                found = target_ids.setdefault(pattern, len(target_ids))
                target_text.setdefault(found, row.text)
                bucket.setdefault(concept, set()).add(found)
        for row in (t for t in rows if t.lang == src and t.status == "approved"):
            for pattern in term_patterns(row.text, src):
                if concept not in owners.setdefault(pattern, []):
                    owners[pattern].append(concept)
                source_text.setdefault(pattern, row.text)
    return lambda source, target: reference_check(
        source,
        target,
        src,
        trg,
        (target_ids, target_text, owners, source_text, approved, forbidden),
    )


def reference_check(
    source: str, target: str, src: str, trg: str, built: Any
) -> tuple[int, list[Hit]]:
    target_ids, target_text, owners, source_text, approved, forbidden = built
    matches = occurrences(HAYSTACKS[src](source), owners)
    matches.sort(key=lambda m: (m[0] - m[1], m[0]))
    kept: list[tuple[int, int, str]] = []
    for match in matches:
        if all(match[1] < k[0] or match[0] > k[1] for k in kept):
            kept.append(match)
    found_patterns = list(dict.fromkeys(m[2] for m in sorted(kept)))
    if not found_patterns:
        return 0, []
    spans: dict[int, list[tuple[int, int]]] = {}
    for start, end, pattern in occurrences(HAYSTACKS[trg](target), target_ids):
        spans.setdefault(target_ids[pattern], []).append((start, end))
    hits: list[Hit] = []
    seen: set[tuple[int, ...]] = set()
    for pattern in found_patterns:
        concepts = tuple(owners[pattern])
        if concepts in seen:
            continue
        seen.add(concepts)
        ok = set().union(*(approved.get(c, set()) for c in concepts))
        bad = set().union(*(forbidden.get(c, set()) for c in concepts)) - ok
        expected = tuple(dict.fromkeys(target_text[i] for i in sorted(ok)))
        term = source_text[pattern]
        if ok and ok.isdisjoint(spans):
            hits.append(Hit("missing", concepts, term, expected))
        allowed = [s for i in ok & spans.keys() for s in spans[i]]
        for i in sorted(bad & spans.keys()):
            if any(not any(a[0] <= s[0] and s[1] <= a[1] for a in allowed) for s in spans[i]):
                hits.append(Hit("forbidden", concepts, term, expected, target_text[i]))
    return len(found_patterns), hits


def generated_terms(rng: random.Random) -> list[StatusTerm]:
    """Concepts with shared source terms, synonyms, forbidden terms inside approved ones."""
    terms = []
    for concept in range(1, 60):
        vi = " ".join(rng.sample(VI, rng.randint(1, 3)))
        terms.append(StatusTerm(concept, "vi", vi, "approved"))
        if rng.random() < 0.1:  # a second concept with the same Vietnamese term
            terms.append(StatusTerm(concept + 1000, "vi", vi, "approved"))
            terms.append(StatusTerm(concept + 1000, "en", rng.choice(EN), "approved"))
        for _ in range(rng.choice([0, 1, 1, 2])):
            terms.append(StatusTerm(concept, "en", " ".join(rng.sample(EN, 2)), "approved"))
        for _ in range(rng.choice([0, 0, 1, 2])):
            terms.append(StatusTerm(concept, "en", rng.choice(EN), "forbidden"))
    return terms


def sentence(rng: random.Random, words: list[str]) -> str:
    chosen = [rng.choice(words) for _ in range(rng.randint(2, 12))]
    chosen = [w.upper() if rng.random() < 0.1 else w for w in chosen]
    return rng.choice(["", "1. ", '"']) + " ".join(chosen) + rng.choice([".", "!", " —", ""])


def test_checker_finds_what_a_search_of_every_target_term_finds() -> None:
    rng = random.Random(13)
    compared = failed = 0
    for _ in range(8):
        terms = generated_terms(rng)
        for src, trg, source_words, target_words in (("vi", "en", VI, EN), ("en", "vi", EN, VI)):
            checker, reference = Checker(terms, src, trg), reference_checker(terms, src, trg)
            for _ in range(300):
                source, target = sentence(rng, source_words), sentence(rng, target_words)
                got = checker.check(source, target)
                assert got == reference(source, target), (source, target)
                compared += got[0] > 0
                failed += len(got[1])
    assert compared > 1000 and failed > 1000  # the generated pairs do hold terms and failures


def test_json_report_is_json_dumps_of_itself(run: Run, tmp_path: Path) -> None:
    """Written as found, the report is still byte for byte ``json.dumps(indent=2)``."""
    db = str(tmp_path / "t.db")
    make_termbase(
        Path(db),
        ("an ninh", ["security"]),
        ("an ninh", ["safety"]),
        ("hòa bình", ["peace"], ["calm"]),
        ("nhà nước", [], ["the state"]),
    )
    pairs = [
        ('An ninh "quốc gia" \\ hòa bình', 'National\t“calm” \\ and "order"'),
        ("Nhà nước", "The State"),
        ("Không có gì", "Nothing"),
        ("an ninh", "security"),
    ]
    vi, en = tmp_path / "t.vi", tmp_path / "t.en"
    vi.write_text("".join(p[0] + "\n" for p in pairs), encoding="utf-8")
    en.write_text("".join(p[1] + "\n" for p in pairs), encoding="utf-8")
    result = run(
        "--db", db, "check", "--vi", str(vi), "--en", str(en), "--format", "json", ok=False
    )
    assert result.exit_code == 1, result.output + result.stderr
    report = json.loads(result.stdout)
    assert len(report["findings"]) == 4
    assert result.stdout == json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    (tmp_path / "c.vi").write_text("an ninh\n", encoding="utf-8")
    (tmp_path / "c.en").write_text("safety\n", encoding="utf-8")
    clean_files = ["--vi", str(tmp_path / "c.vi"), "--en", str(tmp_path / "c.en")]
    clean = run("--db", db, "check", *clean_files, "--format", "json")
    assert '"findings": []' in clean.stdout
    assert clean.stdout == json.dumps(json.loads(clean.stdout), ensure_ascii=False, indent=2) + "\n"


def test_junit_report_is_lxml_pretty_print_of_itself(run: Run, tmp_path: Path) -> None:
    """Written as found, the JUnit report is still byte for byte lxml's pretty print of it."""
    db = str(tmp_path / "t.db")
    make_termbase(Path(db), ("an ninh", ["security"]), ("hòa bình", ["peace"], ["calm"]))
    files = []
    for name, pairs in (
        ("a", [("An ninh & <hòa bình>", 'National "calm"'), ("an ninh", "security")]),
        ("b", [("Không có gì", "Nothing")]),
        ("c", [("hòa bình", "peace")]),
    ):
        path = tmp_path / f"{name}.tsv"
        path.write_text("vi\ten\n" + "".join(f"{v}\t{e}\n" for v, e in pairs), encoding="utf-8")
        files.append(str(path))
    result = run("--db", db, "check", *files, "--format", "junit", ok=False)
    assert result.exit_code == 1, result.output + result.stderr
    root = etree.fromstring(result.stdout_bytes, etree.XMLParser(remove_blank_text=True))
    assert [s.get("tests") for s in root] == ["2", "0", "1"]
    assert result.stdout_bytes == etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
