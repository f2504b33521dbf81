"""The findings of a check in words, as JSON and as JUnit XML (for CI test reports)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Sequence

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


def write_json(
    write: Callable[[str], object],
    results: Iterable[SegmentResult],
    tally: Tally,
    files: Sequence[str],
) -> None:
    """The whole check as one JSON object: counts, then every finding.

    Byte for byte ``json.dumps(..., ensure_ascii=False, indent=2)`` of that object,
    written as the findings are found: each is written to a temporary file (the
    counts, which come first, are known only at the end), then copied to ``write``.
    No finding is held in memory.
    """
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        count = 0
        for result in results:
            if not result.findings:
                continue
            source = _string(result.findings[0].source)
            target = _string(result.findings[0].target)
            for finding in result.findings:
                lines = _finding_lines(finding, source, target)
                spool.write((",\n    {\n" if count else "\n    {\n") + lines)
                count += 1
        head = {
            "files": list(files),
            "segments": tally.segments,
            "segments_with_terms": tally.with_terms,
            "skipped": len(tally.skipped),
        }
        write(json.dumps(head, ensure_ascii=False, indent=2)[: -len("\n}")])
        write(',\n  "findings": [')
        if count:
            spool.seek(0)
            while chunk := spool.read(1 << 20):
                write(chunk)
            write("\n  ]")
        else:
            write("]")
        write("\n}\n")


def _finding_lines(finding: Finding, source: str, target: str) -> str:
    """A finding's members and closing brace, laid out as ``json.dumps(indent=2)`` does.

    Made without the pure-Python encoder that ``indent`` selects (most of the
    command's time for a large report); ``source`` and ``target`` come encoded,
    once per segment pair however many findings it has.
    """
    hit = finding.hit
    line = "null" if finding.line is None else str(finding.line)
    found = "null" if hit.found is None else _string(hit.found)
    return (
        f'      "file": {_string(finding.path)},\n'
        f'      "locator": {_string(finding.locator)},\n'
        f'      "line": {line},\n'
        f'      "direction": {_string(finding.direction)},\n'
        f'      "kind": {_string(hit.kind)},\n'
        f'      "term": {_string(hit.term)},\n'
        f'      "concepts": {_list(map(str, hit.concepts))},\n'
        f'      "expected": {_list(map(_string, hit.expected))},\n'
        f'      "found": {found},\n'
        f'      "source": {source},\n'
        f'      "target": {target}\n'
        "    }"
    )


def _list(items: Iterable[str]) -> str:
    text = ",\n        ".join(items)
    return "[\n        " + text + "\n      ]" if text else "[]"


# JSON's string, non-ASCII kept (json.dumps(..., ensure_ascii=False) of a str).
_string: Callable[[str], str] = json.encoder.encode_basestring


def report_junit(results: Iterable[SegmentResult], tally: Tally, files: Sequence[str]) -> bytes:
    """JUnit XML: a test suite per file, a test case per segment holding approved terms.

    Built as the results come: a passing case keeps its name only, a failing one
    the text of its failures, never a finding.
    """
    root = etree.Element("testsuites", name="termbase check")
    suites: dict[str, etree._Element] = {}
    counts: dict[str, list[int]] = {}

    def suite_of(name: str) -> etree._Element:
        suite = suites.get(name)
        if suite is None:
            suite = suites[name] = etree.SubElement(root, "testsuite", name=name)
            counts[name] = [0, 0]
        return suite

    for name in files:
        suite_of(name)
    for result in results:
        suite = suite_of(result.path)
        tests_failures = counts[result.path]
        tests_failures[0] += 1
        element = etree.SubElement(
            suite, "testcase", classname=result.path, name=result.locator.split(" (line ")[0]
        )
        if result.findings:
            tests_failures[1] += 1
            failure = etree.SubElement(
                element, "failure", message=shorten(describe(result.findings[0]), 200)
            )
            failure.text = "\n".join(
                f"{where(f)}: {describe(f)}\n  source: {f.source}\n  target: {f.target}"
                for f in result.findings
            )
    root.set("tests", str(tally.with_terms))
    root.set("failures", str(sum(failed for _, failed in counts.values())))
    for name, suite in suites.items():
        suite.set("tests", str(counts[name][0]))
        suite.set("failures", str(counts[name][1]))
        suite.set("errors", "0")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
