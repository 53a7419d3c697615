"""One meeting of a series: agenda, attendance, minutes, decisions, action items.

Its id is derived from the series and the occurrence's original date, so any
command about "the meeting on 2026-03-17" finds or creates the same one.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypedDict
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate, derived_id
from domain.errors import Forbidden, InvalidTransition, NotFound, ValidationFailed
from domain.meetings.recurrence import Occurrence
from domain.meetings.rsvp import AnswersInvitations
from domain.meta import Meta
from domain.values import optional_text, require_text

MAX_ITEMS = 200


def check_source(source: str | None) -> str:
    """Where a note was written: an http(s) link such as a Slack permalink."""
    clean = optional_text(source, "source", max_len=500, multiline=False)
    if clean and not clean.startswith(("https://", "http://")):
        raise ValidationFailed("source is a link (https://...)", field="source")
    return clean


def meeting_id(series_id: UUID, occurrence_date: date) -> UUID:
    return derived_id("meeting", f"{series_id}:{occurrence_date.isoformat()}")


class MeetingState(StrEnum):
    PLANNED = "planned"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class AgendaItem(TypedDict):
    title: str
    note: str
    proposed_by: str
    kind: str  # template | proposed | status-round


class ActionItem(TypedDict):
    text: str
    assignee_id: str
    due: str | None
    done_on: str | None


class MinutesEntry(TypedDict):
    """A note or decision added to the minutes, with where it was written."""

    text: str
    source: str  # e.g. the Slack message's permalink; "" when none
    decision_id: str | None
    added_by: str


class Meeting(SamverkaAggregate, AnswersInvitations):
    @staticmethod
    def create_id(series_id: UUID, occurrence_date: date, **_: Any) -> UUID:
        return meeting_id(series_id, occurrence_date)

    @event("Planned")
    def __init__(
        self,
        series_id: UUID,
        occurrence_date: date,
        title: str,
        starts_at: str,
        ends_at: str,
        moved_reason: str,
        holiday: str,
        moderator_id: str,
        secretary_id: str | None,
        agenda: dict[str, AgendaItem],
        meta: Meta,
    ) -> None:
        self.series_id = series_id
        self.occurrence_date = occurrence_date
        self.title = title
        self.starts_at = starts_at
        self.ends_at = ends_at
        self.moved_reason = moved_reason
        self.holiday = holiday
        self.moderator_id = moderator_id
        self.secretary_id = secretary_id
        self.agenda = agenda
        self.attendance: dict[str, bool] = {}
        self.notes = ""
        self.decisions: dict[str, str] = {}
        self.action_items: dict[str, ActionItem] = {}
        self.entries: dict[str, MinutesEntry] = {}
        self.state = MeetingState.PLANNED
        self.summary: dict[str, Any] | None = None

    @classmethod
    def plan(
        cls,
        *,
        series_id: UUID,
        title: str,
        occurrence: Occurrence,
        moderator_id: UUID,
        secretary_id: UUID | None,
        template: list[str],
        meta: Meta,
    ) -> Meeting:
        if not occurrence.held:
            raise InvalidTransition(
                f"the meeting on {occurrence.key.isoformat()} is {occurrence.state.value}",
                field="date",
            )
        agenda = {
            f"t{n}": AgendaItem(title=item, note="", proposed_by=str(moderator_id), kind="template")
            for n, item in enumerate(template, start=1)
        }
        return cls(
            series_id=series_id,
            occurrence_date=occurrence.key,
            title=f"{title} {occurrence.start.date().isoformat()}",
            starts_at=occurrence.start.isoformat(),
            ends_at=occurrence.end.isoformat(),
            moved_reason=occurrence.reason,
            holiday=occurrence.holiday,
            moderator_id=str(moderator_id),
            secretary_id=str(secretary_id) if secretary_id else None,
            agenda=agenda,
            meta=meta,
        )

    # -- rules ---------------------------------------------------------------

    def check_open(self) -> None:
        if self.state is not MeetingState.PLANNED:
            raise InvalidTransition(
                f"the meeting is {self.state.value}",
                field="meeting_id",
                rule=f"meeting.{self.state.value}",
            )

    def check_manager(self, actor: str, may_manage: bool) -> None:
        if not (may_manage or actor in (self.moderator_id, self.secretary_id)):
            raise Forbidden("only the moderator or secretary may do this", field="actor")

    def check_item(self, item_id: str) -> ActionItem:
        try:
            return self.action_items[item_id]
        except KeyError:
            raise NotFound(f"the meeting has no action item {item_id}", field="item_id") from None

    # -- agenda --------------------------------------------------------------

    def add_agenda_item(
        self, item_id: str, title: str, note: str | None, *, kind: str, meta: Meta
    ) -> None:
        self.check_open()
        if len(self.agenda) >= MAX_ITEMS:
            raise ValidationFailed(f"an agenda has at most {MAX_ITEMS} items", field="title")
        self._agenda_item_added(
            item_id=item_id,
            item=AgendaItem(
                title=require_text(title, "title", max_len=300),
                note=optional_text(note, "note", max_len=5000),
                proposed_by=meta["actor"],
                kind=kind,
            ),
            meta=meta,
        )

    @event("AgendaItemAdded")
    def _agenda_item_added(self, item_id: str, item: AgendaItem, meta: Meta) -> None:
        self.agenda[item_id] = item

    def withdraw_agenda_item(self, item_id: str, *, may_manage: bool, meta: Meta) -> None:
        self.check_open()
        item = self.agenda.get(item_id)
        if item is None:
            raise NotFound(f"the agenda has no item {item_id}", field="item_id")
        if item["proposed_by"] != meta["actor"]:
            self.check_manager(meta["actor"], may_manage)
        self._agenda_item_withdrawn(item_id=item_id, meta=meta)

    @event("AgendaItemWithdrawn")
    def _agenda_item_withdrawn(self, item_id: str, meta: Meta) -> None:
        del self.agenda[item_id]

    # -- during and after the meeting ----------------------------------------

    def record_attendance(self, present: list[UUID], absent: list[UUID], *, meta: Meta) -> None:
        if self.state is MeetingState.CANCELLED:
            raise InvalidTransition(
                "the meeting was cancelled", field="meeting_id", rule="meeting.cancelled"
            )
        if set(present) & set(absent):
            raise ValidationFailed("a person is both present and absent", field="present")
        changes = {str(p): True for p in present} | {str(p): False for p in absent}
        changes = {k: v for k, v in changes.items() if self.attendance.get(k) is not v}
        if changes:
            self._attendance_recorded(attendance=changes, meta=meta)

    @event("AttendanceRecorded")
    def _attendance_recorded(self, attendance: dict[str, bool], meta: Meta) -> None:
        self.attendance = {**self.attendance, **attendance}

    def write_notes(self, text: str, *, meta: Meta) -> None:
        self.check_open()
        clean = optional_text(text, "notes", max_len=50_000)
        if clean != self.notes:
            self._notes_written(text=clean, meta=meta)

    @event("NotesWritten")
    def _notes_written(self, text: str, meta: Meta) -> None:
        self.notes = text

    def note_decision(self, decision_id: UUID, text: str, *, meta: Meta) -> None:
        self.check_open()
        self._decision_noted(decision_id=decision_id, text=text, meta=meta)

    @event("DecisionNoted")
    def _decision_noted(self, decision_id: UUID, text: str, meta: Meta) -> None:
        self.decisions[str(decision_id)] = text

    def add_entry(
        self,
        entry_id: str,
        text: str,
        *,
        source: str | None,
        decision_id: UUID | None = None,
        meta: Meta,
    ) -> None:
        """Adds a note (or a decision's line) to the minutes, keeping its source."""
        self.check_open()
        if len(self.entries) >= MAX_ITEMS * 5:
            raise ValidationFailed(f"a meeting has at most {MAX_ITEMS * 5} notes", field="text")
        if entry_id in self.entries:
            return
        self._entry_added(
            entry_id=entry_id,
            text=require_text(text, "text", max_len=5000, multiline=True),
            source=check_source(source),
            decision_id=decision_id,
            meta=meta,
        )

    @event("NoteAdded")
    def _entry_added(
        self, entry_id: str, text: str, source: str, decision_id: UUID | None, meta: Meta
    ) -> None:
        self.entries[entry_id] = MinutesEntry(
            text=text,
            source=source,
            decision_id=str(decision_id) if decision_id else None,
            added_by=meta["actor"],
        )

    def assign_action(
        self, item_id: str, text: str, assignee_id: UUID, due: date | None, *, meta: Meta
    ) -> None:
        self.check_open()
        if len(self.action_items) >= MAX_ITEMS:
            raise ValidationFailed(f"a meeting has at most {MAX_ITEMS} action items")
        if due is not None and due < self.occurrence_date:
            raise ValidationFailed(
                "an action cannot be due before the meeting",
                field="due",
                rule="action.due_before_meeting",
            )
        self._action_assigned(
            item_id=item_id,
            text=require_text(text, "text", max_len=2000, multiline=True),
            assignee_id=assignee_id,
            due=due,
            meta=meta,
        )

    @event("ActionItemAssigned")
    def _action_assigned(
        self, item_id: str, text: str, assignee_id: UUID, due: date | None, meta: Meta
    ) -> None:
        self.action_items[item_id] = ActionItem(
            text=text,
            assignee_id=str(assignee_id),
            due=due.isoformat() if due else None,
            done_on=None,
        )

    def complete_action(self, item_id: str, done_on: date, *, may_manage: bool, meta: Meta) -> None:
        item = self.check_item(item_id)
        if item["assignee_id"] != meta["actor"]:
            self.check_manager(meta["actor"], may_manage)
        if item["done_on"] is not None:
            raise InvalidTransition("the action item is already done", field="item_id")
        if done_on < self.occurrence_date:
            raise ValidationFailed("an action cannot be done before the meeting", field="done_on")
        self._action_completed(item_id=item_id, done_on=done_on, meta=meta)

    @event("ActionItemCompleted")
    def _action_completed(self, item_id: str, done_on: date, meta: Meta) -> None:
        self.action_items[item_id]["done_on"] = done_on.isoformat()

    def close(self, closed_at: datetime, *, meta: Meta) -> None:
        self.check_open()
        if closed_at < datetime.fromisoformat(self.starts_at):
            raise InvalidTransition(
                "a meeting cannot be closed before it starts",
                field="closed_at",
                rule="meeting.closed_before_start",
            )
        present = sorted(p for p, here in self.attendance.items() if here)
        summary = {
            "title": self.title,
            "starts_at": self.starts_at,
            "present": present,
            "absent": sorted(p for p, here in self.attendance.items() if not here),
            "agenda": [item["title"] for item in self.agenda.values()],
            "decisions": list(self.decisions.values()),
            "action_items": [
                {"text": a["text"], "assignee_id": a["assignee_id"], "due": a["due"]}
                for a in self.action_items.values()
                if a["done_on"] is None
            ],
            "notes": self.notes,
            "entries": [
                {"text": e["text"], "source": e["source"], "decision_id": e["decision_id"]}
                for e in self.entries.values()
            ],
        }
        self._closed(summary=summary, meta=meta)

    @event("Closed")
    def _closed(self, summary: dict[str, Any], meta: Meta) -> None:
        self.state = MeetingState.CLOSED
        self.summary = summary

    def cancel(self, reason: str, *, meta: Meta) -> None:
        if self.state is not MeetingState.PLANNED:
            return
        self._cancelled(reason=reason, meta=meta)

    @event("Cancelled")
    def _cancelled(self, reason: str, meta: Meta) -> None:
        self.state = MeetingState.CANCELLED

    def retime(self, occurrence: Occurrence, *, meta: Meta) -> None:
        if self.state is not MeetingState.PLANNED:
            return
        starts, ends = occurrence.start.isoformat(), occurrence.end.isoformat()
        if (starts, ends) != (self.starts_at, self.ends_at):
            self._retimed(starts_at=starts, ends_at=ends, reason=occurrence.reason, meta=meta)

    def check_takes_answers(self) -> None:
        """Invitees answer the invitation of a meeting that was not cancelled."""
        if self.state is MeetingState.CANCELLED:
            raise InvalidTransition(
                "the meeting was cancelled", field="occurrence_date", rule="meeting.cancelled"
            )

    @event("RsvpRecorded")
    def _rsvp_recorded(self, person_id: UUID, response: str, meta: Meta) -> None:
        self._note_rsvp(person_id, response)

    @event("Retimed")
    def _retimed(self, starts_at: str, ends_at: str, reason: str, meta: Meta) -> None:
        self.starts_at = starts_at
        self.ends_at = ends_at
        self.moved_reason = reason
