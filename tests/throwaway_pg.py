"""A PostgreSQL server of the test's own, to stop and start at will (the shared one is never touched).

``initdb`` once per test session into a temp folder, then ``pg_ctl start`` / ``stop`` on a free
port. PostgreSQL refuses to run as root, so when the tests run as root (CI on our machine does)
the server runs as the ``postgres`` user (or ``nobody``), which owns the folder. Without the
binaries the tests that need it are skipped with the reason, except under ``CI=true``, where
they fail.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

START_TIMEOUT = 60  # seconds pg_ctl waits for the server (a loaded machine starts it slowly)


def find_bindir() -> Path | None:
    """Where initdb and pg_ctl are: pg_config's answer, the newest Debian-style install, or PATH."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if found.returncode == 0 and found.stdout.strip():
            candidates.append(Path(found.stdout.strip()))

    def version(path: str) -> float:
        try:
            return float(Path(path).parts[-2])
        except ValueError:
            return 0.0

    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)]
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _run_as() -> pwd.struct_passwd | None:
    """The unprivileged user to run the server as, when we are root (else None: ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root, and neither a 'postgres' nor a 'nobody' user exists")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ThrowawayPostgres:
    """One cluster in a temp folder; ``start``/``stop`` as often as a test likes."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.user = _run_as()
        # Not under pytest's tmp_path: that is private to the test user, and the server's user must
        # reach the folder. mkdtemp makes it 0700; it is then handed to the server's user.
        self.root = Path(tempfile.mkdtemp(prefix="figurebot-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.running = False
        if self.user is not None:
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w",
            "-t", str(START_TIMEOUT), "start",
        )  # fmt: skip
        self.running = True

    def stop(self) -> None:
        """A fast shutdown: open connections are cut, as when a database server goes away."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", str(START_TIMEOUT), "stop")
        self.running = False

    def remove(self) -> None:
        if self.running:
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        result = subprocess.run(
            [str(self.bindir / program), *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=self.root,
            user=self.user.pw_uid if self.user else None,
            group=self.user.pw_gid if self.user else None,
            extra_groups=[] if self.user else None,
            env={**os.environ, "LC_ALL": "C"},
            timeout=START_TIMEOUT + 30,
        )
        if result.returncode != 0:
            log = self.root / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} {' '.join(args)} failed:\n{result.stdout}{result.stderr}{tail}")


def throwaway_postgres() -> Iterator[ThrowawayPostgres]:
    """Body of a session fixture: the cluster, created once; skipped (or failed under CI) without
    the binaries."""
    bindir = find_bindir()
    if bindir is None:
        reason = "no PostgreSQL server binaries (initdb, pg_ctl) found to start a throwaway server"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI needs them")
        pytest.skip(reason)
    server = ThrowawayPostgres(bindir)
    try:
        yield server
    finally:
        server.remove()
