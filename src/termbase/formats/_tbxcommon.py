"""What TBX v3 (``tbx``) and TBX v2 (``tbx2``) share: names, the source mapping, detection.

Both versions hold the same three levels (concept, language, term) under
different element names, so one writer (:mod:`termbase.formats._tbxwrite`)
takes a :class:`~termbase.formats._tbxwrite.Dialect` and one reader
(:mod:`termbase.formats._tbxread`) accepts every variant it may meet: TBX v3
DCA and DCT styles, TBX v2 ``tig`` and ``ntig``, any TBX dialect's data
categories it knows.

What TBX-Basic has no data category for travels in ``<note>`` elements that
start with ``termbase-``; the reader takes them back and never shows them as
notes.

A full export makes the file a review file, as a PO export does: each concept
with a termbase id carries, as its last concept-level note, ``termbase-revision:
concept 12 rev 3f9c0a1b2d terms 7a0e44c1d9``: its id, the fingerprint of its
decisions at export (:func:`termbase.merge.revision`, which the import compares
with the termbase's decisions now) and one of what a TBX editor shows of its
terms (:func:`terms_fingerprint`: text and administrativeStatus, which the
import compares with the file's, to tell whether the reviewer changed them).
So a concept changed in the termbase since the export and in the file is
reported instead of overwritten.  Why a ``<note>``: it is the one free-text data
category TBX-Basic allows at concept level in both versions (the exports stay
valid against both schemas), and the one a CAT tool's termbase is most likely to
keep as it is: a tool maps a note it does not interpret to a free-text field of
the entry (MultiTerm Convert lets one assign it to an entry-level descriptive
field) and writes it back, while what it does interpret it rewrites: a
``<transacGrp>`` becomes its own history fields (its dates, its users), the
entry ``id`` its own entry number.  That is also why the note repeats the
concept id: the fingerprints are worth nothing without it.  (Not yet tried in
memoQ or MultiTerm themselves.)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from termbase.merge import revision
from termbase.models import Concept, Occurrence, Term
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
REVISION = "revision"

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
# Characters XML 1.0 cannot carry; the writer leaves them out.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_REVISION_RE = re.compile(r"concept (\d{1,18}) rev ([0-9a-f]{1,64}) terms ([0-9a-f]{1,64})")
# Line and column: 18 digits at most, what SQLite can hold.
_SOURCE_RE = re.compile(r"(.*):(\d{0,18}):(\d{0,18})", re.DOTALL)
# v2 requires at least one entry; an empty export holds this one, which read skips.
EMPTY_ENTRY_ID = "termbase-empty"


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


def format_source(occurrence: Occurrence) -> str | None:
    """``document:line:column`` with empty fields for what is unknown, or None."""
    line = "" if occurrence.line is None else str(occurrence.line)
    column = "" if occurrence.column is None else str(occurrence.column)
    if not occurrence.document and not line and not column:
        return None
    return f"{occurrence.document}:{line}:{column}"


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


# The review fingerprints
# ----------------------------------------------------------------------------


def terms_fingerprint(terms: Sequence[Term]) -> str:
    """A short fingerprint of what a TBX editor shows of a concept's terms.

    Each term's language, text (as the file carries it) and administrativeStatus: what a
    reviewer changes in a CAT tool, and what survives one that drops the
    ``termbase-`` notes (which tell a candidate from a suggestion, a rejected
    term from a forbidden one) or the terms' sources.
    """
    shown = sorted(
        f"{t.lang}\t{_carried(t.text)}\t{STATUS_TO_TBX.get(t.status, '')}" for t in terms
    )
    return hashlib.sha256("\n".join(shown).encode("utf-8")).hexdigest()[:10]


def _carried(text: str) -> str:
    """``text`` as a reader gets it back from the file: what XML cannot hold left out, cleaned."""
    if NOT_XML.search(text):
        text = NOT_XML.sub("", text)
    return clean(text)


def revision_note(concept: Concept) -> str | None:
    """The value of a concept's ``termbase-revision`` note, or None without a termbase id."""
    if concept.id is None:
        return None
    terms = concept.terms
    return f"concept {concept.id} rev {revision(terms)} terms {terms_fingerprint(terms)}"


def parse_revision_note(value: str) -> tuple[int, str, str] | None:
    """(concept id, decisions' fingerprint, terms' fingerprint) of a revision note, or None."""
    match = _REVISION_RE.fullmatch(value.strip())
    if match is None:
        return None
    return int(match[1]), match[2], match[3]
