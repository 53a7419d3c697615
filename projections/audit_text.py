"""The audit trail's sentences, said when the trail is read.

An audit row keeps which sentence (`message`) and its values (`args`: codes,
titles as they were, amounts in öre, statuses and roles as stored), so a
changed wording shows on the next read without a replay. Names of people
(`{actor}`, `{subject}`) are filled in last, so a forgotten person's name
disappears from history without rewriting it. Statuses, roles, health,
perspectives and amounts are put in words here; a value that was missing when
the event was projected (`None`) reads as its fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from domain.funds.money import format_sek
from domain.funds.values import ENTRY_KIND_SV, EntryKind
from domain.meetings.rsvp import RSVP_SV, Rsvp
from domain.values import HEALTH_SV, PERSPECTIVE_SV, ROLE_SV, STATUS_SV, Health, Role, Status

SENTENCES: dict[str, str] = {
    "event": "{actor}: {type}",
    # persons and arenas
    "person.registered": "{actor} registrerade {subject}",
    "person.revised": "{actor} uppdaterade uppgifterna för {subject}",
    "person.slack_unlinked": "{actor} tog bort kopplingen mellan {subject} och Slack",
    "person.forgotten": "{actor} raderade personuppgifterna för {subject}",
    "arena.created": "{actor} skapade {kind} {code} {name}",
    "arena.revised": "{actor} ändrade namn och beskrivning för {code}",
    "arena.member_added": "{actor} lade till {subject} i {code} som {role}",
    "arena.member_role_changed": "{actor} gav {subject} rollen {role} i {code}",
    "arena.member_removed": "{actor} tog bort {subject} från {code}",
    # initiatives
    "initiative.created": "{actor} skapade initiativ {code} {title}",
    "initiative.revised": "{actor} ändrade {fields} för {code}",
    "initiative.status_changed": "{actor} ändrade status för {code} till {status}",
    "initiative.health_reported": "{actor} rapporterade läget för {code}: {health}",
    "initiative.perspectives_tagged": "{actor} angav perspektiv för {code}: {perspectives}",
    "initiative.milestone_added": "{actor} lade till milstolpen ”{title}” ({due}) i {code}",
    "initiative.milestone_rescheduled": (
        "{actor} flyttade milstolpen ”{milestone}” i {code} till {due}"
    ),
    "initiative.milestone_completed": (
        "{actor} markerade milstolpen ”{milestone}” i {code} som klar"
    ),
    "initiative.milestone_removed": "{actor} tog bort milstolpen ”{milestone}” från {code}",
    "initiative.link_added": "{actor} länkade ”{title}” till {code}",
    "initiative.link_removed": "{actor} tog bort en länk från {code}",
    "initiative.participant_added": "{actor} lade till {subject} i {code} som {role}",
    "initiative.participant_removed": "{actor} tog bort {subject} från {code}",
    # decisions and access
    "decision.recorded": "{actor} registrerade beslut av {by} {date}: {text}",
    "decision.superseded": "{actor} ersatte beslutet {decision} med ett nytt beslut",
    "decision.revoked": "{actor} upphävde beslutet {decision}: {reason}",
    "decision.review_date_set": "{actor} satte uppföljningsdatum {date} för beslutet {decision}",
    "decision.initiative_linked": "{actor} kopplade beslutet {decision} till {code}",
    "token.issued": "{actor} gav {subject} en API-nyckel med rollen {token_role}",
    "token.revoked": "{actor} återkallade en API-nyckel för {subject}",
    # meeting series
    "series.scheduled": "{actor} planerade mötesserien ”{title}”",
    "series.rescheduled": "{actor} gav ”{series}” ny tid från {date}",
    "series.invitee_added": "{actor} bjöd in {subject} till ”{series}”",
    "series.invitee_removed": "{actor} tog bort {subject} från ”{series}”",
    "series.occurrence_cancelled": "{actor} ställde in mötet {date} i ”{series}”",
    "series.occurrence_moved": "{actor} flyttade mötet {date} i ”{series}” till {to}",
    "series.holiday_skipped": "Mötet {date} i ”{series}” hoppas över: {holiday}",
    "series.ended": "{actor} avslutade mötesserien ”{series}” efter {date}",
    # meetings
    "meeting.planned": "Mötet ”{title}” planerades",
    "meeting.planned_moved": "Mötet ”{title}” planerades ({reason})",
    "meeting.agenda_item_added": "{actor} lade till ”{title}” på dagordningen för {meeting}",
    "meeting.agenda_item_withdrawn": "{actor} tog bort en punkt från dagordningen för {meeting}",
    "meeting.attendance_recorded": "{actor} förde närvaro för {meeting} ({present} närvarande)",
    "meeting.notes_written": "{actor} skrev mötesanteckningar för {meeting}",
    "meeting.decision_noted": "Beslut i {meeting}: ”{text}”",
    "meeting.action_item_assigned": "{actor} gav {subject} åtgärden ”{text}”",
    "meeting.action_item_assigned_due": "{actor} gav {subject} åtgärden ”{text}” till {date}",
    "meeting.action_item_completed": "{actor} markerade åtgärden ”{text}” som klar",
    "meeting.closed": "{actor} avslutade {meeting} och sammanfattade protokollet",
    "meeting.cancelled": "{meeting} ställdes in: {reason}",
    "meeting.retimed": "{meeting} fick ny tid: {to}",
    "meeting.note_added": "{actor} lade till en anteckning i mötet: ”{text}”",
    "meeting.decision_added": "{actor} lade till ett beslut i mötet: ”{text}”",
    "meeting.rsvp": "{subject} {rsvp} till ”{meeting}”",
    "series.rsvp": "{subject} {rsvp} till mötesserien ”{series}”",
    # check-ins and the survey
    "round.opened": "{actor} öppnade ”{title}” för {count} personer",
    "round.answered": "{actor} svarade på ”{round}”",
    "round.answered_health": "{actor} svarade på ”{round}”: {health}",
    "round.answer_revised": "{actor} svarade på ”{round}” (ändrat svar)",
    "round.answer_revised_health": "{actor} svarade på ”{round}”: {health} (ändrat svar)",
    "round.answer_corrected": "{actor} rättade svaret från {subject} på ”{round}”: {reason}",
    "round.closed": "”{round}” stängdes: {answered} av {invited} svarade",
    "survey.scheduled": "{actor} planerade den årliga enkäten ”{title}”",
    "survey.contact_added": "{actor} lade till kontaktpersonen {subject} i enkäten",
    "survey.contact_removed": "{actor} tog bort kontaktpersonen {subject} från enkäten",
    "survey.ended": "{actor} avslutade den årliga enkäten",
    # notifications
    "notification.queued": "Utskick köades: ”{title}” till {count} mottagare",
    "notification.sent": "Utskicket ”{notification}” skickades",
    "notification.delivered": "Utskicket ”{notification}” nådde {count} mottagare",
    "notification.delivered_partly": (
        "Utskicket ”{notification}” nådde {count} mottagare; {unreachable} gick inte att nå"
    ),
    "notification.skipped": "Ett utskick hoppades över: {reason}",
    "notification.failed": "Ett utskick misslyckades: {reason}",
    # funds
    "agreement.registered": "{actor} registrerade överenskommelsen {reference} {title}",
    "grant.granted": "{actor} registrerade {amount} till {principal} för {area} {year}",
    "grant.requisitioned": "{actor} rekvirerade {amount} av {grant}",
    "grant.repaid": "{actor} återbetalade {amount} av {grant}",
    "grant.booked": "{actor} bokade {amount} av {grant} på {activity}",
    "grant.spent": "{actor} bokförde utfall {amount} (verifikation {voucher}) på {grant}",
    "grant.released": "{actor} frigjorde {amount} av bokning {booking}",
    "grant.reversed": "{actor} rättade {entry_kind} {amount} på {grant}: {reason}",
    "report.submitted": (
        "{actor} registrerade återrapporteringen {year} som inlämnad till {recipient} "
        "(logg {position}, {link})"
    ),
}

# What a missing value reads as.
FALLBACKS = {
    "code": "?",
    "decision": "ett beslut",
    "date": "inget datum",
    "series": "mötesserien",
    "meeting": "mötet",
    "round": "incheckningen",
    "notification": "utskick",
    "grant": "ett bidrag",
    "activity": "ett initiativ",
    "entry_kind": "en post",
    "amount": "",
}
_FIELD_SV = {"title": "titel", "background": "bakgrund", "goal": "målbild", "objectives": "delmål"}


def _words(names: Mapping[Any, str], enum: Callable[[str], Any]) -> Callable[[Any], str]:
    def word(value: Any) -> str:
        try:
            return names.get(enum(value), str(value))
        except ValueError:  # a value a newer version knows
            return str(value)

    return word


WORDS: dict[str, Callable[[Any], str]] = {
    "status": _words(STATUS_SV, Status),
    "role": _words(ROLE_SV, Role),
    "health": _words(HEALTH_SV, Health),
    "entry_kind": _words(ENTRY_KIND_SV, EntryKind),
    "rsvp": _words(RSVP_SV, Rsvp),
    "amount": format_sek,
    "perspectives": lambda values: ", ".join(PERSPECTIVE_SV.get(p, p) for p in values) or "inga",
    "fields": lambda values: ", ".join(_FIELD_SV.get(k, k) for k in values),
    "decision": lambda text: f"”{text}”",
}


def sentence(message: str, args: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """The sentence `message` with its values in words and the people's names."""
    values = {
        key: FALLBACKS.get(key, "?") if value is None else WORDS.get(key, str)(value)
        for key, value in args.items()
    }
    values["actor"] = names.get("actor", "?")
    values["subject"] = names.get("subject", "?")
    template = SENTENCES.get(message)
    if template is None:  # a row written by a newer version
        return f"{values['actor']}: {message}"
    return template.format_map(values)
