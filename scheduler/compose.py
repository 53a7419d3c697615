"""What the scheduler's notifications say (Swedish) and carry for adapters."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from domain.checkins.round import summary_text
from domain.meetings.recurrence import MAX_MOVE, Occurrence, describe_rule, zone
from projections import meetings_queries as mq
from services.i18n import translator

Message = tuple[str, str, dict[str, Any]]  # subject, text, data


_when = translator().moment  # the texts below are Swedish; so are their moments


def calendar_data(series: dict[str, Any], now: datetime) -> dict[str, Any]:
    """What an e-mail adapter needs to write the series as iCalendar (no personal data)."""
    return {
        "series_id": series["id"],
        "title": series["title"],
        "rules": series["rules"],
        "timezone": series["timezone"],
        "holiday_policy": series["holiday_policy"],
        "overrides": series["overrides"],
        "until": series["until"],
        "ended_on": series["ended_on"],
        "location": series["location"],
        "video_link": series["video_link"],
        "revision": series["schedule_revision"],
        "today": now.astimezone(zone(series["timezone"])).date().isoformat(),
        "slack_channel": series["slack_channel"] or None,
    }


def invitation(series: dict[str, Any], now: datetime) -> Message:
    """The series' rule, the coming meetings and the dates that are skipped or moved."""
    # From today on, and meetings moved here from earlier dates (nyårsafton's
    # meeting is held in January).
    found = mq.series_occurrences(series, now.date() - MAX_MOVE, (now + timedelta(days=183)).date())
    coming = [o for o in found if o.key >= now.date() or o.end > now]
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
        **calendar_data(series, now),
        "rule_text": rules,
        "occurrences": held,
        "changed": changed,
    }
    return f"Inbjudan: {series['title']}", "\n".join(lines), data


def occurrence_cancelled(series: dict[str, Any], occurrence: Occurrence, now: datetime) -> Message:
    """One meeting is cancelled (an iTIP CANCEL with its RECURRENCE-ID by e-mail)."""
    day = occurrence.key.isoformat()
    lines = [f"Mötet {series['title']} {_when(occurrence.start.isoformat())} är inställt."]
    if occurrence.reason:
        lines.append(f"Orsak: {occurrence.reason}")
    data = {**calendar_data(series, now), "occurrence_date": day, "reason": occurrence.reason}
    return f"Inställt: {series['title']} {day}", "\n".join(lines), data


def series_ended(series: dict[str, Any], now: datetime) -> Message:
    """The series has ended: its invitation is withdrawn (iTIP CANCEL of the series)."""
    last = series["ended_on"]
    text = f"Mötesserien {series['title']} är avslutad (sista dag {last})."
    reason = next((h["detail"] for h in series.get("history", []) if h["kind"] == "ended"), "")
    if reason:
        text += f"\nOrsak: {reason}"
    # Meetings still to come before the last day: the calendar keeps the series
    # with its end (an updated REQUEST); none: the series is withdrawn (CANCEL).
    coming = mq.series_occurrences(series, now.date() - MAX_MOVE, date.fromisoformat(last))
    remaining = [o for o in coming if o.held and o.start > now]
    data = {**calendar_data(series, now), "withdraw": not remaining}
    return f"Avslutad: {series['title']}", text, data


def minutes(series: dict[str, Any], page: dict[str, Any]) -> Message:
    """The minutes of a closed meeting. People appear as ids in `data` (names are
    personal data and stay out of the event log); adapters look the names up."""
    summary = page["summary"] or {}
    decisions = [str(d) for d in summary.get("decisions", [])]
    actions = summary.get("action_items", [])
    lines = [f"Minnesanteckningar: {page['title']} {_when(page['starts_at'])}."]
    lines.append(f"Närvarande: {len(summary.get('present', []))}")
    if summary.get("notes"):
        lines += ["Anteckningar:", str(summary["notes"])]
    lines += [f"- {e['text']}" for e in summary.get("entries", []) if not e.get("decision_id")]
    if decisions:
        lines += ["Beslut:", *[f"- {d}" for d in decisions]]
    if actions:
        lines += ["Åtgärdspunkter:", *[f"- {a['text']}" for a in actions]]
    data = {
        "series_id": series["id"],
        "meeting_id": page["id"],
        "title": page["title"],
        "starts_at": page["starts_at"],
        "present_ids": list(summary.get("present", [])),
        "agenda": list(summary.get("agenda", [])),
        "notes": summary.get("notes", ""),
        "entries": [e["text"] for e in summary.get("entries", []) if not e.get("decision_id")],
        "decisions": decisions,
        "action_items": [
            {"text": a["text"], "assignee_id": a["assignee_id"], "due": a["due"]} for a in actions
        ],
    }
    return f"Minnesanteckningar: {page['title']}", "\n".join(lines), data


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
        "title": page["title"],
        "starts_at": page["starts_at"],
        "ends_at": page["ends_at"],
        "location": series["location"],
        "video_link": series["video_link"],
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
        "title": checkin["title"],
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
