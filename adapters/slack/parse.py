"""Pure translations of Slack payloads: subcommands, modal inputs, source ids.

Nothing here talks to Slack or the database; listeners call these and then
the application once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from domain.errors import DomainError
from services.chat_commands import (  # shared with the Teams door
    SUBCOMMANDS,
    Subcommand,
    checkin_answers,
    number,
    parse_command,
)

__all__ = [
    "SUBCOMMANDS",
    "Subcommand",
    "checkin_answers",
    "number",
    "parse_command",
]


def source_id(*parts: str | None) -> str:
    """A source_id from Slack's own ids: `slack:<part>:<part>...` (printable ASCII)."""
    text = ":".join(["slack", *(p or "-" for p in parts)])
    return "".join(c for c in text if "!" <= c <= "~")[:200]


def view_source(view: dict[str, Any]) -> str:
    """A submitted view is the same submission while its id and hash are."""
    return source_id("view", view.get("id"), view.get("hash"))


def inputs(view: dict[str, Any]) -> dict[str, str | None]:
    """A modal's values by block id: the text typed or the option chosen."""
    found: dict[str, str | None] = {}
    values = (view.get("state") or {}).get("values") or {}
    for block_id, actions in values.items():
        for action in actions.values():
            kind = action.get("type")
            if kind in ("static_select", "radio_buttons"):
                option = action.get("selected_option") or {}
                found[block_id] = option.get("value")
            elif kind == "datepicker":
                found[block_id] = action.get("selected_date")
            else:
                value = action.get("value")
                found[block_id] = value.strip() if isinstance(value, str) else None
    return found


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        found = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def question_block(error: DomainError, questions: list[dict[str, Any]]) -> str | None:
    """The modal block of the question a domain error names (its `question` param)."""
    named = error.params.get("question")
    return f"q:{named}" if any(q["id"] == named for q in questions) else None


def confirmed_email(user: Any) -> str | None:
    """The e-mail address of a Slack user object (users.info, users.lookupByEmail)
    when Slack says the user confirmed it: `is_email_confirmed` is true. Slack
    returns that flag on user objects but leaves it out of its field reference;
    without it, or for a deactivated user or a bot, there is no address to trust."""
    if not isinstance(user, dict) or user.get("is_email_confirmed") is not True:
        return None
    if user.get("deleted") or user.get("is_bot"):
        return None
    profile = user.get("profile")
    email = profile.get("email") if isinstance(profile, dict) else None
    return email.strip() if isinstance(email, str) and email.strip() else None


# The shapes Slack documents for the fields Bolt indexes while it routes a
# payload; Bolt assumes them and answers 500 with a traceback when they differ.
_TEXT = (str,)
_OBJECT = (dict,)
_REFERENCE = (str, dict, type(None))  # "user": "U1" or {"id": "U1", ...}
_ENVELOPE: dict[str, tuple[type, ...]] = {
    "type": _TEXT,
    "callback_id": _TEXT,
    "action_id": _TEXT,
    "block_id": _TEXT,
    "command": _TEXT,
    "event": _OBJECT,
    "view": _OBJECT,
    "message": _OBJECT,
    "previous_message": _OBJECT,
    "workflow_step": _OBJECT,
    "container": _OBJECT,
    "actions": (list,),
    "authorizations": (list,),
    "user": _REFERENCE,
    "team": _REFERENCE,
    "channel": _REFERENCE,
    "enterprise": _REFERENCE,
}
_INNER: dict[str, dict[str, tuple[type, ...]]] = {
    "event": {
        "type": _TEXT,
        "message": (dict, type(None)),
        "previous_message": (dict, type(None)),
        "workflow_step": _OBJECT,
        "user": _REFERENCE,
        "channel": _REFERENCE,
    },
    "view": {"type": _TEXT, "callback_id": _TEXT, "id": _TEXT, "hash": _TEXT},
    "workflow_step": {"workflow_step_edit_id": _TEXT, "step_id": _TEXT},
}
_ACTION = {"action_id": _TEXT, "block_id": _TEXT, "type": _TEXT, "action_ts": _TEXT}
# Payload types and the fields they cannot do without.
_REQUIRED = {
    "block_actions": "actions",
    "block_suggestion": "action_id",
    "dialog_suggestion": "callback_id",
    "shortcut": "callback_id",
    "message_action": "callback_id",
    "workflow_step_edit": "callback_id",
    "interactive_message": "callback_id",
    "dialog_submission": "callback_id",
    "dialog_cancellation": "callback_id",
}


def _mismatch(fields: dict[str, Any], shapes: Mapping[str, tuple[type, ...]]) -> str | None:
    for name, allowed in shapes.items():
        if name in fields and not isinstance(fields[name], allowed):
            return name
    return None


def envelope_problem(body: Any) -> str | None:
    """The first field of a payload whose shape is not Slack's (None when all
    are): checked before Bolt routes the payload, so the answer is a 400."""
    if not isinstance(body, dict):
        return "body"
    if (wrong := _mismatch(body, _ENVELOPE)) is not None:
        return wrong
    for name, shapes in _INNER.items():
        if isinstance(body.get(name), dict) and (wrong := _mismatch(body[name], shapes)):
            return f"{name}.{wrong}"
    for action in body.get("actions", ()):
        if not isinstance(action, dict) or _mismatch(action, _ACTION) is not None:
            return "actions"
    if not all(isinstance(entry, dict) for entry in body.get("authorizations", ())):
        return "authorizations"
    required = _REQUIRED.get(body.get("type", ""))
    if required is not None and not body.get(required):
        return required
    return None
