"""Administration, for admins: people (add, change, link a Slack id), their
arena memberships and roles, and API tokens (create: the secret is shown
once; see them; revoke). The same commands as the CLI and the API, run as
the signed-in admin with channel `web`; the domain checks the role again.

A page that is not for the visitor answers 403 and records nothing. Every
form works without JavaScript: a POST answers 303 back to the page, or the
page again with the error at its field (422). A new token's secret is in
the answer to its form only (never stored, never in a URL).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from adapters.web import forms
from adapters.web.form_routes import Params, forms_at
from adapters.web.render import page, see_other
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, SignedIn, Visitor
from domain import commands as c
from domain.access import TOKEN_ROLES, ApiRole, hash_token, new_token
from domain.commands import Command
from domain.errors import DomainError, StaleVersion, ValidationFailed
from domain.values import Role, parse_enum
from services.queries import Row

router = APIRouter(include_in_schema=False)
PEOPLE_SHOWN = 1000
ARENAS_SHOWN = 200


class NotForRole(Exception):
    """A page or form for another role (admins, those who run check-ins)."""

    def __init__(self, visitor: Visitor) -> None:
        super().__init__("not for this role")
        self.visitor = visitor


async def admin(v: SignedIn) -> Visitor:
    if not v.is_admin:
        raise NotForRole(v)
    return v


Admin = Annotated[Visitor, Depends(admin)]


# -- people ---------------------------------------------------------------------


def _people(request: Request, v: Visitor, s: WebServices, **state: Any) -> Response:
    found = s.plan.persons_page(limit=PEOPLE_SHOWN, offset=0)
    values = forms.page_state(state, nav="admin", tab="people")
    return page(request, v, "admin_people.html.j2", people=found.items, **values)


@router.get("/admin")
def admin_home(request: Request, v: Admin) -> Response:
    return see_other(request, "/admin/people")


@router.get("/admin/people")
def people(request: Request, v: Admin, s: Services) -> Response:
    return _people(request, v, s)


@router.post("/admin/people")
def add_person(request: Request, v: Admin, s: Services, form: CheckedForm) -> Response:
    try:
        command = c.RegisterPerson(
            name=forms.text(form, "name"),
            email=forms.text(form, "email") or None,
            organisation=forms.text(form, "organisation") or None,
            slack_user_id=forms.text(form, "slack_user_id") or None,
        )
        result = forms.run(s, v, form, command)
    except DomainError as error:
        failed = forms.failure("add", error, v.lang)
        return _people(request, v, s, status=422, failed=failed, given=forms.given(form))
    return see_other(request, f"/admin/people/{result.aggregate_id}?saved=added")


def _person_page(
    request: Request, v: Visitor, s: WebServices, person_id: str, **state: Any
) -> Response:
    with s.plan.connect() as conn:
        person = s.plan.get_person(person_id, conn=conn)
        if person is None:
            return page(request, v, "not_found.html.j2", status=404)
        roles = s.plan.arena_roles(person_id, conn=conn)
        arenas = s.plan.arenas_page(limit=ARENAS_SHOWN, offset=0, conn=conn).items
        tokens = s.plan.tokens(person_id, conn=conn)
    _token_states(s, tokens)
    memberships = [{**a, "role": roles[str(a["id"])]} for a in arenas if str(a["id"]) in roles]
    values = forms.page_state(
        state, saved=request.query_params.get("saved"), secret=None, nav="admin", tab="people"
    )
    return page(
        request,
        v,
        "admin_person.html.j2",
        who=person,
        memberships=memberships,
        other_arenas=[a for a in arenas if str(a["id"]) not in roles],
        tokens=tokens,
        arena_roles=[r.value for r in Role],
        token_roles=[r.value for r in TOKEN_ROLES],
        token_days=s.token_days,
        token_max_days=s.token_max_days,
        **values,
    )


@router.get("/admin/people/{person_id}")
def person(request: Request, person_id: str, v: Admin, s: Services) -> Response:
    key = forms.id_of(person_id)
    if key is None:
        return page(request, v, "not_found.html.j2", status=404)
    return _person_page(request, v, s, key)


def _person_form(
    request: Request, v: Visitor, s: WebServices, form: FormData, p: Params, spec: PersonForm
) -> Response:
    """Runs one form of a person's page; 303 back, or the page with the error."""
    build, name = spec
    key = forms.id_of(p["person_id"])
    if key is None or s.plan.get_person(key) is None:
        return page(request, v, "not_found.html.j2", status=404)
    try:
        forms.run(s, v, form, build(form, UUID(key), p))
    except DomainError as error:
        return _person_page(
            request,
            v,
            s,
            key,
            status=409 if isinstance(error, StaleVersion) else 422,
            failed=forms.failure(name, error, v.lang),
            given=forms.given(form),
            changes=forms.changes_since(s, v, key, error),
        )
    return see_other(request, f"/admin/people/{key}?saved={name}#{name}")


PersonForm = tuple[Callable[[FormData, UUID, Params], Command], str]
form = forms_at(router, "/admin/people/{person_id}", _person_form, lambda *spec: spec, admin)


@form("/details", "details")
def _details(f: FormData, key: UUID, p: Params) -> Command:
    return c.RevisePerson(
        person_id=key,
        name=forms.text(f, "name"),
        email=forms.text(f, "email"),
        organisation=forms.text(f, "organisation"),
        expected_version=forms.version(f),
    )


@form("/slack", "slack")
def _slack(f: FormData, key: UUID, p: Params) -> Command:
    """Links the Slack user (an id such as U024BE7LH); an empty field unlinks."""
    slack_id = forms.text(f, "slack_user_id")
    if not slack_id:
        return c.UnlinkSlackUser(person_id=key)
    return c.LinkSlackUser(person_id=key, slack_user_id=slack_id)


@form("/arenas", "arenas")
def _membership(f: FormData, key: UUID, p: Params) -> Command:
    arena = forms.person_field(forms.text(f, "arena_id"), "arena_id")
    role = parse_enum(Role, forms.text(f, "role"), "role")
    return c.AddMember(arena_id=arena, person_id=key, role=role)


@form("/arenas/{arena_id}", "arenas")
def _one_membership(f: FormData, key: UUID, p: Params) -> Command:
    """A new role in the arena (`role`), or out of it (`remove`)."""
    arena = forms.person_field(p["arena_id"], "arena_id")
    if forms.text(f, "action") == "remove":
        return c.RemoveMember(arena_id=arena, person_id=key)
    role = parse_enum(Role, forms.text(f, "role"), "role")
    return c.ChangeMemberRole(arena_id=arena, person_id=key, role=role)


# -- API tokens -----------------------------------------------------------------


def _days(text: str, s: WebServices) -> int:
    """How long a new token works, in days (as `samverka token create`)."""
    if not text:
        return s.token_days
    if not text.isdigit() or not 1 <= int(text) <= s.token_max_days:
        raise ValidationFailed(
            f"give a number of days from 1 to {s.token_max_days}",
            field="days",
            rule="token.days",
            params={"max": s.token_max_days},
        )
    return int(text)


def _token_states(s: WebServices, tokens: list[Row]) -> None:
    """Each token's state (why it lets nobody in, or None) and its last use,
    as the API's token check noted it (to the minute)."""
    now = s.clock.now()
    used = {} if s.token_use is None else s.token_use.last_used(str(t["id"]) for t in tokens)
    for token in tokens:
        token["refused"] = s.plan.token_refused(token, now=now, max_days=s.token_max_days)
        token["last_used"] = used.get(str(token["id"]))


@router.post("/admin/people/{person_id}/tokens")
def create_token(
    request: Request, person_id: str, v: Admin, s: Services, form: CheckedForm
) -> Response:
    """Issues a token and shows its secret in this answer, once; only its
    hash is stored."""
    key = forms.id_of(person_id)
    if key is None or s.plan.get_person(key) is None:
        return page(request, v, "not_found.html.j2", status=404)
    secret = new_token()
    try:
        command = c.IssueToken(
            person_id=UUID(key),
            role=parse_enum(ApiRole, forms.text(form, "role"), "role"),
            token_hash=hash_token(secret),
            label=forms.text(form, "label") or None,
            expires_at=s.clock.now() + timedelta(days=_days(forms.text(form, "days"), s)),
        )
        result = forms.run(s, v, form, command)
    except DomainError as error:
        failed = forms.failure("tokens", error, v.lang)
        return _person_page(request, v, s, key, status=422, failed=failed, given=forms.given(form))
    if result.replayed:
        # The same form sent twice: the secret of the first answer is not
        # known any more (only its hash is kept), so none is shown.
        return see_other(request, f"/admin/people/{key}?saved=tokens#tokens")
    return _person_page(request, v, s, key, secret=secret, saved="token-created")


@router.post("/admin/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, token_id: str, v: Admin, s: Services, form: CheckedForm
) -> Response:
    key = forms.id_of(token_id)
    back = forms.text(form, "back")
    if key is None:
        return page(request, v, "not_found.html.j2", status=404)
    try:
        forms.run(s, v, form, c.RevokeToken(token_id=UUID(key)))
    except DomainError as error:
        return page(
            request,
            v,
            "refused_command.html.j2",
            status=422,
            failed=forms.field_error(error, v.lang),
        )
    target = back if back.startswith("/admin/") and "//" not in back else "/admin/tokens"
    return see_other(request, target)


@router.get("/admin/tokens")
def tokens(request: Request, v: Admin, s: Services) -> Response:
    found = s.plan.tokens()
    _token_states(s, found)
    return page(request, v, "admin_tokens.html.j2", tokens=found, nav="admin", tab="tokens")
