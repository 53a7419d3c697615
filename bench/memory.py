"""Memory of the API process with a million events stored, next to an empty store.

The API must not hold history in memory: it reads projections. Both figures
are the resident set size of `samverka serve` after the same requests (lists,
pages of the audit trail, single resources), measured in the same run.
"""

from __future__ import annotations

import time

from bench.backends import fresh_database
from bench.report import Line
from bench.service import api_client, running_service
from bench.workload import write_history
from domain.access import ApiRole
from projections.rebuild import rebuild
from samverka.bootstrap import bootstrap
from samverka.settings import Settings
from tests.e2e.server import issue_token

TARGET_MB = 300.0


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _serve_and_measure(database_url: str, token: str, requests: int = 300) -> float:
    with running_service(database_url) as service:
        with api_client(service, token) as http:
            initiatives = http.get("/api/v1/initiatives", params={"limit": 100}).json()["items"]
            cursor = None
            for n in range(requests):
                http.get("/api/v1/persons", params={"limit": 100})
                if initiatives:
                    http.get(f"/api/v1/initiatives/{initiatives[n % len(initiatives)]['id']}")
                page = http.get(
                    "/api/v1/audit", params={"limit": 200, **({"cursor": cursor} if cursor else {})}
                ).json()
                cursor = page["next_cursor"]
                http.get("/api/v1/decisions", params={"limit": 50})
        time.sleep(0.5)
        return _rss_mb(service.process.pid)


def _prepare(database_url: str, events: int) -> str:
    k = bootstrap(Settings(database_url=database_url))
    try:
        if events:
            write_history(k.app, events)
        _, token = issue_token(k, "Revisor", ApiRole.ADMIN, days=1)
        rebuild(k.app, k.engines)  # the API starts with its views caught up
        return token
    finally:
        k.close()


def bench_memory(backend: str, events: int = 1_000_000) -> list[Line]:
    with fresh_database(backend) as url:
        empty = _serve_and_measure(url, _prepare(url, 0))
    with fresh_database(backend) as url:
        full = _serve_and_measure(url, _prepare(url, events))
    return [
        Line(
            name=f"API RSS with {events:,} events stored ({backend})",
            ours=full,
            reference=empty,
            unit="MB",
            reference_name="same API, empty store",
            note=f"target ≤ {TARGET_MB:.0f} MB: {'met' if full <= TARGET_MB else 'MISSED'}",
        )
    ]
