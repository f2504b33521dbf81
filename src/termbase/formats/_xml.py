"""Safe XML parsing shared by the XML formats (TBX, TMX)."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from termbase.errors import FormatError
from termbase.text.decode import check_file, decode

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DECLARED = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")


def _declares_other_encoding(data: bytes) -> bool:
    """True when the XML declaration names an encoding other than UTF-8."""
    found = _DECLARED.match(data[:512])
    return found is not None and found[1].lower().replace(b"_", b"-") not in (b"utf-8", b"utf8")


def parse_xml(path: Path, encoding: str | None = None) -> etree._ElementTree:
    """Parse ``path`` without touching the network, DTDs or entity declarations.

    Files that declare entities are refused outright: that closes both
    external-entity reads and expansion bombs ("billion laughs"). With
    ``encoding`` (see :func:`termbase.text.decode.decode`), the bytes are read
    as that whatever the XML declaration says.
    """
    check_file(path)
    data = path.read_bytes()
    match = _ENTITY_DECL.search(data)
    if match:
        line = data.count(b"\n", 0, match.start()) + 1
        raise FormatError(
            "the file declares XML entities, which termbase refuses to expand",
            path=path,
            line=line,
            hint="remove the <!ENTITY …> declarations from the DOCTYPE",
        )
    if encoding is not None:
        data = decode(data, path, encoding).encode("utf-8")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        encoding="utf-8" if encoding is not None else None,
    )
    try:
        return etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        if encoding is None and not _declares_other_encoding(data):
            decode(data, path)  # names the encoding the bytes look like, if they are not UTF-8
        line, column = exc.position if exc.position else (None, None)
        # libxml2's message may go on with lines of the file: keep its first line.
        message = exc.msg.split(", line ")[0].strip() if exc.msg else ""
        message = message.splitlines()[0].strip() if message else "malformed XML"
        raise FormatError(
            f"malformed XML: {message}",
            path=path,
            line=line,
            column=column,
            hint="fix the file or export it again",
        ) from None
