"""`samverka serve` as its own process for a benchmark, ready when yielded,
and an API client for it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.e2e.processes import answers_ok
from tests.e2e.server import free_port


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
            if not answers_ok(f"{base}/readyz", process, ready_within, every=0.1, patience=5):
                raise RuntimeError("samverka serve did not become ready")
            yield Running(process=process, port=port, base=base)
        finally:
            process.terminate()
            process.wait(30)


def api_client(service: Running, token: str) -> httpx.Client:
    """A client of the service's API with the bearer `token` (close it after)."""
    return httpx.Client(
        base_url=service.base, headers={"Authorization": f"Bearer {token}"}, timeout=60
    )
