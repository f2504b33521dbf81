"""Importing segment pairs: keys computed, duplicates counted, one transaction per file.

Reading and keying a unit (parse, NFC, tokens, hashes) costs about as much as
storing it; with ``fork=True`` they run in a forked process that hands batches
of keyed rows to this one, which stores them meanwhile. What is stored is the
same either way, in the same order.
"""

from __future__ import annotations

import contextlib
import json
import pickle
import signal
from array import array
from collections.abc import Callable, Generator, Iterable
from typing import TYPE_CHECKING, Any

from termbase.errors import TermbaseError
from termbase.normalize import clean
from termbase.tm.segments import key_hash, token_key, tokens_of, words_text
from termbase.tm.units import ImportReport, KeyedBatch, MemoryRow, Refusal, TmUnit

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from termbase.store import Termbase

BATCH = 2000


# One encoder for every unit: json.dumps with options builds a new one per call.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
# The properties JSON of units whose only property is the language codes of their
# variants as the file wrote them ("vi-VN"): most units of a TMX with region codes.
_LANG_JSON: dict[tuple[Any, ...], str] = {}


def properties_json(props: dict[str, Any]) -> str | None:
    """A unit's properties as stored (JSON, keys sorted), None when it has none."""
    if not props:
        return None
    tuv = props.get("tuv")
    if len(props) == 1 and type(tuv) is dict and len(tuv) == 2:
        # The language codes of the two variants, as the file wrote them, and nothing else.
        (one, one_info), (two, two_info) = tuv.items()
        if type(one_info) is type(two_info) is dict and len(one_info) == len(two_info) == 1:
            langs = (one, one_info.get("lang"), two, two_info.get("lang"))
            if type(langs[1]) is str and type(langs[3]) is str:
                found = _LANG_JSON.get(langs)
                if found is None:
                    if len(_LANG_JSON) >= 256:
                        _LANG_JSON.clear()
                    found = _LANG_JSON[langs] = _JSON.encode(props)
                return found
    return _JSON.encode(props)


class Keyer:
    """Keys units: cleaned sides, key tokens as provisional ids (see :class:`KeyedBatch`)."""

    def __init__(self) -> None:
        # surface token -> provisional id; key token -> provisional id; id -> key token
        self.surface: dict[str, int] = {}
        self.ids: dict[str, int] = {}
        self.keys: list[str] = [""]
        self.fresh: list[str] = []

    def _id(self, token: str) -> int:
        key = token_key(token)
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = len(self.keys)
            self.keys.append(key)
            self.fresh.append(key)
        if len(self.surface) >= _SURFACE_MAX:
            self.surface.clear()
        self.surface[token] = found
        return found

    def side(self, markup: str) -> tuple[str, list[int]]:
        """One side's stored form as cleaned for the pair hash, and its key's token ids."""
        cleaned = clean(markup)
        text = clean(words_text(markup)) if "<" in markup or "&" in markup else cleaned
        tokens = tokens_of(text)
        try:  # every token met before: one C-level pass
            return cleaned, list(map(self.surface.__getitem__, tokens))
        except KeyError:
            return cleaned, [self.surface.get(t) or self._id(t) for t in tokens]

    def row(self, unit: TmUnit) -> tuple[MemoryRow, list[int], list[int]]:
        """A unit with its keys, and the token ids of each key."""
        vi_clean, vi_ids = self.side(unit.vi)
        en_clean, en_ids = self.side(unit.en)
        keys = self.keys.__getitem__
        vi_key, en_key = " ".join(map(keys, vi_ids)), " ".join(map(keys, en_ids))
        row = MemoryRow(
            key_hash(f"{vi_clean}\x00{en_clean}"),
            unit.vi,
            unit.en,
            vi_key,
            en_key,
            len(vi_ids),
            len(en_ids),
            key_hash(vi_key),
            key_hash(en_key),
            unit.locator,
            unit.source_lang,
            unit.context,
            unit.creator,
            unit.created_at,
            unit.changer,
            unit.changed_at,
            properties_json(unit.properties),
            unit.count,
        )
        return row, vi_ids, en_ids

    def batches(self, items: Iterable[TmUnit | Refusal]) -> Generator[KeyedBatch, None, None]:
        """The units of ``items`` keyed, BATCH at a time."""
        batch = self._batch()
        for item in items:
            if isinstance(item, Refusal):
                batch.refused.append(item)
            else:
                row, vi_ids, en_ids = self.row(item)
                batch.rows.append(row)
                batch.vi_tokens.extend(vi_ids)
                batch.en_tokens.extend(en_ids)
            if len(batch.rows) + len(batch.refused) >= BATCH:
                yield batch._replace(read=len(batch.rows) + len(batch.refused))
                batch = self._batch()
        if batch.rows or batch.refused:
            yield batch._replace(read=len(batch.rows) + len(batch.refused))

    def _batch(self) -> KeyedBatch:
        self.fresh = []
        return KeyedBatch(0, [], [], array("I"), array("I"), self.fresh)


# Surface tokens a keyer remembers before it starts again (their ids stay).
_SURFACE_MAX = 1 << 20


def memory_row(unit: TmUnit) -> MemoryRow:
    """A unit with its keys: what the store writes."""
    return Keyer().row(unit)[0]


def keyed_batches(items: Iterable[TmUnit | Refusal]) -> Generator[KeyedBatch, None, None]:
    """The units of ``items`` keyed, in batches."""
    return Keyer().batches(items)


def import_units(
    tb: Termbase,
    items: Iterable[TmUnit | Refusal],
    report: ImportReport,
    progress: Callable[[int], None] | None = None,
    fork: bool = False,
) -> ImportReport:
    """Store every unit of ``items`` (call inside ``tb.transaction()``); refusals are reported.

    ``fork``: read and key ``items`` in a forked process (the caller decides: it
    must be a platform with ``fork``). Notes the readers add to ``report.notes``
    there are copied back.
    """
    source_id = tb.add_tm_source(report.path, report.format)
    with tb.tm_writer() as writer:
        batches = _forked_batches(items, report) if fork else keyed_batches(items)
        try:
            for batch in batches:
                report.read += batch.read
                report.refused.extend(batch.refused)
                if batch.rows:
                    new, duplicates = writer.store(batch, source_id)
                    report.new += new
                    report.duplicates += duplicates
                    if progress is not None:
                        progress(len(batch.rows))
        finally:
            batches.close()  # a forked reader is stopped when the import fails
    return report


def _forked_batches(
    items: Iterable[TmUnit | Refusal], report: ImportReport
) -> Generator[KeyedBatch, None, None]:
    """:func:`keyed_batches` run in a forked process, received through a pipe."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(
        target=_key_into, args=(items, report.notes, sender, receiver), daemon=True
    )
    worker.start()
    sender.close()
    try:
        while True:
            try:
                data = receiver.recv_bytes()
            except EOFError:
                worker.join(5)
                raise TermbaseError(
                    f"the process reading {report.path} stopped (exit code {worker.exitcode})"
                ) from None
            kind, value, notes = pickle.loads(data)
            report.notes[:] = notes
            if kind == "batch":
                read, rows, *rest = value
                yield KeyedBatch(read, list(map(MemoryRow._make, rows)), *rest)
            elif kind == "error":
                raise value
            else:
                break
        worker.join()
    finally:
        receiver.close()
        if worker.is_alive():
            worker.terminate()
            worker.join()


def _key_into(
    items: Iterable[TmUnit | Refusal], notes: list[str], sender: Connection, receiver: Connection
) -> None:
    """The forked process: every keyed batch, then "done" (or the error that stopped it)."""
    # The pipe's other end, inherited: closed, so that a send fails once the importing
    # process is gone (killed) instead of waiting for ever.
    receiver.close()
    # Ctrl-C is the importing process's to handle: it stops this one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for batch in keyed_batches(items):
            # Rows as plain tuples: a named tuple pickles through a Python call per row.
            plain = (*batch[:1], [tuple(row) for row in batch.rows], *batch[2:])
            sender.send_bytes(pickle.dumps(("batch", plain, notes), pickle.HIGHEST_PROTOCOL))
        message: tuple[str, Any, list[str]] = ("done", None, notes)
    except Exception as exc:  # handed to the importing process as it is
        message = ("error", exc, notes)
    try:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    except Exception:  # an error that does not pickle: its text
        data = pickle.dumps(("error", TermbaseError(str(message[1])), notes))
    with contextlib.suppress(OSError):  # the importing process is gone (killed): nobody to tell
        sender.send_bytes(data)
    sender.close()
