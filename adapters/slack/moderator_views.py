"""The moderator's and secretary's modals: a new series (and its preview),
inviting people, moving or cancelling one meeting, ending a series,
attendance and the evaluation. Built with slack_sdk's models, so a view
Slack would refuse raises here instead."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import get_day_names
from slack_sdk.models.blocks import (
    Block,
    ChannelSelectElement,
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextObject,
    RadioButtonsElement,
    TimePickerElement,
    UserMultiSelectElement,
    UserSelectElement,
)

from adapters.slack.blocks import (
    _modal,
    cut,
    meeting_options,
    mrkdwn_escape,
    option,
    section,
    select_input,
    text_input,
)
from adapters.slack.i18n import t
from services.chat_moderation import DURATIONS, INTERVALS
from services.i18n import translator
from services.i18n.labels import INTERVAL_WORDS, VERDICT_WORDS

CHECKBOXES_MAX = 10  # options in one checkboxes element


def _input(block_id: str, label: str, element: Any, *, optional: bool = False) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=PlainTextObject(text=cut(label, 2000)),
        element=element,
        optional=optional,
    )


def _initial(options: list[Option], value: str | None) -> Option | None:
    return next((o for o in options if o.value == value), None)


def series_modal(
    scopes: list[tuple[str, str]], values: dict[str, str], lang: str, user: str
) -> dict[str, Any]:
    """Ny mötesserie: title, initiative (or arena), weekday, time, length, how
    often, first day, moderator, secretary, channel; submitting shows the preview."""
    names = get_day_names("wide", locale=translator(lang).locale)
    scope_opts = [option(words, value) for value, words in scopes[:100]]
    day_opts = [option(str(names[d]).capitalize(), str(d)) for d in range(7)]
    length_opts = [option(t("{n} minutes", lang, n=n), str(n)) for n in DURATIONS]
    every_opts = [option(t(INTERVAL_WORDS[n], lang), str(n)) for n in INTERVALS]
    v = values.get
    blocks: list[Block] = [
        text_input("title", t("Title", lang), max_length=200, initial=v("title")),
        select_input(
            "scope",
            t("Initiative or arena", lang),
            scope_opts,
            initial=_initial(scope_opts, v("scope")) or (scope_opts[0] if scope_opts else None),
        ),
        select_input(
            "weekday", t("Weekday", lang), day_opts, initial=_initial(day_opts, v("weekday"))
        ),
        _input(
            "start_time",
            t("Time", lang),
            TimePickerElement(action_id="a", initial_time=v("start_time") or "12:00"),
        ),
        select_input(
            "duration_minutes",
            t("Length", lang),
            length_opts,
            initial=_initial(length_opts, v("duration_minutes") or "30"),
        ),
        select_input(
            "interval_weeks",
            t("How often", lang),
            every_opts,
            initial=_initial(every_opts, v("interval_weeks") or "2"),
        ),
        _input(
            "starts_on",
            t("First day", lang),
            DatePickerElement(action_id="a", initial_date=v("starts_on") or None),
        ),
        _input(
            "moderator",
            t("Moderator", lang),
            UserSelectElement(action_id="a", initial_user=v("moderator") or user),
        ),
        _input(
            "secretary",
            t("Secretary", lang),
            UserSelectElement(action_id="a", initial_user=v("secretary") or None),
            optional=True,
        ),
        _input(
            "channel",
            t("Channel for reminders and minutes", lang),
            ChannelSelectElement(action_id="a", initial_channel=v("channel") or None),
            optional=True,
        ),
    ]
    view = _modal("series_new", t("New meeting series", lang), blocks, {"lang": lang}, lang)
    view["submit"] = {"type": "plain_text", "text": t("Preview", lang)}
    return view


def series_preview(
    rule_words: str, coming: list[str], meta: dict[str, Any], title: str, lang: str
) -> dict[str, Any]:
    """The rule in words and the next meetings (holidays marked) before saving."""
    lines = "\n".join(f"• {mrkdwn_escape(line)}" for line in coming)
    blocks: list[Block] = [
        section(f"*{mrkdwn_escape(title)}*\n{mrkdwn_escape(rule_words)}"),
        section(f"*{t('The next ten meetings', lang)}*\n{lines}"),
    ]
    return _modal("series_save", t("New meeting series", lang), blocks, meta | {"lang": lang}, lang)


def series_options(series: list[dict[str, Any]]) -> list[Option]:
    return [option(str(s["title"]), str(s["id"])) for s in series[:100]]


def series_select(series: list[dict[str, Any]], lang: str) -> Block:
    """The choice of a series (`series`), the first one chosen to begin with."""
    opts = series_options(series)
    return select_input(
        "series", t("Meeting series", lang), opts, initial=opts[0] if opts else None
    )


def invite_modal(series: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    blocks: list[Block] = [
        series_select(series, lang),
        _input(
            "people",
            t("Invite", lang),
            UserMultiSelectElement(action_id="a", max_selected_items=50),
        ),
    ]
    return _modal("series_invite", t("Invite", lang), blocks, {"lang": lang}, lang)


def occurrence_modal(kind: str, meetings: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """Move (`occurrence_move`) or cancel (`occurrence_cancel`) one meeting."""
    opts = meeting_options(meetings, lang)
    blocks: list[Block] = [
        select_input("meeting", t("Meeting", lang), opts, initial=opts[0] if opts else None)
    ]
    if kind == "move":
        blocks += [
            _input("date", t("New day", lang), DatePickerElement(action_id="a")),
            _input(
                "time", t("New time", lang), TimePickerElement(action_id="a", initial_time="12:00")
            ),
        ]
    blocks.append(text_input("reason", t("Reason", lang), optional=True, max_length=500))
    title = t("Move a meeting", lang) if kind == "move" else t("Cancel a meeting", lang)
    return _modal(f"occurrence_{kind}", title, blocks, {"lang": lang}, lang)


def end_modal(series: list[dict[str, Any]], last_day: date, lang: str) -> dict[str, Any]:
    blocks: list[Block] = [
        series_select(series, lang),
        _input(
            "last_day",
            t("Last day", lang),
            DatePickerElement(action_id="a", initial_date=last_day.isoformat()),
        ),
        text_input("reason", t("Reason", lang), optional=True, max_length=500),
    ]
    return _modal("series_end", t("End a series", lang), blocks, {"lang": lang}, lang)


def attendance_modal(
    meeting: dict[str, Any], people: list[tuple[str, str]], present: set[str], lang: str
) -> dict[str, Any]:
    """The participant list as checkboxes (ten to a block), those present ticked."""
    blocks: list[Block] = [section(f"*{mrkdwn_escape(str(meeting['title']))}* {meeting['date']}")]
    for n in range(0, min(len(people), 400), CHECKBOXES_MAX):
        opts = [option(name, pid) for pid, name in people[n : n + CHECKBOXES_MAX]]
        ticked = [o for o in opts if o.value in present]
        element = CheckboxesElement(action_id="a", options=opts, initial_options=ticked or None)
        label = t("Present", lang)
        if len(people) > CHECKBOXES_MAX:  # "Närvarande 11–20"
            label += f" {n + 1}–{min(n + CHECKBOXES_MAX, len(people))}"
        blocks.append(_input(f"present:{n // CHECKBOXES_MAX}", label, element, optional=True))
    meta = {
        "lang": lang,
        "meeting": f"{meeting['series_id']}|{meeting['date']}",
        "listed": [pid for pid, _ in people],
    }
    return _modal("attendance", t("Attendance", lang), blocks, meta, lang)


def evaluation_modal(series: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    verdicts = [option(t(words, lang), value) for value, words in VERDICT_WORDS.items()]
    blocks: list[Block] = [
        section(
            t(
                "The series has now had its first meetings. Should it go on as it is, "
                "with changes, or end?",
                lang,
            )
        ),
        series_select(series, lang),
        _input("verdict", t("Verdict", lang), RadioButtonsElement(action_id="a", options=verdicts)),
        text_input("comment", t("Comment", lang), multiline=True, optional=True, max_length=2000),
    ]
    return _modal("series_evaluate", t("Evaluation", lang), blocks, {"lang": lang}, lang)


def evaluate_button(subject: str, text: str, series_id: str, lang: str) -> list[dict[str, Any]]:
    """The evaluation prompt as a DM with a button that opens the form."""
    said = section(f"*{mrkdwn_escape(cut(subject, 300))}*\n{mrkdwn_escape(cut(text, 2500))}")
    return [
        said.to_dict(),
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": "evaluate_open",
                    "text": {"type": "plain_text", "text": t("Evaluate", lang)},
                    "value": series_id,
                    "style": "primary",
                }
            ],
        },
    ]


def values(view: dict[str, Any]) -> dict[str, Any]:
    """A modal's values by block id, for every element these modals use: text,
    a chosen option, a date, a time, a user, users, a channel, ticked boxes."""
    found: dict[str, Any] = {}
    state = (view.get("state") or {}).get("values") or {}
    if not isinstance(state, dict):
        return found
    for block_id, actions in state.items():
        if not isinstance(actions, dict):
            continue
        for action in actions.values():
            if not isinstance(action, dict):
                continue
            kind = action.get("type")
            if kind in ("static_select", "radio_buttons"):
                found[block_id] = (action.get("selected_option") or {}).get("value")
            elif kind == "datepicker":
                found[block_id] = action.get("selected_date")
            elif kind == "timepicker":
                found[block_id] = action.get("selected_time")
            elif kind == "users_select":
                found[block_id] = action.get("selected_user")
            elif kind == "multi_users_select":
                found[block_id] = [
                    u for u in action.get("selected_users") or [] if isinstance(u, str)
                ]
            elif kind in ("channels_select", "conversations_select"):
                found[block_id] = action.get(
                    "selected_channel" if kind == "channels_select" else "selected_conversation"
                )
            elif kind == "checkboxes":
                found[block_id] = [
                    o.get("value")
                    for o in action.get("selected_options") or []
                    if isinstance(o, dict)
                ]
            else:
                value = action.get("value")
                found[block_id] = value.strip() if isinstance(value, str) else None
    return found
