"""Two `samverka scheduler` processes on one PostgreSQL database, for a bounded time.

Each reminder is sent exactly once; when the leader is killed, the other
process takes over and sends what comes due after.
"""

from __future__ import annotations

import email
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.policy import default
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

import pytest

from domain import commands as c
from domain.meetings import commands as m
from samverka.bootstrap import bootstrap
from samverka.settings import Settings
from tests.integration.scenario import meta

SCRIPT = str(Path(sys.executable).with_name("samverka"))
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _seed(url: str, now: datetime) -> tuple[float, list[str], list[str]]:
    """Three weekly series whose reminders fall 12 s from now; two rounds opening later.

    The scheduler processes read the machine's clock, so this world is built on
    it too, in a shape no date changes: the series keep their meetings on
    holidays (the first is in three minutes, even on juldagen), the rounds
    open in seconds and are due in two days."""
    k = bootstrap(Settings(database_url=url))
    try:
        app = k.app
        people = [
            app.execute(
                c.RegisterPerson(name=f"Person {n}", email=f"p{n}@example.se"), meta()
            ).aggregate_id
            for n in range(4)
        ]
        arena = app.execute(
            c.CreateArena(code="2.7", name="Hälsofrämjande digitalt liv"), meta()
        ).aggregate_id
        start = (now + timedelta(minutes=3)).astimezone(STOCKHOLM).replace(second=0, microsecond=0)
        reminders = []
        for n in range(3):
            series = app.execute(
                m.ScheduleSeries(
                    title=f"Samordningsmöte {n}",
                    moderator_id=people[n],
                    invitees=people,
                    arena_id=arena,
                    starts_on=start.date(),
                    weekday=start.weekday(),
                    start_time=start.strftime("%H:%M"),
                    interval_weeks=1,
                    evaluate_after=None,
                    status_round_days=None,
                    holiday_policy="keep",
                ),
                meta(),
            ).aggregate_id
            reminders.append(f"meeting:{series}:{start.date().isoformat()}:remind")
        notices = []
        for n, delay in enumerate((25, 30)):
            checkin = app.execute(
                _round(n, people, now + timedelta(seconds=delay), now + timedelta(days=2)),
                meta(),
            ).aggregate_id
            notices.append(f"round:{checkin}:notice")
        lead = (start - now).total_seconds() - 12
        return lead, reminders, notices
    finally:
        k.close()


def _round(n: int, people: list[object], opens: datetime, due: datetime) -> m.OpenCheckInRound:
    from domain.handlers.checkins import status_questions

    return m.OpenCheckInRound(
        title=f"Incheckning {n}",
        audience_kind="persons",
        person_ids=people,  # type: ignore[arg-type]
        questions=status_questions(),
        opens_at=opens,
        due_at=due,
    )


def _start(url: str, outbox: Path, lead: float, log: IO[str]) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "SAMVERKA_DATABASE_URL": url,
        "SAMVERKA_OUTBOX_DIR": str(outbox),
        "SAMVERKA_LOG_FORMAT": "json",
        "SAMVERKA_LOG_LEVEL": "info",
        "SAMVERKA_SCHEDULER_REMINDER_LEAD": str(lead),
        "SAMVERKA_SCHEDULER_LEADER_POLL": "0.3",
        "SAMVERKA_SCHEDULER_DISPATCH_INTERVAL": "0.3",
        "SAMVERKA_SCHEDULER_SYNC_INTERVAL": "1",
    }
    return subprocess.Popen(
        [SCRIPT, "scheduler"], env=env, stdout=log, stderr=log, text=True, start_new_session=True
    )


def _events(path: Path, name: str) -> list[dict[str, object]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            if record.get("event") == name:
                found.append(record)
    return found


def _outbox_keys(outbox: Path) -> list[str]:
    """Keys of what was written: JSON lines, and e-mail (.eml, one per key and person,
    counted once per key)."""
    path = outbox / "outbox.jsonl"
    keys = []
    if path.exists():
        lines = path.read_text(encoding="utf-8").splitlines()
        keys += [json.loads(line)["key"] for line in lines if line]
    mailed = {
        str(email.message_from_bytes(eml.read_bytes(), policy=default)["X-Samverka-Key"]).strip()
        for eml in (outbox / "mail").glob("*.eml")
    }
    return keys + sorted(mailed)


def _wait(predicate: Callable[[], bool], until: float) -> bool:
    while time.monotonic() < until:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


@pytest.mark.slow
@pytest.mark.postgres
def test_two_schedulers_send_each_reminder_once_and_take_over(
    pg_schema_url: str, tmp_path: Path
) -> None:
    now = datetime.now(UTC)  # the processes' clock (see _seed)
    t0 = time.monotonic()
    lead, reminders, notices = _seed(pg_schema_url, now)
    outbox = tmp_path / "outbox"
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    with logs[0].open("w") as log_a, logs[1].open("w") as log_b:
        a = _start(pg_schema_url, outbox, lead, log_a)
        b: subprocess.Popen[str] | None = None
        try:
            assert _wait(lambda: bool(_events(logs[0], "scheduler.leading")), t0 + 10), logs[
                0
            ].read_text()
            b = _start(pg_schema_url, outbox, lead, log_b)
            assert _wait(lambda: set(reminders) <= set(_outbox_keys(outbox)), t0 + 40), (
                _outbox_keys(outbox)
            )
            assert not _events(logs[1], "scheduler.leading")  # b waited
            os.killpg(a.pid, signal.SIGKILL)  # the leader dies hard
            a.wait(10)
            assert _wait(lambda: set(notices) <= set(_outbox_keys(outbox)), t0 + 70), _outbox_keys(
                outbox
            )
            assert _events(logs[1], "scheduler.leading")
        finally:
            for process in (a, b):
                if process is not None and process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(20)
    written = Counter(_outbox_keys(outbox))
    assert {key: n for key, n in written.items() if n != 1} == {}
    sent = Counter(
        str(e["key"])
        for path in logs
        for name in ("notify.sent", "mail.sent")
        for e in _events(path, name)
    )
    for key in [*reminders, *notices]:
        assert sent[key] == 1, key
    by_a = {str(e["key"]) for n in ("notify.sent", "mail.sent") for e in _events(logs[0], n)}
    by_b = {str(e["key"]) for n in ("notify.sent", "mail.sent") for e in _events(logs[1], n)}
    assert set(reminders) <= by_a
    assert set(notices) <= by_b
