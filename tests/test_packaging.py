"""What ``pip install .`` puts on a machine: every package, and the curated glossary."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import Run

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def test_every_package_under_src_is_listed_for_the_wheel() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {".".join(init.parent.relative_to(SRC).parts) for init in SRC.rglob("__init__.py")}
    assert found <= listed, f"add to pyproject.toml's packages: {sorted(found - listed)}"
    assert listed - found == {"termbase._glossary"}


def test_init_loads_the_shipped_glossary_from_any_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TERMBASE_GLOSSARY")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run("init", "--db", "t.db")
    assert "glossary treaties.glossary.tsv:" in result.output
    found = run("lookup", "Hiệp ước Bầu trời mở", "--db", "t.db").output
    assert "Treaty on Open Skies" in found


def test_add_glossary_loads_a_folder_after_the_shipped_one(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TERMBASE_GLOSSARY")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "house.glossary.tsv").write_text(
        "# termbase glossary v1\nmáy chủ\tserver\tIT\t\n", encoding="utf-8"
    )
    output = run("init", "--db", "t.db", "--add-glossary", str(mine)).output
    assert "glossary treaties.glossary.tsv:" in output
    assert "glossary house.glossary.tsv: 1 new" in output
    output = run("init", "--db", "only.db", "--glossary", str(mine)).output
    assert "treaties" not in output
    assert "glossary house.glossary.tsv: 1 new" in output


@pytest.mark.parametrize("option", ["--glossary", "--add-glossary"])
def test_a_missing_glossary_folder_is_an_error(run: Run, tmp_path: Path, option: str) -> None:
    result = run("init", option, str(tmp_path / "nowhere"), ok=False)
    assert result.exit_code == 1
    assert "no glossary folder at" in result.stderr
    assert "nowhere" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not (tmp_path / "termbase.db").exists()


def test_the_wheel_carries_the_glossary_and_init_loads_it(tmp_path: Path) -> None:
    """Build the wheel as ``pip install .`` does, install it elsewhere, run ``termbase init``."""
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0:
        pytest.skip(f"cannot build the wheel here: {build.stderr.strip().splitlines()[-1:]}")
    (wheel,) = wheels.glob("termbase-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n for n in names if n.startswith("termbase/_glossary/"))
    in_checkout = sorted(p.name for p in (ROOT / "glossary").glob("*.glossary.tsv"))
    assert in_checkout
    assert all(f"termbase/_glossary/{name}" in shipped for name in in_checkout)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "TERMBASE_GLOSSARY"}
    env["PYTHONPATH"] = str(site)
    init = subprocess.run(
        [sys.executable, "-m", "termbase", "init", "--db", "t.db"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    assert "glossary treaties.glossary.tsv:" in init.stdout
    where = subprocess.run(
        [sys.executable, "-c", "from termbase.glossary import shipped_glossary as s; print(s())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(site)
