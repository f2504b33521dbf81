"""Reading TBX, either version and any of its styles (see :mod:`._tbxcommon`)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from lxml import etree

from termbase.errors import FormatError
from termbase.formats._fields import parse_whole, shorten
from termbase.formats._tbxcommon import (
    CONFIDENCE,
    EMPTY_ENTRY_ID,
    FREQUENCY,
    POS,
    REVISION,
    SCORE,
    STATUS,
    STATUS_TO_TBX,
    TBX3_NS,
    XML_LANG,
    parse_revision_note,
    parse_source,
    terms_fingerprint,
)
from termbase.formats._xml import parse_xml
from termbase.models import (
    LANGS,
    PARTS_OF_SPEECH,
    STATUSES,
    TERM_TYPES,
    Concept,
    Exported,
    Occurrence,
    Term,
)
from termbase.normalize import clean

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
    # Not in TBX-Basic's picklist, but what tools with their own lists (MultiTerm, memoQ) say.
    "forbiddenterm": "forbidden",
    "forbidden": "forbidden",
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
# At most 18 digits: what SQLite can hold; a longer one is some other tool's id.
# "c12-2" is the cat profile's second pair of concept 12.
_ID_RE = re.compile(r"c(\d{1,18})(?:-\d{1,9})?")
_NOTE_RE = re.compile(r"termbase-([a-z]+):\s*(.*)", re.DOTALL)

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
        if match and match.group(1) in (SCORE, FREQUENCY, STATUS, CONFIDENCE, POS, REVISION):
            return match.group(1), match.group(2).strip()
        return None, _text(element)

    def number(self, element: etree._Element, key: str, value: str) -> float:
        """A score or confidence (finite: SQLite keeps NaN as NULL), or a frequency."""
        kind = " whole" if key == FREQUENCY else ""
        try:
            number = parse_whole(value, "the frequency") if key == FREQUENCY else float(value)
        except ValueError as exc:
            if "too large" in str(exc):
                raise self.error(str(exc), element, "write a smaller number") from None
        else:
            if math.isfinite(number):
                return number
            kind = " finite"
        raise self.error(
            f"the note termbase-{key} holds {shorten(value)!r}, which is not a{kind} number",
            element,
            f"write a number after 'termbase-{key}:' or delete the note",
        )

    def revision(self, element: etree._Element, value: str) -> tuple[int, str, str]:
        """What a ``termbase-revision`` note recorded (see :mod:`._tbxcommon`)."""
        recorded = parse_revision_note(value)
        if recorded is None:
            raise self.error(
                f"the note termbase-{REVISION} holds {shorten(value)!r}, which is not"
                " 'concept <number> rev <fingerprint> terms <fingerprint>'",
                element,
                "export the file again, or delete the note (the concept is then imported"
                " without checking for changes made in the termbase since the export)",
            )
        return recorded

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
        recorded: tuple[int, str, str] | None = None
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
                elif key == REVISION:
                    recorded = recorded or self.revision(element, value)
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
        ident = int(match.group(1)) if match else None
        exported = None
        if recorded is not None and ident in (None, recorded[0]):
            # A tool that renumbered the entries may have kept the note: its id stands.
            ident, decisions, shown = recorded
            exported = Exported(decisions, edited=terms_fingerprint(terms) != shown)
        return Concept(
            id=ident,
            domain=domain,
            definition=definition,
            note="\n".join(notes) or None,
            score=score,
            frequency=frequency,
            terms=tuple(terms),
            exported=exported,
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
        found = _TermFields()
        for kind, category, element, group in items:
            if kind == _NOTE:
                self.term_note(found, element)
            elif kind == _DATA:
                _term_data(found, category, element, group, definitions)
        pos = found.pos
        if found.noted_pos is not None and pos in (None, "noun"):
            pos = found.noted_pos
        return Term(
            lang=lang,
            text=text,
            type=found.term_type,
            status=_resolve_status(found.tbx_status, found.noted_status),
            source=found.source,
            confidence=found.confidence,
            pos=pos,
            note="\n".join(found.notes) or None,
            occurrences=tuple(found.occurrences),
        )

    def term_note(self, found: _TermFields, element: etree._Element) -> None:
        key, value = self.note(element)
        if key == STATUS and value in STATUSES:
            found.noted_status = value
        elif key == POS and value in PARTS_OF_SPEECH:
            found.noted_pos = value
        elif key == CONFIDENCE:
            found.confidence = self.number(element, key, value)
        elif key is None and value:
            found.notes.append(value)


@dataclass
class _TermFields:
    """What a term section says about its term, gathered item by item."""

    term_type: str = "fullForm"
    pos: str | None = None
    tbx_status: str | None = None
    noted_status: str | None = None
    noted_pos: str | None = None
    source: str | None = None
    confidence: float | None = None
    notes: list[str] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)


def _term_data(
    found: _TermFields,
    category: str,
    element: etree._Element,
    group: etree._Element | None,
    definitions: dict[str, str],
) -> None:
    """Take one data category of a term section into ``found``."""
    if category in _STATUS_CATEGORIES:
        found.tbx_status = found.tbx_status or _status_from_tbx(_code(element))
    elif category == "partOfSpeech" and _code(element):
        found.pos = _pos_from_tbx(_code(element))
    elif category == "termType" and _code(element):
        found.term_type = _term_type_from_tbx(_code(element))
    elif category == "context":
        context = _text(element) or None
        found.occurrences.append(parse_source(_group_source(group), context))
    elif category == "source" and found.source is None:
        found.source = _text(element) or None
    elif category == "definition":
        definitions.setdefault("term", _text(element))


def read_tbx(path: Path, encoding: str | None = None) -> list[Concept]:
    """Concepts in a TBX file of either version; FormatError names the line of a problem."""
    tree = parse_xml(path, encoding)
    return _Reader(path).concepts(tree.getroot())
