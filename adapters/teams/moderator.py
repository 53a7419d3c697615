"""A moderator's and secretary's work from Teams: `möte ny` (a card, then the
preview of the rule and the next meetings, then saved), `möte bjud in`,
`möte flytta`, `möte ställ in`, `möte avsluta`, `närvaro`, `stäng mötet`
and `utvärdering`. Each is the command the web, the API and Slack run
(channel `teams`); which series a person is shown is what they run
(services/chat_moderation), and the domain refuses the rest in the API's words."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from microsoft_agents.activity import Activity
from pydantic import ValidationError

from adapters.teams import moderator_cards as mc
from adapters.teams.values import channel_of
from adapters.teams.words import markdown_escape, t
from domain.commands import Command
from domain.errors import DomainError
from domain.meetings import commands as m
from services import chat_moderation as cm
from services.chat_commands import Subcommand
from services.i18n import N_
from services.i18n.errors import error_text

if TYPE_CHECKING:
    from adapters.teams.door import TeamsDoor

VERBS = ("series_new", "invite", "move", "cancel", "end", "attendance", "close", "evaluate")
NO_MEETING = N_("No meeting of a series you run is on today.")


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _ids(value: object) -> list[str]:
    """A multi-select's value: ids separated by commas."""
    return [v.strip() for v in _text(value).split(",") if cm.as_uuid(v.strip()) is not None]


def people_of(arenas: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = {str(p["person_id"]): str(p["name"] or "?") for a in arenas for p in a["members"]}
    return sorted(found.items(), key=lambda kv: kv[1])


def teams_channel(activity: Activity) -> str | None:
    """The Teams channel (its conversation id, without a thread's message id)
    the activity was typed in; None in a personal or group chat."""
    conversation = activity.conversation
    if conversation is None or conversation.conversation_type != "channel":
        return None
    return channel_of(str(conversation.id or "")) or None


class TeamsModerator:
    def __init__(self, door: TeamsDoor) -> None:
        self.door = door

    def _refuse(self, activity: Activity, lang: str) -> None:
        self.door.reply_text(activity, cm.refusal(lang))

    # -- what is written -----------------------------------------------------------------

    def command(self, activity: Activity, sub: Subcommand, person: str, lang: str) -> None:
        door, now = self.door, self.door.now()
        plan, meetings = door.services.plan, door.services.meetings
        if sub.name == "series_new":
            arenas = cm.arenas_to_schedule_in(plan, person)
            if not arenas:
                self._refuse(activity, lang)
                return
            first = cm.today(now)
            values = {
                "title": sub.args,
                "starts_on": first.isoformat(),
                "weekday": str(first.weekday()),
                "moderator": person,
            }
            here = teams_channel(activity) is not None
            card = mc.series_card(cm.scopes(arenas), people_of(arenas), values, lang, here)
            door.reply_card(activity, card)
            return
        if sub.name in ("attendance", "close"):
            self._in_meeting(activity, sub.name, person, lang)
            return
        series = cm.managed_series(plan, meetings, person)
        if not series:
            self._refuse(activity, lang)
            return
        if sub.name == "invite":
            mentioned, unknown = self._mentioned(activity)
            if unknown:
                names = markdown_escape(", ".join(unknown))
                door.reply_text(
                    activity, t("Not linked to anyone in Samverka: {people}", lang, people=names)
                )
                return
            arenas = [
                a
                for a in (plan.get_arena(i) for i in {str(s["arena_id"]) for s in series})
                if a is not None
            ]
            people = dict(people_of(arenas))
            for pid in mentioned:
                people.setdefault(pid, str((plan.get_person(pid) or {}).get("name") or "?"))
            choices = sorted(people.items(), key=lambda kv: kv[1])
            door.reply_card(activity, mc.invite_card(series, choices, lang, mentioned))
        elif sub.name in ("move", "cancel"):
            found = cm.coming(meetings, series, now)
            if not found:
                door.reply_text(activity, t("No meetings ahead.", lang))
                return
            door.reply_card(activity, mc.occurrence_card(sub.name, found, lang))
        elif sub.name == "end":
            door.reply_card(activity, mc.end_card(series, cm.today(now).isoformat(), lang))
        else:
            due = cm.evaluations_due(meetings, series, now)
            if not due:
                door.reply_text(activity, t("No series is waiting for its evaluation.", lang))
                return
            door.reply_card(activity, mc.evaluation_card(due, lang))

    def _in_meeting(self, activity: Activity, kind: str, person: str, lang: str) -> None:
        door, now = self.door, self.door.now()
        plan, meetings = door.services.plan, door.services.meetings
        # The meeting of this channel's series first, as Slack finds it; else the person's today.
        channel = teams_channel(activity)
        where = (channel, None) if channel else None
        meeting = cm.meeting_to_run(plan, meetings, person, now, where)
        if meeting is None:
            door.reply_text(activity, t(NO_MEETING, lang))
            return
        series_id, day = str(meeting["series_id"]), date.fromisoformat(str(meeting["date"]))
        if not cm.runs(plan, meetings, person, series_id):
            self._refuse(activity, lang)
            return
        if kind == "close":
            command = m.CloseMeeting(series_id=UUID(series_id), occurrence_date=day, closed_at=now)
            source = f"teams:close:{series_id}:{day.isoformat()}"
            if self._run(activity, command, person, source, lang):
                said = t(
                    "{meeting} is closed. The minutes are posted in the series' channel and "
                    "mailed to those who are not in the chat.",
                    lang,
                    meeting=markdown_escape(f"{meeting['title']} {day.isoformat()}"),
                )
                door.reply_text(activity, said)
            return
        full = meetings.get_series(series_id) or {}
        page = meetings.meeting_on(UUID(series_id), day) or {}
        people = {str(i["person_id"]): str(i["name"] or "?") for i in full.get("invitees", [])}
        present = {str(a["person_id"]) for a in page.get("attendance") or [] if a["present"]}
        for pid in present - set(people):
            people[pid] = "?"
        listed = sorted(people.items(), key=lambda kv: kv[1])
        door.reply_card(activity, mc.attendance_card(meeting, listed, present, lang))

    def _mentioned(self, activity: Activity) -> tuple[list[str], list[str]]:
        """The persons the message @mentions (the bot aside), and the names of
        those linked to nobody: by their Teams link, else by the one person
        with the roster's address (in the bot's own tenant only)."""
        bot = activity.recipient.id if activity.recipient else None
        found: list[str] = []
        unknown: list[str] = []
        for entity in activity.entities or []:
            account = getattr(entity, "mentioned", None)
            if entity.type != "mention" or account is None or account.id in (None, bot):
                continue
            person = self._person_of(activity, account.id, account.aad_object_id)
            if person is None:
                unknown.append(str(account.name or "?")[:100])
            elif person not in found:
                found.append(person)
        return found[:50], unknown[:10]

    def _person_of(self, activity: Activity, member_id: str, aad: str | None) -> str | None:
        door = self.door
        entry = None if aad else door.roster_entry(activity, member_id)
        aad = aad or (str(entry["aad"]) if entry and entry.get("aad") else None)
        linked = door.store.person_of(aad) if aad else None
        if linked is not None:
            row = door.services.plan.get_person(linked)
            return None if row is None or row["forgotten"] else linked
        tenant = activity.conversation.tenant_id if activity.conversation else None
        if tenant != door.config.tenant_id:
            return None
        people = door.people_by_email(entry or door.roster_entry(activity, member_id) or {})
        return people.pop() if len(people) == 1 else None

    # -- what a card sends -----------------------------------------------------------

    def _run(
        self, activity: Activity, command: Command, person: str, source: str, lang: str
    ) -> bool:
        try:
            self.door.run(command, person, source[:200])
        except DomainError as error:
            reason = error_text(error, lang)
            self.door.reply_text(activity, t("That did not work: {reason}", lang, reason=reason))
            return False
        return True

    def submit(self, activity: Activity, value: dict[str, Any], person: str, lang: str) -> None:
        try:
            self._submit(activity, value, person, lang)
        except ValidationError:
            # A value the command's own limits refuse (too long, too many).
            said = t("Nothing was saved:", lang) + " " + t(cm.NOT_ACCEPTED, lang)
            self.door.reply_text(activity, said)

    def _submit(self, activity: Activity, value: dict[str, Any], person: str, lang: str) -> None:
        kind = str(value.get("action"))[len(mc.ACTION) :]
        if kind in ("series_preview", "series_save", "series_edit"):
            self._series(activity, kind, value, person, lang)
        elif kind == "invite":
            self._invite(activity, value, person, lang)
        elif (built := self._build(activity, kind, value, lang)) is not None:
            command, done = built
            if self._run(activity, command, person, f"teams:{kind}:{activity.id}", lang):
                self.door.reply_text(activity, done)

    def _missing(self, activity: Activity, label: str, lang: str) -> None:
        self.door.reply_text(activity, t("Fill in this field.", lang) + f" ({t(label, lang)})")

    def _build(
        self, activity: Activity, kind: str, value: dict[str, Any], lang: str
    ) -> tuple[Command, str] | None:
        """The command a card asks for and what to say when it is done (None:
        the member was told what is missing)."""
        if kind in ("move", "cancel"):
            return self._occurrence(activity, kind, value, lang)
        if kind == "end":
            command = cm.end_command(value)
            if command is None:
                self._missing(activity, N_("Last day"), lang)
                return None
            return command, t("The series is ended.", lang)
        if kind == "attendance":
            ref = cm.meeting_ref(value.get("meeting"))
            listed = cm.ids_in(value.get("listed"))
            ticked = set(_ids(value.get("present")))
            if ref is None:
                self.door.reply_text(activity, t("Choose a meeting.", lang))
                return None
            present = [u for u in listed if str(u) in ticked]
            attendance = m.RecordAttendance(
                series_id=ref[0],
                occurrence_date=ref[1],
                present=present,
                absent=[u for u in listed if str(u) not in ticked],
            )
            return attendance, t("Attendance is saved: {n} present.", lang, n=len(present))
        if kind == "evaluate":
            series, verdict = cm.as_uuid(value.get("series")), _text(value.get("verdict"))
            if series is None or not verdict:
                self._missing(activity, N_("Verdict"), lang)
                return None
            comment = _text(value.get("comment")) or None
            evaluation = m.EvaluateSeries(series_id=series, verdict=verdict, comment=comment)
            return evaluation, t("Thank you! The evaluation is saved.", lang)
        return None

    def _occurrence(
        self, activity: Activity, kind: str, value: dict[str, Any], lang: str
    ) -> tuple[Command, str] | None:
        ref = cm.meeting_ref(value.get("meeting"))
        if ref is None:
            self.door.reply_text(activity, t("Choose a meeting.", lang))
            return None
        reason = _text(value.get("reason")) or None
        if kind == "cancel":
            command = m.CancelOccurrence(series_id=ref[0], occurrence_date=ref[1], reason=reason)
            return command, t("The meeting is cancelled.", lang)
        starts = cm.moved_to(value)
        if starts is None:
            self._missing(activity, N_("New day"), lang)
            return None
        move = m.MoveOccurrence(
            series_id=ref[0], occurrence_date=ref[1], starts_local=starts, reason=reason
        )
        return move, t("The meeting is moved.", lang)

    def _invite(self, activity: Activity, value: dict[str, Any], person: str, lang: str) -> None:
        plan, say = self.door.services.plan, self.door.reply_text
        series = cm.as_uuid(value.get("series"))
        people = _ids(value.get("people"))
        address = _text(value.get("email"))
        if address:
            found = [p for p in plan.persons_by_email(address) if not p["forgotten"]]
            if len(found) != 1:
                say(
                    activity,
                    t(
                        "Nobody in Samverka has the address {email}.",
                        lang,
                        email=markdown_escape(address),
                    ),
                )
                return
            people.append(str(found[0]["id"]))
        if series is None or not people:
            say(activity, t("Fill in this field.", lang) + f" ({t('Invite', lang)})")
            return
        for pid in dict.fromkeys(people):
            command = m.AddInvitee(series_id=series, person_id=UUID(pid))
            if not self._run(activity, command, person, f"teams:invite:{activity.id}:{pid}", lang):
                return
        names = [str((plan.get_person(p) or {}).get("name") or "?") for p in dict.fromkeys(people)]
        say(activity, t("Invited: {people}.", lang, people=markdown_escape(", ".join(names))))

    def _series(
        self, activity: Activity, kind: str, value: dict[str, Any], person: str, lang: str
    ) -> None:
        plan, door = self.door.services.plan, self.door
        raw = value.get("form") if kind != "series_preview" else value
        # A Teams series' channel is the one it was typed in, not a Slack channel.
        typed = raw if isinstance(raw, dict) else {}
        form = cm.SeriesForm.of({k: v for k, v in typed.items() if k != "channel"})
        channel = teams_channel(activity)
        if kind == "series_edit":
            arenas = cm.arenas_to_schedule_in(plan, person)
            if not arenas:
                self._refuse(activity, lang)
                return
            card = mc.series_card(
                cm.scopes(arenas), people_of(arenas), form.values, lang, channel is not None
            )
            door.reply_card(activity, card)
            return
        moderator = form.get("moderator") if cm.as_uuid(form.get("moderator")) else None
        secretary = form.get("secretary") if cm.as_uuid(form.get("secretary")) else None
        command, wrong = cm.schedule_command(form, moderator, secretary, lang, channel)
        if command is None:
            lines = [f"- {mc_label(k, lang)}: {w}" for k, w in wrong.items()]
            door.reply_text(activity, t("Nothing was saved:", lang) + "\n\n" + "\n".join(lines))
            return
        if kind == "series_preview":
            rule = cm.rule_of(form, lang)[0]
            assert rule is not None
            words, coming = cm.preview_words(
                rule, max(command.starts_on, cm.today(door.now())), lang
            )
            card = mc.series_preview_card(
                command.title, words, coming, form.values, uuid.uuid4().hex, lang
            )
            door.reply_card(activity, card)
            return
        form_id = _text(value.get("form_id"))[:40] or str(activity.id)
        if self._run(activity, command, person, f"teams:series:{form_id}", lang):
            door.reply_text(
                activity,
                t(
                    "”{title}” is scheduled. The invitations go out as usual.",
                    lang,
                    title=markdown_escape(command.title),
                ),
            )


LABELS = {
    "title": N_("Title"),
    "scope": N_("Initiative or arena"),
    "weekday": N_("Weekday"),
    "start_time": N_("Time"),
    "duration_minutes": N_("Length"),
    "interval_weeks": N_("How often"),
    "starts_on": N_("First day"),
    "moderator": N_("Moderator"),
    "secretary": N_("Secretary"),
    "channel": N_("Teams channel"),
}


def mc_label(field: str, lang: str) -> str:
    return t(LABELS[field], lang) if field in LABELS else field
