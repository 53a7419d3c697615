"""Värmland's plan (seed 002) in the demo, followed up from the command line:
the plan's structure, the organisations, the compilation of 2024 beside
2023, and a narrative written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.test_cli import sv

PLAN = "varmland-ph-2021"


@pytest.mark.slow
def test_the_demo_plan_is_followed_up_from_the_command_line(
    database_url: str, tmp_path: Path
) -> None:
    sv(database_url, "demo", "load", "--tokens", str(tmp_path), cwd=tmp_path)
    plan = json.loads(sv(database_url, "plan", "show", PLAN).stdout)
    assert plan["goal"] == "God psykisk hälsa bland värmlänningarna"
    assert [t["code"] for t in plan["targets"]] == [f"M{n}" for n in range(1, 11)]
    assert [d["title"] for d in plan["directions"]] == [
        "Kunskaps- och behovsbaserade insatser",
        "Regional koordinering psykisk hälsa",
    ]
    assert [a["title"] for a in plan["areas"]][:5] == [
        "Kompetensutveckling",
        "Tidig upptäckt",
        "Stöd och insats",
        "Samverkan",
        "Ledning och styrning",
    ]
    early = plan["areas"][1]
    assert early["challenges"][0] == (
        "Hur kan vi systematiskt arbeta med att synliggöra risker och/eller signaler på ohälsa?"
    )
    assert (
        len(plan["organisations"]) == 17 and plan["organisations"][0]["name"] == "Region Värmland"
    )
    municipalities = json.loads(sv(database_url, "organisation", "list", "--kind", "kommun").stdout)
    assert len(municipalities) == 16

    compiled = json.loads(sv(database_url, "plan", "compile", PLAN, "2024").stdout)
    assert compiled["response"]["invited"] == 17
    assert compiled["response"]["answered"] == 17 - len(compiled["response"]["missing"])
    assert compiled["previous_response"]["invited"] == 17
    first = compiled["areas"][0]["questions"][0]
    assert first["text"] == "Finns ett utvecklat föräldraskapsstöd?"
    assert set(first["this_year"]["counts"]) == {"ja", "delvis", "nej"}
    assert first["last_year"] is not None
    karlstad = next(o for o in compiled["organisations"] if o["area_code"] == "1780")
    assert karlstad["name"] == "Karlstads kommun"

    out = tmp_path / "uppfoljning-2024.xlsx"
    sv(database_url, "plan", "compile", PLAN, "2024", "--xlsx", str(out))
    assert load_workbook(out)["Organisationer"].max_row == 18  # a heading and 17 organisations

    sv(database_url, "plan", "narrative", PLAN, "IO2", "2024", "--done", "Screening i elevhälsan")
    (story,) = json.loads(sv(database_url, "plan", "narratives", PLAN, "--year", "2024").stdout)[:1]
    assert story["done"] == "Screening i elevhälsan" and story["revision"] == 1
