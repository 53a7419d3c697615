"""What the scheduler's notifications say (Swedish) and carry for adapters."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from domain.meetings.recurrence import MAX_MOVE, Occurrence, zone
from projections.meetings import queries as mq
from services.checkin_words import summary_text
from services.i18n import translator
from services.i18n.labels import describe_rule

Message = tuple[str, str, dict[str, Any]]  # subject, text, data


# The texts are in the default language (Swedish): they are stored with the
# notification and sent to everyone alike.
_tr = translator()
_ = _tr.gettext
_when = _tr.moment


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
    rules = [describe_rule(r, _tr) for r in series["rules"]]
    where = series["video_link"] or series["location"] or _("to be announced")
    lines = [
        _("Welcome to {title}.", title=series["title"]),
        _(
            "We meet {rule} ({zone}). Where: {where}.",
            rule=rules[-1],
            zone=series["timezone"],
            where=where,
        ),
        _("Coming meetings:") + " " + ", ".join(_when(o["start"]) for o in held),
    ]
    lines += [f"{o['date']}: {o['state']} – {o['reason']}" for o in changed]
    data = {
        **calendar_data(series, now),
        "rule_text": rules,
        "occurrences": held,
        "changed": changed,
    }
    return _("Invitation: {title}", title=series["title"]), "\n".join(lines), data


def occurrence_cancelled(series: dict[str, Any], occurrence: Occurrence, now: datetime) -> Message:
    """One meeting is cancelled (an iTIP CANCEL with its RECURRENCE-ID by e-mail)."""
    day = occurrence.key.isoformat()
    when = _when(occurrence.start.isoformat())
    lines = [_("The meeting {title} {when} is cancelled.", title=series["title"], when=when)]
    if occurrence.reason:
        lines.append(_("Reason: {reason}", reason=occurrence.reason))
    data = {**calendar_data(series, now), "occurrence_date": day, "reason": occurrence.reason}
    return _("Cancelled: {title}", title=f"{series['title']} {day}"), "\n".join(lines), data


def series_ended(series: dict[str, Any], now: datetime) -> Message:
    """The series has ended: its invitation is withdrawn (iTIP CANCEL of the series)."""
    last = series["ended_on"]
    text = _(
        "The meeting series {title} has ended (last day {last}).", title=series["title"], last=last
    )
    reason = next((h["detail"] for h in series.get("history", []) if h["kind"] == "ended"), "")
    if reason:
        text += "\n" + _("Reason: {reason}", reason=reason)
    # Meetings still to come before the last day: the calendar keeps the series
    # with its end (an updated REQUEST); none: the series is withdrawn (CANCEL).
    coming = mq.series_occurrences(series, now.date() - MAX_MOVE, date.fromisoformat(last))
    remaining = [o for o in coming if o.held and o.start > now]
    data = {**calendar_data(series, now), "withdraw": not remaining}
    return _("Ended: {title}", title=series["title"]), text, data


def minutes(series: dict[str, Any], page: dict[str, Any]) -> Message:
    """The minutes of a closed meeting. People appear as ids in `data` (names are
    personal data and stay out of the event log); adapters look the names up."""
    summary = page["summary"] or {}
    decisions = [str(d) for d in summary.get("decisions", [])]
    actions = summary.get("action_items", [])
    when = _when(page["starts_at"])
    lines = [_("Minutes: {title} {when}.", title=page["title"], when=when)]
    lines.append(_("Present:") + f" {len(summary.get('present', []))}")
    if summary.get("notes"):
        lines += [_("Notes:"), str(summary["notes"])]
    lines += [f"- {e['text']}" for e in summary.get("entries", []) if not e.get("decision_id")]
    if decisions:
        lines += [_("Decisions:"), *[f"- {d}" for d in decisions]]
    if actions:
        lines += [_("Action items:"), *[f"- {a['text']}" for a in actions]]
    data = {
        "series_id": series["id"],
        "meeting_id": page["id"],
        "title": page["title"],
        "starts_at": page["starts_at"],
        "present_ids": list(summary.get("present", [])),
        # Posted in the series' chat channel too (mailed to those without chat).
        "slack_channel": series["slack_channel"] or None,
        "teams_channel": series.get("teams_channel") or None,
        "agenda": list(summary.get("agenda", [])),
        "notes": summary.get("notes", ""),
        "entries": [e["text"] for e in summary.get("entries", []) if not e.get("decision_id")],
        "decisions": decisions,
        "action_items": [
            {"text": a["text"], "assignee_id": a["assignee_id"], "due": a["due"]} for a in actions
        ],
    }
    return _("Minutes: {title}", title=page["title"]), "\n".join(lines), data


def reminder(series: dict[str, Any], page: dict[str, Any]) -> Message:
    agenda = [item["title"] for item in page["agenda"]]
    carried = [item["text"] for item in page["carried_forward"]]
    when = _when(page["starts_at"])
    lines = [_("Reminder: {title} {when}.", title=page["title"], when=when), _("Agenda:")]
    lines += [f"{n}. {title}" for n, title in enumerate(agenda, start=1)]
    if carried:
        lines.append(_("Open action items from earlier meetings:"))
        lines += [f"- {text}" for text in carried]
    where = series["video_link"] or series["location"]
    if where:
        lines.append(_("Where:") + f" {where}")
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
        "teams_channel": series["teams_channel"] or None,
    }
    return _("Reminder: {title}", title=page["title"]), "\n".join(lines), data


def evaluation_prompt(series: dict[str, Any], held: int) -> Message:
    text = _(
        "{title} has now had {held} meetings. Time to evaluate the concept and weigh "
        "the value against the effort: should the meeting series go on?",
        title=series["title"],
        held=held,
    )
    return (
        _("Evaluate {title}?", title=series["title"]),
        text,
        {"series_id": series["id"], "held": held},
    )


def round_notice(checkin: dict[str, Any], reminder_of: int | None = None) -> Message:
    questions = [q["text"] for q in checkin["questions"]]
    due = _when(checkin["due_at"])
    if reminder_of is None:
        subject = checkin["title"]
        lines = [_("{title}: answer by {due}.", title=checkin["title"], due=due)]
    else:
        subject = _("Reminder: {title}", title=checkin["title"])
        lines = [
            _("We miss your answer to {title}.", title=checkin["title"])
            + " "
            + _("Answer by {due}.", due=due)
        ]
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
        _("{title} is closed.", title=checkin["title"]) + f"\n{summary_text(summary, _tr)}"
        if summary
        else checkin["title"]
    )
    data = {"round_id": checkin["id"], "summary": summary}
    return _("Summary: {title}", title=checkin["title"]), text, data
