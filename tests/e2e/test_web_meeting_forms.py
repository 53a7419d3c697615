"""The secretary's forms beside a meeting's record are rendered once with
markers and filled in for each page (adapters/web/meeting_forms.py): what
a page gets must be what the template renders for that page, with the
visitor's token, the notes, the attendance and the people as they are now,
and a new form id in every form on every page."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from adapters.web.meeting_forms import ALL, forms_of
from adapters.web.meeting_view import MeetingView
from adapters.web.render import environment
from adapters.web.visitors import Visitor
from domain.meetings import commands as m
from samverka.asgi import web_services
from samverka.demo import Loaded
from tests.e2e.test_web_meetings import DURING, MEETING_DAY
from tests.e2e.web_world import *  # noqa: F403 (the world's fixtures)
from tests.e2e.web_world import SYSTEM, WebWorld, add_person, settings

__all__ = ["settings"]  # the fixtures used here

_FORM_ID = re.compile(r'name="form_id" value="([^"]+)"')


def _both(world: WebWorld, series_id: UUID, lang: str, csrf: str) -> tuple[str, str, set[str]]:
    """The forms as the page fills them in, and as the template renders them
    (form ids aside), for the meeting as it is now; the form ids given."""
    s = web_services(world.k)
    series = s.meetings.series_row(str(series_id))
    assert series is not None
    mt = MeetingView(s, series, date.fromisoformat(MEETING_DAY))
    values = {
        "v": Visitor(lang=lang, csrf=csrf),
        "mt": mt,
        "meeting": mt.row,
        "series": series,
        "errors": {},
        "kept": {},
        "assignees": [(p, name) for p, name, _ in mt.people],
    }
    filled = str(forms_of(values))
    ids = _FORM_ID.findall(filled)
    assert len(ids) == 5 and len(set(ids)) == 5, ids  # all but attendance and notes
    template = environment(lang).get_template("meeting_form.html.j2")
    rendered = template.render(parts=ALL, new_form_id=lambda: "x", **values)
    return _FORM_ID.sub('name="form_id" value="x"', filled), rendered, set(ids)


def test_the_filled_in_forms_are_the_templates(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    k = world.k
    k.clock.set(DURING)  # type: ignore[attr-defined]
    sid = loaded.series["272"]
    day = date.fromisoformat(MEETING_DAY)
    token = 'a<b>&"c'  # escaped like any value
    first, expected, ids = _both(world, sid, "sv", token)
    assert first == expected
    assert 'value="a&lt;b&gt;&amp;&#34;c"' in first
    _, _, again = _both(world, sid, "sv", token)
    assert again.isdisjoint(ids)
    # Notes, a guest and someone present: the notes, the boxes and the
    # people offered change; the rest is as before.
    guest = add_person(k, "Gustav <Gäst>", "gustav@example.se", world.arena, "participant")
    notes = m.WriteNotes(series_id=sid, occurrence_date=day, text='Tack & "välkommen" <b>')
    k.app.execute(notes, SYSTEM)
    k.app.execute(
        m.RecordAttendance(series_id=sid, occurrence_date=day, present=[UUID(guest)]), SYSTEM
    )
    k.projector.catch_up()
    now, expected, _ = _both(world, sid, "sv", token)
    assert now == expected and now != first
    assert "Tack &amp; &#34;välkommen&#34; &lt;b&gt;</textarea>" in now
    assert f'id="present-{guest}" name="present" value="{guest}" checked' in re.sub(
        r"\s+", " ", now
    )
    english, expected, _ = _both(world, sid, "en", "other")
    assert english == expected and "Record the decision" in english
