"""Reading segment pairs from TMX, PO, line-aligned parallel files and CSV/TSV.

Every reader yields :class:`~.units.TmUnit` for a pair it can store and
:class:`~.units.Refusal` (where, why) for one it cannot, so that nothing is
dropped without a word. Both sides come out as Vietnamese and English whatever
the file's direction; the side the file calls its source is kept. A file that
cannot be read at all raises a one-line :class:`~termbase.errors.FormatError`
naming it; whatever its bytes, no other exception (tests/test_fuzz_tm.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import polib
from lxml import etree

from termbase.errors import FormatError, InputError
from termbase.formats._fields import shorten
from termbase.text.decode import check_file, read_text
from termbase.tm.export import TMX_KEYS
from termbase.tm.moses import detokenise, looks_tokenised
from termbase.tm.segments import markup_from_text, markup_of, plain_text
from termbase.tm.units import Refusal, TmUnit

Item = TmUnit | Refusal
FORMATS = ("tmx", "po", "csv", "tsv")
LANGS = ("vi", "en")
_EXTENSIONS = {"tmx": "tmx", "po": "po", "pot": "po", "csv": "csv", "tsv": "tsv", "tab": "tsv"}
# Promoted to columns wherever they sit (tu, or the tuv of either language).
_PROMOTED = {
    "creationid": "creator",
    "creationdate": "created_at",
    "changeid": "changer",
    "changedate": "changed_at",
}
SNIFF_LINES = 2000
_XML_NS = "{http://www.w3.org/XML/1998/namespace}"
_MAX_DEPTH = 16  # of x-termbase-properties JSON; termbase writes 3
# A pair seen more often than this is not a count termbase wrote (sums must fit SQLite's 64 bits).
MAX_COUNT = 10**12
MAX_INLINE_DEPTH = 100


def detect_tm_format(path: Path) -> str:
    """The format named by the file's extension, or an error asking for --format."""
    fmt = _EXTENSIONS.get(path.suffix.lower().lstrip("."))
    if fmt is None:
        raise InputError(
            f"{path}: cannot tell the format from the extension; pass --format tmx|po|csv|tsv"
        )
    return fmt


@lru_cache(maxsize=256)
def lang_code(value: str | None) -> str | None:
    """``vi-VN`` → ``vi``, ``EN_us`` → ``en``; None for languages the memory does not keep."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()
    return code if code in LANGS else None


# -- TMX -----------------------------------------------------------------------


def refuse_entities(path: Path) -> None:
    """FormatError if the XML file at ``path`` declares entities (never expanded: no
    billion laughs, no external entities)."""
    with path.open("rb") as fh:
        if re.search(rb"<!ENTITY", fh.read(65536), re.IGNORECASE):
            raise FormatError(
                "the file declares XML entities, which termbase refuses to expand",
                path=path,
                hint="remove the <!ENTITY …> declarations from the DOCTYPE",
            )


def read_tmx(path: Path) -> Iterator[Item]:
    """Stream a TMX 1.1-1.4b file unit by unit, clearing each ``<tu>`` once read."""
    check_file(path)
    refuse_entities(path)
    srclang: str | None = None
    context = etree.iterparse(
        str(path),
        events=("end",),
        tag=("header", "tu"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_comments=True,
    )
    try:
        for _event, elem in context:
            if elem.tag == "header":
                srclang = elem.get("srclang")
            else:
                yield _tmx_unit(elem, srclang)
                elem.clear()
                while elem.getprevious() is not None:
                    del elem.getparent()[0]  # type: ignore[union-attr]
    except etree.XMLSyntaxError as exc:
        raise FormatError(
            f"not well-formed XML ({_xml_message(exc)})",
            path=path,
            line=exc.lineno,
            hint="fix the file",
        ) from None


def _xml_message(exc: etree.XMLSyntaxError) -> str:
    """libxml2's message on one line, without the position it repeats (or lines of the file)."""
    message = (exc.msg or "").split(", line ")[0].strip()
    return shorten(message.splitlines()[0].strip(), 120) if message else "malformed"


def _attributes(elem: etree._Element) -> list[tuple[str, str]]:
    """The element's attributes as TMX names them: ``xml:`` ones prefixed.

    Attributes in another namespace have no place in TMX and are left out: the
    export could not write them back without inventing a prefix.
    """
    return [
        ("xml:" + name[len(_XML_NS) :] if name.startswith(_XML_NS) else name, value)
        for name, value in elem.items()
        if not name.startswith("{") or name.startswith(_XML_NS)
    ]


_XML_LANG = _XML_NS + "lang"


def _tmx_unit(tu: etree._Element, srclang: str | None) -> Item:
    tuid = tu.get("tuid")
    locator = f"tuid {tuid}" if tuid else f"line {tu.sourceline}"
    columns: dict[str, str] = {}
    props: dict[str, Any] = {}
    tu_attrs = {}
    if len(tu.attrib):
        for name, value in _attributes(tu):
            if name in _PROMOTED:
                columns[_PROMOTED[name]] = value
            elif name not in ("tuid", "srclang"):
                tu_attrs[name] = value
    if tu_attrs:
        props["tu"] = tu_attrs
    notes: list[str] = []
    tu_props: list[list[str]] = []
    segs: dict[str, str] = {}
    others: list[list[str]] = []
    seen: list[str] = []
    try:
        for child in tu:
            tag = child.tag
            if tag == "tuv":
                _tmx_variant(child, segs, others, seen, columns, props)
            elif tag == "note":
                notes.append(child.text or "")
            elif tag == "prop":
                tu_props.append([child.get("type") or "", child.text or ""])
    except _TooDeep:
        return Refusal(locator, f"inline markup nested more than {MAX_INLINE_DEPTH} deep")
    if notes:
        props["note"] = notes
    # What termbase's own export adds goes back to its columns (see termbase.tm.export);
    # a value termbase would not have written is kept as the prop it is.
    count, context = 1, None
    for name, value in [p for p in tu_props if p[0].startswith("x-termbase-")]:
        if name == "x-termbase-origin":
            props["origin"] = value
        elif name == "x-termbase-context":
            context = value
        elif name == "x-termbase-count" and _our_count(value):
            count = int(value)
        elif name == "x-termbase-properties" and (ours := _our_properties(value)) is not None:
            props.update(ours)
        else:
            continue
        tu_props.remove([name, value])
    if tu_props:
        props["prop"] = tu_props
    if others:
        props["other"] = others
    for code in LANGS:
        if code not in segs:
            languages = shorten(", ".join(seen), 80) or "none"
            return Refusal(locator, f"no {code} variant (languages: {languages})")
        seg = segs[code]
        try:
            text = plain_text(seg) if "<" in seg or "&" in seg else seg
        except etree.XMLSyntaxError as exc:  # e.g. two attributes alike but for their namespace
            return Refusal(locator, f"inline markup of the {code} segment: {_xml_message(exc)}")
        if not text.strip():
            return Refusal(locator, f"empty {code} segment")
    return TmUnit(
        vi=segs["vi"],
        en=segs["en"],
        locator=locator,
        source_lang=lang_code(tu.get("srclang") or srclang),
        context=context,
        properties=props,
        count=count,
        **columns,
    )


def _tmx_variant(
    tuv: etree._Element,
    segs: dict[str, str],
    others: list[list[str]],
    seen: list[str],
    columns: dict[str, str],
    props: dict[str, Any],
) -> None:
    raw = tuv.get(_XML_LANG) or tuv.get("lang") or ""
    seen.append(raw or "?")
    markup = ""
    notes: list[str] = []
    extra: list[list[str]] = []
    for child in tuv:
        tag = child.tag
        if tag == "seg":
            markup = _seg_markup(child)
        elif tag == "note":
            notes.append(child.text or "")
        elif tag == "prop":
            extra.append([child.get("type") or "", child.text or ""])
    code = lang_code(raw)
    if code is None or code in segs:
        others.append([raw, markup])
        return
    segs[code] = markup
    info: dict[str, Any] = {}
    if raw != code:
        info["lang"] = raw
    for name, value in _attributes(tuv) if len(tuv.attrib) > 1 or not raw else ():
        if name in ("xml:lang", "lang"):
            continue
        if name in _PROMOTED:
            columns[_PROMOTED[name]] = value  # the tuv's own date is the finer one
        else:
            info[name] = value
    if notes:
        info["note"] = notes
    if extra:
        info["prop"] = extra
    if info:
        props.setdefault("tuv", {})[code] = info


class _TooDeep(Exception):
    """A segment's inline elements nest deeper than MAX_INLINE_DEPTH."""


def _seg_markup(seg: etree._Element) -> str:
    """The stored form of a ``<seg>`` (:func:`markup_of`), made storable first.

    Attributes of inline elements in another namespace than xml's are dropped
    (two of them could share a local name), and nesting deeper than
    MAX_INLINE_DEPTH raises _TooDeep (libxml2 re-parses stored markup 256 deep
    at most; the TMX itself may nest 2048).
    """
    if not len(seg):  # text only: what markup_of gives, without its walk
        return escape(seg.text or "")
    stack = [(child, 1) for child in seg]
    while stack:
        elem, depth = stack.pop()
        if depth > MAX_INLINE_DEPTH:
            raise _TooDeep
        for name in [n for n in elem.attrib if n.startswith("{")]:
            if not name.startswith(_XML_NS):
                del elem.attrib[name]
        stack.extend((child, depth + 1) for child in elem)
    return markup_of(seg)


def _our_count(text: str) -> bool:
    """Whether ``text`` is an x-termbase-count termbase writes: 1 to MAX_COUNT in ASCII digits."""
    return text.isascii() and text.isdigit() and len(text) <= 13 and 0 < int(text) <= MAX_COUNT


def _our_properties(text: str) -> dict[str, Any] | None:
    """The JSON object termbase's export writes in x-termbase-properties, or None.

    None for anything else: not JSON, not an object, nested deeper than termbase
    writes, keys the TMX elements carry, values of another type than the PO and
    CSV readers give, or strings SQLite cannot store (lone surrogates).
    """
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, dict) or not value.keys().isdisjoint(TMX_KEYS):
        return None
    if not all(valid(value[key]) for key, valid in _OUR_KEYS.items() if key in value):
        return None
    return value if _storable(value) else None


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_occurrences(value: Any) -> bool:
    return isinstance(value, list) and all(_is_texts(o) and len(o) == 2 for o in value)


def _is_columns(value: Any) -> bool:
    return isinstance(value, dict) and _is_texts(list(value.values()))


# What the PO and CSV readers put in x-termbase-properties, and what each value must be
# for the PO export to write it back.
_OUR_KEYS = {
    "comment": _is_text,
    "tcomment": _is_text,
    "msgid_plural": _is_text,
    "msgstr_plural": _is_texts,
    "flags": _is_texts,
    "occurrences": _is_occurrences,
    "columns": _is_columns,
}


def _storable(value: Any) -> bool:
    """Whether JSON ``value`` nests at most _MAX_DEPTH deep and encodes as UTF-8."""
    level: list[Any] = [value]
    for _depth in range(_MAX_DEPTH):
        level = [
            child
            for item in level
            if isinstance(item, dict | list)
            for child in (item.values() if isinstance(item, dict) else item)
        ]
        if not level:
            break
    else:
        return False
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# -- PO ------------------------------------------------------------------------


def read_po(path: Path, source_lang: str | None = None) -> Iterator[Item]:
    """A gettext PO in either direction: --source-lang, else the header's Language."""
    text = read_text(path)
    if not text.endswith("\n"):
        text += "\n"  # polib reads a text that names an existing file as that file
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError, IndexError, KeyError) as exc:
        found = _POLIB_LINE.search(str(exc))
        what = str(exc).split("):", 1)[1].strip() if "):" in str(exc) else ""
        raise FormatError(
            f"not a PO file ({shorten(what, 60) if what else 'a line out of place'})",
            path=path,
            line=int(found[1]) if found else None,
            hint="msgctxt, msgid and msgstr come in that order; msgfmt -c shows more",
        ) from None
    if source_lang is None:
        source_lang = _po_source_lang(po.metadata, path)
    for entry in po:
        locator = f"line {entry.linenum}"
        if entry.obsolete:
            yield Refusal(locator, "obsolete entry (#~)")
            continue
        if "fuzzy" in entry.flags:
            yield Refusal(locator, "fuzzy: not a finished translation")
            continue
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        target = forms[0] if entry.msgid_plural and forms else entry.msgstr
        if not target.strip():
            yield Refusal(locator, "untranslated")
            continue
        if not entry.msgid.strip():
            yield Refusal(locator, "empty msgid")
            continue
        props: dict[str, Any] = {}
        if entry.msgid_plural:
            props["msgid_plural"] = entry.msgid_plural
            props["msgstr_plural"] = forms or [target]
        for name, value in (
            ("comment", entry.comment),
            ("tcomment", entry.tcomment),
            ("flags", entry.flags),
            ("occurrences", [list(o) for o in entry.occurrences]),
        ):
            if value:
                props[name] = value
        source, translation = markup_from_text(entry.msgid), markup_from_text(target)
        vi, en = (source, translation) if source_lang == "vi" else (translation, source)
        yield TmUnit(vi, en, locator, source_lang, entry.msgctxt, properties=props)


_POLIB_LINE = re.compile(r"\(line (\d+)\)")


def _po_source_lang(metadata: dict[str, str], path: Path) -> str:
    declared = lang_code(metadata.get("X-Source-Language"))
    if declared:
        return declared
    target = lang_code(metadata.get("Language"))
    if target is None:
        raise InputError(
            f"{path}: the header names no Language (vi or en); pass --source-lang vi|en"
        )
    return "en" if target == "vi" else "vi"


# -- line-aligned files and tables ------------------------------------------------


def _lines(path: Path) -> list[str]:
    text = read_text(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def read_parallel(vi_path: Path, en_path: Path, notes: list[str]) -> Iterator[Item]:
    """Line n of one file translates line n of the other (CRLF tolerated)."""
    vi_lines, en_lines = _lines(vi_path), _lines(en_path)
    if len(vi_lines) != len(en_lines):
        raise InputError(
            f"{vi_path} has {len(vi_lines)} lines but {en_path} has {len(en_lines)};"
            " line n of one must translate line n of the other"
        )
    vi_lines = _detokenised(vi_lines, vi_path, notes)
    en_lines = _detokenised(en_lines, en_path, notes)
    for number, (vi, en) in enumerate(zip(vi_lines, en_lines, strict=True), 1):
        yield _pair(vi, en, f"line {number}", None, {})


def read_table(path: Path, delimiter: str, notes: list[str]) -> Iterator[Item]:
    """CSV or TSV with a header row naming a vi and an en column; other columns kept."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:  # a field over csv.field_size_limit(), 131,072 characters
        raise FormatError(
            f"cannot read the table ({shorten(str(exc), 80)})",
            path=path,
            line=reader.line_num,
            hint="check the quotes: a quoted field runs on until its closing quote",
        ) from None
    if not rows:
        raise FormatError("the file is empty", path=path, hint="add a header row: vi, en")
    header = [name.strip() for name in rows[0]]
    index = {lang_code(name) or name.lower(): i for i, name in reversed(list(enumerate(header)))}
    if "vi" not in index or "en" not in index:
        raise FormatError(
            f"no vi and en columns in the header ({shorten(repr(', '.join(header))[1:-1], 80)})",
            path=path,
            line=1,
            hint="name the columns vi and en (or vi-VN, en-US)",
        )
    vi_col, en_col = index["vi"], index["en"]
    body = rows[1:]
    vi_cells = _detokenised([r[vi_col] if vi_col < len(r) else "" for r in body], path, notes)
    en_cells = _detokenised([r[en_col] if en_col < len(r) else "" for r in body], path, notes)
    for number, (row, vi, en) in enumerate(zip(body, vi_cells, en_cells, strict=True), 2):
        if len(row) != len(header):
            yield Refusal(f"line {number}", f"{len(row)} fields, the header has {len(header)}")
            continue
        extra = {header[i]: v for i, v in enumerate(row) if i not in (vi_col, en_col) and v}
        yield _pair(vi, en, f"line {number}", None, {"columns": extra} if extra else {})


def _detokenised(lines: Sequence[str], path: Path, notes: list[str]) -> list[str]:
    if not looks_tokenised(lines[:SNIFF_LINES]):
        return list(lines)
    notes.append(f"{path}: Moses-tokenised text (entities, spaced punctuation) detokenised")
    return [detokenise(line) for line in lines]


def _pair(vi: str, en: str, locator: str, source_lang: str | None, props: dict[str, Any]) -> Item:
    vi, en = vi.strip(), en.strip()
    if not vi or not en:
        empty = "both sides" if not vi and not en else ("the vi side" if not vi else "the en side")
        return Refusal(locator, f"empty: {empty}")
    return TmUnit(
        markup_from_text(vi), markup_from_text(en), locator, source_lang, properties=props
    )
