"""A fund report as JSON, CSV, an Excel workbook or an HTML page.

Every format shows the same öre: CSV and Excel carry kronor with two
decimals computed from the integer öre (Excel cells formatted as SEK), the
HTML page the text ("7 700 000 kr"). Text that starts like a formula stays
text in CSV and Excel (projections/cells.py). Headings and sentences of the
workbook and the page come from the message catalogs (Swedish by default);
the page is the Jinja2 template services/templates/fund_report.html.j2.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from projections.amounts import format_mnkr, format_sek
from projections.cells import csv_text, starts_like_formula
from services.i18n import N_, Translator, lang_of, translator
from services.report_follow_up import TRENDS, add_sheets, csv_rows, sparkline

FIGURES = ("granted", "requisitioned", "booked", "spent", "repaid", "unbooked", "unspent")
FIGURE_NAMES = {
    "granted": N_("Granted"),
    "requisitioned": N_("Requisitioned"),
    "booked": N_("Booked"),
    "spent": N_("Spent"),
    "repaid": N_("Repaid"),
    "unbooked": N_("Unbooked"),
    "unspent": N_("Unspent"),
}
SEK_FORMAT = '#,##0.00 "kr"'


def kronor(ore: int) -> str:
    """Exact kronor with two decimals for machines: 770000050 -> '7700000.50'."""
    sign = "-" if ore < 0 else ""
    whole, rest = divmod(abs(ore), 100)
    return f"{sign}{whole}.{rest:02d}"


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def to_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "row",
            "area",
            "principal",
            "position",
            "business_date",
            "kind",
            *[f"{f}_sek" for f in FIGURES],
            "text",
        ]
    )
    for area in report["areas"]:
        for grant in area["grants"]:
            writer.writerow(
                [
                    "grant",
                    csv_text(area["area"]),
                    csv_text(grant["principal"]),
                    "",
                    "",
                    "",
                    *[kronor(grant[f]) for f in FIGURES],
                    "",
                ]
            )
        writer.writerow(
            [
                "area",
                csv_text(area["area"]),
                "",
                "",
                "",
                "",
                *[kronor(area[f]) for f in FIGURES],
                csv_text(area["name"]),
            ]
        )
    writer.writerow(
        [
            "total",
            "",
            "",
            "",
            "",
            "",
            *[kronor(report["totals"][f]) for f in FIGURES],
            f"position {report['source']['log_position']}",
        ]
    )
    for line in report["lines"]:
        figures = [kronor(line[f]) if f in line else "" for f in FIGURES]
        writer.writerow(
            [
                "line",
                csv_text(line["area"]),
                csv_text(line["principal"]),
                line["position"],
                csv_text(line["business_date"]),
                csv_text(line["kind"]),
                *figures,
                csv_text(line["voucher"] or line["reference"] or line["note"]),
            ]
        )
    if report.get("follow_up"):
        for row in csv_rows(report["follow_up"], len(FIGURES)):
            writer.writerow([csv_text(x) if isinstance(x, str) else x for x in row])
    return out.getvalue()


def _figure_names(tr: Translator) -> dict[str, str]:
    return {f: tr.gettext(name) for f, name in FIGURE_NAMES.items()}


def to_xlsx(report: dict[str, Any], lang: str | None = None) -> bytes:
    # openpyxl is imported when a workbook is asked for: importing it took a
    # tenth of a second of every API worker's start (bench/RESULTS.md, 2026-12-05).
    from openpyxl import Workbook

    tr = translator(lang)
    names = _figure_names(tr)
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = tr.gettext("Summary")
    heads = [tr.gettext("Area"), tr.gettext("Principal"), *[names[f] for f in FIGURES]]
    _append(summary, heads)
    for area in report["areas"]:
        for grant in area["grants"]:
            _append(summary, [area["name"], grant["principal"], *[grant[f] / 100 for f in FIGURES]])
        _append(
            summary,
            [
                tr.gettext("Sum {area}", area=area["name"].lower()),
                "",
                *[area[f] / 100 for f in FIGURES],
            ],
        )
    _append(summary, [tr.gettext("Total"), "", *[report["totals"][f] / 100 for f in FIGURES]])
    _money(summary, first_col=3, last_col=2 + len(FIGURES))

    activities = book.create_sheet(tr.gettext("Activities"))
    _append(
        activities,
        [
            tr.gettext("Area"),
            tr.gettext("Initiative"),
            tr.gettext("Title/activity"),
            tr.gettext("Status"),
            tr.gettext("Health"),
            tr.gettext("Milestones"),
            names["booked"],
            names["spent"],
            tr.gettext("Decisions"),
            tr.gettext("Perspectives"),
        ],
    )
    for area in report["areas"]:
        for a in area["activities"]:
            _append(
                activities,
                [
                    area["name"],
                    a.get("code") or "",
                    a.get("title") or a["activity"],
                    a.get("status_sv") or "",
                    a.get("health") or "",
                    f"{a.get('milestones_done', 0)}/{a.get('milestones_total', 0)}",
                    a["booked"] / 100,
                    a["spent"] / 100,
                    "; ".join(
                        f"{d['decision_date']} {d['decided_by']}: {d['text']}"
                        for d in a.get("decisions", [])
                    ),
                    ", ".join(a.get("perspectives", [])),
                ],
            )
    _money(activities, first_col=7, last_col=8)

    perspectives = book.create_sheet(tr.gettext("Perspectives"))
    _append(
        perspectives,
        [
            tr.gettext("Area"),
            tr.gettext("Perspectives"),
            tr.gettext("Initiatives that consider it"),
        ],
    )
    for area in report["areas"]:
        for p in area["perspectives"]:
            _append(perspectives, [area["name"], p["name"], ", ".join(p["initiatives"]) or "–"])

    ledger = book.create_sheet(tr.gettext("Ledger"))
    _append(
        ledger,
        [
            tr.gettext("Position"),
            tr.gettext("Business date"),
            tr.gettext("Recorded"),
            tr.gettext("Area"),
            tr.gettext("Principal"),
            tr.gettext("Kind"),
            tr.gettext("Amount"),
            *[names[f] for f in FIGURES[:5]],
            tr.gettext("Voucher/reference"),
            tr.gettext("Text"),
            tr.gettext("Corrects"),
        ],
    )
    for line in report["lines"]:
        _append(
            ledger,
            [
                line["position"],
                line["business_date"],
                line["recorded_at"],
                line["area"],
                line["principal"],
                line["kind_sv"],
                line["amount"] / 100,
                *[line[f] / 100 for f in FIGURES[:5]],
                line["voucher"] or line["reference"] or "",
                line["note"],
                line["reverses"] or "",
            ],
        )
    _money(ledger, first_col=7, last_col=12)

    follow = report.get("follow_up")
    if follow:
        add_sheets(book, follow, tr, _append)
    about = book.create_sheet(tr.gettext("About the report"))
    source = report["source"]
    for key, value in (
        (N_("Report"), report["report"]),
        (N_("Year"), report["year"]),
        (N_("Principal"), report["principal"] or tr.gettext("all")),
        (N_("Area"), report["area"] or tr.gettext("all")),
        (N_("Log position"), source["log_position"]),
        (N_("Chain link (SHA-256)"), source["chain_link"]),
        (N_("Known as of"), source["as_of"] or tr.gettext("now")),
        (N_("The report's SHA-256"), report["report_sha256"]),
    ):
        _append(about, [tr.gettext(key), value])
    if follow:
        _append(about, [tr.gettext("Plan"), follow["plan"]["code"]])
        _append(about, [tr.gettext("Plan title"), follow["plan"]["title"]])
    return _saved(book)


def _append(sheet: Any, values: list[Any]) -> None:
    """Appends a row; text that starts like a formula is a text cell, not a formula.

    Control characters that a workbook cannot hold become U+FFFD."""
    sheet.append([_no_illegal(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if starts_like_formula(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True  # and stays text when someone edits the cell


def _saved(book: Any) -> bytes:
    """The workbook as .xlsx bytes: each sheet's first row bold, columns as
    wide as their text (10 to 60 characters)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for n, column in enumerate(sheet.columns, start=1):
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[get_column_letter(n)].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _no_illegal(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # imported by to_xlsx already

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def _money(sheet: Any, *, first_col: int, last_col: int) -> None:
    for row in sheet.iter_rows(min_row=2, min_col=first_col, max_col=last_col):
        for cell in row:
            cell.number_format = SEK_FORMAT


@cache
def _pages(lang: str) -> Environment:
    tr = translator(lang)
    env = Environment(
        loader=PackageLoader("services", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(tr.translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["sek"] = format_sek
    env.filters["mnkr"] = format_mnkr
    env.filters["sparkline"] = sparkline
    env.globals.update(
        FIGURES=FIGURES,
        TRENDS=TRENDS,
        figure_names=_figure_names(tr),
        bold=lambda text: Markup("<b>{}</b>").format(text),
        lang=lang,
    )
    return env


def to_html(report: dict[str, Any], lang: str | None = None) -> str:
    return _pages(lang_of(lang)).get_template("fund_report.html.j2").render(report=report)


def render(report: dict[str, Any], fmt: str, lang: str | None = None) -> bytes:
    if fmt == "json":
        return to_json(report).encode()
    if fmt == "csv":
        return to_csv(report).encode()
    if fmt == "xlsx":
        return to_xlsx(report, lang)
    if fmt == "html":
        return to_html(report, lang).encode()
    raise ValueError(f"unknown format {fmt!r}")


MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
