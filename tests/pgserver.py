"""A throw-away PostgreSQL server for the tests: initdb and pg_ctl on a Unix socket.

It lives in a temporary folder for the test session and is stopped at its end.
initdb refuses to run as root, so as root the server runs as the ``postgres``
user (the Debian package's), which owns the folder.  Where no server can be
started (no PostgreSQL binaries, no such user), :func:`start` says why, and the
tests that need one skip with that reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Server:
    """A running server: its folder (data, socket, log) and how to run commands as its owner."""

    folder: Path
    prefix: list[str]
    bindir: Path

    @property
    def socket_dir(self) -> Path:
        return self.folder

    def url(self, dbname: str, user: str = "postgres", password: str | None = None) -> str:
        auth = f"{user}:{password}@" if password else f"{user}@"
        return f"postgresql://{auth}/{dbname}?host={self.socket_dir}&port=5432"

    def sql(self, statement: str, dbname: str = "postgres") -> list[tuple[object, ...]]:
        """Run one statement as the superuser (autocommit); its rows."""
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            cursor = conn.execute(statement.encode())
            return cursor.fetchall() if cursor.description else []

    def stop(self) -> None:
        subprocess.run(
            [*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"),
             "-m", "immediate", "stop"],
            capture_output=True, check=False,
        )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def bindir() -> Path | None:
    """Where PostgreSQL's server programs are (Debian keeps them out of PATH)."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


def start() -> Server | str:
    """A running server, or the reason none could be started."""
    bins = bindir()
    if bins is None:
        return "no PostgreSQL server programs (initdb) on this machine; .ci/run installs them"
    prefix: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="termbase-pg-"))
    if os.geteuid() == 0:  # initdb refuses root: run the server as postgres
        try:
            shutil.chown(folder, "postgres")
        except (LookupError, OSError) as exc:
            return f"running as root and no 'postgres' user to run the server as ({exc})"
        prefix = ["runuser", "-u", "postgres", "--"]
    log = folder / "server.log"
    try:
        subprocess.run(
            [*prefix, str(bins / "initdb"), "-D", str(folder / "data"), "-A", "trust",
             "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"],
            capture_output=True, check=True, timeout=120,
        )  # fmt: skip
        options = f"-k {folder} -c listen_addresses='' -c fsync=off -c max_connections=60"
        subprocess.run(
            [*prefix, str(bins / "pg_ctl"), "-D", str(folder / "data"), "-o", options,
             "-l", str(log), "-w", "-t", "60", "start"],
            capture_output=True, check=True, timeout=90,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(folder, ignore_errors=True)
        return f"the PostgreSQL test server did not start ({exc}; {detail.decode()[-300:]})"
    return Server(folder, prefix, bins)
