"""export and import through the CLI, against real SQLite files."""

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Run, db_connect
from termbase.formats import get_format, registry
from termbase.formats._cat import CAT_CAPABLE
from termbase.models import Concept, Occurrence, Term
from termbase.store import open_db

FORMATS = sorted(registry())


def digest(path: Path) -> str:
    """A hash of the database's content (the WAL included), not of the file's bytes."""
    with db_connect(path) as conn:
        dump = "\n".join(conn.iterdump())
    return hashlib.sha256(dump.encode()).hexdigest()


@pytest.fixture
def rich(db_path: Path) -> Path:
    """A termbase with every status, variants, occurrences and a shared vi term."""
    tb = open_db(db_path)
    with tb.transaction():
        tb.create_concept(
            Concept(
                domain="arms control",
                definition="Hiệp ước về các chuyến bay quan sát không vũ trang",
                score=42.5,
                frequency=3,
                terms=(
                    Term(
                        "vi",
                        "Hiệp ước Bầu trời mở",
                        status="candidate",
                        source="mined",
                        occurrences=(
                            Occurrence("seeds/000.txt", 7, 12, "Mỹ rút khỏi Hiệp ước Bầu trời mở."),
                        ),
                    ),
                    Term(
                        "en",
                        "Treaty on Open Skies",
                        status="suggested",
                        source="parenthetical",
                        confidence=0.9,
                    ),
                    Term(
                        "en",
                        "Open Skies Treaty",
                        status="suggested",
                        source="glossary",
                        confidence=0.8,
                    ),
                ),
            )
        )
        tb.create_concept(
            Concept(
                domain="United States",
                terms=(
                    Term("vi", "Thứ trưởng Ngoại giao", status="approved"),
                    Term("en", "Deputy Secretary of State", status="approved", pos="noun"),
                ),
            )
        )
        tb.create_concept(
            Concept(
                domain="Russia",
                note="for Russia and Viet Nam",
                terms=(
                    Term("vi", "Thứ trưởng Ngoại giao", status="approved"),
                    Term("en", "Deputy Foreign Minister", status="approved"),
                ),
            )
        )
        tb.create_concept(
            Concept(
                terms=(
                    Term("vi", "hòa bình", status="approved"),
                    Term("en", "peace", status="approved"),
                    Term("en", "peacefulness", status="rejected"),
                )
            )
        )
        tb.create_concept(
            Concept(
                terms=(
                    Term("vi", "Đối thoại ổn định chiến lược", status="candidate"),
                    Term("en", "=SUM(A1)", status="forbidden"),
                )
            )
        )
    tb.close()
    return db_path


@pytest.mark.parametrize("name", FORMATS)
def test_export_import_export_is_identical(run: Run, rich: Path, tmp_path: Path, name: str) -> None:
    first = tmp_path / f"first.{name}"
    second = tmp_path / f"second.{name}"
    # The round trip is what the full profile is for (CAT formats default to cat).
    full = ("--profile", "full")
    run("export", "--format", name, "-o", str(first), "--db", str(rich), *full)
    if getattr(get_format(name), "notes_for_people", False):
        # PO's notes for the reviewer (alternatives, contexts) are not read back:
        # the file a termbase made from one is the one that must come back.
        once = tmp_path / "once.db"
        run("import", str(first), "--format", name, "--db", str(once))
        run("export", "--format", name, "-o", str(first), "--db", str(once), *full)
    fresh = tmp_path / "fresh.db"
    run("import", str(first), "--format", name, "--db", str(fresh))
    run("export", "--format", name, "-o", str(second), "--db", str(fresh), *full)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("name", FORMATS)
def test_import_detects_format_from_content(
    run: Run, rich: Path, tmp_path: Path, name: str
) -> None:
    exported = tmp_path / f"export.{name}"
    # The full profile: a translators' view (the CAT formats' default) is refused on import.
    profile = ["--profile", "full"] if name in CAT_CAPABLE else []
    run("export", "--format", name, *profile, "-o", str(exported), "--db", str(rich))
    disguised = tmp_path / "glossary.dat"
    shutil.copy(exported, disguised)
    result = run("import", str(disguised), "--db", str(tmp_path / "other.db"))
    assert f"({name})" in result.output


def test_export_to_stdout_and_status_filter(run: Run, rich: Path) -> None:
    data = json.loads(run("export", "--format", "json", "--status", "rejected").output)
    texts = [t["text"] for c in data["concepts"] for t in c["terms"]]
    assert "peacefulness" in texts and "Treaty on Open Skies" not in texts


def test_export_needs_a_format_for_stdout(run: Run, rich: Path) -> None:
    result = run("export", ok=False)
    assert result.exit_code == 2
    assert "name a format with --format" in result.stderr


def test_export_format_from_extension(run: Run, rich: Path, tmp_path: Path) -> None:
    out = tmp_path / "terms.po"
    run("export", "-o", str(out))
    assert 'msgid "Hiệp ước Bầu trời mở"' in out.read_text(encoding="utf-8")


def test_po_review_flow_through_the_cli(run: Run, rich: Path, tmp_path: Path) -> None:
    po = tmp_path / "terms.po"
    run("export", "--format", "po", "-o", str(po))
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy" in text
    # The reviewer fixes the Open Skies entry and removes its fuzzy flag.
    reviewed = text.replace('msgstr "Treaty on Open Skies"', 'msgstr "Open Skies Treaty (OST)"')
    head, _, tail = reviewed.partition('msgid "Hiệp ước Bầu trời mở"')
    head = head[: head.rfind("#, fuzzy")] + head[head.rfind("#, fuzzy") + len("#, fuzzy\n") :]
    po.write_text(head + 'msgid "Hiệp ước Bầu trời mở"' + tail, encoding="utf-8")
    result = run("import", str(po))
    assert "1 updated" in result.output
    data = json.loads(run("lookup", "Hiệp ước Bầu trời mở", "--json").output)
    en = {t["text"]: t["status"] for t in data["concepts"][0]["terms"] if t["lang"] == "en"}
    assert en["Open Skies Treaty (OST)"] == "approved"
    # The suggestion the reviewer replaced stays, rejected: never suggested again.
    assert en["Treaty on Open Skies"] == "rejected"
    before = digest(rich)
    again = run("import", str(po))
    assert "0 new, 0 updated" in again.output
    assert digest(rich) == before


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_exported_po_passes_msgfmt(run: Run, rich: Path, tmp_path: Path) -> None:
    po = tmp_path / "terms.po"
    run("export", "--format", "po", "-o", str(po))
    check = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr


BAD_INPUTS = {
    "malformed.tbx": (
        b'<?xml version="1.0"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2">\n<text><body>\n'
        b"<conceptEntry id='c1'>\n</text>\n",
        "malformed.tbx:5:",
    ),
    "bomb.tbx": (
        b'<?xml version="1.0"?>\n<!DOCTYPE tbx [\n<!ENTITY a "aaaaaaaaaa">\n'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<tbx>&b;</tbx>\n',
        "declares XML entities",
    ),
    "external.tbx": (
        b'<?xml version="1.0"?>\n<!DOCTYPE tbx [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n'
        b"<tbx>&x;</tbx>\n",
        "declares XML entities",
    ),
    "unterminated.po": (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'msgid "h\xc3\xb2a b\xc3\xacnh\nmsgstr "peace"\n',
        "unterminated.po:5",
    ),
    "latin1.csv": (b"id,vi,en\n1,h\xf2a b\xecnh,peace\n", "not valid UTF-8"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_files_are_one_line_errors_and_leave_the_db_alone(
    run: Run, rich: Path, tmp_path: Path, name: str
) -> None:
    data, expected = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = digest(rich)
    result = run("import", str(path), ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output + result.stderr
    assert digest(rich) == before


def test_missing_file_directory_and_unknown_format(run: Run, rich: Path, tmp_path: Path) -> None:
    missing = run("import", str(tmp_path / "nope.tbx"), ok=False)
    assert missing.exit_code == 1
    assert missing.stderr == f"Error: {tmp_path / 'nope.tbx'}: no such file; check the path\n"
    folder = run("import", str(tmp_path), ok=False)
    assert folder.exit_code == 1
    assert "is a directory" in folder.stderr
    unknown = tmp_path / "notes.bin"
    unknown.write_bytes(b"\x00\x01 nothing termbase knows\n")
    guess = run("import", str(unknown), ok=False)
    assert guess.exit_code == 1
    assert "cannot tell the file's format" in guess.stderr
    bad_name = run("import", str(unknown), "--format", "xliff", ok=False)
    assert bad_name.exit_code == 1
    assert "unknown format 'xliff'" in bad_name.stderr


def test_failed_import_midway_leaves_db_unchanged(run: Run, rich: Path, tmp_path: Path) -> None:
    """A file whose 2nd concept breaks the import rolls back the 1st as well."""
    doc = {
        "concepts": [
            {
                "id": None,
                "terms": [{"lang": "vi", "text": "an ninh quốc tế", "status": "approved"}],
            },
            {"id": None, "terms": [{"lang": "vi", "text": "   ", "status": "approved"}]},
        ]
    }
    path = tmp_path / "half.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = digest(rich)
    result = run("import", str(path), ok=False)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert digest(rich) == before


@pytest.mark.parametrize("name", FORMATS)
def test_importing_an_untouched_export_changes_nothing(
    run: Run, rich: Path, tmp_path: Path, name: str
) -> None:
    """Occurrences the file carries with less detail (PO: no column) are not duplicated."""
    exported = tmp_path / f"untouched.{name}"
    run("export", "--format", name, "-o", str(exported), "--profile", "full")
    before = digest(rich)
    result = run("import", str(exported))
    assert " 0 new, 0 updated," in result.output
    assert digest(rich) == before


@pytest.mark.parametrize("name", ["csv", "tsv", "po", "json"])
def test_bom_export_for_excel_reads_back(run: Run, rich: Path, tmp_path: Path, name: str) -> None:
    plain, marked = tmp_path / f"plain.{name}", tmp_path / f"marked.{name}"
    run("export", "--format", name, "-o", str(plain))
    run("export", "--format", name, "--bom", "-o", str(marked))
    assert marked.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    result = run("import", str(marked), "--db", str(tmp_path / "fresh.db"))
    assert f"({name})" in result.output
    again = tmp_path / f"again.{name}"
    run("export", "--format", name, "-o", str(again), "--db", str(tmp_path / "fresh.db"))
    if getattr(get_format(name), "notes_for_people", False):
        # The notes are not read back: a second round gives the same bytes.
        run("import", str(again), "--db", str(tmp_path / "second.db"))
        plain = again
        again = tmp_path / f"third.{name}"
        run("export", "--format", name, "-o", str(again), "--db", str(tmp_path / "second.db"))
    assert again.read_bytes() == plain.read_bytes()
