"""Handlers for check-in rounds, the yearly survey and notifications."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from domain.arena import Arena
from domain.authority import MODERATOR, SECRETARY, GlobalRole
from domain.checkins.questions import Question, make_question
from domain.checkins.round import (
    Audience,
    ChannelPref,
    CheckInRound,
    Link,
    RoundKind,
    status_round_id,
    survey_round_id,
)
from domain.checkins.survey import SurveyPlan
from domain.errors import Duplicate, InvalidTransition, ValidationFailed
from domain.handlers.meetings import managed_series, meeting_of
from domain.handlers.plans import contacts_of, respondents
from domain.handlers.registry import acts_on, handles
from domain.initiative import Initiative
from domain.meetings import commands as m
from domain.meetings.series import MeetingSeries
from domain.meta import Meta, with_business_date
from domain.notifications import Notification, Recipient, notification_id
from domain.person import Person
from domain.plans.plan import Plan
from domain.uow import UnitOfWork
from domain.values import Health, Reach, Status


def status_questions() -> list[Question]:
    """The fortnightly status round's questions (på spår / risk / blockerad)."""
    return [
        make_question("health", "Hur går det för initiativet?", "health", required=True),
        make_question("progress", "Vad har hänt sedan sist?", "text"),
        make_question("help", "Behöver du hjälp med något till mötet?", "text"),
    ]


def channel_of(person: Person) -> str:
    """The channel the person chose when they can be reached on it; else
    Slack when the person has a Slack id, else e-mail, else none."""
    if person.forgotten:
        return ChannelPref.NONE.value
    if person.reach_chosen == Reach.EMAIL and person.personal["email"]:
        return ChannelPref.EMAIL.value
    if person.personal["slack_user_id"]:
        return ChannelPref.SLACK.value
    if person.personal["email"]:
        return ChannelPref.EMAIL.value
    return ChannelPref.NONE.value


def channels(uow: UnitOfWork, person_ids: Iterable[str | uuid.UUID]) -> dict[str, str]:
    found: dict[str, str] = {}
    for person_id in person_ids:
        key = str(person_id)
        if key not in found:
            found[key] = channel_of(uow.get(Person, uuid.UUID(key), field="person_ids"))
    return found


def _link(**values: str | int | None) -> Link:
    base: Link = {
        "series_id": None,
        "occurrence_date": None,
        "initiative_id": None,
        "survey_id": None,
        "year": None,
    }
    return Link(**{**base, **values})  # type: ignore[typeddict-item]


def round_arenas(uow: UnitOfWork, checkin: CheckInRound) -> list[uuid.UUID | None]:
    """The arena a round asks in: its audience's, or its survey's (None for a
    round sent to a list of persons, which only admins run)."""
    audience, link = checkin.audience, checkin.link
    ref = uuid.UUID(audience["ref_id"]) if audience["ref_id"] else None
    if audience["kind"] == "arena":
        return [ref]
    if audience["kind"] == "initiative" and ref is not None:
        return [uow.get(Initiative, ref).arena_id]
    if audience["kind"] == "series" and ref is not None:
        return [uow.get(MeetingSeries, ref).arena_id]
    if link["survey_id"]:
        return [uow.get(SurveyPlan, uuid.UUID(link["survey_id"])).arena_id]
    return [None]


def _runs_round(uow: UnitOfWork, checkin: CheckInRound) -> bool:
    """Whether the actor runs the round: its arena's secretaries and
    moderators, a status round's series' moderator and secretary."""
    if checkin.link["series_id"]:
        series = uow.get(MeetingSeries, uuid.UUID(checkin.link["series_id"]))
        if series.is_manager(uow.actor):
            return True
    return all(uow.holds(a, SECRETARY) for a in round_arenas(uow, checkin))


@handles(m.OpenCheckInRound)
def open_round(uow: UnitOfWork, cmd: m.OpenCheckInRound, meta: Meta) -> CheckInRound:
    people: list[str]
    initiative_id = None
    if cmd.audience_kind == "initiative" and cmd.audience_id is not None:
        initiative = uow.get(Initiative, cmd.audience_id, field="audience_id")
        uow.allow_in_arena(initiative.arena_id, SECRETARY)
        people, initiative_id = list(initiative.participants), str(initiative.id)
    elif cmd.audience_kind == "arena" and cmd.audience_id is not None:
        uow.allow_in_arena(cmd.audience_id, SECRETARY)
        people = list(uow.get(Arena, cmd.audience_id, field="audience_id").members)
    elif cmd.audience_kind == "persons":
        uow.allow_global(GlobalRole.ADMIN)
        people = [str(p) for p in cmd.person_ids]
    else:
        raise ValidationFailed("audience is initiative or arena (with an id), or persons")
    round_id = cmd.round_id or uuid.uuid4()
    if uow.exists(round_id):
        raise Duplicate("a round with this id exists", field="round_id")
    # An initiative's round with a health question is a status round: it
    # updates the initiative's health when it closes.
    asks_health = any(q["kind"] == "health" for q in cmd.questions)
    kind = RoundKind.STATUS if asks_health and initiative_id else RoundKind.CUSTOM
    checkin = CheckInRound.open(
        round_id=round_id,
        kind=kind.value,
        title=cmd.title,
        audience=Audience(
            kind=cmd.audience_kind, ref_id=str(cmd.audience_id) if cmd.audience_id else None
        ),
        recipients=channels(uow, people),
        questions=list(cmd.questions),
        opens_at=cmd.opens_at,
        due_at=cmd.due_at,
        reminders=list(cmd.reminders),
        link=_link(initiative_id=initiative_id),
        meta=meta,
    )
    return uow.created(checkin)


@handles(m.OpenStatusRound)
def open_status_round(uow: UnitOfWork, cmd: m.OpenStatusRound, meta: Meta) -> CheckInRound:
    series = managed_series(uow, cmd.series_id)
    round_id = status_round_id(cmd.series_id, cmd.occurrence_date)
    if uow.exists(round_id):
        return uow.get(CheckInRound, round_id)
    series.check_active()
    occurrence = series.occurrence(cmd.occurrence_date)
    if not occurrence.held:
        raise InvalidTransition("that meeting does not take place", field="date")
    checkin = CheckInRound.open(
        round_id=round_id,
        kind=RoundKind.STATUS.value,
        title=uow.round_words.status_round_title(series.title, occurrence.start.date()),
        audience=Audience(kind="series", ref_id=str(series.id)),
        recipients=channels(uow, series.invitees),
        questions=status_questions(),
        opens_at=cmd.opens_at,
        due_at=cmd.due_at,
        reminders=[24],
        link=_link(
            series_id=str(series.id),
            occurrence_date=cmd.occurrence_date.isoformat(),
            initiative_id=str(series.initiative_id) if series.initiative_id else None,
        ),
        meta=meta,
    )
    return uow.created(checkin)


@handles(m.AnswerCheckIn)
def answer_checkin(uow: UnitOfWork, cmd: m.AnswerCheckIn, meta: Meta) -> CheckInRound:
    checkin = uow.get(CheckInRound, cmd.round_id, field="round_id")
    own = uow.actor == str(cmd.person_id)
    if own or (uow.authority.system and cmd.reason is None):
        # Samverka itself records answers people gave elsewhere (imports, demo).
        uow.allow_self(cmd.person_id)
        checkin.answer(cmd.person_id, dict(cmd.answers), answered_at=cmd.answered_at, meta=meta)
        return checkin
    uow.allow(
        uow.authority.is_admin or _runs_round(uow, checkin),
        "only the round's secretaries and moderators change someone else's answer",
    )
    if cmd.reason is None:
        raise ValidationFailed(
            "changing someone else's answer is a correction: give the reason", field="reason"
        )
    checkin.correct(
        cmd.person_id,
        dict(cmd.answers),
        reason=cmd.reason,
        answered_at=cmd.answered_at,
        meta=meta,
    )
    return checkin


@handles(m.CloseCheckInRound)
def close_round(uow: UnitOfWork, cmd: m.CloseCheckInRound, meta: Meta) -> CheckInRound:
    checkin = uow.get(CheckInRound, cmd.round_id, field="round_id")
    uow.allow(
        uow.authority.is_admin or _runs_round(uow, checkin),
        "only the round's secretaries and moderators close it",
    )
    checkin.close(cmd.closed_at, meta=meta)
    summary = checkin.summary or {}
    link = checkin.link
    if checkin.kind is RoundKind.STATUS and link["initiative_id"] and summary.get("health"):
        initiative = uow.get(Initiative, uuid.UUID(link["initiative_id"]))
        if initiative.status in (Status.ACTIVE, Status.PAUSED, Status.PROPOSED):
            health = summary["health"]
            comment = uow.round_words.health_comment(Health(health), summary["answered"])
            initiative.report_health(health, comment=comment, meta=meta)
    if link["series_id"] and link["occurrence_date"]:
        series = uow.get(MeetingSeries, uuid.UUID(link["series_id"]))
        key = date.fromisoformat(link["occurrence_date"])
        occurrence = series.occurrence(key)
        if occurrence.held and series.ended_on is None:
            meeting = meeting_of(uow, series, key, meta)
            if meeting.state.value == "planned":
                title, text = uow.round_words.agenda_item(summary)
                meeting.add_agenda_item(
                    f"r{checkin.id.hex[:10]}", title, text, kind="status-round", meta=meta
                )
    return checkin


# -- the yearly survey ---------------------------------------------------------


def _survey(uow: UnitOfWork, cmd: m.OnSurvey) -> SurveyPlan:
    """The survey, for its arena's moderators (admins for one without arena)."""
    return uow.get_in_arena(SurveyPlan, cmd.survey_id, MODERATOR, field="survey_id")


@handles(m.ScheduleSurvey)
def schedule_survey(uow: UnitOfWork, cmd: m.ScheduleSurvey, meta: Meta) -> SurveyPlan:
    uow.allow_new_in_arena(cmd.arena_id, MODERATOR)
    for person_id in cmd.contacts:
        uow.get(Person, person_id, field="contacts").check_not_forgotten()
    return uow.created(SurveyPlan.schedule(cmd, meta=meta))


@acts_on(m.AddSurveyContact, _survey, brings=lambda cmd: cmd.person_id)
def add_survey_contact(plan: SurveyPlan, cmd: m.AddSurveyContact, meta: Meta) -> None:
    plan.add_contact(cmd.person_id, meta=meta)


@acts_on(m.RemoveSurveyContact, _survey)
def remove_survey_contact(plan: SurveyPlan, cmd: m.RemoveSurveyContact, meta: Meta) -> None:
    plan.remove_contact(cmd.person_id, meta=meta)


@acts_on(m.EndSurvey, _survey)
def end_survey(plan: SurveyPlan, cmd: m.EndSurvey, meta: Meta) -> None:
    plan.end(meta=meta)


@handles(m.OpenSurveyRound)
def open_survey_round(uow: UnitOfWork, cmd: m.OpenSurveyRound, meta: Meta) -> CheckInRound:
    plan = _survey(uow, cmd)
    round_id = survey_round_id(cmd.survey_id, cmd.year)
    if uow.exists(round_id):
        return uow.get(CheckInRound, round_id)
    plan.check_active()
    if cmd.year < plan.first_year:
        raise ValidationFailed(f"the survey starts in {plan.first_year}", field="year")
    opens_at, due_at = plan.window(cmd.year)
    contacts, questions = plan.contacts, plan.questions
    if plan.plan_id is not None:
        # A plan's survey asks the plan's questions of the contact persons of
        # the organisations taking part this year, and the plan notes who
        # answers for which organisation.
        followed = uow.get(Plan, uuid.UUID(plan.plan_id), field="survey_id")
        answering = respondents(uow, followed)
        contacts, questions = contacts_of(answering), followed.survey_questions()
        followed.record_follow_up(cmd.year, round_id, answering, meta=meta)
    checkin = CheckInRound.open(
        round_id=round_id,
        kind=RoundKind.SURVEY.value,
        title=f"{plan.title} {cmd.year}",
        audience=Audience(kind="persons", ref_id=str(plan.id)),
        recipients=channels(uow, contacts),
        questions=questions,
        opens_at=opens_at,
        due_at=due_at,
        reminders=[24 * 7, 48],
        link=_link(survey_id=str(plan.id), year=cmd.year),
        meta=with_business_date(meta, opens_at.date()),
    )
    return uow.created(checkin)


# -- notifications -------------------------------------------------------------


@handles(m.QueueNotification)
def queue_notification(uow: UnitOfWork, cmd: m.QueueNotification, meta: Meta) -> Notification:
    uow.allow_system()
    existing = notification_id(cmd.key)
    if uow.exists(existing):
        return uow.get(Notification, existing)
    if len(cmd.person_ids) > 20_000:
        raise ValidationFailed("at most 20000 recipients", field="person_ids")
    recipients = [
        Recipient(person_id=p, channel=c) for p, c in channels(uow, cmd.person_ids).items()
    ]
    return uow.created(Notification.queue(cmd, recipients, meta=meta))


def _notification(uow: UnitOfWork, cmd: m.OnNotification) -> Notification:
    """The notification, for Samverka itself (its sender)."""
    uow.allow_system()
    return uow.get(Notification, notification_id(cmd.key), field="key")


@acts_on(m.MarkNotificationSent, _notification)
def mark_sent(notification: Notification, cmd: m.MarkNotificationSent, meta: Meta) -> None:
    notification.mark_sent(cmd.sent_at, dict(cmd.channels), meta=meta)


@acts_on(m.RecordDeliveryOutcome, _notification)
def record_delivery_outcome(
    notification: Notification, cmd: m.RecordDeliveryOutcome, meta: Meta
) -> None:
    notification.record_outcome(cmd.sent_at, dict(cmd.delivered), dict(cmd.unreachable), meta=meta)


@acts_on(m.SkipNotification, _notification)
def skip_notification(notification: Notification, cmd: m.SkipNotification, meta: Meta) -> None:
    notification.skip(cmd.reason, meta=meta)


@acts_on(m.FailNotification, _notification)
def fail_notification(notification: Notification, cmd: m.FailNotification, meta: Meta) -> None:
    notification.fail(cmd.error, meta=meta)
