"""Glossaries as a translator sees them in a CAT tool: the ``cat`` export profile.

The last tests read our exports with OmegaT's own glossary readers (the Debian
package's jar, headless, through a small Java class compiled here with javac);
they skip, saying why, where OmegaT or a JDK is absent.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import tbx_validate
from conftest import Run
from termbase.models import Concept, Occurrence, Term
from termbase.store import open_db

CONTEXT = "Bộ trưởng Quốc phòng Nga Sergei Shoigu thăm Hà Nội hôm qua."
EVIDENCE = 'compositional: "quốc phòng" = defence + "bộ trưởng" = minister'


def _concepts() -> list[Concept]:
    seen = (Occurrence(document="a.txt", line=1, column=1, context=CONTEXT),)
    return [
        # Approved, two English terms, with a domain, a definition and a context.
        Concept(
            domain="government: Russia",
            definition="the member of the Russian government in charge of defence",
            note="usage: the Russian post",
            score=12.5,
            terms=(
                Term("vi", "Bộ trưởng Quốc phòng Nga", status="approved", occurrences=seen),
                Term("en", "Russian Defence Minister", status="approved", source="glossary"),
                Term("en", "Defense Minister of Russia", status="approved", source="glossary"),
                Term("en", "Minister of Defence", status="rejected", source="manual"),
            ),
        ),
        # A confident suggestion with evidence, and a weak one beside it.
        Concept(
            terms=(
                Term("vi", "kiểm soát vũ khí", status="candidate", source="mined"),
                Term(
                    "en",
                    "arms control",
                    status="suggested",
                    source="compositional",
                    confidence=0.8,
                    note=EVIDENCE,
                ),
                Term("en", "weapon check", status="suggested", source="dictionary", confidence=0.2),
            ),
        ),
        # A word-by-word guess only: never shown to a translator by default.
        Concept(
            terms=(
                Term("vi", "ký ban hành đạo luật", status="candidate", source="mined"),
                Term("en", "act issue sign", status="suggested", confidence=0.1),
            ),
        ),
        # A raw candidate English term.
        Concept(
            terms=(
                Term("vi", "đối thoại", status="candidate", source="mined"),
                Term("en", "dialogue", status="candidate", source="tm"),
            ),
        ),
        # A name English writes the same way, with no English term of its own.
        Concept(terms=(Term("vi", "Robert O’Brien", status="candidate", source="mined"),)),
        # A Vietnamese name without marks is no English: "Nga" is Russia.
        Concept(terms=(Term("vi", "Nga", status="candidate", source="mined"),)),
    ]


@pytest.fixture
def filled(db_path: Path, run: Run) -> Path:
    run("init", "--no-glossary")
    tb = open_db(db_path)
    with tb.transaction():
        for concept in _concepts():
            tb.create_concept(concept)
    tb.close()
    return db_path


def _export(run: Run, tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    run("export", "-o", str(out), *args)
    return out


def _omegat_lines(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if not line.startswith("#")]


def test_omegat_glossary_holds_what_a_translator_needs(
    filled: Path, run: Run, tmp_path: Path
) -> None:
    rows = _omegat_lines(_export(run, tmp_path, "g.utf8"))
    pairs = [(row[0], row[1]) for row in rows]
    assert pairs == [
        ("Bộ trưởng Quốc phòng Nga", "Russian Defence Minister"),
        ("Bộ trưởng Quốc phòng Nga", "Defense Minister of Russia"),
        ("kiểm soát vũ khí", "arms control"),
        ("Robert O’Brien", "Robert O’Brien"),
    ]
    first, second = rows[0][2], rows[1][2:]
    assert first == (
        "Domain: government: Russia — Definition: the member of the Russian government"
        f" in charge of defence — Context: {CONTEXT}"
    )
    # The concept's note once, not again with its second English term.
    assert second == []
    assert rows[2][2] == "Suggestion (compositional), not reviewed, confidence 0.80"
    text = "\t".join("\t".join(row) for row in rows)
    for internal in ('\\"', "status=", "confidence=0.8", "termbase-", "quốc phòng"):
        assert internal not in text


def test_evidence_only_when_asked(filled: Path, run: Run, tmp_path: Path) -> None:
    rows = _omegat_lines(_export(run, tmp_path, "g.utf8", "--evidence"))
    arms = next(row for row in rows if row[1] == "arms control")
    assert arms[2].endswith(f"Evidence: {EVIDENCE}")
    # Quotes stay as they are: OmegaT shows a field as it stands.
    assert '"quốc phòng"' in arms[2] and '\\"' not in arms[2]


def test_status_and_min_confidence_change_what_is_written(
    filled: Path, run: Run, tmp_path: Path
) -> None:
    low = _omegat_lines(_export(run, tmp_path, "a.utf8", "--min-confidence", "0"))
    assert {"weapon check", "act issue sign"} <= {row[1] for row in low}
    assert "dialogue" not in {row[1] for row in low}
    candidates = _omegat_lines(_export(run, tmp_path, "b.utf8", "--status", "candidate"))
    assert [(row[0], row[1]) for row in candidates] == [("đối thoại", "dialogue")]
    approved = _omegat_lines(_export(run, tmp_path, "c.utf8", "--status", "approved"))
    assert {row[1] for row in approved} == {
        "Russian Defence Minister",
        "Defense Minister of Russia",
    }


def test_full_profile_keeps_every_field(filled: Path, run: Run, tmp_path: Path) -> None:
    full = _export(run, tmp_path, "full.tbx", "-f", "tbx2", "--profile", "full")
    text = full.read_text(encoding="utf-8")
    for field in ("act issue sign", "termbase-score", "preferredTerm-admn-sts"):
        assert field in text
    assert tbx_validate.tbx2_errors(full.read_bytes()) == []


@pytest.mark.parametrize(("fmt", "validate"), [("tbx2", "tbx2_errors"), ("tbx", "tbx3_errors")])
def test_cat_tbx_is_one_pair_an_entry_without_codes_and_valid(
    filled: Path, run: Run, tmp_path: Path, fmt: str, validate: str
) -> None:
    path = _export(run, tmp_path, f"{fmt}.tbx", "-f", fmt, "--profile", "cat")
    data = path.read_bytes()
    assert getattr(tbx_validate, validate)(data) == []
    text = data.decode("utf-8")
    for code in ("termNote", "termbase-", "admn-sts", "descrip", "act issue sign", "dialogue"):
        assert code not in text
    assert text.count("Domain: government: Russia") == 1
    assert text.count("<term>Bộ trưởng Quốc phòng Nga</term>") == 2


def test_tbx2_exports_the_cat_profile_by_default(filled: Path, run: Run, tmp_path: Path) -> None:
    text = _export(run, tmp_path, "d.tbx", "-f", "tbx2").read_text(encoding="utf-8")
    assert "termbase-" not in text and "Robert O’Brien" in text


def test_csv_cat_profile_leaves_out_guesses_and_evidence(
    filled: Path, run: Run, tmp_path: Path
) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(run, tmp_path, "t.csv").read_text("utf-8"))))
    assert [(row["vi"], row["en"]) for row in rows] == [
        ("Bộ trưởng Quốc phòng Nga", "Russian Defence Minister"),
        ("kiểm soát vũ khí", "arms control"),
        ("Robert O’Brien", "Robert O’Brien"),
    ]
    assert rows[0]["alternatives"] == '"Defense Minister of Russia" status=approved source=glossary'
    assert rows[1]["alternatives"] == ""


def test_profile_errors(filled: Path, run: Run) -> None:
    bad = run("export", "-f", "json", "--profile", "cat", ok=False)
    assert bad.exit_code == 2
    assert "json has no cat profile" in bad.stderr
    bad = run("export", "-f", "tbx", "--evidence", ok=False)
    assert bad.exit_code == 2
    assert "--profile cat" in bad.stderr
    # JSON stays whole: the cat profile is for CAT tools only.
    data = json.loads(run("export", "-f", "json").output)
    assert len(data["concepts"]) == len(_concepts())


# ---------------------------------------------------------------------------
# OmegaT's own readers

OMEGAT_JAR = next(
    (
        path
        for path in (Path("/usr/share/omegat/OmegaT.jar"), Path("/usr/share/java/omegat.jar"))
        if path.exists()
    ),
    None,
)

_HARNESS = r"""
import java.io.File;
import java.util.List;
import org.omegat.core.Core;
import org.omegat.core.data.NotLoadedProject;
import org.omegat.core.data.ProjectProperties;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderTBX;
import org.omegat.gui.glossary.GlossaryReaderTSV;

/** Reads a glossary with OmegaT's readers: one entry a line, source, target, comment. */
public class GlossaryDump {
    public static void main(String[] args) throws Exception {
        final ProjectProperties props = new ProjectProperties() {};
        props.setSourceLanguage(args[1]);
        props.setTargetLanguage(args[2]);
        Core.setProject(new NotLoadedProject() {
            @Override
            public ProjectProperties getProjectProperties() {
                return props;
            }
        });
        File file = new File(args[0]);
        List<GlossaryEntry> entries = file.getName().endsWith(".tbx")
                ? GlossaryReaderTBX.read(file, false)
                : GlossaryReaderTSV.read(file, false);
        StringBuilder out = new StringBuilder();
        for (GlossaryEntry e : entries) {
            out.append(esc(e.getSrcText())).append('\t').append(esc(e.getLocText()))
                    .append('\t').append(esc(e.getCommentText())).append('\n');
        }
        System.out.write(out.toString().getBytes("UTF-8"));
        System.out.flush();
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
    }
}
"""


@pytest.fixture(scope="module")
def omegat_reader(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the compiled harness, or skip naming what is missing."""
    if OMEGAT_JAR is None:
        pytest.skip("OmegaT is not installed (apt-get install omegat)")
    if shutil.which("javac") is None or shutil.which("java") is None:
        pytest.skip("no JDK (javac) to compile the OmegaT harness")
    folder = tmp_path_factory.mktemp("omegat")
    (folder / "GlossaryDump.java").write_text(_HARNESS, encoding="utf-8")
    subprocess.run(
        ["javac", "-cp", str(OMEGAT_JAR), "-d", str(folder), str(folder / "GlossaryDump.java")],
        check=True,
        capture_output=True,
    )
    return folder


def _read_with_omegat(folder: Path, glossary: Path) -> list[tuple[str, str, str]]:
    done = subprocess.run(
        [
            "java",
            "-Djava.awt.headless=true",
            "-cp",
            f"{OMEGAT_JAR}:{folder}",
            "GlossaryDump",
            str(glossary),
            "vi",
            "en",
        ],
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    entries = []
    for line in done.stdout.decode("utf-8").splitlines():
        source, target, comment = (
            field.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")
            for field in line.split("\t")
        )
        entries.append((source, target, comment))
    return entries


@pytest.mark.parametrize(("name", "fmt"), [("g.tbx", "tbx2"), ("g.utf8", "omegat")])
def test_omegat_reads_our_glossaries_cleanly(
    omegat_reader: Path, filled: Path, run: Run, tmp_path: Path, name: str, fmt: str
) -> None:
    entries = _read_with_omegat(omegat_reader, _export(run, tmp_path, name, "-f", fmt))
    assert [(source, target) for source, target, _ in entries] == [
        ("Bộ trưởng Quốc phòng Nga", "Russian Defence Minister"),
        ("Bộ trưởng Quốc phòng Nga", "Defense Minister of Russia"),
        ("kiểm soát vũ khí", "arms control"),
        ("Robert O’Brien", "Robert O’Brien"),
    ]
    comments = [comment for _, _, comment in entries]
    assert comments[0].startswith("Domain: government: Russia")
    assert f"Context: {CONTEXT}" in comments[0]
    assert comments[1] == ""
    assert comments[2] == "Suggestion (compositional), not reviewed, confidence 0.80"
    everything = "\n".join(comments)
    for code in ("fullForm", "admn-sts", "termbase-", "noun", "subjectField", '\\"', "status="):
        assert code not in everything


def test_omegat_reads_the_full_profile_too(
    omegat_reader: Path, filled: Path, run: Run, tmp_path: Path
) -> None:
    full = _export(run, tmp_path, "full.tbx", "-f", "tbx2", "--profile", "full")
    entries = _read_with_omegat(omegat_reader, full)
    # One entry per Vietnamese and English term of each concept, every field in the comment.
    assert ("ký ban hành đạo luật", "act issue sign") in {(s, t) for s, t, _ in entries}
    assert any("termbase-score" in comment for _, _, comment in entries)


@pytest.mark.parametrize("fmt", ["tbx2", "omegat", "tbx"])
def test_a_translators_view_is_refused_on_import(
    run: Run, tmp_path: Path, db_path: Path, fmt: str
) -> None:
    """Importing it back would turn suggestions into candidates and notes into prose."""
    run("add", "hạt nhân", "nuclear", "--status", "suggested")
    view = tmp_path / f"view.{fmt}"
    run("export", "-f", fmt, "--profile", "cat", "--min-confidence", "0", "-o", str(view))
    before = run("export", "-f", "json").output
    result = run("import", str(view), ok=False)
    assert result.exit_code == 1
    assert "translators' view" in result.stderr
    assert "--profile full" in result.stderr
    assert run("export", "-f", "json").output == before
    full = tmp_path / f"full.{fmt}"
    run("export", "-f", fmt, "--profile", "full", "-o", str(full))
    assert "0 new, 0 updated" in run("import", str(full)).output
