"""Fuzzing the Slack front door (hypothesis): arbitrary slash-command text,
modal submissions, button values and shortcut messages, signed as Slack
signs them, into the real app over HTTP. No 5xx, no crash in the parsers,
and afterwards the read model still equals a fresh replay of the log — so
nothing half-recorded slipped in."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.slack import parse as p
from projections import tables as t
from projections.export import replay_in_memory, snapshot_from_db, snapshot_from_memory
from projections.meetings_tables import MEETING_TABLES
from tests.e2e import slack_requests as s
from tests.e2e.slack_world import ANNA, BENGT, MEETING_CHANNEL, NOBODY, World, slack_world

FORM = "application/x-www-form-urlencoded"
EXAMPLES = int(os.environ.get("SAMVERKA_FUZZ_EXAMPLES", "30"))
USERS = st.sampled_from([ANNA, BENGT, NOBODY, "U0UNKNOWN", ""])
WORDS = st.sampled_from(
    ["status", "incheckning", "checkin", "beslut", "anteckning", "dagordning", "möten",
     "hjälp", "språk", "2.7.2", "en", "sv", "mten", "", " ", "\u00a0", "%", "'; drop table"]
)  # fmt: skip
TEXT = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=5).map(" ".join))
JSONISH: st.SearchStrategy[Any] = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=12), inner, max_size=3)
    ),
    max_leaves=8,
)
BLOCKS = st.sampled_from(
    ["q:progress", "q:health", "q:hours", "title", "note", "text", "meeting", "decided_on", "x"]
)
VALUE = st.one_of(
    TEXT.map(s.text_value),
    TEXT.map(s.select_value),
    st.builds(lambda d: {"a": {"type": "datepicker", "selected_date": d}}, TEXT),
    JSONISH.map(lambda v: {"a": v if isinstance(v, dict) else {"value": v}}),
)
METADATA = st.one_of(
    TEXT,
    st.fixed_dictionaries(
        {},
        optional={
            "round_id": TEXT,
            "series_id": TEXT,
            "occurrence_date": TEXT,
            "source": TEXT,
            "kind": TEXT,
        },
    ).map(json.dumps),
)


# -- the pure parsers ----------------------------------------------------------------------


@given(TEXT)
def test_any_command_text_parses_to_a_known_subcommand(text: str) -> None:
    sub = p.parse_command(text)
    assert sub.name in {*p.SUBCOMMANDS.values(), "unknown"}
    assert len(sub.word) <= 40


@given(st.dictionaries(st.text(max_size=10), JSONISH, max_size=4), TEXT)
def test_any_view_state_and_metadata_parse_without_raising(view: dict[str, Any], meta: str) -> None:
    found = p.inputs({**view, "state": {"values": {"b": {"a": view}}}})
    assert all(v is None or isinstance(v, str) for v in found.values())
    assert isinstance(p.metadata({"private_metadata": meta}), dict)
    assert p.source_id(meta, None).isascii()


@given(TEXT)
def test_numbers_are_numbers_or_none(text: str) -> None:
    value = p.number(text)
    assert value is None or isinstance(value, int | float)


# -- the whole front door, over HTTP -------------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with pytest.MonkeyPatch.context() as monkeypatch:
        tmp: Path = tmp_path_factory.mktemp("slackfuzz")
        with slack_world(tmp, monkeypatch) as w:
            yield w


def _ok(w: World, body: str, content_type: str = FORM) -> None:
    response = s.post(w.http, body, content_type)
    assert response.status_code < 500, (response.status_code, response.text[:500])


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(user=USERS, text=TEXT)
def test_fuzzed_slash_commands_get_an_answer_not_an_error(world: World, user: str, text: str):
    _ok(world, s.slash(text, user, world.fake.url))


@FUZZ
@given(
    user=USERS,
    callback=st.sampled_from(["checkin", "decision", "note", "agenda", "unknown"]),
    metadata=METADATA,
    values=st.dictionaries(BLOCKS, VALUE, max_size=4),
)
def test_fuzzed_modal_submissions_never_fail_the_request(
    world: World, user: str, callback: str, metadata: str, values: dict[str, Any]
):
    view = {"type": "modal", "callback_id": callback, "private_metadata": metadata}
    _ok(world, s.interactive(s.view_submission(user, view, values)))


@FUZZ
@given(
    user=USERS,
    action=st.sampled_from(["checkin_open", "action_done", "nothing"]),
    value=TEXT,
    shortcut=st.sampled_from(["save_as_note", "save_as_decision"]),
    message=TEXT,
    channel=st.sampled_from([MEETING_CHANNEL, "C0ELSEWHERE", ""]),
)
def test_fuzzed_buttons_and_shortcuts_never_fail_the_request(
    world: World, user: str, action: str, value: str, shortcut: str, message: str, channel: str
):
    _ok(world, s.interactive(s.block_action(user, action, value)))
    ts = f"17000{abs(hash(message)) % 10**5:05d}.000100"
    payload = s.message_shortcut(user, shortcut, channel, ts, message, world.fake.url)
    _ok(world, s.interactive(payload))


@FUZZ
@given(body=st.one_of(TEXT, JSONISH.map(json.dumps)))
def test_fuzzed_raw_bodies_are_refused_cleanly(world: World, body: str):
    _ok(world, body, FORM)
    _ok(world, body, "application/json")


def test_after_the_fuzzing_the_read_model_equals_a_fresh_replay(world: World) -> None:
    world.k.projector.catch_up()
    tables = (*t.PLAN_TABLES, *MEETING_TABLES)
    store, _ = replay_in_memory(world.k.app)
    with world.k.engines.read.connect() as conn:
        live = snapshot_from_db(conn, tables)
    assert live == snapshot_from_memory(store, tables)
