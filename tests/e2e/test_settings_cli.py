"""An invalid setting stops the command with one line naming the variable."""

from __future__ import annotations

import os
from pathlib import Path

from tests.e2e.processes import samverka


def test_an_invalid_variable_is_named_and_nothing_is_made(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SAMVERKA_DATABASE_URL": f"sqlite:///{tmp_path}/s.db",
        "SAMVERKA_SCHEDULER_REMINDER_LEAD": "a day",
        "SAMVERKA_LANG": "en",  # the line is pinned in English; Swedish says "fel: ..."
    }
    result = samverka("init", env=env)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "error: SAMVERKA_SCHEDULER_REMINDER_LEAD: Input should be a valid number, "
        "unable to parse string as a number, not 'a day'"
    ]
    assert list(tmp_path.iterdir()) == []


def test_the_line_is_swedish_unless_told_otherwise(tmp_path: Path) -> None:
    chosen = ("SAMVERKA_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")
    env = {k: v for k, v in os.environ.items() if k not in chosen} | {
        "LANG": "C.UTF-8",
        "SAMVERKA_DATABASE_URL": f"sqlite:///{tmp_path}/s.db",
        "SAMVERKA_SCHEDULER_REMINDER_LEAD": "a day",
    }
    result = samverka("init", env=env)
    assert result.returncode != 0 and list(tmp_path.iterdir()) == []
    assert result.stderr.strip().splitlines() == [
        "fel: SAMVERKA_SCHEDULER_REMINDER_LEAD: Värdet ska vara ett tal, "
        "texten gick inte att tolka som ett tal, inte 'a day'"
    ]
