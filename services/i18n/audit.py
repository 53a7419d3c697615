"""The audit trail's sentences, said in the reader's language when read.

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

import orjson

from domain.funds.values import EntryKind
from domain.meetings.rsvp import Rsvp
from domain.meetings.series import Verdict
from domain.values import Health, Perspective, Role, Status
from projections.amounts import format_sek
from services.i18n import N_, Translator, translator
from services.i18n.labels import label

SENTENCES: dict[str, str] = {
    "event": N_("{actor}: {type}"),
    # persons and arenas
    "person.registered": N_("{actor} registered {subject}"),
    "person.revised": N_("{actor} updated the details of {subject}"),
    "person.slack_unlinked": N_("{actor} removed the link between {subject} and Slack"),
    "person.preferences_set": N_("{actor} changed the settings of {subject}"),
    "person.forgotten": N_("{actor} erased the personal data of {subject}"),
    "arena.created": N_("{actor} created {kind} {code} {name}"),
    "arena.revised": N_("{actor} changed the name and description of {code}"),
    "arena.member_added": N_("{actor} added {subject} to {code} as {role}"),
    "arena.member_role_changed": N_("{actor} gave {subject} the role {role} in {code}"),
    "arena.member_removed": N_("{actor} removed {subject} from {code}"),
    # initiatives
    "initiative.created": N_("{actor} created initiative {code} {title}"),
    "initiative.revised": N_("{actor} changed {fields} of {code}"),
    "initiative.status_changed": N_("{actor} changed the status of {code} to {status}"),
    "initiative.health_reported": N_("{actor} reported how {code} is going: {health}"),
    "initiative.perspectives_tagged": N_("{actor} gave perspectives for {code}: {perspectives}"),
    "initiative.milestone_added": N_("{actor} added the milestone “{title}” ({due}) to {code}"),
    "initiative.milestone_rescheduled": N_(
        "{actor} moved the milestone “{milestone}” in {code} to {due}"
    ),
    "initiative.milestone_completed": N_(
        "{actor} marked the milestone “{milestone}” in {code} as done"
    ),
    "initiative.milestone_removed": N_("{actor} removed the milestone “{milestone}” from {code}"),
    "initiative.link_added": N_("{actor} linked “{title}” to {code}"),
    "initiative.link_removed": N_("{actor} removed a link from {code}"),
    "initiative.participant_added": N_("{actor} added {subject} to {code} as {role}"),
    "initiative.participant_removed": N_("{actor} removed {subject} from {code}"),
    # decisions and access
    "decision.recorded": N_("{actor} recorded a decision by {by} on {date}: {text}"),
    "decision.superseded": N_("{actor} replaced the decision {decision} with a new decision"),
    "decision.revoked": N_("{actor} revoked the decision {decision}: {reason}"),
    "decision.review_date_set": N_(
        "{actor} set the review date {date} for the decision {decision}"
    ),
    "decision.initiative_linked": N_("{actor} linked the decision {decision} to {code}"),
    "token.issued": N_("{actor} gave {subject} an API key with the role {token_role}"),
    "token.revoked": N_("{actor} revoked an API key of {subject}"),
    # meeting series
    "series.scheduled": N_("{actor} scheduled the meeting series “{title}”"),
    "series.rescheduled": N_("{actor} gave “{series}” a new time from {date}"),
    "series.invitee_added": N_("{actor} invited {subject} to “{series}”"),
    "series.invitee_removed": N_("{actor} removed {subject} from “{series}”"),
    "series.occurrence_cancelled": N_("{actor} cancelled the meeting on {date} in “{series}”"),
    "series.occurrence_moved": N_("{actor} moved the meeting on {date} in “{series}” to {to}"),
    "series.holiday_skipped": N_("The meeting on {date} in “{series}” is skipped: {holiday}"),
    "series.ended": N_("{actor} ended the meeting series “{series}” after {date}"),
    "series.evaluated": N_("{actor} evaluated “{series}”: {verdict}"),
    "series.teams_channel_set": N_("{actor} linked “{series}” to a Teams channel"),
    "series.teams_channel_removed": N_("{actor} unlinked “{series}” from its Teams channel"),
    "series.slack_channel_set": N_("{actor} set the Slack channel of “{series}” to {channel}"),
    "series.slack_channel_removed": N_("{actor} unlinked “{series}” from its Slack channel"),
    # meetings
    "meeting.planned": N_("The meeting “{title}” was planned"),
    "meeting.planned_moved": N_("The meeting “{title}” was planned ({reason})"),
    "meeting.agenda_item_added": N_("{actor} added “{title}” to the agenda of {meeting}"),
    "meeting.agenda_item_withdrawn": N_("{actor} removed an item from the agenda of {meeting}"),
    "meeting.attendance_recorded": N_("{actor} took attendance for {meeting} ({present} present)"),
    "meeting.notes_written": N_("{actor} wrote meeting notes for {meeting}"),
    "meeting.decision_noted": N_("Decision in {meeting}: “{text}”"),
    "meeting.action_item_assigned": N_("{actor} gave {subject} the action “{text}”"),
    "meeting.action_item_assigned_due": N_("{actor} gave {subject} the action “{text}” by {date}"),
    "meeting.action_item_completed": N_("{actor} marked the action “{text}” as done"),
    "meeting.closed": N_("{actor} closed {meeting} and summarised the minutes"),
    "meeting.cancelled": N_("{meeting} was cancelled: {reason}"),
    "meeting.retimed": N_("{meeting} got a new time: {to}"),
    "meeting.note_added": N_("{actor} added a note to the meeting: “{text}”"),
    "meeting.decision_added": N_("{actor} added a decision to the meeting: “{text}”"),
    "meeting.rsvp": N_("{subject} {rsvp} to “{meeting}”"),
    "series.rsvp": N_("{subject} {rsvp} to the meeting series “{series}”"),
    # check-ins and the survey
    "round.opened": N_("{actor} opened “{title}” for {count} people"),
    "round.answered": N_("{actor} answered “{round}”"),
    "round.answered_health": N_("{actor} answered “{round}”: {health}"),
    "round.answer_revised": N_("{actor} answered “{round}” (changed answer)"),
    "round.answer_revised_health": N_("{actor} answered “{round}”: {health} (changed answer)"),
    "round.answer_corrected": N_(
        "{actor} corrected the answer of {subject} to “{round}”: {reason}"
    ),
    "round.closed": N_("“{round}” was closed: {answered} of {invited} answered"),
    "survey.scheduled": N_("{actor} scheduled the annual survey “{title}”"),
    "survey.contact_added": N_("{actor} added the contact person {subject} to the survey"),
    "survey.contact_removed": N_("{actor} removed the contact person {subject} from the survey"),
    "survey.ended": N_("{actor} ended the annual survey"),
    # notifications
    "notification.queued": N_("Notification queued: “{title}” to {count} recipients"),
    "notification.sent": N_("The notification “{notification}” was sent"),
    "notification.delivered": N_("The notification “{notification}” reached {count} recipients"),
    "notification.delivered_partly": N_(
        "The notification “{notification}” reached {count} recipients; "
        "{unreachable} could not be reached"
    ),
    "notification.skipped": N_("A notification was skipped: {reason}"),
    "notification.failed": N_("A notification failed: {reason}"),
    # funds
    "agreement.registered": N_("{actor} registered the agreement {reference} {title}"),
    "grant.granted": N_("{actor} registered {amount} to {principal} for {area} {year}"),
    "grant.requisitioned": N_("{actor} requisitioned {amount} of {grant}"),
    "grant.repaid": N_("{actor} repaid {amount} of {grant}"),
    "grant.booked": N_("{actor} booked {amount} of {grant} on {activity}"),
    "grant.spent": N_("{actor} recorded spending of {amount} (voucher {voucher}) on {grant}"),
    "grant.released": N_("{actor} released {amount} of booking {booking}"),
    "grant.reversed": N_("{actor} corrected {entry_kind} {amount} on {grant}: {reason}"),
    # plans and organisations
    "organisation.registered": N_("{actor} registered the organisation {name}"),
    "organisation.person_added": N_("{actor} added {subject} to {organisation}"),
    "organisation.contact_added": N_("{actor} made {subject} a contact person of {organisation}"),
    "organisation.person_removed": N_("{actor} removed {subject} from {organisation}"),
    "plan.created": N_("{actor} created the plan {code} {title}"),
    "plan.part_added": N_("{actor} added {code} {title} to the plan {plan}"),
    "plan.question_added": N_("{actor} added the follow-up question “{text}” to {area}"),
    "plan.activity_added": N_("{actor} added the activity {code} {title} to the plan {plan}"),
    "plan.follow_up_sent": N_(
        "The survey {year} of the plan {plan} was sent to {count} organisations"
    ),
    "plan.narrative_written": N_(
        "{actor} wrote the narrative {year} of {area} (version {revision})"
    ),
    "report.submitted": N_(
        "{actor} recorded the {year} report as submitted to {recipient} (log {position}, {link})"
    ),
    # indicators
    "indicator.defined": N_("{actor} defined the indicator {code} {name}"),
    "indicator.target_set": N_("{actor} set the target of {code} to {value}"),
    "indicator.target_removed": N_("{actor} removed the target of {code}"),
    "indicator.linked": N_("{actor} linked the indicator {code} to the plan"),
    "indicator.unlinked": N_("{actor} removed a link of the indicator {code}"),
    "indicator.series_started": N_("{actor} started the series of {code} for {area}"),
    "indicator.value_recorded": N_(
        "{actor} recorded {value} for {code}, {area} {period} ({gender})"
    ),
}

# What a missing value reads as.
FALLBACKS = {
    "code": "?",
    "decision": N_("a decision"),
    "date": N_("no date"),
    "series": N_("the meeting series"),
    "meeting": N_("the meeting"),
    "round": N_("the check-in"),
    "notification": N_("notification"),
    "grant": N_("a grant"),
    "plan": N_("a plan"),
    "area": N_("an insatsområde"),
    "organisation": N_("an organisation"),
    "activity": N_("an initiative"),
    "entry_kind": N_("an entry"),
    "amount": "",
}
_FIELDS = {
    "title": N_("title"),
    "background": N_("background"),
    "goal": N_("goal"),
    "objectives": N_("objectives"),
}
_STORED = '{"m":'  # how a stored message starts; an old template starts otherwise

Word = Callable[[Any, Translator], str]


def _in_words(enum: Callable[[str], Any], value: Any, tr: Translator) -> str:
    try:
        return label(tr, enum(value))
    except ValueError:  # a value a newer version knows
        return str(value)


def _words(enum: Callable[[str], Any]) -> Word:
    return lambda value, tr: _in_words(enum, value, tr)


def _listed(names: Mapping[str, str], empty: str = "") -> Word:
    def words(values: Any, tr: Translator) -> str:
        found = [tr.gettext(names[v]) if v in names else v for v in values]
        return ", ".join(found) or (tr.gettext(empty) if empty else "")

    return words


WORDS: dict[str, Word] = {
    "status": _words(Status),
    "role": _words(Role),
    "health": _words(Health),
    "entry_kind": _words(EntryKind),
    "rsvp": _words(Rsvp),
    "verdict": _words(Verdict),
    "amount": lambda value, tr: format_sek(value, tr.locale),
    "perspectives": lambda values, tr: (
        ", ".join(_in_words(Perspective, p, tr) for p in values) or tr.gettext(N_("none"))
    ),
    "fields": _listed(_FIELDS),
    "decision": lambda text, tr: tr.gettext("“{text}”", text=text),  # quoted as the language quotes
}


def _word(key: str, value: Any, tr: Translator) -> str:
    if value is None:
        found = FALLBACKS.get(key, "?")
        return tr.gettext(found) if found not in ("?", "") else found
    return WORDS[key](value, tr) if key in WORDS else str(value)


def sentence(
    message: str, args: Mapping[str, Any], names: Mapping[str, str], tr: Translator
) -> str:
    """The sentence `message` with its values in words and the people's names."""
    values = {key: _word(key, value, tr) for key, value in args.items()}
    values["actor"] = names.get("actor", "?")
    values["subject"] = names.get("subject", "?")
    template = SENTENCES.get(message)
    if template is None:  # a row written by a newer version
        return f"{values['actor']}: {message}"
    return tr.gettext(template).format_map(values)


def render_summary(stored: str, names: Mapping[str, str], lang: str | None = None) -> str:
    """What an audit row's `summary` says in `lang` (Swedish by default)."""
    if stored.startswith(_STORED):
        found = orjson.loads(stored)
        return sentence(found["m"], found["a"], names, translator(lang))
    # Rows written before the trail kept a message kept a finished template.
    return stored.format_map(
        {"actor": names.get("actor", "?"), "subject": names.get("subject", "?")}
    )
