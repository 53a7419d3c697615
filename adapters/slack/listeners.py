"""Bolt listeners: ack at once, translate the payload, run one command, answer.

Slash commands ack immediately (help and typos are answered in the ack) and
do their work in a lazy listener. Modal submissions run their command before
acking, so the domain's verdict shows in the modal (`response_action`
"errors"); that is one command, well inside Slack's three seconds.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

import structlog
from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack import blocks as b
from adapters.slack import parse as p
from adapters.slack.frontdoor import Asked, FrontDoor
from adapters.slack.i18n import STOCKHOLM, not_linked, t
from adapters.slack.moderator import VERBS, Moderator
from domain.errors import DomainError
from domain.meetings import commands as m
from domain.meetings import minutes as n
from services.chat_commands import meeting_entry
from services.i18n import N_
from services.i18n.errors import error_text

log = structlog.get_logger(__name__)

# What the parser found wrong in a modal, in words.
INPUT_PROBLEMS = {"not_a_number": N_("Enter a number.")}
TITLES = {"decision": N_("Decision"), "note": N_("Meeting note"), "agenda": N_("Agenda")}
SAVED = {
    "decision": N_("The decision is saved in {meeting}."),
    "note": N_("The note is saved in {meeting}."),
}


def _meeting_ref(value: str | None) -> tuple[UUID, date] | None:
    try:
        series, _, day = (value or "").partition("|")
        return UUID(series), date.fromisoformat(day)
    except ValueError:
        return None


class Listeners:
    def __init__(self, door: FrontDoor) -> None:
        self.door = door
        self.moderator = Moderator(door)

    def register(self, bolt: App) -> None:
        self.moderator.register(bolt)
        bolt.command(self.door.config.command)(ack=self.ack_command, lazy=[self.run_command])
        bolt.view("checkin")(self.submit_checkin)
        bolt.view("decision")(self.submit_minutes)
        bolt.view("note")(self.submit_minutes)
        bolt.view("agenda")(self.submit_agenda)
        bolt.action("checkin_open")(self.open_checkin)
        bolt.action("action_done")(self.action_done)
        bolt.shortcut("save_as_note")(self.save_message)
        bolt.shortcut("save_as_decision")(self.save_message)
        bolt.event("app_home_opened")(self.home_opened)

    # -- the slash command -------------------------------------------------------------

    def ack_command(self, ack: Ack, body: dict[str, Any]) -> None:
        sub = p.parse_command(body.get("text"))
        if sub.name not in ("help", "unknown"):
            ack()
            return
        lang = self.door.lang(body.get("user_id"), body.get("team_id"))
        command = self.door.config.command
        if sub.name == "help":
            ack(
                text=t(
                    "*{command}* – how to use Samverka in Slack:\n"
                    "• `{command} status` – your initiatives and their health\n"
                    "• `{command} checkin [initiative]` – answer a check-in\n"
                    "• `{command} decision` – record a decision in a meeting\n"
                    "• `{command} note` – write a meeting note\n"
                    "• `{command} agenda` – add an item to the next meeting\n"
                    "• `{command} meetings` – upcoming meetings\n"
                    "• `{command} language en|sv` – change language\n"
                    "*For moderators and secretaries:*\n"
                    "• `{command} meeting new` – schedule a new meeting series\n"
                    "• `{command} meeting invite` – invite people to a series\n"
                    "• `{command} meeting move` / `meeting cancel` – move or cancel one meeting\n"
                    "• `{command} meeting end` – end a series\n"
                    "• `{command} attendance` – who is at the meeting\n"
                    "• `{command} close` – close the meeting and send the minutes\n"
                    "• `{command} evaluate` – evaluate a series after its first meetings\n"
                    "• `{command} help` – this text",
                    lang,
                    command=command,
                ),
                response_type="ephemeral",
            )
            return
        text = t(
            "I don't know ”{word}”. Try `{command} help`.", lang, word=sub.word, command=command
        )
        if sub.suggestion:
            text += f" (`{command} {sub.suggestion}`?)"
        ack(text=text, response_type="ephemeral")

    def run_command(self, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        sub = p.parse_command(body.get("text"))
        user, team = str(body.get("user_id")), body.get("team_id")
        lang = self.door.lang(user, team)
        if sub.name in ("help", "unknown"):
            return
        if sub.name == "language":
            chosen = "en" if sub.args.lower().startswith(("en", "eng")) else "sv"
            self.door.store.set_language(f"user:{user}", chosen)
            self.door.choose_language(user, chosen, body.get("trigger_id"))
            respond(text=t("I will write to you in English from now on.", chosen))
            return
        person = self.door.person(client, user)
        if person is None:
            respond(text=not_linked(lang, user))
            return
        try:
            self._subcommand(sub, Asked(person, lang, body, client, respond))
        except DomainError as error:
            respond(text=t("That did not work: {reason}", lang, reason=error_text(error, lang)))
        except SlackApiError as error:  # e.g. the trigger expired before the modal opened
            log.warning("slack.command_failed", subcommand=sub.name, error=str(error))
            respond(
                text=t("That did not work: {reason}", lang, reason=str(error.response.get("error")))
            )

    def _subcommand(self, sub: p.Subcommand, asked: Asked) -> None:
        now, trigger = self.door.now(), asked.body.get("trigger_id")
        if sub.name in VERBS:
            self.moderator.command(sub, asked)
        elif sub.name == "status":
            found = self.door.plan.initiatives_of(asked.person)
            asked.respond(
                text=t("*Your initiatives*", asked.lang), blocks=b.status_blocks(found, asked.lang)
            )
        elif sub.name == "meetings":
            until = (now + timedelta(days=365)).date()
            found = self.door.meetings.upcoming(now=now, until=until, person_id=asked.person)[:20]
            asked.respond(
                text=t("*Upcoming meetings*", asked.lang),
                blocks=b.meetings_blocks(found, asked.lang),
            )
        elif sub.name == "checkin":
            view = self._checkin_view(asked.person, asked.lang, sub.args)
            if view is None:
                asked.respond(text=t("You have no open check-ins.", asked.lang))
            else:
                asked.client.views_open(trigger_id=trigger, view=view)
        elif sub.name in ("decision", "note"):
            meetings = self.door.meetings.my_meetings(asked.person, now)
            if not meetings:
                asked.respond(text=t("You are not invited to any meeting right now.", asked.lang))
            else:
                view = b.minutes_modal(sub.name, meetings, asked.lang, sub.args)
                asked.client.views_open(trigger_id=trigger, view=view)
        elif sub.name == "agenda":
            series = self.door.meetings.next_meetings(asked.person, now)
            if not series:
                asked.respond(text=t("You are not invited to any meeting right now.", asked.lang))
            else:
                asked.client.views_open(trigger_id=trigger, view=b.agenda_modal(series, asked.lang))

    def _checkin_view(
        self, person: str, lang: str, wanted: str = "", round_id: str | None = None
    ) -> dict[str, Any] | None:
        checkins = self.door.checkins
        checkin = checkins.open_round_for(person, self.door.now(), wanted=wanted, round_id=round_id)
        if checkin is None:
            return None
        return b.checkin_modal(checkin, checkins.answers_of(checkin["id"], person), lang)

    # -- buttons ---------------------------------------------------------------------------

    def open_checkin(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        round_id = str(body["actions"][0].get("value") or "")
        user, lang, person = self.door.sender(client, body)
        view: dict[str, Any] | None
        if person is None:
            view = b.notice(t("Check-in", lang), not_linked(lang, user))
        else:
            view = self._checkin_view(person, lang, round_id=round_id)
            if view is None:
                view = b.notice(t("Check-in", lang), t("You have no open check-ins.", lang))
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def action_done(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user, lang, person = self.door.sender(client, body)
        ref = str(body["actions"][0].get("value") or "")
        meeting, _, item = ref.partition("|")
        if person is None or not item:
            return
        today = self.door.now().astimezone(STOCKHOLM).date()
        try:
            command = m.CompleteActionItem(meeting_id=UUID(meeting), item_id=item, done_on=today)
            self.door.run(command, person, p.source_id("done", meeting, item), wait=True)
        except (DomainError, ValueError) as error:
            reason = (
                error_text(error, lang)
                if isinstance(error, DomainError)
                else t("the button is not valid", lang)
            )
            client.chat_postMessage(
                channel=user, text=t("That did not work: {reason}", lang, reason=reason)
            )
        self.door.publish_home(client, user, person, lang)

    # -- modals ------------------------------------------------------------------------------

    def submit_checkin(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        user = body["user"]["id"]
        lang = p.metadata(view).get("lang") or self.door.lang(user)
        round_id = str(p.metadata(view).get("round_id") or "")
        checkin = self.door.checkins.get_round(round_id)
        questions = checkin["questions"] if checkin else []
        first = f"q:{questions[0]['id']}" if questions else "q"
        person = self.door.person(client, user)
        if person is None or checkin is None:
            ack(response_action="errors", errors={first: not_linked(lang, user)[:150]})
            return
        answers, wrong = p.checkin_answers(questions, p.inputs(view))
        if wrong:
            ack(
                response_action="errors",
                errors={k: t(INPUT_PROBLEMS[v], lang) for k, v in wrong.items()},
            )
            return
        try:
            command = m.AnswerCheckIn(
                round_id=UUID(round_id),
                person_id=UUID(person),
                answers=answers,
                answered_at=self.door.now(),
            )
            self.door.run(command, person, p.view_source(view))
        except DomainError as error:
            block = p.question_block(error, questions) or first
            ack(response_action="errors", errors={block: error_text(error, lang)})
            return
        text = t("Thank you! Your answer to ”{title}” is saved.", lang, title=checkin["title"])
        ack(response_action="update", view=b.notice(t("Check-in", lang), text))
        self._refresh_home(client, user, person, lang)

    def submit_minutes(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        kind = view.get("callback_id", "note")
        found = self._meeting_form(ack, body, view, client)
        if found is None:
            return
        person, lang, values, (series, day) = found
        try:
            command = meeting_entry(
                "decision" if kind == "decision" else "note", series, day, values
            )
            self.door.run(command, person, p.view_source(view))
        except DomainError as error:
            block = "text" if error.field in ("text", "rationale") else "meeting"
            ack(response_action="errors", errors={block: error_text(error, lang)})
            return
        saved = t(SAVED[kind], lang, meeting=self._title(series, day))
        ack(response_action="update", view=b.notice(t(TITLES[kind], lang), saved))

    def submit_agenda(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        found = self._meeting_form(ack, body, view, client)
        if found is None:
            return
        person, lang, values, (series, day) = found
        title = values.get("title") or ""
        try:
            command = m.AddAgendaItem(
                series_id=series, occurrence_date=day, title=title, note=values.get("note")
            )
            self.door.run(command, person, p.view_source(view))
        except DomainError as error:
            block = {"title": "title", "note": "note"}.get(error.field or "", "meeting")
            ack(response_action="errors", errors={block: error_text(error, lang)})
            return
        saved = t(
            "”{title}” is now on the agenda of {meeting}.",
            lang,
            title=title,
            meeting=self._title(series, day),
        )
        ack(response_action="update", view=b.notice(t("Agenda", lang), saved))

    def _meeting_form(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> tuple[str, str, dict[str, str | None], tuple[UUID, date]] | None:
        """Who submitted a meeting modal, in which language, what they typed and
        for which meeting; None (the modal told why) when that cannot be known."""
        user = body["user"]["id"]
        lang = p.metadata(view).get("lang") or self.door.lang(user)
        values = p.inputs(view)
        ref = _meeting_ref(values.get("meeting"))
        person = self.door.person(client, user)
        if person is None or ref is None:
            ack(response_action="errors", errors={"meeting": not_linked(lang, user)[:150]})
            return None
        return person, lang, values, ref

    def _title(self, series_id: UUID, day: date) -> str:
        row = self.door.meetings.get_series(str(series_id))
        return f"{row['title'] if row else ''} {day.isoformat()}".strip()

    def _refresh_home(self, client: WebClient, user: str, person: str, lang: str) -> None:
        try:
            self.door.caught_up()
            self.door.publish_home(client, user, person, lang)
        except Exception as error:  # the answer is saved; the Home tab catches up next time
            log.warning("slack.home_refresh_failed", user=user, error=str(error))

    # -- message shortcuts -------------------------------------------------------------------

    def save_message(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        user, lang, person = self.door.sender(client, body)
        if person is None:
            respond(text=not_linked(lang, user), response_type="ephemeral")
            return
        channel = body.get("channel") or {}
        message = body.get("message") or {}
        meeting = self.door.meetings.meeting_now(
            channel.get("id", ""), channel.get("name"), self.door.now()
        )
        text = (message.get("text") or "").strip()
        if meeting is None or not text:
            respond(
                text=t("No meeting of this channel is on right now; nothing was saved.", lang)
                if meeting is None
                else t("The message has no text to save.", lang),
                response_type="ephemeral",
            )
            return
        ts = str(message.get("ts"))
        link = client.chat_getPermalink(channel=channel["id"], message_ts=ts).get("permalink")
        series, day = UUID(meeting["series_id"]), date.fromisoformat(meeting["date"])
        decision = body.get("callback_id") == "save_as_decision"
        kind = "decision" if decision else "note"
        try:
            command: Any = (
                n.DecideInMeeting(series_id=series, occurrence_date=day, text=text, source=link)
                if decision
                else n.AddMeetingNote(series_id=series, occurrence_date=day, text=text, source=link)
            )
            self.door.run(command, person, p.source_id(kind, channel["id"], ts))
        except DomainError as error:
            respond(
                text=t("That did not work: {reason}", lang, reason=error_text(error, lang)),
                response_type="ephemeral",
            )
            return
        saved = t(SAVED[kind], lang, meeting=f"{meeting['title']} {meeting['date']}")
        respond(text=saved, response_type="ephemeral")

    # -- events ------------------------------------------------------------------------------

    def home_opened(
        self, event: dict[str, Any], client: WebClient, context: dict[str, Any]
    ) -> None:
        if event.get("tab") != "home":
            return
        user = str(event["user"])
        lang = self.door.lang(user, context.get("team_id"))
        self.door.publish_home(client, user, self.door.person(client, user), lang)
