"""File formats termbase reads and writes, one module each.

Every module exposes ``FORMATS``: a tuple of objects following :class:`Format`.
The registry is built from the modules found in this package, so adding a
format means adding a module and nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from termbase.errors import FormatError, InputError
from termbase.models import Concept


@dataclass(frozen=True)
class WriteOptions:
    """What a writer needs besides the concepts.

    ``direction`` is "vi-en" (Vietnamese source terms, English targets) or "en-vi".
    ``profile`` is "full" (every field, for a round trip) or "cat" (what a translator
    needs in a CAT tool's glossary: see :mod:`termbase.formats._cat`); ``evidence``
    adds the suggestions' evidence to the cat profile.
    """

    direction: str = "vi-en"
    profile: str = "full"
    evidence: bool = False

    @property
    def source_lang(self) -> str:
        return self.direction.split("-")[0]

    @property
    def target_lang(self) -> str:
        return self.direction.split("-")[1]


class Format(Protocol):
    """The contract every format module follows."""

    name: str
    extensions: tuple[str, ...]
    # True when a file holds one target per source term (PO, CSV, TSV): importing
    # a changed target then replaces the suggestion instead of adding a synonym.
    single_equivalent: bool

    def detect(self, head: str) -> bool:
        """True when ``head`` (the first few KB of a file, decoded) is this format."""
        ...

    def read(self, path: Path, encoding: str | None = None) -> list[Concept]:
        """Read ``path``; raise FormatError (with line and column) when it is malformed.

        ``encoding``: read the bytes as that (see :func:`termbase.text.decode.decode`)
        instead of UTF-8 or what a byte-order mark announces.
        """
        ...

    def write(self, concepts: Iterable[Concept], out: BinaryIO, options: WriteOptions) -> None:
        """Write ``concepts`` to ``out`` as bytes."""
        ...


_REGISTRY: dict[str, Format] = {}


def registry() -> dict[str, Format]:
    """All formats by name, in detection order."""
    if not _REGISTRY:
        found: list[tuple[int, Format]] = []
        for info in pkgutil.iter_modules(__path__):
            if info.name.startswith("_"):
                continue
            module = importlib.import_module(f"{__name__}.{info.name}")
            for fmt in getattr(module, "FORMATS", ()):
                found.append((getattr(fmt, "priority", 50), fmt))
        for _, fmt in sorted(found, key=lambda pair: pair[0]):
            _REGISTRY[fmt.name] = fmt
    return _REGISTRY


def format_names() -> list[str]:
    return list(registry())


def get_format(name: str) -> Format:
    try:
        return registry()[name]
    except KeyError:
        known = ", ".join(registry())
        raise InputError(f"unknown format {name!r}; use one of: {known}") from None


def detect_format(path: Path, encoding: str | None = None) -> Format:
    """The format of ``path``, judged from its content first, then its extension."""
    from termbase.text.decode import read_head

    head = read_head(path, encoding=encoding)
    from termbase.formats._cat import CAT_MARK

    if CAT_MARK in head:
        raise InputError(
            f"{path}: this is a {CAT_MARK}: it leaves out statuses and the evidence, so"
            " importing it would turn suggestions back into candidates; export with --profile full"
            " and import that file"
        )
    for fmt in registry().values():
        if fmt.detect(head):
            return fmt
    suffix = path.name.lower()
    for fmt in registry().values():
        if any(suffix.endswith("." + ext) for ext in fmt.extensions):
            return fmt
    known = ", ".join(registry())
    raise FormatError(
        "cannot tell the file's format from its content or extension",
        path=path,
        hint=f"name it with --format ({known})",
    )
