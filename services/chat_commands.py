"""What a member types to a chat bot (Slack's slash command, a Teams message),
and what they fill into its check-in form, as the doors share it: the words,
did-you-mean, and numbers as people type them. Pure: no I/O."""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.commands import Command
from domain.meetings.commands import AddAgendaItem
from domain.meetings.minutes import AddMeetingNote, DecideInMeeting
from services.commands import CommandService
from services.ports import Clock
from services.queries.checkins import CheckInQueries
from services.queries.meetings import MeetingQueries
from services.queries.plan import PlanQueries
from services.views import Views

SUBCOMMANDS = {
    "status": "status",
    "läge": "status",
    "incheckning": "checkin",
    "checkin": "checkin",
    "check-in": "checkin",
    "beslut": "decision",
    "decision": "decision",
    "anteckning": "note",
    "note": "note",
    "dagordning": "agenda",
    "agenda": "agenda",
    "möten": "meetings",
    "möte": "meetings",
    "meeting": "meetings",
    "meetings": "meetings",
    "hjälp": "help",
    "help": "help",
    "språk": "language",
    "language": "language",
    # What a moderator or secretary does (also after `möte`: `möte ny`).
    "närvaro": "attendance",
    "attendance": "attendance",
    "stäng": "close",
    "close": "close",
    "utvärdering": "evaluate",
    "utvärdera": "evaluate",
    "evaluate": "evaluate",
    "bjud": "invite",
    "invite": "invite",
    "flytta": "move",
    "move": "move",
    "ställ": "cancel",
    "cancel": "cancel",
    "avsluta": "end",
    "end": "end",
}
# `möte <verb>`: the moderator's words for a series and its meetings.
MEETING_VERBS = {
    "ny": "series_new",
    "new": "series_new",
    **{
        k: v
        for k, v in SUBCOMMANDS.items()
        if v in ("attendance", "close", "evaluate", "invite", "move", "cancel", "end")
    },
}
# Words that only finish a phrase: "bjud in", "ställ in", "stäng mötet".
_FILLERS = {"in", "mötet", "meeting", "the"}
# Words a person's keyboard may lack the ring or dots for.
_PLAIN = {
    "mten": "möten",
    "moten": "möten",
    "mote": "möte",
    "hjalp": "hjälp",
    "sprak": "språk",
    "lage": "läge",
    "narvaro": "närvaro",
    "stang": "stäng",
    "stall": "ställ",
    "utvardering": "utvärdering",
}


@dataclass(frozen=True)
class Subcommand:
    # status | checkin | decision | note | agenda | meetings | help | language | unknown,
    # and a moderator's: series_new | invite | move | cancel | end | attendance | close | evaluate
    name: str
    args: str = ""
    word: str = ""
    suggestion: str | None = None


def parse_command(text: str | None) -> Subcommand:
    """`/samverka incheckning 2.7.2` -> Subcommand("checkin", "2.7.2")."""
    clean = unicodedata.normalize("NFC", (text or "").strip())
    if not clean:
        return Subcommand("help")
    word, _, rest = clean.partition(" ")
    key = word.casefold()
    key = _PLAIN.get(key, key)
    name = SUBCOMMANDS.get(key)
    if name is None:
        close = difflib.get_close_matches(key, list(SUBCOMMANDS), n=1, cutoff=0.7)
        return Subcommand("unknown", rest.strip(), word[:40], close[0] if close else None)
    rest = rest.strip()
    if key in ("möte", "meeting") and rest:
        verb, _, more = rest.partition(" ")
        verb = verb.casefold()
        found = MEETING_VERBS.get(_PLAIN.get(verb, verb))
        if found is not None:
            name, word, rest = found, f"{word} {verb}", more.strip()
    if name in MEETING_VERBS.values():
        first, _, after = rest.partition(" ")
        if first.casefold() in _FILLERS:
            rest = after.strip()
    return Subcommand(name, rest, word)


def number(value: str) -> int | float | None:
    """A number as people type it ("3", "2,5"); None when it is not one."""
    text = value.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        parsed = float(text)
    except ValueError:
        return None
    if math.isnan(parsed) or math.isinf(parsed):
        return None
    return int(parsed) if parsed.is_integer() and "." not in text else parsed


def checkin_answers(
    questions: list[dict[str, Any]], values: dict[str, str | None]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers typed into a check-in modal, and the inputs that are not
    even of the right kind (block id -> error key); the domain checks the rest."""
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions:
        block = f"q:{question['id']}"
        value = values.get(block)
        if value is None or value == "":
            continue
        if question["kind"] == "number":
            parsed = number(value)
            if parsed is None:
                errors[block] = "not_a_number"
                continue
            answers[question["id"]] = parsed
        else:
            answers[question["id"]] = value
    return answers, errors


@dataclass(frozen=True)
class ChatServices:
    """What a chat door (Slack, Teams) is given (never the container)."""

    commands: CommandService
    views: Views
    clock: Clock
    plan: PlanQueries
    meetings: MeetingQueries
    checkins: CheckInQueries


def meeting_entry(kind: str, series: UUID, day: date, typed: Mapping[str, Any]) -> Command:
    """What a chat door's meeting form records in a meeting: a decision
    (`decision`), a note (`note`) or an agenda item (any other kind)."""
    at: dict[str, Any] = {"series_id": series, "occurrence_date": day}
    if kind == "decision":
        rationale = typed.get("rationale") or None
        return DecideInMeeting(**at, text=typed.get("text") or "", rationale=rationale)
    if kind == "note":
        return AddMeetingNote(**at, text=typed.get("text") or "")
    return AddAgendaItem(**at, title=typed.get("title") or "", note=typed.get("note") or None)
