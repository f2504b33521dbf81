"""Sort the data lines of glossary files in place, keeping the comments on top.

    python glossary/tools/sort_glossary.py glossary/*.glossary.tsv

Lines are ordered by their first Vietnamese term without diacritics, then with
them (see :func:`sort_key`), so that a new concept lands in a predictable place
and a diff shows only what changed. tests/test_glossary.py checks the order.
"""

from __future__ import annotations

import sys
from pathlib import Path

from termbase.normalize import fold_key, tone_key


def sort_key(line: str) -> tuple[str, str, str]:
    """Order of a data line: its first vi term folded, then tone-keyed, then as written."""
    first = line.split("\t", 1)[0].split("|", 1)[0].strip()
    return (fold_key(first), tone_key(first), line)


def sort_file(path: Path) -> bool:
    """Sort ``path`` in place; True when it changed."""
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if line.strip()]
    comments = [line for line in lines if line.startswith("#")]
    data = sorted((line for line in lines if not line.startswith("#")), key=sort_key)
    new = "\n".join(comments + data) + "\n"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def main(argv: list[str]) -> int:
    for name in argv:
        if sort_file(Path(name)):
            print(f"sorted {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
