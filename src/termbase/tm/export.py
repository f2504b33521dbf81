"""Writing the memory out: TMX 1.4b (everything kept), TSV and PO (text only).

TMX keeps each unit as imported: its inline markup, the tu/tuv attributes and
``prop``/``note`` elements it came with, and what termbase adds as ``prop``s of
type ``x-termbase-origin`` (file and line or tuid of its first import),
``x-termbase-count``, ``x-termbase-context`` (a PO msgctxt) and
``x-termbase-properties`` (what a PO or CSV file gave: plurals, comments), which our
importer reads back into the same columns: export → import → export gives the
same file. Creation and change ids and dates are written on the ``tu``.
Characters XML 1.0 cannot hold (C0 controls other than tab, LF and CR,
U+FFFE, U+FFFF, lone surrogates), which a PO or CSV file can bring into a
segment, are written as U+FFFD REPLACEMENT CHARACTER: the file stays
well-formed and the reader sees that something was there. Attributes whose
names TMX cannot carry (another namespace's) are left out.
TSV and PO carry the text with inline codes flattened (as the original
document had it); PO entries that would share a msgid and msgctxt get
``msgctxt "tm:<id>"``, since a PO file cannot hold both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, TextIO
from xml.sax.saxutils import escape, quoteattr

import polib

from termbase import __version__
from termbase.tm.segments import plain_text
from termbase.tm.units import StoredUnit

EXPORT_FORMATS = ("tmx", "tsv", "po")
ORIGIN, COUNT, CONTEXT = "x-termbase-origin", "x-termbase-count", "x-termbase-context"
PROPERTIES = "x-termbase-properties"  # what other formats gave (PO plurals, comments), as JSON
# Keys of a unit's properties that TMX elements carry; the rest goes in PROPERTIES.
TMX_KEYS = frozenset({"tu", "tuv", "note", "prop", "other", "origin"})
# Not characters of XML 1.0 (its Char production): replaced on write.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# An attribute name the export can write: an XML name, or one of the xml: prefix.
_ATTR_NAME = re.compile(r"(?:xml:)?[^\W\d][\w.-]*")
_PROMOTED = (
    ("creationid", "creator"),
    ("creationdate", "created_at"),
    ("changeid", "changer"),
    ("changedate", "changed_at"),
)


def write_tmx(units: Iterable[StoredUnit], out: TextIO, source_lang: str = "vi") -> int:
    """Write TMX 1.4b, valid against tmx14.dtd; return the number of units written."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    out.write('<tmx version="1.4">\n')
    out.write(
        f'  <header creationtool="termbase" creationtoolversion="{__version__}"'
        ' segtype="sentence" o-tmf="termbase" adminlang="en"'
        f' srclang="{source_lang}" datatype="plaintext"/>\n  <body>\n'
    )
    written = 0
    for unit in units:
        out.write(xml_chars(_tu(unit)))
        written += 1
    out.write("  </body>\n</tmx>\n")
    return written


def xml_chars(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _tu(unit: StoredUnit) -> str:
    props = unit.properties
    attrs: dict[str, str] = {}
    if unit.locator.startswith("tuid "):
        attrs["tuid"] = unit.locator[5:]
    # A unit's own source side, or "*all*" when its file did not say (the header's
    # srclang would otherwise be read back as the unit's).
    attrs["srclang"] = unit.source_lang or "*all*"
    attrs.update(props.get("tu", {}))
    for attr, column in _PROMOTED:
        value = getattr(unit, column)
        if value:
            attrs[attr] = value
    lines = [f"    <tu{_attrs(attrs)}>\n"]
    lines.extend(f"      <note>{escape(n)}</note>\n" for n in props.get("note", []))
    extra = [*props.get("prop", [])]
    extra.append([ORIGIN, props.get("origin") or f"{unit.origin} {unit.locator}"])
    if unit.count > 1:
        extra.append([COUNT, str(unit.count)])
    if unit.context is not None:
        extra.append([CONTEXT, unit.context])
    rest = {k: v for k, v in props.items() if k not in TMX_KEYS}
    if rest:
        extra.append([PROPERTIES, json.dumps(rest, ensure_ascii=False, sort_keys=True)])
    lines.extend(f"      <prop type={quoteattr(t)}>{escape(v)}</prop>\n" for t, v in extra)
    tuvs = props.get("tuv", {})
    for lang, markup in (("vi", unit.vi), ("en", unit.en)):
        lines.append(_tuv(tuvs.get(lang, {}), lang, markup))
    for lang, markup in props.get("other", []):
        lines.append(_tuv({}, lang if lang not in ("", "?") else "und", markup))
    lines.append("    </tu>\n")
    return "".join(lines)


def _tuv(info: dict[str, Any], lang: str, markup: str) -> str:
    attrs = {"xml:lang": info.get("lang", lang)}
    attrs.update({k: v for k, v in info.items() if k not in ("lang", "note", "prop")})
    inner = "".join(f"<note>{escape(n)}</note>" for n in info.get("note", []))
    inner += "".join(
        f"<prop type={quoteattr(t)}>{escape(v)}</prop>" for t, v in info.get("prop", [])
    )
    return f"      <tuv{_attrs(attrs)}>{inner}<seg>{markup}</seg></tuv>\n"


def _attrs(attrs: dict[str, str]) -> str:
    return "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items() if _ATTR_NAME.fullmatch(k))


def write_tsv(units: Iterable[StoredUnit], out: TextIO) -> int:
    """vi, en, context, origin: one unit a line, tabs and line breaks in text as spaces."""
    out.write("vi\ten\tcontext\torigin\n")
    written = 0
    for unit in units:
        cells = [plain_text(unit.vi), plain_text(unit.en), unit.context or ""]
        cells.append(unit.properties.get("origin") or f"{unit.origin} {unit.locator}")
        out.write("\t".join(" ".join(c.split()) for c in cells) + "\n")
        written += 1
    return written


def write_po(units: Iterable[StoredUnit], out: TextIO, source_lang: str = "en") -> int:
    """A PO file: msgid in ``source_lang``, msgstr the other side, plurals and msgctxt kept."""
    target = "vi" if source_lang == "en" else "en"
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "termbase translation memory",
        "Language": target,
        "X-Source-Language": source_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    seen: set[tuple[str | None, str]] = set()
    for unit in units:
        props = unit.properties
        msgid = plain_text(unit.en if source_lang == "en" else unit.vi)
        msgstr = plain_text(unit.vi if source_lang == "en" else unit.en)
        context = unit.context
        if (context, msgid) in seen:
            context = f"tm:{unit.id}"
        seen.add((context, msgid))
        entry = polib.POEntry(
            msgid=msgid,
            msgctxt=context,
            comment=props.get("comment", ""),
            tcomment=props.get("tcomment", ""),
            flags=list(props.get("flags", [])),
            occurrences=[tuple(o) for o in props.get("occurrences", [])],
        )
        if "msgid_plural" in props:
            entry.msgid_plural = props["msgid_plural"]
            entry.msgstr_plural = dict(enumerate(props.get("msgstr_plural", [msgstr])))
        else:
            entry.msgstr = msgstr
        po.append(entry)
    out.write(str(po))
    return len(po)
