"""The återrapportering with a plan's follow-up, on SQLite and PostgreSQL:
per insatsområde the activities and their status, the survey compiled, the
narrative and the indicators linked; per perspective what was done; the
same as known at a moment (nothing recorded afterwards shows); and the
workbook with a sheet per part carrying the JSON's figures."""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, datetime
from typing import Any

from openpyxl import load_workbook

from domain import commands as c
from domain.indicators import commands as i
from domain.plans import commands as p
from projections.rebuild import rebuild
from samverka.bootstrap import Container
from services.commands import system
from services.reports import ReportQuery, render
from tests.integration.plan_scenario import PlanWorld, answer, build, narrate, open_year, run


def world_with_follow_up(k: Container) -> PlanWorld:
    """A Värmland-like plan: an activity run as an initiative, the survey of
    2024 and 2025 answered, a narrative, an indicator with values."""
    world = build(k.app)
    mod = str(world.moderator)
    initiative = run(
        k.app,
        c.CreateInitiative(
            arena_id=world.arena, code="V1", title="Screening i elevhälsan", status="active"
        ),
        mod,
        "api",
    )
    run(
        k.app,
        p.AddActivity(
            plan_id=world.plan,
            code="A2",
            title="Screening",
            area_id=world.areas[1],
            initiative_id=initiative,
            organisation_ids=[world.organisations["arvika"], world.organisations["region-v"]],
        ),
        mod,
    )
    open_year(k.app, world, 2024)
    answer(k.app, world, 2024, "karlstad", {"IO1-1": "nej", "IO1-2": "Inget än"}, "email")
    open_year(k.app, world, 2025)
    answer(k.app, world, 2025, "karlstad", {"IO1-1": "ja", "IO1-2": "Kurser"}, "email")
    answer(k.app, world, 2025, "arvika", {"IO1-1": "delvis", "IO2-1": "ja"}, "slack")
    narrate(
        k.app,
        world,
        0,
        2025,
        "api",
        done="Utbildning för elevhälsan",
        effect="Fler upptäckta tidigt",
        next="Fortsätta",
    )
    ctx = system()
    indicator = k.commands.run(
        i.DefineIndicator(
            code="LH-UNG", name="Andel unga med gott välbefinnande", source="Liv & Hälsa", unit="%"
        ),
        ctx,
    ).aggregate_id
    k.commands.run(i.SetIndicatorTarget(indicator_id=indicator, value="80"), ctx)
    k.commands.run(
        i.LinkIndicator(indicator_id=indicator, kind="area", target_id=world.areas[0]), ctx
    )
    k.commands.run(
        i.RecordIndicatorValues(
            values=[
                {"indicator_id": indicator, "area": "17", "period": 2023, "value": "71.5"},
                {"indicator_id": indicator, "area": "17", "period": 2024, "value": "73"},
            ]
        ),
        ctx,
    )
    k.projector.catch_up()
    return world


def test_the_report_carries_every_part_of_the_follow_up(container: Container) -> None:
    k = container
    world = world_with_follow_up(k)
    plain = k.reports.compute(ReportQuery(2025))
    assert "follow_up" not in plain and "plan" not in plain  # as it always was

    report = k.reports.compute(ReportQuery(2025, plan=str(world.plan)))
    follow = report["follow_up"]
    assert report["plan"] == str(world.plan) and follow["plan"]["code"] == "vrm-test"
    assert follow["response"]["answered"] == 2 and follow["response"]["invited"] == 3
    assert [m["name"] for m in follow["response"]["missing"]] == ["Region Värmland"]
    io1, io2 = follow["areas"]
    assert [a["code"] for a in io1["activities"]] == ["A1"]
    assert io1["activities"][0]["status"] is None  # no initiative runs it
    assert io1["activities"][0]["organisations"] == ["Karlstads kommun"]
    (screening,) = io2["activities"]
    assert screening["status"] == "active" and screening["status_sv"] == "Pågår"
    assert screening["organisations"] == ["Arvika kommun", "Region Värmland"]
    first = io1["survey"]["questions"][0]
    assert first["this_year"]["counts"] == {"ja": 1, "delvis": 1, "nej": 0}
    assert first["last_year"]["counts"] == {"ja": 0, "delvis": 0, "nej": 1}
    assert io1["survey"]["answered"] == 2
    assert io1["narrative"]["done"] == "Utbildning för elevhälsan"
    assert io1["narrative"]["revision"] == 1
    (indicator,) = io1["indicators"]
    assert indicator["latest"] == {"period": 2024, "value": "73"}
    assert indicator["trend"] == "up" and indicator["target_met"] is False
    assert [x["value"] for x in indicator["points"]] == ["71.5", "73"]
    assert io2["indicators"] == [] and io2["narrative"] is None
    equality = next(x for x in follow["perspectives"] if x["perspective"] == "jamlikhet")
    assert equality["goals"] == [{"area": None, "goal": "Jämlik tillgång"}]
    assert [(a["code"], a["how"]) for a in equality["activities"]] == [
        ("A1", "Lika tillgång i hela länet")
    ]
    assert [q["id"] for q in equality["questions"]] == ["IO1-2"]

    # The live tables rebuilt: the same bytes.
    rebuild(k.app, k.engines)
    assert (
        k.reports.compute(ReportQuery(2025, plan=str(world.plan)))["report_sha256"]
        == (report["report_sha256"])
    )

    # Every format carries it: CSV rows, a sheet per part, the HTML page.
    rows = list(csv.DictReader(io.StringIO(render(report, "csv").decode())))
    assert {r["row"] for r in rows} >= {"total", "activity", "survey", "narrative", "indicator"}
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert_sheets_match(book, follow)
    about = {r[0]: r[1] for r in book["Om rapporten"].iter_rows(values_only=True)}
    assert about["Plan"] == "vrm-test" and about["Rapportens SHA-256"] == report["report_sha256"]
    page = render(report, "html").decode()
    assert "Utbildning för elevhälsan" in page and "<svg" in page and "Enkäten 2025" in page


def _sheet(book: Any, name: str) -> list[dict[str, Any]]:
    """A sheet's rows by its header's names."""
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def assert_sheets_match(book: Any, follow: dict[str, Any]) -> None:
    """A sheet per part of the follow-up, each row the JSON's figures."""
    areas = follow["areas"]
    activities = _sheet(book, "Insatsområden")
    assert [(r["Insatsområde"], r["Aktivitet"], r["Status"]) for r in activities] == [
        (area["code"], a["code"], a["status_sv"] or "–")
        for area in areas
        for a in area["activities"]
    ]
    survey = _sheet(book, "Enkäten")
    expected = []
    for area in areas:
        for q in area["survey"]["questions"]:
            now, then = q["this_year"], q["last_year"]
            counts = [now["counts"][c] for c in ("ja", "delvis", "nej")] if "counts" in now else []
            expected.append((q["id"], area["survey"]["answered"], now["answers"], counts,
                             then["answers"] if then else None))  # fmt: skip
    assert [
        (r["Fråga"], r["Svarat"], r["Svar"],
         [r["Ja"], r["Delvis"], r["Nej"]] if r["Ja"] is not None else [],
         r["Svar förra året"])
        for r in survey
    ] == expected  # fmt: skip
    organisations = _sheet(book, "Organisationer")
    assert [(r["Organisation"], r["Besvarade frågor"]) for r in organisations] == [
        (o["name"], o["answered_questions"]) for o in follow["organisations"]
    ]
    stories = _sheet(book, "Berättelser")
    assert [(r["Insatsområde"], r["Vad som har gjorts"]) for r in stories] == [
        (a["code"], a["narrative"]["done"] if a["narrative"] else None) for a in areas
    ]
    indicators = _sheet(book, "Indikatorer")
    linked = [(a["code"], i) for a in (*follow["targets"], *areas) for i in a["indicators"]]
    assert [(r["Kopplad till"], r["Kod"], r["År"], r["Senaste värde"]) for r in indicators] == [
        (code, i["code"], i["latest"]["period"], float(i["latest"]["value"])) for code, i in linked
    ]
    values = _sheet(book, "Indikatorvärden")
    assert [(r["Kod"], r["År"], r["Värde"]) for r in values] == [
        (i["code"], p["period"], float(p["value"])) for _code, i in linked for p in i["points"]
    ]
    perspectives = _sheet(book, "Perspektiv i planen")
    assert len(perspectives) == sum(
        len(p["goals"]) + len(p["activities"]) + len(p["questions"]) for p in follow["perspectives"]
    )


def test_the_follow_up_as_known_at_a_moment(container: Container) -> None:
    k = container
    world = world_with_follow_up(k)
    query = ReportQuery(2025, plan=str(world.plan))
    before = k.reports.compute(query)
    plain_then = k.reports.compute(ReportQuery(2025))
    # A recording time (the event store stamps events with the machine's clock).
    moment = datetime.now(UTC)
    time.sleep(0.01)

    narrate(k.app, world, 0, 2025, "api", done="Omskrivet")
    answer(k.app, world, 2025, "region-v", {"IO1-1": "ja"}, "email")
    indicator = k.indicators.id_by_code("LH-UNG")
    assert indicator is not None
    k.commands.run(
        i.RecordIndicatorValues(
            values=[{"indicator_id": indicator, "area": "17", "period": 2025, "value": "70"}]
        ),
        system(),
    )
    k.projector.catch_up()

    now = k.reports.compute(query)
    plain_now = k.reports.compute(ReportQuery(2025))
    io1 = now["follow_up"]["areas"][0]
    assert io1["narrative"]["done"] == "Omskrivet" and io1["narrative"]["revision"] == 2
    assert now["follow_up"]["response"]["answered"] == 3
    assert io1["indicators"][0]["trend"] == "down"

    then = k.reports.compute(query, as_of=moment)
    assert then["follow_up"] == before["follow_up"]
    changed = k.reports.diff(then, now)["follow_up"]
    assert {(x["part"], x["area"]) for x in changed} >= {
        ("narrative", "IO1"),
        ("indicators", "IO1"),
        ("survey", "IO1"),
        ("response", None),
    }
    assert "follow_up" not in k.reports.diff(plain_then, plain_now)
    assert then["source"]["as_of"] == moment.isoformat()
    # At the log position the live report was computed at: the same bytes.
    again = k.reports.compute(query, position=before["source"]["log_position"])
    assert again["report_sha256"] == before["report_sha256"]
