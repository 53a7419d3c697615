"""PostgreSQL goes down while the service runs, and comes back."""

from __future__ import annotations

import threading
import time
from collections import Counter

import httpx
import pytest

from samverka.bootstrap import bootstrap
from samverka.settings import Settings
from tests.e2e.private_pg import private_postgres
from tests.e2e.processes import Service
from tests.e2e.test_faults import prepare, source_counts, views_match_events

pytestmark = pytest.mark.slow
PROBLEM = "application/problem+json"


def test_database_outage_gives_503_then_recovers_without_losing_acknowledged_writes() -> None:
    with private_postgres() as pg:
        settings = Settings(database_url=pg.url)
        k = bootstrap(settings)
        person_id, token, initiatives = prepare(k, initiatives=1)
        k.close()
        service = Service(pg.url)
        headers = {"Authorization": f"Bearer {token}", "Prefer": "return=minimal"}
        acked: set[str] = set()
        statuses: Counter[int] = Counter()
        slowest = [0.0]
        stop = threading.Event()
        outage = threading.Event()

        def client() -> None:
            with httpx.Client(base_url=service.base, headers=headers, timeout=30) as http:
                n = 0
                while not stop.is_set():
                    key = f"outage-{n}"
                    n += 1
                    started = time.monotonic()
                    response = http.post(
                        f"/api/v1/initiatives/{initiatives[0]}/health",
                        json={"health": "at-risk", "comment": key},
                        headers={"Idempotency-Key": key},
                    )
                    if outage.is_set():
                        slowest[0] = max(slowest[0], time.monotonic() - started)
                    statuses[response.status_code] += 1
                    if response.status_code == 200:
                        acked.add(key)
                    elif response.status_code == 503:
                        assert response.headers["content-type"] == PROBLEM
                        assert response.json()["status"] == 503
                    else:
                        pytest.fail(f"unexpected {response.status_code}: {response.text}")
                    time.sleep(0.02)

        worker = threading.Thread(target=client)
        try:
            worker.start()
            time.sleep(1.5)
            before = len(acked)
            pg.stop()
            outage.set()
            deadline = time.monotonic() + 30
            while statuses[503] < 3:  # the service notices and says so
                assert time.monotonic() < deadline, f"no 503 during the outage: {statuses}"
                time.sleep(0.2)
            ready = httpx.get(f"{service.base}/readyz", timeout=15)
            assert ready.status_code == 503 and ready.headers["content-type"] == PROBLEM
            during = statuses[503]
            pg.start()
            outage.clear()
            deadline = time.monotonic() + 30
            while httpx.get(f"{service.base}/readyz", timeout=15).status_code != 200:
                assert time.monotonic() < deadline, "the service did not recover by itself"
                time.sleep(0.5)
            recovered_from = len(acked)
            time.sleep(1.5)
        finally:
            stop.set()
            worker.join(60)
            service.stop()
        assert before > 5 and during > 0, statuses
        assert len(acked) > recovered_from, "no writes were acknowledged after the recovery"
        assert statuses[500] == 0
        assert slowest[0] < 25, "requests hung during the outage"

        k = bootstrap(settings)
        try:
            counts = source_counts(k)
            for key in acked:
                assert counts[f"api:{person_id}:{key}"] == 1, key
            assert all(n == 1 for n in counts.values())
            views_match_events(k)
        finally:
            k.close()
