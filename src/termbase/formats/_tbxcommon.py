"""What TBX v3 (``tbx``) and TBX v2 (``tbx2``) share: the mapping, one writer, one reader.

Both versions hold the same three levels (concept, language, term) under
different element names, so one writer takes a :class:`Dialect` and one reader
accepts every variant it may meet: TBX v3 DCA and DCT styles, TBX v2 ``tig``
and ``ntig``, any TBX dialect's data categories it knows.

What TBX-Basic has no data category for travels in ``<note>`` elements that
start with ``termbase-``; the reader takes them back and never shows them as
notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NoReturn

from lxml import etree

from termbase.errors import FormatError
from termbase.formats import WriteOptions
from termbase.formats._xml import parse_xml
from termbase.models import LANGS, PARTS_OF_SPEECH, STATUSES, TERM_TYPES, Concept, Occurrence, Term
from termbase.normalize import clean

TBX3_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Notes carrying what TBX-Basic has no data category for.
NOTE_PREFIX = "termbase-"
SCORE = "score"
FREQUENCY = "frequency"
STATUS = "status"
CONFIDENCE = "confidence"
POS = "pos"

PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
# Both TBX-Basic versions share these administrativeStatus values.
STATUS_TO_TBX = {
    "approved": PREFERRED,
    "suggested": ADMITTED,
    "candidate": ADMITTED,
    "rejected": DEPRECATED,
    "forbidden": DEPRECATED,
}
# administrativeStatus (with or without "-admn-sts") and TBX-Min usageStatus
# values, lower-cased, to termbase statuses; the XCS display names are included.
_STATUS_FROM_TBX = {
    "preferredterm": "approved",
    "preferred": "approved",
    "standardizedterm": "approved",
    "admittedterm": "suggested",
    "admitted": "suggested",
    "deprecatedterm": "rejected",
    "deprecated": "rejected",
    "notrecommended": "rejected",
    "supersededterm": "rejected",
    "superseded": "rejected",
    "obsolete": "rejected",
}
_STATUS_CATEGORIES = ("administrativeStatus", "usageStatus", "normativeAuthorization")
# ISO 12620 defines shortForm as "a variant of a multiword term".
_TERM_TYPE_ALIASES = {"shortForm": "variant"}

# What the reader does with an element, by local name of TBX's own elements.
_DATA = "data"  # <descrip type="definition"> etc.: the data category is @type
_GROUP = "group"  # <descripGrp> etc.: its first element is the data, the rest about it
_TERM = "term"
_TERM_GROUP = "termGrp"  # TBX v2 <ntig><termGrp><term/><termNote/>…</termGrp>…</ntig>
_LANG_SECTION = "lang"
_TERM_SECTION = "termSec"
_NOTE = "note"
_KINDS = {
    **dict.fromkeys(("descrip", "admin", "termNote", "adminNote", "descripNote"), _DATA),
    **dict.fromkeys(("ref", "xref"), _DATA),
    **dict.fromkeys(("descripGrp", "adminGrp", "termNoteGrp"), _GROUP),
    **dict.fromkeys(("langSec", "langSet"), _LANG_SECTION),
    **dict.fromkeys(("termSec", "tig", "ntig"), _TERM_SECTION),
    "termGrp": _TERM_GROUP,
    "term": _TERM,
    "note": _NOTE,
}
# TBX v2 has no namespace, TBX v3 its own; other namespaces hold DCT-style data categories.
_KIND_BY_TAG = {**_KINDS, **{f"{{{TBX3_NS}}}{name}": kind for name, kind in _KINDS.items()}}
_TBX3_PREFIX = f"{{{TBX3_NS}}}"
_ID_RE = re.compile(r"c(\d+)")
_SOURCE_RE = re.compile(r"(.*):(\d*):(\d*)", re.DOTALL)
_NOTE_RE = re.compile(r"termbase-([a-z]+):\s*(.*)", re.DOTALL)
# Characters XML 1.0 cannot carry; lxml would raise on them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# v2 requires at least one entry; an empty export holds this one, which read skips.
EMPTY_ENTRY_ID = "termbase-empty"


# ----------------------------------------------------------------------------
# Detection
# ----------------------------------------------------------------------------

_PROLOG_RE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.DOTALL)
_ROOT_RE = re.compile(r"\s*<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)([^>]*)")


def root_start_tag(head: str) -> tuple[str, str] | None:
    """The root element's local name and the rest of its start tag, from a file's head."""
    text = head.lstrip("\ufeff")
    pos = 0
    while match := _PROLOG_RE.match(text, pos):
        pos = match.end()
    root = _ROOT_RE.match(text, pos)
    return (root.group(1), root.group(2)) if root else None


# ----------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------


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
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("", text)
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


def format_source(occurrence: Occurrence) -> str | None:
    """``document:line:column`` with empty fields for what is unknown, or None."""
    line = "" if occurrence.line is None else str(occurrence.line)
    column = "" if occurrence.column is None else str(occurrence.column)
    if not occurrence.document and not line and not column:
        return None
    return f"{occurrence.document}:{line}:{column}"


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
    for lang, terms in languages:
        out.append(f'{pad1}<{dialect.lang_section} xml:lang="{attr(lang)}">\n')
        if lang == "vi" and definition:
            out.append(f'{pad2}<descrip type="definition">{definition}</descrip>\n')
        for term in terms:
            _term_lines(out, 2, term, dialect)
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
    out.write(dialect.head(options.source_lang).encode("utf-8"))
    written = False
    for position, concept in enumerate(concepts, 1):
        ident = f"c{concept.id}" if concept.id is not None else f"n{position}"
        text = entry_text(concept, ident, options, dialect)
        if not text:
            continue
        if not written:
            out.write(dialect.body_open.encode("utf-8"))
            written = True
        out.write(text.encode("utf-8"))
    out.write((dialect.foot if written else dialect.empty).encode("utf-8"))


# ----------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------


# (kind, data category, element, the group holding it)
_Item = tuple[str, str, etree._Element, etree._Element | None]


def _kind(element: etree._Element) -> tuple[str, str] | None:
    """(what an element is, its data category) or None to skip it."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    kind = _KIND_BY_TAG.get(tag)
    if kind is None:
        if tag[0] == "{" and not tag.startswith(_TBX3_PREFIX):
            # DCT style: <min:partOfSpeech>noun</min:partOfSpeech>.
            return _DATA, tag.rpartition("}")[2]
        return None
    if kind == _DATA:
        return kind, element.get("type") or ""
    return kind, ""


def _items(container: etree._Element) -> list[_Item]:
    """What ``container`` holds directly, in order.

    A ``*Grp`` gives its first element, the one it groups data about (a source,
    notes), which are then looked up through the group.
    """
    found: list[_Item] = []
    for child in container:
        kind = _kind(child)
        if kind is None:
            continue
        if kind[0] == _GROUP:
            for head in child:
                head_kind = _kind(head)
                if head_kind is not None:
                    found.append((*head_kind, head, child))
                    break
        else:
            found.append((*kind, child, None))
    return found


def _raw(element: etree._Element) -> str:
    """The text of an element, inline markup (<hi>…) included."""
    if len(element):
        return "".join(element.itertext())
    return element.text or ""


def _text(element: etree._Element) -> str:
    """The text of an element as termbase stores it (see :func:`termbase.normalize.clean`)."""
    return clean(_raw(element))


def _code(element: etree._Element) -> str:
    """A picklist value or a termbase- note: codes, not prose, so only trimmed."""
    return _raw(element).strip()


def _group_source(group: etree._Element | None) -> str | None:
    if group is None:
        return None
    for kind, category, element, _ in _items(group)[1:]:
        if kind == _DATA and category == "source":
            return _text(element) or None
    return None


def parse_source(source: str | None, context: str | None) -> Occurrence:
    """An occurrence from a context and its ``document:line:column`` source."""
    if source is None:
        return Occurrence(document="", context=context)
    match = _SOURCE_RE.fullmatch(source)
    if match is None:
        return Occurrence(document=source, context=context)
    document, line, column = match.groups()
    return Occurrence(
        document=document,
        line=int(line) if line else None,
        column=int(column) if column else None,
        context=context,
    )


def language_base(code: str) -> str:
    """The language part of a tag: "en-US" and "EN_gb" give "en"."""
    return code.replace("_", "-").split("-")[0].lower()


def _status_from_tbx(value: str) -> str | None:
    key = value.strip().lower()
    key = key.removesuffix("-admn-sts")
    return _STATUS_FROM_TBX.get(key)


def _resolve_status(tbx_status: str | None, noted: str | None) -> str:
    """The termbase status: TBX's value, refined by a termbase-status note.

    The note only chooses within the class the TBX value names (candidate or
    suggested for admitted, rejected or forbidden for deprecated), so a status
    changed in another TBX editor wins over a stale note.
    """
    if tbx_status is None:
        return noted or "candidate"
    if noted is not None and STATUS_TO_TBX[noted] == STATUS_TO_TBX[tbx_status]:
        return noted
    return tbx_status


def _pos_from_tbx(value: str) -> str:
    for pos in PARTS_OF_SPEECH:
        if pos.lower() == value.replace(" ", "").lower():
            return pos
    return "other"


def _term_type_from_tbx(value: str) -> str:
    value = _TERM_TYPE_ALIASES.get(value, value)
    return value if value in TERM_TYPES else "fullForm"


class _Reader:
    """Reads one file; holds the path so every error can name it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, message: str, element: etree._Element, hint: str) -> FormatError:
        return FormatError(message, path=self.path, line=element.sourceline, hint=hint)

    def note(self, element: etree._Element) -> tuple[str | None, str]:
        """(termbase key, value) of a termbase- note, or (None, text) of another note."""
        match = _NOTE_RE.fullmatch(_code(element))
        if match and match.group(1) in (SCORE, FREQUENCY, STATUS, CONFIDENCE, POS):
            return match.group(1), match.group(2).strip()
        return None, _text(element)

    def number(self, element: etree._Element, key: str, value: str) -> float:
        try:
            return int(value) if key == FREQUENCY else float(value)
        except ValueError:
            raise self.error(
                f"the note termbase-{key} holds {value!r}, which is not a"
                f"{' whole' if key == FREQUENCY else ''} number",
                element,
                f"write a number after 'termbase-{key}:' or delete the note",
            ) from None

    def no_term(self, section: etree._Element, term: etree._Element | None) -> NoReturn:
        name = etree.QName(section).localname
        raise self.error(
            f"a <{name}> has no <term>",
            section,
            f"add the term as <term>…</term> at the start of the <{name}>, or delete it",
        )

    def concepts(self, root: etree._Element) -> list[Concept]:
        name = etree.QName(root).localname
        if name not in ("tbx", "martif"):
            raise self.error(
                f"the root element is <{name}>, not <tbx> (TBX v3) or <martif> (TBX v2)",
                root,
                "check that this is a TBX file, or name its format with --format",
            )
        found: list[Concept] = []
        for entry in root.iter("{*}conceptEntry", "{*}termEntry"):
            if entry.get("id") == EMPTY_ENTRY_ID:
                continue
            concept = self.concept(entry)
            if concept is not None:
                found.append(concept)
        return found

    def concept(self, entry: etree._Element) -> Concept | None:
        domain: str | None = None
        definitions: dict[str, str] = {}
        notes: list[str] = []
        score: float | None = None
        frequency: int | None = None
        terms: list[Term] = []
        for kind, category, element, _ in _items(entry):
            if kind == _LANG_SECTION:
                terms.extend(self.language(element, definitions, notes))
            elif kind == _NOTE:
                key, value = self.note(element)
                if key == SCORE:
                    score = self.number(element, key, value)
                elif key == FREQUENCY:
                    frequency = int(self.number(element, key, value))
                elif value:
                    notes.append(value)
            elif kind != _DATA:
                continue
            elif category == "subjectField" and domain is None:
                domain = _text(element) or None
            elif category == "definition":
                definitions.setdefault("entry", _text(element))
        if not terms:
            return None
        definition = next(
            (definitions[k] for k in ("vi", "entry", "en", "term") if definitions.get(k)), None
        )
        terms.sort(key=lambda t: LANGS.index(t.lang))
        match = _ID_RE.fullmatch(entry.get("id") or "")
        return Concept(
            id=int(match.group(1)) if match else None,
            domain=domain,
            definition=definition,
            note="\n".join(notes) or None,
            score=score,
            frequency=frequency,
            terms=tuple(terms),
        )

    def language(
        self, section: etree._Element, definitions: dict[str, str], notes: list[str]
    ) -> list[Term]:
        code = (section.get(XML_LANG) or "").strip()
        if not code:
            name = etree.QName(section).localname
            raise self.error(
                f"a <{name}> has no xml:lang",
                section,
                f'add the language of its terms, e.g. <{name} xml:lang="vi">',
            )
        lang = language_base(code)
        if lang not in LANGS:
            return []
        terms = []
        for kind, category, element, _ in _items(section):
            if kind == _TERM_SECTION:
                term = self.term(element, lang, definitions)
                if term is not None:
                    terms.append(term)
            elif kind == _DATA and category == "definition":
                definitions.setdefault(lang, _text(element))
            elif kind == _NOTE:
                value = self.note(element)[1]
                if value:
                    notes.append(value)
        return terms

    def term(self, section: etree._Element, lang: str, definitions: dict[str, str]) -> Term | None:
        items = _items(section)
        # TBX v2 ntig keeps the term and its termNotes in a termGrp.
        for term_group in [element for kind, _, element, _ in items if kind == _TERM_GROUP]:
            items += _items(term_group)
        term_element = next((element for kind, _, element, _ in items if kind == _TERM), None)
        if term_element is None:
            self.no_term(section, term_element)
        text = _text(term_element)
        if not text:
            # translate-toolkit (hence Weblate) writes <term/> for an untranslated
            # target: an empty equivalent, left alone on import.
            return None
        term_type = "fullForm"
        pos: str | None = None
        tbx_status: str | None = None
        noted_status: str | None = None
        noted_pos: str | None = None
        source: str | None = None
        confidence: float | None = None
        notes: list[str] = []
        occurrences: list[Occurrence] = []
        for kind, category, element, group in items:
            if kind == _NOTE:
                key, value = self.note(element)
                if key == STATUS and value in STATUSES:
                    noted_status = value
                elif key == POS and value in PARTS_OF_SPEECH:
                    noted_pos = value
                elif key == CONFIDENCE:
                    confidence = self.number(element, key, value)
                elif key is None and value:
                    notes.append(value)
            elif kind != _DATA:
                continue
            elif category in _STATUS_CATEGORIES:
                tbx_status = tbx_status or _status_from_tbx(_code(element))
            elif category == "partOfSpeech" and _code(element):
                pos = _pos_from_tbx(_code(element))
            elif category == "termType" and _code(element):
                term_type = _term_type_from_tbx(_code(element))
            elif category == "context":
                context = _text(element) or None
                occurrences.append(parse_source(_group_source(group), context))
            elif category == "source" and source is None:
                source = _text(element) or None
            elif category == "definition":
                definitions.setdefault("term", _text(element))
        if noted_pos is not None and pos in (None, "noun"):
            pos = noted_pos
        return Term(
            lang=lang,
            text=text,
            type=term_type,
            status=_resolve_status(tbx_status, noted_status),
            source=source,
            confidence=confidence,
            pos=pos,
            note="\n".join(notes) or None,
            occurrences=tuple(occurrences),
        )


def read_tbx(path: Path) -> list[Concept]:
    """Concepts in a TBX file of either version; FormatError names the line of a problem."""
    tree = parse_xml(path)
    return _Reader(path).concepts(tree.getroot())
