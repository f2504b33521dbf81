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


def write_junit(
    write: Callable[[bytes], object],
    results: Iterable[SegmentResult],
    tally: Tally,
    files: Sequence[str],
) -> None:
    """JUnit XML: a test suite per file, a test case per segment holding approved terms.

    Byte for byte what lxml's pretty printer makes of the whole tree, written as
    the results come: each test case to a temporary file (a suite's counts, in its
    opening tag, are known only when its file is done), then copied to ``write``.
    """
    counts: dict[str, list[int]] = {name: [0, 0] for name in files}
    ranges: dict[str, list[list[int]]] = {name: [] for name in files}
    with tempfile.TemporaryFile() as spool:
        for result in results:
            start = spool.tell()
            spool.write(_case_xml(result))
            tests_failures = counts.setdefault(result.path, [0, 0])
            tests_failures[0] += 1
            tests_failures[1] += bool(result.findings)
            spans = ranges.setdefault(result.path, [])
            if spans and spans[-1][1] == start:
                spans[-1][1] = spool.tell()
            else:
                spans.append([start, spool.tell()])
        failures = sum(failed for _, failed in counts.values())
        root = etree.Element(
            "testsuites", name="termbase check", tests=str(tally.with_terms), failures=str(failures)
        )
        write(b"<?xml version='1.0' encoding='UTF-8'?>\n" + _opening(root) + b"\n")
        for name, (tests, failed) in counts.items():
            suite = etree.Element(
                "testsuite", name=name, tests=str(tests), failures=str(failed), errors="0"
            )
            if not ranges[name]:
                write(b"  " + _xml(suite) + b"\n")
                continue
            write(b"  " + _opening(suite) + b"\n")
            for begin, end in ranges[name]:
                spool.seek(begin)
                while begin < end:
                    chunk = spool.read(min(1 << 20, end - begin))
                    write(chunk)
                    begin += len(chunk)
            write(b"  </testsuite>\n")
        write(b"</testsuites>\n")


def _case_xml(result: SegmentResult) -> bytes:
    """A test case as the pretty printer lays it out inside its suite."""
    case = etree.Element("testcase", classname=result.path, name=result.locator.split(" (line ")[0])
    if not result.findings:
        return b"    " + _xml(case) + b"\n"
    failure = etree.Element("failure", message=shorten(describe(result.findings[0]), 200))
    failure.text = "\n".join(
        f"{where(f)}: {describe(f)}\n  source: {f.source}\n  target: {f.target}"
        for f in result.findings
    )
    return b"    " + _opening(case) + b"\n      " + _xml(failure) + b"\n    </testcase>\n"


def _xml(element: etree._Element) -> bytes:
    return bytes(etree.tostring(element, encoding="UTF-8"))


def _opening(element: etree._Element) -> bytes:
    """The opening tag of ``element``, childless: its serialisation without the "/"."""
    return _xml(element)[: -len(b"/>")] + b">"
