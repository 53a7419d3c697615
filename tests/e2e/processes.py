"""The real `samverka` processes, started and killed as in production."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

from tests.e2e.server import free_port

SCRIPT = str(Path(sys.executable).with_name("samverka"))


def samverka(
    *args: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`samverka ARGS` run to its end, its output captured as text; the exit
    code is the caller's to check."""
    return subprocess.run(
        [SCRIPT, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def env_for(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "SAMVERKA_DATABASE_URL": database_url,
        "SAMVERKA_LOG_LEVEL": "warning",
        "SAMVERKA_LOG_FORMAT": "json",
        **extra,
    }


def answers_ok(
    url: str,
    process: subprocess.Popen[bytes],
    within: float,
    *,
    every: float = 0.05,
    patience: float = 1.0,
) -> bool:
    """Polls `url` until it answers 200 (True), or until the process ends or
    `within` seconds pass (False)."""
    deadline = time.monotonic() + within
    while process.poll() is None and time.monotonic() <= deadline:
        try:
            if httpx.get(url, timeout=patience).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(every)
    return False


class Service:
    """`samverka serve` in its own process on a free port."""

    def __init__(self, database_url: str, *args: str, **extra: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # A file, not a pipe: nobody reads the log while the service runs, and a
        # full pipe would block the service on its next log line.
        self.log = tempfile.NamedTemporaryFile(prefix="samverka-serve-", suffix=".log")  # noqa: SIM115
        self.process = subprocess.Popen(
            [SCRIPT, "serve", "--port", str(self.port), *args],
            env=env_for(database_url, **extra),
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        if not answers_ok(f"{self.base}/healthz", self.process, 30):
            # Not left behind: a supervisor whose workers never came up
            # restarts them for ever, on a machine that was already slow.
            self.stop()
            raise RuntimeError(f"samverka serve did not start: {self.stderr()}")

    def stderr(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def kill(self) -> None:
        """kill -9: no shutdown handlers, no flushing, as a crash."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def start_projector(database_url: str, **extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [SCRIPT, "projector"],
        env=env_for(database_url, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
