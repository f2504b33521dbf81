"""TBX v2 (martif, TBX-Basic 2009): the TBX that OmegaT and translate-toolkit read.

Files follow the TBX-Basic RELAX NG schema and core-structure DTD of 2009; the
mapping is described in :mod:`termbase.formats._tbxcommon`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from termbase.formats import WriteOptions
from termbase.formats._tbxcommon import EMPTY_ENTRY_ID, root_start_tag
from termbase.formats._tbxread import read_tbx
from termbase.formats._tbxwrite import Dialect, attr, write_tbx
from termbase.models import PARTS_OF_SPEECH, Concept


def _head(lang: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<martif type="TBX-Basic" xml:lang="{attr(lang)}">\n'
        "  <martifHeader>\n"
        "    <fileDesc>\n"
        "      <sourceDesc>\n"
        "        <p>Exported by termbase</p>\n"
        "      </sourceDesc>\n"
        "    </fileDesc>\n"
        "    <encodingDesc>\n"
        '      <p type="XCSURI">TBXBasicXCSV02.xcs</p>\n'
        "    </encodingDesc>\n"
        "  </martifHeader>\n"
    )


_BODY_OPEN = "  <text>\n    <body>\n"
_FOOT = "    </body>\n  </text>\n</martif>\n"
# TBX v2 needs one entry or more in <body>; read() skips this one.
_EMPTY = (
    _BODY_OPEN + f'      <termEntry id="{EMPTY_ENTRY_ID}">\n'
    "        <note>termbase: this file holds no concepts; TBX v2 requires an entry,"
    " so this one is left empty</note>\n"
    '        <langSet xml:lang="vi">\n'
    "          <tig>\n"
    "            <term/>\n"
    "          </tig>\n"
    "        </langSet>\n"
    "      </termEntry>\n" + _FOOT
)

DIALECT = Dialect(
    entry="termEntry",
    lang_section="langSet",
    term_section="tig",
    parts_of_speech=frozenset(PARTS_OF_SPEECH),
    head=_head,
    body_open=_BODY_OPEN,
    foot=_FOOT,
    empty=_EMPTY,
)


class Tbx2Format:
    """TBX v2 (martif), TBX-Basic: for OmegaT, Weblate and other translate-toolkit users."""

    name = "tbx2"
    extensions = ("tbx",)
    single_equivalent = False
    priority = 10

    def detect(self, head: str) -> bool:
        root = root_start_tag(head)
        return root is not None and root[0] == "martif"

    def read(self, path: Path, encoding: str | None = None) -> list[Concept]:
        return read_tbx(path, encoding)

    def write(self, concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions) -> None:
        write_tbx(concepts, out, options, DIALECT)


FORMATS = (Tbx2Format(),)
