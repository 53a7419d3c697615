"""The Teams bot's words, from the same message catalogs as Slack's
(services/i18n): Swedish first, English when the member asks (`språk en`)."""

from __future__ import annotations

from typing import Any

from services.i18n import lang_of, translator

__all__ = ["day", "help_text", "lang_of", "markdown_escape", "not_linked", "t", "unknown", "when"]


def t(message: str, lang: str = "sv", **values: object) -> str:
    return translator(lang).gettext(message, **values)


def when(moment: Any, lang: str = "sv") -> str:
    return translator(lang).when(moment)


def day(value: str, lang: str = "sv") -> str:
    return translator(lang).day(value)


def markdown_escape(text: str) -> str:
    """Text people typed, shown as itself in a Teams markdown message."""
    # Only what marks emphasis, code, links or HTML anywhere in a line.
    return "".join("\\" + c if c in "\\`*_[]<>~" else c for c in text)


def help_text(lang: str) -> str:
    return t(
        "How to use Samverka in Teams (write to me, or @Samverka in a channel):\n\n"
        "- **status** – your initiatives and their health\n"
        "- **incheckning** [initiative] – answer a check-in\n"
        "- **beslut** – record a decision in a meeting\n"
        "- **anteckning** – write a meeting note\n"
        "- **dagordning** – add an item to the next meeting\n"
        "- **möten** – upcoming meetings\n"
        "- **språk** en|sv – change language\n"
        "\n**For moderators and secretaries:**\n\n"
        "- **möte ny** – schedule a new meeting series\n"
        "- **möte bjud in** – invite people to a series\n"
        "- **möte flytta** / **möte ställ in** – move or cancel one meeting\n"
        "- **möte avsluta** – end a series\n"
        "- **närvaro** – who is at the meeting\n"
        "- **stäng mötet** – close the meeting and send the minutes\n"
        "- **utvärdering** – evaluate a series after its first meetings\n"
        "- **hjälp** – this text",
        lang,
    )


def unknown(word: str, suggestion: str | None, lang: str) -> str:
    text = t("I don't know ”{word}”. Try **hjälp**.", lang, word=markdown_escape(word))
    if suggestion:
        text += " " + t("Did you mean **{word}**?", lang, word=suggestion)
    return text


def not_linked(lang: str, user: str | None) -> str:
    return t(
        "Your Teams account is not linked to a person in Samverka, so nothing was saved. "
        "Ask an administrator to link it: `samverka teams link PERSON {user}`.",
        lang,
        user=user or "-",
    )
