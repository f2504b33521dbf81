"""``termbase review`` in a real terminal: a tmux session, keys sent, the screen captured.

Single keys without Enter, the prefilled edit line, undo, quit, and colours
only when NO_COLOR is unset.  Skips, saying why, where tmux is not installed
(``.ci/run`` installs it).  Waiting polls the screen for text; nothing here
asserts on time.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import termbase.store as store_package
from conftest import Run, db_connect
from test_review import make_termbase, status

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
SRC = Path(store_package.__file__).resolve().parents[2]  # the tree under test


class Pane:
    """A tmux session on its own server socket, running one command."""

    def __init__(self, socket: Path, command: str) -> None:
        self.base = [str(TMUX), "-S", str(socket)]
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", "review", "-x", "120", "-y", "40", command],
            check=True,
        )

    def send(self, *keys: str) -> None:
        subprocess.run([*self.base, "send-keys", "-t", "review", *keys], check=True)

    def screen(self, escapes: bool = False) -> str:
        args = [*self.base, "capture-pane", "-p", "-t", "review"] + (["-e"] if escapes else [])
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout

    def wait_for(self, text: str, *more: str, limit: float = 30.0) -> str:
        """The screen once it shows ``text`` and every one of ``more`` (a redraw may come
        in pieces); fails with the screen after ``limit`` seconds."""
        deadline = time.monotonic() + limit
        while True:
            screen = self.screen()
            if text in screen and all(m in screen for m in more):
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"the screen never showed {text!r}; it shows:\n{screen}")
            time.sleep(0.1)

    def kill(self) -> None:
        subprocess.run([*self.base, "kill-server"], check=False, capture_output=True)


@pytest.fixture
def termbase(run: Run, db_path: Path) -> Path:
    return make_termbase(run, db_path)


@pytest.fixture
def start(tmp_path: Path, db_path: Path) -> Iterator[Callable[..., Pane]]:
    panes: list[Pane] = []

    def run_review(*env: str) -> Pane:
        settings = [
            f"PYTHONPATH={SRC}",
            f"TERMBASE_DB={db_path}",
            "TERMBASE_USER=tmux-reviewer",
            *env,
        ]
        command = (
            f"env -u NO_COLOR {' '.join(shlex.quote(s) for s in settings)}"
            f" {shlex.quote(sys.executable)} -m termbase review; echo EXITED $?; sleep 600"
        )
        pane = Pane(tmp_path / f"tmux-{len(panes)}.sock", command)
        panes.append(pane)
        return pane

    yield run_review
    for pane in panes:
        pane.kill()


def test_single_keys_edit_undo_and_quit_in_tmux(start: Callable[..., Pane], termbase: Path) -> None:
    pane = start()
    pane.wait_for(
        "[1] Thứ trưởng Ngoại giao",
        "   1  Deputy Foreign Minister  glossary 0.95",
        "   2  Vice Foreign Minister  compositional 0.60",
    )
    assert "\x1b[" in pane.screen(escapes=True)  # a terminal, NO_COLOR unset: colours

    pane.send("x")  # two suggestions: it asks which
    pane.wait_for("reject which suggestion (1-2)?")
    pane.send("2")  # one key, no Enter
    pane.wait_for(
        "Vice Foreign Minister suggested → rejected.",
        "already decided: Vice Foreign Minister (rejected)",
    )
    assert status(termbase, "Vice Foreign Minister") == "rejected"

    pane.send("e")
    pane.wait_for("English: Deputy Foreign Minister")  # prefilled with the best suggestion
    pane.send(*["BSpace"] * len("Minister"), "Secretary", "Enter")
    pane.wait_for("[2] họp báo", "Deputy Foreign Secretary new → approved.")
    assert status(termbase, "Deputy Foreign Secretary") == "approved"
    assert status(termbase, "Thứ trưởng Ngoại giao") == "approved"

    pane.send("u")
    pane.wait_for("Undid:", "[1] Thứ trưởng Ngoại giao")
    assert status(termbase, "Thứ trưởng Ngoại giao") == "candidate"

    pane.send("s")  # họp báo was shown already in this session: on to the next one
    pane.wait_for("[3] đối ứng")
    pane.send("1")
    pane.wait_for("[4] chiều nay")
    pane.send("q")
    pane.wait_for("EXITED 0", "2 decisions this session; 3 left to review.")
    with db_connect(termbase) as conn:
        who = conn.execute(
            "SELECT DISTINCT changed_by, command FROM history WHERE command = 'review'"
        ).fetchall()
    assert who == [("tmux-reviewer", "review")]


def test_no_color_in_tmux_prints_no_escapes(start: Callable[..., Pane], termbase: Path) -> None:
    pane = start("NO_COLOR=1")
    pane.wait_for("[1] Thứ trưởng Ngoại giao")
    assert "\x1b[" not in pane.screen(escapes=True)
    pane.send("q")
    pane.wait_for("EXITED 0")
