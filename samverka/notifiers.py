"""Which notifier delivers what: the seam where Slack, Teams and e-mail plug in.

Each channel adapter contributes a factory that returns its Notifier when it
is configured (and None otherwise); recipients whose channel has no notifier
go to the file notifier, so `make run` still shows everything that would be
sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from samverka.settings import Settings
from services.notifications import FileNotifier, Notifier, RoutingNotifier
from services.queries.plan import PlanQueries

if TYPE_CHECKING:
    from adapters.teams.notifier import TeamsNotifier


def slack_notifier(settings: Settings) -> Notifier | None:
    """DMs and channel posts through Slack's Web API when a bot token is set
    (SLACK_BOT_TOKEN; with multi-workspace OAuth, the installed bot's token)."""
    from adapters.slack.notifier import SlackNotifier, bot_token, web_client
    from adapters.slack.store import SlackStore, slack_engine

    config = settings.slack
    if not (config.bot_token or config.oauth):
        return None
    store = SlackStore(slack_engine(settings.database_url))
    token = config.bot_token or bot_token(config, store)
    if not token:
        return None
    default = config.language
    return SlackNotifier(
        web_client(config, token=token),
        store,
        language=lambda user: store.language(f"user:{user}", "team:default") or default,
    )


def teams_notifier(settings: Settings, now: Callable[[], datetime]) -> TeamsNotifier | None:
    """Cards in people's chats with the bot and posts to series' channels
    through the Bot Connector, when Teams is configured (SAMVERKA_TEAMS_APP_ID)."""
    from adapters.teams.connector import Connector
    from adapters.teams.notifier import TeamsNotifier
    from adapters.teams.store import TeamsStore, teams_engine

    config = settings.teams
    if not config.enabled:
        return None
    store = TeamsStore(teams_engine(settings.database_url))
    return TeamsNotifier(Connector(config), store, config, now)


def email_notifier(
    settings: Settings, plan: PlanQueries, now: Callable[[], datetime]
) -> Notifier | None:
    """E-mail through SMTP_URL or Microsoft Graph (samverka/mail_transport.py),
    or as .eml files in `outbox_dir/mail/` without either
    (so `make run` shows exactly what would be sent). Names are read through
    the plan's queries; `now` is the container's clock, which also dates the
    reply links' expiry."""
    from adapters.email.ledger import MailLedger, mail_engine
    from adapters.email.notifier import EmailNotifier
    from samverka.mail_transport import mail_transport

    transport = mail_transport(settings)

    def names(person_ids: list[str]) -> dict[str, str]:
        return {k: str(v["name"] or "?") for k, v in plan.contacts(person_ids).items()}

    return EmailNotifier(
        transport,
        MailLedger(mail_engine(settings.database_url)),
        mail_from=settings.mail.sender,
        domain=settings.mail.domain,
        secret=settings.mail.secret,
        token_days=settings.mail.token_days,
        names=names,
        now=now,
    )


def build_notifier(settings: Settings, plan: PlanQueries, now: Callable[[], datetime]) -> Notifier:
    routes: dict[str, Notifier] = {}
    if (slack := slack_notifier(settings)) is not None:
        routes["slack"] = slack
    if (email := email_notifier(settings, plan, now)) is not None:
        routes["email"] = email
    teams = teams_notifier(settings, now)
    if teams is not None:
        routes["teams"] = teams
    return RoutingNotifier(
        routes,
        fallback=FileNotifier(Path(settings.outbox_dir)),
        # A person linked to a Teams user the bot can write to is reached there.
        prefer=teams.prefer if teams is not None else None,
    )
