"""`samverka teams ...` end to end: explicit links between people and Teams users."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
