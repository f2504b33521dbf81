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
"""

from __future__ import annotations

import re

from termbase.models import Occurrence

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
