"""What the Teams door does with an activity it trusts: who the sender is,
their language, the member's words (services/chat_commands, shared with
Slack), running a command on their behalf (channel `teams`, a source_id from
Teams' ids) and the reply.

Blocking: the router runs `handle` in a worker thread; its replies are
posted after the activity is answered (adapters/teams/replies.py), through
the async Bot Connector client on the connector's own loop, which keeps its
clients and connections between calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import aiohttp
import structlog
from microsoft_agents.activity import Activity, Attachment

from adapters.teams import cards, notices
from adapters.teams.actions import MessageActions
from adapters.teams.config import TeamsConfig
from adapters.teams.connector import Connector
from adapters.teams.moderator import VERBS, TeamsModerator
from adapters.teams.moderator_cards import ACTION as MODERATOR_ACTION
from adapters.teams.replies import LazyReplies
from adapters.teams.store import ConversationRef, Known, TeamsStore
from adapters.teams.values import (
    channel_of,
    is_uuid,
    meeting_ref,
    source_id,
)
from adapters.teams.values import (
    typed as typed_input,
)
from adapters.teams.words import help_text, lang_of, not_linked, t, unknown
from domain.commands import Command
from domain.errors import DomainError
from domain.meetings import commands as c
from domain.meta import Channel
from services.application import CommandResult
from services.chat_commands import (
    ChatServices,
    Subcommand,
    checkin_answers,
    meeting_entry,
    parse_command,
)
from services.commands import Context
from services.i18n import N_
from services.i18n.errors import error_text

log = structlog.get_logger(__name__)
CHECKIN_ACTION = "samverka.checkin"
# A meeting card's submit: its action -> what the card records.
MEETING_ACTIONS = {
    "samverka.decision": "decision",
    "samverka.note": "note",
    "samverka.agenda": "agenda",
}
MESSAGE_ACTION_INVOKES = ("composeExtension/fetchTask", "composeExtension/submitAction")
SAVED = {
    "decision": N_("The decision is saved in {meeting}."),
    "note": N_("The note is saved in {meeting}."),
}


# What the Teams tables say about the sender of the message being handled
# (this thread's), read on one connection instead of one per question.
_sender: ContextVar[Known | None] = ContextVar("teams_sender", default=None)


# What the Teams door is given (never the container).
TeamsServices = ChatServices


class TeamsDoor:
    def __init__(
        self, services: TeamsServices, config: TeamsConfig, store: TeamsStore, connector: Connector
    ) -> None:
        self.services = services
        self.config = config
        self.store = store
        self.connector = connector
        self.replies = LazyReplies(connector)
        self.moderator = TeamsModerator(self)

    def now(self) -> datetime:
        return self.services.clock.now()

    # -- who -------------------------------------------------------------------------------

    def person(self, activity: Activity) -> str | None:
        """The person linked to the sender: an explicit link (`samverka teams
        link`), else the one person with the e-mail address or UPN the
        conversation's roster gives for them (then remembered), when the
        conversation is in the bot's own tenant and that person is not linked
        to another Teams user."""
        aad = activity.from_property.aad_object_id if activity.from_property else None
        if not aad:
            return None
        known = _sender.get()
        linked = (
            known.person_id
            if known is not None and known.aad == aad and known.person_id
            else self.store.person_of(aad)
        )
        if linked is not None:
            found = self.services.plan.get_person(linked)
            return None if found is None or found["forgotten"] else linked
        tenant = activity.conversation.tenant_id if activity.conversation else None
        if tenant != self.config.tenant_id:
            # Another organisation's directory vouches for nobody here.
            log.info("teams.not_linked", reason="other_tenant")
            return None
        try:
            member = self.connector.run(self.connector.member(activity))
        except (aiohttp.ClientError, TimeoutError, ValueError, OSError) as error:
            log.info("teams.member_lookup_failed", error=type(error).__name__)
            return None
        people = self.people_by_email((member.model_extra or {}) if member is not None else {})
        if len(people) != 1:
            log.info("teams.not_linked", reason="no_single_person", found=len(people))
            return None
        if self.store.aad_of(next(iter(people))):
            # Linked to another Teams user already: only an administrator relinks.
            log.info("teams.not_linked", reason="person_linked_elsewhere")
            return None
        person = people.pop()
        self.store.link(aad, person, "email", self.now())
        log.info("teams.linked", person_id=person, how="email")
        return person

    def people_by_email(self, entry: Mapping[str, Any]) -> set[str]:
        """The persons (not forgotten) whose e-mail address is the `email` or
        `userPrincipalName` a conversation's roster gives for a member."""
        addresses = {
            str(entry[k]).strip().casefold()
            for k in ("email", "userPrincipalName")
            if isinstance(entry.get(k), str) and "@" in entry[k]
        }
        return {
            str(p["id"])
            for address in addresses
            for p in self.services.plan.persons_by_email(address)
            if not p["forgotten"]
        }

    def roster_entry(self, activity: Activity, member_id: str) -> dict[str, Any] | None:
        """A member of the activity's conversation as its roster has them:
        `aad` and what else it gives (`email`, `userPrincipalName`)."""
        try:
            member = self.connector.run(self.connector.member(activity, member_id))
        except (aiohttp.ClientError, TimeoutError, ValueError, OSError) as error:
            log.info("teams.member_lookup_failed", error=type(error).__name__)
            return None
        if member is None:
            return None
        return {**(member.model_extra or {}), "aad": member.aad_object_id}

    def lang(self, aad: str | None) -> str:
        known = _sender.get()
        if known is not None and known.aad == aad:
            found = known.language
        else:
            found = self.store.language(f"user:{aad}") if aad else None
        return lang_of(found or self.config.language)

    # -- do --------------------------------------------------------------------------------

    def run(self, command: Command, actor: str, source: str) -> CommandResult:
        context = Context(actor=actor, channel=Channel.TEAMS, source_id=source)
        return self.services.commands.run(command, context)

    def handle(self, activity: Activity) -> dict[str, Any] | None:
        """Does what the activity asks; an invoke's answer (the HTTP response's
        body), else None."""
        kind = activity.type
        conversation, sender = activity.conversation, activity.from_property
        if conversation is None or not conversation.id or sender is None or not sender.id:
            # Nowhere to answer, or nobody to answer: the Bot Framework never
            # sends such an activity.
            log.info("teams.activity_incomplete", kind=str(kind)[:40])
            return None
        if kind in ("conversationUpdate", "installationUpdate"):
            self.remember(activity)
        elif kind == "message":
            token = _sender.set(self._known(activity))
            try:
                self.remember(activity)
                self.message(activity)
            finally:
                _sender.reset(token)
        elif kind == "invoke" and activity.name in MESSAGE_ACTION_INVOKES:
            return MessageActions(self).handle(activity)
        else:
            log.info("teams.activity_ignored", kind=str(kind)[:40])
        return None

    @staticmethod
    def _scope(activity: Activity) -> str | None:
        """Where `remember` keeps the activity's conversation."""
        conversation = activity.conversation
        if conversation is None or not conversation.id:
            return None
        if conversation.conversation_type == "personal":
            aad = activity.from_property.aad_object_id if activity.from_property else None
            return f"user:{aad}" if aad else None
        return f"channel:{channel_of(str(conversation.id))}"[:200]

    def _known(self, activity: Activity) -> Known | None:
        """What the Teams tables say about the sender, read once for a message."""
        aad = activity.from_property.aad_object_id if activity.from_property else None
        scope = self._scope(activity)
        return self.store.known(aad, scope) if aad and scope else None

    def remember(self, activity: Activity) -> None:
        """Keeps where the bot can write first: the member's personal chat, or
        the channel it was added to."""
        conversation = activity.conversation
        if conversation is None or not conversation.id or not activity.service_url:
            return
        tenant = str(conversation.tenant_id or "")
        # A message in a channel's thread names the thread too (`;messageid=`):
        # posts go to the channel itself.
        ref = ConversationRef(str(activity.service_url), channel_of(str(conversation.id)), tenant)
        scope = self._scope(activity)
        if scope is not None:
            self.store.remember(scope, ref, self.now(), _sender.get())

    def message(self, activity: Activity) -> None:
        aad = activity.from_property.aad_object_id if activity.from_property else None
        lang = self.lang(aad)
        value = activity.value if isinstance(activity.value, dict) else None
        if value is not None and value.get("action") == notices.CHECKIN_OPEN:
            self.open_checkin(activity, value, aad, lang)
            return
        if value is not None and value.get("action") == CHECKIN_ACTION:
            self.submit_checkin(activity, value, aad, lang)
            return
        if value is not None and value.get("action") in MEETING_ACTIONS:
            self.submit_meeting(activity, value, MEETING_ACTIONS[value["action"]], aad, lang)
            return
        if value is not None and str(value.get("action")).startswith(MODERATOR_ACTION):
            if (person := self.person(activity)) is None:
                self.reply_text(activity, not_linked(lang, aad))
            else:
                self.moderator.submit(activity, value, person, lang)
            return
        text = activity.remove_recipient_mention() if activity.text else ""
        sub = parse_command(text)
        if sub.name == "help":
            self.reply_text(activity, help_text(lang))
            return
        if sub.name == "unknown":
            self.reply_text(activity, unknown(sub.word, sub.suggestion, lang))
            return
        if sub.name == "language":
            chosen = "en" if sub.args.lower().startswith(("en", "eng")) else "sv"
            if aad:
                self.store.set_language(f"user:{aad}", chosen)
            self.reply_text(activity, t("I will write to you in English from now on.", chosen))
            return
        person = self.person(activity)
        if person is None:
            self.reply_text(activity, not_linked(lang, aad))
            return
        try:
            self.subcommand(activity, sub, person, lang)
        except DomainError as error:
            reason = error_text(error, lang)
            self.reply_text(activity, t("That did not work: {reason}", lang, reason=reason))

    def subcommand(self, activity: Activity, sub: Subcommand, person: str, lang: str) -> None:
        now = self.now()
        if sub.name in VERBS:
            self.moderator.command(activity, sub, person, lang)
        elif sub.name == "status":
            found = self.services.plan.initiatives_of(person)
            self.reply_text(activity, cards.status_text(found, lang))
        elif sub.name == "meetings":
            until = (now + timedelta(days=365)).date()
            found = self.services.meetings.upcoming(now=now, until=until, person_id=person)[:20]
            self.reply_text(activity, cards.meetings_text(found, lang))
        elif sub.name == "checkin":
            checkins = self.services.checkins
            checkin = checkins.open_round_for(person, now, wanted=sub.args)
            if checkin is None:
                self.reply_text(activity, t("You have no open check-ins.", lang))
                return
            previous = checkins.answers_of(checkin["id"], person)
            card = cards.checkin_card(checkin, previous, lang, CHECKIN_ACTION)
            self.reply_card(activity, card)
        elif sub.name in ("decision", "note"):
            meetings = self.services.meetings.my_meetings(person, now)
            if not meetings:
                self.reply_text(activity, t("You are not invited to any meeting right now.", lang))
                return
            action = f"samverka.{sub.name}"
            self.reply_card(
                activity, cards.minutes_card(sub.name, meetings, lang, action, sub.args)
            )
        elif sub.name == "agenda":
            series = self.services.meetings.next_meetings(person, now)
            if not series:
                self.reply_text(activity, t("You are not invited to any meeting right now.", lang))
                return
            self.reply_card(activity, cards.agenda_card(series, lang, "samverka.agenda"))

    def open_checkin(
        self, activity: Activity, value: dict[str, Any], aad: str | None, lang: str
    ) -> None:
        """The button of a check-in prompt: the round's form, with what the
        person answered before."""
        person = self.person(activity)
        if person is None:
            self.reply_text(activity, not_linked(lang, aad))
            return
        round_id = str(value.get("round_id") or "")
        checkins = self.services.checkins
        checkin = (
            checkins.open_round_for(person, self.now(), round_id=round_id)
            if is_uuid(round_id)
            else None
        )
        if checkin is None:
            self.reply_text(activity, t("The check-in is closed or not yours.", lang))
            return
        previous = checkins.answers_of(round_id, person)
        self.reply_card(activity, cards.checkin_card(checkin, previous, lang, CHECKIN_ACTION))

    def submit_checkin(
        self, activity: Activity, value: dict[str, Any], aad: str | None, lang: str
    ) -> None:
        person = self.person(activity)
        if person is None:
            self.reply_text(activity, not_linked(lang, aad))
            return
        round_id = str(value.get("round_id") or "")
        checkin = self.services.checkins.get_round(round_id) if is_uuid(round_id) else None
        if checkin is None:
            self.reply_text(activity, t("You have no open check-ins.", lang))
            return
        questions = checkin["questions"]
        typed = {f"q:{q['id']}": typed_input(value.get(f"q:{q['id']}")) for q in questions}
        answers, wrong = checkin_answers(questions, typed)
        if wrong:
            self.reply_text(activity, cards.input_problems(wrong, questions, lang))
            return
        command = c.AnswerCheckIn(
            round_id=UUID(round_id),
            person_id=UUID(person),
            answers=answers,
            answered_at=self.now(),
        )
        try:
            self.run(command, person, source_id("checkin", activity.id, round_id))
        except DomainError as error:
            reason = error_text(error, lang)
            self.reply_text(activity, t("That did not work: {reason}", lang, reason=reason))
            return
        text = t("Thank you! Your answer to ”{title}” is saved.", lang, title=checkin["title"])
        self.reply_text(activity, text)

    def submit_meeting(
        self, activity: Activity, value: dict[str, Any], kind: str, aad: str | None, lang: str
    ) -> None:
        """A decision, note or agenda item from a meeting card."""
        person = self.person(activity)
        if person is None:
            self.reply_text(activity, not_linked(lang, aad))
            return
        ref = meeting_ref(value.get("meeting"))
        if ref is None:
            self.reply_text(activity, t("Choose a meeting.", lang))
            return
        series, day = ref
        typed = {k: typed_input(value.get(k)) for k in ("text", "rationale", "title", "note")}
        try:
            command = meeting_entry(kind, series, day, typed)
            self.run(command, person, source_id(kind, activity.id))
        except DomainError as error:
            reason = error_text(error, lang)
            self.reply_text(activity, t("That did not work: {reason}", lang, reason=reason))
            return
        row = self.services.meetings.get_series(str(series))
        meeting = f"{row['title'] if row else ''} {day.isoformat()}".strip()
        if kind == "agenda":
            text = t(
                "”{title}” is now on the agenda of {meeting}.",
                lang,
                title=typed["title"] or "",
                meeting=meeting,
            )
        else:
            text = t(SAVED[kind], lang, meeting=meeting)
        self.reply_text(activity, text)

    # -- say -------------------------------------------------------------------------------

    def reply_text(self, to: Activity, text: str) -> None:
        self._send(to, Activity(type="message", text=text, text_format="markdown"))

    def reply_card(self, to: Activity, card: dict[str, Any]) -> None:
        attachment = Attachment(content_type=cards.CONTENT_TYPE, content=card)
        self._send(to, Activity(type="message", attachments=[attachment]))

    def _send(self, to: Activity, reply: Activity) -> None:
        """Leaves the reply to be posted once the activity is answered
        (adapters/teams/replies.py); a failure is logged there, not raised:
        what the member asked for is done (or refused) either way, and the
        Bot Framework would only send the same activity again."""
        self.replies.post(to, reply)
