"""What a checked reply does: a check-in answer, a note, an agenda item or
RSVPs, each one command on the person's behalf (channel `email`, the
Message-ID as source_id). Rules stay in the domain; its refusals become a
short Swedish answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from uuid import UUID

import structlog

from adapters.email.answers import NotUnderstood, format_help, parse_answers
from adapters.email.body import reply_text
from adapters.email.itip import Answer
from adapters.email.services import MailServices
from adapters.email.tokens import ReplyToken
from domain.commands import Command
from domain.errors import (
    DomainError,
    Forbidden,
    IdempotencyKeyReused,
    InvalidTransition,
    NotFound,
)
from domain.meetings import commands as m
from domain.meetings import minutes as n
from domain.meetings.rsvp import RecordRsvp
from domain.meta import Channel
from services.commands import Context
from services.i18n import DEFAULT_LANGUAGE, N_, lang_of, translator

log = structlog.get_logger(__name__)

_REPLY_PREFIX = re.compile(r"^\s*((re|sv|vs|vb|fw|fwd|aw|antw)\s*(\[\d+\])?\s*:\s*)+", re.I)
_NOTE = re.compile(r"^\s*(anteckning|note)\s*:\s*", re.I)


@dataclass(frozen=True)
class Reply:
    kind: str  # a key of bounce.TEXTS
    detail: str = ""
    format_lines: str = ""
    # The language of the answer: the person's chosen one, when the mail was theirs.
    lang: str = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Done:
    status: str  # an inbound.Status value
    reason: str
    aggregate_id: UUID | None = None
    reply: Reply | None = None


def clean_subject(subject: str) -> str:
    """The subject without "SV:", "Re:", "VB:", "Fwd:" prefixes."""
    return _REPLY_PREFIX.sub("", subject.replace("\n", " ")).strip()


# Why an answer was refused, per kind of error and what was answered.
_REFUSALS = {
    ("closed", "checkin"): N_("the check-in is closed, cancelled or has not opened yet."),
    ("closed", "meeting"): N_("the meeting is closed, cancelled or has not started yet."),
    ("forbidden", "checkin"): N_("you are not among those who may answer the check-in."),
    ("forbidden", "meeting"): N_("you are not among those invited to the meeting."),
    ("not_found", "checkin"): N_("we did not find the check-in."),
    ("not_found", "meeting"): N_("we did not find the meeting."),
    ("other", "checkin"): N_("the answer did not fit the check-in."),
    ("other", "meeting"): N_("the message did not fit the meeting."),
}


def _refusal(error: DomainError, what: str, lang: str = DEFAULT_LANGUAGE) -> str:
    kind = "other"
    if isinstance(error, InvalidTransition):
        kind = "closed"
    elif isinstance(error, Forbidden):
        kind = "forbidden"
    elif isinstance(error, NotFound):
        kind = "not_found"
    return _refusal_words(kind, what, lang)


def _refusal_words(kind: str, what: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return translator(lang).gettext(_REFUSALS[kind, what])


class Actions:
    def __init__(self, services: MailServices, now: Callable[[], datetime]) -> None:
        self.services = services
        self.commands = services.commands
        self.now = now

    def _lang(self, person: UUID) -> str:
        """The language the person chose in their settings; Swedish without one."""
        row = self.services.plan.get_person(str(person))
        chosen = row.get("language") if row is not None else None
        return lang_of(str(chosen)) if chosen else DEFAULT_LANGUAGE

    def _run(self, command: Command, person: UUID, source: str, what: str) -> Done:
        context = Context(actor=str(person), channel=Channel.EMAIL, source_id=source)
        try:
            result = self.commands.run(command, context)
        except IdempotencyKeyReused:
            return Done("duplicate", "message_id_seen")
        except DomainError as error:
            log.info("mail.refused_by_domain", code=error.code, message_id=source)
            lang = self._lang(person)
            refusal = Reply("closed", _refusal(error, what, lang), lang=lang)
            return Done("help", "domain_" + error.code, None, refusal)
        if result.replayed or result.position is None:
            return Done("duplicate", "already_recorded", result.aggregate_id)
        return Done("recorded", type(command).__name__, result.aggregate_id)

    # -- check-in ----------------------------------------------------------------

    def checkin(self, token: ReplyToken, message: EmailMessage, source: str) -> Done:
        lang = self._lang(token.person)
        found = self.services.checkins.get_round(str(token.target))
        if found is None:
            return Done(
                "help",
                "round_unknown",
                None,
                Reply("closed", _refusal_words("not_found", "checkin", lang), lang=lang),
            )
        questions = found["questions"]
        try:
            answers = parse_answers(questions, reply_text(message))
        except NotUnderstood as error:
            log.info("mail.not_understood", reason=error.reason, message_id=source)
            return Done(
                "help",
                "not_understood",
                None,
                Reply("help_checkin", "", format_help(questions, lang), lang=lang),
            )
        command = m.AnswerCheckIn(
            round_id=token.target,
            person_id=token.person,
            answers=answers,
            answered_at=self.now(),
        )
        done = self._run(command, token.person, source, "checkin")
        if done.reason == "domain_validation_failed":
            return Done(
                "help",
                done.reason,
                None,
                Reply("help_checkin", "", format_help(questions, lang), lang=lang),
            )
        return done

    # -- notes and agenda items --------------------------------------------------

    def series_mail(self, token: ReplyToken, message: EmailMessage, source: str) -> Done:
        subject = clean_subject(str(message.get("Subject", "") or ""))
        body = reply_text(message)
        lines = [line.strip() for line in body.split("\n")]
        first = next((line for line in lines if line), "")
        lang = self._lang(token.person)
        now = self.now()
        series = str(token.target)
        if _NOTE.match(subject) or _NOTE.match(first):
            if _NOTE.match(subject):
                text = "\n".join(filter(None, [_NOTE.sub("", subject), body])).strip()
            else:
                text = _NOTE.sub("", body.strip(), count=1).strip()
            meeting = self.services.meetings.meeting_for_note(series, now)
            if meeting is None or not text:
                return Done(
                    "help",
                    "no_open_meeting",
                    None,
                    Reply("help_series", translator(lang).gettext(_NO_MEETING), lang=lang),
                )
            day = date.fromisoformat(meeting["occurrence_date"])
            command: Command = n.AddMeetingNote(
                series_id=token.target, occurrence_date=day, text=text[:5000]
            )
            return self._run(command, token.person, source, "meeting")
        title = subject or first
        note = body if subject else "\n".join(lines[lines.index(first) + 1 :]).strip()
        upcoming = self.services.meetings.next_meeting(series, now)
        if upcoming is None or not title:
            return Done("help", "no_next_meeting", None, Reply("help_series", lang=lang))
        command = m.AddAgendaItem(
            series_id=token.target,
            occurrence_date=date.fromisoformat(upcoming["date"]),
            title=title[:300],
            note=note[:5000] or None,
        )
        return self._run(command, token.person, source, "meeting")

    # -- RSVP --------------------------------------------------------------------

    def rsvp(self, token: ReplyToken, email: str, answers: list[Answer], source: str) -> Done:
        mine = [a for a in answers if a.attendee == email]
        if not mine and len({a.attendee for a in answers}) == 1:
            mine = answers  # one attendee, and the From address is the person's
        if not mine:
            return Done("bounced", "attendee_mismatch", None, Reply("sender"))
        last: Done = Done("duplicate", "nothing_new")
        recorded = None
        for n_answer, answer in enumerate(mine):
            key = source if n_answer == 0 else f"{source}#{n_answer}"
            command = RecordRsvp(
                series_id=token.target,
                person_id=token.person,
                response=answer.response,
                occurrence_date=answer.occurrence_date,
            )
            last = self._run(command, token.person, key[:200], "meeting")
            if last.status == "recorded":
                recorded = last
        return recorded or last


_NO_MEETING = N_(
    "\n\nRight now the series has no ongoing or earlier open meeting to take a note in."
)
