"""The translation memory: segment pairs, their search, and term pairs aligned from them.

Segment pairs are read from TMX, PO, parallel and CSV/TSV files (:mod:`.readers`),
stored once each with their origin (:mod:`.importer`, over
:mod:`termbase.store.memory`), found again by fuzzy token match or by phrase
(:mod:`.search`, :mod:`.concordance`) and written back out (:mod:`.export`).
A segment keeps its inline markup; matching looks at a key of its words only
(:mod:`.segments`): tone placement, case, NFC/NFD and markup make no difference
there, and numbers, punctuation and markup differences only earn a mark.
:mod:`.align` finds the English equivalents of Vietnamese terms in segment pairs.
"""
