"""CSV and TSV with a header row, and OmegaT's headerless glossary TSV.

termbase's own columns (direction vi-en; for en-vi the vi and en columns swap)::

    id, vi, en, status, source, confidence, domain, definition, note, alternatives

status, source and confidence describe the target (en) term. alternatives lists
the other target-language terms as ``"agreement" status=rejected | "deal"
status=suggested source=google`` (a plain ``agreement | deal`` is read too); it
is written and read only next to a target, so that the second term of a concept
read back is always the target when there is one.
Columns are found by name, so a reviewer may reorder or drop them (vi and en
are required); an unknown column is an error. A blank status next to a target
means "suggested": a row says nothing about review unless its status does.

Spreadsheet safety: a cell starting with = + - @, a tab or a CR is written with
a leading apostrophe so that a spreadsheet shows it instead of running it; so
is a cell that starts with an apostrophe followed by one of those or by another
apostrophe. Reading removes exactly that apostrophe.

CSV is RFC 4180 (commas, double quotes, CRLF); TSV uses tabs, LF, and double
quotes around a cell that holds one; ``#`` lines before a TSV header are skipped.

OmegaT (``omegat``) is ``source<TAB>target[<TAB>comment]`` per line, ``#``
comment lines, no header, no quoting (OmegaT takes each field as it stands).
The cat profile (:mod:`termbase.formats._cat`) writes a line per source and
target term with a comment in words, the concept's note with a source term's
first line only. The full profile writes a first line
``# termbase glossary vi-en …`` and a comment of ``key=value`` pairs (concept,
domain, status, source, confidence, definition, note); it skips concepts with
no target (OmegaT has nothing to show for them) or whose source starts with #.
On reading, lines with fewer than two fields are skipped, and a comment that
is not termbase's ``key=value`` becomes the concept's note. The direction is
the one on termbase's first line; failing that, each line votes for the column
with more letters that only Vietnamese writes (ă ơ ư đ, hook above, dot below,
a circumflex with a tone), and a tie means vi-en.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from termbase.errors import FormatError
from termbase.formats import WriteOptions
from termbase.formats._cat import CAT_MARK, pairs
from termbase.formats._fields import (
    clean_label,
    format_attributes,
    format_term,
    guess_direction,
    one_line,
    parse_confidence,
    parse_items,
    parse_whole,
    shorten,
    term_from_attributes,
)
from termbase.models import STATUSES, Concept, Term, best_term
from termbase.normalize import clean
from termbase.text.decode import read_text

TAIL_COLUMNS = ("status", "source", "confidence", "domain", "definition", "note", "alternatives")
KNOWN_COLUMNS = frozenset({"id", "vi", "en", *TAIL_COLUMNS})
_FORMULA_START = "=+-@\t\r"
_OMEGAT_MARK = re.compile(r"#\s*termbase glossary (vi-en|en-vi)\b")
_LABEL_COLUMNS = frozenset({"id", "status", "source", "confidence", "domain"})
OMEGAT_KEYS = ("concept", "domain", "status", "source", "confidence", "definition", "note")


def columns(direction: str) -> tuple[str, ...]:
    """The header termbase writes for ``direction``."""
    source, target = direction.split("-")
    return ("id", source, target, *TAIL_COLUMNS)


def escape_cell(value: str) -> str:
    """Prefix an apostrophe so that a spreadsheet does not run the cell as a formula."""
    if value and (
        value[0] in _FORMULA_START
        or (value[0] == "'" and len(value) > 1 and value[1] in _FORMULA_START + "'")
    ):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """Undo :func:`escape_cell`."""
    if len(value) > 1 and value[0] == "'" and value[1] in _FORMULA_START + "'":
        return value[1:]
    return value


def _header_names(cells: list[str]) -> list[str]:
    return [cell.strip().strip('"').strip().lower() for cell in cells]


def looks_like_header(cells: list[str]) -> bool:
    names = _header_names(cells)
    return "vi" in names and "en" in names and all(name in KNOWN_COLUMNS for name in names)


def _first_line(head: str, comments: bool) -> str | None:
    for line in head.splitlines():
        if line.strip() and not (comments and line.startswith("#")):
            return line
    return None


# ---------------------------------------------------------------------------
# Writing


def _row(concept: Concept, options: WriteOptions) -> list[str] | None:
    source = best_term(concept, options.source_lang)
    if source is None or not source.text.strip():
        return None
    target = best_term(concept, options.target_lang)
    others = [] if target is None else concept.terms_in(options.target_lang)
    if options.profile == "cat" and not options.evidence:
        # The evidence is for a reviewer who asks for it, not for a translator's glossary.
        others = [replace(term, note=None) for term in others if term is not target]
    alternatives = " | ".join(format_term(term) for term in others if term is not target)
    confidence = None if target is None else target.confidence
    cells = [
        "" if concept.id is None else str(concept.id),
        source.text,
        "" if target is None else target.text,
        "" if target is None else target.status,
        "" if target is None or target.source is None else target.source,
        "" if confidence is None else repr(float(confidence)),
        concept.domain or "",
        concept.definition or "",
        concept.note or "",
        alternatives,
    ]
    return [escape_cell(one_line(cell)) for cell in cells]


def write_table(
    concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions, delimiter: str
) -> None:
    """termbase's CSV (``delimiter=","``) or TSV (``"\\t"``) with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=delimiter, lineterminator="\r\n" if delimiter == "," else "\n"
    )
    writer.writerow(columns(options.direction))
    for concept in concepts:
        row = _row(concept, options)
        if row is not None:
            writer.writerow(row)
    out.write(buffer.getvalue().encode("utf-8"))


def _omegat_field(text: str) -> str:
    # OmegaT takes a field as it stands, up to the next tab or line break.
    return one_line(text).strip()


def _write_omegat_pairs(
    concepts: Iterable[Concept], options: WriteOptions, lines: list[str]
) -> None:
    for concept in concepts:
        for pair in pairs(concept, options.source_lang, options.target_lang, options.evidence):
            source, target = _omegat_field(pair.source.text), _omegat_field(pair.target.text)
            if not source or not target or source.startswith("#"):
                continue
            comment = " — ".join(_omegat_field(line) for line in pair.comment)
            lines.append(f"{source}\t{target}\t{comment}" if comment else f"{source}\t{target}")


def write_omegat(concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions) -> None:
    """OmegaT's glossary layout: source, target, comment; one line each.

    The cat profile writes a line per source and target term with a comment in
    words; the full profile a line per concept with termbase's key=value comment.
    """
    names = {"vi": "Vietnamese", "en": "English"}
    lines = [
        f"# termbase glossary {options.direction} for OmegaT: "
        f"{names[options.source_lang]} term, {names[options.target_lang]} term, comment"
        + (f"; {CAT_MARK}" if options.profile == "cat" else "")
    ]
    if options.profile == "cat":
        _write_omegat_pairs(concepts, options, lines)
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
        return
    for concept in concepts:
        source = best_term(concept, options.source_lang)
        target = best_term(concept, options.target_lang)
        if source is None or target is None:
            continue
        source_text, target_text = one_line(source.text).strip(), one_line(target.text).strip()
        if not source_text or not target_text or source_text.startswith("#"):
            continue
        comment = format_attributes(
            [
                ("concept", concept.id),
                ("domain", concept.domain),
                ("status", target.status),
                ("source", target.source),
                ("confidence", None if target.confidence is None else float(target.confidence)),
                ("definition", concept.definition),
                ("note", concept.note),
            ]
        )
        lines.append(f"{source_text}\t{target_text}\t{comment}")
    out.write(("\n".join(lines) + "\n").encode("utf-8"))


# ---------------------------------------------------------------------------
# Reading


def _load(path: Path, encoding: str | None) -> str:
    text = read_text(path, encoding)
    nul = text.find("\x00")
    if nul >= 0:
        raise FormatError(
            "the file holds NUL characters, so it is not a text table",
            path=path,
            line=text.count("\n", 0, nul) + 1,
            hint="a UTF-16 file needs its byte-order mark; re-save it as UTF-8",
        )
    return text


def _alternatives(cell: str, lang: str) -> list[Term]:
    if '"' not in cell:
        texts = (clean(part) for part in cell.split("|"))
        return [Term(lang=lang, text=text) for text in texts if text]
    terms = []
    for text, attrs in parse_items(cell):
        if text is None:
            raise ValueError('each alternative starts with its text in quotes: "deal" status=…')
        text = clean(text)
        if text:
            terms.append(term_from_attributes(lang, text, attrs))
    return terms


def _read_table(text: str, path: Path, delimiter: str) -> list[Concept]:
    kind = "CSV" if delimiter == "," else "TSV"
    lines = text.split("\n")
    skip = 0
    while skip < len(lines) and (
        not lines[skip].strip() or (delimiter == "\t" and lines[skip].startswith("#"))
    ):
        skip += 1
    reader = csv.reader(
        io.StringIO("\n".join(lines[skip:]), newline=""), delimiter=delimiter, strict=True
    )
    header: list[str] | None = None
    concepts: list[Concept] = []
    previous = 0
    while True:
        start = skip + previous + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message:
                message = "a quoted cell is never closed"
            raise FormatError(
                f"malformed {kind}: {message}",
                path=path,
                line=start,
                hint="every opening double quote needs a closing one; "
                'write a quote inside a quoted cell as ""',
            ) from None
        previous = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = _check_header(row, path, start, kind)
            continue
        if len(row) != len(header):
            raise FormatError(
                f"expected {len(header)} cells as in the header, found {len(row)}",
                path=path,
                line=start,
                hint=f"check the row's {'commas' if delimiter == ',' else 'tabs'} and quotes",
            )
        concepts.append(_row_concept(header, row, path, start))
    return concepts


def _check_header(row: list[str], path: Path, line: int, kind: str) -> list[str]:
    names = _header_names(row)
    expected = ",".join(columns("vi-en"))
    for index, name in enumerate(names):
        if name not in KNOWN_COLUMNS:
            raise FormatError(
                f"unknown column {shorten(row[index])!r} in the header",
                path=path,
                line=line,
                column=index + 1,
                hint=f"termbase's {kind} columns are {expected}",
            )
        if names.index(name) != index:
            raise FormatError(f"column {name!r} appears twice", path=path, line=line)
    missing = [name for name in ("vi", "en") if name not in names]
    if missing:
        raise FormatError(
            f"the header has no {missing[0]!r} column",
            path=path,
            line=line,
            hint=f"the first line must name the columns, e.g. {expected}",
        )
    return names


def _row_concept(header: list[str], row: list[str], path: Path, line: int) -> Concept:
    cells = {
        name: (clean_label if name in _LABEL_COLUMNS else clean)(unescape_cell(cell))
        if cell
        else ""
        for name, cell in zip(header, row, strict=True)
    }
    src = "vi" if header.index("vi") < header.index("en") else "en"
    tgt = "en" if src == "vi" else "vi"
    column = ""
    try:
        column = src
        if not cells[src]:
            raise ValueError(f"the {src} cell is empty")
        column = "id"
        concept_id = parse_whole(cells["id"], "id") if cells.get("id") else None
        column = "status"
        status = cells.get("status") or "suggested"
        if status not in STATUSES:
            raise ValueError(f"status {shorten(status)!r} is not one of {', '.join(STATUSES)}")
        column = "confidence"
        confidence = parse_confidence(cells.get("confidence"))
        column = "alternatives"
        alternatives = _alternatives(cells.get("alternatives", ""), tgt)
    except ValueError as exc:
        raise FormatError(str(exc), path=path, line=line, column=header.index(column) + 1) from None
    terms = [Term(lang=src, text=cells[src])]
    if cells[tgt]:
        terms.append(
            Term(
                lang=tgt,
                text=cells[tgt],
                status=status,
                source=cells.get("source") or None,
                confidence=confidence,
            )
        )
    return Concept(
        id=concept_id,
        domain=cells.get("domain") or None,
        definition=cells.get("definition") or None,
        note=cells.get("note") or None,
        terms=(*terms, *alternatives) if cells[tgt] else tuple(terms),
    )


def _omegat_comment(comment: str) -> dict[str, str] | None:
    """termbase's key=value comment, or None when the comment is free text."""
    try:
        items = parse_items(comment)
        if len(items) != 1 or items[0][0] is not None:
            return None
        attrs = items[0][1]
        if set(attrs) - set(OMEGAT_KEYS) or attrs.get("status", "suggested") not in STATUSES:
            return None
        parse_confidence(attrs.get("confidence"))
        if "concept" in attrs:
            parse_whole(attrs["concept"], "concept")
    except ValueError:
        return None
    return attrs


def _read_omegat(text: str) -> list[Concept]:
    lines = [line.rstrip("\r") for line in text.split("\n")]
    direction = None
    rows: list[list[str]] = []
    for line in lines:
        if line.startswith("#"):
            mark = _OMEGAT_MARK.match(line)
            if mark and direction is None and not rows:
                direction = mark[1]
            continue
        fields = line.split("\t")
        if len(fields) >= 2:
            rows.append(fields)
    if direction is None:
        direction = guess_direction((row[0], row[1]) for row in rows) or "vi-en"
    src, tgt = direction.split("-")
    concepts = []
    for fields in rows:
        source, target = clean(fields[0]), clean(fields[1])
        if not source:
            continue
        comment = clean(" ".join(fields[2:]))
        attrs = _omegat_comment(comment) if comment else {}
        terms = [Term(lang=src, text=source)]
        if attrs is None:
            attrs = {"note": comment}
        if target:
            terms.append(
                Term(
                    lang=tgt,
                    text=target,
                    status=attrs.get("status", "suggested"),
                    source=clean_label(attrs.get("source", "")) or None,
                    confidence=parse_confidence(attrs.get("confidence")),
                )
            )
        concepts.append(
            Concept(
                id=int(attrs["concept"]) if "concept" in attrs else None,
                domain=clean_label(attrs.get("domain", "")) or None,
                definition=clean(attrs.get("definition", "")) or None,
                note=clean(attrs.get("note", "")) or None,
                terms=tuple(terms),
            )
        )
    return concepts


def read_csv(path: Path, encoding: str | None = None) -> list[Concept]:
    """termbase's CSV; the header is required."""
    return _read_table(_load(path, encoding), path, ",")


def read_tsv(path: Path, encoding: str | None = None) -> list[Concept]:
    """termbase's TSV when the first line is its header, else OmegaT's layout."""
    text = _load(path, encoding)
    first = _first_line(text, comments=True)
    if first is not None and {"vi", "en"} <= set(_header_names(first.split("\t"))):
        return _read_table(text, path, "\t")
    return _read_omegat(text)


class CsvFormat:
    """termbase's CSV: a header row, one concept per row."""

    name = "csv"
    extensions = ("csv",)
    single_equivalent = True
    priority = 45

    def detect(self, head: str) -> bool:
        first = _first_line(head, comments=False)
        return first is not None and "," in first and looks_like_header(first.split(","))

    def read(self, path: Path, encoding: str | None = None) -> list[Concept]:
        return read_csv(path, encoding)

    def write(self, concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions) -> None:
        write_table(concepts, out, options, ",")


class TsvFormat:
    """termbase's TSV: as CSV, with tabs; reads OmegaT glossaries too."""

    name = "tsv"
    extensions = ("tsv", "tab")
    single_equivalent = True
    priority = 40

    def detect(self, head: str) -> bool:
        first = _first_line(head, comments=True)
        return first is not None and "\t" in first and looks_like_header(first.split("\t"))

    def read(self, path: Path, encoding: str | None = None) -> list[Concept]:
        return read_tsv(path, encoding)

    def write(self, concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions) -> None:
        write_table(concepts, out, options, "\t")


class OmegatFormat:
    """OmegaT's glossary: source, target, comment; no header."""

    name = "omegat"
    extensions = ("utf8",)
    single_equivalent = True
    priority = 42

    def detect(self, head: str) -> bool:
        if _OMEGAT_MARK.match(head):
            return True
        first = _first_line(head, comments=True)
        return first is not None and "\t" in first and not looks_like_header(first.split("\t"))

    def read(self, path: Path, encoding: str | None = None) -> list[Concept]:
        return read_tsv(path, encoding)

    def write(self, concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions) -> None:
        write_omegat(concepts, out, options)


FORMATS = (TsvFormat(), OmegatFormat(), CsvFormat())
