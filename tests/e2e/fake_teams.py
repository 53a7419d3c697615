"""Local fakes of what Microsoft runs for a Teams bot, each a real HTTP
server in a thread on loopback:

- the Bot Framework's token issuer: an OpenID configuration and a JWKS with
  a key the test generates, and `token()` to sign activities' bearer tokens
  with it (or, to be refused, with another key, for another audience, ...);
- the Bot Connector API (an activity's serviceUrl): records replies and
  answers roster look-ups from `members`;
- Entra ID's token endpoint for MSAL's client-credentials flow, over HTTPS
  with a certificate made here (MSAL takes only https authorities; the
  process trusts it through REQUESTS_CA_BUNDLE).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.certs import rsa_key, self_signed
from tests.e2e.fake_slack import Bucket
from tests.http_fakes import QuietHandler, send_json, serving

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
APP_ID = "00000000-0000-4000-8000-0000000b0701"
TENANT_ID = "11111111-1111-4111-8111-111111111111"
APP_SECRET = "teams-test-secret-" + "x" * 24
KID = "bf-test-key-1"
ACCESS_TOKEN = "fake-connector-access-token"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass
class Issuer:
    """The Bot Framework's side: the keys, and tokens signed with them."""

    url: str = ""
    key: rsa.RSAPrivateKey = field(default_factory=rsa_key)
    metadata_requests: int = 0

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/v1/.well-known/openidconfiguration"

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [public | {"kid": KID, "use": "sig", "alg": "RS256"}]}

    def token(
        self,
        *,
        service_url: str | None,
        now: dt.datetime,
        audience: str = APP_ID,
        issuer: str = BOT_FRAMEWORK_ISSUER,
        lifetime: dt.timedelta = dt.timedelta(hours=1),
        key: rsa.RSAPrivateKey | None = None,
    ) -> str:
        claims: dict[str, Any] = {
            "iss": issuer,
            "aud": audience,
            "nbf": int((now - dt.timedelta(minutes=5)).timestamp()),
            "exp": int((now + lifetime).timestamp()),
        }
        if service_url is not None:
            claims["serviceurl"] = service_url
        pem = (key or self.key).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": KID})


@dataclass
class Connector:
    """The Bot Connector API: what the bot sent, and the rosters it reads."""

    url: str = ""
    # Teams user id -> the member as the roster gives them.
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)
    authorizations: list[str] = field(default_factory=list)
    # The next this many posts are answered 429 with this Retry-After.
    throttle: int = 0
    retry_after: str = "1"
    throttled: int = 0
    # Posts to a conversation whose id holds this text are answered this status.
    refuse: dict[str, int] = field(default_factory=dict)
    # A rate limit on proactive posts (not replies), like the Connector's per bot:
    # 429 with Retry-After in whole seconds.
    bucket: Bucket | None = None
    # While set, posts wait until this event is set (a Connector that is slow).
    hold: threading.Event | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def replies(self) -> list[dict[str, Any]]:
        with self._lock:
            return [s["body"] for s in self.sent]

    def texts(self) -> list[str]:
        return [str(r.get("text") or "") for r in self.replies()]

    def posted_to(self, conversation_id: str) -> list[dict[str, Any]]:
        """What was posted in this conversation (proactively or as replies)."""
        with self._lock:
            return [
                s["body"]
                for s in self.sent
                if unquote(s["path"]).split("/v3/conversations/", 1)[-1].split("/")[0]
                == conversation_id
            ]

    def cards(self, conversation_id: str) -> list[dict[str, Any]]:
        return [
            a["content"]
            for body in self.posted_to(conversation_id)
            for a in body.get("attachments") or []
        ]


@dataclass
class TokenEndpoint:
    """Entra ID for the tenant: its OpenID configuration and token endpoint."""

    url: str = ""
    requests: list[dict[str, list[str]]] = field(default_factory=list)
    # The app's certificate, when it signs in with one instead of a secret.
    certificate: x509.Certificate | None = None

    @property
    def authority(self) -> str:
        return f"{self.url}/{TENANT_ID}"

    @property
    def token_url(self) -> str:
        return f"{self.authority}/oauth2/v2.0/token"

    def client_ok(self, form: dict[str, list[str]]) -> bool:
        """The client's secret, or its assertion signed with the certificate's key."""
        if form.get("client_id") != [APP_ID]:
            return False
        if self.certificate is None:
            return form.get("client_secret") == [APP_SECRET]
        if form.get("client_assertion_type") != [ASSERTION_TYPE]:
            return False
        assertion = (form.get("client_assertion") or [""])[0]
        try:
            claims = jwt.decode(
                assertion,
                self.certificate.public_key(),  # type: ignore[arg-type]
                algorithms=["RS256", "PS256"],
                audience=self.token_url,
                options={"verify_exp": False},
            )
        except jwt.PyJWTError:
            return False
        return bool(claims.get("iss") == claims.get("sub") == APP_ID)


def _issuer_handler(issuer: Issuer) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def do_GET(self) -> None:
            if self.path == "/v1/.well-known/openidconfiguration":
                issuer.metadata_requests += 1
                body = {"issuer": BOT_FRAMEWORK_ISSUER, "jwks_uri": f"{issuer.url}/keys"}
                send_json(self, 200, body)
            elif self.path == "/keys":
                send_json(self, 200, issuer.jwks())
            else:
                send_json(self, 404, {})

    return Handler


def _connector_handler(connector: Connector) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def do_GET(self) -> None:
            parts = self.path.removeprefix("/teams").strip("/").split("/")
            # v3/conversations/{conversation}/members/{member}
            if len(parts) == 5 and parts[:2] == ["v3", "conversations"] and parts[3] == "members":
                with connector._lock:
                    connector.authorizations.append(self.headers.get("Authorization", ""))
                found = connector.members.get(parts[4])
                send_json(self, 200 if found else 404, found or {"error": {"code": "NotFound"}})
            else:
                send_json(self, 404, {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if connector.hold is not None:
                connector.hold.wait()
            refused = next(
                (code for part, code in connector.refuse.items() if part in unquote(self.path)),
                None,
            )
            if refused is not None:
                send_json(self, refused, {"error": {"code": "Refused"}})
                return
            proactive = self.path.rstrip("/").endswith("/activities")
            with connector._lock:
                connector.authorizations.append(self.headers.get("Authorization", ""))
                wait = connector.bucket.take() if connector.bucket and proactive else 0.0
                retry_after = str(max(1, math.ceil(wait))) if wait else connector.retry_after
                throttled = connector.throttle > 0 or wait > 0
                if throttled:
                    connector.throttle = (
                        max(0, connector.throttle - 1) if not wait else connector.throttle
                    )
                    connector.throttled += 1
                else:
                    connector.sent.append({"path": self.path, "body": body})
                number = len(connector.sent)
            if throttled:
                data = b'{"error": {"code": "TooManyRequests"}}'
                self.send_response(429)
                self.send_header("Retry-After", retry_after)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            send_json(self, 201, {"id": f"reply-{number}"})

    return Handler


def _token_handler(endpoint: TokenEndpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def do_GET(self) -> None:
            if self.path.startswith(f"/{TENANT_ID}/v2.0/.well-known/openid-configuration"):
                base = endpoint.authority
                send_json(
                    self,
                    200,
                    {
                        "issuer": f"{base}/v2.0",
                        "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                        "token_endpoint": f"{base}/oauth2/v2.0/token",
                    },
                )
            else:
                send_json(self, 404, {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode())
            endpoint.requests.append(form)
            if form.get("grant_type") != ["client_credentials"] or not endpoint.client_ok(form):
                send_json(self, 401, {"error": "invalid_client"})
                return
            body = {"access_token": ACCESS_TOKEN, "token_type": "Bearer", "expires_in": 3600}
            send_json(self, 200, body)

    return Handler


def app_certificate(folder: Path) -> tuple[Path, x509.Certificate]:
    """The bot's certificate and key in one PEM file, as Samverka takes it."""
    cert, key = self_signed(folder, "app", rsa_key(), common_name="127.0.0.1")
    both = folder / "app-with-key.pem"
    both.write_bytes(cert.read_bytes() + key.read_bytes())
    return both, x509.load_pem_x509_certificate(cert.read_bytes())


class _Server(ThreadingHTTPServer):
    # Many connections at once (a round of cards, 20 members writing): the
    # default backlog of 5 would drop connections, and the client's retry of
    # its SYN a second later would be measured as the bot's slowness.
    request_queue_size = 256
    daemon_threads = True


@dataclass
class FakeMicrosoft:
    issuer: Issuer
    connector: Connector
    login: TokenEndpoint
    ca_file: Path


@contextmanager
def fake_microsoft(folder: Path) -> Iterator[FakeMicrosoft]:
    issuer, connector, login = Issuer(), Connector(), TokenEndpoint()
    cert, key = self_signed(folder, "fake-login", common_name="127.0.0.1")
    servers = [
        _Server(("127.0.0.1", 0), _issuer_handler(issuer)),
        _Server(("127.0.0.1", 0), _connector_handler(connector)),
        _Server(("127.0.0.1", 0), _token_handler(login)),
    ]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    servers[2].socket = context.wrap_socket(servers[2].socket, server_side=True)
    issuer.url = f"http://127.0.0.1:{servers[0].server_address[1]}"
    connector.url = f"http://127.0.0.1:{servers[1].server_address[1]}/teams/"
    login.url = f"https://127.0.0.1:{servers[2].server_address[1]}"
    with serving(*servers):
        yield FakeMicrosoft(issuer, connector, login, cert)
