"""A registerutdrag (services/personal_records.py) printed as a PDF, with
fpdf2 and its core fonts (no font files to ship). The core fonts cover
Latin-1 (å, ä, ö, é, ü); typographic dashes and quotes are written as their
plain forms, and any other character as "?". The streams are left
uncompressed: the document is small, and its text can be searched as is."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from fpdf import FPDF

from adapters.web.render import WORDS
from services.i18n import N_, STOCKHOLM, translator

_PLAIN = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "\u00a0": " "}
)
SECTIONS = (
    ("arenas", N_("Arenas and roles"), ("code", "name", "role", "since")),
    ("initiatives", N_("Initiatives"), ("code", "title", "role")),
    ("series", N_("Meeting series invited to"), ("title", "since")),
    ("series_rsvps", N_("Answers to meeting series"), ("title", "response", "answered_at")),
    (
        "meeting_rsvps",
        N_("Answers to meetings"),
        ("title", "occurrence_date", "response", "answered_at"),
    ),
    ("attendance", N_("Attendance"), ("title", "occurrence_date", "present")),
    ("action_items", N_("Action items"), ("text", "occurrence_date", "due", "done_on")),
    ("checkin_answers", N_("Check-in answers"), ("title", "answers", "answered_at", "channel")),
    ("health_reports", N_("Health reports"), ("code", "health", "comment", "reported_at")),
    ("tokens", N_("API tokens"), ("role", "label", "issued_at", "expires_at", "revoked")),
    ("surveys", N_("Survey contact for"), ("title",)),
    ("notifications", N_("Sent to the person"), ("kind", "subject", "state", "queued_at")),
)


def plain(text: object) -> str:
    """`text` in what the core fonts can print."""
    said = str(text).translate(_PLAIN)
    return "".join(ch if ord(ch) < 256 and (ch.isprintable() or ch == "\n") else "?" for ch in said)


def _when(value: object) -> str:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        return moment.isoformat(sep=" ", timespec="minutes")
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


class _Printer:
    def __init__(self) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_compression(False)
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.add_page()

    def heading(self, text: str, size: int = 13) -> None:
        self.pdf.ln(2)
        self.pdf.set_font("helvetica", style="B", size=size)
        self.pdf.multi_cell(0, 7, plain(text), new_x="LMARGIN", new_y="NEXT")

    def lines(self, texts: Iterable[str]) -> None:
        self.pdf.set_font("helvetica", size=9)
        for text in texts:
            self.pdf.multi_cell(0, 5, plain(text), new_x="LMARGIN", new_y="NEXT")

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def record_pdf(record: dict[str, Any], name: str, lang: str) -> bytes:
    """The registerutdrag as a PDF, its headings in `lang`."""
    _ = translator(lang).gettext
    p = _Printer()
    p.heading(_("Registerutdrag: {name}").format(name=name), 16)
    p.lines([_("Made {when}").format(when=_when(record["made_at"])), f"Id: {record['person_id']}"])
    p.heading(_("The person now"))
    person = record["person"]
    p.lines(f"{key}: {'' if value is None else value}" for key, value in person.items())
    p.heading(_("The person's own events, decrypted"))
    for e in record["person_events"]:
        fields = ", ".join(
            f"{key}: {'-' if e[key] is None else e[key]}"
            for key in ("name", "email", "slack_user_id", "organisation", "language", "reach")
            if key in e
        )
        kind = WORDS["person_event"].get(e["kind"])
        said = _(kind) if kind else e["kind"]
        p.lines([f"{e['version']}. {said} {_when(e['recorded_at'])} ({e['channel']}) {fields}"])
    for key, title in (
        ("actions", _("What the person did (the audit trail)")),
        ("mentions", _("What others did that names the person")),
    ):
        p.heading(title)
        rows = record[key]
        if not rows:
            p.lines([_("Nothing.")])
        p.lines(
            f"Nr {r['position']} {_when(r['recorded_at'])} ({r['channel']}): {r['sentence']}"
            for r in rows
        )
    for key, title, columns in SECTIONS:
        rows = record[key]
        if not rows:
            continue
        p.heading(_(title))
        p.lines(
            "; ".join(f"{c}: {'-' if row.get(c) is None else row.get(c)}" for c in columns)
            for row in rows
        )
    return p.output()
