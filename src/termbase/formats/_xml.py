"""Safe XML parsing shared by the XML formats (TBX, TMX)."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from termbase.errors import FormatError
from termbase.text.decode import check_file

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def parse_xml(path: Path) -> etree._ElementTree:
    """Parse ``path`` without touching the network, DTDs or entity declarations.

    Files that declare entities are refused outright: that closes both
    external-entity reads and expansion bombs ("billion laughs").
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
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    try:
        return etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
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
