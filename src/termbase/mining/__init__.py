"""Mining: Vietnamese term candidates from documents, with no segmenter and no model.

The modules, in the order the text goes through them:

* ``clean``, ``furniture``: keep each page's article, drop its furniture (menus,
  bylines, footers, lines many pages share), with the cues that mark furniture;
* ``tokens``, ``syllables``, ``scan``: token classes (one letter per token), syllable
  spelling and keys, and the hot path that counts the runs of content syllables;
* ``expand``, ``names``, ``fragments``, ``wordlists``: each distinct run into its
  candidate spans, cut around names, with nesting and the word lists by key;
* ``rank``, ``weights``: each candidate's score as a product of named, weighted parts;
* ``concepts``: the best candidates into concepts with glossed acronyms, counted per
  document with a few occurrences, written to the store;
* ``pipeline``: drives the steps over files (``mine_paths``), with worker processes
  for ``--jobs``.
"""
