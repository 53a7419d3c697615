"""Backup and restore: the restored log verifies and replays to the same state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_cli import sv

pytestmark = pytest.mark.slow


def state_without_position(database_url: str) -> dict[str, object]:
    document = json.loads(sv(database_url, "export", "state").stdout)
    document.pop("position")
    return document


@pytest.mark.parametrize("target", ["sqlite", "postgres"])
def test_backup_restores_to_a_verified_log_with_the_same_state(
    database_url: str, target: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    sv(database_url, "demo", "load", "--tokens", str(tmp_path))
    people = json.loads(sv(database_url, "person", "list").stdout)
    forgotten = next(p["id"] for p in people if p["name"] == "Nicolas Fälth")
    sv(database_url, "person", "forget", forgotten)
    digest = json.loads(sv(database_url, "audit", "digest").stdout)["digest"]
    before = state_without_position(database_url)

    backup = tmp_path / "samverka.backup.gz"
    summary = json.loads(sv(database_url, "backup", "--out", str(backup)).stdout)
    assert summary["head"] == digest and summary["events"] > 100

    target_url = (
        f"sqlite:///{tmp_path}/restored.db"
        if target == "sqlite"
        else request.getfixturevalue("other_pg_schema_url")
    )
    restored = json.loads(sv(target_url, "restore", "--from", str(backup)).stdout)
    assert restored == {
        "events": summary["events"],
        "keys": summary["keys"],
        "head": digest,
        "verified": True,
    }
    verified = sv(target_url, "audit", "verify", "--digest", digest, lang="en")
    assert verified.returncode == 0 and f"head {digest}" in verified.stderr

    after = state_without_position(target_url)
    assert after == before
    names = {p["name"] for p in after["persons"]}  # type: ignore[index]
    assert (
        "Nicolas Fälth" not in names and "[borttagen person]" in names and "Anna Jonsson" in names
    )

    again = sv(target_url, "restore", "--from", str(backup), check=False, lang="en")
    assert again.returncode == 2 and "already has events" in again.stderr


def test_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gz"
    broken.write_bytes(b"not a backup")
    result = sv(
        f"sqlite:///{tmp_path}/x.db", "restore", "--from", str(broken), check=False, lang="en"
    )
    assert result.returncode == 2 and "not a readable Samverka backup" in result.stderr
