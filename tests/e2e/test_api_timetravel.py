"""Tidsresa in the API: an auditor reads an initiative as it was before a
revision, with the revision among the changes since; a moment before it
existed is a 404, a moment without an offset a 422, a member a 403; the
grant route answers the same way for those who read the ledger."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from uuid import uuid4

from domain import commands as c
from domain.access import ApiRole
from domain.meta import make_meta
from samverka.bootstrap import Container
from tests.e2e.server import role_clients, seed_arena


def test_initiative_and_grant_as_of_a_moment(container: Container) -> None:
    system = make_meta(actor="system", channel="cli")
    arena = seed_arena(container, "TT")
    initiative = container.app.execute(
        c.CreateInitiative(arena_id=arena, code="TT-1", title="Före"), system
    ).aggregate_id
    # Events are stamped by the wall clock: the moment lies between the two.
    time.sleep(0.05)
    before = datetime.now(UTC)
    time.sleep(0.05)
    container.app.execute(
        c.ReviseInitiative(initiative_id=initiative, changes={"title": "Efter"}), system
    )
    roles = (ApiRole.AUDITOR, ApiRole.MEMBER, ApiRole.FUND_COORDINATOR)
    with role_clients(container, *roles) as clients:
        auditor, member = clients["auditor"], clients["member"]
        path = f"/api/v1/initiatives/{initiative}/as-of"
        answer = auditor.get(path, params={"as_of": before.isoformat()})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["version"] == 1
        assert body["then"]["title"] == "Före"
        assert body["now"]["title"] == "Efter"
        assert body["changes"]
        too_early = auditor.get(path, params={"as_of": "2001-01-31T12:00:00+01:00"})
        assert too_early.status_code == 404
        assert "initiative" in too_early.text
        assert auditor.get(path, params={"as_of": "2026-01-31T12:00:00"}).status_code == 422
        assert member.get(path, params={"as_of": before.isoformat()}).status_code == 403
        grant = f"/api/v1/funds/grants/{uuid4()}/as-of"
        unknown = clients["fund_coordinator"].get(grant, params={"as_of": before.isoformat()})
        assert unknown.status_code == 404
        assert "grant" in unknown.text
        assert member.get(grant, params={"as_of": before.isoformat()}).status_code == 403
