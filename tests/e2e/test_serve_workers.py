"""`samverka serve --workers N`: API workers in processes of their own, writing
one event log, with the projector and the scheduler once, in the supervisor."""

from __future__ import annotations

import glob
import threading
from pathlib import Path

import httpx
import pytest

from samverka.bootstrap import bootstrap
from samverka.settings import Settings
from services.integrity import verify
from tests.e2e.processes import Service
from tests.e2e.test_faults import prepare, source_counts, views_match_events

pytestmark = pytest.mark.slow


def child_processes(pid: int) -> list[int]:
    return [
        int(child)
        for path in glob.glob(f"/proc/{pid}/task/*/children")
        for child in Path(path).read_text().split()
    ]


def test_workers_share_the_log_and_one_projector_serves_them_all(database_url: str) -> None:
    settings = Settings(database_url=database_url)
    k = bootstrap(settings)
    person_id, token, initiatives = prepare(k)
    k.close()
    # The supervisor's line is checked in English: pinned with SAMVERKA_LANG.
    service = Service(database_url, "--workers", "2", SAMVERKA_LOG_LEVEL="info", SAMVERKA_LANG="en")
    headers = {"Authorization": f"Bearer {token}"}
    answers: list[int] = []
    refused: list[str] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        # One connection per client; uvicorn hands connections to either worker.
        with httpx.Client(base_url=service.base, headers=headers, timeout=20) as http:
            for i in range(15):
                response = http.post(
                    f"/api/v1/initiatives/{initiatives[n % len(initiatives)]}/health",
                    json={"health": "at-risk", "comment": f"w-{n}-{i}"},
                    headers={"Idempotency-Key": f"w-{n}-{i}", "Prefer": "return=minimal"},
                )
                with lock:
                    answers.append(response.status_code)
                    if response.status_code != 200:
                        refused.append(response.text)

    try:
        assert len(child_processes(service.process.pid)) >= 2, "no worker processes"
        threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert answers == [200] * 90, refused
        with httpx.Client(base_url=service.base, headers=headers, timeout=20) as http:
            # Without return=minimal the answer waits for the views, which only
            # the supervisor's projector writes: the change is already there.
            changed = http.post(
                f"/api/v1/initiatives/{initiatives[0]}/status", json={"status": "active"}
            )
            assert changed.status_code == 200 and changed.json()["status"] == "active"
    finally:
        service.stop()
    log = Path(service.log.name).read_text(errors="replace")
    assert "2 API workers (projector: here, scheduler: here)" in log
    assert "projector.overtaken" not in log, "a worker ran a projector of its own"

    k = bootstrap(settings)
    try:
        counts = source_counts(k)
        assert all(counts[f"api:{person_id}:w-{n}-{i}"] == 1 for n in range(6) for i in range(15))
        views_match_events(k)
        # Two processes appended to one log: the hash chain still holds.
        assert verify(k.app.recorder).ok
    finally:
        k.close()
