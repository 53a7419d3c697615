"""A report's plan follow-up (`follow_up`) in CSV rows, workbook sheets and
the HTML page's chart: the parts `services/report_formats.py` adds after
the ledger when the report was asked for with a plan. Headings come from
the catalogs; the numbers are the JSON's (an indicator's published text
becomes a number cell, exactly)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from markupsafe import Markup

from services.i18n import N_, Translator

CHOICES = ("ja", "delvis", "nej")
TRENDS = {"up": N_("rising"), "down": N_("falling"), "flat": N_("unchanged")}
# The parts of the follow-up a difference names (projections/funds/follow_up.py).
PART_NAMES = {
    "follow_up": N_("the plan's follow-up"),
    "response": N_("who answered the survey"),
    "organisations": N_("the answers per organisation"),
    "targets": N_("the målbilder's indicators"),
    "perspectives": N_("the perspectives"),
    "activities": N_("the activities"),
    "survey": N_("the survey"),
    "narrative": N_("the narrative"),
    "indicators": N_("the indicators"),
}
WIDTH, HEIGHT = 160, 40

Append = Callable[[Any, list[Any]], None]


def number(text: str | None) -> float | str | None:
    """An indicator's published value as a number cell (the text if it is none)."""
    if text is None:
        return None
    try:
        return float(Decimal(text))
    except InvalidOperation:
        return text


def _counts(tally: dict[str, Any] | None) -> list[Any]:
    if tally is None:
        return ["", "", "", ""]
    counts = tally.get("counts") or {}
    return [tally["answers"], *[counts.get(c, "") for c in CHOICES]]


def _texts(tally: dict[str, Any] | None) -> str:
    texts = (tally or {}).get("texts") or []
    return "\n".join(f"{x['organisation']}: {x['text']}" for x in texts)


def indicators_of(follow: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every indicator with the code of the målbild or insatsområde it is linked to."""
    for part in (*follow["targets"], *follow["areas"]):
        for indicator in part["indicators"]:
            yield part["code"], indicator


def csv_rows(follow: dict[str, Any], width: int) -> Iterator[list[Any]]:
    """Rows in the report CSV's columns (row, area, principal, position,
    business_date, kind, the figures, text): here `area` is the
    insatsområde's code, `principal` the activity's, question's or
    indicator's, `business_date` the year or period, the figures empty."""
    blank = [""] * width
    year = follow["year"]
    response = follow["response"]
    yield ["response", "", follow["plan"]["code"], "", year, "", *blank,
           f"{response['answered']}/{response['invited']}"]  # fmt: skip
    for area in follow["areas"]:
        code = area["code"]
        for a in area["activities"]:
            yield ["activity", code, a["code"], "", year, a["status"] or "", *blank, a["title"]]
        for q in area["survey"]["questions"] or []:
            tally = q["this_year"]
            counts = tally.get("counts")
            text = ";".join(f"{k}={v}" for k, v in counts.items()) if counts else _texts(tally)
            yield ["survey", code, q["id"], "", year, q["kind"], *blank, text]
        story = area["narrative"]
        if story is not None:
            text = "\n".join((story["done"], story["effect"], story["next"]))
            yield ["narrative", code, "", story["revision"], year, "", *blank, text]
    for code, ind in indicators_of(follow):
        latest = ind["latest"] or {}
        yield ["indicator", code, ind["code"], "", latest.get("period", ""), ind["trend"] or "",
               *blank, latest.get("value", "")]  # fmt: skip
    for p in follow["perspectives"]:
        codes = ", ".join(a["code"] for a in p["activities"])
        yield ["perspective", "", p["perspective"], "", year, "", *blank, codes]


def add_sheets(book: Any, follow: dict[str, Any], tr: Translator, append: Append) -> None:
    """A sheet per part: activities, the survey, organisations, narratives,
    indicators (latest and every value), perspectives in the plan."""
    _ = tr.gettext
    sheet = book.create_sheet(_("Focus areas"))
    append(sheet, [_("Focus area"), _("Activity"), _("Title"), _("Målbilder"),
                   _("Responsible organisations"), _("Initiative"), _("Status"), _("Health"),
                   _("Milestones")])  # fmt: skip
    for area in follow["areas"]:
        for a in area["activities"]:
            ini = a["initiative"] or {}
            milestones = f"{ini['milestones_done']}/{ini['milestones_total']}" if ini else ""
            append(sheet, [area["code"], a["code"], a["title"], ", ".join(a["targets"]),
                           ", ".join(a["organisations"]), ini.get("code", ""),
                           a["status_sv"] or "–", ini.get("health") or "", milestones])  # fmt: skip

    sheet = book.create_sheet(_("Survey"))
    this = [_("Answers"), _("Yes"), _("Partly"), _("No")]
    last = [_("Answers last year"), _("Yes last year"), _("Partly last year"), _("No last year")]
    append(sheet, [_("Focus area"), _("Question"), _("Text"), _("Answered"), _("Invited"),
                   *this, *last, _("Free texts")])  # fmt: skip
    for area in follow["areas"]:
        survey = area["survey"]
        for q in survey["questions"] or []:
            append(sheet, [area["code"], q["id"], q["text"], survey["answered"],
                           survey["invited"], *_counts(q["this_year"]),
                           *_counts(q["last_year"]), _texts(q["this_year"])])  # fmt: skip

    sheet = book.create_sheet(_("Organisations"))
    append(sheet, [_("Organisation"), _("Kind"), _("Municipality code"), _("Answered"),
                   _("Answered last year"), _("Questions answered"), _("Questions")])  # fmt: skip
    yes, no = _("yes"), _("no")
    for org in follow["organisations"]:
        append(sheet, [org["name"], org["kind"] or "", org["area_code"] or "",
                       yes if org["answered"] else no, yes if org["answered_before"] else no,
                       org["answered_questions"], org["questions"]])  # fmt: skip

    sheet = book.create_sheet(_("Narratives"))
    append(sheet, [_("Focus area"), _("Revision"), _("What was done"), _("What effect"),
                   _("What next"), _("Written")])  # fmt: skip
    for area in follow["areas"]:
        story = area["narrative"]
        if story is None:
            append(sheet, [area["code"], "", "", "", "", ""])
        else:
            append(sheet, [area["code"], story["revision"], story["done"], story["effect"],
                           story["next"], story["recorded_at"]])  # fmt: skip

    sheet = book.create_sheet(_("Indicators"))
    values = book.create_sheet(_("Indicator values"))
    append(sheet, [_("Linked to"), _("Code"), _("Name"), _("Source"), _("Unit"), _("Area"),
                   _("Year"), _("Latest value"), _("Trend"), _("Target"),
                   _("Target met")])  # fmt: skip
    append(values, [_("Linked to"), _("Code"), _("Area"), _("Year"), _("Value"),
                    _("Revisions")])  # fmt: skip
    for code, ind in indicators_of(follow):
        latest = ind["latest"] or {}
        trend = TRENDS.get(ind["trend"] or "")
        met = {True: yes, False: no}.get(ind["target_met"], "")
        append(sheet, [code, ind["code"], ind["name"], ind["source"], ind["unit"],
                       ind["area_name"] or "", latest.get("period"),
                       number(latest.get("value")), _(trend) if trend else "",
                       number(ind["target_value"]), met])  # fmt: skip
        for point in ind["points"]:
            append(values, [code, ind["code"], ind["area_name"], point["period"],
                            number(point["value"]), point["revisions"]])  # fmt: skip

    sheet = book.create_sheet(_("Perspectives in the plan"))
    append(sheet, [_("Perspective"), _("What"), _("Focus area"), _("Code"), _("Text"),
                   _("Status")])  # fmt: skip
    for p in follow["perspectives"]:
        for goal in p["goals"]:
            append(
                sheet, [p["name"], _("Perspective goal"), goal["area"] or "", "", goal["goal"], ""]
            )
        for a in p["activities"]:
            append(sheet, [p["name"], _("Activity"), a["area"] or "", a["code"], a["how"],
                           a["status_sv"] or "–"])  # fmt: skip
        for q in p["questions"]:
            append(sheet, [p["name"], _("Question"), q["area"], q["id"], q["text"], ""])


def sparkline(points: list[dict[str, Any]]) -> Markup:
    """A small SVG line of the values over the years (the numbers are in the table beside it)."""
    found = [(p["period"], number(p["value"])) for p in points]
    numbers = [(x, y) for x, y in found if isinstance(y, float)]
    if len(numbers) < 2:
        return Markup("")
    xs, ys = [x for x, _y in numbers], [y for _x, y in numbers]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1.0
    line = " ".join(
        f"{4 + (x - min(xs)) / span_x * (WIDTH - 8):.1f},"
        f"{HEIGHT - 4 - (y - min(ys)) / span_y * (HEIGHT - 8):.1f}"
        for x, y in numbers
    )
    return Markup(
        '<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" aria-hidden="true">'
        '<polyline fill="none" stroke="#1f5f8b" stroke-width="2" points="{line}"/></svg>'
    ).format(w=WIDTH, h=HEIGHT, line=line)
