"""``termbase history`` and ``termbase undo``: who changed what, and taking it back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from conftest import Run, db_connect, seeded_termbase, term_statuses
from termbase.normalize import exact_key, fold_key, tone_key
from termbase.store import open_db
from termbase.store.migrations import MIGRATIONS

SEED = """id,vi,en,status,source,confidence,domain,definition,note,alternatives
,Thứ trưởng Ngoại giao,Deputy Foreign Minister,suggested,glossary,0.95,diplomacy,,,
,họp báo,press conference,suggested,dictionary,0.8,,,,
"""


@pytest.fixture
def termbase(run: Run, db_path: Path, tmp_path: Path) -> Path:
    return seeded_termbase(run, db_path, tmp_path, SEED)


statuses = term_statuses


def table(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    with db_connect(db_path) as conn:
        return conn.execute(sql).fetchall()


# -- history ------------------------------------------------------------------


def test_history_shows_who_what_and_which_command(
    run: Run, termbase: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERMBASE_USER", "lan")
    run("approve", "Thứ trưởng Ngoại giao", "Deputy Foreign Minister")
    lines = run("history", "THỨ TRƯỞNG NGOẠI GIAO").output.splitlines()
    assert lines[0].split() == [
        "set",
        "when",
        "(UTC)",
        "who",
        "command",
        "concept",
        "term",
        "change",
    ]
    assert lines[2].split()[3:] == [
        "lan", "approve", "1", "en:Deputy", "Foreign", "Minister", "status:", "suggested", "→",
        "approved",
    ]  # fmt: skip
    assert lines[3].split()[-8:] == [
        "vi:Thứ", "trưởng", "Ngoại", "giao", "status:", "candidate", "→", "approved",
    ]  # fmt: skip
    assert all("press conference" not in line for line in lines)  # concept 2's history
    assert "tester  import" in lines[-1]


def test_history_json_concept_and_limit(run: Run, termbase: Path) -> None:
    run("reject", "press conference")
    entries = json.loads(run("history", "--concept", "2", "--limit", "1", "--json").output)
    assert len(entries) == 1
    entry = entries[0]
    assert {k: entry[k] for k in ("changed_by", "command", "concept_id", "term", "field")} == {
        "changed_by": "tester",
        "command": "reject",
        "concept_id": 2,
        "term": "en:press conference",
        "field": "status",
    }
    assert (entry["old"], entry["new"]) == ("suggested", "rejected")
    assert isinstance(entry["change_set"], int)


def test_history_errors(run: Run, termbase: Path) -> None:
    missing = run("history", "hội đàm", ok=False)
    assert (missing.exit_code, missing.stderr) == (
        1,
        "Error: no term 'hội đàm' in the termbase; see 'termbase lookup hội đàm'\n",
    )
    assert run("history", "--concept", "9", ok=False).stderr == "Error: no concept with id 9\n"
    both = run("history", "họp báo", "--concept", "2", ok=False)
    assert both.exit_code == 2


# -- change sets --------------------------------------------------------------


def test_each_command_is_one_change_set(run: Run, termbase: Path) -> None:
    run("approve", "--lang", "en")  # four terms in two concepts: one set
    run("reject", "press conference")
    sets = table(
        termbase,
        "SELECT command, COUNT(DISTINCT change_set), COUNT(*) FROM history"
        " WHERE command IN ('approve', 'reject') GROUP BY command ORDER BY command",
    )
    assert sets == [("approve", 1, 4), ("reject", 1, 1)]
    assert table(termbase, "SELECT COUNT(*) FROM history WHERE change_set IS NULL") == [(0,)]


def test_migration_groups_the_history_already_there(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for fn in MIGRATIONS:
        if fn.__name__ == "m006_change_sets":
            break
        fn(db)
        db.execute("INSERT INTO _migrations VALUES (?, '2024-01-01T00:00:00+00:00')", [fn.__name__])
    db.execute("INSERT INTO concepts (id, created_at, updated_at) VALUES (1, '2024', '2024')")
    db.execute(
        "INSERT INTO terms (id, concept_id, lang, text, exact_key, tone_key, fold_key, status,"
        " created_at, updated_at)"
        " VALUES (1, 1, 'en', 'peace', ?, ?, ?, 'approved', '2024', '2024')",
        [exact_key("peace"), tone_key("peace"), fold_key("peace")],
    )
    history = [
        (1, None, "concept", None, "created", "2024-01-01T10:00:00", "an", "add"),
        (1, 1, "term", None, "en:peace (suggested)", "2024-01-01T10:00:00", "an", "add"),
        (1, 1, "status", "suggested", "approved", "2024-01-01T10:00:00", "an", "approve"),
        (1, 1, "note", None, "x", "2024-01-02T10:00:00", "an", "add"),
    ]
    db.conn.executemany(
        "INSERT INTO history (concept_id, term_id, field, old_value, new_value, changed_at,"
        " changed_by, command) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        history,
    )
    db.conn.commit()
    db.close()
    open_db(path).close()
    assert table(path, "SELECT id, change_set FROM history ORDER BY id") == [
        (1, 1),
        (2, 1),
        (3, 3),
        (4, 4),
    ]


# -- undo ---------------------------------------------------------------------


def test_undo_reverts_the_pair_and_undo_again_redoes(run: Run, termbase: Path) -> None:
    before = statuses(termbase)
    run("approve", "Thứ trưởng Ngoại giao", "Deputy Foreign Minister")
    approved = statuses(termbase)
    result = run("undo")
    assert result.output.splitlines()[0].startswith("Undid change set ")
    assert "(approve by tester at " in result.output
    assert "en:Deputy Foreign Minister  status: approved → suggested" in result.output
    assert "vi:Thứ trưởng Ngoại giao    status: approved → candidate" in result.output
    assert statuses(termbase) == before
    assert table(termbase, "SELECT COUNT(*) FROM history WHERE command = 'undo'") == [(2,)]
    run("undo")
    assert statuses(termbase) == approved


def test_undo_n_and_dry_run(run: Run, termbase: Path) -> None:
    before = statuses(termbase)
    run("reject", "press conference")
    run("approve", "Deputy Foreign Minister")
    after = statuses(termbase)
    dry = run("undo", "2", "--dry-run")
    assert dry.output.count("Would undo change set") == 2
    assert dry.output.endswith("Nothing changed (--dry-run).\n")
    assert statuses(termbase) == after
    run("undo", "2")
    assert statuses(termbase) == before


def test_undo_of_add_removes_and_its_undo_puts_back(run: Run, termbase: Path) -> None:
    run("add", "hội đàm", "talks")
    terms = table(termbase, "SELECT id, concept_id, text, status FROM terms ORDER BY id")
    result = run("undo")
    assert "remove the term it added" in result.output
    assert "remove the concept it added" in result.output
    assert table(termbase, "SELECT COUNT(*) FROM concepts WHERE id = 3") == [(0,)]
    run("undo")
    assert table(termbase, "SELECT id, concept_id, text, status FROM terms ORDER BY id") == terms
    assert run("lookup", "hoi dam").output.startswith("1 concept found")


def test_undo_refuses_to_clobber_a_later_change(run: Run, termbase: Path, tmp_path: Path) -> None:
    run("approve", "press conference")
    reviewed = tmp_path / "reviewed.csv"
    reviewed.write_text("id,vi,en,status\n2,họp báo,press conference,rejected\n", encoding="utf-8")
    run("import", str(reviewed), "--overwrite")
    assert statuses(termbase)["press conference"] == "rejected"
    history_before = table(termbase, "SELECT COUNT(*) FROM history")
    result = run("undo", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot undo change set ")
    assert "(approve by tester at " in result.stderr
    assert "was changed afterwards by import" in result.stderr
    assert result.stderr.endswith("; undo that first, or decide again; nothing was undone\n")
    assert statuses(termbase)["press conference"] == "rejected"
    assert table(termbase, "SELECT COUNT(*) FROM history") == history_before


def test_undo_skips_commands_it_cannot_revert(run: Run, termbase: Path, tmp_path: Path) -> None:
    run("reject", "press conference")
    more = tmp_path / "more.csv"
    more.write_text("id,vi,en,status\n,hội đàm,talks,suggested\n", encoding="utf-8")
    run("import", str(more))
    result = run("undo")
    assert "(reject by tester at " in result.output
    assert statuses(termbase)["press conference"] == "suggested"
    assert statuses(termbase)["talks"] == "suggested"


def test_undo_with_nothing_to_undo(run: Run, termbase: Path) -> None:
    result = run("undo", ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: nothing to undo: the history has no change made by"
        " add, approve, reject, forbid, review, undo\n"
    )
    run("reject", "press conference")
    too_many = run("undo", "3", ok=False)
    assert too_many.stderr == "Error: only 1 change set(s) can be undone; give N up to 1\n"
    assert statuses(termbase)["press conference"] == "rejected"
