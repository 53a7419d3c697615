"""The bot's words, from the message catalogs: Swedish first, English when
the workspace or user asks (services/i18n, docs/i18n.md)."""

from __future__ import annotations

from datetime import datetime

from services.i18n import LANGUAGES, N_, STOCKHOLM, lang_of, translator

__all__ = ["LANGUAGES", "STOCKHOLM", "day", "health", "lang_of", "not_linked", "t", "when"]

HEALTH = {
    "on-track": N_("on track"),
    "at-risk": N_("at risk"),
    "blocked": N_("blocked"),
}
HEALTH_ICON = {
    "on-track": ":large_green_circle:",
    "at-risk": ":large_yellow_circle:",
    "blocked": ":red_circle:",
}


def t(message: str, lang: str = "sv", **values: object) -> str:
    """`message` (an English message id) in `lang`, with `{name}` fields filled."""
    return translator(lang).gettext(message, **values)


def when(moment: datetime | str, lang: str = "sv") -> str:
    """Like "ons 2 dec 12:00", in Swedish time."""
    return translator(lang).when(moment)


def day(value: str, lang: str = "sv") -> str:
    """An ISO date like "2 dec 2026"."""
    return translator(lang).day(value)


def health(value: str | None, lang: str = "sv") -> str:
    if not value:
        return "–"
    word = t(HEALTH[value], lang) if value in HEALTH else value
    return f"{HEALTH_ICON.get(value, '')} {word}".strip()


def not_linked(lang: str, user: str | None) -> str:
    return t(
        "Your Slack account is not linked to a person in Samverka, so nothing was saved. "
        "Ask an administrator to link it: `samverka slack link PERSON {user}`.",
        lang,
        user=user,
    )
