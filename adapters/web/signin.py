"""Sign-in by e-mail link: who may sign in, the link, and the mail that carries it.

The door answers the same whether or not an address is known; only a
person who is not forgotten and is a member of some arena, or holds a
global role (admin, auditor, fund coordinator: a valid API token with that
role, as the API knows them), gets a link.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from domain.access import ApiRole, hash_token
from domain.authority import GlobalRole
from services.i18n import translator
from services.notifications import Addressee, Notifier, OutgoingNotification
from services.queries import Row
from services.queries.plan import PlanQueries

LINK_PATH = "/sign-in/link/"


def link_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}{LINK_PATH}{token}"


TOKEN_MAX_DAYS = 365  # SAMVERKA_TOKEN_MAX_DAYS's default


def global_roles(
    plan: PlanQueries,
    person_id: str,
    *,
    now: datetime | None,
    max_days: int = TOKEN_MAX_DAYS,
    conn: Connection | None = None,
) -> frozenset[GlobalRole]:
    """The global roles the person holds: those of their API tokens that still
    let them in (as the API decides; `now` None: only revoked ones are left
    out). A session carries the same roles as the person's tokens, no more."""
    roles: set[GlobalRole] = set()
    for row in plan.tokens(person_id, conn=conn):
        if now is None:
            valid = not row["revoked"]
        else:
            valid = plan.token_refused(row, now=now, max_days=max_days) is None
        if valid:
            roles |= ApiRole(row["role"]).global_roles
    return frozenset(roles)


def may_sign_in(
    plan: PlanQueries,
    person_id: str,
    *,
    now: datetime | None = None,
    max_days: int = TOKEN_MAX_DAYS,
) -> Row | None:
    """The person, when they may have a session: not forgotten, and in an
    arena or holding a global role (so an admin in no arena signs in too)."""
    person = plan.get_person(person_id)
    if person is None or person["forgotten"]:
        return None
    if plan.arena_roles(person_id) or global_roles(plan, person_id, now=now, max_days=max_days):
        return person
    return None


def person_for_address(
    plan: PlanQueries, address: str, *, now: datetime | None = None
) -> Row | None:
    """The one person who may sign in with this e-mail address (None: no one,
    or several share it and a link would not say whose it is)."""
    found = [p for p in plan.persons_by_email(address.strip()) if not p["forgotten"]]
    return may_sign_in(plan, str(found[0]["id"]), now=now) if len(found) == 1 else None


def send_link(notifier: Notifier, person: Row, url: str, token: str, lang: str) -> None:
    """Mails the link through the notifier (SMTP, or the outbox folder)."""
    tr = translator(lang)
    text = tr.gettext(
        "Hello {name},\n\nOpen this link to sign in to Samverka. It works once, "
        "within 15 minutes:\n\n{url}\n\nIf you did not ask to sign in, you can "
        "ignore this message.",
        name=person["name"],
        url=url,
    )
    notifier.send(
        OutgoingNotification(
            # The link's own hash: a retried send is the same message, never a second link.
            key=f"sign-in:{hash_token(token)[:32]}",
            kind="sign-in-link",
            subject=tr.gettext("Your sign-in link to Samverka"),
            text=text,
            recipients=(
                Addressee(
                    person_id=str(person["id"]),
                    name=str(person["name"]),
                    channel="email",
                    email=person["email"],
                    language=lang,
                ),
            ),
        )
    )
