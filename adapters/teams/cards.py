"""What the Teams bot shows: markdown text for lists, and Adaptive Cards
(version 1.5, the newest Teams renders) for forms. Pure: no I/O."""

from __future__ import annotations

from typing import Any

from adapters.teams.words import markdown_escape, t, when
from services.i18n import N_

CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
HEALTH = {
    "on-track": N_("on track"),
    "at-risk": N_("at risk"),
    "blocked": N_("blocked"),
}
INPUT_PROBLEMS = {"not_a_number": N_("Enter a number.")}
MAX_QUESTIONS = 50
MAX_LINES = 40


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _heading(slack_bold: str) -> str:
    """A heading the catalogs hold in Slack's *bold*, in Teams' **bold**."""
    return f"**{slack_bold.strip('*')}**"


def health(value: str | None, lang: str) -> str:
    if not value:
        return "–"
    return t(HEALTH[value], lang) if value in HEALTH else value


def status_text(initiatives: list[dict[str, Any]], lang: str) -> str:
    lines = [
        f"- **{markdown_escape(i['code'])}** {markdown_escape(_cut(i['title'], 200))} – "
        f"{health(i['health'], lang)}"
        for i in initiatives[:MAX_LINES]
    ]
    body = "\n".join(lines) if lines else t("You take part in no initiative yet.", lang)
    return f"{_heading(t('*Your initiatives*', lang))}\n\n{body}"


def meetings_text(meetings: list[dict[str, Any]], lang: str) -> str:
    lines = [
        f"- {when(m['start'], lang)} {markdown_escape(_cut(m['title'], 200))}"
        for m in meetings[:MAX_LINES]
    ]
    body = "\n".join(lines) if lines else t("No upcoming meetings.", lang)
    return f"{_heading(t('*Upcoming meetings*', lang))}\n\n{body}"


def _input(q: dict[str, Any], before: Any, lang: str) -> dict[str, Any]:
    """One question as an Adaptive Card input (its id: `q:<question id>`)."""
    element: dict[str, Any] = {
        "id": f"q:{q['id']}",
        "label": _cut(str(q["text"]), 500),
        "isRequired": bool(q["required"]),
    }
    if q["required"]:
        element["errorMessage"] = t("Answer this question.", lang)
    if q["kind"] in ("health", "choice"):
        values = ["on-track", "at-risk", "blocked"] if q["kind"] == "health" else q["choices"]
        element |= {
            "type": "Input.ChoiceSet",
            "style": "compact",
            "choices": [
                {"title": health(v, lang) if q["kind"] == "health" else str(v), "value": str(v)}
                for v in values
            ],
        }
    elif q["kind"] == "number":
        element |= {"type": "Input.Text", "style": "text"}
    else:
        element |= {"type": "Input.Text", "isMultiline": q["kind"] == "text", "maxLength": 4000}
    if before is not None:
        element["value"] = str(before)
    return element


def checkin_card(
    checkin: dict[str, Any], previous: dict[str, Any] | None, lang: str, action: str
) -> dict[str, Any]:
    """The round's questions as a form; submitting it sends back every input
    with `action` and the round id."""
    previous = previous or {}
    due = f"{t('due', lang)} {when(checkin['due_at'], lang)}"
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": _cut(str(checkin["title"]), 300),
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        },
        {"type": "TextBlock", "text": due, "isSubtle": True, "wrap": True},
    ]
    body += [_input(q, previous.get(q["id"]), lang) for q in checkin["questions"][:MAX_QUESTIONS]]
    return {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "body": body,
        "actions": [
            {
                "type": "Action.Submit",
                "title": t("Send", lang),
                "data": {"action": action, "round_id": checkin["id"]},
            }
        ],
    }


def input_problems(wrong: dict[str, str], questions: list[dict[str, Any]], lang: str) -> str:
    """Which answers are not even of the right kind, named by their question."""
    texts = {f"q:{q['id']}": str(q["text"]) for q in questions}
    lines = [
        f"- {markdown_escape(_cut(texts.get(k, k), 200))}: {t(INPUT_PROBLEMS[v], lang)}"
        for k, v in wrong.items()
    ]
    return t("Nothing was saved:", lang) + "\n\n" + "\n".join(lines)


def _meeting_choice(meetings: list[dict[str, Any]], label: str, lang: str) -> dict[str, Any]:
    """Which meeting (the current one first): its value `<series id>|<date>`."""
    choices = [
        {
            "title": _cut(f"{m['title']} – {when(m['start'], lang)}", 200),
            "value": f"{m['series_id']}|{m['date']}",
        }
        for m in meetings[:100]
    ]
    return {
        "type": "Input.ChoiceSet",
        "id": "meeting",
        "label": label,
        "style": "compact",
        "isRequired": True,
        "errorMessage": t("Choose a meeting.", lang),
        "choices": choices,
        "value": choices[0]["value"] if choices else "",
    }


def _text(
    input_id: str, label: str, lang: str, *, required: bool, limit: int, value: str = ""
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "type": "Input.Text",
        "id": input_id,
        "label": label,
        "isMultiline": limit > 300,
        "maxLength": limit,
        "isRequired": required,
    }
    if required:
        found["errorMessage"] = t("Write something here.", lang)
    if value:
        found["value"] = _cut(value, limit)
    return found


def _form(title: str, body: list[dict[str, Any]], action: str, lang: str) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "body": [
            {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium"},
            *body,
        ],
        "actions": [
            {"type": "Action.Submit", "title": t("Save", lang), "data": {"action": action}}
        ],
    }


def minutes_card(
    kind: str, meetings: list[dict[str, Any]], lang: str, action: str, text: str = ""
) -> dict[str, Any]:
    """A decision or a note in one of the person's meetings."""
    if kind == "decision":
        body = [
            _meeting_choice(meetings, t("Meeting", lang), lang),
            _text("text", t("Decision", lang), lang, required=True, limit=2000, value=text),
            _text("rationale", t("Rationale", lang), lang, required=False, limit=2000),
        ]
        return _form(t("Decision", lang), body, action, lang)
    body = [
        _meeting_choice(meetings, t("Meeting", lang), lang),
        _text("text", t("Note", lang), lang, required=True, limit=4000, value=text),
    ]
    return _form(t("Meeting note", lang), body, action, lang)


def agenda_card(series: list[dict[str, Any]], lang: str, action: str) -> dict[str, Any]:
    """An item on the next meeting of one of the person's series."""
    body = [
        _meeting_choice(series, t("Meeting series (next meeting)", lang), lang),
        _text("title", t("Item", lang), lang, required=True, limit=300),
        _text("note", t("Description", lang), lang, required=False, limit=3000),
    ]
    return _form(t("Agenda", lang), body, action, lang)
