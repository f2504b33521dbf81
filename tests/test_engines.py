"""The same termbase on SQLite and on PostgreSQL: same answers, lossless copies, safe SQL.

Every test here that takes ``run`` or ``db_path`` runs on both engines (see
conftest); the ones that compare the engines need the test server and skip,
saying why, where it cannot start.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pgserver
from conftest import Run

HOSTILE = [
    "'; DROP TABLE terms; --",
    'Robert"); DELETE FROM concepts; --',
    "100% sure ? $1 %s %(x)s \\ back\\slash",
    "a\x00b (NUL)",
    "dài " * 2500 + "cuối",
]

SEED = """vi,en,domain,status
Hiệp ước Bầu trời mở,Treaty on Open Skies,arms control,approved
ổn định chiến lược,strategic stability,arms control,
Bộ Ngoại giao,Ministry of Foreign Affairs,diplomacy,suggested
thủy quân lục chiến,marines,military,
"""

TEXT = (
    "Nga rút khỏi Hiệp ước Bầu trời mở vào năm 2021. Hiệp ước Bầu trời mở cho phép các bay"
    " quan sát. Ổn định chiến lược là mục tiêu của các cuộc đàm phán về ổn định chiến lược.\n"
    "Bộ Ngoại giao Nga cho biết các cuộc đàm phán về ổn định chiến lược sẽ tiếp tục.\n"
)

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence"
 adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>
<tu tuid="1"><tuv xml:lang="en">
<seg>Open the <bpt i="1">&lt;b&gt;</bpt>file<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
<tuv xml:lang="vi"><seg>Mở <bpt i="1">&lt;b&gt;</bpt>tệp<ept i="1">&lt;/b&gt;</ept>.</seg>
</tuv></tu>
<tu tuid="2"><tuv xml:lang="en"><seg>Save the file as 2 copies.</seg></tuv>
<tuv xml:lang="vi"><seg>Lưu tệp thành 2 bản sao.</seg></tuv></tu>
<tu tuid="3"><tuv xml:lang="en"><seg>Strategic stability talks resume.</seg></tuv>
<tuv xml:lang="vi"><seg>Đàm phán ổn định chiến lược được nối lại.</seg></tuv></tu>
</body></tmx>
"""


def test_hostile_text_is_stored_as_typed_and_harms_nothing(run: Run) -> None:
    run("init", "--no-glossary")
    for i, text in enumerate(HOSTILE):
        run("add", text, f"english {i} '; DROP TABLE history; --", "--domain", "x'); --")
    exported = json.loads(run("export", "--format", "json", "-o", "-").stdout)
    stored = sorted(
        t["text"] for c in exported["concepts"] for t in c["terms"] if t["lang"] == "vi"
    )
    expected = sorted(" ".join(t.replace("\x00", "").split()) for t in HOSTILE)
    assert stored == expected
    found = json.loads(run("lookup", "DROP TABLE terms", "--json").stdout)["concepts"]
    assert [t["text"] for c in found for t in c["terms"] if t["lang"] == "vi"] == [HOSTILE[0]]
    assert "  concepts     5\n" in run("stats").stdout
    run("tm", "import", "--vi", _lines("vi.txt", HOSTILE), "--en", _lines("en.txt", HOSTILE))
    hits = json.loads(run("tm", "concordance", "DROP TABLE", "--json").stdout)
    assert len(hits) == 1


def _lines(name: str, texts: list[str]) -> str:
    Path(name).write_text("".join(t.replace("\x00", "") + "\n" for t in texts), encoding="utf-8")
    return name


def _workflow(run: Run, db: str, folder: Path) -> dict[str, str]:
    """The same commands on one termbase; what each printed, and the exports."""
    (folder / "seed.csv").write_text(SEED, encoding="utf-8")
    (folder / "news.txt").write_text(TEXT, encoding="utf-8")
    (folder / "tm.tmx").write_text(TMX, encoding="utf-8")
    out: dict[str, str] = {}

    def step(name: str, *args: str) -> None:
        out[name] = run("--db", db, *args).stdout

    step("init", "init", "--no-glossary")
    step("import", "import", str(folder / "seed.csv"))
    step("mine", "mine", str(folder / "news.txt"), "--no-suggest", "--limit", "10")
    step("approve", "approve", "ổn định chiến lược", "strategic stability")
    step("reject", "reject", "Bộ Ngoại giao", "Ministry of Foreign Affairs")
    step("undo", "undo")
    step("tm", "tm", "import", str(folder / "tm.tmx"))
    for query in (
        "hiep uoc bau troi mo",
        "thuỷ quân lục chiến",
        "chien luoc",
        "strategic stabilty",
    ):
        step(f"lookup {query}", "lookup", query, "--json", "--lang", "any")
    step("tm search", "tm", "search", "Lưu tệp thành 3 bản sao", "--json")
    step("concordance", "tm", "concordance", "on dinh", "--json")
    step("list", "list", "--json")
    step("json", "export", "--format", "json", "-o", "-")
    step("tbx", "export", "--format", "tbx", "-o", "-")
    step("po", "export", "--format", "po", "-o", "-")
    step("tmx", "tm", "export", "--format", "tmx", "-o", "-")
    return out


def _server(pg: pgserver.Server | str) -> pgserver.Server:
    if isinstance(pg, str):
        pytest.skip(f"PostgreSQL leg: {pg}")
    return pg


@pytest.mark.postgresql_only
def test_the_same_commands_give_the_same_output_on_both_engines(
    run: Run, db_path: str, tmp_path: Path
) -> None:
    on_sqlite = _workflow(run, str(tmp_path / "file.db"), tmp_path)
    on_server = _workflow(run, db_path, tmp_path)
    assert on_server.keys() == on_sqlite.keys()
    for name, printed in on_sqlite.items():
        # Only the file's name differs where a command names its termbase.
        assert on_server[name].replace(db_path, "DB") == printed.replace(
            str(tmp_path / "file.db"), "DB"
        ), name
    assert json.loads(on_server["json"])["concepts"]
    assert json.loads(on_server["tm search"])


def test_copy_round_trip_is_lossless(run: Run, db_path: str | Path, tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    printed = _workflow(run, str(source), tmp_path)
    run("copy", str(source), str(db_path))
    back = tmp_path / "back.db"
    run("copy", str(db_path), str(back))
    for target in (str(db_path), str(back)):
        assert (
            run("--db", target, "export", "--format", "json", "-o", "-").stdout == (printed["json"])
        )
        assert (
            run("--db", target, "tm", "export", "--format", "tmx", "-o", "-").stdout
            == (printed["tmx"])
        )
        found = run("--db", target, "tm", "search", "Lưu tệp thành 3 bản sao", "--json").stdout
        assert found == printed["tm search"]
    history = run("--db", str(back), "history", "--limit", "50").stdout
    assert history == run("--db", str(source), "history", "--limit", "50").stdout


def test_copy_refuses_a_target_that_holds_a_termbase(run: Run, db_path: str | Path) -> None:
    run("--db", "a.db", "init", "--no-glossary")
    run("--db", "a.db", "add", "hòa bình", "peace")
    run("--db", str(db_path), "init", "--no-glossary")
    run("--db", str(db_path), "add", "chiến tranh", "war")
    result = run("copy", "a.db", str(db_path), ok=False)
    assert result.exit_code == 1
    assert "not empty (concepts: 1, history: 3, terms: 2)" in result.output
    assert "Copying" not in result.output  # refused before any progress
    assert (
        "chiến tranh" in run("--db", str(db_path), "export", "--format", "json", "-o", "-").stdout
    )


@pytest.mark.postgresql_only
def test_a_read_only_role_looks_up_and_is_told_it_cannot_write(
    run: Run, db_path: str, pg: pgserver.Server | str
) -> None:
    server = _server(pg)
    run("--db", db_path, "init", "--no-glossary")
    run("--db", db_path, "add", "hòa bình", "peace")
    dbname = db_path.split("/")[3].split("?")[0]
    server.sql("DO $$ BEGIN CREATE ROLE reader LOGIN; EXCEPTION WHEN duplicate_object THEN END $$")
    server.sql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader", dbname)
    reader = db_path.replace("postgres@", "reader@")
    assert "peace" in run("--db", reader, "lookup", "hoa binh").stdout
    assert "hòa bình" in run("--db", reader, "list").stdout
    assert "peace" in run("--db", reader, "show", "hòa bình").stdout
    assert "peace" in run("--db", reader, "export", "--format", "json", "-o", "-").stdout
    assert run("--db", reader, "tm", "search", "hòa bình", "--json").stdout.strip() == "[]"
    result = run("--db", reader, "add", "chiến tranh", "war", ok=False)
    assert result.exit_code == 1
    assert "may only read" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_password_in_the_url_is_never_printed(run: Run) -> None:
    url = "postgresql://alice:s3cr3t-pw@/nowhere?host=/nonexistent-socket-dir&port=1"
    result = run("--db", url, "lookup", "x", ok=False)
    assert result.exit_code == 1
    assert "s3cr3t-pw" not in result.output
    assert "alice:***@" in result.output
    assert "cannot connect to the PostgreSQL server" in result.output


@pytest.mark.postgresql_only
def test_a_database_of_another_program_is_refused_untouched(
    run: Run, db_path: str, pg: pgserver.Server | str
) -> None:
    server = _server(pg)
    dbname = db_path.split("/")[3].split("?")[0]
    server.sql("CREATE TABLE invoices (id integer)", dbname)
    result = run("--db", db_path, "init", "--no-glossary", ok=False)
    assert result.exit_code == 1
    assert "holds other tables (invoices)" in result.output
    names = server.sql(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", dbname
    )
    assert names == [("invoices",)]


@pytest.mark.postgresql_only
def test_backup_and_doctor_on_a_server_say_what_they_do(run: Run, db_path: str) -> None:
    run("--db", db_path, "init", "--no-glossary")
    backup = run("--db", db_path, "backup", "copy.db", ok=False)
    assert backup.exit_code == 1
    assert "backup works on an SQLite file" in backup.output
    assert "pg_dump" in backup.output
    assert not Path("copy.db").exists()
    doctor = run("--db", db_path, "doctor").stdout
    assert "ok (the memory's word index; the server keeps its tables and links whole)" in doctor
