"""The numbers of the ranking (:mod:`termbase.mining.rank`), each named, in one place.

Every weight and threshold below came with the first miner (commit b5a532a;
the rule of ``written_after_share`` with a1c7b30).  They were measured only
together, as the whole ranking (recall@200 0.853 on the seed pages when they
came, bench/RESULTS.md); for no single number was a measurement recorded, so
each says "set by hand; no measurement recorded".  Changing one changes the
output: check it with ``bench/eval_mining.py`` and save the identity baseline again.

A cue multiplies a candidate's score: above 1 it rewards, below 1 it penalises.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RankWeights:
    """The weights and thresholds of the ranking; :data:`WEIGHTS` holds the ones in use."""

    # -- termhood (rank.termhood_rule) ----------------------------------------------------
    #: Weight of a candidate of 1, 2, 3, 4, 5 or more syllables: penalises one syllable alone
    #: and rewards length; set by hand; no measurement recorded.
    length: tuple[float, ...] = (0.03, 1.0, 1.6, 2.0, 2.3)
    #: Rewards spread: each doubling of the documents a candidate is seen in adds this share
    #: of its score (names in Latin script too); set by hand; no measurement recorded.
    documents: float = 0.3
    #: Specificity (log10 rate here minus general Zipf, averaged) at which the specificity
    #: factor is 1; set by hand; no measurement recorded.
    specificity_centre: float = 0.5
    #: How steeply the specificity factor follows specificity (kept mild: syllable frequencies
    #: say little about a word's); set by hand; no measurement recorded.
    specificity_slope: float = 0.25
    #: Lowest specificity factor: penalises candidates of syllables common in general
    #: Vietnamese at most this much; set by hand; no measurement recorded.
    specificity_floor: float = 0.5
    #: Highest specificity factor: rewards syllables frequent here and rare in general
    #: Vietnamese at most this much; set by hand; no measurement recorded.
    specificity_ceiling: float = 2.0
    #: Highest specificity a one-syllable candidate can have (caps its reward for a rare
    #: syllable); set by hand; no measurement recorded.
    syllable_specificity_cap: float = 1.0
    #: Occurrences added to a syllable's count here before its log rate is taken (no log of
    #: zero); set by hand; no measurement recorded.
    syllable_pseudo_count: float = 0.5
    #: Zipf frequency assumed for a syllable the general-Vietnamese list lacks; set by hand;
    #: no measurement recorded.
    unknown_zipf: float = 2.5

    # -- fragments: thresholds that leave a candidate out ---------------------------------
    #: A candidate seen twice or more is a fragment when its occurrences outside longer
    #: candidates (C-value) are at most this share of all; set by hand; no measurement recorded.
    fragment_share: float = 0.1
    #: A syllable is left out when at least this share of its occurrences are inside
    #: two-syllable candidates ("Tổng" of "Tổng thống"); set by hand; no measurement recorded.
    covered_share: float = 0.8
    #: A candidate is left out when at least this share of its occurrences are the tail of
    #: a capitalised headed name ("Ngoại giao" of "Bộ Ngoại giao"); set by hand; no
    #: measurement recorded.
    headed_tail_share: float = 0.75
    #: A syllable pair is a word this text writes whole when one syllable spends at least
    #: this share of its occurrences in it; candidates cutting it are left out; set by hand;
    #: no measurement recorded.
    learned_pair_share: float = 0.75
    #: A last one-syllable word written after the same syllable at least this share of the
    #: time ends a name ("Liên minh châu | Âu"); set by hand; no measurement recorded.
    written_after_share: float = 0.75
    #: A candidate seen once, never whole and inside a longer candidate, is kept only when
    #: its cues reach this; set by hand; no measurement recorded.
    once_inside_cues: float = 1.7

    # -- surfaces and capitals -------------------------------------------------------------
    #: Weight of an occurrence at a sentence start when the surface to show is chosen (its
    #: capital may be the sentence's); set by hand; no measurement recorded.
    sentence_start: float = 0.1
    #: A candidate is capitalised when at least this share of its occurrences not at a
    #: sentence start begin with a capital; set by hand; no measurement recorded.
    capitalised_share: float = 0.5

    # -- names in Latin script ---------------------------------------------------------------
    #: Weight of an acronym ("NATO", "INF"), rewarded well above Latin names; set by hand;
    #: no measurement recorded.
    acronym: float = 2.2
    #: Weight of a Latin name of several words: people and places are named in Latin script
    #: far more often than bodies; set by hand; no measurement recorded.
    latin_name: float = 0.45
    #: Weight of a one-word Latin name, most often a person or a place; set by hand; no
    #: measurement recorded.
    latin_word: float = 0.35

    # -- cues: names ---------------------------------------------------------------------------
    #: Rewards a candidate glossed in parentheses ("… (INF)"); set by hand; no measurement
    #: recorded.
    glossed: float = 1.6
    #: Rewards a capitalised candidate that starts with a head ("Hiệp ước", "Bộ"); set by
    #: hand; no measurement recorded.
    head_capitalised: float = 1.8
    #: Rewards a lower-case candidate that starts with a head; set by hand; no measurement
    #: recorded.
    head_lower: float = 1.25
    #: Rewards a proper name, whose later syllables are capitalised too; set by hand; no
    #: measurement recorded.
    proper_name: float = 1.4
    #: Rewards a capitalised run seen right before a person's name: a title; set by hand;
    #: no measurement recorded.
    title: float = 1.3
    #: Rewards a candidate put between quotes as a unit (not one lower-case word); set by
    #: hand; no measurement recorded.
    quoted: float = 1.5
    #: Penalises a title followed by a Latin name: most likely a person ("Thủ tướng Zoran
    #: Zaev"); set by hand; no measurement recorded.
    title_then_latin: float = 0.12
    #: Penalises a Vietnamese name followed by two Latin words or more: most likely a first
    #: and a last name; set by hand; no measurement recorded.
    two_latin_words: float = 0.4
    #: Penalises a Vietnamese name followed by Latin words that never stand alone: most
    #: likely a person's first name; set by hand; no measurement recorded.
    latin_never_alone: float = 0.5

    # -- cues: unithood ------------------------------------------------------------------------
    #: Penalises a candidate that is one general word of news prose; set by hand; no
    #: measurement recorded.
    general_word: float = 0.25
    #: Penalises a candidate that is one dictionary verb, adjective or adverb; set by hand;
    #: no measurement recorded.
    verb_or_adjective: float = 0.45
    #: Penalises a candidate that is one dictionary word of two syllables or more; set by
    #: hand; no measurement recorded.
    dictionary_word: float = 0.8
    #: Occurrences added to the evidence of a core-lexicon noun of two syllables or more
    #: whose English is specialised (``specialised_zipf``): its entry says it is a term even
    #: when the text uses it once ("nội chiến"); set on the development lists: NTREX lines
    #: 1-250 recall@200 0.50 / 0.54 / 0.55 for 1 / 2 / 3, seeds 0.88 / 0.88 / 0.85 (before
    #: such nouns seen once inside a run were scored too: 0.54 and 0.85 with it).
    lexicon_evidence: float = 2.0
    #: A core noun's English (one word) is specialised below this Zipf in general English
    #: ("earthquake" 4.2 is, "company" 5.6 is not); set on the development lists: NTREX
    #: recall@200 0.53 / 0.54 / 0.53 for 4.3 / 4.6 / 4.9, seeds 0.88 / 0.88 / 0.82.
    specialised_zipf: float = 4.6
    #: Occurrences added to the evidence of a compound seen in the text, a head noun and
    #: modifiers ending in a specialised noun (``mining.compounds``: "chế độ nô lệ"); such a
    #: compound is scored even when seen once inside a longer run.  Set on the development
    #: lists (recall@200, seeds / NTREX 1-250 / TED tst2012 1-600): 0.3 gives 0.82 / 0.55 /
    #: 0.33, 0.5 gives 0.85 / 0.55 / 0.35, 1.0 gives 0.85 / 0.54 / 0.35 (0 gives 0.85 / 0.57
    #: / 0.29); half a lexicon term's, since the lexicon vouches for one word of it only.
    compound_evidence: float = 0.5
    #: Penalises a lower-case general word after a head, a clause ("Quốc hội | trở thành |
    #: …"); set by hand; no measurement recorded.
    general_after_head: float = 0.35
    #: Penalises a general word at either edge of a headless candidate, a clause; set by
    #: hand; no measurement recorded.
    general_at_edge: float = 0.35
    #: Penalises a general word inside a headless candidate, more likely a clause; set by
    #: hand; no measurement recorded.
    general_inside: float = 0.5
    #: Penalises a clause around a one-syllable name ("Mỹ sẵn sàng", "rút Mỹ"); set by hand;
    #: no measurement recorded.
    country_clause: float = 0.45
    #: Penalises a candidate that cuts a word at a function word ("đàm phán diễn" of "diễn
    #: ra"); set by hand; no measurement recorded.
    cut_word: float = 0.3


WEIGHTS = RankWeights()
