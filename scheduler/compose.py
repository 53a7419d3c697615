"""What the scheduler's notifications say (Swedish) and carry for adapters."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from domain.checkins.round import summary_text
from domain.meetings.recurrence import describe_rule
from projections import meetings_queries as mq

Message = tuple[str, str, dict[str, Any]]  # subject, text, data


def _when(iso: str) -> str:
    moment = datetime.fromisoformat(iso)
    return moment.strftime("%Y-%m-%d kl. %H:%M")


def invitation(series: dict[str, Any], now: datetime) -> Message:
    """The series' rule, the coming meetings and the dates that are skipped or moved."""
    coming = mq.series_occurrences(series, now.date(), (now + timedelta(days=183)).date())
    held = [mq.occurrence_row(series, o) for o in coming if o.held and o.end > now][:8]
    changed = [mq.occurrence_row(series, o) for o in coming if o.state.value != "scheduled"]
    rules = [describe_rule(r) for r in series["rules"]]
    where = series["video_link"] or series["location"] or "meddelas senare"
    lines = [
        f"Välkommen till {series['title']}.",
        f"Vi ses {rules[-1]} ({series['timezone']}). Plats: {where}.",
        "Kommande möten: " + ", ".join(_when(o["start"]) for o in held),
    ]
    lines += [f"{o['date']}: {o['state']} – {o['reason']}" for o in changed]
    data = {
        "series_id": series["id"],
        "title": series["title"],
        "rules": series["rules"],
        "rule_text": rules,
        "timezone": series["timezone"],
        "location": series["location"],
        "video_link": series["video_link"],
        "occurrences": held,
        "changed": changed,
        "revision": series["schedule_revision"],
        "slack_channel": series["slack_channel"] or None,
    }
    return f"Inbjudan: {series['title']}", "\n".join(lines), data


def reminder(series: dict[str, Any], page: dict[str, Any]) -> Message:
    agenda = [item["title"] for item in page["agenda"]]
    carried = [item["text"] for item in page["carried_forward"]]
    lines = [f"Påminnelse: {page['title']} {_when(page['starts_at'])}.", "Dagordning:"]
    lines += [f"{n}. {title}" for n, title in enumerate(agenda, start=1)]
    if carried:
        lines.append("Öppna åtgärder från tidigare möten:")
        lines += [f"- {text}" for text in carried]
    where = series["video_link"] or series["location"]
    if where:
        lines.append(f"Plats: {where}")
    data = {
        "series_id": series["id"],
        "meeting_id": page["id"],
        "starts_at": page["starts_at"],
        "ends_at": page["ends_at"],
        "agenda": agenda,
        "carried_forward": carried,
        "slack_channel": series["slack_channel"] or None,
    }
    return f"Påminnelse: {page['title']}", "\n".join(lines), data


def evaluation_prompt(series: dict[str, Any], held: int) -> Message:
    text = (
        f"{series['title']} har nu haft {held} möten. Dags att utvärdera konceptet och "
        "väga värdet mot insatsen: ska mötesserien fortsätta?"
    )
    return f"Utvärdera {series['title']}?", text, {"series_id": series["id"], "held": held}


def round_notice(checkin: dict[str, Any], reminder_of: int | None = None) -> Message:
    questions = [q["text"] for q in checkin["questions"]]
    due = _when(checkin["due_at"])
    if reminder_of is None:
        subject = checkin["title"]
        lines = [f"{checkin['title']}: svara senast {due}."]
    else:
        subject = f"Påminnelse: {checkin['title']}"
        lines = [f"Vi saknar ditt svar på {checkin['title']}. Svara senast {due}."]
    lines += [f"- {q}" for q in questions]
    data = {
        "round_id": checkin["id"],
        "kind": checkin["kind"],
        "due_at": checkin["due_at"],
        "questions": checkin["questions"],
    }
    return subject, "\n".join(lines), data


def round_summary(checkin: dict[str, Any]) -> Message:
    summary = checkin["summary"] or {}
    text = (
        f"{checkin['title']} är stängd.\n{summary_text(summary)}" if summary else checkin["title"]
    )
    data = {"round_id": checkin["id"], "summary": summary}
    return f"Sammanställning: {checkin['title']}", text, data
