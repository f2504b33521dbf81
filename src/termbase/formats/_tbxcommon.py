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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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

_CORE_NAMESPACES = ("", TBX3_NS)
_TYPED = frozenset(("descrip", "admin", "termNote", "adminNote", "descripNote", "ref", "xref"))
_GROUPS = frozenset(("descripGrp", "adminGrp", "termNoteGrp"))
_ENTRIES = ("conceptEntry", "termEntry")
_LANG_SECTIONS = frozenset(("langSec", "langSet"))
_TERM_SECTIONS = frozenset(("termSec", "tig", "ntig"))
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
    indent: str = "  "
    # Depth of the entries below the root: <root><text><body><entry>.
    entry_level: int = 3


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def attr(value: str) -> str:
    """``value`` escaped for a double-quoted attribute."""
    return (
        xml_text(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def _number(value: float) -> str:
    return repr(float(value))


def _lines(text: str | None) -> list[str]:
    """A multi-line note as one ``<note>`` per non-blank line."""
    if not text:
        return []
    return [line for line in (part.strip() for part in text.splitlines()) if line]


def _sub(
    parent: etree._Element, tag: str, text: str | None = None, **attrib: str
) -> etree._Element:
    element = etree.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = xml_text(text)
    return element


def _note(parent: etree._Element, key: str, value: str) -> None:
    _sub(parent, "note", f"{NOTE_PREFIX}{key}: {value}")


def format_source(occurrence: Occurrence) -> str | None:
    """``document:line:column`` with empty fields for what is unknown, or None."""
    line = "" if occurrence.line is None else str(occurrence.line)
    column = "" if occurrence.column is None else str(occurrence.column)
    if not occurrence.document and not line and not column:
        return None
    return f"{occurrence.document}:{line}:{column}"


def _term_element(parent: etree._Element, term: Term, dialect: Dialect) -> None:
    section = _sub(parent, dialect.term_section)
    _sub(section, "term", term.text)
    if term.type in TERM_TYPES:
        _sub(section, "termNote", term.type, type="termType")
    pos_note = None
    if term.pos in dialect.parts_of_speech:
        _sub(section, "termNote", term.pos, type="partOfSpeech")
    elif term.pos == "properNoun":
        # TBX v3 TBX-Basic has no properNoun: write noun and keep the nuance in a note.
        _sub(section, "termNote", "noun", type="partOfSpeech")
        pos_note = term.pos
    status = STATUS_TO_TBX.get(term.status)
    if status is not None:
        _sub(section, "termNote", status, type="administrativeStatus")
    for occurrence in term.occurrences:
        group = _sub(section, "descripGrp")
        _sub(group, "descrip", occurrence.context or "", type="context")
        source = format_source(occurrence)
        if source is not None:
            _sub(group, "admin", source, type="source")
    if term.source:
        _sub(section, "admin", term.source, type="source")
    if status is not None and term.status != "approved":
        _note(section, STATUS, term.status)
    if pos_note is not None:
        _note(section, POS, pos_note)
    if term.confidence is not None:
        _note(section, CONFIDENCE, _number(term.confidence))
    for line in _lines(term.note):
        _sub(section, "note", line)


def _language_order(concept: Concept, options: WriteOptions) -> list[tuple[str, list[Term]]]:
    groups: dict[str, list[Term]] = {options.source_lang: [], options.target_lang: []}
    for term in concept.terms:
        groups.setdefault(term.lang, []).append(term)
    return [(lang, terms) for lang, terms in groups.items() if terms]


def entry_element(
    concept: Concept, ident: str, options: WriteOptions, dialect: Dialect
) -> etree._Element | None:
    """One concept as an entry element (no namespace), or None when it has no term."""
    languages = _language_order(concept, options)
    if not languages:
        return None
    entry = etree.Element(dialect.entry, id=ident)
    if concept.domain:
        _sub(entry, "descrip", concept.domain, type="subjectField")
    has_vi = any(lang == "vi" for lang, _ in languages)
    if concept.definition and not has_vi:
        _sub(entry, "descrip", concept.definition, type="definition")
    if concept.score is not None:
        _note(entry, SCORE, _number(concept.score))
    if concept.frequency is not None:
        _note(entry, FREQUENCY, str(int(concept.frequency)))
    for line in _lines(concept.note):
        _sub(entry, "note", line)
    for lang, terms in languages:
        section = _sub(entry, dialect.lang_section, **{XML_LANG: lang})
        if lang == "vi" and concept.definition:
            _sub(section, "descrip", concept.definition, type="definition")
        for term in terms:
            _term_element(section, term, dialect)
    return entry


def write_tbx(
    concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions, dialect: Dialect
) -> None:
    """Stream ``concepts`` to ``out``: one entry element is built and serialised at a time."""
    out.write(dialect.head(options.source_lang).encode("utf-8"))
    indent = dialect.indent * dialect.entry_level
    written = 0
    for position, concept in enumerate(concepts, 1):
        ident = f"c{concept.id}" if concept.id is not None else f"n{position}"
        entry = entry_element(concept, ident, options, dialect)
        if entry is None:
            continue
        etree.indent(entry, space=dialect.indent, level=dialect.entry_level)
        entry.tail = "\n"
        if not written:
            out.write(dialect.body_open.encode("utf-8"))
        out.write(indent.encode("ascii"))
        out.write(etree.tostring(entry, encoding="utf-8"))
        written += 1
    out.write((dialect.foot if written else dialect.empty).encode("utf-8"))


# ----------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------


def _split(element: etree._Element) -> tuple[str, str]:
    """(namespace, local name) of an element; ("", "") for comments and PIs."""
    tag = element.tag
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _category(element: etree._Element) -> str | None:
    """The data category an element holds: ``type`` in DCA style, the name in DCT style."""
    namespace, local = _split(element)
    if not local:
        return None
    if namespace in _CORE_NAMESPACES:
        if local in _TYPED:
            return element.get("type") or ""
        return "note" if local == "note" else None
    return local


_Item = tuple[str, etree._Element, etree._Element | None]


def _items(container: etree._Element) -> Iterator[_Item]:
    """(category, element, its group) for each data category directly in ``container``.

    A ``*Grp`` contributes its first element; the rest of the group (its source,
    notes) describe that element and are looked up through the group.
    """
    for child in container:
        local = _split(child)[1]
        if local in _GROUPS:
            head = next((c for c in child if _split(c)[1]), None)
            category = _category(head) if head is not None else None
            if head is not None and category is not None:
                yield category, head, child
            continue
        category = _category(child)
        if category is not None:
            yield category, child, None


def _text(element: etree._Element) -> str:
    return clean("".join(element.itertext()))


def _group_source(group: etree._Element | None) -> str | None:
    if group is None:
        return None
    for category, element, _ in _items(group):
        if category == "source":
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
        """(termbase key or None, value) of a note."""
        text = _text(element)
        match = _NOTE_RE.fullmatch(text)
        if match and match.group(1) in (SCORE, FREQUENCY, STATUS, CONFIDENCE, POS):
            return match.group(1), match.group(2).strip()
        return None, text

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

    def concepts(self, root: etree._Element) -> list[Concept]:
        local = _split(root)[1]
        if local not in ("tbx", "martif"):
            raise self.error(
                f"the root element is <{local}>, not <tbx> (TBX v3) or <martif> (TBX v2)",
                root,
                "check that this is a TBX file, or name its format with --format",
            )
        found: list[Concept] = []
        for entry in root.iter(*(f"{{*}}{name}" for name in _ENTRIES)):
            if entry.get("id") == EMPTY_ENTRY_ID:
                continue
            concept = self.concept(entry)
            if concept is not None:
                found.append(concept)
        return found

    def concept(self, entry: etree._Element) -> Concept | None:
        match = _ID_RE.fullmatch(entry.get("id") or "")
        domain: str | None = None
        definitions: dict[str, str] = {}
        notes: list[str] = []
        score: float | None = None
        frequency: int | None = None
        terms: list[Term] = []
        for category, element, _ in _items(entry):
            if category == "subjectField" and domain is None:
                domain = _text(element) or None
            elif category == "definition":
                definitions.setdefault("entry", _text(element))
            elif category == "note":
                key, value = self.note(element)
                if key == SCORE:
                    score = self.number(element, key, value)
                elif key == FREQUENCY:
                    frequency = int(self.number(element, key, value))
                elif value:
                    notes.append(value)
        for section in entry:
            if _split(section)[1] in _LANG_SECTIONS:
                terms.extend(self.language(section, definitions, notes))
        if not terms:
            return None
        definition = next(
            (definitions[k] for k in ("vi", "entry", "en", "term") if definitions.get(k)), None
        )
        terms.sort(key=lambda t: LANGS.index(t.lang))
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
        code = section.get(XML_LANG)
        if not code or not code.strip():
            name = _split(section)[1]
            raise self.error(
                f"a <{name}> has no xml:lang",
                section,
                f'add the language of its terms, e.g. <{name} xml:lang="vi">',
            )
        lang = language_base(code.strip())
        if lang not in LANGS:
            return []
        for category, element, _ in _items(section):
            if category == "definition":
                definitions.setdefault(lang, _text(element))
            elif category == "note":
                value = self.note(element)[1]
                if value:
                    notes.append(value)
        terms = []
        for child in section:
            if _split(child)[1] in _TERM_SECTIONS:
                terms.append(self.term(child, lang, definitions))
        return terms

    def term(self, section: etree._Element, lang: str, definitions: dict[str, str]) -> Term:
        name = _split(section)[1]
        containers = [section]
        # TBX v2 ntig keeps the term and its termNotes in a termGrp.
        containers += [c for c in section if _split(c)[1] == "termGrp"]
        term_element = next((c for box in containers for c in box if _split(c)[1] == "term"), None)
        if term_element is None:
            raise self.error(
                f"a <{name}> has no <term>",
                section,
                f"add the term as <term>…</term> at the start of the <{name}>, or delete it",
            )
        text = _text(term_element)
        if not text:
            raise self.error(
                "a <term> is empty",
                term_element,
                f"type the term into it or delete its <{name}>",
            )
        term_type = "fullForm"
        pos: str | None = None
        tbx_status: str | None = None
        noted_status: str | None = None
        noted_pos: str | None = None
        source: str | None = None
        confidence: float | None = None
        notes: list[str] = []
        occurrences: list[Occurrence] = []
        for box in containers:
            for category, element, group in _items(box):
                value = _text(element)
                if category in _STATUS_CATEGORIES:
                    tbx_status = tbx_status or _status_from_tbx(value)
                elif category == "partOfSpeech" and value:
                    pos = _pos_from_tbx(value)
                elif category == "termType" and value:
                    term_type = _term_type_from_tbx(value)
                elif category == "context":
                    occurrences.append(parse_source(_group_source(group), value or None))
                elif category == "source" and source is None:
                    source = value or None
                elif category == "definition":
                    definitions.setdefault("term", value)
                elif category == "note":
                    key, value = self.note(element)
                    if key == STATUS and value in STATUSES:
                        noted_status = value
                    elif key == POS and value in PARTS_OF_SPEECH:
                        noted_pos = value
                    elif key == CONFIDENCE:
                        confidence = self.number(element, key, value)
                    elif key is None and value:
                        notes.append(value)
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
