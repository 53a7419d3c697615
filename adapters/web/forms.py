"""What the form pages (plan edits, administration, check-in rounds,
settings) share: reading a posted form's plain fields, running its command
as the signed-in person, saying a refusal in the reader's words at the form
and field it concerns, and, for a stale form, who changed what since.

The door only parses and says; whether a value is allowed is the domain's
to decide (see adapters/web/fields.py for the meeting forms' typed fields).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from starlette.datastructures import FormData

from adapters.web.services import WebServices
from adapters.web.visitors import CSRF_FIELD, Visitor, form_source
from domain.commands import Command
from domain.errors import DomainError, Forbidden, StaleVersion, ValidationFailed
from services.application import CommandResult
from services.i18n import translator
from services.i18n.errors import error_text
from services.queries import Row
from services.queries.audit import AuditFilter

TRAIL_PAGE = 200
CHANGES_SHOWN = 20


def id_of(text: str) -> str | None:
    """An id from the path or a form, in its one spelling; None: not an id."""
    try:
        return str(UUID(text))
    except ValueError:
        return None


def day_of(text: str) -> date | None:
    """A day (2026-11-10) from the path, the query or a form; None: not a day."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def text(form: FormData, name: str) -> str:
    """A field's text without surrounding blanks ("" when it is missing)."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def version(form: FormData) -> int | None:
    """The version the form was rendered from (None: the form says none)."""
    given = form.get("expected_version")
    if isinstance(given, str) and given.isdigit() and len(given) < 10:
        return int(given)
    return None


def given(form: FormData) -> dict[str, str]:
    """What the person wrote, to fill the form in again after a refusal."""
    return {k: x for k, x in form.multi_items() if isinstance(x, str) and k != CSRF_FIELD}


def person_field(text: str, field: str = "person_id") -> UUID:
    """A person's (or an arena's) id from a form (a select's value): refused
    at its field when it is not one."""
    try:
        return UUID(text)
    except ValueError:
        raise ValidationFailed("choose a person", field=field) from None


def run(s: WebServices, v: Visitor, form: FormData, command: Command) -> CommandResult:
    """Runs the form's command as the visitor, channel `web`, keyed by the
    form's id (a double click is one command); returns once pages show it."""
    return s.commands.run(command, v.context(form_source(form, v)), wait=True)


def field_error(error: DomainError, lang: str) -> str:
    """A refusal in the reader's words (services/i18n/errors.py); a rule the
    catalogs have no words for yet is said by the field it concerns."""
    if error.rule is not None:
        return error_text(error, lang)
    tr = translator(lang)
    if isinstance(error, StaleVersion):
        return tr.gettext("Someone else changed this since you opened the page.")
    if isinstance(error, Forbidden):
        return tr.gettext("Your role does not allow this.")
    hints = {
        "due": tr.gettext(
            "Write a date (2026-10-15), a month (Oktober) or an estimate with a question "
            "mark (Oktober?)."
        ),
        "email": tr.gettext("Write an e-mail address, such as namn@example.se."),
        "slack_user_id": tr.gettext("A Slack user id looks like U024BE7LH."),
        "url": tr.gettext("Write a web address that starts with https:// or http://."),
        "due_on": tr.gettext("Choose the last day to answer."),
        "audience": tr.gettext("Choose an initiative or an arena."),
    }
    return hints.get(error.field or "", tr.gettext("Check this field: the value is not valid."))


def failure(
    name: str, error: DomainError, lang: str, *, key: str = "form", words: str | None = None
) -> dict[str, Any]:
    """What a page shows of a refused form: which form (or section, `key`),
    the field the refusal concerns (none for a stale form) and its words."""
    field = None if isinstance(error, StaleVersion) else error.field
    return {key: name, "field": field, "text": words or field_error(error, lang)}


def page_state(state: dict[str, Any], **defaults: Any) -> dict[str, Any]:
    """A form page's values: nothing saved, refused or written yet, and the
    page's own `defaults`, unless `state` (what became of a form) says
    otherwise; `status` is the answer's HTTP status."""
    values: dict[str, Any] = {
        "failed": None,
        "given": {},
        "saved": None,
        "changes": [],
        "status": 200,
    }
    values.update(defaults)
    values.update(state)
    return values


def changes_since(s: WebServices, v: Visitor, aggregate_id: str, error: DomainError) -> list[Row]:
    """For a stale form: what happened to the aggregate after the version
    it was rendered from, from the audit trail, newest first, in the
    reader's language. Any other refusal: nothing."""
    if s.trail is None or not isinstance(error, StaleVersion):
        return []
    found: list[Row] = []
    cursor: int | None = None
    while True:
        rows, cursor = s.trail.page(
            AuditFilter(aggregate_id=aggregate_id, after=cursor), limit=TRAIL_PAGE, lang=v.lang
        )
        found.extend(r for r in rows if int(r["aggregate_version"]) > error.expected)
        if cursor is None:
            break
    return list(reversed(found))[:CHANGES_SHOWN]
