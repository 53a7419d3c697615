"""Runs the real FastAPI app under uvicorn on a free port, in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from uuid import UUID

import httpx
import uvicorn
from starlette.types import ASGIApp

from domain import commands as c
from domain.access import ApiRole, hash_token, new_token
from domain.meta import make_meta
from samverka.asgi import web_app
from samverka.bootstrap import Container
from tests.http_fakes import serving as serving_servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(app: ASGIApp) -> Iterator[str]:
    """Serves `app` under uvicorn on a free local port, in a thread."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serves a plain HTTP handler (a fake of another service) on a free
    loopback port, in a thread, until the block ends; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    with serving_servers(server):
        yield f"http://127.0.0.1:{server.server_address[1]}"


@contextmanager
def serve(k: Container) -> Iterator[str]:
    k.projector.start()
    try:
        with running(web_app(k, manage_lifecycle=False)) as url:
            yield url
    finally:
        k.projector.stop()


def issue_token(
    k: Container,
    name: str,
    role: ApiRole = ApiRole.MEMBER,
    *,
    days: int = 30,
    arena: tuple[UUID, str] | None = None,
) -> tuple[str, str]:
    """Registers a person and gives them a token; returns (person id, token).
    A member token acts with the person's arena roles and works while they
    are in an arena: `arena` makes them (arena id, role) there."""
    system = make_meta(actor="system", channel="cli")
    person = k.app.execute(c.RegisterPerson(name=name, organisation="Test"), system).aggregate_id
    if arena is not None:
        k.app.execute(c.AddMember(arena_id=arena[0], person_id=person, role=arena[1]), system)
    token = new_token()
    command = c.IssueToken(
        person_id=person,
        role=role,
        token_hash=hash_token(token),
        expires_at=k.clock.now() + timedelta(days=days),
    )
    k.app.execute(command, system)
    k.projector.catch_up()
    return str(person), token


def seed_arena(k: Container, code: str = "SG") -> UUID:
    """An arena to put test people in (see issue_token)."""
    system = make_meta(actor="system", channel="cli")
    command = c.CreateArena(code=code, name="Samordningsgruppen", kind="samordningsgrupp")
    return k.app.execute(command, system).aggregate_id


@contextmanager
def role_clients(k: Container, *roles: ApiRole) -> Iterator[dict[str, httpx.Client]]:
    """The API served, and a client per role (keyed by its value): each a
    person of their own, a participant of one arena, with a token; the
    header X-Person carries the person's id for the test's own use."""
    out: dict[str, httpx.Client] = {}
    group = seed_arena(k)
    with serve(k) as base:
        for role in roles:
            person, token = issue_token(
                k, f"Person {role.value}", role, arena=(group, "participant")
            )
            out[role.value] = httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
            )
            out[role.value].headers["X-Person"] = person
        yield out
        for client in out.values():
            client.close()
