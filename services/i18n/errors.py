"""Domain errors in words: each broken rule (`DomainError.rule`) has a catalog
entry; its `{names}` come from the error's field and params. The English
entries say what the domain's own message says, so English readers see the
same sentence in chat, mail and the API. A value of the domain's (a status)
among the params is said with its label in the reader's language, an
`Amount` (öre) as money."""

from __future__ import annotations

from enum import Enum
from typing import TypeGuard

from domain.errors import DomainError
from domain.funds.money import Amount
from domain.values import Status
from projections.amounts import format_sek
from services.i18n import N_, Translator, translator
from services.i18n.labels import LABELS, label

RULES: dict[str, str] = {
    "text.empty": N_("{field} must not be empty"),
    "text.too_long": N_("{field} is longer than {max} characters"),
    "text.single_line": N_("{field} must be a single line"),
    "text.control_character": N_("{field} contains a control character ({codepoint})"),
    "value.not_allowed": N_("{value!r} is not one of: {allowed}"),
    "initiative.transition": N_("initiative {code} cannot go from {current} to {new}"),
    "money.too_large": N_("{field} is larger than {max}"),
    "funds.left_to_requisition": N_("{doing}: only {left} of the grant is left to requisition"),
    "funds.unbooked": N_("{doing}: only {left} is unbooked on this grant"),
    "funds.left_on_booking": N_(
        "{doing}: only {left} is left on the booking (allow extending the booking to spend more)"
    ),
    "funds.beyond_booking": N_(
        "only {left} is left on booking {booking_id}; allow extending the booking to spend {amount}"
    ),
    "money.not_positive": N_("the amount must be more than 0 kr"),
    "funds.negative": N_("{doing} would make a balance negative"),
    "funds.booking_negative": N_("{doing} would make the booking negative"),
    "funds.no_booking": N_("the grant has no such booking"),
    "funds.booking_reversed": N_("the booking has been corrected"),
    "funds.booking_names": N_("a booking names an initiative or an activity"),
    "funds.no_entry": N_("the grant has no such entry"),
    "funds.grant_stays": N_("the grant itself cannot be reversed"),
    "funds.reversal_stays": N_("a reversal cannot be reversed"),
    "funds.already_reversed": N_("the line was already corrected"),
    "funds.booking_in_use": N_("the booking has expenditures or releases; correct those first"),
    "funds.voucher": N_("an expenditure needs a voucher reference (verifikation)"),
    "funds.agreement_exists": N_("an agreement with this reference number is registered already"),
    "funds.grant_exists": N_("{principal} already has a grant for this area in {year}"),
    "funds.period": N_("the period ends before it starts"),
    "funds.year_outside": N_("the agreement covers {first}–{last}"),
    "funds.area": N_("write the area in lowercase letters, digits or '-', such as samsjuklighet"),
    "funds.county": N_("a joint grant for the county names the county"),
    "checkin.answer_required": N_("question {question!r} needs an answer"),
    "checkin.no_answer": N_("answer at least one question"),
    "checkin.not_a_number": N_("question {question!r} takes a number"),
    "checkin.out_of_range": N_("the answer to {question!r} is out of range"),
    "checkin.late": N_("the round closed at {closed_at}; late answers are not accepted"),
    "checkin.not_asked": N_("the person is not asked in this round"),
    "meeting.cancelled": N_("the meeting was cancelled"),
    "meeting.closed": N_("the meeting is closed"),
    "meeting.already_cancelled": N_("that meeting is already cancelled"),
    "meeting.moved_too_far": N_("a meeting moves at most 60 days"),
    "meeting.closed_before_start": N_("a meeting cannot be closed before it starts"),
    "action.due_before_meeting": N_("an action cannot be due before the meeting"),
    "series.ends_before_start": N_("the series cannot end before it starts"),
    "series.ended": N_("the series ended on {day}"),
    "series.already_invited": N_("the person is already invited"),
    "series.moderator_stays": N_("the moderator stays invited"),
    "series.teams_channel": N_("a Teams channel is its conversation id, 19:...@thread.tacv2"),
    "series.invited_only": N_("only people invited to the series do this"),
    "access.arena_role": N_("this needs the role {role} in the arena it concerns"),
    "access.role": N_("this needs the role {role}"),
    "access.self_only": N_("people do this for themselves"),
    "token.days": N_("give a number of days from 1 to {max}"),
    "person.no_slack": N_("the person is not linked to a Slack user"),
    "person.no_teams": N_("the person is not linked to a Teams user"),
    "person.no_email": N_("the person has no e-mail address"),
    "indicator.area": N_(
        "{value!r} is no area code (0000 the country, 17 a county, 1780 a municipality)"
    ),
    "indicator.period": N_("{value!r} is no year (1900–2100)"),
    "indicator.age": N_("{value!r} is no age band (such as 16-84 or 65+; empty for all ages)"),
    "indicator.number": N_("{value!r} is not a number"),
    "indicator.twice": N_("{key} is given twice for area {area}"),
    "indicator.code_taken": N_("an indicator with the code {code} exists"),
    "indicator_import.unknown": N_("no indicator has the code {code}"),
    "indicator_import.other": N_("the row is for {code}, not the indicator imported"),
    "indicator_import.no_indicator": N_("the row names no indicator"),
    "indicator_import.twice": N_("the same figure is given on line {first}"),
    "indicator_import.column": N_("the header has no column {column}"),
    "indicator_import.too_many": N_("the file has more than {max} rows"),
    "indicator_import.too_large": N_("the file is larger than {max} MB"),
    "indicator_import.empty": N_("the file is empty"),
    "indicator_import.no_values": N_("the file has no values"),
    "indicator_import.not_xlsx": N_("the file is not an Excel workbook (.xlsx)"),
}


def error_text(error: DomainError, lang: str | None = None) -> str:
    """The error in `lang` (Swedish when not given); its own message when the
    rule has no words yet."""
    message = RULES.get(error.rule or "")
    if message is None:
        return error.message
    reader = translator(lang)
    params = {k: _said(v, reader) for k, v in error.params.items()}
    return reader.gettext(message, **{"field": error.field, **params})


def api_detail(error: DomainError) -> str:
    """The error for an API client (or the CLI) that asked for no language:
    the domain's English sentence, with statuses and amounts the way the API
    has always said them, in Swedish ("cannot go from Föreslaget to
    Avslutat", "only 7 700 000 kr is unbooked"); other values as they are."""
    message = RULES.get(error.rule or "")
    if message is None or not any(_api_shown(v) for v in error.params.values()):
        return error.message
    swedish = translator()
    params = {k: _said(v, swedish) if _api_shown(v) else v for k, v in error.params.items()}
    return translator("en").gettext(message, **{"field": error.field, **params})


def _api_shown(value: object) -> bool:
    return isinstance(value, Status | Amount)


def _labelled(value: object) -> TypeGuard[Enum]:
    return isinstance(value, Enum) and type(value) in LABELS


def _said(value: object, words: Translator) -> object:
    if _labelled(value):
        return label(words, value)
    if isinstance(value, Amount):
        return format_sek(value, words.locale)
    return value
