"""Demo: initiative 2.7.2's open coordination meetings, as the work plan describes.

"Förslagsvis möten varannan till var tredje vecka, lunchtid ca 30 minuter";
Bengt Stavenow moderates, a secretary from the group keeps the participant
list and the minutes, the list grows meeting by meeting, and the concept is
evaluated after about three meetings.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from domain.meetings import commands as m
from domain.meetings.recurrence import HolidayPolicy

if TYPE_CHECKING:
    from samverka.demo import DemoLoader

SERIES_TITLE = "Öppet samordningsmöte: Digitala lösningar för psykisk hälsa"
AGENDA = [
    "Välkommen och kort presentationsrunda",
    "Aktuellt: digitala lösningar för psykisk hälsa hos deltagarna",
    "Diskussionspunkter",
    "Planera den fortsatta mötesserien tillsammans",
    "Övrigt",
]
FIRST = date(2020, 10, 6)  # a Tuesday in October 2020 (the plan: "Oktober?")
# (date, present, new invitees after the meeting, notes, actions: (text, assignee, due))
MEETINGS = [
    (
        date(2020, 10, 6),
        ["bengt", "amanda", "emmy", "sara", "anna", "nicolas"],
        ["jessica", "asa"],
        "Första öppna samordningsmötet. Deltagarna presenterade pågående digitala "
        "utvecklingsarbeten och önskade en gemensam översikt.",
        [("Sammanställa deltagarlistan och skicka ut den", "amanda", date(2020, 10, 16))],
    ),
    (
        date(2020, 10, 20),
        ["bengt", "amanda", "emmy", "jessica", "asa", "karin"],
        ["linda"],
        "Genomgång av översikten. Umo.se/Youmo.se berättade om sitt arbete.",
        [("Ta fram förslag på teman för kommande möten", "bengt", date(2020, 11, 3))],
    ),
]


def load_meetings(loader: DemoLoader) -> UUID:
    persons, do = loader.loaded.persons, loader._do
    members = ["bengt", "amanda", "emmy", "sara", "anna", "nicolas", "karin"]
    series_id = do(
        "series:272",
        m.ScheduleSeries(
            title=SERIES_TITLE,
            moderator_id=persons["bengt"],
            secretary_id=persons["amanda"],
            invitees=[persons[k] for k in members],
            initiative_id=loader.loaded.initiatives["272"],
            starts_on=FIRST,
            weekday=FIRST.weekday(),
            start_time="12:00",
            duration_minutes=30,
            interval_weeks=2,
            holiday_policy=HolidayPolicy.NEXT_WORKING_DAY,
            video_link="https://example.se/mote/digitala-losningar",
            slack_channel="#delarena-27-samordning",
            agenda_template=AGENDA,
            evaluate_after=3,
            status_round_days=3,
        ),
        actor=str(persons["bengt"]),
    )
    amanda = str(persons["amanda"])
    for day, present, newcomers, notes, actions in MEETINGS:
        key = day.isoformat()
        do(f"meeting:272:{key}:plan", m.PlanMeeting(series_id=series_id, occurrence_date=day))
        attendance = m.RecordAttendance(
            series_id=series_id, occurrence_date=day, present=[persons[p] for p in present]
        )
        do(f"meeting:272:{key}:attendance", attendance, actor=amanda)
        do(
            f"meeting:272:{key}:notes",
            m.WriteNotes(series_id=series_id, occurrence_date=day, text=notes),
            actor=amanda,
        )
        for n, (text, who, due) in enumerate(actions):
            action = m.AssignActionItem(
                series_id=series_id,
                occurrence_date=day,
                text=text,
                assignee_id=persons[who],
                due=due,
            )
            do(f"meeting:272:{key}:action:{n}", action, actor=amanda)
        closed_at = datetime.combine(day, datetime.min.time(), UTC).replace(hour=11)
        do(
            f"meeting:272:{key}:close",
            m.CloseMeeting(series_id=series_id, occurrence_date=day, closed_at=closed_at),
            actor=amanda,
        )
        for person in newcomers:
            do(
                f"series:272:invite:{person}",
                m.AddInvitee(series_id=series_id, person_id=persons[person]),
                actor=amanda,
            )
    return series_id
