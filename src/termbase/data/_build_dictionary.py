"""Rebuild ``fvdp.tsv.gz`` from the FVDP dump and the iso-codes catalogue (run by hand).

    python -m termbase.data._build_dictionary [--fvdp PATH/dump-utf8.json] \
        [--po PATH/debian-bookworm-vi.po]

The defaults are the copies in ``../shared/data``. Rows, tab-separated, one
kind per first column (see README.md):

* ``s  headword  pos  sense  glosses``: one sense line of an entry, in entry order, with
  its short English glosses (``termbase.data.dictionary.glosses``) joined by `` | ``; a gloss
  with a word general English does not use (a typo: "piplomacy", "froce") is left out;
* ``e  headword  vietnamese  english  term``: an example pair of up to eight syllables,
  with its English as a term (``termbase.data.dictionary.english_example``) or empty;
* ``p  vietnamese  english``: an iso-codes country name;
* ``a  vietnamese  english``: a language name without "Tiếng", i.e. the
  English adjective of a people or country ("Nga" -> "Russian");
* ``l  vietnamese  english  count``: a word learned from the examples, where
  every other word of an example was already known (``Vũ khí hạt nhân+Nuclear
  weapon`` with ``hạt nhân: nuclear`` teaches ``vũ khí: weapon``);
* ``v  words``: every lower-case English word of the senses and examples, space-separated;
* ``k  keys…``: the phrase keys (``termbase.suggest.sources.lexicon.phrase_key``) of the glosses and
  example terms, tab-separated, which the compositional source's attestation index uses.

The ``s`` and ``e`` rows end with the tone key of their Vietnamese when it is not
just its lower case (empty otherwise), so that loading needs no normalisation.

From WordNet 3.0 (``--wordnet``, Debian's ``wordnet-base``), it writes
``en_phrases.txt.gz``: the multi-word lemmas ("arms race", "death toll"), which
attest English collocations to the compositional source.

With wordfreq installed (build time only: ``pip install wordfreq``), it also
writes ``en_zipf.tsv``: the Zipf frequency in general English of every word of
the dictionary's and the core lexicon's English, which tells a common gloss
("sky") from a rare one ("firmament") and a typo (0) from a word, and marks the
words WordNet has as nouns.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from termbase.data.dictionary import english_example, glosses
from termbase.normalize import tone_key

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[3] / "shared" / "data"
DEFAULT_FVDP = SHARED / "dictionary" / "fvdp-vietanh" / "dump-utf8.json"
DEFAULT_PO = SHARED / "po" / "debian-bookworm-vi.po"
OUT = HERE / "fvdp.tsv.gz"
ZIPF_OUT = HERE / "en_zipf.tsv"
PHRASES_OUT = HERE / "en_phrases.txt.gz"
DEFAULT_WORDNET = Path("/usr/share/wordnet")
CORE = HERE / "core.tsv"
_WORD = re.compile(r"[a-z]+")
MAX_EXAMPLE_SYLLABLES = 8
_POS = {"noun": "noun", "verb": "verb", "adj": "adjective", "adv": "adverb"}
_ENGLISH_STOP = frozenset(
    {"a", "an", "the", "to", "of", "one's", "oneself", "somebody", "something", "sb", "sth"}
    | {"in", "on", "for", "with", "by", "at"}
)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\t", " ")).strip()


def parse_entry(headword: str, text: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(pos, sense) and (vietnamese, english) example pairs of one DICT-markup entry."""
    senses: list[tuple[str, str]] = []
    examples: list[tuple[str, str]] = []
    pos = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("@"):
            continue
        if line.startswith("*"):
            first = line[1:].strip().split(",")[0].strip().lower()
            pos = _POS.get(first, "")
        elif line.startswith("-"):
            sense = _cell(line[1:])
            if sense:
                senses.append((pos, sense))
        elif line.startswith("=") and "+" in line:
            vi, en = line[1:].split("+", 1)
            vi, en = _cell(vi), _cell(en.split(". ")[0])
            if vi and en and len(vi.split()) <= MAX_EXAMPLE_SYLLABLES:
                examples.append((vi, en))
    return senses, examples


def _stem(word: str) -> str:
    word = word.lower().strip(".,;:!?'\"()")
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ed", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


def _gloss_words(sense: str) -> set[str]:
    text = re.sub(r"\([^)]*\)", " ", sense)
    return {_stem(w) for w in re.split(r"[\s;,/]+", text) if w and w.lower() not in _ENGLISH_STOP}


def learn(
    senses: dict[str, list[str]], examples: list[tuple[str, str]]
) -> Counter[tuple[str, str]]:
    """Words of examples whose every other word is a known headword found in the English."""
    known = {k.lower() for k in senses}
    learned: Counter[tuple[str, str]] = Counter()
    for vi, en in examples:
        syllables = vi.lower().split()
        parts: list[tuple[int, int, bool]] = []
        i = 0
        while i < len(syllables):
            for n in range(min(4, len(syllables) - i), 0, -1):
                if " ".join(syllables[i : i + n]) in known:
                    parts.append((i, i + n, True))
                    i += n
                    break
            else:
                if parts and not parts[-1][2]:
                    start = parts.pop()[0]
                    parts.append((start, i + 1, False))
                else:
                    parts.append((i, i + 1, False))
                i += 1
        # "a puppet president, a quisling president": the first rendering only.
        words = [w for w in re.split(r"\s+", re.split(r"[;,]", en)[0]) if w]
        stems = [_stem(w) for w in words]
        used = [w.lower() in _ENGLISH_STOP for w in words]
        # A known part whose glosses are not in the English is treated as unknown too:
        # "vũ khí" is read as "vũ" (dance) + "khí" (gas) by longest match.
        matched: list[tuple[int, int, bool]] = []
        for a, b, is_known in parts:
            hits: list[int] = []
            if is_known:
                gloss = set().union(*(_gloss_words(s) for s in senses[" ".join(syllables[a:b])]))
                hits = [j for j, s in enumerate(stems) if s in gloss and not used[j]]
            for j in hits:
                used[j] = True
            if hits:
                matched.append((a, b, True))
            elif matched and not matched[-1][2]:
                matched.append((matched.pop()[0], b, False))
            else:
                matched.append((a, b, False))
        unknown = [p for p in matched if not p[2]]
        if len(unknown) != 1 or len(matched) < 2 or unknown[0][1] - unknown[0][0] > 3:
            continue
        span = " ".join(syllables[unknown[0][0] : unknown[0][1]])
        if not re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", span):
            continue
        rest = [j for j, u in enumerate(used) if not u]
        if not rest or len(rest) > 3 or rest != list(range(rest[0], rest[-1] + 1)):
            continue
        english = " ".join(words[j].strip('.,;:!?"()') for j in rest)
        if english and re.fullmatch(r"[A-Za-z][A-Za-z' -]*", english):
            # Sentence case is the example's, not the word's: keep capitals only inside.
            if english[:1].isupper() and english[1:2].islower() and rest[0] == 0:
                english = english[0].lower() + english[1:]
            learned[(span, english)] += 1
    return learned


def read_po(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(vietnamese, english) country names and language adjectives from iso-codes."""
    import polib

    places: list[tuple[str, str]] = []
    adjectives: list[tuple[str, str]] = []
    for entry in polib.pofile(str(path)):
        comment = entry.comment or ""
        vi, en = _nfc(entry.msgstr), _nfc(entry.msgid)
        if not vi or not en or "," in vi or "," in en or "(" in en:
            continue
        if "iso_3166-1.mo" in comment:
            places.append((vi, en))
        elif "iso_639-2.mo" in comment and vi.lower().startswith("tiếng "):
            name = vi[6:].strip()
            if name and ";" not in en:
                adjectives.append((name[0].upper() + name[1:], en))
    return places, adjectives


class English:
    """wordfreq's general English (build time only): Zipf frequencies and typo repair."""

    def __init__(self) -> None:
        import wordfreq

        self._wordfreq = wordfreq
        self._common = [
            w
            for w, f in wordfreq.get_frequency_dict("en", "large").items()
            if f >= 1e-6 and w.isalpha() and w.isascii()
        ]
        self.repaired: Counter[tuple[str, str]] = Counter()

    def zipf(self, word: str) -> float:
        return float(self._wordfreq.zipf_frequency(word, "en", wordlist="large"))

    def repair(self, gloss: str) -> str:
        """A gloss with its typos mended: "piplomacy" -> "diplomacy", "froce" -> "force".

        A word general English never uses is replaced by the common word (Zipf >= 3)
        one edit away (a letter changed, added, dropped or two swapped), when there is
        one such word or one far more common than the others; a rare word with no such
        neighbour ("poikilothermic") is left as it is.
        """
        from rapidfuzz.distance import DamerauLevenshtein
        from rapidfuzz.process import extract

        def mend(match: re.Match[str]) -> str:
            word = match.group(0)
            lower = word.lower()
            if len(lower) < 4 or self.zipf(lower) > 0:
                return word
            near = extract(
                lower,
                self._common,
                scorer=DamerauLevenshtein.distance,
                score_cutoff=1,
                limit=5,
            )
            ranked = sorted((self.zipf(str(n[0])), str(n[0])) for n in near)[::-1]
            # One neighbour, or one far more common than the others ("froce": force, frock).
            if not ranked or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < 1.5):
                return word
            fixed = ranked[0][1]
            self.repaired[(lower, fixed)] += 1
            return fixed.capitalize() if word[:1].isupper() else fixed

        return re.sub(r"[A-Za-z]+", mend, gloss)


def load_english() -> English | None:
    try:
        return English()
    except ImportError:
        return None


def wordnet_phrases(folder: Path) -> list[str]:
    """Every multi-word lemma of WordNet 3.0 ("arms race", "death toll") as a phrase key.

    Keyed here (lower case, each word singular: ``termbase.suggest.sources.lexicon.phrase_key``)
    so that loading them costs nothing; a test checks the keys are still keys.
    """
    from termbase.suggest.sources.lexicon import phrase_key

    found: set[str] = set()
    for pos in ("noun", "adj", "verb", "adv"):
        for line in (folder / f"index.{pos}").read_text(encoding="latin-1").splitlines():
            lemma = line.split(" ", 1)[0]
            if line.startswith(" ") or "_" not in lemma or not lemma.isascii():
                continue
            # "genus templetonia", "chrysophrys australis": taxonomy says nothing of terms.
            if lemma.startswith(("genus_", "family_", "order_", "class_", "phylum_")):
                continue
            found.add(phrase_key(lemma.replace("_", " ")))
    return sorted(found)


def wordnet_nouns(folder: Path) -> set[str]:
    """The one-word common nouns of WordNet 3.0 ("guarantee" is one; "ensure" is not, and
    "begin" only as a name, Begin)."""
    found: set[str] = set()
    for line in (folder / "data.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split(" ")
        # offset lex_filenum ss_type w_cnt (hex) word lex_id word lex_id …
        count = int(fields[3], 16)
        for word in fields[4 : 4 + 2 * count : 2]:
            if word.isalpha() and word.islower():
                found.add(word)
    return found


def core_words() -> set[str]:
    words: set[str] = set()
    if CORE.exists():
        for line in CORE.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#") and line.count("\t") == 2:
                words.update(_WORD.findall(line.split("\t")[2].lower()))
    return words


def _key(vietnamese: str) -> str:
    """The tone key when it is not simply the lower case: loading skips the work."""
    key = tone_key(vietnamese)
    return "" if key == vietnamese.lower() else key


def build(
    fvdp: Path, po: Path | None, general: English | None = None
) -> tuple[list[str], set[str]]:
    """The rows of ``fvdp.tsv.gz`` and the English words they use."""
    from termbase.suggest.sources.lexicon import phrase_key

    data = json.loads(fvdp.read_text(encoding="utf-8"))
    vocabulary: set[str] = set()
    english: set[str] = set()
    rows: list[str] = []
    senses_by_word: dict[str, list[str]] = defaultdict(list)
    all_examples: list[tuple[str, str]] = []
    for headword in sorted(data):
        if headword.startswith("00-database"):
            continue
        head = _cell(_nfc(headword))
        for text in data[headword]["definitions"]:
            senses, examples = parse_entry(head, _nfc(text))
            for pos, sense in senses:
                cut = [general.repair(g) if general else g for g in glosses(sense)]
                kept = list(dict.fromkeys(cut))
                rows.append(f"s\t{head}\t{pos}\t{sense}\t{' | '.join(kept)}\t{_key(head)}")
                english.update(g.lower() for g in kept)
                vocabulary.update(_WORD.findall(sense.lower()))
                senses_by_word[head.lower()].append(sense)
            for vi, en in examples:
                phrase = english_example(en) or ""
                rows.append(f"e\t{head}\t{vi}\t{en}\t{phrase}\t{_key(vi)}")
                if phrase:
                    english.add(phrase.lower())
                vocabulary.update(_WORD.findall(en.lower()))
                all_examples.append((vi, en))
    for (vi, en), count in sorted(learn(senses_by_word, all_examples).items()):
        rows.append(f"l\t{vi}\t{en}\t{count}")
    if po is not None and po.exists():
        places, adjectives = read_po(po)
        rows.extend(f"p\t{vi}\t{en}" for vi, en in places)
        rows.extend(f"a\t{vi}\t{en}" for vi, en in adjectives)
    rows.append("v\t" + " ".join(sorted(vocabulary)))
    rows.append("k\t" + "\t".join(sorted({phrase_key(e) for e in english} - {""})))
    return rows, vocabulary


WORDNET_HEADER = [
    "# Multi-word lemmas of WordNet 3.0 as phrase keys (lower case, singular words).",
    "# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.",
    "# Distributed under the WordNet 3.0 licence; see README.md for its full text.",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fvdp", type=Path, default=DEFAULT_FVDP)
    parser.add_argument("--po", type=Path, default=DEFAULT_PO)
    parser.add_argument(
        "--wordnet",
        type=Path,
        default=DEFAULT_WORDNET,
        help="WordNet 3.0 dict folder (Debian: apt-get install wordnet-base)",
    )
    args = parser.parse_args()
    nouns: set[str] = set()
    if (args.wordnet / "index.noun").exists():
        nouns = wordnet_nouns(args.wordnet)
        phrases = wordnet_phrases(args.wordnet)
        payload = "\n".join([*WORDNET_HEADER, *phrases]) + "\n"
        with (
            PHRASES_OUT.open("wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out,
        ):
            out.write(payload.encode("utf-8"))
        print(f"wrote {PHRASES_OUT}: {len(phrases)} phrases")
    else:
        print(f"no WordNet in {args.wordnet}: {PHRASES_OUT.name} is kept")
    general = load_english()
    if general is None:
        print("wordfreq is not installed: typos are not mended and en_zipf.tsv is kept")
    rows, vocabulary = build(args.fvdp, args.po, general)
    header = [
        "# Free Vietnamese Dictionary Project, Vietnamese-English,"
        " (c) 1997-2003 Ho Ngoc Duc et al.,",
        "# GPL-2.0-or-later; country and language names from iso-codes 4.15.0, LGPL-2.1-or-later.",
        "# Built by python -m termbase.data._build_dictionary; see README.md.",
    ]
    payload = "\n".join(header + rows) + "\n"
    # mtime=0: the same input gives the same bytes.
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(payload.encode("utf-8"))
    kinds = Counter(row[0] for row in rows)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): {dict(sorted(kinds.items()))}")
    if general is not None:
        mended = general.repaired
        print(f"mended {sum(mended.values())} typos in glosses, e.g.", mended.most_common(8))
        words = sorted(vocabulary | core_words())
        lines = [
            "# Zipf frequency (log10 per billion words) in general English of the words of",
            "# fvdp.tsv.gz and core.tsv; wordfreq 'large' English list, CC BY-SA 4.0,",
            "# (c) Robyn Speer and wordfreq contributors. See README.md.",
            "# A third column 'n' marks a common noun of WordNet 3.0 (see README.md).",
            *(f"{w}\t{general.zipf(w):.1f}" + ("\tn" if w in nouns else "") for w in words),
        ]
        ZIPF_OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {ZIPF_OUT}: {len(words)} words")


if __name__ == "__main__":
    main()
