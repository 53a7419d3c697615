"""`samverka login-link PERSON`: a one-time sign-in link printed at the terminal."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer

from adapters.web.sessions import SessionStore, web_engine
from adapters.web.signin import link_url, may_sign_in
from samverka.cli_common import container, fail, t


def login_link(
    person: Annotated[str, typer.Argument(help="The person's id or e-mail address.")],
) -> None:
    """Print a sign-in link for the web pages (works once, within 15 minutes)."""
    k = container()
    try:
        person_id = _person_id(k.plan.persons_by_email(person), person)
        s = k.settings
        now = k.clock.now()
        if person_id is None or may_sign_in(k.plan, person_id, now=now) is None:
            fail(
                t(
                    "{person}: no such person, forgotten, or in no arena and without a "
                    "global role (only they may sign in)",
                    person=person,
                )
            )
        store = SessionStore(web_engine(s.database_url), idle_minutes=s.web.idle_minutes)
        token = store.issue_link(person_id, now)
        typer.echo(link_url(s.web.public_url or f"http://{s.http.host}:{s.http.port}", token))
    finally:
        k.close()


def _person_id(by_email: list[dict[str, object]], given: str) -> str | None:
    if "@" in given:
        found = [p for p in by_email if not p["forgotten"]]
        return str(found[0]["id"]) if len(found) == 1 else None
    try:
        return str(UUID(given))
    except ValueError:
        return None
