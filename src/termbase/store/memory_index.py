"""The translation memory's word index: token ids, keys as token codes, postings by length.

One set of tables per language (``vi``, ``en``), written by :class:`IndexWriter`:

- ``tm_{lang}_tokens(token, id)``: every matching-key token
  (:mod:`termbase.tm.segments`) and its id, numbered from 1 as first met.
- ``tm_keys(id, vi, en)``: each unit's two keys with every token written as one
  character, its *code* (:func:`token_char`). The re-rank compares these strings
  in C (rapidfuzz) without splitting or re-tokenising; a key's length is its
  token count.
- ``tm_{lang}_postings(token, length, first, units, ids)``: the units whose key
  contains a token, one row per (token, length bucket, chunk); ``ids`` are the
  ascending unit ids, little-endian uint32, ``units`` of them, the first being
  ``first``. ``length`` is the shortest key length of the bucket: each length up
  to 12 tokens has its own, longer ones share buckets about a tenth as wide as
  they are long (:data:`BUCKET`). Keeping lengths apart lets a search read only
  the units whose length can match: the common-word tail then reads a small part
  of each list.

An import appends one chunk per (token, length) it adds units to; when a key
has more than :data:`MAX_CHUNKS` chunks they are merged into one, so many small
imports do not rewrite long lists and reads stay a few rows per key.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from termbase.store.dbapi import Connection

LANGS = ("vi", "en")
# Lengths above it share its bucket (such keys are checked token by token anyway).
LENGTH_CAP = 0xFFFF


def _buckets() -> npt.NDArray[np.int64]:
    """The bucket of every key length up to LENGTH_CAP: its shortest length."""
    starts = list(range(13))
    while starts[-1] < LENGTH_CAP:
        starts.append(starts[-1] + max(1, starts[-1] // 10))
    lengths = np.arange(LENGTH_CAP + 1)
    found: npt.NDArray[np.int64] = np.asarray(starts)[np.searchsorted(starts, lengths, "right") - 1]
    return found


BUCKET = _buckets()
# Chunks one (token, length) may have before an import merges them.
MAX_CHUNKS = 8
# Postings an import holds in memory before writing them (12 bytes each).
FLUSH_POSTINGS = 4_000_000
_SURROGATES = 0x800
_CODES = 0x110000 - _SURROGATES - 1  # code points usable as codes (0 and surrogates never)

IdArray = npt.NDArray[np.uint32]


def token_char(token_id: int) -> str:
    """The one-character code of a token id: its code point, the surrogates skipped.

    Ids past the last code point (more than 1.1M distinct tokens in one
    language) wrap and share codes: a re-rank may then take two tokens as equal,
    which can only let more candidates through; final scores come from the keys.
    """
    point = (token_id - 1) % _CODES + 1
    return chr(point + _SURROGATES if point >= 0xD800 else point)


# A code no token has: what an unknown query token becomes.
UNKNOWN = "\0"


def bucket_range(token_id: int, shortest: int, longest: int) -> list[int]:
    """Parameters (token, first bucket, last bucket) for the buckets of a length window."""
    return [token_id, int(BUCKET[min(shortest, LENGTH_CAP)]), min(longest, LENGTH_CAP)]


class Postings(NamedTuple):
    """The units of one token within a length window, and each one's bucket (shortest length)."""

    ids: IdArray
    lengths: npt.NDArray[np.int64]


def read_postings(
    conn: Connection, lang: str, token_id: int, shortest: int, longest: int
) -> Postings:
    rows = conn.execute(
        f"SELECT length, units, ids FROM tm_{lang}_postings"
        " WHERE token = ? AND length BETWEEN ? AND ? ORDER BY length, first",
        bucket_range(token_id, shortest, longest),
    ).fetchall()
    if not rows:
        return Postings(np.zeros(0, np.uint32), np.zeros(0, np.int64))
    ids = np.frombuffer(b"".join(r[2] for r in rows), dtype="<u4").astype(np.uint32, copy=False)
    lengths = np.repeat(
        np.fromiter((r[0] for r in rows), np.int64, len(rows)),
        np.fromiter((r[1] for r in rows), np.int64, len(rows)),
    )
    return Postings(ids, lengths)


def units_with_all(conn: Connection, lang: str, token_ids: Sequence[int], size: int) -> IdArray:
    """Ids (ascending) of the units whose key has every token; ``token_ids`` rarest first.

    ``size`` is above every unit id: a list is matched against the units left
    through an array of that length, with no sort.
    """
    found: IdArray | None = None
    for token_id in token_ids:
        ids = read_postings(conn, lang, token_id, 0, LENGTH_CAP).ids
        if found is None:
            found = np.sort(ids)
        else:
            seen = np.zeros(size, np.bool_)
            seen[ids] = True
            found = found[seen[found]]
        if not len(found):
            break
    return found if found is not None else np.zeros(0, np.uint32)


class IndexWriter:
    """Adds units to the index: token ids, codes, postings kept in memory until flushed."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.vocab: dict[str, dict[str, int]] = {}
        self.chars: dict[str, list[str]] = {}
        self.fresh: dict[str, list[tuple[str, int]]] = {}
        self.touched: dict[str, set[int]] = {}
        # Per unit side: its distinct token ids (flat), how many, the unit, its length.
        self.tokens: dict[str, array[int]] = {}
        self.counts: dict[str, array[int]] = {}
        self.units: dict[str, array[int]] = {}
        self.lengths: dict[str, array[int]] = {}
        # For add_batch: the keyer's provisional ids, their tokens, their ids here (0: none yet).
        self.keys: list[str] = [""]
        self.remap: dict[str, npt.NDArray[np.int64]] = {}
        # Lists no key had before, and flushes since: a key has at most that many chunks.
        self.empty: dict[str, bool] = {}
        self.flushes: dict[str, int] = {}
        for lang in LANGS:
            self.remap[lang] = np.zeros(1, np.int64)
            self.empty[lang] = not conn.execute(
                f"SELECT 1 FROM tm_{lang}_postings LIMIT 1"
            ).fetchone()
            self.flushes[lang] = 0
            vocab = dict(conn.execute(f"SELECT token, id FROM tm_{lang}_tokens"))
            self.vocab[lang] = vocab
            chars = [UNKNOWN] * (max(vocab.values(), default=0) + 1)
            for token_id in vocab.values():
                chars[token_id] = token_char(token_id)
            self.chars[lang] = chars
            self.fresh[lang] = []
            self.touched[lang] = set()
            self._reset(lang)

    def _reset(self, lang: str) -> None:
        self.tokens[lang] = array("I")
        self.counts[lang] = array("I")
        self.units[lang] = array("I")
        self.lengths[lang] = array("I")

    def _new_token(self, lang: str, token: str) -> int:
        chars = self.chars[lang]
        token_id = len(chars)
        chars.append(token_char(token_id))
        self.vocab[lang][token] = token_id
        self.fresh[lang].append((token, token_id))
        return token_id

    def add(self, unit_id: int, lang: str, tokens: list[str]) -> str:
        """Index one side of a unit (its key's tokens); return its code string."""
        vocab = self.vocab[lang]
        try:  # every token known: one C-level pass
            ids = list(map(vocab.__getitem__, tokens))
        except KeyError:
            ids = [vocab.get(t) or self._new_token(lang, t) for t in tokens]
        distinct = set(ids)
        self.tokens[lang].extend(distinct)
        self.counts[lang].append(len(distinct))
        self.units[lang].append(unit_id)
        self.lengths[lang].append(len(ids))
        if len(self.tokens[lang]) >= FLUSH_POSTINGS:
            self.flush(lang)
        return "".join(map(self.chars[lang].__getitem__, ids))

    def learn(self, keys: Sequence[str]) -> None:
        """The tokens a keyer gave the next provisional ids (see :meth:`add_batch`)."""
        if not keys:
            return
        self.keys.extend(keys)
        for lang in LANGS:
            remap = self.remap[lang]
            if len(remap) < len(self.keys):
                remap = np.resize(remap, 2 * len(self.keys))
            vocab = self.vocab[lang]
            start = len(self.keys) - len(keys)
            remap[start : len(self.keys)] = [vocab.get(key, 0) for key in keys]
            self.remap[lang] = remap

    def add_batch(
        self,
        lang: str,
        unit_ids: Sequence[int],
        rows: Sequence[int],
        tokens: array[int],
        lengths: Sequence[int],
    ) -> list[str]:
        """Index one side of units at once; return their code strings.

        ``tokens`` holds the provisional ids (:meth:`learn`) of the keys of a
        batch of rows, ``lengths[i]`` of them for row i; ``rows`` are the rows
        to index (ascending), as units ``unit_ids``. The same as :meth:`add` for
        each unit in turn: token ids given in the order tokens are first met,
        postings flushed after the same unit.
        """
        sizes = np.asarray(lengths, np.int64)
        picked = np.asarray(rows, np.int64)
        wanted = np.zeros(len(sizes), np.bool_)
        wanted[picked] = True
        provisional = np.frombuffer(tokens, np.uint32).astype(np.int64)
        provisional = provisional[np.repeat(wanted, sizes)]
        sizes = sizes[picked]
        remap = self.remap[lang]
        ids = remap[provisional]
        if not ids.all():
            unknown, first = np.unique(provisional[ids == 0], return_index=True)
            for pid in unknown[np.argsort(first, kind="stable")].tolist():
                remap[pid] = self._new_token(lang, self.keys[pid])
            ids = remap[provisional]
        points = (ids - 1) % _CODES + 1
        points += (points >= 0xD800) * _SURROGATES
        text = points.astype("<u4").tobytes().decode("utf-32-le")
        bounds = np.concatenate(([0], np.cumsum(sizes))).tolist()
        codes = [text[a:b] for a, b in itertools.pairwise(bounds)]
        # Each unit's distinct tokens, units in order.
        local = np.repeat(np.arange(len(sizes), dtype=np.uint64), sizes)
        pairs = np.sort((local << np.uint64(32)) | ids.astype(np.uint64))
        if len(pairs):
            pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
        distinct = np.bincount((pairs >> np.uint64(32)).astype(np.int64), minlength=len(sizes))
        flat = (pairs & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        units = np.asarray(unit_ids, np.uint32)
        held = np.cumsum(distinct)
        start = 0
        while start < len(sizes):
            before = int(held[start - 1]) if start else 0
            # The unit after which add() would flush: the held postings reach FLUSH_POSTINGS.
            room = FLUSH_POSTINGS - len(self.tokens[lang])
            end = min(int(np.searchsorted(held, before + room, "left")) + 1, len(sizes))
            self.tokens[lang].frombytes(flat[before : held[end - 1]].tobytes())
            self.counts[lang].frombytes(distinct[start:end].astype(np.uint32).tobytes())
            self.units[lang].frombytes(units[start:end].tobytes())
            self.lengths[lang].frombytes(sizes[start:end].astype(np.uint32).tobytes())
            if len(self.tokens[lang]) >= FLUSH_POSTINGS:
                self.flush(lang)
            start = end
        return codes

    def flush(self, lang: str) -> None:
        """Write the new tokens and the postings held for ``lang``."""
        self.conn.executemany(
            f"INSERT INTO tm_{lang}_tokens (token, id) VALUES (?, ?)", self.fresh[lang]
        )
        self.fresh[lang] = []
        tokens = np.frombuffer(self.tokens[lang], dtype=np.uint32).astype(np.uint64)
        counts = np.frombuffer(self.counts[lang], dtype=np.uint32)
        units = np.repeat(np.frombuffer(self.units[lang], dtype=np.uint32), counts)
        lengths = np.repeat(BUCKET[np.minimum(self.lengths[lang], LENGTH_CAP)], counts)
        self._reset(lang)
        if not len(tokens):
            return
        self.flushes[lang] += 1
        keys = (tokens << np.uint64(16)) | lengths.astype(np.uint64)
        order = np.argsort(keys, kind="stable")  # stable: units stay ascending in a key
        keys, units = keys[order], units[order].astype("<u4")
        starts = np.flatnonzero(np.diff(keys)) + 1
        bounds = np.concatenate(([0], starts, [len(keys)])).tolist()
        heads = keys[bounds[:-1]]
        token_ids = (heads >> np.uint64(16)).tolist()
        self.touched[lang].update(token_ids)
        self.conn.executemany(
            f"INSERT INTO tm_{lang}_postings (token, length, first, units, ids)"
            " VALUES (?, ?, ?, ?, ?)",
            _posting_rows(token_ids, (heads & np.uint64(0xFFFF)).tolist(), bounds, units),
        )

    def close(self) -> None:
        """Flush what is held and merge the keys that have too many chunks."""
        for lang in LANGS:
            self.flush(lang)
            if not self.empty[lang] or self.flushes[lang] > MAX_CHUNKS:
                self._merge(lang, sorted(self.touched[lang]))
            self.touched[lang].clear()

    def _merge(self, lang: str, token_ids: Sequence[int]) -> None:
        crowded: list[tuple[int, int]] = []
        for start in range(0, len(token_ids), 500):
            chunk = token_ids[start : start + 500]
            crowded.extend(
                self.conn.execute(
                    f"SELECT token, length FROM tm_{lang}_postings"
                    f" WHERE token IN ({','.join('?' * len(chunk))})"
                    " GROUP BY token, length HAVING count(*) > ?",
                    [*chunk, MAX_CHUNKS],
                )
            )
        table = f"tm_{lang}_postings"
        for token_id, length in crowded:
            where = "WHERE token = ? AND length = ?"
            blobs = self.conn.execute(
                f"SELECT first, units, ids FROM {table} {where} ORDER BY first", [token_id, length]
            ).fetchall()
            self.conn.execute(f"DELETE FROM {table} {where}", [token_id, length])
            self.conn.execute(
                f"INSERT INTO {table} (token, length, first, units, ids) VALUES (?, ?, ?, ?, ?)",
                [
                    token_id,
                    length,
                    blobs[0][0],
                    sum(b[1] for b in blobs),
                    b"".join(b[2] for b in blobs),
                ],
            )


def _posting_rows(
    token_ids: list[int], lengths: list[int], bounds: list[int], units: IdArray
) -> Iterator[tuple[int, int, int, int, bytes]]:
    # Slices of one bytes object: no numpy object per row.
    data = units.tobytes()
    firsts = units[bounds[:-1]].tolist()
    for token_id, length, first, start, end in zip(
        token_ids, lengths, firsts, bounds, bounds[1:], strict=False
    ):
        yield token_id, length, first, end - start, data[4 * start : 4 * end]


def build_index(conn: Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Index units given as (id, vi key, en key), in ascending id order: keys and postings."""
    writer = IndexWriter(conn)
    batch: list[tuple[int, str, str]] = []
    for unit_id, vi_key, en_key in rows:
        vi, en = (key.split(" ") if key else [] for key in (vi_key, en_key))
        batch.append((unit_id, writer.add(unit_id, "vi", vi), writer.add(unit_id, "en", en)))
        if len(batch) >= 5000:
            conn.executemany("INSERT INTO tm_keys (id, vi, en) VALUES (?, ?, ?)", batch)
            batch.clear()
    conn.executemany("INSERT INTO tm_keys (id, vi, en) VALUES (?, ?, ?)", batch)
    writer.close()


def index_problems(conn: Connection) -> list[str]:
    """What is out of step between the memory's units and its word index (empty: nothing).

    Reads every key once (a few seconds at a million units): for ``doctor``.
    """
    problems: list[str] = []
    missing, extra, wrong = conn.execute(
        "SELECT (SELECT count(*) FROM tm_units WHERE id NOT IN (SELECT id FROM tm_keys)),"
        " (SELECT count(*) FROM tm_keys WHERE id NOT IN (SELECT id FROM tm_units)),"
        " (SELECT count(*) FROM tm_units u JOIN tm_keys k ON k.id = u.id"
        "  WHERE length(k.vi) != u.vi_len OR length(k.en) != u.en_len)"
    ).fetchone()
    if missing:
        problems.append(f"{missing} units missing from the word index")
    if extra:
        problems.append(f"{extra} word index entries for units no longer there")
    if wrong:
        problems.append(f"{wrong} units whose indexed keys do not match their own")
    for lang in LANGS:
        (listed,) = conn.execute(
            f"SELECT coalesce(sum(units), 0) FROM tm_{lang}_postings"
        ).fetchone()
        # Distinct codes are distinct tokens (below 1.1M tokens, where codes never repeat).
        expected = sum(len(set(code)) for (code,) in conn.execute(f"SELECT {lang} FROM tm_keys"))
        if listed != expected:
            problems.append(f"the {lang} word lists hold {listed} entries, the keys {expected}")
    return problems


def rebuild_index(conn: Connection) -> None:
    """Make the word index anew from the units' keys (inside the caller's transaction)."""
    conn.execute("DELETE FROM tm_keys")
    for lang in LANGS:
        conn.execute(f"DELETE FROM tm_{lang}_postings")
        conn.execute(f"DELETE FROM tm_{lang}_tokens")
    build_index(conn, conn.execute("SELECT id, vi_key, en_key FROM tm_units ORDER BY id"))
