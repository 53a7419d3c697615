"""`samverka serve` as its own process for a benchmark, ready when yielded."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Running:
    process: subprocess.Popen[bytes]
    port: int
    base: str


@contextmanager
def running_service(
    database_url: str, *, workers: int = 1, ready_within: float = 120
) -> Iterator[Running]:
    """BENCH_SERVER_LOG names a file for the service's log (default: none)."""
    port = free_port()
    env = {**os.environ, "SAMVERKA_DATABASE_URL": database_url, "SAMVERKA_LOG_LEVEL": "warning"}
    script = str(Path(sys.executable).with_name("samverka"))
    with Path(os.environ.get("BENCH_SERVER_LOG", os.devnull)).open("w") as log_file:
        process = subprocess.Popen(
            [script, "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + ready_within
            while True:
                try:
                    if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("samverka serve did not become ready")
                time.sleep(0.1)
            yield Running(process=process, port=port, base=base)
        finally:
            process.terminate()
            process.wait(30)
