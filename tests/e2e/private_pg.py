"""A PostgreSQL server of the test's own, so it can be stopped and started.

The shared server (SAMVERKA_TEST_POSTGRES_URL) must not go down under other
tests; this one lives in a temporary directory on a free port. It needs the
PostgreSQL server binaries (Debian's postgresql package) and, as root, the
`postgres` user to run them.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg
import pytest

from tests.conftest import IN_CI
from tests.e2e.server import free_port


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class PrivatePostgres:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        self.pg_ctl = _bin("pg_ctl") or "pg_ctl"

    def _run(self, *args: str) -> None:
        command = [self.pg_ctl, *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "-D",
            str(self.folder / "data"),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(self.url, connect_timeout=2) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        self._run("-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    initdb = _bin("initdb")
    problem = None
    if initdb is None:
        problem = "PostgreSQL server binaries (initdb) are not installed"
    elif os.geteuid() == 0 and shutil.which("runuser") is None:
        problem = "running as root without runuser to start PostgreSQL as 'postgres'"
    if problem:
        if IN_CI:
            pytest.fail(f"CI=true but {problem}", pytrace=False)
        pytest.skip(problem)
    assert initdb is not None
    folder = Path(tempfile.mkdtemp(prefix="samverka-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    command = [initdb, "-D", str(folder / "data"), "-A", "trust", "-U", "postgres"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    server = PrivatePostgres(folder, free_port())
    server.start()
    try:
        yield server
    finally:
        with suppress(subprocess.CalledProcessError):
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
