"""Meeting series (öppna samordningsmöten): who meets, when, and how it changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TypedDict
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate
from domain.errors import Duplicate, InvalidTransition, NotFound, ValidationFailed
from domain.meetings.channels import check_slack_channel, check_teams_channel
from domain.meetings.recurrence import (
    MAX_MOVE,
    HolidayPolicy,
    Occurrence,
    OccurrenceState,
    Override,
    Rule,
    check_day,
    occurrences,
    zone,
)
from domain.meetings.rsvp import AnswersInvitations
from domain.meta import Meta
from domain.values import optional_text, parse_enum, require_link, require_text, text_list


class Verdict(StrEnum):
    """The answer to the evaluation after the first meetings."""

    CONTINUE = "continue"
    CHANGE = "change"
    END = "end"


class Place(TypedDict):
    location: str
    video_link: str | None
    slack_channel: str


class SeriesSetup(TypedDict):
    """What a new series is given; validated by `MeetingSeries.schedule`."""

    title: str
    arena_id: UUID | None
    initiative_id: UUID | None
    moderator_id: UUID
    secretary_id: UUID | None
    invitees: list[UUID]
    rule: Rule
    timezone: str
    holiday_policy: str
    until: date | None
    location: str | None
    video_link: str | None
    slack_channel: str | None
    agenda_template: list[str]
    evaluate_after: int | None
    status_round_days: int | None


class MeetingSeries(SamverkaAggregate, AnswersInvitations):
    @event("Scheduled")
    def __init__(
        self,
        title: str,
        arena_id: UUID | None,
        initiative_id: UUID | None,
        moderator_id: UUID,
        secretary_id: UUID | None,
        invitees: list[str],
        rules: list[Rule],
        timezone: str,
        holiday_policy: str,
        until: date | None,
        place: Place,
        agenda_template: list[str],
        evaluate_after: int | None,
        status_round_days: int | None,
        meta: Meta,
    ) -> None:
        self.title = title
        self.arena_id = arena_id
        self.initiative_id = initiative_id
        self.moderator_id = moderator_id
        self.secretary_id = secretary_id
        self.invitees = invitees
        self.rules = rules
        self.timezone = timezone
        self.holiday_policy = holiday_policy
        self.until = until
        self.place = place
        self.agenda_template = agenda_template
        self.evaluate_after = evaluate_after
        self.status_round_days = status_round_days
        self.overrides: dict[str, Override] = {}
        self.ended_on: date | None = None
        self.skips_noted: list[str] = []

    @classmethod
    def schedule(cls, setup: SeriesSetup, *, meta: Meta) -> MeetingSeries:
        if setup["arena_id"] is None and setup["initiative_id"] is None:
            raise ValidationFailed(
                "a series belongs to an arena or an initiative", field="arena_id"
            )
        zone(setup["timezone"])
        if setup["until"] is not None:
            check_day(setup["until"], "until")
        if setup["until"] is not None and setup["until"] < date.fromisoformat(
            setup["rule"]["effective_from"]
        ):
            raise ValidationFailed(
                "the series cannot end before it starts",
                field="until",
                rule="series.ends_before_start",
            )
        evaluate_after = setup["evaluate_after"]
        if evaluate_after is not None and not 1 <= evaluate_after <= 100:
            raise ValidationFailed("evaluate_after is 1-100 meetings", field="evaluate_after")
        days = setup["status_round_days"]
        if days is not None and not 1 <= days <= 14:
            raise ValidationFailed("status_round_days is 1-14", field="status_round_days")
        people = [setup["moderator_id"], *setup["invitees"]]
        if setup["secretary_id"] is not None:
            people.append(setup["secretary_id"])
        invitees = _unique(people)
        if len(invitees) > 1000:
            raise ValidationFailed("a series has at most 1000 invitees", field="invitees")
        video = setup["video_link"]
        return cls(
            title=require_text(setup["title"], "title", max_len=300),
            arena_id=setup["arena_id"],
            initiative_id=setup["initiative_id"],
            moderator_id=setup["moderator_id"],
            secretary_id=setup["secretary_id"],
            invitees=invitees,
            rules=[setup["rule"]],
            timezone=setup["timezone"],
            holiday_policy=parse_enum(
                HolidayPolicy, setup["holiday_policy"], "holiday_policy"
            ).value,
            until=setup["until"],
            place=Place(
                location=optional_text(setup["location"], "location", max_len=300, multiline=False),
                video_link=require_link("video", video)["url"] if video else None,
                slack_channel=check_slack_channel(setup["slack_channel"]),
            ),
            agenda_template=text_list(setup["agenda_template"], "agenda_template", max_items=30),
            evaluate_after=evaluate_after,
            status_round_days=days,
            meta=meta,
        )

    # -- reading -------------------------------------------------------------

    @property
    def first_date(self) -> date:
        return date.fromisoformat(self.rules[0]["effective_from"])

    @property
    def last_date(self) -> date | None:
        ends = [d for d in (self.until, self.ended_on) if d is not None]
        return min(ends) if ends else None

    def occurrences(self, start: date, end: date) -> list[Occurrence]:
        return occurrences(
            self.rules,
            tz_name=self.timezone,
            policy=self.holiday_policy,
            overrides=self.overrides,
            start=start,
            end=end,
            until=self.last_date,
        )

    def occurrence(self, key: date) -> Occurrence:
        found = self.occurrences(key, key)
        if not found:
            raise NotFound(f"the series has no meeting on {key.isoformat()}", field="date")
        return found[0]

    def answered_occurrence(self, day: date) -> Occurrence:
        """The occurrence a calendar answer names by `day`.

        RFC 5545 names an occurrence by its original start (the key), but some
        clients answer a moved meeting with the day it now takes place: a day
        that is no key is taken as the new day of the one meeting moved there.
        """
        found = self.occurrences(day, day)
        if found:
            return found[0]
        moved = [
            o
            for o in self.occurrences(day - MAX_MOVE, day + MAX_MOVE)
            if o.state is OccurrenceState.MOVED and o.start.date() == day
        ]
        if len(moved) == 1:
            return moved[0]
        raise NotFound(f"the series has no meeting on {day.isoformat()}", field="date")

    def is_manager(self, actor: str) -> bool:
        return actor in (str(self.moderator_id), str(self.secretary_id))

    def is_invited(self, actor: str) -> bool:
        return actor in self.invitees or self.is_manager(actor)

    # -- rules ---------------------------------------------------------------

    def check_active(self) -> None:
        if self.ended_on is not None:
            raise InvalidTransition(
                f"the series ended on {self.ended_on.isoformat()}",
                field="series_id",
                rule="series.ended",
                params={"day": self.ended_on.isoformat()},
            )

    # -- changes -------------------------------------------------------------

    def reschedule(self, rule: Rule, *, meta: Meta) -> None:
        """A new rule from its effective date onward; earlier meetings stay."""
        self.check_active()
        start = rule["effective_from"]
        if start < self.rules[0]["effective_from"]:
            raise ValidationFailed("a series cannot be rescheduled before it starts", field="from")
        self._rescheduled(rule=rule, meta=meta)

    @event("Rescheduled")
    def _rescheduled(self, rule: Rule, meta: Meta) -> None:
        kept = [r for r in self.rules if r["effective_from"] < rule["effective_from"]]
        self.rules = [*kept, rule]
        self.overrides = {k: v for k, v in self.overrides.items() if k < rule["effective_from"]}

    def add_invitee(self, person_id: UUID, *, meta: Meta) -> None:
        self.check_active()
        if str(person_id) in self.invitees:
            raise Duplicate(
                "the person is already invited", field="person_id", rule="series.already_invited"
            )
        if len(self.invitees) >= 1000:
            raise ValidationFailed("a series has at most 1000 invitees", field="person_id")
        self._invitee_added(person_id=person_id, meta=meta)

    @event("InviteeAdded")
    def _invitee_added(self, person_id: UUID, meta: Meta) -> None:
        self.invitees = [*self.invitees, str(person_id)]

    def remove_invitee(self, person_id: UUID, *, meta: Meta) -> None:
        if str(person_id) not in self.invitees:
            raise NotFound("the person is not invited", field="person_id")
        if person_id == self.moderator_id:
            raise InvalidTransition(
                "the moderator stays invited", field="person_id", rule="series.moderator_stays"
            )
        self._invitee_removed(person_id=person_id, meta=meta)

    @event("InviteeRemoved")
    def _invitee_removed(self, person_id: UUID, meta: Meta) -> None:
        self.invitees = [p for p in self.invitees if p != str(person_id)]

    def check_takes_answers(self) -> None:
        """Invitees answer the invitation of the whole series while it runs."""
        self.check_active()

    @event("RsvpRecorded")
    def _rsvp_recorded(self, person_id: UUID, response: str, meta: Meta) -> None:
        self._note_rsvp(person_id, response)

    def cancel_occurrence(self, key: date, *, reason: str | None, meta: Meta) -> None:
        self.check_active()
        found = self.occurrence(key)
        if found.state is OccurrenceState.CANCELLED:
            raise InvalidTransition(
                "that meeting is already cancelled", field="date", rule="meeting.already_cancelled"
            )
        self._occurrence_cancelled(
            occurrence_date=key, reason=optional_text(reason, "reason", max_len=500), meta=meta
        )

    @event("OccurrenceCancelled")
    def _occurrence_cancelled(self, occurrence_date: date, reason: str, meta: Meta) -> None:
        self.overrides[occurrence_date.isoformat()] = Override(
            state=OccurrenceState.CANCELLED.value,
            starts_local=None,
            duration_minutes=None,
            reason=reason,
        )

    def move_occurrence(
        self,
        key: date,
        *,
        starts_local: datetime,
        duration_minutes: int | None,
        reason: str | None,
        meta: Meta,
    ) -> None:
        self.check_active()
        check_day(starts_local.date(), "starts_at")
        if starts_local.tzinfo is not None:
            raise ValidationFailed("give the new start as local time", field="starts_at")
        self.occurrence(key)
        if abs(starts_local.date() - key) > MAX_MOVE:
            raise ValidationFailed(
                "a meeting moves at most 60 days", field="starts_at", rule="meeting.moved_too_far"
            )
        if duration_minutes is not None and not 5 <= duration_minutes <= 600:
            raise ValidationFailed("duration_minutes is 5-600", field="duration_minutes")
        self._occurrence_moved(
            occurrence_date=key,
            starts_local=starts_local.replace(second=0, microsecond=0).isoformat(),
            duration_minutes=duration_minutes,
            reason=optional_text(reason, "reason", max_len=500),
            meta=meta,
        )

    @event("OccurrenceMoved")
    def _occurrence_moved(
        self,
        occurrence_date: date,
        starts_local: str,
        duration_minutes: int | None,
        reason: str,
        meta: Meta,
    ) -> None:
        self.overrides[occurrence_date.isoformat()] = Override(
            state=OccurrenceState.MOVED.value,
            starts_local=starts_local,
            duration_minutes=duration_minutes,
            reason=reason,
        )

    def note_holiday_skip(self, key: date, *, meta: Meta) -> None:
        """Records that the holiday rule skipped this date (visible in the log)."""
        found = self.occurrence(key)
        if found.state is not OccurrenceState.SKIPPED or key.isoformat() in self.skips_noted:
            return
        self._holiday_skipped(occurrence_date=key, holiday=found.holiday, meta=meta)

    @event("HolidaySkipped")
    def _holiday_skipped(self, occurrence_date: date, holiday: str, meta: Meta) -> None:
        self.skips_noted = [*self.skips_noted, occurrence_date.isoformat()]

    def end(self, last_day: date, *, reason: str | None, meta: Meta) -> None:
        self.check_active()
        check_day(last_day, "last_day")
        if last_day < self.first_date - timedelta(days=1):
            raise ValidationFailed(
                "the series cannot end before it starts",
                field="last_day",
                rule="series.ends_before_start",
            )
        self._ended(
            last_day=last_day, reason=optional_text(reason, "reason", max_len=500), meta=meta
        )

    @event("Ended")
    def _ended(self, last_day: date, reason: str, meta: Meta) -> None:
        self.ended_on = last_day

    @property
    def teams_channel(self) -> str:
        # Series scheduled before Teams channels existed have none.
        return str(getattr(self, "teams_conversation", ""))

    def set_teams_channel(self, conversation_id: str | None, *, meta: Meta) -> None:
        """Where the series' reminders and round summaries are posted in Teams."""
        self.check_active()
        clean = check_teams_channel(conversation_id)
        if clean == self.teams_channel:
            return
        self._teams_channel_set(conversation_id=clean, meta=meta)

    @event("TeamsChannelSet")
    def _teams_channel_set(self, conversation_id: str, meta: Meta) -> None:
        self.teams_conversation = conversation_id

    def set_slack_channel(self, channel: str | None, *, meta: Meta) -> None:
        """Where the series' reminders and round summaries are posted in Slack."""
        self.check_active()
        clean = check_slack_channel(channel)
        if clean == self.place["slack_channel"]:
            return
        self._slack_channel_set(channel=clean, meta=meta)

    @event("SlackChannelSet")
    def _slack_channel_set(self, channel: str, meta: Meta) -> None:
        self.place = Place(**{**self.place, "slack_channel": channel})

    def evaluate(self, verdict: str, comment: str | None, *, meta: Meta) -> None:
        """The managers' answer to the evaluation prompt: go on, change, or end."""
        self.check_active()
        self._evaluated(
            verdict=parse_enum(Verdict, verdict, "verdict").value,
            comment=optional_text(comment, "comment", max_len=2000),
            meta=meta,
        )

    @event("Evaluated")
    def _evaluated(self, verdict: str, comment: str, meta: Meta) -> None:
        self.verdict = verdict


def _unique(ids: list[UUID]) -> list[str]:
    seen: dict[str, None] = {}
    for person_id in ids:
        seen[str(person_id)] = None
    return list(seen)
