"""Reading files as text: BOMs honoured, legacy encodings named, undecodable bytes reported.

Without an encoding, a file is UTF-8 unless a byte-order mark says otherwise;
when it is not, the error names the legacy Vietnamese encoding it looks like
(:func:`termbase.text.legacy.guess_legacy`) so that the user can ask for it.
With an encoding (``encoding=`` here, ``--encoding`` on the command line), the
file is read as that: a legacy Vietnamese one (cp1258, tcvn3, vni) or any
Python text codec.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from termbase.errors import FormatError, InputError
from termbase.text.legacy import LEGACY_ENCODINGS, decode_legacy, guess_legacy, legacy_name

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_KNOWN = "cp1258 (Windows-1258), tcvn3 (TCVN3/ABC), vni, or a Python codec such as latin-1"


def check_file(path: Path) -> None:
    """Raise InputError unless ``path`` is a readable regular file."""
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file; name a file inside it")


def sniff_encoding(data: bytes) -> tuple[str, int]:
    """The encoding a BOM announces (default UTF-8) and the BOM's length."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return "utf-8", 0


def encoding_name(name: str) -> str:
    """The name termbase reads ``name`` by: cp1258, tcvn3, vni or a Python codec's name.

    Raises InputError for a name that is neither; the CLI can check an
    ``--encoding`` option with it before reading anything.
    """
    legacy = legacy_name(name)
    if legacy is not None:
        return legacy
    try:
        codec = codecs.lookup(name)
    except LookupError:
        codec = None
    # zlib, base64 and the like are codecs too, but give no text.
    if codec is None or not getattr(codec, "_is_text_encoding", True):
        raise InputError(f"unknown encoding {name!r}; use {_KNOWN}")
    return codec.name


def _where(data: bytes, start: int) -> tuple[int, int]:
    """(line, column) of byte ``start``, both from 1."""
    before = data[:start]
    return before.count(b"\n") + 1, start - (before.rfind(b"\n") + 1) + 1


def _explicit(data: bytes, path: Path | str, encoding: str) -> str:
    name = encoding_name(encoding)
    try:
        if name in LEGACY_ENCODINGS:
            return decode_legacy(data, name)
        if name == "utf-8":
            name = "utf-8-sig"
        return data.decode(name)
    except UnicodeDecodeError as exc:
        line, column = _where(data, exc.start)
        raise FormatError(
            f"bytes that are not valid {name.removesuffix('-sig').upper()}"
            " (the encoding asked for)",
            path=path,
            line=line,
            column=column,
            hint="check the encoding, or leave it out to have termbase name the one it sees",
        ) from None


def decode(data: bytes, path: Path | str, encoding: str | None = None) -> str:
    """Decode file bytes; a one-line FormatError (with line and column) when it fails.

    ``encoding`` None: UTF-8, or what a BOM announces. Otherwise the encoding
    to read (see :func:`encoding_name`); legacy Vietnamese ones come back NFC.
    """
    if encoding is not None:
        return _explicit(data, path, encoding)
    found, skip = sniff_encoding(data)
    try:
        return data[skip:].decode(found)
    except UnicodeDecodeError as exc:
        line, column = _where(data[skip:], exc.start)
        tried = f"tried {found.upper()}{', from its byte-order mark' if skip else ''}"
        guess = None if skip else guess_legacy(data)
        if guess is None:
            message = f"bytes that are not valid {found.upper()} ({tried})"
            hint = (
                "convert the file to UTF-8 first, e.g. iconv -f WINDOWS-1258 -t UTF-8,"
                " or name its encoding with --encoding"
            )
        else:
            message = (
                f"bytes that are not valid {found.upper()} ({tried});"
                f" the text looks like {LEGACY_ENCODINGS[guess]}"
            )
            hint = f"pass --encoding {guess} to read it as that, or convert the file to UTF-8"
        raise FormatError(message, path=path, line=line, column=column, hint=hint) from None


def read_text(path: Path, encoding: str | None = None) -> str:
    """The whole file as text (see :func:`decode`)."""
    check_file(path)
    return decode(path.read_bytes(), path, encoding)


def read_head(path: Path, size: int = 8192, encoding: str | None = None) -> str:
    """The first ``size`` bytes as text, for format detection; never raises on bad bytes."""
    check_file(path)
    with path.open("rb") as fh:
        data = fh.read(size)
    if encoding is not None:
        name = encoding_name(encoding)
        if name in LEGACY_ENCODINGS:
            try:
                return decode_legacy(data, name)
            except UnicodeDecodeError:
                return data.decode(name, errors="ignore")
        return data.decode(name, errors="ignore")
    found, skip = sniff_encoding(data)
    return data[skip:].decode(found, errors="ignore")
