"""The plan coordinator's year end from the command line, on the demo's
Värmland plan: an indicator linked to an insatsområde, a narrative written,
the återrapportering with the plan's follow-up as JSON and as a workbook,
submitted with its plan and reproduced as submitted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.test_cli import sv

PLAN = "varmland-ph-2021"


@pytest.mark.slow
def test_the_demo_plan_in_the_aterrapportering(database_url: str, tmp_path: Path) -> None:
    sv(database_url, "demo", "load", "--tokens", str(tmp_path), cwd=tmp_path)
    plan = json.loads(sv(database_url, "plan", "show", PLAN).stdout)
    early = next(a for a in plan["areas"] if a["code"] == "IO2")
    sv(database_url, "indicator", "link", "DEMO-ELSA-STRESS", "--insatsomrade", early["part_id"])
    sv(database_url, "plan", "narrative", PLAN, "IO2", "2024", "--done", "Screening i elevhälsan")

    plain = json.loads(sv(database_url, "report", "funds", "--year", "2024").stdout)
    assert "follow_up" not in plain
    report = json.loads(
        sv(database_url, "report", "funds", "--year", "2024", "--plan", PLAN).stdout
    )
    follow = report["follow_up"]
    assert follow["plan"]["goal"] == "God psykisk hälsa bland värmlänningarna"
    assert follow["response"]["invited"] == 17
    io2 = next(a for a in follow["areas"] if a["code"] == "IO2")
    assert io2["narrative"]["done"] == "Screening i elevhälsan"
    (stress,) = io2["indicators"]
    assert stress["code"] == "DEMO-ELSA-STRESS" and stress["latest"]["period"] == 2024
    assert stress["trend"] in {"up", "down", "flat"}
    assert io2["survey"]["questions"][0]["last_year"] is not None

    out = tmp_path / "aterrapportering-2024.xlsx"
    sv(database_url, "report", "funds", "--year", "2024", "--plan", PLAN, "--format", "xlsx",
       "--out", str(out))  # fmt: skip
    book = load_workbook(out)
    rows = list(book["Indikatorer"].iter_rows(values_only=True))
    heads = rows[0]
    (row,) = [r for r in rows[1:] if r[heads.index("Kod")] == "DEMO-ELSA-STRESS"]
    assert row[heads.index("Senaste värde")] == float(stress["latest"]["value"])
    assert row[heads.index("Kopplad till")] == "IO2"
    values = [r for r in book["Indikatorvärden"].iter_rows(min_row=2, values_only=True)]
    assert [(r[3], r[4]) for r in values if r[1] == "DEMO-ELSA-STRESS"] == [
        (p["period"], float(p["value"])) for p in stress["points"]
    ]
    about = {r[0]: r[1] for r in book["Om rapporten"].iter_rows(values_only=True)}
    assert about["Plan"] == PLAN

    missing = sv(database_url, "report", "funds", "--year", "2024", "--plan", "x", check=False)
    assert missing.returncode != 0 and "ingen plan x" in missing.stderr

    submitted = json.loads(
        sv(database_url, "report", "submit", "--year", "2024", "--plan", PLAN).stdout
    )
    assert submitted["report_sha256"] == report["report_sha256"]
    diff = json.loads(sv(database_url, "report", "diff", "--submission", submitted["id"]).stdout)
    assert diff["reproduced"] is True and diff["kept"] is True
