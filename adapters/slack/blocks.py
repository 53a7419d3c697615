"""Block Kit payloads built with slack_sdk's models, so oversize texts and
too many blocks raise (SlackObjectFormationError) instead of reaching Slack.
Builders shorten user text to Slack's limits first."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from adapters.slack.i18n import day, health, t, when

MESSAGE_MAX_BLOCKS = 50
SECTION_MAX = 3000
FALLBACK_MAX = 3900  # notification text shown by clients; Slack truncates at 40 000


def cut(text: str, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mrkdwn_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=cut(text, SECTION_MAX)))


def paragraphs(text: str, limit: int = 20) -> list[Block]:
    """Long text as up to `limit` sections of at most 3000 characters."""
    out: list[Block] = []
    rest = text or " "
    while rest and len(out) < limit:
        out.append(section(rest[:SECTION_MAX]))
        rest = rest[SECTION_MAX:]
    return out


def message_blocks(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    """Validated message blocks (a message holds at most 50)."""
    if len(blocks) > MESSAGE_MAX_BLOCKS:
        raise SlackObjectFormationError(f"a message has at most {MESSAGE_MAX_BLOCKS} blocks")
    return [block.to_dict() for block in blocks]


def option(text: str, value: str) -> Option:
    return Option(text=PlainTextObject(text=cut(text, 75)), value=value[:150])


def _modal(
    callback_id: str, title: str, blocks: list[Block], meta: dict[str, Any], lang: str
) -> dict[str, Any]:
    view = View(
        type="modal",
        callback_id=callback_id,
        title=PlainTextObject(text=cut(title, 24)),
        submit=PlainTextObject(text=t("Save", lang)),
        close=PlainTextObject(text=t("Cancel", lang)),
        private_metadata=json.dumps(meta),
        blocks=blocks,
    )
    return view.to_dict()


def text_input(
    block_id: str,
    label: str,
    *,
    multiline: bool = False,
    optional: bool = False,
    max_length: int = 3000,
    initial: str | None = None,
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=PlainTextObject(text=cut(label, 2000)),
        element=PlainTextInputElement(
            action_id="a",
            multiline=multiline,
            max_length=max_length,
            initial_value=cut(initial, max_length) if initial else None,
        ),
        optional=optional,
    )


def select_input(
    block_id: str,
    label: str,
    options: list[Option],
    *,
    optional: bool = False,
    initial: Option | None = None,
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=PlainTextObject(text=cut(label, 2000)),
        element=StaticSelectElement(action_id="a", options=options[:100], initial_option=initial),
        optional=optional,
    )


# -- modals ----------------------------------------------------------------------------


def checkin_modal(
    checkin: dict[str, Any], previous: dict[str, Any] | None, lang: str
) -> dict[str, Any]:
    """One input per question (at most 50 questions, so within a modal's 100 blocks)."""
    previous = previous or {}
    due = f"{t('due', lang)} {when(checkin['due_at'], lang)}"
    blocks: list[Block] = [section(f"*{mrkdwn_escape(checkin['title'])}*\n{due}")]
    for q in checkin["questions"][:50]:
        block_id, label, before = f"q:{q['id']}", q["text"], previous.get(q["id"])
        optional = not q["required"]
        if q["kind"] == "health":
            opts = [option(health(h, lang), h) for h in ("on-track", "at-risk", "blocked")]
            first = next((o for o in opts if o.value == before), None)
            blocks.append(select_input(block_id, label, opts, optional=optional, initial=first))
        elif q["kind"] == "choice":
            opts = [option(c, c) for c in q["choices"]]
            first = next((o for o in opts if o.value == before), None)
            blocks.append(select_input(block_id, label, opts, optional=optional, initial=first))
        else:
            initial = None if before is None else str(before)
            multiline = q["kind"] == "text"
            blocks.append(
                text_input(block_id, label, multiline=multiline, optional=optional, initial=initial)
            )
    meta = {"round_id": checkin["id"], "lang": lang}
    return _modal("checkin", t("Check-in", lang), blocks, meta, lang)


def meeting_options(meetings: list[dict[str, Any]], lang: str) -> list[Option]:
    return [
        option(f"{m['title']} – {when(m['start'], lang)}", f"{m['series_id']}|{m['date']}")
        for m in meetings[:100]
    ]


def minutes_modal(
    kind: str, meetings: list[dict[str, Any]], lang: str, text: str = ""
) -> dict[str, Any]:
    """A decision or note on one of the person's meetings (the current one first)."""
    opts = meeting_options(meetings, lang)
    blocks: list[Block] = [
        select_input("meeting", t("Meeting", lang), opts, initial=opts[0] if opts else None)
    ]
    if kind == "decision":
        blocks.append(
            text_input("text", t("Decision", lang), multiline=True, max_length=2000, initial=text)
        )
        blocks.append(text_input("rationale", t("Rationale", lang), multiline=True, optional=True))
        title = t("Decision", lang)
    else:
        blocks.append(text_input("text", t("Note", lang), multiline=True, initial=text))
        title = t("Meeting note", lang)
    return _modal(kind, title, blocks, {"lang": lang}, lang)


def agenda_modal(series: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    opts = meeting_options(series, lang)
    blocks: list[Block] = [
        select_input(
            "meeting",
            t("Meeting series (next meeting)", lang),
            opts,
            initial=opts[0] if opts else None,
        ),
        text_input("title", t("Item", lang), max_length=300),
        text_input("note", t("Description", lang), multiline=True, optional=True, max_length=3000),
    ]
    return _modal("agenda", t("Agenda", lang), blocks, {"lang": lang}, lang)


def notice(title: str, text: str) -> dict[str, Any]:
    view = View(
        type="modal",
        title=PlainTextObject(text=cut(title, 24)),
        close=PlainTextObject(text="OK"),
        blocks=[section(text)],
    )
    return view.to_dict()


# -- App Home ----------------------------------------------------------------------------


def home_view(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """My initiatives with health, open check-ins (buttons), meetings, action items."""
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=t("Samverka", lang)))]
    blocks.append(section(t("*Your initiatives*", lang)))
    for i in data["initiatives"][:15]:
        blocks.append(section(_initiative_line(i, lang)))
    if not data["initiatives"]:
        blocks.append(
            ContextBlock(
                elements=[PlainTextObject(text=t("You take part in no initiative yet.", lang))]
            )
        )
    blocks += [DividerBlock(), section(t("*Open check-ins*", lang))]
    for r in data["rounds"][:15]:
        blocks.append(_round_section(r, lang))
    if not data["rounds"]:
        blocks.append(
            ContextBlock(elements=[PlainTextObject(text=t("You have no open check-ins.", lang))])
        )
    blocks += [DividerBlock(), section(t("*Upcoming meetings*", lang))]
    lines = [_meeting_line(m, lang) for m in data["meetings"][:10]]
    blocks.append(section("\n".join(lines) or t("No upcoming meetings.", lang)))
    blocks += [DividerBlock(), section(t("*Your action items*", lang))]
    for a in data["actions"][:15]:
        due = f" ({day(a['due'], lang)})" if a.get("due") else ""
        button = ButtonElement(
            text=PlainTextObject(text=t("Done", lang)),
            action_id="action_done",
            value=f"{a['meeting_id']}|{a['item_id']}",
        )
        where = mrkdwn_escape(cut(a["meeting_title"], 300))
        text = f"{mrkdwn_escape(cut(a['text'], 2000))}{due}\n_{where}_"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=cut(text, 3000)), accessory=button))
    if not data["actions"]:
        blocks.append(
            ContextBlock(elements=[PlainTextObject(text=t("No open action items.", lang))])
        )
    return View(type="home", callback_id="home", blocks=blocks).to_dict()


def _initiative_line(i: dict[str, Any], lang: str) -> str:
    title = mrkdwn_escape(cut(i["title"], 200))
    return f"*{mrkdwn_escape(i['code'])}* {title} – {health(i['health'], lang)}"


def _meeting_line(m: dict[str, Any], lang: str) -> str:
    return f"• {when(m['start'], lang)} {mrkdwn_escape(cut(m['title'], 200))}"


def _round_section(r: dict[str, Any], lang: str) -> SectionBlock:
    state = t("answered – you may revise until", lang) if r["answered"] else t("due", lang)
    text = f"*{mrkdwn_escape(cut(r['title'], 300))}*\n{state} {when(r['due_at'], lang)}"
    button = ButtonElement(
        text=PlainTextObject(text=t("Answer", lang)),
        action_id="checkin_open",
        value=r["id"],
        style=None if r["answered"] else "primary",
    )
    return SectionBlock(text=MarkdownTextObject(text=text), accessory=button)


# -- messages ------------------------------------------------------------------------------


def status_blocks(initiatives: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    lines = [_initiative_line(i, lang) for i in initiatives[:40]]
    body = "\n".join(lines) if lines else t("You take part in no initiative yet.", lang)
    return message_blocks([section(t("*Your initiatives*", lang)), *paragraphs(body, 10)])


def meetings_blocks(meetings: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    lines = [_meeting_line(m, lang) for m in meetings[:40]]
    body = "\n".join(lines) if lines else t("No upcoming meetings.", lang)
    return message_blocks([section(t("*Upcoming meetings*", lang)), *paragraphs(body, 10)])


def text_blocks(text: str) -> list[dict[str, Any]]:
    return message_blocks(paragraphs(mrkdwn_escape(text), MESSAGE_MAX_BLOCKS))


def checkin_dm(subject: str, text: str, round_id: str, lang: str) -> list[dict[str, Any]]:
    """A check-in prompt (or reminder) with the button that opens the modal."""
    button = ButtonElement(
        text=PlainTextObject(text=t("Answer the check-in", lang)),
        action_id="checkin_open",
        value=round_id,
        style="primary",
    )
    return message_blocks(
        [
            section(f"*{mrkdwn_escape(cut(subject, 300))}*"),
            *paragraphs(mrkdwn_escape(text), 10),
            ActionsBlock(block_id="checkin", elements=[button]),
        ]
    )


def announcement(subject: str, data: dict[str, Any], text: str, lang: str) -> list[dict[str, Any]]:
    """The meeting announcement in the series' channel: when, where, the agenda."""
    if "starts_at" not in data:
        return message_blocks(
            [section(f"*{mrkdwn_escape(cut(subject, 300))}*"), *paragraphs(mrkdwn_escape(text), 20)]
        )
    agenda = [
        f"{n}. {mrkdwn_escape(cut(a, 300))}"
        for n, a in enumerate(data.get("agenda") or [], start=1)
    ]
    head = f"*{mrkdwn_escape(cut(subject, 300))}*\n{when(data['starts_at'], lang)}"
    blocks: list[Block] = [section(head), section(f"*{t('Agenda', lang)}*")]
    blocks += paragraphs("\n".join(agenda) or "–", 20)
    carried = data.get("carried_forward") or []
    if carried:
        blocks += paragraphs("\n".join(f"• {mrkdwn_escape(cut(c, 300))}" for c in carried), 10)
    return message_blocks(blocks)


def notice_home(text: str) -> dict[str, Any]:
    return View(type="home", blocks=[section(text)]).to_dict()
