"""`samverka slack ...`: link people to Slack users, languages, the app manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from slack_sdk.errors import SlackApiError

from adapters.slack.notifier import web_client
from adapters.slack.parse import confirmed_email
from adapters.slack.store import SlackStore, slack_engine
from domain import commands as c
from domain.commands import Command
from domain.errors import DomainError
from domain.meetings import commands as m
from samverka.cli_common import (
    container,
    echo_json,
    echo_read,
    fail,
    meta,
    person_ref,
    run,
    settings_or_fail,
    state,
    t,
    using,
    uuid_ref,
)
from services.i18n.errors import error_text

slack_app = typer.Typer(help="The Slack front door.", no_args_is_help=True)
MANIFEST = Path(__file__).resolve().parent.parent / "adapters" / "slack" / "manifest.yaml"


def _linked(command: Command) -> str:
    """The person a link command was for; a refusal ends the command with its message."""
    try:
        return str(using(lambda k: k.app.execute(command, meta())).aggregate_id)
    except DomainError as error:
        fail(error_text(error, state.lang))


@slack_app.command("link")
def link(
    person: Annotated[str, typer.Argument(help="Person id.")],
    slack_user_id: Annotated[str, typer.Argument(help="Slack user id, like U024BE7LH.")],
) -> None:
    """Link a person to a Slack user explicitly."""
    command = c.LinkSlackUser(person_id=person_ref(person), slack_user_id=slack_user_id)
    echo_json({"person_id": _linked(command), "slack_user_id": slack_user_id})


@slack_app.command("unlink")
def unlink(person: Annotated[str, typer.Argument(help="Person id.")]) -> None:
    """Take a person's Slack link away (they are reached by e-mail after it, and
    are not linked again by e-mail: only `slack link` links them again)."""
    command = c.UnlinkSlackUser(person_id=person_ref(person))
    echo_json({"person_id": _linked(command), "slack_user_id": None})


@slack_app.command("link-channel")
def link_channel(
    series: Annotated[str, typer.Argument(help="Meeting series id.")],
    channel: Annotated[str, typer.Argument(help="The channel, #name or its id (C024BE91L).")],
) -> None:
    """Post the series' meeting reminders and round summaries to a Slack channel."""
    run(m.SetSlackChannel(series_id=uuid_ref(series, "series"), channel=channel))


@slack_app.command("unlink-channel")
def unlink_channel(series: Annotated[str, typer.Argument(help="Meeting series id.")]) -> None:
    """Stop posting the series' messages to its Slack channel."""
    run(m.SetSlackChannel(series_id=uuid_ref(series, "series"), channel=None))


@slack_app.command("links")
def links() -> None:
    """Everyone linked to a Slack user: when, through which channel, by whom."""
    echo_read(lambda k: k.plan.slack_links(limit=100_000, offset=0).items)


@slack_app.command("sync-users")
def sync_users(
    dry_run: Annotated[bool, typer.Option(help="Only show who would be linked.")] = False,
) -> None:
    """Link everyone with an e-mail address and no Slack id (users.lookupByEmail),
    when Slack says the user confirmed that address."""
    config = settings_or_fail().slack
    if not config.bot_token:
        fail(t("set SLACK_BOT_TOKEN"))
    client = web_client(config)
    k = container()
    linked, missing, unconfirmed, refused = [], [], [], []
    try:
        people = k.plan.persons_page(limit=100_000, offset=0).items
        for person in people:
            if person["forgotten"] or person["slack_user_id"] or not person["email"]:
                continue
            try:
                found = client.users_lookupByEmail(email=person["email"])["user"]
            except SlackApiError:
                missing.append(person["id"])
                continue
            email = confirmed_email(found)
            if email is None or email.lower() != person["email"].lower():
                unconfirmed.append(person["id"])
                continue
            user = str(found["id"])
            if not dry_run:
                command = c.LinkSlackUserByEmail(
                    person_id=person_ref(person["id"]), slack_user_id=user
                )
                source = f"cli:slack-link-email:{person['id']}:{user}"
                try:
                    done = not k.app.execute(command, meta(source)).replayed
                except DomainError:
                    done = False  # e.g. an administrator unlinked them
                if not done:  # refused, or linked by an earlier run and unlinked since
                    refused.append(person["id"])
                    continue
            linked.append({"person_id": person["id"], "slack_user_id": user})
    finally:
        k.close()
    echo_json(
        {
            "linked": linked,
            "not_found": missing,
            "not_confirmed": unconfirmed,
            "refused": refused,
            "dry_run": dry_run,
        }
    )


@slack_app.command("language")
def language(
    lang: Annotated[str, typer.Argument(help="sv or en.")],
    user: Annotated[str | None, typer.Option(help="A Slack user id (else the workspace).")] = None,
    team: Annotated[str, typer.Option(help="The workspace's team id.")] = "default",
) -> None:
    """Set the bot's language for a user or a whole workspace."""
    if lang not in ("sv", "en"):
        fail(t("the language is sv or en"))
    k = container()
    try:
        store = SlackStore(slack_engine(k.settings.database_url))
        store.set_language(f"user:{user}" if user else f"team:{team}", lang)
        store.engine.dispose()
    finally:
        k.close()
    echo_json({"scope": user or team, "language": lang})


@slack_app.command("manifest")
def manifest(
    url: Annotated[str, typer.Option(help="Where Samverka is reachable (https://...).")] = (
        "https://samverka.example.se"
    ),
) -> None:
    """Print the Slack app manifest with this server's URLs and slash command."""
    config = settings_or_fail().slack
    text = MANIFEST.read_text(encoding="utf-8").replace(
        "https://samverka.example.se", url.rstrip("/")
    )
    typer.echo(text.replace("/samverka\n", f"{config.command}\n"), nl=False)
