"""The fund, report, audit and person-forget commands as a user runs them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.test_cli import sv


@pytest.mark.slow
def test_report_diff_verify_and_forget_from_the_command_line(
    database_url: str, tmp_path: Path
) -> None:
    sv(database_url, "demo", "load", "--tokens", str(tmp_path), cwd=tmp_path)
    (submission,) = json.loads(sv(database_url, "report", "submissions").stdout)
    assert (submission["year"], submission["submitted_on"]) == (2021, "2022-01-31")
    diff = json.loads(sv(database_url, "report", "diff", "--submission", submission["id"]).stdout)
    assert diff["reproduced"] is True
    assert [(x["voucher"], x["amount"]) for x in diff["added_lines"]] == [
        ("VER-2021-SAMS-02", 15_000_000)
    ]

    out = tmp_path / "aterrapportering-2021.xlsx"
    done = sv(
        database_url, "report", "funds", "--year", "2021", "--format", "xlsx", "--out", str(out)
    )
    assert "sha256" in done.stderr
    report = json.loads(sv(database_url, "report", "funds", "--year", "2021").stdout)
    assert report["totals"]["granted"] == 900_000_000  # half of Dalarna's 18 mnkr for 2021
    rows = list(load_workbook(out)["Sammanställning"].iter_rows(values_only=True))
    assert round(rows[-1][2] * 100) == report["totals"]["granted"]
    then = json.loads(
        sv(
            database_url,
            "report",
            "funds",
            "--year",
            "2021",
            "--position",
            str(submission["log_position"]),
        ).stdout
    )
    assert then["report_sha256"] == submission["report_sha256"]

    digest = json.loads(sv(database_url, "audit", "digest").stdout)["digest"]
    person = json.loads(sv(database_url, "person", "list").stdout)[0]
    record = json.loads(sv(database_url, "person", "record", person["id"]).stdout)
    assert record["person"]["name"] == person["name"]
    assert record["person_events"][0]["name"] == person["name"]
    forgotten = json.loads(sv(database_url, "person", "forget", person["id"]).stdout)
    assert forgotten["forgotten"] is True
    record = json.loads(sv(database_url, "person", "record", person["id"]).stdout)
    assert {e["name"] for e in record["person_events"] if "name" in e} == {"[borttagen person]"}
    names = {p["name"] for p in json.loads(sv(database_url, "person", "list").stdout)}
    assert person["name"] not in names and "[borttagen person]" in names
    verified = sv(database_url, "audit", "verify", "--digest", digest)
    assert json.loads(verified.stdout)["ok"] is True
    sv(database_url, "replay")
    assert (
        json.loads(sv(database_url, "report", "funds", "--year", "2021").stdout)["totals"]
        == report["totals"]
    )

    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
            conn.execute("DELETE FROM stored_events WHERE rowid = 42")
        tampered = sv(database_url, "audit", "verify", "--digest", digest, check=False, lang="en")
        assert tampered.returncode == 1
        assert "first bad position 42" in tampered.stderr
