"""A moderator's and secretary's work from Slack: `/samverka möte ny` (a
modal, then the preview of the rule and the next meetings, then saved),
`möte bjud in`, `möte flytta`, `möte ställ in`, `möte avsluta`, `närvaro`,
`stäng mötet` and `utvärdering`. Each is the command the web and the API
run (channel `slack`); which series a person is shown is what they run
(services/chat_moderation), and the domain refuses the rest in the API's words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import structlog
from pydantic import ValidationError
from slack_bolt import Ack, App
from slack_sdk import WebClient

from adapters.slack import moderator_views as v
from adapters.slack import parse as p
from adapters.slack.blocks import mrkdwn_escape, notice
from adapters.slack.frontdoor import Asked, FrontDoor
from adapters.slack.i18n import not_linked, t
from domain.commands import Command
from domain.errors import DomainError
from domain.meetings import commands as m
from services import chat_moderation as cm
from services.chat_commands import Subcommand
from services.i18n import N_
from services.i18n.errors import error_text

log = structlog.get_logger(__name__)
Submit = Callable[[Ack, dict[str, Any], dict[str, Any], WebClient], None]


@dataclass(frozen=True)
class Sent:
    """A modal sent by a linked person: the view, the client to answer with,
    the person's id, their language and the modal's values."""

    view: dict[str, Any]
    client: WebClient
    person: str
    lang: str
    values: dict[str, Any]


Form = Callable[[Ack, Sent], None]
VERBS = ("series_new", "invite", "move", "cancel", "end", "attendance", "close", "evaluate")
NO_MEETING = N_("No meeting of a series you run is on today.")


class Moderator:
    def __init__(self, door: FrontDoor) -> None:
        self.door = door

    def register(self, bolt: App) -> None:
        bolt.view("series_new")(self._form(self.submit_series, "title", "title"))
        bolt.view("series_save")(self._guarded(self.save_series, "title"))
        bolt.view("series_invite")(self._form(self.submit_invite, "series", "people"))
        for callback in ("occurrence_move", "occurrence_cancel"):
            bolt.view(callback)(self._form(self.submit_occurrence, "meeting", "reason"))
        bolt.view("series_end")(self._form(self.submit_end, "series", "reason"))
        bolt.view("attendance")(self._form(self.submit_attendance, "present:0", "present:0"))
        bolt.view("series_evaluate")(self._form(self.submit_evaluation, "series", "comment"))
        bolt.action("evaluate_open")(self.open_evaluation)

    def _guarded(self, handler: Submit, block: str) -> Submit:
        """The handler, with a value the command's own limits refuse (too long,
        too many) shown at the modal's block instead of failing the request."""

        def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
            try:
                handler(ack, body, view, client)
            except ValidationError:
                lang = p.metadata(view).get("lang") or self.door.lang(body["user"]["id"])
                ack(response_action="errors", errors={block: t(cm.NOT_ACCEPTED, str(lang))})

        return submit

    def _form(self, handler: Form, first: str, block: str) -> Submit:
        """`handler`, guarded (see _guarded), given the person who sent the
        modal, their language and its values; someone not linked is told so
        at the block `first`."""

        def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
            found = self._who(ack, body, view, client, first)
            if found is not None:
                handler(ack, Sent(view, client, *found))

        return self._guarded(submit, block)

    # -- the slash command -------------------------------------------------------------

    def command(self, sub: Subcommand, asked: Asked) -> None:
        door, now, trigger = self.door, self.door.now(), asked.body.get("trigger_id")
        if sub.name == "series_new":
            arenas = cm.arenas_to_schedule_in(door.plan, asked.person)
            if not arenas:
                asked.respond(text=cm.refusal(asked.lang))
                return
            first = cm.today(now).isoformat()
            user = str(asked.body.get("user_id"))
            defaults = {
                "title": sub.args,
                "starts_on": first,
                "weekday": str(date.fromisoformat(first).weekday()),
            }
            if asked.body.get("channel_id", "").startswith("C"):
                defaults["channel"] = str(asked.body["channel_id"])
            modal = v.series_modal(cm.scopes(arenas), defaults, asked.lang, user)
            asked.client.views_open(trigger_id=trigger, view=modal)
            return
        if sub.name in ("attendance", "close"):
            self._in_meeting(sub.name, asked)
            return
        series = cm.managed_series(door.plan, door.meetings, asked.person)
        if not series:
            asked.respond(text=cm.refusal(asked.lang))
            return
        view: dict[str, Any]
        if sub.name == "invite":
            view = v.invite_modal(series, asked.lang)
        elif sub.name in ("move", "cancel"):
            found = cm.coming(door.meetings, series, now)
            if not found:
                asked.respond(text=t("No meetings ahead.", asked.lang))
                return
            view = v.occurrence_modal(sub.name, found, asked.lang)
        elif sub.name == "end":
            view = v.end_modal(series, cm.today(now), asked.lang)
        else:
            due = cm.evaluations_due(door.meetings, series, now)
            if not due:
                asked.respond(text=t("No series is waiting for its evaluation.", asked.lang))
                return
            view = v.evaluation_modal(due, asked.lang)
        asked.client.views_open(trigger_id=trigger, view=view)

    def _in_meeting(self, kind: str, asked: Asked) -> None:
        door, now = self.door, self.door.now()
        channel = (str(asked.body.get("channel_id") or ""), asked.body.get("channel_name"))
        meeting = cm.meeting_to_run(door.plan, door.meetings, asked.person, now, channel)
        if meeting is None:
            asked.respond(text=t(NO_MEETING, asked.lang))
            return
        series_id, day = str(meeting["series_id"]), date.fromisoformat(str(meeting["date"]))
        if not cm.runs(door.plan, door.meetings, asked.person, series_id):
            asked.respond(text=cm.refusal(asked.lang))
            return
        if kind == "close":
            command = m.CloseMeeting(series_id=UUID(series_id), occurrence_date=day, closed_at=now)
            door.run(command, asked.person, p.source_id("close", series_id, day.isoformat()))
            asked.respond(
                text=t(
                    "{meeting} is closed. The minutes are posted in the series' channel and "
                    "mailed to those who are not in the chat.",
                    asked.lang,
                    meeting=mrkdwn_escape(f"{meeting['title']} {day.isoformat()}"),
                ),
                response_type="in_channel",
            )
            return
        full = door.meetings.get_series(series_id)
        page = door.meetings.meeting_on(UUID(series_id), day)
        people = {
            str(i["person_id"]): str(i["name"] or "?") for i in (full or {}).get("invitees", [])
        }
        attendance = (page or {}).get("attendance") or []
        present = {str(a["person_id"]) for a in attendance if a["present"]}
        for pid in present - set(people):
            people[pid] = "?"
        listed = sorted(people.items(), key=lambda kv: kv[1])
        view = v.attendance_modal(meeting, listed, present, asked.lang)
        asked.client.views_open(trigger_id=asked.body.get("trigger_id"), view=view)

    # -- the modals ------------------------------------------------------------------

    def _who(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, first: str
    ) -> tuple[str, str, dict[str, Any]] | None:
        user = body["user"]["id"]
        lang = p.metadata(view).get("lang") or self.door.lang(user)
        person = self.door.person(client, user)
        if person is None:
            ack(response_action="errors", errors={first: not_linked(lang, user)[:150]})
            return None
        return person, lang, v.values(view)

    def _run(
        self,
        ack: Ack,
        command: Command,
        person: str,
        source: str,
        lang: str,
        fields: dict[str, str],
        first: str,
    ) -> bool:
        """Runs the command; a refusal is shown at the block it concerns."""
        try:
            self.door.run(command, person, source)
        except DomainError as error:
            block = fields.get(error.field or "", first)
            ack(response_action="errors", errors={block: error_text(error, lang)[:300]})
            return False
        return True

    def _done(self, ack: Ack, title: str, text: str) -> None:
        ack(response_action="update", view=notice(title, text))

    def _save(
        self,
        ack: Ack,
        command: Command,
        sent: Sent,
        fields: dict[str, str],
        first: str,
        done: tuple[str, str],
    ) -> None:
        """Runs the command the modal asks for and, unless it was refused,
        says `done` (title, text)."""
        source = p.view_source(sent.view)
        if self._run(ack, command, sent.person, source, sent.lang, fields, first):
            self._done(ack, *done)

    @staticmethod
    def _refuse(ack: Ack, block: str, text: str, lang: str) -> None:
        """The modal stays open, with `text` (a catalog message) at `block`."""
        ack(response_action="errors", errors={block: t(text, lang)})

    def submit_series(self, ack: Ack, sent: Sent) -> None:
        client, lang, values = sent.client, sent.lang, sent.values
        form = cm.SeriesForm.of(values)
        chosen = {
            k: self.door.person(client, form.get(k), link=False) if form.get(k) else None
            for k in ("moderator", "secretary")
        }
        command, wrong = cm.schedule_command(form, chosen["moderator"], chosen["secretary"], lang)
        rule = cm.rule_of(form, lang)[0]
        if command is None or rule is None:
            ack(response_action="errors", errors={k: w[:300] for k, w in wrong.items()})
            return
        first = max(command.starts_on, cm.today(self.door.now()))
        rule_words, coming = cm.preview_words(rule, first, lang)
        meta = {"form": form.values, **chosen}
        ack(
            response_action="update",
            view=v.series_preview(rule_words, coming, meta, command.title, lang),
        )

    def save_series(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        user = body["user"]["id"]
        meta = p.metadata(view)
        lang = meta.get("lang") or self.door.lang(user)
        person = self.door.person(client, user)
        form = cm.SeriesForm.of(meta.get("form") or {})
        moderator, secretary = meta.get("moderator"), meta.get("secretary")
        command, _ = cm.schedule_command(
            form,
            str(moderator) if moderator else None,
            str(secretary) if secretary else None,
            lang,
        )
        title = t("New meeting series", lang)
        if person is None or command is None:
            self._done(
                ack, title, not_linked(lang, user) if person is None else t("Start again.", lang)
            )
            return
        try:
            self.door.run(command, person, p.view_source(view))
        except DomainError as error:
            self._done(
                ack, title, t("That did not work: {reason}", lang, reason=error_text(error, lang))
            )
            return
        text = t(
            "”{title}” is scheduled. The invitations go out as usual.", lang, title=command.title
        )
        self._done(ack, title, text)

    def submit_invite(self, ack: Ack, sent: Sent) -> None:
        view, client, person, lang, values = (
            sent.view,
            sent.client,
            sent.person,
            sent.lang,
            sent.values,
        )
        series = cm.as_uuid(values.get("series"))
        chosen = values.get("people")
        users = chosen[:50] if isinstance(chosen, list) else []
        people = {u: self.door.person(client, u, link=False) for u in users if isinstance(u, str)}
        missing = [u for u, pid in people.items() if pid is None]
        if series is None or missing or not people:
            names = ", ".join(f"<@{u}>" for u in missing)
            why = t("Not linked to anyone in Samverka: {people}", lang, people=names)
            ack(
                response_action="errors",
                errors={"people": why[:300] if missing else t("Fill in this field.", lang)},
            )
            return
        fields = {"person_id": "people", "series_id": "series"}
        for user, pid in people.items():
            command = m.AddInvitee(series_id=series, person_id=UUID(str(pid)))
            source = f"{p.view_source(view)}:{user}"[:200]
            if not self._run(ack, command, person, source, lang, fields, "people"):
                return
        text = t("Invited: {people}.", lang, people=", ".join(f"<@{u}>" for u in people))
        self._done(ack, t("Invite", lang), text)

    def submit_occurrence(self, ack: Ack, sent: Sent) -> None:
        view, lang, values = sent.view, sent.lang, sent.values
        ref = cm.meeting_ref(values.get("meeting"))
        if ref is None:
            self._refuse(ack, "meeting", N_("Choose a meeting."), lang)
            return
        reason = values.get("reason") or None
        command: Command
        if view.get("callback_id") == "occurrence_move":
            starts = cm.moved_to(values)
            if starts is None:
                self._refuse(ack, "date", cm.EMPTY, lang)
                return
            command = m.MoveOccurrence(
                series_id=ref[0], occurrence_date=ref[1], starts_local=starts, reason=reason
            )
            fields = {"starts_local": "date", "starts_at": "date", "reason": "reason"}
            done = t("The meeting is moved.", lang)
        else:
            command = m.CancelOccurrence(series_id=ref[0], occurrence_date=ref[1], reason=reason)
            fields = {"reason": "reason"}
            done = t("The meeting is cancelled.", lang)
        self._save(ack, command, sent, fields, "meeting", (t("Meeting", lang), done))

    def submit_end(self, ack: Ack, sent: Sent) -> None:
        lang, values = sent.lang, sent.values
        command = cm.end_command(values)
        if command is None:
            self._refuse(ack, "last_day", cm.EMPTY, lang)
            return
        fields = {"last_day": "last_day", "reason": "reason"}
        done = (t("End a series", lang), t("The series is ended.", lang))
        self._save(ack, command, sent, fields, "series", done)

    def submit_attendance(self, ack: Ack, sent: Sent) -> None:
        view, lang, values = sent.view, sent.lang, sent.values
        meta = p.metadata(view)
        ref = cm.meeting_ref(meta.get("meeting"))
        listed = cm.ids_in(meta.get("listed"))
        ticked = {
            str(x)
            for key, vals in values.items()
            if key.startswith("present:") and isinstance(vals, list)
            for x in vals
        }
        present = [u for u in listed if str(u) in ticked]
        absent = [u for u in listed if str(u) not in ticked]
        if ref is None:
            self._refuse(ack, "present:0", N_("Choose a meeting."), lang)
            return
        command = m.RecordAttendance(
            series_id=ref[0], occurrence_date=ref[1], present=present, absent=absent
        )
        text = t("Attendance is saved: {n} present.", lang, n=len(present))
        self._save(ack, command, sent, {}, "present:0", (t("Attendance", lang), text))

    def submit_evaluation(self, ack: Ack, sent: Sent) -> None:
        lang, values = sent.lang, sent.values
        series, verdict = cm.as_uuid(values.get("series")), values.get("verdict")
        if series is None or not verdict:
            self._refuse(ack, "verdict", cm.EMPTY, lang)
            return
        command = m.EvaluateSeries(
            series_id=series, verdict=str(verdict), comment=values.get("comment") or None
        )
        fields = {"verdict": "verdict", "comment": "comment"}
        done = (t("Evaluation", lang), t("Thank you! The evaluation is saved.", lang))
        self._save(ack, command, sent, fields, "series", done)

    def open_evaluation(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """The button on the evaluation prompt: the form for that series."""
        ack()
        user, lang, person = self.door.sender(client, body)
        wanted = str(body["actions"][0].get("value") or "")
        if person is None:
            view = notice(t("Evaluation", lang), not_linked(lang, user))
        else:
            mine = cm.managed_series(self.door.plan, self.door.meetings, person)
            due = cm.evaluations_due(self.door.meetings, mine, self.door.now())
            due.sort(key=lambda s: str(s["id"]) != wanted)
            if not mine:
                view = notice(t("Evaluation", lang), cm.refusal(lang))
            elif not due:
                view = notice(
                    t("Evaluation", lang), t("No series is waiting for its evaluation.", lang)
                )
            else:
                view = v.evaluation_modal(due, lang)
        client.views_open(trigger_id=body["trigger_id"], view=view)
