"""The words for the domain's values (statuses, health, roles, perspectives,
answers to invitations, kinds of fund entries, a meeting series' rule) in a
language.

The domain keeps the values; how they read is the catalogs' (`N_` marks them
here, `label(tr, value)` says one). Amounts are formatted in
projections/amounts.py, which the read models use too.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import Enum

from babel.dates import get_day_names

from domain.funds.values import EntryKind, PrincipalKind
from domain.meetings.recurrence import Rule, parse_hhmm
from domain.meetings.rsvp import Rsvp
from domain.meetings.series import Verdict
from domain.values import Health, Perspective, Role, Status
from services.i18n import N_, Translator

# One table per kind: the values are strings, and two kinds may share one.
STATUS: dict[Enum, str] = {
    Status.PROPOSED: N_("Proposed"),
    Status.ACTIVE: N_("In progress"),
    Status.PAUSED: N_("Paused"),
    Status.COMPLETED: N_("Completed"),
    Status.CANCELLED: N_("Cancelled"),
}
HEALTH: dict[Enum, str] = {
    Health.ON_TRACK: N_("on track"),
    Health.AT_RISK: N_("at risk"),
    Health.BLOCKED: N_("blocked"),
}
ROLE: dict[Enum, str] = {
    Role.CONVENER: N_("convener"),
    Role.MODERATOR: N_("moderator"),
    Role.SECRETARY: N_("secretary"),
    Role.PARTICIPANT: N_("participant"),
}
PERSPECTIVE: dict[Enum, str] = {
    Perspective.JAMSTALLDHET: N_("gender equality"),
    Perspective.JAMLIKHET: N_("equality"),
    Perspective.HBTQI: N_("LGBTQI"),
    Perspective.TILLGANGLIGHET: N_("accessibility"),
    Perspective.MANGFALD: N_("diversity"),
    Perspective.BARNPERSPEKTIVET: N_("the child's perspective"),
    Perspective.ALDRES_PERSPEKTIV: N_("older people's perspective"),
}
RSVP: dict[Enum, str] = {
    Rsvp.ACCEPTED: N_("accepted"),
    Rsvp.DECLINED: N_("declined"),
    Rsvp.TENTATIVE: N_("answered maybe"),
}
VERDICT: dict[Enum, str] = {
    Verdict.CONTINUE: N_("go on as now"),
    Verdict.CHANGE: N_("go on, with changes"),
    Verdict.END: N_("end the series"),
}
# The same choices as a form offers them, each a whole option (Slack, Teams, web).
VERDICT_WORDS = {
    Verdict.CONTINUE.value: N_("Go on as now"),
    Verdict.CHANGE.value: N_("Go on, with changes"),
    Verdict.END.value: N_("End the series"),
}
INTERVAL_WORDS = {
    1: N_("Every week"),
    2: N_("Every other week"),
    3: N_("Every third week"),
    4: N_("Every fourth week"),
}
ENTRY_KIND: dict[Enum, str] = {
    EntryKind.GRANT: N_("grant"),
    EntryKind.REQUISITION: N_("requisition"),
    EntryKind.BOOKING: N_("booking"),
    EntryKind.EXPENDITURE: N_("expenditure"),
    EntryKind.RELEASE: N_("release"),
    EntryKind.REPAYMENT: N_("repayment"),
    EntryKind.REVERSAL: N_("correction"),
}
PRINCIPAL_KIND: dict[Enum, str] = {
    PrincipalKind.REGION: N_("region"),
    PrincipalKind.KOMMUN: N_("municipality"),
    PrincipalKind.LANSGEMENSAMT: N_("county-wide"),
}


LABELS: dict[type[Enum], dict[Enum, str]] = {
    Status: STATUS,
    Health: HEALTH,
    Role: ROLE,
    Perspective: PERSPECTIVE,
    Rsvp: RSVP,
    Verdict: VERDICT,
    EntryKind: ENTRY_KIND,
    PrincipalKind: PRINCIPAL_KIND,
}


def label(tr: Translator, value: Enum) -> str:
    """How `value` reads in `tr`'s language."""
    return tr.gettext(LABELS[type(value)][value])


# The areas SKR's agreements name; any other area is a slug people wrote
# (in Swedish), read as it was written.
AREA = {
    "samsjuklighet": N_("Co-occurring conditions"),
    "brukarmedverkan": N_("User involvement"),
    "suicidprevention": N_("Suicide prevention"),
    "ungdomsmottagningar": N_("Youth clinics"),
}


def area_label(tr: Translator, area: str) -> str:
    """An area's name: "Samsjuklighet", or a free area's slug as words."""
    known = AREA.get(area)
    return tr.gettext(known) if known else area.replace("-", " ").capitalize()


_EVERY = {
    1: N_("every {weekday} at {start}–{end}"),
    2: N_("every other {weekday} at {start}–{end}"),
    3: N_("every third {weekday} at {start}–{end}"),
    4: N_("every fourth {weekday} at {start}–{end}"),
}


def describe_rule(rule: Rule, tr: Translator) -> str:
    """A series' rule for invitations: "varannan tisdag kl. 12:00–12:30"."""
    start = parse_hhmm(rule["start_time"])
    end = (
        datetime.combine(date(2000, 1, 3), start) + timedelta(minutes=rule["duration_minutes"])
    ).time()
    values = {
        "weekday": get_day_names("wide", locale=tr.locale)[rule["weekday"]],
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
    }
    weeks = rule["interval_weeks"]
    if weeks in _EVERY:
        return tr.gettext(_EVERY[weeks], **values)
    return tr.gettext("every {n}th {weekday} at {start}–{end}", n=weeks, **values)
