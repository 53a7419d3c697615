"""The message actions "Spara som mötesanteckning" / "Spara som beslut":
on any message in a channel during a meeting of a series that uses the
channel (its `teams_channel`), the message's text is saved in that meeting's
minutes, with a link back to the message.

Teams asks in two steps (invoke activities, answered in the HTTP response):
`composeExtension/fetchTask` opens a dialog showing the meeting and the text
(which may be edited; a decision may get its rationale), and
`composeExtension/submitAction` saves it. A message saved twice (a double
click) is recorded once: the command's source_id is the message's.
"""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any
from uuid import UUID

from microsoft_agents.activity import Activity

from adapters.teams import cards
from adapters.teams.values import channel_of, source_id
from adapters.teams.words import not_linked, t, when
from domain.commands import Command
from domain.errors import DomainError, IdempotencyKeyReused
from domain.meetings import minutes as n
from services.i18n import N_
from services.i18n.errors import error_text

if TYPE_CHECKING:
    from adapters.teams.door import TeamsDoor

# The manifest's command ids -> what they save.
COMMANDS = {"saveNote": "note", "saveDecision": "decision"}
TITLES = {"note": N_("Save as meeting note"), "decision": N_("Save as decision")}
SAVED = {
    "decision": N_("The decision is saved in {meeting}."),
    "note": N_("The note is saved in {meeting}."),
}
LIMITS = {"note": 4000, "decision": 2000}
_BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "blockquote"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def message_text(payload: dict[str, Any]) -> str:
    """A message's text: its body, from HTML when Teams gives HTML."""
    body = payload.get("body")
    if not isinstance(body, dict) or not isinstance(body.get("content"), str):
        return ""
    content = str(body["content"])
    if str(body.get("contentType") or "").lower() == "html":
        parser = _Text()
        parser.feed(content)
        parser.close()
        content = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in content.replace("\r", "").split("\n")]
    return "\n".join(line for line in lines if line).strip()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(text: str) -> dict[str, Any]:
    """An invoke answer that shows `text` in a small dialog."""
    return {"task": {"type": "message", "value": text}}


def dialog(kind: str, meeting: dict[str, Any], text: str, lang: str) -> dict[str, Any]:
    """The message action's dialog: the meeting, and the text to save (editable)."""
    heading = f"{meeting['title']} – {when(meeting['start'], lang)}"
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": _cut(heading, 300), "wrap": True},
        {
            "type": "Input.Text",
            "id": "text",
            "label": t("Decision", lang) if kind == "decision" else t("Note", lang),
            "isMultiline": True,
            "maxLength": LIMITS[kind],
            "isRequired": True,
            "errorMessage": t("Write something here.", lang),
            "value": _cut(text, LIMITS[kind]),
        },
    ]
    if kind == "decision":
        body.append(
            {
                "type": "Input.Text",
                "id": "rationale",
                "label": t("Rationale", lang),
                "isMultiline": True,
                "maxLength": 2000,
            }
        )
    card = {
        "type": "AdaptiveCard",
        "$schema": cards.SCHEMA,
        "version": cards.VERSION,
        "body": body,
        "actions": [{"type": "Action.Submit", "title": t("Save", lang)}],
    }
    return {
        "task": {
            "type": "continue",
            "value": {
                "title": t(TITLES[kind], lang),
                "width": "medium",
                "height": "medium",
                "card": {"contentType": cards.CONTENT_TYPE, "content": card},
            },
        }
    }


class MessageActions:
    def __init__(self, door: TeamsDoor) -> None:
        self.door = door

    def handle(self, activity: Activity) -> dict[str, Any]:
        value = activity.value if isinstance(activity.value, dict) else {}
        aad = activity.from_property.aad_object_id if activity.from_property else None
        lang = self.door.lang(aad)
        kind = COMMANDS.get(str(value.get("commandId") or ""))
        payload = value.get("messagePayload")
        if kind is None or not isinstance(payload, dict):
            return _message(t("That did not work: {reason}", lang, reason="commandId"))
        person = self.door.person(activity)
        if person is None:
            return _message(not_linked(lang, aad))
        conversation = activity.conversation.id if activity.conversation else ""
        channel = channel_of(str(conversation or ""))
        meeting = self.door.services.meetings.meeting_now(channel, None, self.door.now())
        if meeting is None:
            return _message(
                t("No meeting of this channel is on right now; nothing was saved.", lang)
            )
        original = message_text(payload)
        if activity.name == "composeExtension/fetchTask":
            if not original:
                return _message(t("The message has no text to save.", lang))
            return dialog(kind, meeting, original, lang)
        given = value.get("data")
        data: dict[str, Any] = given if isinstance(given, dict) else {}
        return self._save(kind, meeting, payload, data, original, person, channel, lang)

    def _save(
        self,
        kind: str,
        meeting: dict[str, Any],
        payload: dict[str, Any],
        data: dict[str, Any],
        original: str,
        person: str,
        channel: str,
        lang: str,
    ) -> dict[str, Any]:
        edited = data.get("text")
        text = edited.strip() if isinstance(edited, str) and edited.strip() else original
        if not text:
            return _message(t("The message has no text to save.", lang))
        rationale = data.get("rationale")
        link = payload.get("linkToMessage")
        source = link if isinstance(link, str) and link.startswith("https://") else None
        series, day = UUID(meeting["series_id"]), date.fromisoformat(meeting["date"])
        command: Command
        try:
            if kind == "decision":
                command = n.DecideInMeeting(
                    series_id=series,
                    occurrence_date=day,
                    text=text,
                    rationale=rationale.strip() or None if isinstance(rationale, str) else None,
                    source=source,
                )
            else:
                command = n.AddMeetingNote(
                    series_id=series, occurrence_date=day, text=text, source=source
                )
            message_id = str(payload.get("id") or "-")
            self.door.run(command, person, source_id(kind, channel, message_id))
        except IdempotencyKeyReused:  # saved before, with other words
            meeting_name = f"{meeting['title']} {meeting['date']}"
            return _message(
                t("This message is saved in {meeting} already.", lang, meeting=meeting_name)
            )
        except DomainError as error:
            reason = error_text(error, lang)
            return _message(t("That did not work: {reason}", lang, reason=reason))
        except ValueError as error:  # a text the command's own limits refuse
            return _message(t("That did not work: {reason}", lang, reason=str(error)[:200]))
        return _message(t(SAVED[kind], lang, meeting=f"{meeting['title']} {meeting['date']}"))
