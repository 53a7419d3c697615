"""Fuzzing the Slack front door (hypothesis): arbitrary slash-command text,
modal submissions, button values and shortcut messages, signed as Slack
signs them, into the real app over HTTP. No 5xx, no crash in the parsers,
and afterwards the read model still equals a fresh replay of the log — so
nothing half-recorded slipped in. Requests with arbitrary signature headers
and bodies (deeply nested, not UTF-8) are refused with one log line."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from structlog.testing import capture_logs

from adapters.slack import parse as p
from projections import tables as t
from projections.export import replay_in_memory, snapshot_from_db, snapshot_from_memory
from projections.meetings.tables import MEETING_TABLES
from tests.e2e import slack_requests as s
from tests.e2e.slack_world import ANNA, BENGT, MEETING_CHANNEL, NOBODY, World, slack_world

FORM = "application/x-www-form-urlencoded"
EXAMPLES = int(os.environ.get("SAMVERKA_FUZZ_EXAMPLES", "30"))
USERS = st.sampled_from([ANNA, BENGT, NOBODY, "U0UNKNOWN", ""])
WORDS = st.sampled_from(
    ["status", "incheckning", "checkin", "beslut", "anteckning", "dagordning", "möten",
     "hjälp", "språk", "2.7.2", "en", "sv", "mten", "", " ", "\u00a0", "%", "'; drop table",
     "möte", "ny", "bjud", "in", "flytta", "ställ", "avsluta", "närvaro", "stäng", "mötet",
     "utvärdering"]
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
    [
        "q:progress",
        "q:health",
        "q:hours",
        "title",
        "note",
        "text",
        "meeting",
        "decided_on",
        "x",
        "scope",
        "weekday",
        "start_time",
        "duration_minutes",
        "interval_weeks",
        "starts_on",
        "moderator",
        "secretary",
        "channel",
        "series",
        "people",
        "date",
        "time",
        "reason",
        "last_day",
        "present:0",
        "verdict",
        "comment",
    ]
)
VALUE = st.one_of(
    TEXT.map(s.text_value),
    TEXT.map(s.select_value),
    st.builds(lambda d: {"a": {"type": "datepicker", "selected_date": d}}, TEXT),
    JSONISH.map(lambda v: {"a": v if isinstance(v, dict) else {"value": v}}),
    st.builds(lambda t: {"a": {"type": "timepicker", "selected_time": t}}, TEXT),
    st.builds(lambda u: {"a": {"type": "users_select", "selected_user": u}}, USERS),
    st.builds(lambda u: {"a": {"type": "multi_users_select", "selected_users": u}}, JSONISH),
    st.builds(lambda o: {"a": {"type": "checkboxes", "selected_options": o}}, JSONISH),
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
            "meeting": TEXT,
            "listed": JSONISH,
            "form": JSONISH,
            "moderator": JSONISH,
            "secretary": JSONISH,
        },
    ).map(json.dumps),
)


# Header values as they arrive: visible Latin-1 (uvicorn decodes headers so).
HEADER = st.text(
    st.characters(min_codepoint=0x21, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=60
)
TIMESTAMPS = st.one_of(
    st.none(),
    HEADER,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(str),
    st.sampled_from(["abc", "1.5", "nan", "inf", "+1", "1_0", "9" * 400, "0", "-0"]),
    st.integers(min_value=-400, max_value=400).map(lambda d: str(int(time.time()) + d)),
)
SIGNATURES = st.one_of(
    st.none(),
    HEADER,
    st.binary(max_size=8).map(lambda b: "v0=" + hashlib.sha256(b).hexdigest()),
    st.sampled_from(["v0=", "v1=" + "0" * 64, "v0=" + "g" * 64, "V0=" + "0" * 64]),
)
CONTENT_TYPES = st.sampled_from(
    [FORM, "application/json", "text/plain", "", "application/json; charset=utf-16", "x/y"]
)
NESTINGS = st.sampled_from([("[", "", "]"), ('{"a":', "1", "}"), ("payload=[", "", "]")])
DEEP = st.builds(
    lambda n, shape, closed: (shape[0] * n + (shape[1] + shape[2] * n if closed else "")).encode(),
    # Deep enough for any parser's recursion limit, small enough to stay under
    # the 256 KiB body limit (a bigger body is a 413 before Slack's door).
    st.integers(min_value=1, max_value=20_000),
    NESTINGS,
    st.booleans(),
)
BODIES = st.one_of(
    TEXT.map(str.encode), st.binary(max_size=300), JSONISH.map(json.dumps).map(str.encode), DEEP
)


# Payloads with Slack's field names and types, their values of any shape.
SLACK_FIELDS = st.sampled_from(
    ["type", "event", "view", "actions", "user", "team", "channel", "message", "container",
     "command", "text", "user_id", "trigger_id", "response_url", "callback_id", "action_id",
     "block_id", "enterprise", "authorizations", "is_enterprise_install", "challenge",
     "ssl_check", "event_id", "private_metadata", "state", "workflow_step", "previous_message",
     "id", "hash", "value", "subtype", "tab", "bot_id", "thread_ts", "function_data"]
)  # fmt: skip
SLACK_TYPES = st.sampled_from(
    ["event_callback", "block_actions", "view_submission", "view_closed", "message_action",
     "shortcut", "url_verification", "block_suggestion", "interactive_message",
     "dialog_submission", "dialog_suggestion", "workflow_step_edit", "app_home_opened",
     "message", "app_mention", "function_executed", "workflow_step_execute", "modal",
     "workflow_step", "assistant_thread_started"]
)  # fmt: skip
SLACK_SHAPED: st.SearchStrategy[Any] = st.recursive(
    st.one_of(JSONISH, SLACK_TYPES),
    lambda inner: st.one_of(
        st.lists(inner, max_size=2), st.dictionaries(SLACK_FIELDS, inner, max_size=5)
    ),
    max_leaves=15,
)


def events_count(w: World) -> int:
    return int(w.k.app.recorder.max_notification_id() or 0)


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
    callback=st.sampled_from(
        [
            "checkin",
            "decision",
            "note",
            "agenda",
            "unknown",
            "series_new",
            "series_save",
            "series_invite",
            "occurrence_move",
            "occurrence_cancel",
            "series_end",
            "attendance",
            "series_evaluate",
        ]
    ),
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
    action=st.sampled_from(["checkin_open", "action_done", "evaluate_open", "nothing"]),
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


@FUZZ
@given(timestamp=TIMESTAMPS, signature=SIGNATURES, body=BODIES, content_type=CONTENT_TYPES)
def test_fuzzed_signature_headers_and_bodies_are_refused_with_one_log_line(
    world: World, timestamp: str | None, signature: str | None, body: bytes, content_type: str
):
    headers = {
        name: value.encode("latin-1")
        for name, value in (
            ("Content-Type", content_type),
            ("X-Slack-Request-Timestamp", timestamp),
            ("X-Slack-Signature", signature),
        )
        if value is not None
    }
    before, calls = events_count(world), len(world.fake.calls)
    with capture_logs() as logs:
        response = world.http.post("/slack/events", content=body, headers=headers)
    # 400 only for bytes that are not UTF-8 under well-formed signature headers.
    assert response.status_code in (400, 401), (response.status_code, response.text[:300])
    assert response.headers["content-type"] == "application/problem+json"
    assert [(e["event"], e["status"]) for e in logs] == [
        ("slack.request_refused", response.status_code)
    ]
    assert events_count(world) == before and len(world.fake.calls) == calls


@FUZZ
@given(body=DEEP, content_type=CONTENT_TYPES)
def test_fuzzed_deeply_nested_bodies_signed_as_slack_signs_them_are_a_4xx(
    world: World, body: bytes, content_type: str
):
    before = events_count(world)
    response = s.post(world.http, body.decode(), content_type)
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert response.status_code != 200 or len(body) < 20  # only a shallow one can be a payload
    assert events_count(world) == before


@FUZZ
@given(
    body=st.dictionaries(SLACK_FIELDS, SLACK_SHAPED, max_size=6),
    kind=st.one_of(st.none(), SLACK_TYPES),
    form=st.booleans(),
)
def test_fuzzed_payloads_of_slack_s_fields_signed_never_fail_the_request(
    world: World, body: dict[str, Any], kind: str | None, form: bool
):
    # Bolt indexes these fields assuming Slack's shapes while it routes a payload.
    payload = body if kind is None else {**body, "type": kind}
    if form:
        _ok(world, s.interactive(payload))
    else:
        _ok(world, json.dumps(payload), "application/json")


def test_after_the_fuzzing_the_read_model_equals_a_fresh_replay(world: World) -> None:
    world.k.projector.catch_up()
    tables = (*t.PLAN_TABLES, t.slack_links, *MEETING_TABLES)
    store, _ = replay_in_memory(world.k.app)
    with world.k.engines.read.connect() as conn:
        live = snapshot_from_db(conn, tables)
    assert live == snapshot_from_memory(store, tables)
