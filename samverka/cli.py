"""The `samverka` console script."""

from __future__ import annotations

import csv
import json
import os
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from domain.meta import SYSTEM_ACTOR
from samverka import cli_backup, cli_slack, cli_teams
from samverka.bootstrap import Container, upgrade_side_tables
from samverka.cli_checkins import checkins_app, outbox_app, scheduler_command
from samverka.cli_common import (
    choose_language,
    container,
    echo_json,
    fail,
    ngettext,
    open_out,
    parameter_of,
    state,
    t,
)
from samverka.cli_funds import fund_app
from samverka.cli_help import HelpGroup
from samverka.cli_indicators import indicator_app
from samverka.cli_mail import mail_app
from samverka.cli_meetings import meetings_app
from samverka.cli_minutes import decide  # noqa: F401 - registers the meeting commands
from samverka.cli_plan import arena_app, decision_app, initiative_app, person_app
from samverka.cli_plans import organisation_app, plan_app
from samverka.cli_reports import audit_app, report_app
from samverka.cli_web import login_link

app = typer.Typer(
    cls=HelpGroup,
    help="Samverka: the shared plan and decisions of Swedish mental-health collaboration.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
demo_app = typer.Typer(help="Demo data from the seed documents.", no_args_is_help=True)
export_app = typer.Typer(help="Export the plan state or the audit trail.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
Out = Annotated[Path | None, typer.Option(help="Write here instead of stdout.")]
GROUPS = {
    "demo": demo_app, "export": export_app, "token": token_app, "person": person_app,
    "arena": arena_app, "initiative": initiative_app, "decision": decision_app,
    "fund": fund_app, "plan": plan_app, "organisation": organisation_app,
    "indicator": indicator_app, "report": report_app,
    "audit": audit_app, "meetings": meetings_app, "checkins": checkins_app,
    "outbox": outbox_app, "slack": cli_slack.slack_app,
    "teams": cli_teams.teams_app, "mail": mail_app,
}  # fmt: skip
for name, group in GROUPS.items():
    app.add_typer(group, name=name)
app.command("scheduler")(scheduler_command)
app.command("login-link")(login_link)


@app.callback()
def main_options(
    actor: Annotated[
        str | None,
        typer.Option("--actor", envvar="SAMVERKA_ACTOR", help="Person id recorded as the actor."),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            envvar="SAMVERKA_LANG",
            help="sv or en: the language of messages (default: the locale's, else sv).",
        ),
    ] = None,
) -> None:
    state.actor = actor or SYSTEM_ACTOR
    state.lang = choose_language(lang)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="API worker processes.")] = 1,
) -> None:
    """Start the HTTP API with the projector and the scheduler (see SAMVERKA_RUN_*)."""
    import uvicorn

    from samverka.asgi import web_app

    k = container(start=False, mail="sends")
    bind_host, bind_port = host or k.settings.http.host, port or k.settings.http.port
    if workers > 1:
        _serve_workers(k, bind_host, bind_port, workers)
        return
    typer.echo(
        t("Samverka listens on {url} (docs: /docs)", url=f"http://{bind_host}:{bind_port}"),
        err=True,
    )
    uvicorn.run(web_app(k), host=bind_host, port=bind_port, log_level="warning")


# With several API workers nothing in this process saves, so nothing wakes the
# projector here on SQLite: it looks for new events this often instead.
CROSS_PROCESS_POLL = 0.05
WORKER_HEALTHCHECK_SECONDS = 60


def _serve_workers(k: Container, host: str, port: int, workers: int) -> None:
    """API workers in processes of their own; the projector and the scheduler
    run once, in this supervising process (one projector per worker would
    apply every batch twice and throw one away)."""
    import uvicorn

    # The workers are spawned and read their settings from the environment.
    os.environ["SAMVERKA_RUN_PROJECTOR"] = "false"
    os.environ["SAMVERKA_RUN_SCHEDULER"] = "false"
    if k.settings.store.kind == "sqlite":
        k.projector.poll_interval = min(k.projector.poll_interval, CROSS_PROCESS_POLL)
    k.start()
    here, elsewhere = t("here"), t("elsewhere")
    typer.echo(
        t(
            "Samverka listens on {url} with {workers} API workers "
            "(projector: {projector}, scheduler: {scheduler})",
            url=f"http://{host}:{port}",
            workers=workers,
            projector=here if k.settings.projector.in_process else elsewhere,
            scheduler=here if k.settings.scheduler.in_process else elsewhere,
        ),
        err=True,
    )
    try:
        uvicorn.run(
            "samverka.asgi:app_factory",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            # uvicorn kills a worker that has not answered its health ping in
            # this many seconds, and a spawned worker answers only once it has
            # imported Samverka: 5 s (the default) killed and restarted workers
            # still starting on a busy 2-core host (bench/RESULTS.md, 2026-12-05).
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        )
    finally:
        k.close()


@app.command()
def projector() -> None:
    """Run only the projector, following the event log until stopped."""
    import signal
    import threading

    k = container(start=False)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    k.projector.start()
    typer.echo(
        t("projector running from position {position}", position=k.projector.position), err=True
    )
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        # Every batch is one transaction, so stopping hard loses nothing; do
        # not let a stuck connection keep the process from exiting.
        closing = threading.Thread(target=k.close, daemon=True)
        closing.start()
        closing.join(10)
        if closing.is_alive():
            typer.echo(t("projector: shutdown took too long; exiting anyway"), err=True)
        # A library thread left behind (a LISTEN connection, a pool worker)
        # would make the interpreter wait for it at exit; there is nothing
        # left to save, so leave now.
        sys.stderr.flush()
        os._exit(0)


@app.command()
def init() -> None:
    """Create or upgrade every table (events, chain, keys, read tables, the
    mail and Slack tables) and exit: run once before starting several
    processes against a new database, and after an upgrade of Samverka."""
    k = container(start=False)
    upgrade_side_tables(k.settings)
    head = k.app.recorder.max_notification_id() or 0
    k.close()
    typer.echo(ngettext("ready: {n} event stored", "ready: {n} events stored", head), err=True)


app.command()(cli_backup.backup)
app.command()(cli_backup.restore)


@app.command()
def replay() -> None:
    """Drop every projection and rebuild it from event 1."""
    from rich.progress import Progress

    from projections.rebuild import rebuild

    k = container(start=False)
    with Progress(transient=not sys.stderr.isatty()) as bar:
        task = bar.add_task(t("replaying"), total=None)

        def progress(position: int, last: int) -> None:
            bar.update(task, completed=position, total=last)

        total = rebuild(k.app, k.engines, progress=progress)
    typer.echo(
        ngettext(
            "rebuilt the projections from {n} event",
            "rebuilt the projections from {n} events",
            total,
        ),
        err=True,
    )
    k.close()


@demo_app.command("load")
def demo_load(
    tokens: Annotated[
        Path, typer.Option(help="Folder for the demo API tokens (demo-token-<role>).")
    ] = Path("var"),
) -> None:
    """Load the seed documents' arenas, people, initiatives and decisions (idempotent)."""
    from samverka.demo import ensure_demo_tokens, load_everything

    k = container()
    loaded = load_everything(k)
    written = ensure_demo_tokens(k, loaded, tokens)
    typer.echo(
        t(
            "demo data loaded: {persons}, {arenas}, {initiatives}, {decisions} ({commands})",
            persons=ngettext("{n} person", "{n} persons", len(loaded.persons)),
            arenas=ngettext("{n} arena", "{n} arenas", len(loaded.arenas)),
            initiatives=ngettext("{n} initiative", "{n} initiatives", len(loaded.initiatives)),
            decisions=ngettext("{n} decision", "{n} decisions", len(loaded.decisions)),
            commands=ngettext("{n} new command", "{n} new commands", loaded.new_events),
        ),
        err=True,
    )
    for role, path in written.items():
        typer.echo(t("  {role} token: {path}", role=f"{role:9}", path=path), err=True)
    k.close()


@export_app.command("state")
def export_state(
    as_of: Annotated[
        datetime | None,
        typer.Option("--as-of", help="ISO 8601 moment (with offset); default: now."),
    ] = None,
    out: Out = None,
) -> None:
    """Print the whole plan state as deterministic JSON."""
    from projections.export import to_json

    k = container()
    if as_of is not None and as_of.tzinfo is None:
        as_of = as_of.astimezone()
    document = k.audit.state(as_of)
    with open_out(out) as stream:
        stream.write(to_json(document) + "\n")
    k.close()


class AuditFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


AUDIT_COLUMNS = [
    "position",
    "recorded_at",
    "actor_id",
    "actor_name",
    "channel",
    "aggregate_type",
    "aggregate_id",
    "aggregate_version",
    "event_type",
    "summary",
    "source_id",
    "correlation_id",
    "business_date",
]


@export_app.command("audit")
def export_audit(
    fmt: Annotated[AuditFormat, typer.Option("--format", help="jsonl or csv")] = AuditFormat.JSONL,
    out: Out = None,
) -> None:
    """Export the whole audit trail, oldest first."""
    from projections.cells import csv_text

    k = container()
    with open_out(out) as stream:
        writer: Any = None
        if fmt is AuditFormat.CSV:
            writer = csv.DictWriter(stream, fieldnames=AUDIT_COLUMNS, extrasaction="ignore")
            writer.writeheader()
        for row in k.trail.everything(batch=1000):
            if writer is not None:
                writer.writerow({key: csv_text(value) for key, value in row.items()})
            else:
                stream.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    k.close()


@token_app.command("create")
def token_create(
    person: Annotated[str, typer.Option(help="Person id the token acts as.")],
    role: Annotated[
        str,
        typer.Option(
            help="member (the person's arena roles decide), or a global role: "
            "fund_coordinator, auditor, admin."
        ),
    ] = "member",
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
    expires_in: Annotated[
        str | None,
        typer.Option(
            "--expires-in",
            help="How long it works, in days: 30 or 30d (default SAMVERKA_TOKEN_DAYS, "
            "at most SAMVERKA_TOKEN_MAX_DAYS).",
        ),
    ] = None,
) -> None:
    """Create an API token; it is printed once and stored only as a hash."""
    from datetime import timedelta
    from uuid import UUID

    from domain import commands as c
    from domain.access import ApiRole, hash_token, new_token
    from samverka.cli_common import meta

    try:
        api_role = ApiRole(role)
        person_id = UUID(person)
    except ValueError as error:
        fail(t("bad value: {error}", error=error))
    k = container()
    days = _days(expires_in, k.settings.tokens.days)
    if days > k.settings.tokens.max_days:
        fail(
            t(
                "--expires-in is at most {days} days (SAMVERKA_TOKEN_MAX_DAYS)",
                days=k.settings.tokens.max_days,
            )
        )
    token = new_token()
    expires_at = k.clock.now() + timedelta(days=days)
    command = c.IssueToken(
        person_id=person_id,
        role=api_role,
        token_hash=hash_token(token),
        label=label,
        expires_at=expires_at,
    )
    k.app.execute(command, meta())
    k.projector.catch_up()
    until = expires_at.isoformat(timespec="minutes")
    typer.echo(t("the token works until {moment}", moment=until), err=True)
    typer.echo(token)
    k.close()


def _days(text: str | None, default: int) -> int:
    """`30` or `30d` -> 30."""
    if text is None:
        return default
    digits = text.strip().lower().removesuffix("d")
    if not digits.isdigit() or not 1 <= int(digits) <= 3650:
        fail(t("--expires-in is a number of days such as 30 or 30d, not {value}", value=repr(text)))
    return int(digits)


def main() -> None:
    os.environ.setdefault("SAMVERKA_LOG_FORMAT", "console")
    from domain.errors import DomainError
    from services.i18n.errors import api_detail

    try:
        app()
    except DomainError as error:
        where = parameter_of(error.__traceback__, error.field)
        body = {"error": error.code, "detail": api_detail(error), "field": error.field}
        echo_json(body | ({"parameter": where} if where else {}), err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
