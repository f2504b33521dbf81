"""TBX v3 (ISO 30042:2019), TBX-Basic dialect in DCA style.

Files follow the TBX core structure (RELAX NG) and the TBX-Basic 1.2.1 DCA
Schematron; the mapping is described in :mod:`termbase.formats._tbxcommon`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from termbase.formats import WriteOptions
from termbase.formats._tbxcommon import TBX3_NS, root_start_tag
from termbase.formats._tbxread import read_tbx
from termbase.formats._tbxwrite import Dialect, attr, write_tbx
from termbase.models import Concept

_RNG_URL = "https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng"
_SCH_URL = (
    "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"
)


def _head(lang: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-model href="{_RNG_URL}" type="application/xml"'
        ' schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
        f'<?xml-model href="{_SCH_URL}" type="application/xml"'
        ' schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
        f'<tbx type="TBX-Basic" style="dca" xml:lang="{attr(lang)}" xmlns="{TBX3_NS}">\n'
        "  <tbxHeader>\n"
        "    <fileDesc>\n"
        "      <sourceDesc>\n"
        "        <p>Exported by termbase</p>\n"
        "      </sourceDesc>\n"
        "    </fileDesc>\n"
        "  </tbxHeader>\n"
    )


DIALECT = Dialect(
    entry="conceptEntry",
    lang_section="langSec",
    term_section="termSec",
    # The TBX-Basic 1.2.1 DCA picklist has no properNoun.
    parts_of_speech=frozenset(("noun", "verb", "adjective", "adverb", "other")),
    head=_head,
    body_open="  <text>\n    <body>\n",
    foot="    </body>\n  </text>\n</tbx>\n",
    # <body> needs one entry or more, but <text> may go without it.
    empty="  <text/>\n</tbx>\n",
)


class TbxFormat:
    """TBX v3, TBX-Basic DCA: the current ISO standard."""

    name = "tbx"
    extensions = ("tbx",)
    single_equivalent = False
    priority = 10

    def detect(self, head: str) -> bool:
        root = root_start_tag(head)
        if root is None or root[0] != "tbx":
            return False
        attributes = root[1]
        return TBX3_NS in attributes or "TBX-" in attributes

    def read(self, path: Path, encoding: str | None = None) -> list[Concept]:
        return read_tbx(path, encoding)

    def write(self, concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions) -> None:
        write_tbx(concepts, out, options, DIALECT)


FORMATS = (TbxFormat(),)
