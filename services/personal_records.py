"""A person's registerutdrag (GDPR article 15), for the data protection
officer: everything Samverka holds about them, in one document.

- `person`: the person as the views keep them now;
- `person_events`: the person's own events, decrypted with their key (their
  name, e-mail address and Slack id as each event recorded them); once the
  person is forgotten the key is gone and each reads "[borttagen person]";
- `actions`: every line of the audit trail by them, oldest first;
- `mentions`: the lines by others that name them;
- where they take part and what they answered (`projections.person_records`).

The document is a dict of plain values (strings, numbers, lists), so the
doors can show it, send it as JSON, or print it.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any
from uuid import UUID

from projections.person_records import places, trail_lines
from projections.plan.queries import get_person
from projections.store import Row
from services.application import Samverka
from services.i18n.audit import render_summary
from services.views import Views

PLACES = (
    "arenas",
    "initiatives",
    "series",
    "series_rsvps",
    "meeting_rsvps",
    "attendance",
    "action_items",
    "checkin_answers",
    "health_reports",
    "tokens",
    "surveys",
    "notifications",
)


def _stamp(value: object) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat()
    return None if value is None else str(value)


def _person_event(e: Any) -> Row:
    """One of the person's events as plain values: what it recorded about them."""
    meta = getattr(e, "meta", {}) or {}
    personal = getattr(e, "personal", None)
    row: Row = {
        "version": e.originator_version,
        "kind": type(e).__qualname__.split(".")[-1],
        "recorded_at": _stamp(getattr(e, "timestamp", None)),
        "actor_id": meta.get("actor"),
        "channel": meta.get("channel"),
    }
    if personal is not None:
        row.update(
            name=personal.get("name"),
            email=personal.get("email"),
            slack_user_id=personal.get("slack_user_id"),
        )
    if hasattr(e, "organisation"):
        row["organisation"] = e.organisation
    if hasattr(e, "language"):  # PreferencesSet: their language, how they are reached
        row["language"] = e.language
        row["reach"] = getattr(e, "channel", None)
    return row


def _trail_row(row: Row) -> Row:
    return {
        "position": row["position"],
        "recorded_at": row["recorded_at"],
        "business_date": row["business_date"],
        "channel": row["channel"],
        "kind": f"{row['aggregate_type']}.{row['event_type']}",
        "actor": row["actor_name"],
        "sentence": row["summary"],
        "aggregate_type": row["aggregate_type"],
        "aggregate_id": row["aggregate_id"],
    }


class PersonalRecords:
    def __init__(self, app: Samverka, views: Views) -> None:
        self._app = app
        self._views = views

    def extract(self, person_id: str, *, made_at: datetime, lang: str) -> dict[str, Any] | None:
        """The person's registerutdrag, its sentences in `lang`; None when
        there is no such person."""
        say = partial(render_summary, lang=lang)
        with self._views.connect() as conn:
            person = get_person(conn, person_id)
            if person is None:
                return None
            held = places(conn, person_id)
            actions, mentions = trail_lines(conn, person_id, say)
        events = [_person_event(e) for e in self._app.events.get(UUID(person_id))]
        return {
            "person_id": person_id,
            "made_at": made_at.isoformat(),
            "person": {
                key: _stamp(person.get(key)) if key.endswith("_at") else person.get(key)
                for key in (
                    "name",
                    "email",
                    "slack_user_id",
                    "organisation",
                    "language",
                    "channel",
                    "forgotten",
                    "created_at",
                    "updated_at",
                )
            },
            "person_events": events,
            "actions": [_trail_row(r) for r in actions],
            "mentions": [_trail_row(r) for r in mentions],
            **{name: held[name] for name in PLACES},
        }

    def wait_for(self, position: int | None) -> None:
        """Until the views show `position` (after forgetting: the names gone)."""
        self._views.wait_for(position)
