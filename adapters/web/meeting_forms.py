"""The secretary's forms beside a meeting's record, rendered once and filled
in for each page.

The page shows seven forms, and while a meeting is on it is opened again
and again. Most of each form never changes from one view to the next: the
labels, hints, fields and buttons, the people offered as guest or owner.
What does change is the visitor's CSRF token, a new form id in each form,
the running notes and the attendance boxes. So the forms are rendered from
their template once per language, meeting and choice of people, with a
marker where each of those goes, and each page joins the pieces with its own
values: the same HTML as rendering the template, without the template's
work. Forms that come back with an error or with what was written are
rendered from the template as before.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from adapters.web.meeting_view import MeetingView
from adapters.web.render import environment
from adapters.web.visitors import Visitor

ALL = ("attendance", "guest", "notes", "note", "decision", "action", "agenda")
# Where the page's own values go (NUL never occurs in a rendered form).
_CSRF, _FORM_ID, _NOTES, _BOXES = "\0csrf\0", "\0form-id\0", "\0notes\0", "\0boxes\0"
_MARKS = re.compile("(\0(?:csrf|form-id|notes|boxes)\0)")
Choices = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Visitor:
    """What the forms read of the visitor: a marker for the token."""

    csrf: str = _CSRF


@dataclass(frozen=True)
class _Meeting:
    """What the forms read of the meeting: where they post, who is offered."""

    base: str
    guest_options: Choices


def forms_of(values: dict[str, Any], parts: Sequence[str] = ALL) -> Markup:
    """The forms named in `parts` for the page's `values` (routes_meeting's)."""
    v: Visitor = values["v"]
    mt: MeetingView = values["mt"]
    env = environment(v.lang)
    # Markup: the autoescaping template's output, and the values put in the
    # markers' places escaped here (or, the boxes, rendered by a template).
    if values["errors"] or values["kept"]:
        template = env.get_template("meeting_form.html.j2")
        return Markup(template.render(parts=parts, **values))  # noqa: S704
    assignees = tuple(values["assignees"])
    pieces = _pieces(v.lang, mt.base, tuple(mt.guest_options), assignees, tuple(parts))
    boxes = env.get_template("attendance_boxes.html.j2").render(mt=mt) if _BOXES in pieces else ""
    own = {_CSRF: str(escape(v.csrf)), _NOTES: str(escape(mt.row["notes"] or "")), _BOXES: boxes}
    return Markup(  # noqa: S704
        "".join(
            secrets.token_urlsafe(16) if piece == _FORM_ID else own.get(piece, piece)
            for piece in pieces
        )
    )


@lru_cache(maxsize=256)
def _pieces(
    lang: str, base: str, guests: Choices, assignees: Choices, parts: tuple[str, ...]
) -> tuple[str, ...]:
    """The forms with markers, split at them (each marker its own piece)."""
    html = (
        environment(lang)
        .get_template("meeting_form.html.j2")
        .render(
            parts=parts,
            v=_Visitor(),
            mt=_Meeting(base, guests),
            meeting={"notes": _NOTES},
            assignees=assignees,
            errors={},
            kept={},
            boxes=Markup(_BOXES),  # noqa: S704 (a constant)
            new_form_id=lambda: _FORM_ID,
        )
    )
    return tuple(piece for piece in _MARKS.split(html) if piece)
