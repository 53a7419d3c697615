"""Sign-in with OpenID Connect, over real HTTP, against a local OpenID
provider (tests/e2e/oidc_provider.py) with real RS256-signed ID tokens: the
whole flow with redirects followed, the subject linked at the first login,
and every way a login is refused without anything being recorded."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import httpx
import pytest
from sqlalchemy import select
from structlog.testing import capture_logs

from adapters.web.sessions import oidc_flows, oidc_subjects, sessions, web_engine
from domain import commands as c
from samverka.settings import Settings
from services.commands import system
from tests.e2e.oidc_provider import PROVIDER_NAME, OpenIdProvider, oidc_settings, provider
from tests.e2e.web_world import SYSTEM, WebWorld, container, csrf_of, notifier, web

__all__ = ["container", "notifier", "provider", "web"]  # the fixtures this module uses
UNKNOWN = "Du kan inte logga in i Samverka ännu"
FAILED = "Inloggningen gick inte att slutföra"


@pytest.fixture
def settings(request: pytest.FixtureRequest, tmp_path: Path, provider: OpenIdProvider) -> Settings:
    """Sign-in through the local provider; SQLite unless a test asks for
    PostgreSQL too (`BOTH_DATABASES`)."""
    on_sqlite = getattr(request, "param", "sqlite") == "sqlite"
    url = (
        f"sqlite:///{tmp_path}/samverka.db"
        if on_sqlite
        else request.getfixturevalue("pg_schema_url")
    )
    return oidc_settings(url, provider)


BOTH_DATABASES = pytest.mark.parametrize(
    "settings", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


def _rows(web: WebWorld, table: object) -> list[object]:
    engine = web_engine(web.k.settings.database_url)
    with engine.connect() as conn:
        return list(conn.execute(select(table)).all())  # type: ignore[call-overload]


def _sign_in(web: WebWorld, client: httpx.Client | None = None) -> httpx.Response:
    """Presses "Logga in med …" and follows every redirect, to the provider
    and back."""
    client = client or httpx.Client(base_url=web.base, follow_redirects=True)
    return client.get("/sign-in/oidc")


def _nothing_recorded(web: WebWorld, events_before: int) -> None:
    assert _rows(web, sessions) == []
    assert _rows(web, oidc_subjects) == []
    assert web.k.app.recorder.max_notification_id() == events_before


def test_the_sign_in_page_offers_the_provider_and_the_link(web: WebWorld) -> None:
    with web.client() as client:
        page = client.get("/sign-in").text
    assert f"Logga in med {PROVIDER_NAME}" in page and 'href="/sign-in/oidc"' in page
    assert 'name="email"' in page, "the e-mail link stays"


def test_a_known_address_signs_in(web: WebWorld, provider: OpenIdProvider) -> None:
    provider.login_as("Maja@Example.se", "maja-at-provider", email_verified=True)
    with httpx.Client(base_url=web.base, follow_redirects=True) as client:
        home = _sign_in(web, client)
        assert home.status_code == 200 and str(home.url) == f"{web.base}/"
        assert "Min översikt" in home.text and "Maja Medlem" in home.text
        hops = [r.headers["location"] for r in home.history]
        assert hops[0].startswith(f"{provider.issuer}/authorize?")
        assert hops[1].startswith(f"{web.base}/sign-in/oidc/callback?code=")
        assert hops[2] == "/"
        cookie = home.history[-1].headers["set-cookie"]
        assert "samverka_session=" in cookie and "HttpOnly" in cookie
        assert "samesite=lax" in cookie.lower()
    (asked,) = provider.authorize_requests
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) == 43
    assert asked["scope"] == "openid email profile" and asked["nonce"] and asked["state"]
    assert asked["redirect_uri"] == f"{web.base}/sign-in/oidc/callback"
    assert provider.pkce_checked == 1, "the token endpoint checked the PKCE verifier"
    (link,) = _rows(web, oidc_subjects)
    assert (link.issuer, link.subject, link.person_id) == (  # type: ignore[attr-defined]
        provider.issuer,
        "maja-at-provider",
        web.member,
    )
    assert _rows(web, oidc_flows) == [], "the flow is used up"


@BOTH_DATABASES
def test_the_subject_is_used_once_linked_even_if_the_address_changed(
    web: WebWorld, provider: OpenIdProvider
) -> None:
    provider.login_as("maja@example.se", "maja-at-provider")
    assert "Maja Medlem" in _sign_in(web).text
    provider.login_as("maja.ny@annanregion.se", "maja-at-provider")
    second = _sign_in(web)
    assert second.status_code == 200 and "Maja Medlem" in second.text
    assert len(_rows(web, sessions)) == 2
    # Another account at the provider that claims Maja's address is not Maja.
    provider.login_as("maja@example.se", "someone-else")
    third = _sign_in(web)
    assert third.status_code == 403 and UNKNOWN in third.text
    assert len(_rows(web, oidc_subjects)) == 1


def test_an_unknown_address_is_refused_and_nothing_is_recorded(
    web: WebWorld, provider: OpenIdProvider
) -> None:
    before = web.k.app.recorder.max_notification_id()
    provider.login_as("okand@example.se", "stranger")
    refused = _sign_in(web)
    assert refused.status_code == 403 and str(refused.url).startswith(
        f"{web.base}/sign-in/oidc/callback"
    )
    assert '<html lang="sv">' in refused.text
    assert UNKNOWN in refused.text and "En administratör måste lägga till dig" in refused.text
    assert "Inget har sparats." in refused.text and 'href="/sign-in"' in refused.text
    # The way back works once: the language button leads to the sign-in page.
    assert '<input type="hidden" name="next" value="/sign-in">' in refused.text
    _nothing_recorded(web, before)


@pytest.mark.parametrize(
    "claims",
    [
        {},  # no address at all
        {"email": "maja@example.se", "email_verified": False},  # the provider does not vouch
    ],
    ids=["no-email", "unverified-email"],
)
def test_a_login_without_a_usable_address_is_refused(
    web: WebWorld, provider: OpenIdProvider, claims: dict[str, object]
) -> None:
    before = web.k.app.recorder.max_notification_id()
    provider.next_login = {"sub": "maja-at-provider", **claims}
    refused = _sign_in(web)
    assert refused.status_code == 403 and UNKNOWN in refused.text
    _nothing_recorded(web, before)


def test_an_address_shared_by_two_people_is_refused(
    web: WebWorld, provider: OpenIdProvider
) -> None:
    web.k.app.execute(
        c.RegisterPerson(name="Maja Tvilling", email="maja@example.se", organisation="X"), SYSTEM
    )
    web.k.projector.catch_up()
    before = web.k.app.recorder.max_notification_id()
    provider.login_as("maja@example.se", "maja-at-provider")
    assert _sign_in(web).status_code == 403
    _nothing_recorded(web, before)


def test_a_person_in_no_arena_is_refused(web: WebWorld, provider: OpenIdProvider) -> None:
    provider.login_as("maja@example.se", "maja-at-provider")
    assert _sign_in(web).status_code == 200
    web.k.app.execute(c.RemoveMember(arena_id=web.arena, person_id=UUID(web.member)), SYSTEM)
    web.k.projector.catch_up()
    refused = _sign_in(web)
    assert refused.status_code == 403 and UNKNOWN in refused.text


def test_a_forgotten_person_is_refused_and_their_link_forgotten(
    web: WebWorld, provider: OpenIdProvider
) -> None:
    provider.login_as("maja@example.se", "maja-at-provider")
    assert _sign_in(web).status_code == 200
    assert _rows(web, oidc_subjects) != []
    web.k.erasure.forget(UUID(web.member), system())
    assert _rows(web, oidc_subjects) == [], "gone at once, not at the next sign-in"
    web.k.projector.catch_up()
    refused = _sign_in(web)
    assert refused.status_code == 403 and UNKNOWN in refused.text
    assert _rows(web, oidc_subjects) == []


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        ("nonce", "claims:invalid_claim:nonce"),
        ("no-nonce", "claims:missing_claim:nonce"),
        ("audience", "claims:invalid_claim:aud"),
        ("issuer", "claims:invalid_claim:iss"),
        ("signature", "signature:bad_signature"),
        # By the door's clock (the test's), not the machine's.
        ("expired", "claims:expired_token:exp"),
    ],
)
def test_an_id_token_that_fails_a_check_is_refused(
    web: WebWorld, provider: OpenIdProvider, tamper: str, reason: str
) -> None:
    before = web.k.app.recorder.max_notification_id()
    provider.login_as("maja@example.se", "maja-at-provider")
    provider.tamper = tamper
    with capture_logs() as logged:
        refused = _sign_in(web)
    assert refused.status_code == 400 and FAILED in refused.text
    assert {"event": "web.oidc_refused", "reason": reason, "log_level": "warning"} in logged
    assert "samverka_session" not in refused.cookies
    _nothing_recorded(web, before)


def test_the_way_back_only_works_in_the_browser_that_set_off_and_once(
    web: WebWorld, provider: OpenIdProvider
) -> None:
    provider.login_as("maja@example.se", "maja-at-provider")
    with httpx.Client(base_url=web.base, follow_redirects=False) as mine:
        to_provider = mine.get("/sign-in/oidc")
        assert to_provider.status_code == 303
        assert "samverka_oidc=" in to_provider.headers["set-cookie"]
        with httpx.Client(follow_redirects=False) as browser:
            back = browser.get(to_provider.headers["location"]).headers["location"]
        # Someone else's browser (no cookie), e.g. a link an attacker sent.
        with httpx.Client(follow_redirects=False) as other:
            assert other.get(back).status_code == 400
        query = parse_qs(urlsplit(back).query)
        wrong_state = back.replace(query["state"][0], "x" * 43)
        assert mine.get(wrong_state).status_code == 400
        used = mine.get(back)
        assert used.status_code == 303 and used.headers["location"] == "/"
        again = mine.get(back)
        assert again.status_code == 400 and FAILED in again.text, "a state works once"
    assert len(_rows(web, sessions)) == 1


def test_a_subject_longer_than_the_standard_allows_is_refused(
    web: WebWorld, provider: OpenIdProvider
) -> None:
    provider.login_as("maja@example.se", "s" * 256)
    refused = _sign_in(web)
    assert refused.status_code == 400 and FAILED in refused.text
    assert _rows(web, oidc_subjects) == []


def test_a_provider_whose_discovery_document_is_wrong_is_not_used(
    web: WebWorld, provider: OpenIdProvider
) -> None:
    provider.tamper = "discovery"
    provider.login_as("maja@example.se", "maja-at-provider")
    with web.client() as client:
        answer = client.get("/sign-in/oidc")
    assert answer.status_code == 502
    assert f"Det går inte att nå {PROVIDER_NAME} just nu" in answer.text
    assert "logga in med en länk via e-post" in answer.text
    assert provider.authorize_requests == [] and _rows(web, oidc_flows) == []


def test_a_new_key_at_the_provider_is_fetched(web: WebWorld, provider: OpenIdProvider) -> None:
    provider.login_as("maja@example.se", "maja-at-provider")
    assert _sign_in(web).status_code == 200
    provider.rotate_key("test-key-2")
    again = _sign_in(web)
    assert again.status_code == 200 and "Maja Medlem" in again.text


def test_a_cancelled_sign_in_at_the_provider_is_refused(
    web: WebWorld, provider: OpenIdProvider
) -> None:
    provider.next_login = None  # the person pressed "Avbryt" at the provider
    refused = _sign_in(web)
    assert refused.status_code == 400 and FAILED in refused.text
    assert _rows(web, sessions) == []


def test_a_signed_in_visitor_is_sent_home(web: WebWorld, provider: OpenIdProvider) -> None:
    with web.session(web.member) as client:
        answer = client.get("/sign-in/oidc")
        assert answer.status_code == 303 and answer.headers["location"] == "/"
        assert csrf_of(client.get("/").text)
    assert provider.authorize_requests == []
