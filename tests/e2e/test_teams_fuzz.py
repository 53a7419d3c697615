"""Fuzzing the Teams front door (hypothesis): arbitrary activities, validly
signed, into the real app over HTTP. No 5xx, and afterwards the read model
still equals a fresh replay of the log, so nothing half-recorded slipped in.
Arbitrary Authorization headers are a 401, with nothing recorded or sent."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.teams.values import parse_activity
from projections import tables as t
from projections.export import replay_in_memory, snapshot_from_db, snapshot_from_memory
from projections.meetings.tables import MEETING_TABLES
from tests.e2e.teams_world import ANNA, BENGT, CHANNEL, NOBODY, PERSONAL, TeamsWorld, teams_world

pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("SAMVERKA_FUZZ_EXAMPLES", "30"))
WORDS = st.sampled_from(
    ["status", "incheckning", "möten", "hjälp", "språk", "en", "sv", "beslut", "2.7.2",
     "<at>Samverka</at>", "stauts", "", " ", "\u00a0", "'; drop table", "möte", "ny",
     "bjud", "in", "flytta", "ställ", "avsluta", "närvaro", "stäng", "utvärdering"]
)  # fmt: skip
TEXT = st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=5).map(" ".join))
JSONISH: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        TEXT,
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=12), inner, max_size=3)
    ),
    max_leaves=8,
)
SENDERS = st.sampled_from([ANNA, BENGT, NOBODY, {"id": "29:x"}, {}, None])
FIELDS = st.sampled_from(
    ["type", "text", "value", "from", "conversation", "recipient", "entities", "id",
     "channelData", "membersAdded", "attachments", "replyToId", "locale", "name"]
)  # fmt: skip
MODERATOR_ACTIONS = st.sampled_from(
    [f"samverka.mod.{k}" for k in ("series_preview", "series_save", "series_edit", "invite",
     "move", "cancel", "end", "attendance", "evaluate", "nothing")]
)  # fmt: skip
MODERATOR_INPUTS = st.sampled_from(
    ["title", "scope", "weekday", "start_time", "duration_minutes", "interval_weeks",
     "starts_on", "moderator", "secretary", "channel", "form", "form_id", "series", "people",
     "email", "meeting", "date", "time", "reason", "last_day", "present", "listed", "verdict",
     "comment"]
)  # fmt: skip
KINDS = st.sampled_from(
    ["message", "conversationUpdate", "installationUpdate", "invoke", "event", "typing", ""]
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TeamsWorld]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        tmp: Path = tmp_path_factory.mktemp("teamsfuzz")
        with teams_world(tmp, monkeypatch) as w:
            yield w


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@given(JSONISH)
def test_any_json_parses_to_an_activity_or_none(body: Any) -> None:
    parse_activity(body)  # never raises


@FUZZ
@given(
    kind=KINDS,
    text=st.one_of(st.none(), TEXT),
    sender=SENDERS,
    personal=st.booleans(),
    round_value=st.booleans(),
    value=st.dictionaries(st.one_of(st.text(max_size=12), MODERATOR_INPUTS), JSONISH, max_size=5),
    action=st.one_of(st.none(), MODERATOR_ACTIONS),
)
def test_fuzzed_activities_never_fail_the_request(
    world: TeamsWorld,
    kind: str,
    text: str | None,
    sender: dict[str, Any] | None,
    personal: bool,
    round_value: bool,
    value: dict[str, Any],
    action: str | None,
) -> None:
    activity = world.activity(text, conversation=PERSONAL if personal else CHANNEL, type=kind)
    activity["from"] = sender
    if round_value:
        value = value | {"action": "samverka.checkin", "round_id": str(world.ids["round_id"])}
    if action is not None:
        value = value | {"action": action}
    activity["value"] = value
    response = world.post(activity)
    assert response.status_code < 500, (response.status_code, response.text[:300])


@FUZZ
@given(body=st.dictionaries(FIELDS, JSONISH, max_size=6), kind=st.one_of(st.none(), KINDS))
def test_fuzzed_bodies_of_activity_fields_never_fail_the_request(
    world: TeamsWorld, body: dict[str, Any], kind: str | None
) -> None:
    payload = body | {"serviceUrl": world.ms.connector.url}
    if kind is not None:
        payload["type"] = kind
    response = world.http.post(
        "/api/messages",
        content=json.dumps(payload),
        headers={
            "Authorization": "Bearer "
            + world.ms.issuer.token(service_url=world.ms.connector.url, now=world.k.clock.now()),
            "Content-Type": "application/json",
        },
    )
    assert response.status_code < 500, (response.status_code, response.text[:300])


@FUZZ
@given(header=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=300))
def test_fuzzed_authorization_headers_are_a_401(world: TeamsWorld, header: str) -> None:
    before, sent = world.events(), len(world.ms.connector.sent)
    response = world.http.post(
        "/api/messages", json=world.activity("status"), headers={"Authorization": header}
    )
    assert response.status_code == 401, response.text[:300]
    assert world.events() == before and len(world.ms.connector.sent) == sent


def test_after_the_fuzzing_the_read_model_equals_a_fresh_replay(world: TeamsWorld) -> None:
    world.k.projector.catch_up()
    tables = (*t.PLAN_TABLES, *MEETING_TABLES)
    store, _ = replay_in_memory(world.k.app)
    with world.k.engines.read.connect() as conn:
        live = snapshot_from_db(conn, tables)
    assert live == snapshot_from_memory(store, tables)
