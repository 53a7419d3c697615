"""A plan's yearly survey through the doors that answer it, on SQLite and
PostgreSQL: the scheduler sends it on 1 December (its usual survey job),
a contact person answers by replying to the mail, and the compilation
counts the answer for the person's organisation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.email import tokens
from adapters.email.inbound import Status
from domain.checkins.round import survey_round_id
from projections.plans import compilation
from samverka.bootstrap import Container
from samverka.mail import inbound_for
from scheduler.derive import derive
from tests.integration.plan_scenario import build
from tests.mail_inbound_fixtures import DOMAIN, reply_mail


@pytest.fixture
def now() -> datetime:
    """Two days after the survey of 2025 went out."""
    return datetime(2025, 12, 3, 10, 0, tzinfo=UTC)


def test_the_scheduler_sends_it_and_a_reply_by_mail_is_counted(container: Container) -> None:
    k = container
    world = build(k.app)
    k.projector.catch_up()
    assert k.scheduler is not None
    wanted = f"survey:{world.survey}:2025:open"
    with k.engines.read.connect() as conn:
        jobs = derive(conn, k.clock.now(), k.scheduler.config)
    assert wanted in {job.key for job in jobs}
    k.scheduler.runner.run(wanted)
    k.projector.catch_up()
    round_id = survey_round_id(world.survey, 2025)
    person = world.contacts["arvika"]
    token = tokens.issue(k.settings.mail.secret, "c", round_id, person, k.clock.now().date(), 60)
    mail = reply_mail(
        tokens.reply_address(token, DOMAIN),
        "1: delvis\n2: Vi har börjat med föräldragrupper.",
        sender="arvika@example.se",
        subject="SV: Uppföljning 2025",
    )
    outcome = inbound_for(k, send=lambda _m: None).process(bytes(mail))
    assert outcome.status is Status.RECORDED, outcome
    k.projector.catch_up()
    with k.engines.read.connect() as conn:
        result = compilation.compile_year(conn, str(world.plan), 2025)
    assert result is not None and result["round"]["round_id"] == str(round_id)
    arvika = next(o for o in result["organisations"] if o["name"] == "Arvika kommun")
    assert arvika["answered"] and arvika["answers"]["IO1-1"] == "delvis"
    texts = result["areas"][0]["questions"][1]["this_year"]["texts"]
    assert texts[0]["text"] == "Vi har börjat med föräldragrupper."
    assert {m["name"] for m in result["response"]["missing"]} == {
        "Region Värmland",
        "Karlstads kommun",
    }
