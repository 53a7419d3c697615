"""The moderator's and secretary's Adaptive Cards (1.5): a new series and its
preview, inviting people (those @mentioned, the arenas' people, or an
e-mail address), moving or cancelling one meeting, ending a series,
attendance and the evaluation. Each submit sends its inputs with `action`
(`samverka.mod.<kind>`). Pure: no I/O.

People are picked from a compact Input.ChoiceSet of the series' candidates
(the arenas' members), which Teams shows as a drop-down one can type into.
Teams' own people picker (`choices.data` querying Graph) and the "filtered"
style are not in the published Adaptive Card 1.5 schema (tests/schemas), so
a card using them would not be a valid 1.5 card; someone outside the arenas
is invited by @mentioning them in `möte bjud in` or by their address."""

from __future__ import annotations

from typing import Any

from babel.dates import get_day_names

from adapters.teams.cards import SCHEMA, VERSION, _cut, _meeting_choice, _text
from adapters.teams.words import markdown_escape, t
from services.chat_moderation import DURATIONS, INTERVALS
from services.i18n import N_, translator
from services.i18n.labels import INTERVAL_WORDS, VERDICT_WORDS

ACTION = "samverka.mod."
# Who runs a new series: a moderator is needed, a secretary may be left out.
ROLES = (("moderator", N_("Moderator"), True), ("secretary", N_("Secretary"), False))


def _choice(
    input_id: str,
    label: str,
    choices: list[tuple[str, str]],
    *,
    value: str = "",
    required: bool = True,
    style: str = "compact",
    multi: bool = False,
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "style": style,
        "isRequired": required,
        "choices": [{"title": _cut(words, 200), "value": v} for v, words in choices[:500]],
    }
    if multi:
        found["isMultiSelect"] = True
    if value:
        found["value"] = value
    return found


def _card(title: str, body: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "body": [
            {
                "type": "TextBlock",
                "text": title,
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
            },
            *body,
        ],
        "actions": actions,
    }


def _submit(title: str, kind: str, **data: Any) -> dict[str, Any]:
    return {"type": "Action.Submit", "title": title, "data": {"action": ACTION + kind, **data}}


def series_card(
    scopes: list[tuple[str, str]],
    people: list[tuple[str, str]],
    values: dict[str, str],
    lang: str,
    in_channel: bool = False,
) -> dict[str, Any]:
    """Ny mötesserie: every field of the web's form that a chat needs; typed
    in a Teams channel, the series is that channel's."""
    names = get_day_names("wide", locale=translator(lang).locale)
    v = values.get
    body = [
        _text("title", t("Title", lang), lang, required=True, limit=200, value=v("title") or ""),
        _choice(
            "scope",
            t("Initiative or arena", lang),
            scopes,
            value=v("scope") or (scopes[0][0] if scopes else ""),
        ),
        _choice(
            "weekday",
            t("Weekday", lang),
            [(str(d), str(names[d]).capitalize()) for d in range(7)],
            value=v("weekday") or "",
        ),
        _picker("Time", "start_time", t("Time", lang), v("start_time") or "12:00"),
        _choice(
            "duration_minutes",
            t("Length", lang),
            [(str(n), t("{n} minutes", lang, n=n)) for n in DURATIONS],
            value=v("duration_minutes") or "30",
        ),
        _choice(
            "interval_weeks",
            t("How often", lang),
            [(str(n), t(INTERVAL_WORDS[n], lang)) for n in INTERVALS],
            value=v("interval_weeks") or "2",
        ),
        _picker("Date", "starts_on", t("First day", lang), v("starts_on") or ""),
        *(
            _choice(role, t(label, lang), people, value=v(role) or "", required=need)
            for role, label, need in ROLES
        ),
    ]
    if in_channel:
        # The series gets this conversation as its Teams channel when saved.
        said = t("Reminders and minutes will be posted in this channel.", lang)
        body.append({"type": "TextBlock", "text": said, "wrap": True, "isSubtle": True})
    return _card(
        t("New meeting series", lang), body, [_submit(t("Preview", lang), "series_preview")]
    )


def series_preview_card(
    title: str, rule_words: str, coming: list[str], form: dict[str, str], form_id: str, lang: str
) -> dict[str, Any]:
    """The rule in words and the next meetings (holidays marked); saving sends
    the form back with an id of this preview (a second click records nothing)."""
    lines = "\n".join(f"- {markdown_escape(line)}" for line in coming)
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": markdown_escape(rule_words), "wrap": True},
        {"type": "TextBlock", "text": t("The next ten meetings", lang), "weight": "Bolder"},
        {"type": "TextBlock", "text": lines or "–", "wrap": True},
    ]
    return _card(
        markdown_escape(_cut(title, 200)),
        body,
        [
            _submit(t("Save", lang), "series_save", form=form, form_id=form_id),
            _submit(t("Change", lang), "series_edit", form=form),
        ],
    )


def _series_choice(series: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    choices = [(str(s["id"]), str(s["title"])) for s in series[:100]]
    return _choice(
        "series", t("Meeting series", lang), choices, value=choices[0][0] if choices else ""
    )


def invite_card(
    series: list[dict[str, Any]],
    people: list[tuple[str, str]],
    lang: str,
    chosen: list[str] | None = None,
) -> dict[str, Any]:
    """Whom to invite: the arenas' people and those the message @mentioned
    (chosen already), or an address."""
    body = [
        _series_choice(series, lang),
        _choice(
            "people",
            t("Invite", lang),
            people,
            value=",".join(chosen or []),
            multi=True,
            required=False,
        ),
        _text("email", t("Or their e-mail address", lang), lang, required=False, limit=200),
    ]
    return _card(t("Invite", lang), body, [_submit(t("Save", lang), "invite")])


def occurrence_card(kind: str, meetings: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    body = [_meeting_choice(meetings, t("Meeting", lang), lang)]
    if kind == "move":
        body += [
            _picker("Date", "date", t("New day", lang)),
            _picker("Time", "time", t("New time", lang), "12:00"),
        ]
    body.append(_text("reason", t("Reason", lang), lang, required=False, limit=200))
    title = t("Move a meeting", lang) if kind == "move" else t("Cancel a meeting", lang)
    return _card(title, body, [_submit(t("Save", lang), kind)])


def end_card(series: list[dict[str, Any]], last_day: str, lang: str) -> dict[str, Any]:
    body = [
        _series_choice(series, lang),
        _picker("Date", "last_day", t("Last day", lang), last_day),
        _text("reason", t("Reason", lang), lang, required=False, limit=200),
    ]
    return _card(t("End a series", lang), body, [_submit(t("Save", lang), "end")])


def attendance_card(
    meeting: dict[str, Any], people: list[tuple[str, str]], present: set[str], lang: str
) -> dict[str, Any]:
    """The participant list as checkboxes, those present ticked."""
    ticked = ",".join(pid for pid, _ in people if pid in present)
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": markdown_escape(f"{meeting['title']} {meeting['date']}"),
            "wrap": True,
        },
        _choice(
            "present",
            t("Present", lang),
            people,
            value=ticked,
            style="expanded",
            multi=True,
            required=False,
        ),
    ]
    ref = f"{meeting['series_id']}|{meeting['date']}"
    listed = [pid for pid, _ in people]
    return _card(
        t("Attendance", lang),
        body,
        [_submit(t("Save", lang), "attendance", meeting=ref, listed=listed)],
    )


def evaluation_card(series: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    body = [
        {
            "type": "TextBlock",
            "text": t(
                "The series has now had its first meetings. Should it go on as it is, "
                "with changes, or end?",
                lang,
            ),
            "wrap": True,
        },
        _series_choice(series, lang),
        *_verdict_inputs(lang),
    ]
    return _card(t("Evaluation", lang), body, [_submit(t("Save", lang), "evaluate")])


def evaluation_prompt_card(subject: str, text: str, series_id: str, lang: str) -> dict[str, Any]:
    """The scheduler's evaluation prompt (`evaluation-prompt`) as a card that
    is the form itself, for a Teams notifier to send: its submit is the same
    `samverka.mod.evaluate` as `utvärdering`'s card, the series in its data."""
    body = [
        {"type": "TextBlock", "text": markdown_escape(_cut(text, 2000)), "wrap": True},
        *_verdict_inputs(lang),
    ]
    action = _submit(t("Save", lang), "evaluate", series=series_id)
    return _card(markdown_escape(_cut(subject, 200)), body, [action])


def _picker(kind: str, input_id: str, label: str, value: str | None = None) -> dict[str, Any]:
    """A required Input.Date or Input.Time (`kind`), with its first value if given."""
    found: dict[str, Any] = {
        "type": f"Input.{kind}",
        "id": input_id,
        "label": label,
        "isRequired": True,
    }
    if value is not None:
        found["value"] = value
    return found


def _verdict_inputs(lang: str) -> list[dict[str, Any]]:
    """The evaluation's verdict and comment, as `utvärdering` and the prompt ask them."""
    verdicts = [(value, t(words, lang)) for value, words in VERDICT_WORDS.items()]
    return [
        _choice("verdict", t("Verdict", lang), verdicts, style="expanded"),
        _text("comment", t("Comment", lang), lang, required=False, limit=2000),
    ]
