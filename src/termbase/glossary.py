"""The curated glossary: which files of a folder are loaded, and as what.

``termbase init`` loads every file of the glossary folder whose extension
names a format termbase reads; its terms come in approved, with the source
``glossary`` unless the file names another.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib import util
from pathlib import Path

from termbase.formats import detect_format, format_names, get_format
from termbase.importer import ImportReport, import_concepts
from termbase.models import Concept
from termbase.store import Termbase


@dataclass(frozen=True)
class GlossaryFile:
    """One glossary file loaded, and what importing it did."""

    path: Path
    report: ImportReport


def shipped_glossary() -> Path:
    """The curated glossary that comes with termbase.

    In a checkout (an editable install, or ``src`` on the path) it is the
    ``glossary/`` folder beside ``src/``, so an edit there is what ``init`` loads;
    in an installed wheel it is the package ``termbase._glossary``, which
    ``pyproject.toml`` builds from that same folder.
    """
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "glossary").is_dir():
        return checkout / "glossary"
    spec = util.find_spec("termbase._glossary")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("termbase's glossary is not installed (termbase._glossary)")
    return Path(next(iter(spec.submodule_search_locations)))


def glossary_files(folder: Path) -> list[Path]:
    """The files in ``folder`` whose extension names a format termbase reads."""
    extensions = {ext for name in format_names() for ext in get_format(name).extensions}
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and any(p.name.lower().endswith("." + ext) for ext in extensions)
    )


def as_glossary(concept: Concept) -> Concept:
    """``concept`` as the glossary gives it: a new concept, its open terms approved."""
    terms = tuple(
        replace(
            t,
            status="approved" if t.status in ("candidate", "suggested") else t.status,
            source=t.source or "glossary",
        )
        for t in concept.terms
    )
    return replace(concept, id=None, terms=terms)


def load_glossary(tb: Termbase, folder: Path) -> list[GlossaryFile]:
    """Import every glossary file in ``folder`` into ``tb`` (the caller holds the transaction)."""
    loaded = []
    for path in glossary_files(folder):
        fmt = detect_format(path)
        concepts = [as_glossary(c) for c in fmt.read(path)]
        report = import_concepts(
            tb, concepts, fmt.single_equivalent, keep_ids=False, source=path.name, glossary=True
        )
        loaded.append(GlossaryFile(path, report))
    return loaded
