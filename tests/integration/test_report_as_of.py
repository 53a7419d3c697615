"""The fund report as known at a moment, read from the live tables
(`projections.funds.report_as_of`), is the report a replay of the log up to
that moment gives, byte for byte: at every moment and every log position of
a history with corrections, later grants, and initiatives and decisions
that changed after the money was booked to them. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain import commands as c
from domain.funds import commands as f
from projections import tables as t
from projections.funds import tables as ft
from projections.funds.report import ReportQuery
from projections.plan.queries import list_decisions
from projections.store import rows_of
from samverka.bootstrap import Container
from services import reports
from tests.integration.test_funds_dalarna import KR, dalarna, entry_of, run

QUERIES = (
    ReportQuery(2021),
    ReportQuery(2022),
    ReportQuery(2021, principal="region dalarna", area="samsjuklighet"),
)


def _later(k: Container, grants: dict[str, Any]) -> None:
    """After the money was booked: a reversal and a new expenditure, the
    initiatives' status and health, a revoked decision, a new grant."""
    grant = grants["samsjuklighet"]
    wrong = entry_of(k, grant, "expenditure", "VER-D4a-1")
    run(k, f.ReverseEntry(grant_id=grant, entry_id=wrong, reversed_on=date(2021, 12, 21),
                          reason="Fel belopp"))  # fmt: skip
    booking = entry_of(k, grant, "booking")
    run(k, f.RecordExpenditure(grant_id=grant, booking_id=booking, amount=1_205_000 * KR,
                               spent_on=date(2021, 12, 21), voucher="VER-D4a-1b"))  # fmt: skip
    k.projector.catch_up()
    with k.engines.read.connect() as conn:
        initiatives = rows_of(conn, ft.fund_bookings.select())
        (decision,) = list_decisions(conn, limit=10, offset=0).items
    ids = sorted({r["initiative_id"] for r in initiatives if r["initiative_id"]})
    run(k, c.ReportHealth(initiative_id=ids[0], health="at-risk", comment="Försenad"))
    run(k, c.ChangeInitiativeStatus(initiative_id=ids[1], status="completed"))
    run(k, c.RevokeDecision(decision_id=decision["id"], reason="Ersatt",
                            revoked_on=date(2021, 6, 1)))  # fmt: skip
    run(k, f.GrantFunds(agreement_id=_agreement(k), principal="Falu kommun",
                        principal_kind="kommun", area="samsjuklighet", year=2021,
                        amount=100_000 * KR, decided_on=date(2021, 5, 1)))  # fmt: skip
    # Last, an event that leaves no line in the audit trail (a code's claim).
    with k.engines.read.connect() as conn:
        arena = conn.execute(t.arenas.select()).first().id  # type: ignore[union-attr]
    run(k, c.CreateInitiative(arena_id=arena, code="D9", title="Insats D9", status="active"))
    k.projector.catch_up()


def _agreement(k: Container) -> str:
    with k.engines.read.connect() as conn:
        return str(conn.execute(ft.fund_agreements.select()).first().id)  # type: ignore[union-attr]


def test_at_every_moment_the_report_is_what_a_replay_gives(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    k = container
    _later(k, dalarna(k))
    events = [
        k.app.mapper.to_domain_event(n) for n in k.app.recorder.select_notifications(1, 10_000)
    ]
    expected = {
        (q, n): k.reports.replayed(q, as_of=e.timestamp)
        for n, e in enumerate(events)
        for q in QUERIES
    }
    by_position = {
        (q, n): k.reports.replayed(q, position=n + 1) for n in range(len(events)) for q in QUERIES
    }

    def no_replay(*_args: object, **_kw: object) -> None:
        raise AssertionError("the report as known then was replayed")

    monkeypatch.setattr(reports, "replay_in_memory", no_replay)
    for (query, n), report in expected.items():
        then = k.reports.compute(query, as_of=events[n].timestamp)
        assert then == report, f"{query} as at event {n + 1}"
    for (query, n), report in by_position.items():
        assert k.reports.compute(query, position=n + 1) == report, f"{query} at {n + 1}"
    # Something changed along the way: the reports differ from moment to moment.
    assert len({r["report_sha256"] for r in expected.values()}) > len(events)
