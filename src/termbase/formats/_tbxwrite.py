"""Writing TBX, either version: one entry at a time, as text (see :mod:`._tbxcommon`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from termbase.formats import WriteOptions
from termbase.formats._cat import CAT_MARK, pairs
from termbase.formats._tbxcommon import (
    CONFIDENCE,
    FREQUENCY,
    NOT_XML,
    NOTE_PREFIX,
    POS,
    REVISION,
    SCORE,
    STATUS,
    STATUS_TO_TBX,
    format_source,
    revision_note,
)
from termbase.models import TERM_TYPES, Concept, Term


@dataclass(frozen=True)
class Dialect:
    """The element names and fixed text of one TBX version."""

    entry: str
    lang_section: str
    term_section: str
    parts_of_speech: frozenset[str]
    # The prolog, the root start tag for a source language, and the header.
    head: Callable[[str], str]
    # From <text> to the first entry, and from after the last entry to the end.
    body_open: str
    foot: str
    # What follows the header when there is no entry at all.
    empty: str


# Entries sit at depth 3 (<root><text><body><entry>), indented by two spaces a level.
_PAD = tuple("  " * depth for depth in range(3, 9))


def escape(text: str) -> str:
    """``text`` as XML character data, without the characters XML 1.0 cannot hold."""
    if NOT_XML.search(text):
        text = NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """``value`` escaped for a double-quoted attribute."""
    return escape(value).replace('"', "&quot;")


def _number(value: float) -> str:
    # repr is the shortest text that reads back as the same float.
    return repr(float(value))


def _lines(text: str | None) -> list[str]:
    """A multi-line note as one ``<note>`` per non-blank line."""
    if not text:
        return []
    return [line for line in (part.strip() for part in text.splitlines()) if line]


def _term_lines(out: list[str], depth: int, term: Term, dialect: Dialect) -> None:
    pad, pad1, pad2 = _PAD[depth], _PAD[depth + 1], _PAD[depth + 2]
    out.append(f"{pad}<{dialect.term_section}>\n{pad1}<term>{escape(term.text)}</term>\n")
    if term.type in TERM_TYPES:
        out.append(f'{pad1}<termNote type="termType">{term.type}</termNote>\n')
    pos, pos_note = term.pos, None
    if pos == "properNoun" and pos not in dialect.parts_of_speech:
        # TBX v3 TBX-Basic has no properNoun: write noun and keep the nuance in a note.
        pos, pos_note = "noun", term.pos
    if pos in dialect.parts_of_speech:
        out.append(f'{pad1}<termNote type="partOfSpeech">{pos}</termNote>\n')
    status = STATUS_TO_TBX.get(term.status)
    if status is not None:
        out.append(f'{pad1}<termNote type="administrativeStatus">{status}</termNote>\n')
    for occurrence in term.occurrences:
        context = escape(occurrence.context or "")
        out.append(f'{pad1}<descripGrp>\n{pad2}<descrip type="context">{context}</descrip>\n')
        source = format_source(occurrence)
        if source is not None:
            out.append(f'{pad2}<admin type="source">{escape(source)}</admin>\n')
        out.append(f"{pad1}</descripGrp>\n")
    if term.source:
        out.append(f'{pad1}<admin type="source">{escape(term.source)}</admin>\n')
    if status is not None and term.status != "approved":
        out.append(f"{pad1}<note>{NOTE_PREFIX}{STATUS}: {term.status}</note>\n")
    if pos_note is not None:
        out.append(f"{pad1}<note>{NOTE_PREFIX}{POS}: {pos_note}</note>\n")
    if term.confidence is not None:
        out.append(f"{pad1}<note>{NOTE_PREFIX}{CONFIDENCE}: {_number(term.confidence)}</note>\n")
    for line in _lines(term.note):
        out.append(f"{pad1}<note>{escape(line)}</note>\n")
    out.append(f"{pad}</{dialect.term_section}>\n")


def _language_order(concept: Concept, options: WriteOptions) -> list[tuple[str, list[Term]]]:
    groups: dict[str, list[Term]] = {options.source_lang: [], options.target_lang: []}
    for term in concept.terms:
        groups.setdefault(term.lang, []).append(term)
    return [(lang, terms) for lang, terms in groups.items() if terms]


def entry_text(concept: Concept, ident: str, options: WriteOptions, dialect: Dialect) -> str:
    """One concept as an indented entry element, or "" when it has no term to carry it."""
    languages = _language_order(concept, options)
    if not languages:
        return ""
    pad, pad1, pad2 = _PAD[0], _PAD[1], _PAD[2]
    out = [f'{pad}<{dialect.entry} id="{attr(ident)}">\n']
    if concept.domain:
        out.append(f'{pad1}<descrip type="subjectField">{escape(concept.domain)}</descrip>\n')
    definition = escape(concept.definition) if concept.definition else None
    # The definition goes in the Vietnamese section; without one, at concept level.
    if definition and not any(lang == "vi" for lang, _ in languages):
        out.append(f'{pad1}<descrip type="definition">{definition}</descrip>\n')
    if concept.score is not None:
        out.append(f"{pad1}<note>{NOTE_PREFIX}{SCORE}: {_number(concept.score)}</note>\n")
    if concept.frequency is not None:
        out.append(f"{pad1}<note>{NOTE_PREFIX}{FREQUENCY}: {int(concept.frequency)}</note>\n")
    for line in _lines(concept.note):
        out.append(f"{pad1}<note>{escape(line)}</note>\n")
    fingerprints = revision_note(concept)
    if fingerprints is not None:
        # What the import needs to tell the reviewer's changes from the termbase's.
        out.append(f"{pad1}<note>{NOTE_PREFIX}{REVISION}: {fingerprints}</note>\n")
    for lang, terms in languages:
        out.append(f'{pad1}<{dialect.lang_section} xml:lang="{attr(lang)}">\n')
        if lang == "vi" and definition:
            out.append(f'{pad2}<descrip type="definition">{definition}</descrip>\n')
        for term in terms:
            _term_lines(out, 2, term, dialect)
        out.append(f"{pad1}</{dialect.lang_section}>\n")
    out.append(f"{pad}</{dialect.entry}>\n")
    return "".join(out)


def pair_entries(concept: Concept, ident: str, options: WriteOptions, dialect: Dialect) -> str:
    """The cat profile: one entry per source and target term, with notes in words.

    OmegaT joins every note, description and target termNote of an entry into
    one comment and shows it again with each target term, printing termNote
    values ("fullForm", "preferredTerm-admn-sts") as they are; translate-toolkit
    (Weblate) takes the first term of each language. So each entry holds one
    pair, no termNote and no ``termbase-`` note, and the concept's note goes
    with a source term's first pair only.
    """
    pad, pad1, pad2, pad3 = _PAD[0], _PAD[1], _PAD[2], _PAD[3]
    out = []
    for number, pair in enumerate(
        pairs(concept, options.source_lang, options.target_lang, options.evidence), 1
    ):
        suffix = "" if number == 1 else f"-{number}"
        out.append(f'{pad}<{dialect.entry} id="{attr(ident + suffix)}">\n')
        out.extend(f"{pad1}<note>{escape(line)}</note>\n" for line in pair.comment)
        for term in (pair.source, pair.target):
            out.append(f'{pad1}<{dialect.lang_section} xml:lang="{attr(term.lang)}">\n')
            out.append(f"{pad2}<{dialect.term_section}>\n")
            out.append(f"{pad3}<term>{escape(term.text)}</term>\n")
            out.append(f"{pad2}</{dialect.term_section}>\n")
            out.append(f"{pad1}</{dialect.lang_section}>\n")
        out.append(f"{pad}</{dialect.entry}>\n")
    return "".join(out)


def write_tbx(
    concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions, dialect: Dialect
) -> None:
    """Stream ``concepts`` to ``out`` as UTF-8, one entry at a time.

    Entries are written as text rather than built with lxml, which costs several
    times more; the tests check the output against the official schemas.
    Concepts without terms are left out: TBX requires a term in every entry.
    """
    head = dialect.head(options.source_lang)
    if options.profile == "cat":
        head = head.replace(
            "<p>Exported by termbase</p>", f"<p>Exported by termbase: {CAT_MARK}</p>", 1
        )
    out.write(head.encode("utf-8"))
    written = False
    for position, concept in enumerate(concepts, 1):
        ident = f"c{concept.id}" if concept.id is not None else f"n{position}"
        if options.profile == "cat":
            text = pair_entries(concept, ident, options, dialect)
        else:
            text = entry_text(concept, ident, options, dialect)
        if not text:
            continue
        if not written:
            out.write(dialect.body_open.encode("utf-8"))
            written = True
        out.write(text.encode("utf-8"))
    out.write((dialect.foot if written else dialect.empty).encode("utf-8"))
