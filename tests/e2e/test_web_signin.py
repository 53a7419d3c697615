"""The web door's front: what an anonymous visitor may see, sign-in by
e-mail link, sessions, sign-out, revocation and CSRF — over real HTTP."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import httpx
import pytest

from adapters.web.sessions import (
    SessionStore,
    login_links,
    oidc_subjects,
    sessions,
    web_engine,
)
from domain import commands as c
from domain.access import ApiRole
from services.commands import system
from tests.clock import FixedClock
from tests.e2e.server import issue_token
from tests.e2e.test_cli import sv
from tests.e2e.web_world import (
    SYSTEM,
    WebWorld,
    container,
    csrf_of,
    links_mailed,
    notifier,
    web,
)

__all__ = ["container", "notifier", "web"]  # the fixtures this module uses
HTMX_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"  # 2.0.11
ANONYMOUS_ALLOWED = ("/sign-in", "/accessibility", "/static/samverka.css")


def _sign_in_form(client: httpx.Client) -> str:
    return csrf_of(client.get("/sign-in").text)


def _session_count(web: WebWorld) -> int:
    engine = web_engine(web.k.settings.database_url)
    with engine.connect() as conn:
        return len(conn.execute(sessions.select()).all())


@pytest.mark.parametrize("path", ["/", "/arenas", f"/arenas/{UUID(int=1)}", "/initiatives/x"])
def test_an_anonymous_visitor_is_sent_to_sign_in(web: WebWorld, path: str) -> None:
    with web.client() as client:
        answer = client.get(path)
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in"


@pytest.mark.parametrize(
    "path", [f"/actions/{UUID(int=1)}/a1/done", f"/meetings/{UUID(int=1)}/2026-11-10/rsvp"]
)
def test_an_anonymous_form_changes_nothing(web: WebWorld, path: str) -> None:
    with web.client() as client:
        answer = client.post(path, data={"csrf": _sign_in_form(client), "response": "accepted"})
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in"


@pytest.mark.parametrize("path", ANONYMOUS_ALLOWED)
def test_sign_in_the_statement_and_static_files_are_open(web: WebWorld, path: str) -> None:
    with web.client() as client:
        answer = client.get(path)
    assert answer.status_code == 200


def test_without_a_provider_the_sign_in_page_has_only_the_link(web: WebWorld) -> None:
    with web.client() as client:
        page = client.get("/sign-in").text
        assert client.get("/sign-in/oidc").status_code == 404
    assert 'name="email"' in page and "Logga in med" not in page


def test_pages_are_swedish_by_default_and_english_by_choice(web: WebWorld) -> None:
    with web.client() as client:
        page = client.get("/accessibility")
        assert '<html lang="sv">' in page.text and "Tillgänglighetsredogörelse" in page.text
        assert page.headers["content-security-policy"].startswith("default-src 'self'")
        chosen = client.post(
            "/language", data={"csrf": csrf_of(page.text), "lang": "en", "next": "/accessibility"}
        )
        assert chosen.status_code == 303 and chosen.headers["location"] == "/accessibility"
        english = client.get("/accessibility")
    assert '<html lang="en">' in english.text and "Accessibility statement" in english.text


def test_htmx_is_the_vendored_pinned_file(web: WebWorld) -> None:
    with web.client() as client:
        served = client.get("/static/htmx.min.js")
    assert served.status_code == 200
    assert hashlib.sha256(served.content).hexdigest() == HTMX_SHA256
    shipped = Path(__file__).parents[2] / "adapters" / "web" / "static" / "htmx.min.js"
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == HTMX_SHA256


def test_the_answer_is_the_same_whether_or_not_the_address_is_known(web: WebWorld) -> None:
    with web.client() as client:
        known = client.post(
            "/sign-in", data={"csrf": _sign_in_form(client), "email": "Bengt@Example.se"}
        )
        unknown = client.post(
            "/sign-in", data={"csrf": _sign_in_form(client), "email": "nobody@example.se"}
        )
        with_csrf = {"csrf": _sign_in_form(client), "email": "maja@example.se"}
        client.post("/sign-in", data=with_csrf)
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text
    assert len(links_mailed(web.notifier, 2)) == 2, "only the known addresses get mail"
    sent, _ = web.notifier.of_kind("sign-in-link")
    assert sent.recipients[0].person_id == web.moderator
    assert sent.recipients[0].email == "bengt@example.se"
    assert f"{web.base}/sign-in/link/" in sent.text and "15 minuter" in sent.text


def test_a_mailed_link_signs_in_once(web: WebWorld) -> None:
    with web.client() as client:
        client.post("/sign-in", data={"csrf": _sign_in_form(client), "email": "maja@example.se"})
        (url,) = links_mailed(web.notifier, 1)
        button = client.get(url)
        assert button.status_code == 200 and "Logga in i Samverka" in button.text
        assert client.get(url).status_code == 200, "looking at the link does not use it"
        used = client.post(url, data={"csrf": csrf_of(button.text)})
        assert used.status_code == 303 and used.headers["location"] == "/"
        cookie = used.headers["set-cookie"]
        assert "samverka_session=" in cookie and "HttpOnly" in cookie
        assert "samesite=lax" in cookie.lower() and "Secure" not in cookie  # plain http here
        home = client.get("/")
        assert home.status_code == 200 and "Maja Medlem" in home.text
    with web.client() as other:
        again = other.get(url)
        assert again.status_code == 410
        assert other.post(url, data={"csrf": csrf_of(again.text)}).status_code == 410


def test_a_link_expires_after_fifteen_minutes(web: WebWorld, clock: FixedClock) -> None:
    url = web.link(web.member)
    clock.advance(timedelta(minutes=15))
    with web.client() as client:
        late = client.get(url)
        assert late.status_code == 410
        assert client.post(url, data={"csrf": csrf_of(late.text)}).status_code == 410
    assert _session_count(web) == 0


def test_only_hashes_of_tokens_are_stored(web: WebWorld) -> None:
    client = web.signed_in(web.member)
    token = client.cookies["samverka_session"]
    engine = web_engine(web.k.settings.database_url)
    with engine.connect() as conn:
        stored = [r.token_hash for r in conn.execute(sessions.select())]
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    client.close()


def test_sign_out_ends_the_session(web: WebWorld) -> None:
    client = web.signed_in(web.member)
    home = client.get("/")
    token = client.cookies["samverka_session"]
    out = client.post("/sign-out", data={"csrf": csrf_of(home.text)})
    assert out.status_code == 303 and out.headers["location"] == "/sign-in"
    client.cookies.set("samverka_session", token)  # kept by someone who copied it
    assert client.get("/").headers["location"] == "/sign-in"
    assert _session_count(web) == 0
    client.close()


def test_an_idle_session_ends(web: WebWorld, clock: FixedClock) -> None:
    client = web.signed_in(web.member)
    clock.advance(timedelta(minutes=119))
    assert client.get("/").status_code == 200
    clock.advance(timedelta(minutes=119))
    assert client.get("/").status_code == 200, "each use starts the idle time again"
    clock.advance(timedelta(minutes=120))
    assert client.get("/").headers["location"] == "/sign-in"
    client.close()


def test_a_session_ended_by_another_process_ends_within_the_cache_seconds(
    web: WebWorld, clock: FixedClock
) -> None:
    """A signed-in visitor is kept in memory for SAMVERKA_TOKEN_CACHE_SECONDS
    (2 s): a session whose row another process deleted (another worker's
    sign-out) still opens a page until then, and not after."""
    client = web.signed_in(web.member)
    assert client.get("/").status_code == 200
    with web_engine(web.k.settings.database_url).begin() as conn:
        conn.execute(sessions.delete())  # as another process would, unseen here
    clock.advance(timedelta(seconds=1))
    assert client.get("/").status_code == 200, "kept in memory"
    clock.advance(timedelta(seconds=1))
    assert client.get("/").headers["location"] == "/sign-in"
    client.close()


def _rows_of(web: WebWorld, person_id: str) -> dict[str, int]:
    """How many rows of each web table are the person's."""
    engine = web_engine(web.k.settings.database_url)
    with engine.connect() as conn:
        return {
            table.name: len(
                conn.execute(table.select().where(table.c.person_id == person_id)).all()
            )
            for table in (sessions, login_links, oidc_subjects)
        }


def test_a_forgotten_person_is_signed_out(web: WebWorld) -> None:
    client = web.signed_in(web.member)
    other = web.signed_in(web.moderator)
    web.link(web.member)  # mailed, never opened
    SessionStore(web_engine(web.k.settings.database_url)).link_subject(
        "https://idp.example", "maja-at-idp", web.member, web.k.clock.now()
    )
    assert set(_rows_of(web, web.member).values()) != {0}
    web.k.erasure.forget(UUID(web.member), system())
    # At once, before anyone uses the cookie or the link again.
    assert _rows_of(web, web.member) == {
        "web_sessions": 0,
        "web_login_links": 0,
        "web_oidc_subjects": 0,
    }
    assert _rows_of(web, web.moderator)["web_sessions"] == 1, "nobody else's"
    web.k.projector.catch_up()
    assert client.get("/").headers["location"] == "/sign-in"
    assert other.get("/").status_code == 200
    client.close()
    other.close()


def test_forgetting_over_the_api_ends_the_web_session(web: WebWorld) -> None:
    """`POST /api/v1/persons/{id}/forget` goes through the same erasure service."""
    _, token = issue_token(web.k, "Ada Admin", ApiRole.ADMIN)
    client = web.signed_in(web.member)
    with httpx.Client(base_url=web.base, headers={"authorization": f"Bearer {token}"}) as admin:
        gone = admin.post(f"/api/v1/persons/{web.member}/forget")
    assert gone.status_code == 200, gone.text
    assert _rows_of(web, web.member)["web_sessions"] == 0
    assert client.get("/").headers["location"] == "/sign-in"
    client.close()


def test_a_person_in_no_arena_is_signed_out(web: WebWorld) -> None:
    client = web.signed_in(web.member)
    other = web.signed_in(web.moderator)
    web.k.app.execute(c.RemoveMember(arena_id=web.arena, person_id=UUID(web.member)), SYSTEM)
    web.k.projector.catch_up()
    assert client.get("/").headers["location"] == "/sign-in"
    assert other.get("/").status_code == 200
    with web.client() as anonymous:
        for address in ("maja@example.se", "bengt@example.se"):
            anonymous.post("/sign-in", data={"csrf": _sign_in_form(anonymous), "email": address})
    links_mailed(web.notifier, 1)
    (sent,) = [m.recipients[0].person_id for m in web.notifier.of_kind("sign-in-link")]
    assert sent == web.moderator, "no link for someone in no arena"
    client.close()
    other.close()


@pytest.mark.parametrize("sent", [None, "", "wrong-token-of-the-right-length-0123456789abc"])
def test_a_form_without_the_csrf_token_is_refused(web: WebWorld, sent: str | None) -> None:
    client = web.signed_in(web.member)
    form = {} if sent is None else {"csrf": sent}
    refused = client.post("/sign-out", data=form)
    assert refused.status_code == 403 and "Inget sparades" in refused.text
    assert client.get("/").status_code == 200, "the session was not ended"
    with web.client() as anonymous:
        anonymous.get("/sign-in")
        asked = anonymous.post("/sign-in", data={**form, "email": "maja@example.se"})
        assert asked.status_code == 403
        url = web.link(web.member)
        assert anonymous.post(url, data=form).status_code == 403
    assert web.notifier.of_kind("sign-in-link") == []
    assert _session_count(web) == 1
    client.close()


def test_a_session_cookie_of_another_site_is_not_a_session(web: WebWorld) -> None:
    store = SessionStore(web_engine(web.k.settings.database_url))
    assert store.find("x" * 43, web.k.clock.now()) is None
    with web.client() as client:
        client.cookies.set("samverka_session", "x" * 43)
        assert client.get("/").headers["location"] == "/sign-in"


def test_login_link_prints_a_link_by_id_or_address(web: WebWorld) -> None:
    url = web.k.settings.database_url
    by_address = sv(url, "login-link", "BENGT@example.se").stdout.strip()
    by_id = sv(url, "login-link", web.member).stdout.strip()
    assert by_address.startswith("http://127.0.0.1:8000/sign-in/link/")
    for printed, name in ((by_address, "Bengt Moderator"), (by_id, "Maja Medlem")):
        with web.client() as client:
            link = printed.replace("http://127.0.0.1:8000", web.base)
            client.post(link, data={"csrf": csrf_of(client.get(link).text)})
            assert name in client.get("/").text
    unknown = sv(url, "login-link", "nobody@example.se", check=False, lang="en")
    assert unknown.returncode == 2 and "no such person" in unknown.stderr
    assert "login-link" in sv(url, "--help").stdout


def test_asking_again_and_again_does_not_fill_an_inbox(web: WebWorld) -> None:
    with web.client() as client:
        for _ in range(5):
            client.post(
                "/sign-in", data={"csrf": _sign_in_form(client), "email": "maja@example.se"}
            )
    links = links_mailed(web.notifier, 3)
    assert len(links) == 3 and len(web.notifier.of_kind("sign-in-link")) == 3
    with web.client() as client:  # one of them used: the rest still work
        client.post(links[0], data={"csrf": csrf_of(client.get(links[0]).text)})
        assert client.get("/").status_code == 200
