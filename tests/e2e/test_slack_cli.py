"""`samverka slack ...` end to end, against the fake Slack Web API."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import yaml

from tests.e2e.fake_slack import fake_slack
from tests.e2e.processes import samverka


def sv(db: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {
        **os.environ,
        "SAMVERKA_DATABASE_URL": db,
        "SAMVERKA_LOG_LEVEL": "warning",
        **(env or {}),
    }
    result = samverka(*args, env=full)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_link_sync_users_language_and_manifest(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/samverka.db"
    anna = json.loads(sv(db, "person", "add", "Anna Jonsson", "--email", "anna@example.se").stdout)[
        "id"
    ]
    bengt = json.loads(
        sv(db, "person", "add", "Bengt Stavenow", "--email", "bengt@example.se").stdout
    )["id"]
    linked = json.loads(sv(db, "slack", "link", bengt, "U0BENGT01").stdout)
    assert linked == {"person_id": bengt, "slack_user_id": "U0BENGT01"}
    with fake_slack() as fake:
        fake.add_user("U0ANNA001", "Anna@example.se")
        env = {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_API_URL": f"{fake.url}/api/"}
        synced = json.loads(sv(db, "slack", "sync-users", env=env).stdout)
        assert fake.of("users.lookupByEmail") == [{"email": "anna@example.se"}]
    assert synced["linked"] == [{"person_id": anna, "slack_user_id": "U0ANNA001"}]
    shown = json.loads(sv(db, "person", "list").stdout)
    people = shown["items"] if isinstance(shown, dict) else shown
    assert {p["name"]: p["slack_user_id"] for p in people} == {
        "Anna Jonsson": "U0ANNA001",
        "Bengt Stavenow": "U0BENGT01",
    }
    assert (
        json.loads(sv(db, "slack", "language", "en", "--user", "U0ANNA001").stdout)["language"]
        == "en"
    )
    manifest = yaml.safe_load(
        sv(db, "slack", "manifest", "--url", "https://samverka.region.se/").stdout
    )
    assert (
        manifest["settings"]["interactivity"]["request_url"]
        == "https://samverka.region.se/slack/events"
    )
    assert manifest["features"]["slash_commands"][0]["command"] == "/samverka"
    assert {s["callback_id"] for s in manifest["features"]["shortcuts"]} == {
        "save_as_note",
        "save_as_decision",
    }
    assert "users:read.email" in manifest["oauth_config"]["scopes"]["bot"]


def test_links_unlink_and_sync_users_trusting_only_confirmed_addresses(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/samverka.db"

    def add(name: str, email: str) -> str:
        return str(json.loads(sv(db, "person", "add", name, "--email", email).stdout)["id"])

    anna, bengt, cecilia = (
        add("Anna Jonsson", "anna@example.se"),
        add("Bengt Stavenow", "bengt@example.se"),
        add("Cecilia Ek", "cecilia@example.se"),
    )
    sv(db, "slack", "link", bengt, "U0BENGT01")
    with fake_slack() as fake:
        fake.add_user("U0ANNA001", "anna@example.se")
        fake.add_user("U0CECILIA", "cecilia@example.se", confirmed=False)
        env = {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_API_URL": f"{fake.url}/api/"}
        synced = json.loads(sv(db, "slack", "sync-users", env=env).stdout)
    assert synced["linked"] == [{"person_id": anna, "slack_user_id": "U0ANNA001"}]
    assert synced["not_confirmed"] == [cecilia] and synced["refused"] == []

    links = json.loads(sv(db, "slack", "links").stdout)
    assert [(r["name"], r["slack_user_id"], r["channel"]) for r in links] == [
        ("Anna Jonsson", "U0ANNA001", "cli"),
        ("Bengt Stavenow", "U0BENGT01", "cli"),
    ]
    assert all(r["linked_at"] and r["linked_by"] == "system" for r in links)

    unlinked = json.loads(sv(db, "slack", "unlink", anna).stdout)
    assert unlinked == {"person_id": anna, "slack_user_id": None}
    assert [r["name"] for r in json.loads(sv(db, "slack", "links").stdout)] == ["Bengt Stavenow"]
    # sync-users matches by e-mail too: it does not undo what an administrator did.
    with fake_slack() as fake:
        fake.add_user("U0ANNA001", "anna@example.se")
        env = {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_API_URL": f"{fake.url}/api/"}
        synced = json.loads(sv(db, "slack", "sync-users", env=env).stdout)
    assert synced["linked"] == [] and synced["refused"] == [anna]
    audit = sv(db, "export", "audit").stdout
    assert "tog bort kopplingen mellan Anna Jonsson och Slack" in audit
