"""The segment pairs of a bilingual file, for checking: PO, TMX, XLIFF 1.2 and 2.0, CSV/TSV, text.

TMX, PO, CSV/TSV and line-aligned text are read by the translation memory's
readers (:mod:`termbase.tm.readers`); XLIFF is read here, streamed. Inline
markup is left out of the text that is matched (the content of a placeholder is
native code, not words). A unit that cannot be checked (untranslated, fuzzy, one
side empty) is counted as skipped, never reported as a finding.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from termbase.errors import FormatError, InputError
from termbase.formats._fields import shorten
from termbase.text.decode import check_file
from termbase.tm import readers
from termbase.tm.segments import words_text
from termbase.tm.units import Refusal

EXTENSIONS = {
    "po": "po",
    "pot": "po",
    "tmx": "tmx",
    "xlf": "xliff",
    "xliff": "xliff",
    "sdlxliff": "xliff",
    "mqxliff": "xliff",
    "csv": "csv",
    "tsv": "tsv",
    "tab": "tsv",
}
_LINE_RE = re.compile(r"^line (\d+)")


@dataclass(frozen=True, slots=True)
class Segment:
    """A segment pair to check; ``source_lang`` is the file's source language when it says."""

    locator: str  # "line 12", "tuid 7", "unit 3 (line 40)"
    line: int | None
    vi: str
    en: str
    source_lang: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A unit of the file that holds nothing to check, and why."""

    locator: str
    reason: str


Item = Segment | Skipped


def file_format(path: Path) -> str:
    """The format of ``path`` by its extension, or a one-line error naming what is known."""
    fmt = EXTENSIONS.get(path.suffix.lower().lstrip("."))
    if fmt is None:
        raise InputError(
            f"{path}: cannot tell the format from the extension; termbase check reads"
            " .po, .tmx, .xlf/.xliff, .csv and .tsv files, and line-aligned text with --vi/--en"
        )
    return fmt


def read_segments(path: Path, source_lang: str | None = None) -> Iterator[Item]:
    """The segment pairs of a PO, TMX, XLIFF, CSV or TSV file.

    ``source_lang``: the file's source language when the caller knows it (a PO
    file's header says it otherwise).
    """
    fmt = file_format(path)
    if fmt == "xliff":
        yield from read_xliff(path)
        return
    notes: list[str] = []
    if fmt == "tmx":
        units = readers.read_tmx(path)
    elif fmt == "po":
        units = _read_po(path, source_lang)
    else:
        units = readers.read_table(path, "\t" if fmt == "tsv" else ",", notes)
    for unit in units:
        if isinstance(unit, Refusal):
            yield Skipped(unit.locator, unit.reason)
        else:
            found = _LINE_RE.match(unit.locator)
            yield Segment(
                unit.locator,
                int(found[1]) if found else None,
                _words(unit.vi),
                _words(unit.en),
                unit.source_lang,
            )


def _words(markup: str) -> str:
    """The words of a stored segment; most have no markup or entity to parse."""
    return words_text(markup) if "<" in markup or "&" in markup else markup


def _read_po(path: Path, source_lang: str | None) -> Iterator[readers.Item]:
    try:
        yield from readers.read_po(path, source_lang)
    except InputError as exc:
        # The reader names tm import's option; check's is --direction.
        message = str(exc).replace("--source-lang vi|en", "--direction vi-en|en-vi")
        raise InputError(message) from None


def read_parallel(vi_path: Path, en_path: Path) -> Iterator[Item]:
    """Line-aligned text: line n of ``vi_path`` translates line n of ``en_path``."""
    for unit in readers.read_parallel(vi_path, en_path, []):
        if isinstance(unit, Refusal):
            yield Skipped(unit.locator, unit.reason)
        else:
            line = int(unit.locator.split()[1])
            yield Segment(unit.locator, line, _words(unit.vi), _words(unit.en))


# -- XLIFF -----------------------------------------------------------------------

_XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
_XLIFF_20 = "urn:oasis:names:tc:xliff:document:2.0"
# Inline elements whose content is native code, not text (XLIFF 1.2; 2.0's are empty).
_CODE = frozenset({"bpt", "ept", "ph", "it"})


def read_xliff(path: Path) -> Iterator[Item]:
    """Stream an XLIFF 1.2 (``trans-unit``) or 2.0 (``unit``/``segment``) file."""
    check_file(path)
    readers.refuse_entities(path)
    context = etree.iterparse(
        str(path),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_comments=True,
    )
    source_lang: str | None = None
    target_lang: str | None = None
    version: str | None = None
    try:
        for event, elem in context:
            if not isinstance(elem.tag, str):
                continue
            qname = etree.QName(elem)
            if event == "start":
                if version is None:
                    version = _version(qname.namespace, elem, path)
                if qname.localname == "xliff" and version == "2.0":
                    source_lang, target_lang = elem.get("srcLang"), elem.get("trgLang")
                elif qname.localname == "file" and version == "1.2":
                    source_lang = elem.get("source-language")
                    target_lang = elem.get("target-language")
                continue
            if qname.localname == "trans-unit" and version == "1.2":
                yield _pair(elem, elem, f"unit {elem.get('id')}", source_lang, target_lang)
            elif qname.localname == "unit" and version == "2.0":
                segments = [c for c in elem if etree.QName(c).localname == "segment"]
                for number, segment in enumerate(segments, 1):
                    where = f"unit {elem.get('id')}"
                    if len(segments) > 1:
                        where += f" segment {segment.get('id') or number}"
                    yield _pair(segment, elem, where, source_lang, target_lang)
            else:
                continue
            elem.clear()
            while elem.getprevious() is not None:
                del elem.getparent()[0]  # type: ignore[union-attr]
    except etree.XMLSyntaxError as exc:
        message = (exc.msg or "malformed").split(", line ")[0].splitlines()[0].strip()
        raise FormatError(
            f"not well-formed XML ({shorten(message, 120)})",
            path=path,
            line=exc.lineno,
            hint="fix the file",
        ) from None
    if version is None:
        raise FormatError("no XLIFF in the file", path=path, hint="check the file's format")


def _version(namespace: str | None, root: etree._Element, path: Path) -> str:
    if namespace == _XLIFF_20 or (
        namespace is None and (root.get("version") or "").startswith("2")
    ):
        return "2.0"
    if namespace == _XLIFF_12 or (namespace is None and etree.QName(root).localname == "xliff"):
        return "1.2"
    raise FormatError(
        f"not XLIFF 1.2 or 2.0 (root element {shorten(str(root.tag), 80)!r})",
        path=path,
        line=root.sourceline,
        hint="termbase check reads XLIFF 1.2 and 2.0",
    )


def _pair(
    holder: etree._Element,
    unit: etree._Element,
    where: str,
    source_lang: str | None,
    target_lang: str | None,
) -> Item:
    locator = f"{where} (line {unit.sourceline})"
    source = target = None
    for child in holder:
        if isinstance(child.tag, str):
            name = etree.QName(child).localname
            if name == "source" and source is None:
                source = _text(child)
            elif name == "target" and target is None:
                target = _text(child)
    if not source or not source.strip():
        return Skipped(locator, "empty source")
    if not target or not target.strip():
        return Skipped(locator, "untranslated")
    src, trg = readers.lang_code(source_lang), readers.lang_code(target_lang)
    if src == "en" or (src is None and trg == "vi"):
        return Segment(locator, unit.sourceline, target, source, "en")
    return Segment(locator, unit.sourceline, source, target, "vi" if src == "vi" else None)


def _text(elem: etree._Element) -> str:
    """The words of a source or target: text and that of text-bearing inline elements."""
    parts: list[str] = []
    _collect(elem, parts)
    return "".join(parts)


def _collect(elem: etree._Element, parts: list[str]) -> None:
    parts.append(elem.text or "")
    for child in elem:
        if isinstance(child.tag, str):
            name = etree.QName(child).localname
            if name == "cp":  # XLIFF 2.0's code point of a character XML cannot hold
                with contextlib.suppress(ValueError, OverflowError):
                    parts.append(chr(int(child.get("hex") or "", 16)))
            elif name not in _CODE:
                _collect(child, parts)
        parts.append(child.tail or "")
