"""A small OpenID provider for the tests, on loopback: a real HTTP server in
a thread with a discovery document, a JWKS, an authorize endpoint that sends
the browser straight back with a code (the person "signed in" is whoever the
test put in `next_login`), and a token endpoint that checks the client's
secret and the PKCE verifier and issues real RS256-signed ID tokens.

`tamper` makes the next ID token wrong in one way (another nonce, audience
or issuer, signed by another key, expired), to show the door refuses it.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import RSAKey

from samverka.settings import Settings
from tests.clock import FixedClock
from tests.e2e.server import serving
from tests.http_fakes import QuietHandler, send_json

CLIENT_ID = "samverka-test"
CLIENT_SECRET = "test-client-secret-" + "x" * 24
KID = "test-key-1"
PROVIDER_NAME = "Testleverantören"


@dataclass
class Grant:
    claims: dict[str, Any]
    nonce: str
    challenge: str
    method: str
    redirect_uri: str


@dataclass
class OpenIdProvider:
    clock: FixedClock
    issuer: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": KID}))
    # Who signs in at the next visit to /authorize (None: the person cancels).
    next_login: dict[str, Any] | None = None
    tamper: str | None = None
    grants: dict[str, Grant] = field(default_factory=dict)
    # What the door sent, for the tests to look at.
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    pkce_checked: int = 0

    def rotate_key(self, kid: str) -> None:
        """A new signing key under a new kid, as providers do now and then."""
        self.key = RSAKey.generate_key(2048, {"kid": kid})

    def login_as(self, email: str | None, sub: str, **more: Any) -> None:
        self.next_login = {"sub": sub, **({"email": email} if email else {}), **more}

    # -- the endpoints ------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {
            # A document that names another issuer must not be trusted.
            "issuer": "https://impostor.example" if self.tamper == "discovery" else self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }

    def jwks(self) -> dict[str, Any]:
        public = self.key.as_dict(private=False)
        return {"keys": [{**public, "use": "sig", "alg": "RS256"}]}

    def authorize(self, query: dict[str, str]) -> str:
        """Where the browser goes next: back to the client, with a code."""
        self.authorize_requests.append(query)
        redirect_uri = query["redirect_uri"]
        assert query["response_type"] == "code" and query["client_id"] == CLIENT_ID
        if self.next_login is None:
            return (
                f"{redirect_uri}?{urlencode({'error': 'access_denied', 'state': query['state']})}"
            )
        code = secrets.token_urlsafe(24)
        self.grants[code] = Grant(
            claims=dict(self.next_login),
            nonce=query.get("nonce", ""),
            challenge=query.get("code_challenge", ""),
            method=query.get("code_challenge_method", ""),
            redirect_uri=redirect_uri,
        )
        return f"{redirect_uri}?{urlencode({'code': code, 'state': query['state']})}"

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        if authorization != _basic(CLIENT_ID, CLIENT_SECRET):
            return 401, {"error": "invalid_client"}
        grant = self.grants.pop(form.get("code", ""), None)
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant.redirect_uri:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        if grant.method != "S256" or create_s256_code_challenge(verifier) != grant.challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        self.pkce_checked += 1
        return 200, {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(grant),
        }

    def id_token(self, grant: Grant) -> str:
        now = int(self.clock.now().timestamp())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.nonce,
            **grant.claims,
        }
        key = self.key
        kid = str(key.kid)
        match self.tamper:
            case "nonce":
                claims["nonce"] = "another-nonce"
            case "no-nonce":
                del claims["nonce"]
            case "audience":
                claims["aud"] = "another-client"
            case "issuer":
                claims["iss"] = "https://another-provider.example"
            case "expired":
                claims["iat"], claims["exp"] = now - 900, now - 600
            case "signature":
                key = RSAKey.generate_key(2048, {"kid": kid})  # the same kid, another key
        return jwt.encode({"alg": "RS256", "kid": kid}, claims, key)


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _handler(provider: OpenIdProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def _json(self, status: int, body: dict[str, Any]) -> None:
            send_json(self, status, body)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/authorize":
                self.send_response(302)
                self.send_header("Location", provider.authorize(query))
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlsplit(self.path).path != "/token":
                self._json(404, {"error": "not_found"})
                return
            status, body = provider.token(form, self.headers.get("Authorization", ""))
            self._json(status, body)

    return Handler


@contextmanager
def running_provider(clock: FixedClock) -> Iterator[OpenIdProvider]:
    """The provider, served on a free loopback port until the block ends."""
    provider = OpenIdProvider(clock)
    with serving(_handler(provider)) as url:
        provider.issuer = url
        yield provider


@pytest.fixture
def provider(clock: FixedClock) -> Iterator[OpenIdProvider]:
    """The local provider, served for one test."""
    with running_provider(clock) as running:
        yield running


def oidc_settings(database_url: str, provider: OpenIdProvider) -> Settings:
    """Settings that sign in through the local provider."""
    return Settings(
        database_url=database_url,
        aggregate_cache_size=100,
        web={
            "oidc": {
                "issuer": provider.issuer,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "provider_name": PROVIDER_NAME,
            }
        },
    )
