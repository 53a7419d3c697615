"""The multi-process layout of compose.yaml: init, API workers without a
projector, a projector process and a scheduler process on one PostgreSQL."""

from __future__ import annotations

import subprocess

import httpx
import pytest

from domain.access import ApiRole
from samverka.bootstrap import bootstrap
from samverka.settings import Settings
from tests.e2e.processes import SCRIPT, Service, env_for, samverka, start_projector
from tests.e2e.server import issue_token

pytestmark = pytest.mark.slow


def test_separate_processes_serve_commands_and_read_your_writes(pg_schema_url: str) -> None:
    # Its line is checked in English.
    init = samverka("init", env=env_for(pg_schema_url, SAMVERKA_LANG="en"), timeout=60)
    assert init.returncode == 0 and "ready: 0 events" in init.stderr
    k = bootstrap(Settings(database_url=pg_schema_url))
    _, token = issue_token(k, "Samverka admin", ApiRole.ADMIN)
    k.close()
    projector = start_projector(pg_schema_url)
    scheduler = subprocess.Popen(
        [SCRIPT, "scheduler"],
        env=env_for(pg_schema_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    api = Service(pg_schema_url, SAMVERKA_RUN_PROJECTOR="false", SAMVERKA_RUN_SCHEDULER="false")
    try:
        with httpx.Client(
            base_url=api.base, headers={"Authorization": f"Bearer {token}"}, timeout=30
        ) as http:
            arena = http.post(
                "/api/v1/arenas", json={"code": "2.7", "name": "Hälsofrämjande digitalt liv"}
            )
            # The answer already shows the arena: the API waited for the projector process.
            assert arena.status_code == 201 and arena.json()["code"] == "2.7"
            created = http.post(
                "/api/v1/initiatives",
                json={
                    "arena_id": arena.json()["id"],
                    "code": "2.7.2",
                    "title": "Löpande samordning",
                },
            )
            assert created.status_code == 201 and created.json()["status"] == "proposed"
            changed = http.post(
                f"/api/v1/initiatives/{created.json()['id']}/status", json={"status": "active"}
            )
            assert changed.status_code == 200 and changed.json()["status"] == "active"
            assert http.get("/readyz").json()["lag"] == 0
    finally:
        api.stop()
        for process in (projector, scheduler):
            process.terminate()
            process.wait(30)
    assert scheduler.returncode is not None and projector.returncode is not None


def test_every_role_in_compose_is_a_samverka_command() -> None:
    """compose.yaml cannot be run here (no Docker); its commands can be checked."""
    from pathlib import Path

    import yaml

    compose = yaml.safe_load((Path(__file__).parents[2] / "compose.yaml").read_text())
    commands = {
        name: service["command"]
        for name, service in compose["services"].items()
        if "command" in service
    }
    assert {"init", "api", "projector", "scheduler", "mail"} <= commands.keys()
    for name, command in commands.items():
        flags = [part for part in command if part.startswith("--")]
        words = [part for part in command if not part.startswith("-") and not part.isdigit()]
        shown = samverka(*words, "--help", timeout=60)
        assert shown.returncode == 0, (name, shown.stderr)
        assert all(flag in shown.stdout for flag in flags), (name, flags)
