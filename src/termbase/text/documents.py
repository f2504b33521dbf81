"""Reading text to mine: files, folders, standard input and HTML pages.

Every input becomes a :class:`Document`: its text as lines (NFC, Đ for Ð, no
line-end characters), a name to show, a key that identifies it across runs and
a hash of its bytes, so that re-mining an unchanged file can be skipped.
Documents are produced one at a time so that a large folder is streamed.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from termbase.errors import FormatError, InputError
from termbase.text.decode import decode

# Files a folder contributes; a file named on the command line is always read.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
STDIN = "-"

_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<div|<p[\s>])", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class Document:
    """One text to mine.

    ``name`` is what occurrences show (the path as given, or ``<stdin>``);
    ``key`` identifies the document across runs (the resolved path, or
    ``stdin:<hash>``); ``digest`` is the SHA-256 of the bytes read.
    """

    name: str
    key: str
    digest: str
    lines: tuple[str, ...]
    path: Path | None = None
    html: bool = False

    @property
    def words(self) -> int:
        return sum(len(line.split()) for line in self.lines)


def content_hash(data: bytes) -> str:
    """The hash that tells whether a document changed since it was mined."""
    return hashlib.sha256(data).hexdigest()


def normalize_text(text: str) -> str:
    """NFC, Đ for Ð, and LF line ends: the text every position refers to."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u00d0" in text or "\u00f0" in text:  # translate() is slow on long text
        text = text.translate(_ETH)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def looks_like_html(data: bytes, path: Path | None) -> bool:
    if path is not None and path.suffix.lower() in HTML_SUFFIXES:
        return True
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_SNIFF.match(head))


def decode_bytes(data: bytes, name: str, html: bool, encoding: str | None = None) -> str:
    """Decode like the format readers do; an HTML page may name its charset instead.

    ``encoding``: what the user said the bytes are (see :func:`decode`); it wins.
    """
    try:
        return decode(data, name, encoding)
    except FormatError:
        if not html or encoding is not None:
            raise
        found = _CHARSET.search(data[:4096])
        if not found:
            raise
        charset = found.group(1).decode("ascii", "replace")
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise FormatError(
                f"bytes that are not valid {charset} (the charset the page declares)",
                path=name,
                hint="convert the page to UTF-8 first",
            ) from None


# Elements whose text is never article text.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "input",
    "textarea",
)
# Containers named like page furniture (class or id), as most news sites name them.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|footer|sidebar|share|social|comments?"
    r"|related|relate|advert|ads|banner|popup|cookie|subscribe|newsletter|tags)"
    r"(?:$|[\s_-])",
    re.I,
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "table",
        "section",
        "article",
        "blockquote",
        "figcaption",
        "figure",
        "dd",
        "dt",
        "dl",
        "pre",
        "title",
        "main",
        "address",
        "br",
        "hr",
    }
)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, one block element per line.

    Scripts, styles, navigation, headers, footers, forms and containers whose
    class or id names them as menus, share bars or related links are dropped.
    """
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return markup
    for el in list(root.iter(*_DROP_TAGS, etree.Comment)):
        el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        names = f"{el.get('class', '')} {el.get('id', '')}".strip()
        if names and _FURNITURE.search(names) and el.tag not in ("body", "html", "article", "main"):
            el.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    text = root.text_content()
    lines = (" ".join(line.split()) for line in text.split("\n"))
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def make_document(
    data: bytes, name: str, key: str, path: Path | None = None, encoding: str | None = None
) -> Document:
    """A document from raw bytes; HTML is reduced to its visible text.

    ``encoding``: what the user said the bytes are (see :func:`decode_bytes`).
    """
    html = looks_like_html(data, path)
    text = decode_bytes(data, name, html, encoding)
    if html:
        text = html_to_text(text)
    text = normalize_text(text)
    return Document(
        name=name,
        key=key,
        digest=content_hash(data),
        lines=tuple(text.split("\n")),
        path=path,
        html=html,
    )


def document_from_text(text: str, name: str = "<text>") -> Document:
    """A document from a string (tests, the library API)."""
    data = text.encode("utf-8")
    return make_document(data, name, f"text:{content_hash(data)[:16]}")


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            suffix = os.path.splitext(name)[1].lower()
            if suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES:
                yield Path(root) / name


def expand_inputs(inputs: Iterable[str | Path]) -> Iterator[Path | str]:
    """Files named, files found in folders (recursively, sorted), and ``-`` for stdin."""
    for item in inputs:
        if str(item) == STDIN:
            yield STDIN
            continue
        path = Path(item)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield path
        else:
            raise InputError(f"{path}: no such file or folder; check the path")


def document_key(path: Path, folders: dict[str, str] | None = None) -> str:
    """The resolved path: what identifies a file across runs.

    With ``folders`` (resolved folders, filled as it goes), a file that is no
    symbolic link costs one system call instead of one per path component.
    """
    if folders is None or path.name in ("", ".", "..") or path.is_symlink():
        return str(path.resolve())
    parent = str(path.parent)
    real = folders.get(parent)
    if real is None:
        real = folders[parent] = str(path.parent.resolve())
    return os.path.join(real, path.name)


def read_document(
    path: Path, folders: dict[str, str] | None = None, encoding: str | None = None
) -> Document:
    """Read one file; FormatError names the file when its bytes cannot be decoded.

    ``folders``: see :func:`document_key`; ``encoding``: see :func:`make_document`.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return make_document(data, str(path), document_key(path, folders), path, encoding)


def read_stdin(encoding: str | None = None) -> Document:
    data = sys.stdin.buffer.read()
    return make_document(data, "<stdin>", f"stdin:{content_hash(data)[:16]}", None, encoding)


def iter_documents(
    inputs: Iterable[str | Path],
    on_skip: Callable[[str], None] | None = None,
    encoding: str | None = None,
) -> Iterator[Document]:
    """Documents from files, folders and ``-``, one at a time.

    A file that cannot be read or decoded raises, unless ``on_skip`` is given:
    then it is told the problem and the rest are read.  ``encoding``: the bytes'
    encoding when the user named one (UTF-8 and BOMs are detected without it).
    """
    folders: dict[str, str] = {}
    for item in expand_inputs(inputs):
        try:
            if item == STDIN:
                yield read_stdin(encoding)
            else:
                assert isinstance(item, Path)
                yield read_document(item, folders, encoding)
        except (FormatError, InputError) as exc:
            if on_skip is None:
                raise
            on_skip(str(exc))
