"""Requests signed exactly as Slack signs them, and the payloads Slack sends."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

import httpx

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
_ids = itertools.count(1)


def signature(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def post(
    client: httpx.Client,
    body: str,
    content_type: str,
    *,
    secret: str = SECRET,
    timestamp: int | None = None,
    signed: bool = True,
    retry: int | None = None,
) -> httpx.Response:
    # slack-bolt refuses a request timestamp five minutes off the machine's
    # clock: signatures are made on it (the world itself uses the test clock).
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {"Content-Type": content_type}
    if signed:
        headers["X-Slack-Request-Timestamp"] = stamp
        headers["X-Slack-Signature"] = signature(secret, stamp, body)
    if retry is not None:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return client.post("/slack/events", content=body.encode(), headers=headers)


def form(**fields: str) -> str:
    return urlencode(fields)


def slash(text: str, user: str, response_url: str, command: str = "/samverka") -> str:
    n = next(_ids)
    return form(
        token="legacy",
        team_id="T1",
        team_domain="test",
        channel_id="C0GENERAL",
        channel_name="general",
        user_id=user,
        user_name="someone",
        command=command,
        text=text,
        api_app_id="A1",
        response_url=f"{response_url}/response/cmd{n}",
        trigger_id=f"{n}.trigger.{n:08d}",
    )


def interactive(payload: dict[str, Any]) -> str:
    return form(payload=json.dumps(payload))


def _interaction(kind: str, user: str, trigger_id: str) -> dict[str, Any]:
    """What every interaction payload from the test workspace starts with."""
    return {
        "type": kind,
        "team": {"id": "T1"},
        "user": {"id": user},
        "api_app_id": "A1",
        "trigger_id": trigger_id,
    }


def block_action(user: str, action_id: str, value: str) -> dict[str, Any]:
    n = next(_ids)
    return {
        **_interaction("block_actions", user, f"{n}.trigger.act{n:06d}"),
        "container": {"type": "message", "message_ts": "1700000000.000001"},
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b",
                "value": value,
                "type": "button",
                "action_ts": f"17000000{n:02d}.0001",
            }
        ],
    }


def view_submission(
    user: str,
    view: dict[str, Any],
    values: dict[str, Any],
    view_id: str = "VSUB1",
    view_hash: str = "h1",
) -> dict[str, Any]:
    """Submits a view as Slack would: the view we opened, with state values."""
    submitted = {**view, "id": view_id, "hash": view_hash, "state": {"values": values}}
    return {
        **_interaction("view_submission", user, f"{next(_ids)}.trigger.view"),
        "view": submitted,
    }


def text_value(value: str) -> dict[str, Any]:
    return {"a": {"type": "plain_text_input", "value": value}}


def select_value(value: str) -> dict[str, Any]:
    return {"a": {"type": "static_select", "selected_option": {"value": value}}}


def message_shortcut(
    user: str, callback_id: str, channel: str, ts: str, text: str, response_url: str
) -> dict[str, Any]:
    n = next(_ids)
    return {
        "type": "message_action",
        "callback_id": callback_id,
        "team": {"id": "T1"},
        "user": {"id": user},
        "channel": {"id": channel, "name": "samordning"},
        "message": {"type": "message", "user": "U0OTHER01", "ts": ts, "text": text},
        "message_ts": ts,
        "response_url": f"{response_url}/response/sc{n}",
        "trigger_id": f"{n}.trigger.sc",
    }


def event(inner: dict[str, Any], event_id: str) -> str:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": inner,
        }
    )
