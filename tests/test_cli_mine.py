"""``termbase mine`` and ``termbase show`` through the command line."""

import json
from pathlib import Path

from conftest import Run, db_connect, termbase_exists

PAGE = """Nga và Mỹ bàn về Hiệp ước các lực lượng hạt nhân tầm trung
Các nhà ngoại giao Nga và Mỹ đã thảo luận về Hiệp ước các lực lượng hạt nhân tầm trung \
(INF) cùng kiểm soát vũ khí hạt nhân trong cuộc họp kéo dài nhiều giờ.
Kiểm soát vũ khí hạt nhân vẫn là ưu tiên hàng đầu của hai nước, theo Thứ trưởng Ngoại giao Nga.
(Theo TTXVN)
Đọc thêm
Giá vàng hôm nay tăng mạnh trên thị trường tự do
"""


def test_mine_prints_a_ranked_table_and_stores_candidates(
    run: Run, tmp_path: Path, db_path: Path
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = run("mine", str(page), "--db", str(db_path), "--limit", "5")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Mined 1 document (")
    assert lines[2].split() == ["#", "term", "score", "freq", "docs", "english"]
    assert any(
        "Hiệp ước các lực lượng hạt nhân tầm trung" in line and "INF" in line for line in lines
    )
    assert "Giá vàng" not in result.stdout
    with db_connect(db_path) as conn:
        statuses = dict(conn.execute("SELECT status, COUNT(*) FROM terms GROUP BY status"))
        assert statuses["candidate"] > 3 and statuses["suggested"] > 1
        parenthetical = conn.execute(
            "SELECT text FROM terms WHERE source = 'parenthetical' AND status = 'suggested'"
        ).fetchall()
        assert parenthetical == [("INF",)]
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
        assert not conn.execute("SELECT 1 FROM terms WHERE text LIKE '%vàng%'").fetchall()
    again = run("mine", str(tmp_path), "--db", str(db_path), "--limit", "1")
    assert "1 unchanged since last mined, skipped" in again.stdout


def test_mine_json_and_stdin(run: Run, db_path: Path) -> None:
    result = run("mine", "-", "--db", str(db_path), "--json", "--limit", "3", stdin=PAGE)
    data = json.loads(result.stdout)
    assert len(data["concepts"]) == 3
    assert {"id", "score", "frequency", "terms"} <= set(data["concepts"][0])


def test_show_highlights_contexts(run: Run, tmp_path: Path, db_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    run("mine", str(page), "--db", str(db_path))
    result = run("show", "kiểm soát vũ khí hạt nhân", "--db", str(db_path))
    assert "occurrences in 1 documents" in result.stdout
    assert f"{page}:2:" in result.stdout
    result = run("show", "nothing like this", "--db", str(db_path), ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no term 'nothing like this' in the termbase")


def test_explain_boilerplate_says_what_and_why(run: Run, tmp_path: Path, db_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = run("mine", "--explain-boilerplate", str(page), "--db", str(db_path))
    assert "Giá vàng hôm nay" in result.stdout
    assert "after the article's end (source line '(Theo TTXVN)', line 4)" in result.stdout
    assert not termbase_exists(db_path)


def test_bad_input_is_named_or_skipped(run: Run, tmp_path: Path, db_path: Path) -> None:
    bad = tmp_path / "old.txt"
    bad.write_bytes(b"ki\xea\xf2m so\xe1t\n")
    result = run("mine", str(bad), "--db", str(db_path), ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}:1:3: bytes that are not valid UTF-8")
    good = tmp_path / "page.txt"
    good.write_text(PAGE, encoding="utf-8")
    result = run("mine", str(tmp_path), "--db", str(db_path), "--skip-bad")
    assert result.stderr.startswith(f"Warning: skipped {bad}:1:3:")
    assert "Mined 1 document" in result.stdout
    missing = run("mine", str(tmp_path / "nope.txt"), "--db", str(db_path), ok=False)
    assert missing.exit_code == 1 and "no such file or folder" in missing.stderr


TITLES = """# termbase glossary v1
Thứ trưởng Ngoại giao\tDeputy Secretary of State\tgovernment: United States\t
Thứ trưởng Ngoại giao\tDeputy Foreign Minister\tgovernment: Russia\t
kiểm soát vũ khí hạt nhân\tnuclear arms control\tarms control\t
"""


def test_mining_keeps_shared_glossary_terms_apart(run: Run, tmp_path: Path) -> None:
    """A term several glossary concepts share gets its own candidate; a unique one merges."""
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "titles.glossary.tsv").write_text(TITLES, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(PAGE * 2, encoding="utf-8")
    db = tmp_path / "tb.db"
    run("init", "--glossary", str(glossary), "--db", str(db))
    run("mine", str(page), "--db", str(db))
    run("mine", str(page), "--db", str(db))  # again: still no new concept
    with db_connect(db) as conn:
        holders = conn.execute(
            "SELECT c.id, c.score, group_concat(t.source) FROM concepts c"
            " JOIN terms t ON t.concept_id = c.id AND t.lang = 'vi'"
            " WHERE t.text = 'Thứ trưởng Ngoại giao' GROUP BY c.id ORDER BY c.id"
        ).fetchall()
        control = conn.execute(
            "SELECT c.score, COUNT(o.id) FROM concepts c JOIN terms t ON t.concept_id = c.id"
            " LEFT JOIN occurrences o ON o.term_id = t.id"
            " WHERE t.text = 'kiểm soát vũ khí hạt nhân' GROUP BY c.id"
        ).fetchall()
    assert [h[2] for h in holders] == ["glossary", "glossary", "mined"]
    assert holders[0][1] is None and holders[1][1] is None and holders[2][1] > 0
    # The unique glossary concept got the evidence and a score, once.
    assert len(control) == 1 and control[0][0] > 0 and control[0][1] >= 2


def test_mine_table_lists_a_concept_once_and_suggests(run: Run, tmp_path: Path) -> None:
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "g.glossary.tsv").write_text(
        "# termbase glossary v1\nHiệp ước các lực lượng hạt nhân tầm trung | Hiệp ước lực lượng"
        " hạt nhân tầm trung\tIntermediate-Range Nuclear Forces Treaty | INF Treaty\ttreaties\t\n",
        encoding="utf-8",
    )
    page = tmp_path / "page.txt"
    page.write_text(
        PAGE + "Hiệp ước lực lượng hạt nhân tầm trung đã hết hiệu lực.\n", encoding="utf-8"
    )
    db = tmp_path / "tb.db"
    run("init", "--glossary", str(glossary), "--db", str(db))
    data = json.loads(run("mine", str(page), "--db", str(db), "--json").output)
    ids = [c["id"] for c in data["concepts"]]
    assert len(ids) == len(set(ids))
    sources = {t["source"] for c in data["concepts"] for t in c["terms"] if t["lang"] == "en"}
    assert "glossary" in sources
    quiet = tmp_path / "quiet.db"
    run("init", "--no-glossary", "--db", str(quiet))
    run("mine", str(page), "--db", str(quiet), "--no-suggest")
    with db_connect(quiet) as conn:
        suggested = conn.execute(
            "SELECT COUNT(*) FROM terms WHERE lang = 'en' AND source != 'parenthetical'"
        ).fetchone()[0]
    assert suggested == 0


def test_a_context_from_a_glued_link_list_is_its_own_headline(
    run: Run, tmp_path: Path, db_path: Path
) -> None:
    # A "related news" strip whose headlines the page glued without spaces: the
    # context shown for a term there is the headline that holds it, not the strip.
    headlines = [
        "Hai nước thảo luận về kiểm soát vũ khí hạt nhân tại Geneva",
        "Nga thử tên lửa đạn đạo xuyên lục địa mới",
        "Mỹ và Nga bàn về Hiệp ước các lực lượng hạt nhân tầm trung",
    ]
    page = tmp_path / "page.txt"
    page.write_text(PAGE.split("(Theo")[0] + "".join(headlines) + "\n", encoding="utf-8")
    run("mine", str(page), "--db", str(db_path))
    with db_connect(db_path) as conn:
        contexts = dict(
            conn.execute(
                "SELECT t.text, o.context FROM occurrences o JOIN terms t ON t.id = o.term_id"
                " WHERE o.line = 4"
            ).fetchall()
        )
    assert contexts and set(contexts.values()) <= set(headlines)
