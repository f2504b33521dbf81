"""Reading files as text: BOMs honoured, undecodable bytes reported clearly."""

from __future__ import annotations

import codecs
from pathlib import Path

from termbase.errors import FormatError, InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


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


def decode(data: bytes, path: Path | str) -> str:
    """Decode file bytes, honouring a BOM; a one-line FormatError when it fails."""
    encoding, skip = sniff_encoding(data)
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        before = data[skip : skip + exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise FormatError(
            f"bytes that are not valid {encoding.upper()} (tried {encoding.upper()}"
            f"{', from its byte-order mark' if skip else ''})",
            path=path,
            line=line,
            column=column,
            hint="convert the file to UTF-8 first, e.g. iconv -f WINDOWS-1258 -t UTF-8",
        ) from None


def read_text(path: Path) -> str:
    """The whole file as text (see :func:`decode`)."""
    check_file(path)
    return decode(path.read_bytes(), path)


def read_head(path: Path, size: int = 8192) -> str:
    """The first ``size`` bytes as text, for format detection; never raises on bad bytes."""
    check_file(path)
    with path.open("rb") as fh:
        data = fh.read(size)
    encoding, skip = sniff_encoding(data)
    return data[skip:].decode(encoding, errors="ignore")
