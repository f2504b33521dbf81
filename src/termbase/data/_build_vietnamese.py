"""Rebuild the reference lists in this folder (run by hand, not at run time).

    python -m termbase.data._build_vietnamese --fvdp PATH/TO/dump-utf8.json

needs ``wordfreq`` (pip install wordfreq) for the syllable list; see README.md.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# Letters a Vietnamese syllable can use (no f, j, w, z).
_VI_WORD = re.compile(r"^[a-eg-ik-vxyđ\u00c0-\u1ef9]+$")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def build_syllables(min_zipf: float) -> list[str]:
    wordfreq: Any = importlib.import_module("wordfreq")
    from importlib.metadata import version

    freqs: dict[str, float] = wordfreq.get_frequency_dict("vi")
    rows = []
    for word in freqs:
        word = _nfc(word)
        if not _VI_WORD.match(word):
            continue
        zipf = wordfreq.zipf_frequency(word, "vi")
        if zipf >= min_zipf:
            rows.append((word, zipf))
    rows.sort(key=lambda r: (-r[1], r[0]))
    header = [
        "# Zipf frequency of Vietnamese syllables in general text.",
        f"# From wordfreq {version('wordfreq')} (data CC BY-SA 4.0, (c) Robyn Speer);"
        " see README.md.",
    ]
    return header + [f"{w}\t{z:.2f}" for w, z in rows]


def build_words(fvdp: Path) -> list[str]:
    data = json.loads(fvdp.read_text(encoding="utf-8"))
    words = set()
    for head in data:
        if head.startswith("00-database"):
            continue
        word = " ".join(_nfc(head).split())
        parts = word.split(" ")
        if 2 <= len(parts) <= 4 and all(_VI_WORD.match(p) for p in parts):
            words.add(word)
    header = [
        "# Vietnamese words of 2-4 syllables: headwords of the Free Vietnamese Dictionary",
        "# Project's Vietnamese-English dictionary (GPL-2.0-or-later); see README.md.",
    ]
    return header + sorted(words)


_POS = {"noun": "n", "verb": "v", "adj": "a", "adjective": "a", "adv": "r", "adverb": "r"}


def _first_pos(definition: str) -> str:
    """The first part of speech an entry gives: n, v, a, r, or "" when it gives none.

    Entries without a part-of-speech line whose first sense reads "to …" are verbs.
    """
    for line in definition.splitlines():
        if line.startswith("* "):
            return _POS.get(line[2:].strip().split(" ")[0].rstrip(",.&"), "")
        if line.startswith("-"):
            return "v" if line[1:].strip().lower().startswith("to ") else ""
    return ""


def build_pos(fvdp: Path) -> list[str]:
    data = json.loads(fvdp.read_text(encoding="utf-8"))
    rows = {}
    for head, entry in data.items():
        if head.startswith("00-database"):
            continue
        word = " ".join(_nfc(head).split())
        parts = word.split(" ")
        if not (1 <= len(parts) <= 4 and all(_VI_WORD.match(p) for p in parts)):
            continue
        pos = _first_pos((entry.get("definitions") or [""])[0])
        if pos:
            rows[word] = pos
    header = [
        "# First part of speech of Vietnamese words (n noun, v verb, a adjective, r adverb):",
        "# from the Free Vietnamese Dictionary Project (GPL-2.0-or-later); see README.md.",
    ]
    return header + [f"{w}\t{p}" for w, p in sorted(rows.items())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fvdp", type=Path, required=True, help="FVDP dump-utf8.json")
    parser.add_argument("--min-zipf", type=float, default=1.5)
    parser.add_argument("--pos-only", action="store_true", help="rebuild vi_pos.tsv only")
    args = parser.parse_args()
    if args.pos_only:
        (HERE / "vi_pos.tsv").write_text("\n".join(build_pos(args.fvdp)) + "\n", encoding="utf-8")
        return
    (HERE / "vi_syllables.tsv").write_text(
        "\n".join(build_syllables(args.min_zipf)) + "\n", encoding="utf-8"
    )
    (HERE / "vi_words.txt").write_text("\n".join(build_words(args.fvdp)) + "\n", encoding="utf-8")
    (HERE / "vi_pos.tsv").write_text("\n".join(build_pos(args.fvdp)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
