"""termbase's JSON: every concept with all its terms, nothing lost.

Shape (keys always present and in this order; null for a missing value)::

    {"concepts": [{"id", "domain", "definition", "note", "score", "frequency",
                   "terms": [{"lang", "text", "type", "status", "source", "confidence",
                              "pos", "note",
                              "occurrences": [{"document", "line", "column", "context"}]}]}]}

Reading accepts missing keys (they mean null, or the model's default for type
and status) but no unknown ones, and reports the first problem with its JSON
path, e.g. ``concepts[3].terms[0].status``. The same dictionary serves the
CLI's ``--json`` output (:func:`concepts_to_json`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from termbase.errors import FormatError
from termbase.formats import WriteOptions
from termbase.formats._fields import MAX_INTEGER, shorten
from termbase.models import LANGS, STATUSES, TERM_TYPES, Concept, Occurrence, Term
from termbase.normalize import clean
from termbase.text.decode import read_text

# The C string encoder json.dumps(ensure_ascii=False) uses.
_encode_string: Callable[[str], str] = json.encoder.encode_basestring
# Provenance, part of speech, domain and file names repeat from term to term.
_clean_label = lru_cache(maxsize=4096)(clean)

CONCEPT_KEYS = ("id", "domain", "definition", "note", "score", "frequency", "terms")
TERM_KEYS = (
    "lang",
    "text",
    "type",
    "status",
    "source",
    "confidence",
    "pos",
    "note",
    "occurrences",
)
OCCURRENCE_KEYS = ("document", "line", "column", "context")


def _occurrence_json(occ: Occurrence) -> dict[str, Any]:
    return {
        "document": occ.document,
        "line": occ.line,
        "column": occ.column,
        "context": occ.context,
    }


def _term_json(term: Term) -> dict[str, Any]:
    return {
        "lang": term.lang,
        "text": term.text,
        "type": term.type,
        "status": term.status,
        "source": term.source,
        "confidence": None if term.confidence is None else float(term.confidence),
        "pos": term.pos,
        "note": term.note,
        "occurrences": [_occurrence_json(occ) for occ in term.occurrences],
    }


def concept_to_json(concept: Concept) -> dict[str, Any]:
    return {
        "id": concept.id,
        "domain": concept.domain,
        "definition": concept.definition,
        "note": concept.note,
        "score": None if concept.score is None else float(concept.score),
        "frequency": concept.frequency,
        "terms": [_term_json(term) for term in concept.terms],
    }


def concepts_to_json(concepts: Iterable[Concept]) -> dict[str, Any]:
    """The document termbase writes as JSON, as plain dicts and lists."""
    return {"concepts": [concept_to_json(concept) for concept in concepts]}


def _encode_float(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{value!r} cannot be written as JSON")
    return repr(value)


def _pretty(value: object, indent: str, parts: list[str]) -> None:
    """Append ``value`` as json.dumps(indent=2, ensure_ascii=False) writes it.

    The standard encoder drops to pure Python when it indents; building the
    pieces directly is several times faster on 100,000 concepts.
    """
    if isinstance(value, str):
        parts.append(_encode_string(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_encode_float(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = indent + "  "
        opener = "{\n" + inner
        for key, item in value.items():
            parts.append(opener + _encode_string(str(key)) + ": ")
            _pretty(item, inner, parts)
            opener = ",\n" + inner
        parts.append("\n" + indent + "}")
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = indent + "  "
        opener = "[\n" + inner
        for item in value:
            parts.append(opener)
            _pretty(item, inner, parts)
            opener = ",\n" + inner
        parts.append("\n" + indent + "]")
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(document: object) -> str:
    """``document`` exactly as json.dumps(document, ensure_ascii=False, indent=2)."""
    parts: list[str] = []
    _pretty(document, "", parts)
    return "".join(parts)


def write_json(concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions) -> None:
    """Write every concept; ``options`` does not matter, JSON keeps both languages.

    The bytes equal ``dumps(concepts_to_json(concepts)) + "\\n"``; concepts are
    encoded one at a time so that 100,000 of them never sit in memory as dicts.
    """
    parts: list[str] = []
    opener = '{\n  "concepts": [\n    '
    for concept in concepts:
        parts.append(opener)
        _pretty(concept_to_json(concept), "    ", parts)
        opener = ",\n    "
        if len(parts) > 4096:
            out.write("".join(parts).encode("utf-8"))
            parts.clear()
    parts.append('{\n  "concepts": []\n}\n' if opener.startswith("{") else "\n  ]\n}\n")
    out.write("".join(parts).encode("utf-8"))


# ---------------------------------------------------------------------------
# Reading: each helper raises _ShapeError(where, what); read_json adds the path.


class _ShapeError(Exception):
    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where}: {what}")
        self.where = where
        self.what = what


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def _object(value: object, where: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _ShapeError(where, f"expected an object, found {_kind(value)}")
    for key in value:
        if key not in keys:
            shown = (
                key if _PLAIN_KEY.fullmatch(key) else json.dumps(shorten(key), ensure_ascii=False)
            )
            raise _ShapeError(f"{where}.{shown}", f"unknown key; expected one of {', '.join(keys)}")
    return value


def _list(value: object, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _ShapeError(where, f"expected a list, found {_kind(value)}")
    return value


def _text(obj: dict[str, Any], key: str, where: str, label: bool = False) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _ShapeError(f"{where}.{key}", f"expected a string, found {_kind(value)}")
    return (_clean_label if label else clean)(value) or None


def _required_text(obj: dict[str, Any], key: str, where: str, label: bool = False) -> str:
    if obj.get(key) is None:
        raise _ShapeError(f"{where}.{key}", "missing; it is required")
    text = _text(obj, key, where, label)
    if text is None:
        raise _ShapeError(f"{where}.{key}", "is empty")
    return text


def _int(obj: dict[str, Any], key: str, where: str) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _ShapeError(f"{where}.{key}", f"expected a whole number, found {_kind(value)}")
    if abs(value) > MAX_INTEGER:  # SQLite stores integers in 64 bits
        raise _ShapeError(
            f"{where}.{key}", f"{shorten(str(value))} is too large (at most {MAX_INTEGER})"
        )
    return value


def _number(obj: dict[str, Any], key: str, where: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _ShapeError(f"{where}.{key}", f"expected a number, found {_kind(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise _ShapeError(f"{where}.{key}", "the number is too large") from None
    if not math.isfinite(number):  # Python's decoder takes NaN, Infinity and 1e999
        shown = "NaN" if math.isnan(number) else "an infinite number"
        raise _ShapeError(f"{where}.{key}", f"{shown} is not a number termbase can keep")
    return number


def _choice(
    obj: dict[str, Any], key: str, where: str, allowed: tuple[str, ...], default: str | None
) -> str:
    value = obj.get(key, default)
    if value is None:
        value = default
    if value not in allowed:
        shown = json.dumps(value, ensure_ascii=False)
        raise _ShapeError(f"{where}.{key}", f"{shown} is not one of {', '.join(allowed)}")
    return str(value)


def _occurrence(value: object, where: str) -> Occurrence:
    obj = _object(value, where, OCCURRENCE_KEYS)
    return Occurrence(
        document=_required_text(obj, "document", where, label=True),
        line=_int(obj, "line", where),
        column=_int(obj, "column", where),
        context=_text(obj, "context", where),
    )


def _term(value: object, where: str) -> Term:
    obj = _object(value, where, TERM_KEYS)
    lang = _choice(obj, "lang", where, LANGS, None)
    text = _required_text(obj, "text", where)
    occurrences = _list(obj.get("occurrences"), f"{where}.occurrences")
    return Term(
        lang=lang,
        text=text,
        type=_choice(obj, "type", where, TERM_TYPES, "fullForm"),
        status=_choice(obj, "status", where, STATUSES, "candidate"),
        source=_text(obj, "source", where, label=True),
        confidence=_number(obj, "confidence", where),
        pos=_text(obj, "pos", where, label=True),
        note=_text(obj, "note", where),
        occurrences=tuple(
            _occurrence(occ, f"{where}.occurrences[{i}]") for i, occ in enumerate(occurrences)
        ),
    )


def _concept(value: object, where: str) -> Concept:
    obj = _object(value, where, CONCEPT_KEYS)
    terms = _list(obj.get("terms"), f"{where}.terms")
    return Concept(
        id=_int(obj, "id", where),
        domain=_text(obj, "domain", where, label=True),
        definition=_text(obj, "definition", where),
        note=_text(obj, "note", where),
        score=_number(obj, "score", where),
        frequency=_int(obj, "frequency", where),
        terms=tuple(_term(term, f"{where}.terms[{i}]") for i, term in enumerate(terms)),
    )


def concepts_from_json(document: object) -> list[Concept]:
    """Concepts from a parsed JSON document; ValueError names the first bad JSON path."""
    try:
        root = _object(document, "(top level)", ("concepts",))
        if "concepts" not in root:
            raise _ShapeError("concepts", 'missing; the file must be {"concepts": [...]}')
        items = _list(root["concepts"], "concepts")
        return [_concept(item, f"concepts[{i}]") for i, item in enumerate(items)]
    except _ShapeError as exc:
        raise ValueError(str(exc)) from None


# A key shown as it is in an error message; any other is shown as a JSON string.
_PLAIN_KEY = re.compile(r"\w{1,30}")
_LONG_NUMBER = re.compile(r"\d{4000,}")
_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
# termbase's JSON nests six deep; Python's decoder gives up near a thousand.
_MAX_DEPTH = 100


def _decoder_limit(text: str, path: Path, exc: Exception) -> FormatError:
    """A FormatError for what the JSON decoder refuses without a position.

    Python's decoder gives up on numbers of more than 4,300 digits (ValueError)
    and on lists or objects nested too deep (RecursionError); find where.
    """
    offset: int | None = None
    if isinstance(exc, RecursionError):
        what, hint = f"lists or objects nested more than {_MAX_DEPTH} deep", "check the brackets"
        depth = 0
        for token in _NESTING.finditer(text):
            depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(token.group(), 0)
            if depth > _MAX_DEPTH:
                offset = token.start()
                break
    else:
        what, hint = "a number with thousands of digits", "write a shorter number"
        found = _LONG_NUMBER.search(text)
        offset = found.start() if found else None
    line = column = None
    if offset is not None:
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return FormatError(f"malformed JSON: {what}", path=path, line=line, column=column, hint=hint)


def read_json(path: Path, encoding: str | None = None) -> list[Concept]:
    """Read termbase's JSON, validating its shape."""
    text = read_text(path, encoding)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"malformed JSON: {exc.msg}", path=path, line=exc.lineno, column=exc.colno
        ) from None
    except (ValueError, RecursionError) as exc:
        raise _decoder_limit(text, path, exc) from None
    try:
        return concepts_from_json(document)
    except ValueError as exc:
        raise FormatError(str(exc), path=path) from None


class JsonFormat:
    """termbase's JSON: concepts with every term and occurrence."""

    name = "json"
    extensions = ("json",)
    single_equivalent = False
    priority = 30

    def detect(self, head: str) -> bool:
        return head.lstrip().startswith("{") and '"concepts"' in head

    def read(self, path: Path, encoding: str | None = None) -> list[Concept]:
        return read_json(path, encoding)

    def write(self, concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions) -> None:
        write_json(concepts, out, options)


FORMATS = (JsonFormat(),)
