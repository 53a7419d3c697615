"""What the scheduler's notifications look like in Teams: Adaptive Cards
(schema 1.5) for a person's chat with the bot and for a series' channel.

A check-in prompt or reminder carries a button that opens the round's form
(the door answers it with `cards.checkin_card`); a meeting reminder shows
when, where and the agenda; the evaluation prompt is the evaluation's form
(`moderator_cards.evaluation_prompt_card`); anything else (the minutes, a
round summary) its subject and text.
"""

from __future__ import annotations

from typing import Any

from adapters.teams.cards import SCHEMA, VERSION
from adapters.teams.moderator_cards import evaluation_prompt_card
from adapters.teams.words import t, when

CHECKIN_OPEN = "samverka.checkin.open"
MAX_PARAGRAPHS = 20
MAX_TEXT = 3000


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _card(body: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def _heading(text: str) -> dict[str, Any]:
    return {
        "type": "TextBlock",
        "text": _cut(text, 300),
        "weight": "Bolder",
        "size": "Medium",
        "wrap": True,
    }


def _paragraphs(text: str) -> list[dict[str, Any]]:
    """The text's paragraphs as plain text blocks (no markdown: it is not ours)."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()][:MAX_PARAGRAPHS]
    return [{"type": "TextBlock", "text": _plain(_cut(p, MAX_TEXT)), "wrap": True} for p in parts]


def _plain(text: str) -> str:
    """Text shown as itself: Adaptive Cards read a subset of markdown in a
    TextBlock, so what marks emphasis or links is escaped."""
    return "".join("\\" + c if c in "\\`*_[]" else c for c in text)


def checkin_prompt(subject: str, text: str, round_id: str, lang: str) -> dict[str, Any]:
    """A check-in prompt (or reminder) with the button that opens the form."""
    button = {
        "type": "Action.Submit",
        "title": t("Answer the check-in", lang),
        "style": "positive",
        "data": {"action": CHECKIN_OPEN, "round_id": round_id},
    }
    return _card([_heading(subject), *_paragraphs(text)], [button])


def announcement(subject: str, data: dict[str, Any], text: str, lang: str) -> dict[str, Any]:
    """A meeting reminder in the series' channel: when, where, the agenda."""
    if "starts_at" not in data:
        return message(subject, text)
    facts = [{"title": t("When", lang), "value": when(data["starts_at"], lang)}]
    where = data.get("location") or ""
    if where:
        facts.append({"title": t("Where", lang), "value": _plain(_cut(str(where), 300))})
    agenda = [
        f"{n}. {_plain(_cut(str(a), 300))}" for n, a in enumerate(data.get("agenda") or [], 1)
    ][:50]
    body: list[dict[str, Any]] = [
        _heading(subject),
        {"type": "FactSet", "facts": facts},
        {"type": "TextBlock", "text": t("Agenda", lang), "weight": "Bolder", "wrap": True},
        {"type": "TextBlock", "text": "\n\n".join(agenda) or "–", "wrap": True},
    ]
    carried = [f"- {_plain(_cut(str(c), 300))}" for c in data.get("carried_forward") or []][:30]
    if carried:
        body += [
            {
                "type": "TextBlock",
                "text": t("Open action items", lang),
                "weight": "Bolder",
                "wrap": True,
            },
            {"type": "TextBlock", "text": "\n".join(carried), "wrap": True},
        ]
    actions = []
    video = data.get("video_link")
    if isinstance(video, str) and video.startswith("https://"):
        actions.append(
            {"type": "Action.OpenUrl", "title": t("Join the meeting", lang), "url": video}
        )
    return _card(body, actions)


def minutes(subject: str, text: str) -> dict[str, Any]:
    """The minutes of a closed meeting: their lines one under the other (a
    card's text joins lines that are not paragraphs), as one text."""
    lines = [_plain(line.strip()) for line in text.splitlines() if line.strip()]
    said = _cut("\n\n".join(lines), 2 * MAX_TEXT) or "–"
    return _card([_heading(subject), {"type": "TextBlock", "text": said, "wrap": True}], [])


def message(subject: str, text: str) -> dict[str, Any]:
    """Any other notification: its subject and its text."""
    return _card([_heading(subject), *_paragraphs(text)], [])


def render(kind: str, subject: str, text: str, data: dict[str, Any], lang: str) -> dict[str, Any]:
    round_id = data.get("round_id")
    if kind in ("checkin-open", "checkin-reminder") and round_id:
        return checkin_prompt(subject, text, str(round_id), lang)
    if kind == "reminder":
        return announcement(subject, data, text, lang)
    if kind == "minutes":
        return minutes(subject, text)
    series_id = data.get("series_id")
    if kind == "evaluation-prompt" and series_id:
        # The form itself: its submit is recorded like `utvärdering`'s.
        return evaluation_prompt_card(subject, text, str(series_id), lang)
    return message(subject, text)
