"""Mining: Vietnamese term candidates from documents, in four steps.

``clean`` removes page furniture (menus, bylines, footers, lines shared by many
pages); ``scan`` splits what is left into token classes and counts candidate
runs; ``rank`` expands runs into spans and scores them; ``concepts`` turns the
ranked candidates into concepts in the store, with occurrences and contexts.
``pipeline`` drives the steps over files (``mine_paths``), with worker
processes for ``--jobs``.
"""
