"""The data termbase ships: Vietnamese word lists, cue words, dictionaries, places.

One package for every shipped list, so that their sources and licences are in
one place (README.md here says who reads what). ``vietnamese`` and ``cues``
serve mining (syllable frequencies, a word list, parts of speech, the function
words and heads that cut spans); ``dictionary`` serves the suggestion sources
(FVDP, the core lexicon, English phrases and frequencies, places) and mining's
place names and core nouns. ``_build_*`` rebuild the files from their sources.
"""
