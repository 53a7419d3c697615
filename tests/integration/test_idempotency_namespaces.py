"""Idempotency keys are kept per channel and actor: no id chosen outside (an
e-mail's Message-ID, a Slack id, an Idempotency-Key) can make Samverka believe
another door's or the scheduler's command has already run."""

from __future__ import annotations

from datetime import timedelta

from adapters.email.inbound import Status
from domain import commands as c
from domain.errors import IdempotencyKeyReused
from domain.meta import make_meta
from domain.receipt import CommandReceipt
from projections.meetings import queries as mq
from projections.plan import queries as q
from samverka.bootstrap import Container
from scheduler.config import SchedulerConfig
from scheduler.jobs import JobRunner
from tests.clock import FixedClock
from tests.integration.scenario import seed_plan
from tests.mail_inbound_fixtures import build_world, reply_mail


def test_a_mail_named_like_a_scheduler_job_does_not_stop_the_round_closing(
    container: Container, clock: FixedClock
) -> None:
    world = build_world(container)
    job = f"round:{world.round_id}:close"
    # The attack: a member answers with the Message-ID of the scheduler's key.
    forged = reply_mail(world.address(), "på spår", message_id=f"sched:{job}")
    assert world.inbound().process(bytes(forged)).status is Status.RECORDED
    clock.advance(timedelta(days=4))  # past the round's due time
    runner = JobRunner(
        container.app, container.engines, container.projector, clock.now, SchedulerConfig()
    )
    assert runner.run(job) not in ("already done", "already closed")
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        round_ = mq.get_round(conn, str(world.round_id))
        queued = {n["key"] for n in mq.notifications(conn)}
    assert round_ is not None and round_["state"] == "closed"
    assert f"round:{world.round_id}:summary" in queued


def test_the_same_id_through_two_doors_or_two_people_records_both(
    container: Container,
) -> None:
    plan = seed_plan(container.app)
    shared = "api:1f2e3d:retry-7"  # an Idempotency-Key's shape, sent as a Slack id too

    def health(comment: str, actor: str, channel: str) -> object:
        return container.app.execute(
            c.ReportHealth(initiative_id=plan.i272, health="at-risk", comment=comment),
            make_meta(actor=actor, channel=channel, source_id=shared),
        )

    first = health("via api", str(plan.anna), "api")
    second = health("via slack", str(plan.anna), "slack")
    third = health("via mail", str(plan.bengt), "email")
    again = health("via api", str(plan.anna), "api")
    results = [first, second, third, again]
    assert [r.replayed for r in results] == [False, False, False, True]  # type: ignore[attr-defined]
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        initiative = q.get_initiative(conn, str(plan.i272))
    assert initiative is not None and initiative["version"] == first.version + 2  # type: ignore[attr-defined]
    # Within one door and person, a key reused for another command is refused.
    try:
        health("something else", str(plan.anna), "slack")
    except IdempotencyKeyReused as refused:
        assert refused.field == "source_id"
    else:
        raise AssertionError("a reused key with another command was accepted")


def test_scheduler_receipts_from_before_the_namespaces_are_still_found(
    container: Container,
) -> None:
    plan = seed_plan(container.app)
    meta = make_meta(actor="system", channel="scheduler", source_id="sched:legacy:job")
    command = c.ReportHealth(initiative_id=plan.i272, health="blocked", comment="")
    # A receipt as the previous version stored it: keyed by the source_id alone.
    from services.application import fingerprint

    legacy = CommandReceipt(
        source_id="sched:legacy:job",
        command="ReportHealth",
        fingerprint=fingerprint(command),
        result={"aggregate_id": plan.i272.hex, "version": 3},
        meta=meta,
    )
    container.app.save(legacy)
    result = container.app.execute(command, meta)
    assert result.replayed and result.version == 3
    # The same legacy id through another door is no receipt of that door's.
    other = make_meta(actor=str(plan.anna), channel="email", source_id="sched:legacy:job")
    assert not container.app.execute(command, other).replayed
