"""`samverka demo load`: the seed documents' world, loaded idempotently.

Every command carries a fixed `source_id` ("demo:..."), so loading twice
records nothing new and returns the ids from the first time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

import structlog

from domain import commands as c
from domain.access import ApiRole, hash_token, new_token
from domain.commands import Command
from domain.due import parse_due
from domain.meta import SYSTEM_ACTOR, Channel, make_meta
from domain.values import Health, Status
from projections.plan import tokens as token_reads
from samverka import demo_data as d
from samverka.bootstrap import Container
from samverka.demo_meetings import load_meetings
from services.application import Samverka

log = structlog.get_logger(__name__)
PLAN_YEAR = 2020  # the 2.7 work plan (v2.0) is from September 2020


@dataclass
class Loaded:
    persons: dict[str, UUID] = field(default_factory=dict)
    arenas: dict[str, UUID] = field(default_factory=dict)
    initiatives: dict[str, UUID] = field(default_factory=dict)
    decisions: dict[str, UUID] = field(default_factory=dict)
    series: dict[str, UUID] = field(default_factory=dict)
    new_events: int = 0


class DemoLoader:
    def __init__(self, app: Samverka) -> None:
        self.app = app
        self.loaded = Loaded()

    def _do(self, key: str, command: Command, actor: str = SYSTEM_ACTOR) -> UUID:
        meta = make_meta(actor=actor, channel=Channel.CLI, source_id=f"demo:{key}")
        result = self.app.execute(command, meta)
        if not result.replayed and result.position is not None:
            self.loaded.new_events += 1
        return result.aggregate_id

    def load(self) -> Loaded:
        self._persons()
        self._arenas()
        self._initiatives()
        self._decisions()
        self._history()
        self.loaded.series["272"] = load_meetings(self)
        return self.loaded

    def _persons(self) -> None:
        for key, name, org in d.PERSONS_27 + d.PERSONS_SK + d.PERSONS_DEMO:
            command = c.RegisterPerson(name=name, email=d.email_of(name), organisation=org)
            self.loaded.persons[key] = self._do(f"person:{key}", command)

    def _arenas(self) -> None:
        for arena in d.ARENAS:
            command = c.CreateArena(
                code=arena["code"],
                name=arena["name"],
                kind=arena["kind"],
                description=arena["description"],
            )
            arena_id = self._do(f"arena:{arena['key']}", command)
            self.loaded.arenas[arena["key"]] = arena_id
            for person, role in arena["members"].items():
                member = c.AddMember(
                    arena_id=arena_id, person_id=self.loaded.persons[person], role=role
                )
                self._do(f"member:{arena['key']}:{person}", member)

    def _initiatives(self) -> None:
        for spec in d.INITIATIVES:
            key = spec["key"]
            command = c.CreateInitiative(
                arena_id=self.loaded.arenas[spec["arena"]],
                code=spec["code"],
                title=spec["title"],
                background=spec["background"],
                goal=spec["goal"],
                objectives=spec["objectives"],
                perspectives=spec["perspectives"],
                status=spec["status"],
            )
            initiative_id = self._do(f"initiative:{key}", command)
            self.loaded.initiatives[key] = initiative_id
            for person, role in spec["participants"].items():
                participant = c.AddParticipant(
                    initiative_id=initiative_id, person_id=self.loaded.persons[person], role=role
                )
                self._do(f"participant:{key}:{person}", participant)
            for n, (title, due) in enumerate(spec["milestones"]):
                milestone = c.AddMilestone(
                    initiative_id=initiative_id,
                    title=title,
                    due=parse_due(due, default_year=PLAN_YEAR),
                )
                self._do(f"milestone:{key}:{n}", milestone)
            for n, (title, url) in enumerate(spec["links"]):
                link = c.AddLink(initiative_id=initiative_id, title=title, url=url)
                self._do(f"link:{key}:{n}", link)

    def _decisions(self) -> None:
        for spec in d.DECISIONS:
            command = c.RecordDecision(
                text=spec["text"],
                decision_date=date.fromisoformat(spec["date"]),
                rationale=spec["rationale"],
                decided_by_body=spec["by"],
                review_date=date.fromisoformat(spec["review"]) if spec.get("review") else None,
                arena_id=self.loaded.arenas[spec["arena"]],
                initiative_ids=[self.loaded.initiatives[k] for k in spec["initiatives"]],
            )
            self.loaded.decisions[spec["key"]] = self._do(f"decision:{spec['key']}", command)

    def _history(self) -> None:
        for n, (initiative, actor, kind, value, comment) in enumerate(d.HISTORY):
            initiative_id = self.loaded.initiatives[initiative]
            command: Command
            if kind == "status":
                command = c.ChangeInitiativeStatus(
                    initiative_id=initiative_id, status=Status(value), reason=comment
                )
            else:
                command = c.ReportHealth(
                    initiative_id=initiative_id, health=Health(value), comment=comment
                )
            self._do(f"history:{n}", command, actor=str(self.loaded.persons[actor]))


def load_everything(k: Container) -> Loaded:
    """The seed documents' world: the plan of arenas and initiatives, the
    meetings, Dalarna's fund ledger and Värmland's regional plan."""
    from samverka.demo_funds import FundDemo
    from samverka.demo_indicators import IndicatorDemo
    from samverka.demo_plan import PlanDemo

    loaded = DemoLoader(k.app).load()
    fund_actor = str(loaded.persons["fund"])
    loaded.new_events += FundDemo(k, loaded.initiatives, fund_actor).load()
    loaded.new_events += PlanDemo(k.app).load()
    loaded.new_events += IndicatorDemo(k, loaded.initiatives).load()
    return loaded


DEMO_TOKENS = {
    "admin": ("admin", ApiRole.ADMIN),
    "auditor": ("auditor", ApiRole.AUDITOR),
    "moderator": ("bengt", ApiRole.MEMBER),  # moderator of delarena 2.7
    "member": ("anna", ApiRole.MEMBER),
    "fund": ("fund", ApiRole.FUND_COORDINATOR),
}


def ensure_demo_tokens(k: Container, loaded: Loaded, folder: Path) -> dict[str, Path]:
    """One token per demo role in `folder/demo-token-<role>`; kept while valid."""
    folder.mkdir(parents=True, exist_ok=True)
    k.projector.catch_up()
    written: dict[str, Path] = {}
    for name, (person, role) in DEMO_TOKENS.items():
        path = folder / f"demo-token-{name}"
        if path.exists():
            with k.engines.read.connect() as conn:
                row = token_reads.token_by_hash(conn, hash_token(path.read_text().strip()))
            if row is not None and not token_reads.token_refused(
                row, now=k.clock.now(), max_days=k.settings.tokens.max_days
            ):
                written[name] = path
                continue
        token = new_token()
        command = c.IssueToken(
            person_id=loaded.persons[person],
            role=role,
            token_hash=hash_token(token),
            label=f"demo {name}",
            expires_at=k.clock.now() + timedelta(days=k.settings.tokens.days),
        )
        k.app.execute(command, make_meta(actor=SYSTEM_ACTOR, channel=Channel.CLI))
        path.write_text(token + "\n")
        path.chmod(0o600)
        written[name] = path
    k.projector.catch_up()
    log.info("demo.tokens_ready", folder=str(folder))
    return written
