"""A fund report as JSON, CSV, an Excel workbook or an HTML page.

Every format shows the same öre: CSV and Excel carry kronor with two
decimals computed from the integer öre (Excel cells formatted as SEK), the
HTML page the Swedish text ("7 700 000 kr"). Text that starts like a
formula stays text in CSV and Excel (projections/cells.py).
"""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from domain.funds.money import format_mnkr, format_sek
from projections.cells import csv_text, starts_like_formula

FIGURES = ("granted", "requisitioned", "booked", "spent", "repaid", "unbooked", "unspent")
FIGURES_SV = {
    "granted": "Beviljat",
    "requisitioned": "Rekvirerat",
    "booked": "Bokat",
    "spent": "Utfall",
    "repaid": "Återbetalt",
    "unbooked": "Obokat",
    "unspent": "Ej förbrukat",
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
    return out.getvalue()


def to_xlsx(report: dict[str, Any]) -> bytes:
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "Sammanställning"
    heads = ["Område", "Huvudman", *[FIGURES_SV[f] for f in FIGURES]]
    _append(summary, heads)
    for area in report["areas"]:
        for grant in area["grants"]:
            _append(summary, [area["name"], grant["principal"], *[grant[f] / 100 for f in FIGURES]])
        _append(summary, [f"Summa {area['name'].lower()}", "", *[area[f] / 100 for f in FIGURES]])
    _append(summary, ["Totalt", "", *[report["totals"][f] / 100 for f in FIGURES]])
    _money(summary, first_col=3, last_col=2 + len(FIGURES))

    activities = book.create_sheet("Aktiviteter")
    _append(
        activities,
        [
            "Område",
            "Initiativ",
            "Titel/aktivitet",
            "Status",
            "Läge",
            "Milstolpar",
            "Bokat",
            "Utfall",
            "Beslut",
            "Perspektiv",
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

    perspectives = book.create_sheet("Perspektiv")
    _append(perspectives, ["Område", "Perspektiv", "Initiativ som beaktar det"])
    for area in report["areas"]:
        for p in area["perspectives"]:
            _append(perspectives, [area["name"], p["name"], ", ".join(p["initiatives"]) or "–"])

    ledger = book.create_sheet("Huvudbok")
    _append(
        ledger,
        [
            "Position",
            "Affärsdatum",
            "Registrerad",
            "Område",
            "Huvudman",
            "Typ",
            "Belopp",
            *[FIGURES_SV[f] for f in FIGURES[:5]],
            "Verifikation/referens",
            "Text",
            "Rättar",
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

    about = book.create_sheet("Om rapporten")
    source = report["source"]
    for key, value in (
        ("Rapport", report["report"]),
        ("År", report["year"]),
        ("Huvudman", report["principal"] or "alla"),
        ("Område", report["area"] or "alla"),
        ("Loggposition", source["log_position"]),
        ("Kedjelänk (SHA-256)", source["chain_link"]),
        ("Känd per", source["as_of"] or "nu"),
        ("Rapportens SHA-256", report["report_sha256"]),
    ):
        _append(about, [key, value])
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for n, column in enumerate(sheet.columns, start=1):
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[get_column_letter(n)].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _append(sheet: Any, values: list[Any]) -> None:
    """Appends a row; text that starts like a formula is a text cell, not a formula.

    Control characters that a workbook cannot hold become U+FFFD."""
    sheet.append([_no_illegal(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if starts_like_formula(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True  # and stays text when someone edits the cell


def _no_illegal(value: Any) -> Any:
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def _money(sheet: Any, *, first_col: int, last_col: int) -> None:
    for row in sheet.iter_rows(min_row=2, min_col=first_col, max_col=last_col):
        for cell in row:
            cell.number_format = SEK_FORMAT


def to_html(report: dict[str, Any]) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html lang=sv><meta charset=utf-8>",
        f"<title>{e(report['report'])} {report['year']}</title>",
        "<style>body{font-family:sans-serif}td.kr{text-align:right;white-space:nowrap}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>",
        f"<h1>{e(report['report'])} {report['year']}</h1>",
    ]
    for agreement in report["agreements"]:
        parts.append(f"<p>{e(agreement['title'])} (dnr {e(agreement['reference'])})</p>")
    head = "".join(f"<th>{FIGURES_SV[f]}</th>" for f in FIGURES)
    parts.append(f"<table><tr><th>Område</th><th>Huvudman</th>{head}</tr>")
    for area in report["areas"]:
        for grant in area["grants"]:
            parts.append(_html_row(area["name"], grant["principal"], grant))
        parts.append(_html_row(f"<b>{e(area['name'])}</b>", "", area, raw=True))
    parts.append(_html_row("<b>Totalt</b>", "", report["totals"], raw=True) + "</table>")
    total = report["totals"]["granted"]
    parts.append(f"<p>Beviljat totalt {format_sek(total)} ({format_mnkr(total)}).</p>")
    for area in report["areas"]:
        parts.append(f"<h2>{e(area['name'])}</h2><ul>")
        for a in area["activities"]:
            name = f"{a.get('code') or ''} {a.get('title') or a['activity']}".strip()
            status = f", {e(a['status_sv'])}" if a.get("status_sv") else ""
            parts.append(
                f"<li>{e(name)}{status}: bokat {format_sek(a['booked'])}, "
                f"utfall {format_sek(a['spent'])}</li>"
            )
        parts.append("</ul><p>Perspektiv: ")
        parts.append(
            "; ".join(
                f"{e(p['name'])}: {e(', '.join(p['initiatives']) or 'inte beaktat')}"
                for p in area["perspectives"]
            )
            + "</p>"
        )
    source = report["source"]
    parts.append(
        f"<p><small>Beräknad från loggposition {source['log_position']}, kedjelänk "
        f"<code>{e(source['chain_link'])}</code>; rapportens SHA-256 "
        f"<code>{e(report['report_sha256'])}</code>.</small></p></html>"
    )
    return "\n".join(parts) + "\n"


def _html_row(first: str, second: str, figures: dict[str, Any], *, raw: bool = False) -> str:
    label = first if raw else html.escape(first)
    cells = "".join(f"<td class=kr>{format_sek(figures[f])}</td>" for f in FIGURES)
    return f"<tr><td>{label}</td><td>{html.escape(second)}</td>{cells}</tr>"


def render(report: dict[str, Any], fmt: str) -> bytes:
    if fmt == "json":
        return to_json(report).encode()
    if fmt == "csv":
        return to_csv(report).encode()
    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "html":
        return to_html(report).encode()
    raise ValueError(f"unknown format {fmt!r}")


MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
