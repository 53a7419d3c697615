"""Indicators over real HTTP: a plan coordinator defines one, sets its
target and imports a Kolada file; a bad file is refused with its lines and
records nothing; a member reads the series and the history but may not
change anything."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from domain.access import ApiRole
from samverka.bootstrap import Container
from tests.e2e.server import role_clients

KOLADA = (
    "kpi,municipality,period,gender,value\n"
    "U01405,0017,2021,T,61.5\n"
    "U01405,0017,2023,T,58.9\n"
    "U01405,1780,2023,K,52.0\n"
)
BAD = "kpi,municipality,period,gender,value\nU01405,0017,2024,T,6O\nU01405,99,2024,T,1\n"


@pytest.fixture
def clients(container: Container) -> Iterator[dict[str, httpx.Client]]:
    with role_clients(container, ApiRole.PLAN_COORDINATOR, ApiRole.MEMBER) as out:
        yield out


def test_a_coordinator_imports_and_a_member_reads(clients: dict[str, httpx.Client]) -> None:
    coordinator, member = clients["plan_coordinator"], clients["member"]
    body = {
        "code": "U01405",
        "name": "Andel unga som uppger gott psykiskt välbefinnande",
        "source": "Liv & Hälsa ung (demo)",
        "unit": "procent",
        "demo": True,
    }
    assert member.post("/api/v1/indicators", json=body).status_code == 403
    created = coordinator.post("/api/v1/indicators", json=body)
    assert created.status_code == 201, created.text
    indicator = created.json()["id"]
    target = coordinator.post(
        f"/api/v1/indicators/{indicator}/target", json={"value": "65", "direction": "at_least"}
    )
    assert target.status_code == 200, target.text
    assert target.json()["target_value"] == "65"

    refused = coordinator.post(
        "/api/v1/indicators/imports",
        content=BAD.encode(),
        headers={"Content-Type": "text/csv", "Accept-Language": "sv"},
    )
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert [e["line"] for e in problem["errors"]] == [2, 3]
    assert problem["errors"][0]["detail"] == "Rad 2: '6O' är inget tal"

    imported = coordinator.post(
        "/api/v1/indicators/imports", content=KOLADA.encode(), headers={"Content-Type": "text/csv"}
    )
    assert imported.status_code == 200, imported.text
    assert imported.json()["values"] == 3
    again = member.post(
        "/api/v1/indicators/imports", content=KOLADA.encode(), headers={"Content-Type": "text/csv"}
    )
    assert again.status_code == 403, again.text

    # A file may be larger than other bodies (256 KiB): it gets to the import.
    big = "kpi,municipality,period,gender,value\n" + "X9,17,2020,T,1\n" * 20_000
    refused_big = coordinator.post(
        "/api/v1/indicators/imports", content=big.encode(), headers={"Content-Type": "text/csv"}
    )
    assert refused_big.status_code == 422 and refused_big.json()["count"] == 20_000
    too_big = coordinator.post("/api/v1/indicators", content=b"{" + b" " * 400_000 + b"}")
    assert too_big.status_code == 413

    series = member.get(f"/api/v1/indicators/{indicator}/series", params={"area": "17"})
    assert series.status_code == 200, series.text
    found = series.json()
    assert [p["value"] for p in found["points"]] == ["61.5", "58.9"]
    assert (found["trend"], found["target_met"]) == ("down", False)
    listed = member.get("/api/v1/indicators").json()
    assert listed[0]["headline"]["latest"]["period"] == 2023
    history = member.get(f"/api/v1/indicators/{indicator}/history").json()
    assert len(history) == 3
    one = member.get(f"/api/v1/indicators/{indicator}").json()
    assert [a["code"] for a in one["areas"]] == ["17", "1780"]
