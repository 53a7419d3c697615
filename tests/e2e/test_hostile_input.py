"""Control characters are refused at the domain, whichever door they come
through, with the door's own clear answer; nothing is recorded."""

from __future__ import annotations

import json
from pathlib import Path

from adapters.email.inbound import Status
from samverka.bootstrap import Container
from tests.e2e import test_api
from tests.e2e.test_api import PROBLEM, Api, make_initiative
from tests.e2e.test_cli import sv
from tests.mail_inbound_fixtures import build_world, reply_mail

api = test_api.api  # a served app with one client per role


def test_http_answers_422_naming_the_field(api: Api, container: Container) -> None:
    _, initiative = make_initiative(api)
    before = container.app.recorder.max_notification_id()
    nul = api.member.post(
        f"/api/v1/initiatives/{initiative}/health",
        json={"health": "at-risk", "comment": "a \u0000 b"},
    )
    assert nul.status_code == 422 and nul.headers["content-type"] == PROBLEM
    assert nul.json()["field"] == "comment" and "U+0000" in nul.json()["detail"]
    title = api.moderator.patch(f"/api/v1/initiatives/{initiative}", json={"title": "Två\nrader"})
    assert title.status_code == 422 and title.json()["field"] == "title"
    assert container.app.recorder.max_notification_id() == before


def test_the_cli_refuses_with_exit_code_2(database_url: str, tmp_path: Path) -> None:
    sv(database_url, "arena", "create", "2.7", "Hälsofrämjande digitalt liv")
    refused = sv(
        database_url,
        "initiative",
        "create",
        "2.7",
        "2.7.2",
        "Löpande\x07samordning",
        check=False,
    )
    assert refused.returncode == 2
    error = json.loads(refused.stderr[refused.stderr.rindex("{\n") :])
    assert error["error"] == "validation_failed" and error["field"] == "title"
    listed = json.loads(sv(database_url, "initiative", "list").stdout)
    assert listed == []


def test_a_mailed_answer_with_a_control_character_gets_help(container: Container) -> None:
    world = build_world(container)
    before = world.events()
    mail = reply_mail(world.address(), "risk\nVi väntar\x1b[31m på svar")
    outcome = world.inbound().process(bytes(mail))
    assert (outcome.status, outcome.reason) == (Status.HELP, "domain_validation_failed")
    assert outcome.replied and world.events() == before
    assert world.answers() == []
