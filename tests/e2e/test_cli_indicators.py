"""`samverka indicator` as a user runs it, on SQLite and PostgreSQL: define
one, import the template as Excel, a Kolada CSV with bad rows refused with
its line numbers in Swedish (exit 1, nothing recorded), a revision seen in
the history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.e2e.test_cli import sv


@pytest.mark.slow
def test_import_from_the_command_line(database_url: str, tmp_path: Path) -> None:
    made = sv(
        database_url,
        "indicator",
        "new",
        "N60020",
        "Suicid per 100 000 invånare",
        "--source",
        "Socialstyrelsen",
        "--unit",
        "per 100 000 invånare",
    )
    assert json.loads(made.stdout)["version"] == 1
    assert sv(database_url, "indicator", "template").stdout.strip() == (
        "indikator;område;år;kön;ålder;värde"
    )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ("område", "år", "kön", "värde"),
        ("17", 2022, "T", 13.0),
        ("1780", 2022, "K", 9.5),
    ):
        sheet.append(row)
    excel = tmp_path / "mall.xlsx"
    book.save(excel)
    done = sv(database_url, "indicator", "import", str(excel), "--indicator", "N60020")
    assert json.loads(done.stdout)["values"] == 2

    bad = tmp_path / "kolada.csv"
    bad.write_text(
        "kpi;municipality;period;gender;value\nN60020;0017;2023;T;12,1\nN60020;17;2023;T;x\n",
        encoding="utf-8",
    )
    refused = sv(database_url, "indicator", "import", str(bad), check=False, lang="sv")
    assert refused.returncode == 1
    assert "Rad 3: 'x' är inget tal" in refused.stderr
    assert "Rad 2" not in refused.stderr

    revised = tmp_path / "rev.csv"
    revised.write_text("kpi,municipality,period,gender,value\nN60020,0017,2022,T,13.4\n")
    sv(database_url, "indicator", "import", str(revised))
    shown = json.loads(
        sv(database_url, "indicator", "show", "N60020", "--area", "17", "--history").stdout
    )
    assert [p["value"] for p in shown["series"]["points"]] == ["13.4"]
    assert [(h["value"], h["previous"]) for h in shown["history"]] == [("13.4", "13"), ("13", None)]
