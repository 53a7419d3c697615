"""A person's own settings over real HTTP: the language is stored for the
person (a new browser follows it) and the channel they are reached on is
the one notifications use; a channel they cannot be reached on is refused
at its field; someone else's settings cannot be set; CSRF is required."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain import commands as c
from domain.errors import Forbidden
from domain.meetings import commands as m
from domain.meta import make_meta
from samverka.demo import Loaded
from tests.e2e.web_world import *  # noqa: F403 (the world's fixtures)
from tests.e2e.web_world import SYSTEM, WebWorld, csrf_of, settings

__all__ = ["settings"]  # the fixtures used here


def test_my_language_and_channel_are_stored_for_me(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    k = world.k
    me = world.member
    with world.session(me) as client:
        page = client.get("/settings").text
        assert "Inställningar" in page and 'aria-current="page"' in page
        done = client.post(
            "/settings",
            data={"csrf": csrf_of(page), "form_id": "settings-0123456789ab",
                  "language": "en", "channel": "email"},
        )  # fmt: skip
        assert done.status_code == 303 and "samverka_lang=en" in done.headers["set-cookie"]
        assert "Saved." in client.get(done.headers["location"]).text
    person = k.plan.get_person(me)
    assert person is not None and (person["language"], person["channel"]) == ("en", "email")
    # A browser that has not chosen a language shows the person's.
    with world.session(me) as fresh:
        fresh.cookies.delete("samverka_lang")
        assert '<html lang="en">' in fresh.get("/").text
    # Notifications reach the person by e-mail now, Slack id or not.
    k.app.execute(c.LinkSlackUser(person_id=UUID(me), slack_user_id="U024BE7LH"), SYSTEM)
    queued = k.app.execute(
        m.QueueNotification(
            key="test:settings", kind="reminder", subject="Hej", text="Hej",
            person_ids=[UUID(me)], not_after=k.clock.now() + timedelta(days=1),
        ),
        make_meta(actor="system", channel="scheduler"),
    )  # fmt: skip
    k.projector.catch_up()
    assert queued.aggregate_id is not None
    rows = k.checkins.notifications_page(limit=10, offset=0).items
    assert [r["recipients"][0]["channel"] for r in rows if r["key"] == "test:settings"] == ["email"]


def test_a_channel_i_cannot_be_reached_on_is_refused(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    with world.session(world.member) as client:
        page = client.get("/settings").text
        refused = client.post(
            "/settings", data={"csrf": csrf_of(page), "language": "sv", "channel": "slack"}
        )
        missing = client.post("/settings", data={"language": "sv", "channel": "email"})
    assert refused.status_code == 422 and 'id="channel-error"' in refused.text
    assert "Du är inte kopplad till Slack än" in refused.text
    assert missing.status_code == 403
    person = world.k.plan.get_person(world.member)
    assert person is not None and person["channel"] is None


def test_nobody_sets_someone_elses_settings(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    command = c.SetPreferences(person_id=UUID(world.member), language="en", channel="auto")
    with pytest.raises(Forbidden):
        world.k.app.execute(command, make_meta(actor=world.moderator, channel="web"))


class _Linked:
    """The Teams door's answer (domain.uow.TeamsLinks): these people are linked."""

    def __init__(self, *people: str) -> None:
        self.people = set(people)

    def teams_linked(self, person_id: UUID) -> bool:
        return str(person_id) in self.people


def test_teams_is_offered_and_chosen_once_the_teams_door_links_me(
    demo: tuple[WebWorld, Loaded],
) -> None:
    world, _ = demo
    me = world.member
    with world.session(me) as client:
        page = client.get("/settings").text
        assert 'id="channel-teams"' in page and "Microsoft Teams" in page
        chosen = {"csrf": csrf_of(page), "language": "sv", "channel": "teams"}
        refused = client.post("/settings", data=chosen)
        assert refused.status_code == 422 and 'id="channel-error"' in refused.text
        assert "Du är inte kopplad till Teams än" in refused.text
        world.k.app.teams_links = _Linked(me)
        done = client.post("/settings", data=chosen)
        assert done.status_code == 303, done.text
        shown = client.get(done.headers["location"]).text
    assert 'id="channel-teams" name="channel" value="teams" checked' in shown
    person = world.k.plan.get_person(me)
    assert person is not None and person["channel"] == "teams"
