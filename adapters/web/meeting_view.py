"""What the meeting page shows of one meeting: the series, the meeting (or
what it will hold once its first change plans it), and its people."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import Connection

from adapters.web.services import WebServices
from domain.meetings.meeting import meeting_id
from services.queries import Row


class MeetingView:
    """What the page shows of one meeting: the series, the meeting (or what
    it will hold when it is planned by its first change), the people."""

    def __init__(
        self, s: WebServices, series: Row, day: date, conn: Connection | None = None
    ) -> None:
        self.series = series
        self.day = day
        self.id = str(meeting_id(UUID(str(series["id"])), day))
        found = s.meetings.meeting_record(self.id, conn=conn)
        self.found = found is not None
        self.row: Row = found or _unplanned(series, day)
        self.occurrence = next(iter(s.meetings.occurrences(series, day, day)), None)
        members: dict[str, str | None] = series["members"]  # read with the series
        self.names: dict[str, str] = {p: name or "?" for p, name in members.items()}
        self.names |= {str(p["person_id"]): p["name"] or "?" for p in series["invitees"]}
        invited = [str(p["person_id"]) for p in series["invitees"]]
        here = {str(a["person_id"]): bool(a["present"]) for a in self.row["attendance"]}
        guests = [p for p in here if p not in invited]
        self.people = [(p, self.names.get(p, "?"), here.get(p, False)) for p in invited + guests]
        listed = set(invited) | set(guests)
        self.guest_options = sorted(
            ((p, name) for p, name in self.names.items() if p not in listed), key=lambda x: x[1]
        )
        self.present = [name for _, name, is_here in self.people if is_here]

    @property
    def state(self) -> str:
        return str(self.row["state"])

    @property
    def open(self) -> bool:
        held = self.occurrence is not None and self.occurrence.held
        return held and self.state == "planned" and self.series["ended_on"] is None

    @property
    def base(self) -> str:
        return f"/series/{self.series['id']}/meetings/{self.day.isoformat()}"


def _unplanned(series: Row, day: date) -> Row:
    """A meeting not planned yet: its agenda is the series' template (its
    first change plans it, as the API and Slack do)."""
    return {
        "state": "planned",
        "title": series["title"],
        "agenda": [{"title": t, "note": "", "kind": "template"} for t in series["agenda_template"]],
        "attendance": [],
        "notes": "",
        "entries": [],
        "decisions": [],
        "action_items": [],
        "carried_forward": [],
        "starts_at": None,
    }
