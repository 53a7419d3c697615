"""Personuppgifter over real HTTP, on the demo world: an admin reads a demo
person's registerutdrag (their name, e-mail address and every action of
theirs in the audit trail) on screen, as JSON and as PDF; "Glöm personen"
says what will and will not be erased, then forgets them: their page and
registerutdrag show "[borttagen person]" and the log still verifies. No one
else sees any of it; the form without its CSRF token records nothing."""

from __future__ import annotations

import re
from typing import NamedTuple

import httpx
import orjson
import pytest

from domain.meetings.commands import QueueNotification
from domain.person import ERASED_NAME
from samverka.demo import Loaded
from samverka.demo_data import email_of
from services.queries.audit import AuditFilter
from tests.e2e.web_world import (
    SYSTEM,
    AdminSession,
    WebWorld,
    admin_session,
    container,
    csrf_of,
    demo,
    notifier,
    settings,
)

# the fixtures used here
__all__ = ["admin_session", "container", "demo", "notifier", "settings"]


def actions_of(world: WebWorld, person_id: str) -> list[int]:
    """The positions of every line of the audit trail by the person."""
    found: list[int] = []
    cursor: int | None = None
    while True:
        rows, cursor = world.k.trail.page(AuditFilter(actor_id=person_id, after=cursor), limit=200)
        found += [int(r["position"]) for r in rows]
        if cursor is None:
            return found


def positions_on(html: str) -> list[int]:
    section = html.split('id="h-actions"', 1)[1].split("</section>", 1)[0]
    return [int(n) for n in re.findall(r"Nr (\d+)", section)]


class AdminAndBengt(NamedTuple):
    world: WebWorld
    client: httpx.Client  # signed in as an admin
    bengt: str  # Bengt Stavenow's person id
    actions: list[int]  # the positions of his actions in the audit trail


@pytest.fixture
def admin_and_bengt(demo: tuple[WebWorld, Loaded], admin_session: AdminSession) -> AdminAndBengt:
    """An admin signed in, and Bengt Stavenow of the demo with what he did."""
    world, _admin, client = admin_session
    person = str(demo[1].persons["bengt"])
    return AdminAndBengt(world, client, person, actions_of(world, person))


def test_a_registerutdrag_holds_the_person_and_everything_they_did(
    admin_and_bengt: AdminAndBengt,
) -> None:
    world, client, bengt, actions = admin_and_bengt
    assert actions, "the demo has Bengt report on his initiatives"
    for key, who in (("minutes-1", [bengt, world.member]), ("minutes-2", [world.member])):
        notice = QueueNotification(
            key=key, kind="minutes", person_ids=who, subject="Protokoll från 2.7", text="…"
        )
        world.k.app.execute(notice, SYSTEM)
    world.k.projector.catch_up()
    person = client.get(f"/admin/people/{bengt}").text
    assert f'href="/admin/people/{bengt}/record"' in person
    page = client.get(f"/admin/people/{bengt}/record")
    assert page.status_code == 200
    html = page.text
    assert "Registerutdrag: Bengt Stavenow" in html
    assert email_of("Bengt Stavenow") in html and "Innovation Skåne" in html
    assert positions_on(html) == actions
    events = html.split('id="h-events"', 1)[1].split("</section>", 1)[0]
    assert "Registrerad" in events and "Bengt Stavenow" in events  # decrypted

    client.cookies.set("samverka_lang", "en")
    english = client.get(f"/admin/people/{bengt}/record").text
    assert f"What the person did ({len(actions)})" in english
    assert "Download as PDF" in english
    assert "Glöm" not in client.get(f"/admin/people/{bengt}/forget").text
    client.cookies.delete("samverka_lang")

    as_json = client.get(f"/admin/people/{bengt}/record.json")
    assert as_json.status_code == 200
    assert as_json.headers["content-type"].startswith("application/json")
    assert "attachment" in as_json.headers["content-disposition"]
    record = orjson.loads(as_json.content)
    assert record["person"]["name"] == "Bengt Stavenow"
    assert record["person_events"][0]["name"] == "Bengt Stavenow"
    assert record["person_events"][0]["email"] == email_of("Bengt Stavenow")
    assert [a["position"] for a in record["actions"]] == actions
    assert any(a["code"] == "2.7" for a in record["arenas"])
    assert [n["subject"] for n in record["notifications"]] == ["Protokoll från 2.7"]

    as_pdf = client.get(f"/admin/people/{bengt}/record.pdf")
    assert as_pdf.status_code == 200 and as_pdf.content.startswith(b"%PDF")
    assert as_pdf.headers["content-type"] == "application/pdf"
    assert "Bengt Stavenow".encode("latin-1") in as_pdf.content
    assert email_of("Bengt Stavenow").encode("latin-1") in as_pdf.content


def test_glom_personen_erases_the_name_and_the_log_still_verifies(
    admin_and_bengt: AdminAndBengt,
) -> None:
    world, client, bengt, actions = admin_and_bengt
    k = world.k
    confirm = client.get(f"/admin/people/{bengt}/forget")
    assert confirm.status_code == 200
    text = confirm.text
    assert "Glöm Bengt Stavenow?" in text
    assert "Det här tas bort" in text and "Det här tas inte bort" in text
    assert "Fritext som andra har skrivit" in text
    assert f"{len(actions)} rader i händelseloggen" in text

    refused = client.post(f"/admin/people/{bengt}/forget", data={"form_id": "x" * 16})
    assert refused.status_code == 403
    assert k.plan.get_person(bengt)["name"] == "Bengt Stavenow"  # type: ignore[index]

    done = client.post(
        f"/admin/people/{bengt}/forget",
        data={"csrf": csrf_of(text), "form_id": "forget-bengt-0123456789"},
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/admin/people/{bengt}/record?saved=forgotten"
    after = client.get(done.headers["location"]).text
    assert f"Registerutdrag: {ERASED_NAME}" in after
    assert "Bengt Stavenow" not in after
    assert email_of("Bengt Stavenow") not in after
    assert positions_on(after) == actions  # what he did stays, without his name

    person = client.get(f"/admin/people/{bengt}").text
    assert ERASED_NAME in person and "Bengt Stavenow" not in person
    record = orjson.loads(client.get(f"/admin/people/{bengt}/record.json").content)
    assert {e.get("name", ERASED_NAME) for e in record["person_events"]} == {ERASED_NAME}
    assert record["person"]["email"] is None
    pdf = client.get(f"/admin/people/{bengt}/record.pdf").content
    assert b"Bengt Stavenow" not in pdf

    verdict = k.audit.verify(None)
    assert verdict.ok, verdict


def test_no_one_but_an_admin_reads_or_forgets(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    bengt = str(loaded.persons["bengt"])
    with world.session(world.member) as client:
        for path in ("record", "record.json", "record.pdf", "forget"):
            answer = client.get(f"/admin/people/{bengt}/{path}")
            assert answer.status_code == 403
            assert "Bengt Stavenow" not in answer.text.split("<main", 1)[1]
        token = csrf_of(client.get("/").text)
        refused = client.post(
            f"/admin/people/{bengt}/forget", data={"csrf": token, "form_id": "y" * 16}
        )
        assert refused.status_code == 403
    assert world.k.plan.get_person(bengt)["forgotten"] is False  # type: ignore[index]
