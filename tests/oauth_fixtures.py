"""OAuth 2.0 for the mail tests, all on loopback: a fake token endpoint that
both MSAL and a plain OAuth client talk to, and an SMTP server that takes
only `AUTH XOAUTH2` and checks each bearer token against it.

`IdentityProvider` is a real HTTPS server in a thread (MSAL insists on an
https authority), with a certificate made by the test and trusted through
SSL_CERT_FILE (OpenSSL, httpx) and REQUESTS_CA_BUNDLE (requests, which MSAL
uses). It serves what MSAL reads from an Entra ID tenant — the OpenID
discovery document at `/<tenant>/v2.0/.well-known/openid-configuration` and
the token endpoint `/<tenant>/oauth2/v2.0/token` — and a generic `/token`.
It issues random opaque tokens for the client-credentials grant (client
secret, or a client assertion signed with the registered certificate's key)
and for the JWT-bearer grant (a Google service account acting for a mailbox).
`/introspect` tells a server in another process whether a token is valid.

Tokens are "short-lived" on command: `expire_all()` makes every token issued
so far invalid, as if its hour had passed, without any test waiting.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SmtpServer
from aiosmtpd.smtp import AuthResult
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.certs import key_pem, rsa_key, self_signed
from tests.e2e.server import free_port
from tests.http_fakes import QuietHandler, send_json, serving
from tests.mail_fixtures import MailHandler, MailServer

TENANT = "samverka-test-tenant"
CLIENT_ID = "00000000-0000-0000-0000-00000000c11e"
CLIENT_SECRET = "test-oauth-client-secret-0123456789"
MAILBOX = "samverka@region.test"
REFUSAL = "AADSTS7000215: Invalid client secret provided."


def tls_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed server certificate for localhost and 127.0.0.1."""
    return self_signed(folder, "tls")


def client_certificate(path: Path) -> rsa.RSAPrivateKey:
    """An app registration's certificate: one PEM file with the private key
    and the certificate, as `openssl pkcs12 -nodes` writes it."""
    key = rsa_key()
    cert, _ = self_signed(path.parent, f"{path.stem}-parts", key, common_name="samverka-mail")
    path.write_bytes(key_pem(key) + cert.read_bytes())
    return key


@dataclass
class Issued:
    client_id: str
    scope: str
    subject: str
    grant: str
    valid: bool = True


@dataclass
class IdentityProvider:
    base: str = ""
    lifetime: int = 3600
    client_secret: str = CLIENT_SECRET
    public_key: Any = None  # the registered certificate's key, for assertions
    refuse: bool = False  # every token request: invalid_client
    tokens: dict[str, Issued] = field(default_factory=dict)
    requests: list[dict[str, str]] = field(default_factory=list)
    discovery_reads: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def authority(self) -> str:
        return f"{self.base}/{TENANT}"

    @property
    def entra_token_url(self) -> str:
        return f"{self.authority}/oauth2/v2.0/token"

    @property
    def token_url(self) -> str:
        return f"{self.base}/token"

    @property
    def issued(self) -> list[Issued]:
        with self.lock:
            return list(self.tokens.values())

    def valid(self, token: str) -> Issued | None:
        with self.lock:
            found = self.tokens.get(token)
            return found if found is not None and found.valid else None

    def expire_all(self) -> None:
        """Every token issued so far has run out (as if its hour had passed)."""
        with self.lock:
            for issued in self.tokens.values():
                issued.valid = False

    def discovery(self) -> dict[str, str]:
        return {
            "issuer": f"{self.authority}/v2.0",
            "authorization_endpoint": f"{self.authority}/oauth2/v2.0/authorize",
            "token_endpoint": self.entra_token_url,
            "jwks_uri": f"{self.authority}/discovery/v2.0/keys",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def token(
        self, url: str, form: dict[str, str], basic: tuple[str, str] | None
    ) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.requests.append({k: v for k, v in form.items() if k not in ("client_secret",)})
        if self.refuse:
            return 401, {"error": "invalid_client", "error_description": REFUSAL}
        grant = form.get("grant_type", "")
        subject = ""
        if grant == "client_credentials":
            client_id = form.get("client_id") or (basic[0] if basic else "")
            if client_id != CLIENT_ID:
                return 400, {"error": "unauthorized_client", "error_description": "unknown client"}
            if "client_assertion" in form:
                if not self._assertion_ok(form["client_assertion"], issuer=CLIENT_ID, audience=url):
                    return 401, {"error": "invalid_client", "error_description": "bad assertion"}
            else:
                secret = form.get("client_secret") or (basic[1] if basic else "")
                if secret != self.client_secret:
                    return 401, {"error": "invalid_client", "error_description": REFUSAL}
        elif grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            claims = self._claims(form.get("assertion", ""), audience=url)
            if claims is None or claims.get("iss") != CLIENT_ID or not claims.get("sub"):
                return 400, {"error": "invalid_grant", "error_description": "Invalid JWT"}
            subject = str(claims["sub"])
            form = {**form, "scope": str(claims.get("scope", ""))}
        else:
            return 400, {"error": "unsupported_grant_type"}
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = Issued(CLIENT_ID, form.get("scope", ""), subject, grant)
        return 200, {"token_type": "Bearer", "expires_in": self.lifetime, "access_token": token}

    def _claims(self, assertion: str, *, audience: str) -> dict[str, Any] | None:
        if self.public_key is None:
            return None
        try:
            claims: dict[str, Any] = jwt.decode(
                assertion,
                self.public_key,
                algorithms=["RS256", "PS256", "ES256"],
                audience=audience,
                options={"require": ["exp", "iat", "iss", "aud"]},
            )
        except jwt.PyJWTError:
            return None
        return claims

    def _assertion_ok(self, assertion: str, *, issuer: str, audience: str) -> bool:
        claims = self._claims(assertion, audience=audience)
        return claims is not None and claims.get("iss") == issuer and claims.get("sub") == issuer


def _handler(idp: IdentityProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def _answer(self, status: int, body: dict[str, Any]) -> None:
            send_json(self, status, body)

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == f"/{TENANT}/v2.0/.well-known/openid-configuration":
                idp.discovery_reads += 1
                self._answer(200, idp.discovery())
            else:
                self._answer(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length).decode()
            form = {k: v[0] for k, v in parse_qs(raw).items()}
            path = urlsplit(self.path).path
            if path == "/introspect":
                found = idp.valid(form.get("token", ""))
                body = {"active": found is not None}
                if found is not None:
                    body |= {"sub": found.subject, "scope": found.scope}
                self._answer(200, body)
                return
            if path not in (f"/{TENANT}/oauth2/v2.0/token", "/token"):
                self._answer(404, {"error": "not_found"})
                return
            basic = None
            header = self.headers.get("Authorization", "")
            if header.startswith("Basic "):
                try:
                    user, _, password = base64.b64decode(header[6:]).decode().partition(":")
                except (binascii.Error, UnicodeDecodeError):
                    user, password = "", ""
                from urllib.parse import unquote

                basic = (unquote(user), unquote(password))
            status, body = idp.token(f"{idp.base}{path}", form, basic)
            self._answer(status, body)

    return Handler


@contextmanager
def identity_provider(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[IdentityProvider]:
    cert, key = tls_certificate(folder)
    # httpx and ssl read SSL_CERT_FILE; requests (MSAL) reads REQUESTS_CA_BUNDLE.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    idp = IdentityProvider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(idp))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    idp.base = f"https://localhost:{server.server_address[1]}"
    with serving(server):
        yield idp


@dataclass
class XOAuth2Handler(MailHandler):
    """Takes mail only after `AUTH XOAUTH2` with a token the provider issued
    (and still holds valid) for `mailbox`; answers a refused token the way
    Exchange Online does: an error challenge, then 535."""

    idp: IdentityProvider | None = None
    mailbox: str = MAILBOX
    accept: bool = True  # False: refuse every token (a revoked consent, say)
    attempts: list[bool] = field(default_factory=list)

    async def auth_XOAUTH2(self, server: SmtpServer, args: list[str]) -> AuthResult:
        if len(args) > 1:
            blob = args[1].encode()
        else:
            answered = await server.challenge_auth("")
            if not isinstance(answered, bytes):
                return AuthResult(success=False, handled=True)
            blob = answered
        try:
            text = base64.b64decode(blob, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return AuthResult(success=False, handled=False, message="501 5.5.2 Cannot decode")
        fields = dict(part.split("=", 1) for part in text.split("\x01") if "=" in part)
        token = fields.get("auth", "").removeprefix("Bearer ")
        ok = (
            self.accept
            and self.idp is not None
            and fields.get("user") == self.mailbox
            and self.idp.valid(token) is not None
        )
        with self.lock:
            self.attempts.append(bool(ok))
        if ok:
            return AuthResult(success=True, auth_data=fields.get("user"))
        error = {"status": "401", "schemes": "bearer", "scope": "https://outlook.office365.com/"}
        await server.challenge_auth(json.dumps(error))  # the client answers with an empty line
        return AuthResult(
            success=False, handled=False, message="535 5.7.3 Authentication unsuccessful"
        )


@pytest.fixture
def idp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[IdentityProvider]:
    """The identity provider, serving for the test (a fixture: import it)."""
    with identity_provider(tmp_path, monkeypatch) as provider:
        yield provider


@contextmanager
def xoauth2_smtp_server(idp: IdentityProvider) -> Iterator[tuple[MailServer, XOAuth2Handler]]:
    """A real aiosmtpd server that offers only AUTH XOAUTH2 and requires it
    (plain text on loopback: the client sends a token without TLS only there)."""
    handler = XOAuth2Handler(idp=idp)
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        auth_required=True,
        auth_require_tls=False,
        auth_exclude_mechanism=["LOGIN", "PLAIN"],
    )
    controller.start()
    try:
        yield MailServer("127.0.0.1", port, handler), handler
    finally:
        controller.stop()


@pytest.fixture
def xoauth2_smtp(idp: IdentityProvider) -> Iterator[tuple[MailServer, XOAuth2Handler]]:
    """xoauth2_smtp_server, serving for the test (a fixture: import it)."""
    with xoauth2_smtp_server(idp) as pair:
        yield pair
