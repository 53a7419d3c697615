"""The bot's words: Swedish first, English when the workspace or user asks."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LANGUAGES = ("sv", "en")

_DAYS = {
    "sv": ("mån", "tis", "ons", "tor", "fre", "lör", "sön"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS = {
    "sv": ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
HEALTH = {
    "sv": {"on-track": "på spår", "at-risk": "risk", "blocked": "blockerad"},
    "en": {"on-track": "on track", "at-risk": "at risk", "blocked": "blocked"},
}
HEALTH_ICON = {
    "on-track": ":large_green_circle:",
    "at-risk": ":large_yellow_circle:",
    "blocked": ":red_circle:",
}


def lang_of(value: str | None) -> str:
    return value if value in LANGUAGES else "sv"


def when(moment: datetime | str, lang: str = "sv") -> str:
    """Like "ons 2 dec 12:00", in Swedish time."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = moment.astimezone(STOCKHOLM)
    lang = lang_of(lang)
    day = _DAYS[lang][local.weekday()]
    month = _MONTHS[lang][local.month - 1]
    return f"{day} {local.day} {month} {local:%H:%M}"


def day(value: str, lang: str = "sv") -> str:
    """An ISO date like "2 dec 2026"."""
    parsed = datetime.fromisoformat(value)
    return f"{parsed.day} {_MONTHS[lang_of(lang)][parsed.month - 1]} {parsed.year}"


def health(value: str | None, lang: str = "sv") -> str:
    if not value:
        return "–"
    return f"{HEALTH_ICON.get(value, '')} {HEALTH[lang_of(lang)].get(value, value)}".strip()


TEXTS: dict[str, dict[str, str]] = {
    "help": {
        "sv": (
            "*{command}* – så här använder du Samverka i Slack:\n"
            "• `{command} status` – dina initiativ och hur det går\n"
            "• `{command} incheckning [initiativ]` – svara på en incheckning\n"
            "• `{command} beslut` – för in ett beslut i ett möte\n"
            "• `{command} anteckning` – skriv en mötesanteckning\n"
            "• `{command} dagordning` – lägg till en punkt på nästa möte\n"
            "• `{command} möten` – kommande möten\n"
            "• `{command} språk en|sv` – byt språk\n"
            "• `{command} hjälp` – den här texten"
        ),
        "en": (
            "*{command}* – how to use Samverka in Slack:\n"
            "• `{command} status` – your initiatives and their health\n"
            "• `{command} checkin [initiative]` – answer a check-in\n"
            "• `{command} decision` – record a decision in a meeting\n"
            "• `{command} note` – write a meeting note\n"
            "• `{command} agenda` – add an item to the next meeting\n"
            "• `{command} meetings` – upcoming meetings\n"
            "• `{command} language en|sv` – change language\n"
            "• `{command} help` – this text"
        ),
    },
    "unknown": {
        "sv": "Jag känner inte igen ”{word}”. Prova `{command} hjälp`.",
        "en": "I don't know ”{word}”. Try `{command} help`.",
    },
    "not_linked": {
        "sv": (
            "Ditt Slack-konto är inte kopplat till någon person i Samverka, så inget sparades. "
            "Be en administratör koppla det: `samverka slack link PERSON {user}`."
        ),
        "en": (
            "Your Slack account is not linked to a person in Samverka, so nothing was saved. "
            "Ask an administrator to link it: `samverka slack link PERSON {user}`."
        ),
    },
    "status_head": {"sv": "*Dina initiativ*", "en": "*Your initiatives*"},
    "no_initiatives": {
        "sv": "Du deltar inte i något initiativ ännu.",
        "en": "You take part in no initiative yet.",
    },
    "meetings_head": {"sv": "*Kommande möten*", "en": "*Upcoming meetings*"},
    "no_meetings": {"sv": "Inga kommande möten.", "en": "No upcoming meetings."},
    "no_checkins": {"sv": "Du har inga öppna incheckningar.", "en": "You have no open check-ins."},
    "checkins_head": {"sv": "*Öppna incheckningar*", "en": "*Open check-ins*"},
    "actions_head": {"sv": "*Dina åtgärdspunkter*", "en": "*Your action items*"},
    "no_actions": {"sv": "Inga öppna åtgärdspunkter.", "en": "No open action items."},
    "answer": {"sv": "Svara", "en": "Answer"},
    "answered": {"sv": "besvarad – du kan ändra till", "en": "answered – you may revise until"},
    "due": {"sv": "svara senast", "en": "due"},
    "done": {"sv": "Klar", "en": "Done"},
    "submit": {"sv": "Spara", "en": "Save"},
    "cancel": {"sv": "Avbryt", "en": "Cancel"},
    "checkin_title": {"sv": "Incheckning", "en": "Check-in"},
    "decision_title": {"sv": "Beslut", "en": "Decision"},
    "note_title": {"sv": "Mötesanteckning", "en": "Meeting note"},
    "agenda_title": {"sv": "Dagordning", "en": "Agenda"},
    "meeting": {"sv": "Möte", "en": "Meeting"},
    "series": {"sv": "Mötesserie (nästa möte)", "en": "Meeting series (next meeting)"},
    "decision_text": {"sv": "Beslut", "en": "Decision"},
    "rationale": {"sv": "Motivering", "en": "Rationale"},
    "note_text": {"sv": "Anteckning", "en": "Note"},
    "item_title": {"sv": "Punkt", "en": "Item"},
    "item_note": {"sv": "Beskrivning", "en": "Description"},
    "no_open_meetings": {
        "sv": "Du är inte inbjuden till något möte just nu.",
        "en": "You are not invited to any meeting right now.",
    },
    "not_a_number": {"sv": "Skriv ett tal.", "en": "Enter a number."},
    "saved_checkin": {
        "sv": "Tack! Ditt svar på ”{title}” är sparat.",
        "en": "Thank you! Your answer to ”{title}” is saved.",
    },
    "saved_decision": {
        "sv": "Beslutet är sparat i {meeting}.",
        "en": "The decision is saved in {meeting}.",
    },
    "saved_note": {
        "sv": "Anteckningen är sparad i {meeting}.",
        "en": "The note is saved in {meeting}.",
    },
    "saved_agenda": {
        "sv": "”{title}” står nu på dagordningen för {meeting}.",
        "en": "”{title}” is now on the agenda of {meeting}.",
    },
    "saved_action": {"sv": "Åtgärdspunkten är klar.", "en": "The action item is done."},
    "no_meeting_now": {
        "sv": "Inget möte i den här kanalen pågår just nu, så inget sparades.",
        "en": "No meeting of this channel is on right now; nothing was saved.",
    },
    "empty_message": {
        "sv": "Meddelandet har ingen text att spara.",
        "en": "The message has no text to save.",
    },
    "language_set": {
        "sv": "Jag skriver på svenska till dig från och med nu.",
        "en": "I will write to you in English from now on.",
    },
    "failed": {"sv": "Det gick inte: {reason}", "en": "That did not work: {reason}"},
    "home_head": {"sv": "Samverka", "en": "Samverka"},
    "checkin_button": {"sv": "Svara på incheckningen", "en": "Answer the check-in"},
    "agenda_label": {"sv": "Dagordning", "en": "Agenda"},
    "summary_head": {"sv": "Sammanställning", "en": "Summary"},
    "where": {"sv": "Plats", "en": "Where"},
    "source": {"sv": "källa", "en": "source"},
}


def t(key: str, lang: str = "sv", **values: object) -> str:
    text = TEXTS[key][lang_of(lang)]
    return text.format(**values) if values else text


# Domain messages people may meet in a modal, in Swedish (English as they are).
_DOMAIN_SV = {
    "late answers are not accepted": "Incheckningen har stängt; sena svar tas inte emot.",
    "needs an answer": "Frågan behöver ett svar.",
    "answer at least one question": "Svara på minst en fråga.",
    "is out of range": "Svaret ligger utanför det tillåtna intervallet.",
    "takes a number": "Skriv ett tal.",
    "must not be empty": "Fältet får inte vara tomt.",
    "is longer than": "Texten är för lång.",
    "the person is not asked in this round": "Du är inte tillfrågad i den här incheckningen.",
    "only people invited to the series": "Bara inbjudna till mötesserien kan göra det.",
    "the meeting is closed": "Mötet är redan avslutat.",
    "the meeting is cancelled": "Mötet är inställt.",
    "contains a control character": "Texten innehåller ett otillåtet styrtecken.",
    "must be a single line": "Fältet ska vara en enda rad.",
    "this needs the role": "Din roll i arenan räcker inte för det här.",
    "people do this for themselves": "Det gör var och en för sig själv.",
}


def domain_message(message: str, lang: str = "sv") -> str:
    if lang_of(lang) == "en":
        return message
    for needle, swedish in _DOMAIN_SV.items():
        if needle in message:
            return swedish
    return message
