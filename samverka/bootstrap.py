"""The composition root: the one place that builds and connects the parts.

Nothing connects at import time. Tests build a container with `bootstrap()`
and override any part by keyword.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import structlog

from adapters.email.ledger import MAIL_MIGRATIONS, mail_engine
from adapters.persistence.mapper import SamverkaMapper, samverka_transcoder
from adapters.persistence.personal_data import PersonalDataCipher
from adapters.persistence.store_probe import StoreProbe
from adapters.slack.store import SLACK_MIGRATIONS, slack_engine
from adapters.teams.store import TEAMS_MIGRATIONS, TeamsForgetting, TeamsLinkCheck, teams_engine
from adapters.web.sessions import WEB_MIGRATIONS, WebForgetting, web_engine
from projections.db import Engines, create_engines
from projections.rebuild import ensure_current
from projections.runner import Projector, ensure_tracking_row
from samverka.notifiers import build_notifier
from samverka.settings import Settings
from scheduler.config import SchedulerConfig
from scheduler.leader import FileLock, LeaderLock, PostgresAdvisoryLock
from scheduler.service import SchedulerService
from services.application import Samverka
from services.audit import Audit
from services.commands import CommandService
from services.erasure import Erasure
from services.health import Health
from services.indicators import IndicatorImport
from services.notifications import Notifier
from services.personal_records import PersonalRecords
from services.ports import Clock, SystemClock
from services.queries.audit import AuditTrail
from services.queries.checkins import CheckInQueries
from services.queries.funds import FundQueries
from services.queries.indicators import IndicatorQueries
from services.queries.meetings import MeetingQueries
from services.queries.plan import PlanQueries
from services.queries.plans import PlansQueries
from services.reports import Reports
from services.timetravel import TimeTravel
from services.views import Views

log = structlog.get_logger(__name__)


@dataclass
class Container:
    """Everything, for the entry points (CLI, `serve`) and tests. The front
    doors get only the services they use from it."""

    settings: Settings
    app: Samverka
    engines: Engines
    projector: Projector
    views: Views
    commands: CommandService
    clock: Clock = field(default_factory=SystemClock)
    personal: PersonalDataCipher | None = None
    notifier: Notifier | None = None
    scheduler: SchedulerService | None = None
    probe: StoreProbe | None = None  # PostgreSQL: tells the API the database is down

    # The use cases every door shares (built once, by bootstrap).
    reports: Reports = field(init=False)
    audit: Audit = field(init=False)
    erasure: Erasure = field(init=False)
    records: PersonalRecords = field(init=False)
    health: Health = field(init=False)
    # What the doors read, one facade per feature.
    plan: PlanQueries = field(init=False)
    meetings: MeetingQueries = field(init=False)
    checkins: CheckInQueries = field(init=False)
    funds: FundQueries = field(init=False)
    plans: PlansQueries = field(init=False)
    indicators: IndicatorQueries = field(init=False)
    indicator_import: IndicatorImport = field(init=False)
    trail: AuditTrail = field(init=False)
    # One thing as it was at a moment, from its own events (Tidsresa).
    timetravel: TimeTravel = field(init=False)

    def __post_init__(self) -> None:
        self.plan = PlanQueries(self.views)
        self.meetings = MeetingQueries(self.views)
        self.checkins = CheckInQueries(self.views)
        self.funds = FundQueries(self.views)
        self.plans = PlansQueries(self.views, self.app)
        self.indicators = IndicatorQueries(self.views)
        self.indicator_import = IndicatorImport(self.commands, self.indicators)
        self.trail = AuditTrail(self.views)
        self.timetravel = TimeTravel(self.app, self.views)
        self.reports = Reports(self.app, self.views)
        self.audit = Audit(self.app, self.views)
        self.records = PersonalRecords(self.app, self.views)
        # What the doors keep about a person outside the log goes with them.
        self.erasure = Erasure(
            self.app,
            self.commands,
            self.personal,
            [
                WebForgetting(self.settings.database_url),
                TeamsForgetting(self.settings.database_url),
            ],
        )
        self.health = Health(
            self.views, self.projector, self.probe, self.settings.http.ready_max_lag
        )

    def start(self) -> None:
        """Starts the background parts: the projector and (in `serve`) the scheduler."""
        if self.probe is not None:
            self.probe.start()
        if self.settings.projector.in_process:
            self.projector.start()
        if self.settings.scheduler.in_process and self.scheduler is not None:
            self.scheduler.start()

    def close(self) -> None:
        if self.probe is not None:
            self.probe.stop()
        if self.scheduler is not None:
            self.scheduler.stop()
        self.projector.stop()
        self.app.close()
        self.engines.dispose()
        if self.personal is not None:
            self.personal.close()


def build_app(settings: Settings, personal: PersonalDataCipher | None = None) -> Samverka:
    store = settings.store
    if store.sqlite_path is not None:
        store.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    env = dict(store.library_env)
    if not settings.create_event_tables:
        env["CREATE_TABLE"] = "false"
    if settings.aggregate_cache_size > 0:
        env["AGGREGATE_CACHE_MAXSIZE"] = str(settings.aggregate_cache_size)
    mapper = SamverkaMapper(transcoder=samverka_transcoder(), personal=personal)
    return Samverka(env=env, mapper=mapper)


def upgrade_side_tables(settings: Settings) -> None:
    """Creates or upgrades the mail, Slack, Teams and web adapters' own tables
    (Alembic), which their stores otherwise do when first used."""
    for migrations, engine in (
        (MAIL_MIGRATIONS, mail_engine(settings.database_url)),
        (SLACK_MIGRATIONS, slack_engine(settings.database_url)),
        (TEAMS_MIGRATIONS, teams_engine(settings.database_url)),
        (WEB_MIGRATIONS, web_engine(settings.database_url)),
    ):
        migrations.upgrade(engine)
        engine.dispose()


def leader_lock(settings: Settings, engines: Engines) -> LeaderLock:
    """An advisory lock on PostgreSQL, a lock file beside the SQLite database."""
    store = settings.store
    if store.sqlite_path is not None:
        return FileLock(store.sqlite_path.with_name(store.sqlite_path.name + ".scheduler.lock"))
    return PostgresAdvisoryLock(engines.write, store.schema)


def bootstrap(
    settings: Settings | None = None,
    *,
    app: Samverka | None = None,
    engines: Engines | None = None,
    projector: Projector | None = None,
    clock: Clock | None = None,
    personal: PersonalDataCipher | None = None,
    notifier: Notifier | None = None,
    scheduler_config: SchedulerConfig | None = None,
) -> Container:
    # Without SAMVERKA_MAIL_SECRET: a random one kept beside the database
    # (roles that handle real mail refuse to start without one first).
    settings = (settings or Settings.from_env()).with_mail_secret()
    store = settings.store
    if store.sqlite_path is not None:
        store.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    engines = engines or create_engines(store.sqlalchemy_url, schema=store.schema)
    if personal is None:
        # Keys are not a projection: on SQLite they live with the events, not in
        # the views file (which may be deleted and rebuilt at any time).
        keys = engines
        if store.events_sqlalchemy_url != engines.url:
            keys = create_engines(store.events_sqlalchemy_url, schema=store.schema)
        personal = PersonalDataCipher(
            keys.write, read_engine=keys.read, url=keys.url, schema=keys.schema
        )
    personal.create_table()
    app = app or build_app(settings, personal)
    if settings.teams.enabled and app.teams_links is None:
        app.teams_links = TeamsLinkCheck(settings.database_url)
    # Read tables whose definitions changed are rebuilt (replayed) first.
    ensure_current(app, engines)
    ensure_tracking_row(engines.write)
    if projector is None:
        projector = Projector(
            app,
            read_engine=engines.read,
            write_engine=engines.write,
            use_subscription=store.kind == "postgres",
            batch_size=settings.projector.batch_size,
            poll_interval=settings.projector.poll_interval,
            linger=settings.projector.linger,
        )
    app.on_saved(projector.wake)
    views = Views(app, engines.read, projector, settings.http.read_your_writes_timeout)
    clock = clock or SystemClock()
    notifier = notifier or build_notifier(settings, PlanQueries(views), clock.now)
    # Built here, connected only when started (the leader lock is taken then).
    scheduler = SchedulerService(
        app,
        engines,
        projector,
        notifier,
        leader_lock(settings, engines),
        clock,
        scheduler_config or settings.scheduler,
    )
    log.debug("bootstrap.done", database=store.kind)
    return Container(
        settings=settings,
        app=app,
        engines=engines,
        projector=projector,
        views=views,
        commands=CommandService(app, views),
        clock=clock,
        personal=personal,
        notifier=notifier,
        scheduler=scheduler,
        probe=StoreProbe(store.events_sqlalchemy_url.replace("+psycopg", "", 1))
        if store.kind == "postgres"
        else None,
    )
