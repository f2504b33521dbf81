"""Ranking the candidate spans of the runs a :class:`~termbase.mining.scan.Scanner` counted.

The distinct runs are expanded into candidate spans (:mod:`termbase.mining.expand`);
then each candidate's score is a product of named parts (:func:`score_terms`),
every weight a field of :class:`~termbase.mining.weights.RankWeights`:

* termhood (:func:`termhood_rule`): frequency corrected for nesting, C-value
  style (a span seen only inside one longer candidate is a fragment; inside
  many different ones, a term of its own: :mod:`termbase.mining.fragments`),
  length, document frequency, and how much more often its syllables occur
  here than in general Vietnamese (:func:`termbase.data.vietnamese.syllable_zipf`);
* cues (:func:`name_cue_rule`): heads ("Hiệp ước", "Bộ", "Thứ trưởng"),
  capitalised names, quotes, glosses in parentheses, a title before a
  person's name;
* unithood (:func:`unit_cue_rule`): a general word at the edge of a span
  ("tăng cường | hỗ trợ an ninh", "Bộ Ngoại giao Mỹ | khẳng định") makes it a
  clause, not a term; an extension by such a word does not make the inner
  span a fragment.

Names in Latin script are scored apart (:func:`score_names`).  Expensive
features are computed only for the candidates that survive cheap filters
(seen twice, or seen once but whole or marked by a cue).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from termbase.mining.abbreviations import acronym_fits
from termbase.mining.compounds import compound_rule
from termbase.mining.expand import Spans, expand, word_starts
from termbase.mining.fragments import Nesting, cuts_word, learned_words, nest
from termbase.mining.scan import MAX_SYLLABLES, Gloss, Scanner, head_length
from termbase.mining.syllables import bonds
from termbase.mining.tokens import ACRO, CAP, CONN, LATIN, VI
from termbase.mining.weights import WEIGHTS, RankWeights
from termbase.mining.wordlists import (
    Words,
    dangling,
    known_term_keys,
    lexicon_keys,
    title_keys,
)


@dataclass
class Candidate:
    """A ranked candidate: its grouping key, the surface to show and the evidence."""

    key: str
    text: str
    score: float
    frequency: int
    documents: int
    syllables: int
    kind: str = "term"  # term | name (Latin) | acronym
    variants: dict[str, int] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)


def _display(variants: dict[str, int], initial: Counter[str], start_weight: float) -> str:
    """The surface to show: most frequent, an occurrence at a sentence start weighing less."""
    if len(variants) == 1:
        return next(iter(variants))

    def weight(surface: str) -> tuple[float, bool]:
        seen = variants[surface]
        inside = seen - initial.get(surface, 0)
        return (inside + start_weight * seen, surface[:1].islower())

    return max(variants, key=weight)


def _capitalised_inside(variants: dict[str, int], initial: Counter[str]) -> float:
    """Share of occurrences not at a sentence start whose first letter is a capital."""
    if len(variants) == 1:
        # One surface (most candidates): all or nothing, or the fallback below.
        for surface, seen in variants.items():
            if seen - initial.get(surface, 0):
                return 1.0 if surface[:1].isupper() else 0.0
    inside = upper = 0
    for surface, seen in variants.items():
        n = seen - initial.get(surface, 0)
        inside += n
        if surface[:1].isupper():
            upper += n
    if inside:
        return upper / inside
    # Seen only at sentence starts: a name when a later syllable is capitalised too.
    return 1.0 if any(ch.isupper() for s in variants for ch in s[1:]) else 0.0


def _country_clause(classes: Sequence[str], starts: Sequence[int]) -> bool:
    """A one-syllable capitalised word next to lower-case words, as in "rút Mỹ"."""
    n = len(classes)
    words = set(starts)
    for j in range(n):
        if classes[j] != CAP or j not in words or (j + 1 < n and j + 1 not in words):
            continue
        alone = (j == 0 or classes[j - 1] != CAP) and (j + 1 == n or classes[j + 1] != CAP)
        if not alone:
            continue
        if (j + 1 < n and classes[j + 1] == VI) or (j == n - 1 and j > 0 and classes[j - 1] == VI):
            return True
    return False


# Words a number follows ("khóa XV", "thứ II", "lần thứ XIII"): a candidate ending in one
# has lost its number.
ORDINAL_WORDS = frozenset({"thứ", "khoá"})
ROMAN_NUMERAL = re.compile(r"(?=[IVXL])(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")  # I to LXXXIX

_NO_TONES = str.maketrans("", "", "\u0300\u0301\u0303\u0309\u0323")
# Each precomposed Latin letter to its decomposed form without tone marks: for a
# string of Latin letters alone (no combining mark of its own), what _loose does,
# one table look-up a letter instead of a normalisation (most of _survivors' time).
_LATIN_RANGES = (range(0xC0, 0x250), range(0x1E00, 0x1F00))
_LOOSE_LETTERS = {
    code: loose
    for block in _LATIN_RANGES
    for code in block
    if (loose := unicodedata.normalize("NFD", chr(code)).translate(_NO_TONES)) != chr(code)
}
_NOT_IN_TABLE = re.compile("[^\x00-\u024f\u1e00-\u1eff]")


def _loose(surface: str) -> str:
    """Lower case without tone marks: equal for every variant of a candidate (and a few more)."""
    lower = surface.lower()
    if _NOT_IN_TABLE.search(lower):
        return unicodedata.normalize("NFD", lower).translate(_NO_TONES)
    return lower.translate(_LOOSE_LETTERS)


def gloss_target(scanner: Scanner, surface: str, limit: int = MAX_SYLLABLES) -> str:
    """The part of the run before a parenthesis that the gloss names.

    From the last head ("Hiệp ước …") or the start of the last capitalised
    stretch; the whole run when neither is there.
    """
    tokens = surface.split(" ")
    keys = [scanner.tokens.key[t] for t in tokens]
    classes = [scanner.tokens.kind[t] for t in tokens]
    start = 0
    for j in range(len(tokens) - 1, -1, -1):
        if classes[j] == CAP and head_length(keys[j:], classes[j:]):
            start = j
            break
    else:
        for j in range(len(tokens) - 1, 0, -1):
            if classes[j] == CAP and classes[j - 1] != CAP:
                start = j
                break
    return " ".join(tokens[start:][: 2 * limit])


def gloss_key(scanner: Scanner, gloss: Gloss, limit: int = MAX_SYLLABLES) -> str:
    """The key of the candidate a gloss in parentheses names (:func:`gloss_target`)."""
    target = gloss_target(scanner, gloss.target, limit)
    return " ".join(scanner.tokens.key[t] for t in target.split(" "))


def fitting_glosses(scanner: Scanner, limit: int = MAX_SYLLABLES) -> list[tuple[str, Gloss]]:
    """Each gloss with the key it names, if an acronym gloss fits that name (:func:`acronym_fits`).

    "Quốc hội (DCCC)": the letters fit neither the syllables nor their English, so
    the bracket says nothing of "Quốc hội" and is left out.
    """
    out = []
    for g in scanner.glosses:
        target = gloss_target(scanner, g.target, limit)
        if acronym_fits(g.gloss, target):
            out.append((" ".join(scanner.tokens.key[t] for t in target.split(" ")), g))
    return out


def _survivors(spans: Spans, lexicon: frozenset[str], compound: Callable[[str], bool]) -> list[str]:
    """Keys worth scoring: seen twice, or once as a whole run, a name or a variant of one.

    A key of ``lexicon`` (:func:`~termbase.mining.wordlists.known_term_keys`: the
    core lexicon's and the dictionary's specialised nouns, places) is a term
    wherever it was seen, and so is a compound that ends in one (``compound``:
    :func:`~termbase.mining.compounds.compound_rule`).
    """
    freq, whole, tails = spans.freq, spans.whole, spans.tails
    kept = []
    rare = []
    for key, f in freq.items():
        if (
            f >= 2
            or whole.get(key)
            or key in spans.latin
            or key in tails
            or key in lexicon
            or compound(key)
        ):
            kept.append(key)
        else:
            rare.append(key)
    # A rare span keeps its place when it is capitalised (a name seen once inside
    # a longer run) or a spelling variant of a kept one ("thuỷ …" beside "Thủy …").
    staying = {_loose(k) for k in kept}
    for key in rare:
        variants = spans.variants[key]
        if any(s[:1].isupper() for s in variants) or _loose(key) in staying:
            kept.append(key)
    return kept


def rank(
    scanner: Scanner, limit: int = MAX_SYLLABLES, weights: RankWeights = WEIGHTS
) -> list[Candidate]:
    """Every candidate worth showing, best first; fragments are left out."""
    spans = expand(scanner, limit)
    return rank_spans(scanner, spans, limit, weights)


def rank_spans(
    scanner: Scanner, spans: Spans, limit: int = MAX_SYLLABLES, weights: RankWeights = WEIGHTS
) -> list[Candidate]:
    """Score the spans worth scoring (:func:`_survivors`), best first; fragments are left out.

    A name in Latin script scores by :func:`score_names`, any other candidate
    by :func:`score_terms`: termhood times cues.
    """
    compound = compound_rule(weights.specialised_zipf)
    keys = _survivors(spans, known_term_keys(weights.specialised_zipf), compound)
    variants_of, initial, start_weight = spans.variants, spans.initial, weights.sentence_start
    display = {key: _display(variants_of[key], initial, start_weight) for key in keys}
    words = Words(spans.syllables, weights.syllable_pseudo_count, weights.unknown_zipf)
    kind = scanner.tokens.kind
    nesting = nest(spans, keys, display, words, kind, weights.written_after_share)
    glossed = Counter(key for key, _ in fitting_glosses(scanner, limit))
    n_docs = max(1, len(scanner.docs))
    out = score_names(spans, keys, display, nesting, glossed, kind, n_docs, weights)
    out += score_terms(spans, keys, display, words, nesting, glossed, kind, n_docs, weights)
    out.sort(key=lambda c: (-c.score, -c.frequency, c.key))
    return out


def score_names(
    spans: Spans,
    keys: Sequence[str],
    display: dict[str, str],
    nesting: Nesting,
    glossed: Counter[str],
    kind: dict[str, str],
    n_docs: int,
    weights: RankWeights,
) -> list[Candidate]:
    """Names in Latin script seen whole: evidence × kind weight × documents × glossed.

    Evidence is 1 + log2 of the occurrences outside longer candidates; an
    acronym seen only inside a longer name ("START" of "New START") is left out.
    """
    acronym, latin_name, latin_word = weights.acronym, weights.latin_name, weights.latin_word
    documents, gloss_bonus = weights.documents, weights.glossed
    freq, docs_of, whole, latin = spans.freq, spans.docs, spans.whole, spans.latin
    variants_of = spans.variants
    nested = nesting.inside
    out: list[Candidate] = []
    for key in keys:
        if key not in latin or not whole.get(key):
            continue
        f = freq[key]
        text = display[key]
        if ROMAN_NUMERAL.fullmatch(text):
            continue  # "XV" of "Quốc hội khóa XV": a number, not an acronym
        n = key.count(" ") + 1
        docs = min(n_docs, docs_of[key])
        inside = nested.get(key)
        free = f - (sum(inside) / len(inside) if inside else 0.0)
        cues = gloss_bonus if glossed.get(key) else 1.0
        name = "acronym" if any(kind[t] == ACRO for t in text.split(" ")) else "name"
        weight = acronym if name == "acronym" else (latin_name if n > 1 else latin_word)
        evidence = 1.0 + math.log2(max(free, 1.0))
        score = evidence * weight * (1.0 + documents * math.log2(docs)) * cues
        out.append(Candidate(key, text, score, f, docs, n, name, variants_of[key], {}))
    return out


def score_terms(
    spans: Spans,
    keys: Sequence[str],
    display: dict[str, str],
    words: Words,
    nesting: Nesting,
    glossed: Counter[str],
    kind: dict[str, str],
    n_docs: int,
    weights: RankWeights,
) -> list[Candidate]:
    """Candidates other than Latin names: termhood × glossed × name cues × unithood cues.

    Fragments are left out first.  The parts are :func:`termhood_rule`'s,
    ``glossed``, :func:`name_cue_rule`'s and :func:`unit_cue_rule`'s, in that order.
    """
    w = weights
    fragment, covered_share, tail_share = w.fragment_share, w.covered_share, w.headed_tail_share
    learned_share, once_inside, gloss_bonus = w.learned_pair_share, w.once_inside_cues, w.glossed
    capitalised_share, specificity_cap = w.capitalised_share, w.syllable_specificity_cap
    termhood, name_cues = termhood_rule(w), name_cue_rule(spans, w)
    unit_cues = unit_cue_rule(words, w)
    bond, spec = bonds(), words.spec
    freq, docs_of, whole, latin = spans.freq, spans.docs, spans.whole, spans.latin
    variants_of, initial = spans.variants, spans.initial
    nested, starts_of, covered, after_head = nesting
    learned = learned_words(freq, spans.syllables, bond)
    specialised, lexicon_evidence = known_term_keys(w.specialised_zipf), w.lexicon_evidence
    compound, compound_evidence = compound_rule(w.specialised_zipf), w.compound_evidence
    out: list[Candidate] = []
    for key in keys:
        if key in latin:
            continue
        f = freq[key]
        tokens = key.split(" ")
        n = len(tokens)
        inside = nested.get(key)
        # C-value: occurrences inside longer candidates count less, the fewer kinds
        # of longer candidate there are (one kind: a fragment of it).
        ext = sum(inside) / len(inside) if inside else 0.0
        free = f - ext
        if f >= 2 and free <= fragment * f:
            continue  # always inside the same longer candidate: a fragment
        if n == 1 and covered.get(key, 0) >= covered_share * f:
            continue  # a syllable that rarely stands alone ("Tổng" of "Tổng thống")
        if after_head.get(key, 0) >= tail_share * f:
            continue  # the tail of headed names ("Ngoại giao" of "Bộ Ngoại giao")
        if cuts_word(tokens, learned, learned_share):
            continue  # starts or ends inside a word this text always writes whole
        text, variants = display[key], variants_of[key]
        classes = list(map(kind.__getitem__, text.split(" ")))
        head = head_length(tokens, classes)
        capitalised = _capitalised_inside(variants, initial) >= capitalised_share
        starts = starts_of.get(key) or word_starts(tokens, bond)
        cues = gloss_bonus if glossed.get(key) else 1.0
        cues = name_cues(cues, key, tokens, classes, head, capitalised, starts)
        cues = unit_cues(cues, key, tokens, classes, head, starts)
        if key in specialised:
            # A term of the shipped lists ("nội chiến", "đầm phá", "Thái Bình Dương"):
            # its entry is evidence, as some more occurrences would be.
            free = max(free, 0.0) + lexicon_evidence
        elif compound(key):
            # A head noun and modifiers ending in such a term ("chế độ nô lệ"): the
            # lexicon vouches for part of it.
            free = max(free, 0.0) + compound_evidence
        elif f == 1 and not whole.get(key) and inside and cues < once_inside:
            continue  # seen once, inside a longer candidate, nothing marks it as a term
        specificity = _specificity(tokens, classes, spec, specificity_cap)
        docs = min(n_docs, docs_of[key])
        score = termhood(max(free, 0.0), docs, n, specificity, cues)
        features = {"specificity": round(specificity, 2), "cues": round(cues, 2), "nested": ext}
        out.append(Candidate(key, text, score, f, docs, n, "term", variants, features))
    return out


def _specificity(
    tokens: list[str], classes: list[str], spec: Callable[[str], float], cap: float
) -> float:
    """The mean specificity of a candidate's content syllables (one syllable: at most ``cap``)."""
    if CONN in classes:
        content = [t for t, c in zip(tokens, classes, strict=False) if c != CONN] or tokens
    else:
        content = tokens
    specificity = sum(map(spec, content)) / len(content)
    if len(tokens) == 1:
        specificity = min(specificity, cap)
    return specificity


# The ranking's per-candidate rules: each is made once per ranking with its
# weights and tables bound as closure variables, so that a weight costs in the
# loop what a literal number did.
Termhood = Callable[[float, int, int, float, float], float]
NameCues = Callable[[float, str, list[str], list[str], int, bool, list[int]], float]
UnitCues = Callable[[float, str, list[str], list[str], int, list[int]], float]


def termhood_rule(weights: RankWeights = WEIGHTS) -> Termhood:
    """Termhood: evidence × length × documents × specificity, times the cues given.

    The function made takes the frequency already corrected for nesting
    (C-value), the documents, the syllables, the specificity (how much more
    often its syllables occur here than in general Vietnamese: log10 ratio,
    averaged) and the cues (heads, names, glosses and the penalties for
    general words).
    """
    length, documents_share = weights.length, weights.documents
    centre, slope = weights.specificity_centre, weights.specificity_slope
    floor, ceiling = weights.specificity_floor, weights.specificity_ceiling

    def termhood(
        frequency: float, documents: int, syllables: int, specificity: float, cues: float
    ) -> float:
        # Frequency counts, but a tenth occurrence adds less than a second one.
        evidence = 1.0 + math.log2(frequency) if frequency >= 1 else frequency
        # Syllable frequencies say little about a word's: a mild factor.
        general = min(ceiling, max(floor, 10 ** (slope * (specificity - centre))))
        return (
            evidence
            * length[min(syllables, 5) - 1]
            * (1.0 + documents_share * math.log2(documents))
            * general
            * cues
        )

    return termhood


def name_cue_rule(spans: Spans, weights: RankWeights = WEIGHTS) -> NameCues:
    """The cues a name gives: ``cues`` times each that applies, in this order.

    A head (capitalised or not), a proper name (later syllables capitalised),
    a title (a capitalised run before a person's name), quotes around it; for
    a Vietnamese name before Latin words, a title before the Latin name or two
    Latin words (a person), and Latin words that never stand alone.
    """
    w = weights
    head_capitalised, head_lower, proper_name = w.head_capitalised, w.head_lower, w.proper_name
    title, quoted_bonus = w.title, w.quoted
    title_then_latin, two_latin_words = w.title_then_latin, w.two_latin_words
    latin_never_alone = w.latin_never_alone
    titles, quoted, mixed, whole = spans.titles, spans.quoted, spans.mixed, spans.whole
    titled = title_keys()

    def name_cues(
        cues: float,
        key: str,
        tokens: list[str],
        classes: list[str],
        head: int,
        capitalised: bool,
        starts: list[int],
    ) -> float:
        if head:
            cues *= head_capitalised if capitalised else head_lower
        rest = classes[1:]
        if rest and rest.count(CAP) * 2 >= len(rest) and (capitalised or len(rest) >= 2):
            cues *= proper_name  # a proper name: its later syllables are capitalised too
        if capitalised and key in titles:
            cues *= title  # a capitalised run before a person's name: a title
        if quoted.get(key) and (len(starts) > 1 or capitalised):
            # Put between quotes as a unit; not one lower-case word: quotes around
            # one are a quotation or a writer's irony ("đã “phẫn nộ”"), not a name.
            cues *= quoted_bonus
        if key in mixed:
            latin = sum(c in (LATIN, ACRO) for c in classes)
            if head and " ".join(tokens[:head]) in titled:
                cues *= title_then_latin  # "Thủ tướng Zoran Zaev": most likely a person
            elif latin > 1:
                cues *= two_latin_words  # a first and a last name: most likely a person
            tail = " ".join(t for t, c in zip(tokens, classes, strict=True) if c in (LATIN, ACRO))
            if not whole.get(tail):
                cues *= latin_never_alone  # never alone: a person's first name
        return cues

    return name_cues


def unit_cue_rule(words: Words, weights: RankWeights = WEIGHTS) -> UnitCues:
    """Unithood: ``cues`` times each penalty that applies, in this order.

    A term of the shipped lists (:func:`known_term_keys`) is a unit: none applies.
    One word: a general word, a verb or adjective, or a dictionary word.  After
    a head: a lower-case general word (a clause).  Otherwise: a general word at
    an edge or inside, then a clause around a one-syllable name.  Last, a word
    cut where the run ended at a function word ("đàm phán diễn (ra)").
    """
    w = weights
    general_word, verb_or_adjective, dictionary_word = (
        w.general_word,
        w.verb_or_adjective,
        w.dictionary_word,
    )
    general_after_head, general_at_edge = w.general_after_head, w.general_at_edge
    general_inside, country_clause, cut_word = w.general_inside, w.country_clause, w.cut_word
    general, pos_of, weak = words.general, words.pos, words.weak
    lexicon, cut_words = lexicon_keys(), dangling()
    specialised = known_term_keys(w.specialised_zipf)

    def unit_cues(
        cues: float, key: str, tokens: list[str], classes: list[str], head: int, starts: list[int]
    ) -> float:
        n = len(tokens)
        if key in specialised:
            return cues  # a term of the shipped lists: a unit (its evidence is in score_terms)
        if len(starts) == 1:
            pos = pos_of.get(key, "")
            if key in general:
                cues *= general_word
            elif pos in ("v", "a", "r"):
                cues *= verb_or_adjective
            elif n >= 2 and key in lexicon:
                cues *= dictionary_word
        elif head:
            # A lower-case general word after a head makes a clause of the name:
            # "Quốc hội | trở thành | đài tưởng niệm".
            if any(
                classes[starts[j]] == VI
                and " ".join(tokens[starts[j] : [*starts, n][j + 1]]) in general
                for j in range(1, len(starts))
            ):
                cues *= general_after_head
        else:
            if weak(tokens[: starts[1]]) or weak(tokens[starts[-1] :]):
                cues *= general_at_edge  # a general word at either edge: a clause, not a term
            elif any(
                " ".join(tokens[starts[j] : starts[j + 1]]) in general
                for j in range(1, len(starts) - 1)
            ):
                cues *= general_inside  # a general word inside: more likely a clause
            if CAP in classes and _country_clause(classes, starts):
                cues *= country_clause  # "Mỹ sẵn sàng", "rút Mỹ"
        if n > 1 and classes[-1] == VI and starts[-1] == n - 1 and tokens[-1] in cut_words:
            cues *= cut_word  # "đàm phán diễn" (ra): cuts a word at a function word
        elif n > 1 and tokens[-1] in ORDINAL_WORDS:
            cues *= cut_word  # "Quốc hội khóa" (XV), "Thế Chiến thứ" (II): cuts off the number
        return cues

    return unit_cues
