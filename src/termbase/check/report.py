"""The findings of a check in words, as JSON and as JUnit XML (for CI test reports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree

from termbase.check import Finding, SegmentResult, Tally
from termbase.formats._fields import shorten


def describe(finding: Finding) -> str:
    """What is wrong, in one sentence: the term, what was expected, what was found."""
    hit = finding.hit
    expected = " or ".join(f'"{t}"' for t in hit.expected)
    if hit.kind == "forbidden":
        text = f'"{hit.term}" translated with the forbidden "{hit.found}"'
        return text + (f"; use {expected}" if expected else "")
    return f'"{hit.term}" should be translated {expected}; the translation has none of these'


def where(finding: Finding | SegmentResult) -> str:
    """``path:line: unit 7`` or ``path:line`` or ``path: tuid 3``."""
    if finding.line is not None and finding.locator.startswith("line "):
        return f"{finding.path}:{finding.line}"
    if finding.line is not None:
        return f"{finding.path}:{finding.line}: {finding.locator.split(' (line ')[0]}"
    return f"{finding.path}: {finding.locator}"


def finding_json(finding: Finding) -> dict[str, Any]:
    hit = finding.hit
    return {
        "file": finding.path,
        "locator": finding.locator,
        "line": finding.line,
        "direction": finding.direction,
        "kind": hit.kind,
        "term": hit.term,
        "concepts": list(hit.concepts),
        "expected": list(hit.expected),
        "found": hit.found,
        "source": finding.source,
        "target": finding.target,
    }


def report_json(findings: Sequence[Finding], tally: Tally, files: Sequence[str]) -> dict[str, Any]:
    """The whole check as one JSON object: counts, then every finding."""
    return {
        "files": list(files),
        "segments": tally.segments,
        "segments_with_terms": tally.with_terms,
        "skipped": len(tally.skipped),
        "findings": [finding_json(f) for f in findings],
    }


def report_junit(results: Sequence[SegmentResult], tally: Tally, files: Sequence[str]) -> bytes:
    """JUnit XML: a test suite per file, a test case per segment holding approved terms."""
    root = etree.Element(
        "testsuites",
        name="termbase check",
        tests=str(tally.with_terms),
        failures=str(sum(1 for r in results if r.findings)),
    )
    by_file: dict[str, list[SegmentResult]] = {name: [] for name in files}
    for result in results:
        by_file.setdefault(result.path, []).append(result)
    for name, cases in by_file.items():
        suite = etree.SubElement(
            root,
            "testsuite",
            name=name,
            tests=str(len(cases)),
            failures=str(sum(1 for r in cases if r.findings)),
            errors="0",
        )
        for case in cases:
            element = etree.SubElement(
                suite, "testcase", classname=name, name=case.locator.split(" (line ")[0]
            )
            if case.findings:
                failure = etree.SubElement(
                    element, "failure", message=shorten(describe(case.findings[0]), 200)
                )
                failure.text = "\n".join(
                    f"{where(f)}: {describe(f)}\n  source: {f.source}\n  target: {f.target}"
                    for f in case.findings
                )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
