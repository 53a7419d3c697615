"""`samverka teams ...`: link people to Teams users (their Entra ID object id),
link meeting series to Teams channels, and the Teams app package."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer

from adapters.teams.manifest import package
from adapters.teams.store import TeamsStore, teams_engine
from domain.meetings import commands as m
from samverka.bootstrap import Container
from samverka.cli_common import (
    container,
    echo_json,
    fail,
    person_ref,
    run,
    settings_or_fail,
    t,
    uuid_ref,
)

teams_app = typer.Typer(help="The Teams front door.", no_args_is_help=True)


@contextmanager
def _opened() -> Iterator[tuple[Container, TeamsStore]]:
    k = container()
    store = TeamsStore(teams_engine(k.settings.database_url))
    try:
        yield k, store
    finally:
        store.close()
        k.close()


def _object_id(value: str) -> str:
    """An Entra ID object id is a GUID; kept in its lower-case form, as Teams sends it."""
    try:
        return str(UUID(value.strip()))
    except ValueError:
        fail(t("an Entra ID object id looks like 00000000-0000-0000-0000-000000000000"))


@teams_app.command("link")
def link(
    person: Annotated[str, typer.Argument(help="Person id.")],
    aad_object_id: Annotated[str, typer.Argument(help="The Teams user's Entra ID object id.")],
) -> None:
    """Link a person to a Teams user explicitly (before any link by e-mail)."""
    aad = _object_id(aad_object_id)
    with _opened() as (k, store):
        found = k.plan.get_person(str(person_ref(person)))
        if found is None or found["forgotten"]:
            fail(t("no such person"))
        store.link(aad, str(found["id"]), "cli", k.clock.now())
        echo_json({"person_id": str(found["id"]), "aad_object_id": aad})


@teams_app.command("unlink")
def unlink(
    aad_object_id: Annotated[str, typer.Argument(help="The Teams user's Entra ID object id.")],
) -> None:
    """Take a Teams user's link away (they may be linked by e-mail again)."""
    aad = _object_id(aad_object_id)
    with _opened() as (_, store):
        removed = store.unlink(aad)
    echo_json({"aad_object_id": aad, "unlinked": removed})


@teams_app.command("links")
def links() -> None:
    """Everyone linked to a Teams user: when, and how (cli or email)."""
    with _opened() as (_, store):
        echo_json(store.all_links())


@teams_app.command("channels")
def channels() -> None:
    """The channels and group chats the bot was added to or written in: their
    conversation ids, for `link-channel`."""
    with _opened() as (_, store):
        echo_json(
            [
                {"conversation_id": c["conversation_id"], "seen_at": c["updated_at"]}
                for c in store.channels()
            ]
        )


@teams_app.command("link-channel")
def link_channel(
    series: Annotated[str, typer.Argument(help="Meeting series id.")],
    conversation_id: Annotated[
        str, typer.Argument(help="The channel's conversation id, 19:...@thread.tacv2.")
    ],
) -> None:
    """Post the series' meeting reminders and round summaries to a Teams channel."""
    run(m.SetTeamsChannel(series_id=uuid_ref(series, "series"), conversation_id=conversation_id))


@teams_app.command("unlink-channel")
def unlink_channel(series: Annotated[str, typer.Argument(help="Meeting series id.")]) -> None:
    """Stop posting the series' messages to its Teams channel."""
    run(m.SetTeamsChannel(series_id=uuid_ref(series, "series"), conversation_id=None))


@teams_app.command("manifest")
def manifest(
    url: Annotated[str, typer.Option(help="Where Samverka is reached, like https://host.")],
    out: Annotated[Path, typer.Option(help="The zip to write.")] = Path("samverka-teams.zip"),
    app_id: Annotated[
        str | None, typer.Option(help="The bot's app id (else SAMVERKA_TEAMS_APP_ID).")
    ] = None,
    version: Annotated[str, typer.Option(help="The app package's version.")] = "1.0.0",
) -> None:
    """Write the Teams app package (manifest, English texts, icons) to upload in Teams."""
    bot = app_id or settings_or_fail().teams.app_id
    if not bot:
        fail(t("set SAMVERKA_TEAMS_APP_ID or give --app-id"))
    if not url.startswith("https://"):
        fail(t("the URL must begin with https://"))
    out.write_bytes(package(bot, url, version))
    echo_json({"written": str(out), "app_id": bot})
