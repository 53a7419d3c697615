"""Sign-in with OpenID Connect: the authorization code flow with PKCE, against
any provider (Microsoft Entra ID, Google, Keycloak, a broker in front of
Freja eID or BankID).

Built on Authlib's OAuth 2.0 and OpenID Connect core (the authorization
request, the token request and its client authentication, the PKCE
challenge, the ID token's claims) and joserfc (the ID token's signature,
checked with the provider's published keys). The provider is found by its
discovery document, `<issuer>/.well-known/openid-configuration`.

What is checked, so a login cannot be forged or replayed: the state (bound
to the browser by a cookie, used once: routes_oidc.py and the flow table),
the PKCE verifier (the provider checks it), and the ID token's signature
(an asymmetric algorithm only, with a key from the JWKS), `iss`, `aud`
(and `azp`), `exp`, `iat`, `nbf` against the door's clock, the nonce, and
`at_hash` when the provider sends one. The door never decides who may sign
in: that is `signin.may_sign_in`, as for sign-in links.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
import structlog
from authlib.oauth2.auth import ClientAuth
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

log = structlog.get_logger(__name__)

CALLBACK_PATH = "/sign-in/oidc/callback"
DISCOVERY = "/.well-known/openid-configuration"
# Only signatures made with the provider's private key: never "none", and
# never HMAC (which would take the client secret as the key).
ASYMMETRIC = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
# Clock difference between the provider and us that is still accepted.
LEEWAY_SECONDS = 60
# How long the discovery document and the keys are kept before asking again
# (a key the provider has just added is fetched at once: see `_keys`).
CACHE_SECONDS = 3600.0
HTTP_TIMEOUT = 10.0
MAX_SUBJECT = 255


class OidcFailed(Exception):
    """The provider's answer could not be trusted or used (the reason is a
    short code for the log, never personal data)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    # The claim holding the e-mail address a first login is linked by.
    link_claim: str = "email"
    # The provider's name on the button ("Logga in med <name>").
    name: str = "OpenID Connect"
    scopes: str = "openid email profile"


@dataclass(frozen=True)
class Started:
    """Where to send the browser, and the secrets to keep until it is back."""

    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class Login:
    """A checked ID token: who the provider says signed in."""

    issuer: str
    subject: str
    claims: Mapping[str, Any]

    def link_value(self, claim: str) -> str | None:
        """The value of the linking claim, when the provider vouches for it."""
        value = self.claims.get(claim)
        if not isinstance(value, str) or not value.strip():
            return None
        # An address the provider itself says is not verified proves nothing.
        if claim == "email" and self.claims.get("email_verified") is False:
            return None
        return value.strip()


class OidcClient:
    """One provider: its metadata and keys (cached), the authorization URL,
    and the code exchanged for a checked ID token."""

    def __init__(self, config: OidcConfig, *, http: httpx.Client | None = None) -> None:
        self.config = config
        self.http = http or httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=False)
        self._lock = threading.Lock()
        self._metadata: tuple[float, dict[str, Any]] | None = None
        self._jwks: tuple[float, KeySet] | None = None

    # -- the provider's metadata and keys -------------------------------------------------

    def _get_json(self, url: str, what: str) -> dict[str, Any]:
        try:
            answer = self.http.get(url, headers={"Accept": "application/json"})
            answer.raise_for_status()
            found = answer.json()
        except (httpx.HTTPError, ValueError) as error:
            log.warning("web.oidc_provider_unreachable", what=what, error=type(error).__name__)
            raise OidcFailed(f"{what}-unreachable") from None
        if not isinstance(found, dict):
            raise OidcFailed(f"{what}-not-an-object")
        return found

    def metadata(self) -> dict[str, Any]:
        """The discovery document, checked to be this issuer's."""
        with self._lock:
            if self._metadata is not None and time.monotonic() < self._metadata[0]:
                return self._metadata[1]
        found = self._get_json(self.config.issuer + DISCOVERY, "discovery")
        if str(found.get("issuer", "")).rstrip("/") != self.config.issuer:
            # OpenID Connect Discovery 1.0, 4.3: the document must name the issuer asked.
            raise OidcFailed("discovery-wrong-issuer")
        for needed in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(found.get(needed), str):
                raise OidcFailed(f"discovery-no-{needed}")
        with self._lock:
            self._metadata = (time.monotonic() + CACHE_SECONDS, found)
        return found

    def _keys(self, *, fresh: bool = False) -> KeySet:
        with self._lock:
            if not fresh and self._jwks is not None and time.monotonic() < self._jwks[0]:
                return self._jwks[1]
        document = self._get_json(str(self.metadata()["jwks_uri"]), "jwks")
        try:
            keys = KeySet.import_key_set(document)  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError):
            raise OidcFailed("jwks-unusable") from None
        with self._lock:
            self._jwks = (time.monotonic() + CACHE_SECONDS, keys)
        return keys

    def _algorithms(self) -> list[str]:
        offered = self.metadata().get("id_token_signing_alg_values_supported") or ["RS256"]
        chosen = sorted(ASYMMETRIC.intersection(a for a in offered if isinstance(a, str)))
        if not chosen:
            raise OidcFailed("no-asymmetric-algorithm")
        return chosen

    def _auth_method(self) -> str:
        offered = self.metadata().get("token_endpoint_auth_methods_supported")
        # client_secret_basic is the default when the provider says nothing (RFC 8414).
        if (
            isinstance(offered, list)
            and "client_secret_basic" not in offered
            and "client_secret_post" in offered
        ):
            return "client_secret_post"
        return "client_secret_basic"

    # -- the flow ---------------------------------------------------------------------

    def start(self, redirect_uri: str) -> Started:
        """The provider's sign-in page, asked with a new state, nonce and PKCE
        challenge (S256)."""
        state = secrets.token_urlsafe(32)
        nonce = secrets.token_urlsafe(32)
        verifier = secrets.token_urlsafe(64)  # 86 characters, within RFC 7636's 43-128
        url = prepare_grant_uri(
            self.metadata()["authorization_endpoint"],
            self.config.client_id,
            "code",
            redirect_uri=redirect_uri,
            scope=self.config.scopes,
            state=state,
            nonce=nonce,
            code_challenge=create_s256_code_challenge(verifier),
            code_challenge_method="S256",
        )
        return Started(url=str(url), state=state, nonce=nonce, code_verifier=verifier)

    def finish(
        self, code: str, redirect_uri: str, nonce: str, code_verifier: str, now: datetime
    ) -> Login:
        """Exchanges the code for tokens and returns the checked ID token."""
        tokens = self._exchange(code, redirect_uri, code_verifier)
        id_token = tokens.get("id_token")
        if not isinstance(id_token, str):
            raise OidcFailed("no-id-token")
        return self.check_id_token(id_token, nonce, now, access_token=tokens.get("access_token"))

    def _exchange(self, code: str, redirect_uri: str, code_verifier: str) -> dict[str, Any]:
        metadata = self.metadata()
        method = self._auth_method()
        body = prepare_token_request(
            "authorization_code",
            redirect_uri=redirect_uri,
            code=code,
            code_verifier=code_verifier,
            # The client is named in the body too when it authenticates in the
            # header (RFC 6749, 4.1.3), as some providers require.
            **({"client_id": self.config.client_id} if method == "client_secret_basic" else {}),
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        url, headers, body = ClientAuth(
            self.config.client_id, self.config.client_secret, method
        ).prepare("POST", metadata["token_endpoint"], headers, body)
        try:
            answer = self.http.post(url, headers=headers, content=body)
            found = answer.json()
        except (httpx.HTTPError, ValueError):
            raise OidcFailed("token-endpoint-unreachable") from None
        if answer.status_code != 200 or not isinstance(found, dict):
            error = found.get("error") if isinstance(found, dict) else None
            log.warning("web.oidc_token_refused", status=answer.status_code, error=str(error))
            raise OidcFailed("token-refused")
        return found

    def check_id_token(
        self, id_token: str, nonce: str, now: datetime, *, access_token: object = None
    ) -> Login:
        """The ID token's claims, once its signature, issuer, audience, times,
        nonce and access-token hash are right; else OidcFailed."""
        algorithms = self._algorithms()
        try:
            try:
                token = jwt.decode(id_token, self._keys(), algorithms=algorithms)
            except InvalidKeyIdError:
                # A key the provider has added since we fetched theirs.
                token = jwt.decode(id_token, self._keys(fresh=True), algorithms=algorithms)
        except JoseError as error:
            raise OidcFailed(f"signature:{error.error}") from None
        except ValueError:
            raise OidcFailed("signature:malformed") from None
        issuer = str(self.metadata()["issuer"])
        params: dict[str, Any] = {"nonce": nonce, "client_id": self.config.client_id}
        if isinstance(access_token, str):
            params["access_token"] = access_token
        claims = CodeIDToken(
            token.claims,
            token.header,
            {
                "iss": {"essential": True, "value": issuer},
                "aud": {"essential": True, "value": self.config.client_id},
                "nonce": {"essential": True, "value": nonce},
            },
            params,
        )
        try:
            claims.validate(now=int(now.timestamp()), leeway=LEEWAY_SECONDS)
        except JoseError as error:
            raise OidcFailed(f"claims:{error.error}:{getattr(error, 'claim', '')}") from None
        subject = claims.get("sub")
        # OpenID Connect Core 1.0, 2: at most 255 ASCII characters.
        if not isinstance(subject, str) or not 0 < len(subject) <= MAX_SUBJECT:
            raise OidcFailed("claims:bad-subject")
        return Login(issuer=issuer, subject=subject, claims=dict(claims))
