"""`samverka teams ...` end to end: explicit links between people and Teams users."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

from services.chat_commands import parse_command
from tests.adaptive_cards import assert_valid_localization, assert_valid_manifest

SCRIPT = str(Path(sys.executable).with_name("samverka"))
AAD = "5F2D4A1B-0000-4000-8000-00000000BEEF"


def sv(db: str, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SAMVERKA_DATABASE_URL": db,
        "SAMVERKA_LOG_LEVEL": "warning",
        "SAMVERKA_LANG": "en",
    }
    result = subprocess.run(
        [SCRIPT, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == code, result.stdout + result.stderr
    return result


def test_link_links_and_unlink(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/samverka.db"
    added = sv(db, "person", "add", "Bengt Stavenow", "--email", "bengt@example.se")
    bengt = json.loads(added.stdout)["id"]
    linked = json.loads(sv(db, "teams", "link", bengt, AAD).stdout)
    # Kept as Teams sends it: lower case.
    assert linked == {"person_id": bengt, "aad_object_id": AAD.lower()}
    [row] = json.loads(sv(db, "teams", "links").stdout)
    assert (row["person_id"], row["aad_object_id"], row["how"]) == (bengt, AAD.lower(), "cli")
    assert json.loads(sv(db, "teams", "unlink", AAD).stdout)["unlinked"] is True
    assert json.loads(sv(db, "teams", "links").stdout) == []


def test_link_refuses_what_is_not_an_object_id_or_a_person(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/samverka.db"
    bengt = json.loads(sv(db, "person", "add", "Bengt Stavenow").stdout)["id"]
    refused = sv(db, "teams", "link", bengt, "not-a-guid", code=2)
    assert "object id" in refused.stderr
    other = "00000000-0000-4000-8000-000000000000"
    assert "person" in sv(db, "teams", "link", other, AAD, code=2).stderr
    assert json.loads(sv(db, "teams", "links").stdout) == []


def test_manifest_writes_the_app_package(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/samverka.db"
    out = tmp_path / "samverka-teams.zip"
    app_id = "00000000-0000-4000-8000-0000000b0701"
    args = ("teams", "manifest", "--url", "https://samverka.region.se/", "--out", str(out))
    written = json.loads(sv(db, *args, "--app-id", app_id).stdout)
    assert written == {"written": str(out), "app_id": app_id}
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == [
            "color.png",
            "en-us.json",
            "manifest.json",
            "outline.png",
        ]
        manifest = json.loads(package.read("manifest.json"))
        english = json.loads(package.read("en-us.json"))
        color, outline = package.read("color.png"), package.read("outline.png")
    assert manifest["id"] == manifest["bots"][0]["botId"] == app_id
    assert manifest["validDomains"] == ["samverka.region.se"]
    assert manifest["localizationInfo"]["defaultLanguageTag"] == "sv-se"
    commands = manifest["bots"][0]["commandLists"][0]["commands"]
    assert [c["title"] for c in commands] == [
        "status",
        "incheckning",
        "beslut",
        "anteckning",
        "dagordning",
        "möten",
        "språk",
        "hjälp",
    ]
    assert commands[0]["description"] == "Dina initiativ och hur de mår"
    assert english["bots[0].commandLists[0].commands[1].title"] == "checkin"
    # A list per scope (at most ten each): the members' in personal and
    # group chats, the moderators' (with möten and hjälp) in team channels.
    lists = manifest["bots"][0]["commandLists"]
    assert [x["scopes"] for x in lists] == [["personal"], ["team"], ["groupChat"]]
    assert lists[2]["commands"] == commands
    in_team = [c["title"] for c in lists[1]["commands"]]
    assert in_team == [
        "möte ny",
        "möte bjud in",
        "möte flytta",
        "möte ställ in",
        "möte avsluta",
        "närvaro",
        "stäng mötet",
        "utvärdering",
        "möten",
        "hjälp",
    ]
    listed = {c["title"] for x in lists for c in x["commands"]}
    assert len(listed) == 16  # every command somewhere
    for title in listed:  # and each one the door reads as a command
        assert parse_command(title).name not in ("unknown", "help") or title == "hjälp"
    assert english["bots[0].commandLists[1].commands[0].title"] == "meeting new"
    assert english["bots[0].commandLists[1].commands[6].title"] == "close meeting"
    assert lists[1]["commands"][0]["description"] == "Schemalägg en ny mötesserie"
    for key in english:
        if key.endswith(".title") and key.startswith("bots[0]"):
            assert parse_command(english[key]).name != "unknown", english[key]
    assert english["description.short"].startswith("Check-ins")
    actions = manifest["composeExtensions"][0]["commands"]
    assert [(a["id"], a["title"], a["context"]) for a in actions] == [
        ("saveNote", "Spara som mötesanteckning", ["message"]),
        ("saveDecision", "Spara som beslut", ["message"]),
    ]
    assert english["composeExtensions[0].commands[0].title"] == "Save as meeting note"
    assert english["composeExtensions[0].commands[1].title"] == "Save as decision"
    # Both as Teams reads them: its published schemas for manifest version 1.17.
    assert manifest["manifestVersion"] == "1.17"
    assert_valid_manifest(manifest)
    assert_valid_localization(english)
    # PNG, 192 and 32 pixels square (IHDR's width and height).
    for png, size in ((color, 192), (outline, 32)):
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (size, size)


def test_manifest_needs_an_app_id_and_https(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/samverka.db"
    assert "APP_ID" in sv(db, "teams", "manifest", "--url", "https://h.se", code=2).stderr
    plain = sv(db, "teams", "manifest", "--url", "http://h.se", "--app-id", "x", code=2)
    assert "https://" in plain.stderr


def test_a_series_is_linked_to_a_teams_channel_and_unlinked(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/samverka.db"
    bengt = json.loads(sv(db, "person", "add", "Bengt Stavenow").stdout)["id"]
    arena = json.loads(sv(db, "arena", "create", "2.7", "Hälsofrämjande liv").stdout)["id"]
    series = json.loads(
        sv(
            db,
            "meetings",
            "schedule",
            "Öppet samordningsmöte",
            "--arena",
            arena,
            "--moderator",
            bengt,
            "--starts-on",
            "2027-01-12",
            "--weekday",
            "tisdag",
        ).stdout
    )["id"]
    channel = "19:abc123@thread.tacv2"
    sv(db, "teams", "link-channel", series, f"{channel};messageid=1768216200000")
    shown = json.loads(sv(db, "meetings", "series-show", series).stdout)
    assert shown["teams_channel"] == channel
    refused = sv(db, "teams", "link-channel", series, "#allmänt", code=2)
    assert "19:" in refused.stderr
    sv(db, "teams", "unlink-channel", series)
    assert json.loads(sv(db, "meetings", "series-show", series).stdout)["teams_channel"] == ""
    assert json.loads(sv(db, "teams", "channels").stdout) == []
