"""The console script end to end, as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.e2e.processes import samverka


def sv(
    database_url: str,
    *args: str,
    cwd: Path | None = None,
    check: bool = True,
    lang: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`samverka ARGS`; `lang` pins the language of its messages (`--lang`)."""
    env = {**os.environ, "SAMVERKA_DATABASE_URL": database_url, "SAMVERKA_LOG_LEVEL": "warning"}
    pinned = ["--lang", lang] if lang else []
    result = samverka(*pinned, *args, env=env, cwd=cwd)
    if check and result.returncode != 0:
        raise AssertionError(f"samverka {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.mark.slow
def test_demo_export_replay_and_time_travel(database_url: str, tmp_path: Path) -> None:
    first = sv(database_url, "demo", "load", "--tokens", str(tmp_path), cwd=tmp_path, lang="en")
    assert "initiatives" in first.stderr
    again = sv(database_url, "demo", "load", "--tokens", str(tmp_path), cwd=tmp_path, lang="en")
    assert "(0 new commands)" in again.stderr
    assert (tmp_path / "demo-token-admin").read_text().strip()

    state = sv(database_url, "export", "state").stdout
    assert sv(database_url, "export", "state").stdout == state  # deterministic
    document = json.loads(state)
    codes = {a["code"]: [i["code"] for i in a["initiatives"]] for a in document["arenas"]}
    assert codes["2.7"] == ["2.7.1", "2.7.2", "2.7.3", "2.7.4"]
    assert {d["decision_date"] for d in document["decisions"]} >= {"2020-12-18", "2024-01-12"}
    i272 = next(i for i in document["arenas"][0]["initiatives"] if i["code"] == "2.7.2")
    assert [m["due_text"] for m in i272["milestones"]] == [
        "September?",
        "Oktober?",
        "Efter första mötet genomfört",
    ]

    # --as-of is a recording time: the event store stamps events with the
    # machine's clock, so the moment is read from it (no date matters).
    moment = datetime.now().astimezone().isoformat()
    time.sleep(0.05)
    sv(database_url, "initiative", "status", "2.7.3", "active", "--reason", "Inera har svarat")
    now = json.loads(sv(database_url, "export", "state").stdout)
    then = json.loads(sv(database_url, "export", "state", "--as-of", moment).stdout)

    def status(doc: dict[str, object], code: str) -> str:
        return next(
            i["status"] for a in doc["arenas"] for i in a["initiatives"] if i["code"] == code
        )  # type: ignore[attr-defined, index]

    assert (status(then, "2.7.3"), status(now, "2.7.3")) == ("proposed", "active")
    then.pop("as_of"), then.pop("position"), document.pop("as_of"), document.pop("position")
    assert then == document

    replayed = sv(database_url, "replay", lang="en")
    assert "rebuilt the projections" in replayed.stderr
    assert json.loads(sv(database_url, "export", "state").stdout) == now


@pytest.mark.slow
def test_audit_export_and_tokens(database_url: str, tmp_path: Path) -> None:
    sv(database_url, "demo", "load", "--tokens", str(tmp_path))
    person = json.loads(
        sv(database_url, "person", "add", "Jessica Dagman", "--organisation", "RISE").stdout
    )["id"]
    token = sv(
        database_url, "token", "create", "--person", person, "--role", "auditor"
    ).stdout.strip()
    assert len(token) >= 40
    lines = sv(database_url, "export", "audit", "--format", "jsonl").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["position"] for r in rows] == sorted(r["position"] for r in rows)
    assert any(r["summary"] == "Anna Jonsson ändrade status för 2.7.4 till Pågår" for r in rows)
    assert rows[-1]["event_type"] == "Issued" and rows[-1]["channel"] == "cli"
    table = list(
        csv.DictReader(io.StringIO(sv(database_url, "export", "audit", "--format", "csv").stdout))
    )
    assert len(table) == len(rows)
    assert table[0].keys() >= {"position", "recorded_at", "actor_name", "channel", "summary"}
    bad = sv(
        database_url,
        "token",
        "create",
        "--person",
        person,
        "--role",
        "king",
        check=False,
        lang="en",
    )
    assert bad.returncode == 2 and "bad value" in bad.stderr


def test_audit_csv_keeps_text_that_looks_like_a_formula_as_text(database_url: str) -> None:
    person = json.loads(sv(database_url, "person", "add", "=1+1", "--organisation", "@x").stdout)
    sv(database_url, "--actor", person["id"], "arena", "create", "9.9", "--", "-Arenan")
    out = sv(database_url, "export", "audit", "--format", "csv").stdout
    head, registered, created = csv.reader(io.StringIO(out))
    assert registered[head.index("summary")] == "Samverka registrerade =1+1"  # not at the start
    assert created[head.index("actor_name")] == "'=1+1"
    assert created[head.index("summary")] == "'=1+1 skapade delarena 9.9 -Arenan"
    assert (created[head.index("position")], created[head.index("aggregate_version")]) == ("2", "1")


def test_every_command_has_help() -> None:
    for args in [
        [],
        ["serve"],
        ["demo", "load"],
        ["replay"],
        ["export", "state"],
        ["export", "audit"],
        ["token", "create"],
        ["projector"],
        ["initiative", "create"],
    ]:
        result = samverka(*args, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout, args


def test_bad_database_url_is_a_clear_error(tmp_path: Path) -> None:
    result = sv("mysql://x@y/z", "export", "state", check=False)
    assert result.returncode == 2
    assert "unsupported database" in result.stderr


def test_a_value_over_a_command_limit_names_the_option(database_url: str) -> None:
    sv(database_url, "init")
    long = sv(
        database_url, "arena", "create", "9.9", "Arena", "--description", "x" * 10_001, check=False
    )
    assert long.returncode == 2
    error = json.loads(long.stderr[long.stderr.index("{") :])
    assert error["field"] == "description"
    assert error["parameter"] == "--description"
    assert "10000" in error["detail"]
    spaced = sv(database_url, "arena", "create", "9 9", "Arena", check=False)
    assert json.loads(spaced.stderr[spaced.stderr.index("{") :])["parameter"] == "CODE"
