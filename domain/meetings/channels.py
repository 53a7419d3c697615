"""Where a series' messages are posted besides people's own inboxes: a Slack
channel and a Teams channel, each checked here."""

from __future__ import annotations

from domain.errors import ValidationFailed
from domain.values import optional_text


def check_slack_channel(value: str | None) -> str:
    """`#name` or a channel id (`C024BE91L`); "" for none."""
    text = optional_text(value, "slack_channel", max_len=80, multiline=False)
    if text and (not text.startswith("#") and not text[:1].isupper()):
        raise ValidationFailed("a Slack channel is #name or a channel id", field="slack_channel")
    return text


def check_teams_channel(value: str | None) -> str:
    """A Teams channel's conversation id (`19:...@thread.tacv2`), without the
    `;messageid=...` a thread's conversation id carries; "" for none."""
    text = optional_text(value, "teams_channel", max_len=200, multiline=False)
    text = text.split(";", 1)[0]
    if text and (not text.startswith("19:") or any(ch.isspace() for ch in text)):
        raise ValidationFailed(
            "a Teams channel is its conversation id, 19:...@thread.tacv2",
            field="teams_channel",
            rule="series.teams_channel",
        )
    return text
