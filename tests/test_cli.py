import json
from pathlib import Path

import pytest

from conftest import Run, db_connect


def count(db: Path, sql: str) -> int:
    with db_connect(db) as conn:
        return int(conn.execute(sql).fetchone()[0])


@pytest.fixture
def filled(run: Run, db_path: Path) -> Path:
    run(
        "add",
        "ổn định chiến lược",
        "strategic stability",
        "--domain",
        "security policy",
        "--db",
        str(db_path),
    )
    run("add", "hòa bình", "peace", "--db", str(db_path))
    run("add", "Thủy quân lục chiến", "Marine Corps", "--db", str(db_path))
    run("add", "đàm phán", "negotiation", "--status", "suggested", "--db", str(db_path))
    return db_path


def test_add_creates_the_database_and_does_not_duplicate(run: Run, db_path: Path) -> None:
    first = run("add", "vũ khí hạt nhân", "nuclear weapon", "--db", str(db_path))
    assert first.output == "Added concept 1: vũ khí hạt nhân = nuclear weapon\n"
    second = run("add", "vũ khí hạt nhân", "nuclear weapon", "--db", str(db_path))
    assert "Already in the termbase: nothing changed (concept 1:" in second.output
    assert count(db_path, "SELECT COUNT(*) FROM concepts") == 1
    assert count(db_path, "SELECT COUNT(*) FROM terms") == 2


def test_termbase_db_env_is_the_default(run: Run, db_path: Path) -> None:
    run("add", "an ninh", "security")  # TERMBASE_DB points at db_path (conftest)
    assert count(db_path, "SELECT COUNT(*) FROM terms WHERE text = 'an ninh'") == 1


@pytest.mark.parametrize(
    ("query", "tier", "expected"),
    [
        ("ổn định chiến lược", "exact", "strategic stability"),
        ("Ổn Định Chiến Lược", "exact", "strategic stability"),
        ("hoà bình", "tone-insensitive", "peace"),
        ("thuỷ quân lục chiến", "tone-insensitive", "Marine Corps"),
        ("on dinh chien luoc", "diacritic-insensitive", "strategic stability"),
        ("dam phan", "diacritic-insensitive", "negotiation"),
        ("Strategic Stability", "exact", "strategic stability"),
        ("strategic", "prefix", "strategic stability"),
        ("chien luoc", "contains", "strategic stability"),
        ("on dinh chien loc", "fuzzy", "strategic stability"),
        ("strategic stabilty", "fuzzy", "strategic stability"),
    ],
)
def test_lookup_tiers(run: Run, filled: Path, query: str, tier: str, expected: str) -> None:
    result = run("lookup", query, "--db", str(filled), "--json")
    data = json.loads(result.output)
    assert data["tier"] == tier
    en = [t["text"] for t in data["concepts"][0]["terms"] if t["lang"] == "en"]
    assert en == [expected]


@pytest.mark.parametrize(
    ("query", "tier"),
    [("tỉ lệ thất nghiệp", "tone-insensitive"), ("ti le that nghiep", "diacritic-insensitive")],
)
def test_lookup_finds_the_other_spelling_of_i_y(
    run: Run, db_path: Path, query: str, tier: str
) -> None:
    run("add", "tỷ lệ thất nghiệp", "unemployment rate", "--db", str(db_path))
    data = json.loads(run("lookup", query, "--db", str(db_path), "--json").output)
    assert data["tier"] == tier
    assert [t["text"] for t in data["concepts"][0]["terms"] if t["lang"] == "en"] == [
        "unemployment rate"
    ]


def test_lookup_lang_filter(run: Run, filled: Path) -> None:
    run("lookup", "peace", "--lang", "vi", "--db", str(filled), ok=False)
    assert json.loads(run("lookup", "peace", "--lang", "en", "--json").output)["tier"] == "exact"


def test_lookup_text_output_names_the_tier(run: Run, filled: Path) -> None:
    result = run("lookup", "on dinh chien luoc", "--db", str(filled))
    assert result.output.startswith(
        "1 concept found by diacritic-insensitive match for 'on dinh chien luoc'"
    )
    assert "en  strategic stability  [approved]" in result.output
    assert "domain: security policy" in result.output


def test_lookup_nothing_found_exits_1(run: Run, filled: Path) -> None:
    result = run("lookup", "qqqqzzzz", "--db", str(filled), ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no term matches 'qqqqzzzz', not even loosely; try fewer words or another spelling\n"
    )


def test_lookup_without_database_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    result = run("lookup", "x", "--db", str(missing), ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no termbase at {missing}; create one with 'termbase init' or pass --db PATH\n"
    )
    assert not missing.exists()


def test_list_and_status_filter(run: Run, filled: Path) -> None:
    data = json.loads(run("list", "--json", "--db", str(filled)).output)
    assert len(data["concepts"]) == 4
    assert set(data["concepts"][0]) >= {
        "id",
        "domain",
        "definition",
        "note",
        "score",
        "frequency",
        "terms",
    }
    assert set(data["concepts"][0]["terms"][0]) >= {
        "lang",
        "text",
        "type",
        "status",
        "source",
        "confidence",
        "pos",
        "note",
    }
    suggested = json.loads(run("list", "--status", "suggested", "--json").output)
    assert [c["terms"][0]["text"] for c in suggested["concepts"]] == ["đàm phán"]
    table = run("list", "--limit", "2").output.splitlines()
    assert table[0].split() == ["id", "vi", "en", "status", "source", "score"]
    assert len(table) == 4


def test_stats(run: Run, filled: Path) -> None:
    data = json.loads(run("stats", "--json").output)
    assert data["concepts"] == 4
    assert data["terms_by_language_and_status"]["en"] == {"approved": 3, "suggested": 1}


def test_init_loads_glossary_folder(run: Run, tmp_path: Path, db_path: Path) -> None:
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "README.md").write_text("not a glossary file")
    (glossary / "domain.json").write_text(
        json.dumps(
            {
                "concepts": [
                    {
                        "id": 7,
                        "domain": "arms control",
                        "terms": [
                            {"lang": "vi", "text": "Hiệp ước Bầu trời mở", "status": "candidate"},
                            {"lang": "en", "text": "Treaty on Open Skies", "status": "candidate"},
                        ],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    result = run("init", "--glossary", str(glossary), "--db", str(db_path))
    assert "glossary domain.json: 1 new" in result.output
    assert count(db_path, "SELECT COUNT(*) FROM terms WHERE status = 'approved'") == 2
    assert count(db_path, "SELECT COUNT(*) FROM terms WHERE source = 'glossary'") == 2
    empty = tmp_path / "empty.db"
    run("init", "--no-glossary", "--glossary", str(glossary), "--db", str(empty))
    assert count(empty, "SELECT COUNT(*) FROM concepts") == 0


def test_bad_status_is_a_usage_error(run: Run, db_path: Path) -> None:
    result = run("add", "a", "b", "--status", "great", ok=False)
    assert result.exit_code == 2
    assert "Invalid value for '--status'" in result.stderr


def test_db_option_before_or_after_the_command(run: Run, tmp_path: Path) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    run("--db", str(first), "add", "an ninh", "security")
    run("add", "quốc phòng", "defence", "--db", str(second))
    run("--db", str(first), "add", "phòng thủ", "defence", "--db", str(second))
    assert count(first, "SELECT COUNT(*) FROM concepts") == 1
    assert count(second, "SELECT COUNT(*) FROM concepts") == 2
    found = json.loads(run("--db", str(first), "lookup", "an ninh", "--json").output)
    assert found["tier"] == "exact"
