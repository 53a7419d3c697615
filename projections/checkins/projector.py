"""Check-in rounds, answers, the yearly survey plans and the notification outbox."""

from __future__ import annotations

from typing import Any

from domain.checkins.round import CheckInRound
from domain.checkins.survey import SurveyPlan
from domain.notifications import Notification
from projections.framework import PROJECTION, Ctx
from projections.meetings import tables as mt
from projections.store import RowStore, fields, optional_id, require

on = PROJECTION.on


@on(CheckInRound, "Opened")
def round_opened(e: Any, ctx: Ctx, rows: RowStore) -> None:
    link = e.link
    rows.put(
        mt.checkin_rounds,
        ctx.new_row(
            {
                "kind": e.kind,
                "title": e.title,
                "audience_kind": e.audience["kind"],
                "audience_ref": e.audience["ref_id"],
                "series_id": link["series_id"],
                "occurrence_date": link["occurrence_date"],
                "initiative_id": link["initiative_id"],
                "survey_id": link["survey_id"],
                "year": link["year"],
                "questions": e.questions,
                "opens_at": e.opens_at.isoformat(),
                "due_at": e.due_at.isoformat(),
                "reminders": e.reminders,
                "state": "open",
                "invited": len(e.recipients),
                "answered": 0,
                "summary": None,
                "closed_at": None,
            },
            times=("opened_at",),
        ),
    )
    for person_id, channel in e.recipients.items():
        rows.put(
            mt.checkin_recipients,
            {
                "round_id": ctx.aggregate_id,
                "person_id": person_id,
                "channel": channel,
                "revision": 0,
                "answers": None,
                "answered_at": None,
                "answer_channel": None,
            },
        )


@on(CheckInRound, "Answered", "AnswerCorrected")
def round_answered(e: Any, ctx: Ctx, rows: RowStore) -> None:
    person_id = str(e.person_id)
    checkin = require(rows, mt.checkin_rounds, ctx.aggregate_id)
    recipient = require(rows, mt.checkin_recipients, ctx.aggregate_id, person_id)
    first = recipient["revision"] == 0
    answered_at = e.answered_at.isoformat()
    rows.put(
        mt.checkin_recipients,
        {
            **recipient,
            "revision": e.revision,
            "answers": e.answers,
            "answered_at": answered_at,
            "answer_channel": ctx.meta["channel"],
        },
    )
    rows.put(
        mt.checkin_rounds,
        {
            **checkin,
            "answered": checkin["answered"] + (1 if first else 0),
            "version": ctx.version,
        },
    )
    rows.append(
        mt.checkin_answers,
        {
            "position": ctx.position,
            "round_id": ctx.aggregate_id,
            "person_id": person_id,
            "initiative_id": checkin["initiative_id"],
            "revision": e.revision,
            "answers": e.answers,
            "answered_at": answered_at,
            "channel": ctx.meta["channel"],
            "source_id": ctx.meta["source_id"],
        },
    )


@on(CheckInRound, "Closed")
def round_closed(e: Any, ctx: Ctx, rows: RowStore) -> None:
    checkin = require(rows, mt.checkin_rounds, ctx.aggregate_id)
    rows.put(
        mt.checkin_rounds,
        {
            **checkin,
            "state": "closed",
            "summary": e.summary,
            "closed_at": e.closed_at.isoformat(),
            "version": ctx.version,
        },
    )


# -- survey plans ------------------------------------------------------------------


@on(SurveyPlan, "Scheduled")
def survey_scheduled(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        mt.survey_plans,
        ctx.new_row(
            {
                "title": e.title,
                "arena_id": optional_id(e.arena_id),
                **fields(e, "contacts", "questions", "send_on", "due_on", "timezone", "first_year"),
                "ended": False,
                "plan_id": None,
            },
            times=("created_at",),
        ),
    )


@on(SurveyPlan, "LinkedToPlan")
def survey_linked(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, mt.survey_plans, ctx.aggregate_id)
    rows.put(mt.survey_plans, {**row, "plan_id": str(e.plan_id), "version": ctx.version})


@on(SurveyPlan, "ContactAdded", "ContactRemoved", "Ended")
def survey_changed(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, mt.survey_plans, ctx.aggregate_id)
    contacts = list(row["contacts"])
    name = type(e).__name__
    if name == "ContactAdded":
        contacts.append(str(e.person_id))
    elif name == "ContactRemoved":
        contacts = [c for c in contacts if c != str(e.person_id)]
    rows.put(
        mt.survey_plans,
        {
            **row,
            "contacts": contacts,
            "ended": row["ended"] or name == "Ended",
            "version": ctx.version,
        },
    )


# -- the outbox ----------------------------------------------------------------------


@on(Notification, "Queued")
def notification_queued(e: Any, ctx: Ctx, rows: RowStore) -> None:
    rows.put(
        mt.notifications,
        {
            "id": ctx.aggregate_id,
            "key": e.key,
            "kind": e.kind,
            "state": "queued",
            **fields(e, "recipients", "subject", "text", "data"),
            "not_after": e.not_after.isoformat() if e.not_after else None,
            "attempts": 0,
            "last_error": None,
            "skip_reason": None,
            "queued_at": ctx.at,
            "sent_at": None,
            "channels": None,
            "unreachable": {},
        },
    )


@on(Notification, "Sent")
def notification_sent(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, mt.notifications, ctx.aggregate_id)
    rows.put(
        mt.notifications,
        {**row, "state": "sent", "sent_at": e.sent_at.isoformat(), "channels": e.channels},
    )


@on(Notification, "Delivered")
def notification_delivered(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, mt.notifications, ctx.aggregate_id)
    channels = {**(row["channels"] or {}), **e.delivered}
    unreachable = {**row["unreachable"], **e.unreachable}
    rows.put(mt.notifications, {**row, "channels": channels, "unreachable": unreachable})


@on(Notification, "Skipped")
def notification_skipped(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, mt.notifications, ctx.aggregate_id)
    rows.put(mt.notifications, {**row, "state": "skipped", "skip_reason": e.reason})


@on(Notification, "Failed")
def notification_failed(e: Any, ctx: Ctx, rows: RowStore) -> None:
    row = require(rows, mt.notifications, ctx.aggregate_id)
    rows.put(mt.notifications, {**row, "attempts": row["attempts"] + 1, "last_error": e.error})
