"""Forgetting a person who decided, checked in and booked funds: replay, reports,
the ledger and the hash chain all still work, and the name is gone everywhere."""

from __future__ import annotations

from datetime import date

import orjson
import pytest
from eventsourcing.utils import resolve_topic
from sqlalchemy import event, select

from domain import commands as c
from domain.authority import Authority, GlobalRole
from domain.errors import ValidationFailed
from domain.funds import commands as f
from domain.meta import Channel
from domain.person import ERASED_NAME, Person
from projections import tables as t
from projections.export import (
    plan_document,
    replay_in_memory,
    snapshot_from_db,
    snapshot_from_memory,
)
from projections.funds import queries as fq
from projections.funds.report import ReportQuery
from projections.plan import queries as q
from projections.rebuild import rebuild
from samverka.bootstrap import Container
from services.commands import Context, system
from services.integrity import head, verify
from tests.integration.scenario import meta, more_history, new_year_grant, seed_plan


def stored(k: Container) -> list[bytes]:
    return [n.state for n in k.app.recorder.select_notifications(start=1, limit=100_000)]


def test_forgetting_keeps_history_whole_and_the_name_nowhere(container: Container) -> None:
    k = container
    plan = seed_plan(k.app)
    more_history(k.app, plan)  # Bengt reports health from Slack and records a decision
    bengt = str(plan.bengt)
    coordinator = Authority(actor=bengt, roles=frozenset({GlobalRole.FUND_COORDINATOR}))
    k.app.execute(c.LinkSlackUser(person_id=plan.bengt, slack_user_id="U024BE7LH"), meta())
    agreement = k.app.execute(
        f.RegisterAgreement(reference="DEMO-1", title="ÖK", first_year=2021, last_year=2022), meta()
    ).aggregate_id
    grant = k.app.execute(
        new_year_grant(agreement, "Region Skåne", "region", "brukarmedverkan", 2021, 100_000_000),
        meta(actor=bengt),
        coordinator,
    ).aggregate_id
    k.app.execute(
        f.BookFunds(
            grant_id=grant, amount=50_000_000, booked_on=date(2021, 2, 1), initiative_id=plan.i272
        ),
        meta(actor=bengt),
        coordinator,
    )
    k.projector.catch_up()
    before_report = k.reports.compute(ReportQuery(2021))
    assert all(b"Bengt" not in state and b"bengt.stavenow" not in state for state in stored(k))
    bytes_before = stored(k)
    digest_before = head(k.app.recorder)

    with k.engines.read.connect() as conn:
        assert [p["id"] for p in q.persons_named(conn, "bengt", limit=5)] == [bengt]
    result = k.erasure.forget(
        plan.bengt, Context(str(plan.anna), Channel.API, roles=frozenset({GlobalRole.ADMIN}))
    )
    assert result is not None
    k.projector.catch_up()

    # The log: every byte as it was, plus one erasure event that names nobody.
    after = stored(k)
    assert after[: len(bytes_before)] == bytes_before
    (erasure,) = after[len(bytes_before) :]
    assert b"personal" not in erasure and b"Bengt" not in erasure
    assert verify(k.app.recorder, digest_before).ok

    # Views: the name, e-mail and Slack id are purged; history names him as erased.
    with k.engines.read.connect() as conn:
        person = q.get_person(conn, bengt)
        assert person is not None
        assert (person["name"], person["email"], person["slack_user_id"], person["forgotten"]) == (
            ERASED_NAME,
            None,
            None,
            True,
        )
        trail, _ = k.trail.page(q.AuditFilter(), limit=1000, conn=conn)
        assert not any("Bengt" in row["summary"] for row in trail)
        assert trail[-1]["event_type"] == "Forgotten" and trail[-1]["actor_id"] == str(plan.anna)
        assert "raderade personuppgifterna för [borttagen person]" in trail[-1]["summary"]
        health = conn.execute(select(t.health_reports.c.actor_id)).scalars().all()
        assert health == [bengt]  # the check-in is still there, by id
        lines = fq.get_grant(conn, str(grant))["lines"]  # type: ignore[index]
        assert [(line["kind"], line["actor_name"]) for line in lines] == [
            ("grant", ERASED_NAME),
            ("booking", ERASED_NAME),
        ]
        live = plan_document(snapshot_from_db(conn), position=0, as_of=None)
        # Nor can he be searched for by name: the folded name went with it.
        assert q.persons_named(conn, "bengt", limit=5) == []
        named = select(t.folded_names.c.person_id)
        assert bengt not in conn.execute(named).scalars().all()

    # Replay decodes his events to "[borttagen person]": in memory, and rebuilt.
    store, _ = replay_in_memory(k.app)
    assert plan_document(snapshot_from_memory(store), position=0, as_of=None) == live
    rebuild(k.app, k.engines)
    with k.engines.read.connect() as conn:
        assert plan_document(snapshot_from_db(conn), position=0, as_of=None) == live
        assert bengt not in conn.execute(named).scalars().all()
    aggregate = k.app.repository.get(plan.bengt)
    assert isinstance(aggregate, Person) and aggregate.forgotten and aggregate.name == ERASED_NAME

    # The report as it was is the same report: it never held names.
    now_report = k.reports.compute(ReportQuery(2021))
    assert (
        now_report["areas"] == before_report["areas"]
        and now_report["lines"] == before_report["lines"]
    )
    assert verify(k.app.recorder).ok

    # Forgotten is final: no new personal data, and forgetting again only makes sure.
    with pytest.raises(ValidationFailed):
        k.app.execute(c.RevisePerson(person_id=plan.bengt, name="Bengt S"), meta())
    assert k.erasure.forget(plan.bengt, system(Channel.API)) is None


@pytest.mark.parametrize("start", ["fresh", "fork"])
def test_the_rebuild_worker_process_opens_sealed_personal_data(
    container: Container, start: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Started either way: forked (a single-threaded `samverka replay`) or fresh.
    monkeypatch.setattr("projections.rebuild_worker.start_method", lambda: start)
    plan = seed_plan(container.app)
    container.erasure.forget(plan.bengt, system(Channel.API))
    rebuild(container.app, container.engines, worker="process", batch_size=3)
    with container.engines.read.connect() as conn:
        names = {row["id"]: row["name"] for row in q.list_persons(conn, limit=10, offset=0).items}
    assert names == {str(plan.anna): "Anna Jonsson", str(plan.bengt): ERASED_NAME}


def test_the_worker_s_cipher_loads_every_key_at_once(container: Container) -> None:
    # A rebuild opens every person's data: one query for all keys, not one each.
    plan = seed_plan(container.app)
    container.erasure.forget(plan.bengt, system(Channel.API))
    topic, kwargs = container.app.mapper.spec()  # type: ignore[attr-defined]
    mapper = resolve_topic(topic)(**kwargs)  # as the worker builds it
    cipher = mapper.personal
    assert cipher is not None
    queries: list[str] = []
    event.listen(cipher.read_engine, "before_cursor_execute", lambda *args: queries.append(args[2]))
    try:
        opened = {
            n.originator_id: cipher.open(n.originator_id, personal)
            for n in container.app.recorder.select_notifications(start=1, limit=100_000)
            if (personal := orjson.loads(n.state).get("personal")) is not None
        }
    finally:
        cipher.close()
    assert opened[plan.anna]["name"] == "Anna Jonsson"
    assert opened[plan.bengt]["name"] == ERASED_NAME
    assert queries == []
