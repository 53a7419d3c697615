"""A person who chooses to be reached in Teams: refused while the Teams
door links them to no Teams user, then their notifications go to their
chat with the bot; while the bot knows no chat of theirs they go as `auto`
would (here: e-mail), and that is logged. The clock is fixed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest
from structlog.testing import capture_logs

from domain import commands as c
from domain.errors import ValidationFailed
from domain.meetings import commands as m
from domain.meta import make_meta
from samverka.notifiers import build_notifier
from scheduler.config import SchedulerConfig
from scheduler.dispatch import Dispatcher
from services.notifications import Addressee
from tests.e2e.teams_world import ANNA, TeamsWorld, teams_world
from tests.e2e.test_teams_proactive import ANNA_CHAT, delivered_channels, install
from tests.e2e.test_teams_proactive import notifier as teams_notifier

pytestmark = pytest.mark.slow


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TeamsWorld]:
    with teams_world(tmp_path, monkeypatch) as w:
        yield w


def choose_teams(w: TeamsWorld, person: UUID) -> None:
    command = c.SetPreferences(person_id=person, language="sv", channel="teams")
    w.k.app.execute(command, make_meta(actor=str(person), channel="web"))
    w.k.projector.catch_up()


def notify(w: TeamsWorld, key: str, person: UUID) -> dict[str, str]:
    """Queues a notice to `person` and dispatches it through a notifier built
    as `serve` builds it (a new one: who is reachable is read afresh)."""
    queue = m.QueueNotification(
        key=key, kind="reminder", subject="Hej", text="Hej",
        person_ids=[person], not_after=w.k.clock.now() + timedelta(days=1),
    )  # fmt: skip
    w.k.app.execute(queue, make_meta(actor="system", channel="scheduler"))
    w.k.projector.catch_up()
    k = w.k
    routes = build_notifier(k.settings, k.plan, k.clock.now)
    assert Dispatcher(
        k.app, k.engines, k.projector, routes, k.clock.now, SchedulerConfig()
    ).run_once()
    return delivered_channels(w, key)


def test_teams_is_chosen_only_when_linked_and_used_once_the_bot_can_write(
    world: TeamsWorld,
) -> None:
    anna = world.ids["anna"]
    with pytest.raises(ValidationFailed) as refused:
        choose_teams(world, anna)
    assert (refused.value.field, refused.value.rule) == ("channel", "person.no_teams")
    # Linked by the Teams door (its own tables), she may choose Teams.
    world.store.link(ANNA["aadObjectId"], str(anna), "cli", world.k.clock.now())
    choose_teams(world, anna)
    person = world.k.plan.get_person(str(anna))
    assert person is not None and person["channel"] == "teams"
    # Linked, but the bot knows no chat of hers: as `auto`, logged.
    addressee = Addressee(str(anna), "Anna", "email", reach="teams")
    with capture_logs() as logs:
        assert teams_notifier(world).prefer(addressee) is None
    assert [e["event"] for e in logs] == ["teams.reach_fallback"]
    assert notify(world, "test:reach:before", anna) == {str(anna): "email"}
    install(world, ANNA, ANNA_CHAT)
    assert teams_notifier(world).prefer(addressee) == "teams"
    assert notify(world, "test:reach:after", anna) == {str(anna): "teams"}
    [card] = world.ms.connector.cards(ANNA_CHAT["id"])
    assert "Hej" in str(card)
