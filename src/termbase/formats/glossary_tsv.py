"""termbase's curated-glossary TSV: one concept per line, every term kept.

The layout ``glossary/`` is written in: diff-friendly, one line per concept::

    # termbase glossary v1
    # any other comment line
    Liên hợp quốc | LHQ [acronym]<TAB>United Nations | UN [acronym]<TAB>United Nations<TAB>a note

Columns are ``vi``, ``en``, ``domain`` and ``note``, separated by tabs; domain
and note may be left out at the end of a line. A term cell lists terms
separated by ``|`` (written `` | ``), the preferred one first. Tags after a
term give its type, ``[acronym]``, ``[abbreviation]``, ``[variant]`` or
``[phrase]`` (none: a full form), and its status, ``[candidate]``,
``[suggested]``, ``[rejected]`` or ``[forbidden]`` (none: approved), in that
order: ``UN [acronym] [suggested]``. Inside a term ``\\|``, ``\\[``, ``\\#``
and ``\\\\`` stand for a literal bar, bracket, hash and backslash (a bracket
is only escaped when it opens, ``]`` never). Lines starting with ``#`` are
comments and blank lines are skipped. The first line must be
``# termbase glossary v1``: formats are detected by content before extension,
and without it OmegaT's reader would take the tab-separated lines.

A term without a status tag is approved: the file is a curated list. Terms
carry no source (``termbase init`` records ``glossary`` as the source of what
it loads), so that importing an untouched export changes nothing. The writer
keeps vi first whatever the direction and puts the best term of each language
first; it leaves out the definition and each term's source, confidence, part
of speech, note and occurrences, so write→read→write gives the same bytes,
not the same data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from termbase.errors import FormatError
from termbase.formats import WriteOptions
from termbase.formats._fields import shorten
from termbase.models import STATUSES, Concept, Term, best_term
from termbase.normalize import clean
from termbase.text.decode import read_text

MARKER = "# termbase glossary v1"
COLUMNS = ("vi", "en", "domain", "note")
# fullForm and approved are the defaults and have no tag.
TAGGED_TYPES = ("acronym", "abbreviation", "variant", "phrase")
TAGGED_STATUSES = tuple(s for s in STATUSES if s != "approved")
_MARKER_RE = re.compile(re.escape(MARKER) + r"(?![\w-])")
_ESCAPED = "\\|[#"
_HEADER = (
    MARKER,
    "# vi<TAB>en<TAB>domain<TAB>note; terms separated by ' | ', preferred first; "
    "tags after a term: [acronym] [abbreviation] [variant] [phrase]; "
    "[candidate] [suggested] [rejected] [forbidden] (default approved)",
)


# ---------------------------------------------------------------------------
# Writing


def escape_term(text: str) -> str:
    """``text`` with the characters that would split or tag it escaped."""
    return "".join("\\" + ch if ch in "\\|[" else ch for ch in text)


def _terms_cell(concept: Concept, lang: str) -> str:
    terms = list(concept.terms_in(lang))
    best = best_term(concept, lang)
    if best is not None:
        terms.remove(best)
        terms.insert(0, best)
    parts = []
    for term in terms:
        text = clean(term.text)
        if not text:
            continue
        tags = "".join(
            f" [{value}]"
            for value in (term.type, term.status)
            if value in TAGGED_TYPES or value in TAGGED_STATUSES
        )
        parts.append(escape_term(text) + tags)
    return " | ".join(parts)


def format_line(concept: Concept) -> str | None:
    """The line for ``concept``, or None when it has no term to write."""
    vi, en = _terms_cell(concept, "vi"), _terms_cell(concept, "en")
    if not vi and not en:
        return None
    if vi.startswith("#"):
        vi = "\\" + vi
    cells = [vi, en, clean(concept.domain or ""), clean(concept.note or "")]
    return "\t".join(cells)


def write_glossary(concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions) -> None:
    """Write the marker, a reminder of the layout, and one line per concept.

    ``options`` does not matter: the file always holds both languages, vi first.
    """
    lines = list(_HEADER)
    for concept in concepts:
        line = format_line(concept)
        if line is not None:
            lines.append(line)
    out.write(("\n".join(lines) + "\n").encode("utf-8"))


# ---------------------------------------------------------------------------
# Reading


def _shown(tag: str) -> str:
    """A tag as an error message shows it: on one line, not too long."""
    shown = f"[{shorten(tag)}]"
    return shown if shown.isprintable() else repr(shown)


def _finish(lang: str, chars: list[str], tags: list[str]) -> Term:
    text = clean("".join(chars))
    if not text:
        raise ValueError("a term is empty (two bars in a row, or a tag with no term before it)")
    kind, status = "fullForm", None
    for tag in tags:
        if tag in TAGGED_TYPES:
            if kind != "fullForm":
                raise ValueError(f"{shorten(text)!r} has two type tags, [{kind}] and [{tag}]")
            kind = tag
        elif tag in STATUSES:
            if status is not None:
                raise ValueError(f"{shorten(text)!r} has two status tags, [{status}] and [{tag}]")
            status = tag
        else:
            known = " ".join(f"[{name}]" for name in TAGGED_TYPES + TAGGED_STATUSES)
            raise ValueError(f"unknown tag {_shown(tag)}; use {known}, or write \\[ for a bracket")
    return Term(lang=lang, text=text, type=kind, status=status or "approved")


def parse_terms(cell: str, lang: str) -> list[Term]:
    """The terms of one cell; ValueError says what is wrong with it."""
    if not cell.strip():
        return []
    terms: list[Term] = []
    chars: list[str] = []
    tags: list[str] = []
    i = 0
    while i < len(cell):
        ch = cell[i]
        if ch == "|":
            terms.append(_finish(lang, chars, tags))
            chars, tags = [], []
        elif ch == "[":
            end = cell.find("]", i)
            if end < 0:
                raise ValueError("a [ opens a tag that is never closed; write \\[ for a bracket")
            tags.append(cell[i + 1 : end].strip())
            i = end
        elif tags and not ch.isspace():
            raise ValueError(f"text after the {_shown(tags[-1])} tag; tags end their term")
        elif ch == "\\":
            if i + 1 == len(cell) or cell[i + 1] not in _ESCAPED:
                raise ValueError("a backslash must come before \\, |, [ or #; write \\\\ for one")
            chars.append(cell[i + 1])
            i += 1
        else:
            chars.append(ch)
        i += 1
    terms.append(_finish(lang, chars, tags))
    return terms


def parse_line(line: str) -> Concept:
    """The concept one data line holds; ValueError says what is wrong with it."""
    cells = line.split("\t")
    if len(cells) < 2:
        raise ValueError(
            "expected at least 2 tab-separated columns (vi, en), found 1; "
            "separate the columns with tabs, not spaces"
        )
    if len(cells) > len(COLUMNS):
        raise ValueError(
            f"expected at most {len(COLUMNS)} tab-separated columns "
            f"({', '.join(COLUMNS)}), found {len(cells)}"
        )
    cells += [""] * (len(COLUMNS) - len(cells))
    terms = []
    for lang, cell in zip(("vi", "en"), cells, strict=False):
        try:
            terms += parse_terms(cell, lang)
        except ValueError as exc:
            raise ValueError(f"in the {lang} column: {exc}") from None
    if not terms:
        raise ValueError("the line has neither a Vietnamese nor an English term")
    return Concept(
        domain=clean(cells[2]) or None,
        note=clean(cells[3]) or None,
        terms=tuple(terms),
    )


def read_glossary(path: Path, encoding: str | None = None) -> list[Concept]:
    """Every concept in ``path``; FormatError names the first bad line."""
    text = read_text(path, encoding)
    concepts = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        try:
            concepts.append(parse_line(line))
        except ValueError as exc:
            raise FormatError(
                str(exc), path=path, line=number, hint="see glossary/README.md for the layout"
            ) from None
    return concepts


class GlossaryTsvFormat:
    """termbase's curated glossary: a concept per line with all its terms."""

    name = "glossary"
    extensions = ("glossary.tsv",)
    single_equivalent = False
    # Before tsv (40) and omegat (42), which would take its tab-separated lines.
    priority = 36

    def detect(self, head: str) -> bool:
        return _MARKER_RE.match(head) is not None

    def read(self, path: Path, encoding: str | None = None) -> list[Concept]:
        return read_glossary(path, encoding)

    def write(self, concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions) -> None:
        write_glossary(concepts, out, options)


FORMATS = (GlossaryTsvFormat(),)
