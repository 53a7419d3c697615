"""OAuth 2.0 access tokens for mail: app-only (client credentials), no person signs in.

Exchange Online and Google Workspace no longer take a password for IMAP and,
soon, SMTP; they take `AUTH XOAUTH2` with a bearer token, and Microsoft Graph
takes the same token in an `Authorization` header. Two providers give it:

- `entra`: MSAL's `ConfidentialClientApplication` (client secret, or a
  certificate from a PEM file holding the private key and its certificate),
  authority `https://login.microsoftonline.com/<tenant>` unless another is set;
- `generic`: a plain OAuth 2.0 token endpoint through Authlib. With a client
  secret that is the client-credentials grant; with a PEM private key it is
  the JWT-bearer grant (RFC 7523) that a Google service account with
  domain-wide delegation uses, on behalf of the mailbox's address.

`CachedTokens` keeps a token until shortly before it expires (one cache
policy for both providers), and `renew()` drops it for a new one: a server
that refuses a token it should take (expired early, revoked) gets one fresh
token and one more try from the caller, never a loop. Tokens and secrets are
never logged; errors carry the provider's error code and text only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import httpx
import structlog
from cachetools import TLRUCache

log = structlog.get_logger(__name__)

ENTRA, GENERIC = "entra", "generic"
MICROSOFT_AUTHORITY = "https://login.microsoftonline.com"
SCOPE_EXCHANGE = "https://outlook.office365.com/.default"
SCOPE_GRAPH = "https://graph.microsoft.com/.default"
SCOPE_GOOGLE_MAIL = "https://mail.google.com/"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# Renew this long before a token expires (half the life of a shorter-lived one),
# so a token is never handed out to expire in the middle of a send.
MARGIN_SECONDS = 300.0
ASSERTION_SECONDS = 600


class TokenError(Exception):
    """No token: the provider refused the client or could not be reached."""


class TokenSource(Protocol):
    def token(self) -> str:
        """A valid access token (cached until shortly before it expires)."""
        ...

    def renew(self) -> str:
        """A new token, whatever the cache holds (the server refused the last)."""
        ...


@dataclass(frozen=True)
class OAuthConfig:
    """What the settings say (samverka/settings.py: SAMVERKA_MAIL_OAUTH_*)."""

    provider: str  # entra | generic
    client_id: str
    scope: str
    client_secret: str = field(default="", repr=False)
    certificate: Path | None = None  # PEM: private key (and, for entra, its certificate)
    authority: str = ""  # entra
    token_url: str = ""  # generic
    timeout: float = 30.0


@dataclass(frozen=True)
class Issued:
    value: str = field(repr=False)
    lifetime: float  # seconds from when it was issued


def _usable_for(_key: object, issued: Issued, now: float) -> float:
    """TLRUCache's time-to-use: until `MARGIN_SECONDS` before expiry."""
    return now + issued.lifetime - min(MARGIN_SECONDS, issued.lifetime / 2)


class CachedTokens:
    """A token source in front of a fetch function, one token at a time."""

    def __init__(
        self, fetch: Callable[[], Issued], *, timer: Callable[[], float] = time.monotonic
    ) -> None:
        self._fetch = fetch
        self._cache: TLRUCache[str, Issued] = TLRUCache(maxsize=1, ttu=_usable_for, timer=timer)
        self._lock = threading.Lock()  # one fetch at a time: the dispatcher and answers share it
        self.fetched = 0

    def token(self) -> str:
        with self._lock:
            issued = self._cache.get("token")
            if issued is None:
                issued = self._new()
            return issued.value

    def renew(self) -> str:
        with self._lock:
            self._cache.clear()
            return self._new().value

    def _new(self) -> Issued:
        issued = self._fetch()
        self.fetched += 1
        self._cache["token"] = issued
        log.info("mail.oauth_token", lifetime=int(issued.lifetime))
        return issued


def read_pem(path: Path) -> tuple[str, str]:
    """(private key, its certificate or "") from a PEM file, both as PEM text."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        data = path.read_bytes()
    except OSError as error:
        raise TokenError(f"cannot read the certificate file {path}: {error}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise TokenError(f"{path} holds no usable private key (PEM): {error}") from None
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    try:
        cert = x509.load_pem_x509_certificate(data)
    except ValueError:
        return pem, ""
    return pem, cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _failure(result: dict[str, Any]) -> str:
    """The provider's error code and the first line of its description."""
    code = str(result.get("error") or "error")
    text = str(result.get("error_description") or "").strip().splitlines()
    return f"{code}: {text[0]}"[:300] if text else code


class EntraFetch:
    """Client-credentials tokens from Microsoft Entra ID through MSAL."""

    def __init__(self, config: OAuthConfig) -> None:
        self.config = config
        self._app: Any = None

    def _application(self) -> Any:
        import msal

        if self._app is None:
            credential: str | dict[str, str]
            if self.config.certificate is not None:
                key, cert = read_pem(self.config.certificate)
                if not cert:
                    raise TokenError(
                        f"{self.config.certificate} holds no certificate: Entra ID needs the "
                        "certificate beside the private key"
                    )
                # With the certificate MSAL signs with its SHA-256 thumbprint (x5t#S256).
                credential = {"private_key": key, "public_certificate": cert}
            else:
                credential = self.config.client_secret
            try:
                # The authority is the administrator's setting, not a guess:
                # no instance discovery at login.microsoftonline.com for it.
                self._app = msal.ConfidentialClientApplication(
                    self.config.client_id,
                    client_credential=credential,
                    authority=self.config.authority,
                    instance_discovery=False,
                    timeout=self.config.timeout,
                )
            except ValueError as error:  # the authority's discovery document
                raise TokenError(f"the authority did not answer as Entra ID: {error}") from None
            except Exception as error:  # requests' connection errors
                raise TokenError(f"cannot reach the authority: {type(error).__name__}") from None
        return self._app

    def __call__(self) -> Issued:
        app = self._application()
        # CachedTokens decides when a token is too old: MSAL's cache must not
        # hand back the one just refused.
        cache = app.token_cache
        for old in list(cache.search(cache.CredentialType.ACCESS_TOKEN)):
            cache.remove_at(old)
        try:
            result = app.acquire_token_for_client(scopes=[self.config.scope])
        except Exception as error:
            raise TokenError(f"cannot reach the token endpoint: {type(error).__name__}") from None
        if "access_token" not in result:
            raise TokenError(_failure(result))
        return Issued(str(result["access_token"]), float(result.get("expires_in", 3600)))


class GenericFetch:
    """Tokens from a standard OAuth 2.0 token endpoint (Authlib): client
    credentials with a secret, or a signed JWT assertion (RFC 7523) for
    `subject` with a private key (a Google service account)."""

    def __init__(
        self, config: OAuthConfig, subject: str, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.config = config
        self.subject = subject
        self.clock = clock

    def __call__(self) -> Issued:
        from authlib.oauth2.auth import ClientAuth
        from authlib.oauth2.rfc6749.parameters import prepare_token_request

        c = self.config
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        if c.certificate is not None:
            # RFC 7523 §2.1: the signed assertion is the whole credential.
            body = prepare_token_request(JWT_BEARER, assertion=self._assertion())
            url = c.token_url
        else:
            body = prepare_token_request("client_credentials", scope=c.scope or None)
            url, headers, body = ClientAuth(
                c.client_id, c.client_secret, "client_secret_basic"
            ).prepare("POST", c.token_url, headers, body)
        try:
            response = httpx.post(url, headers=headers, content=body, timeout=c.timeout)
        except httpx.HTTPError as error:
            raise TokenError(f"cannot reach the token endpoint: {type(error).__name__}") from None
        try:
            token = response.json()
        except ValueError:
            raise TokenError(f"the token endpoint answered HTTP {response.status_code}") from None
        if not isinstance(token, dict):
            raise TokenError(f"the token endpoint answered HTTP {response.status_code}")
        if response.status_code != 200 or not token.get("access_token"):
            token.setdefault("error", f"HTTP {response.status_code}")
            raise TokenError(_failure(token))
        return Issued(str(token["access_token"]), float(token.get("expires_in") or 3600))

    def _assertion(self) -> str:
        """A JWT signed with the service account's key, for `subject`'s mailbox."""
        from joserfc import jwt
        from joserfc.errors import JoseError
        from joserfc.jwk import ECKey, RSAKey

        c = self.config
        if c.certificate is None:  # the caller checked
            raise TokenError("no private key")
        pem, _ = read_pem(c.certificate)
        key: RSAKey | ECKey
        try:
            key, alg = RSAKey.import_key(pem), "RS256"
        except (JoseError, ValueError, TypeError):
            try:
                key, alg = ECKey.import_key(pem), "ES256"
            except (JoseError, ValueError, TypeError) as error:
                raise TokenError(f"{c.certificate}: unusable private key ({error})") from None
        now = int(self.clock())
        claims: dict[str, Any] = {
            "iss": c.client_id,
            "aud": c.token_url,
            "iat": now,
            "exp": now + ASSERTION_SECONDS,
        }
        if self.subject:
            claims["sub"] = self.subject
        if c.scope:
            claims["scope"] = c.scope
        return jwt.encode({"alg": alg, "typ": "JWT"}, claims, key)


def token_source(config: OAuthConfig, subject: str = "") -> CachedTokens:
    """A cached token source for `config`; `subject` is the mailbox a Google
    service account acts for (unused by Entra ID, whose apps act as themselves)."""
    if config.provider == ENTRA:
        return CachedTokens(EntraFetch(config))
    return CachedTokens(GenericFetch(config, subject))


class TokenSources:
    """One cached source per mailbox address, shared by everything in a process."""

    def __init__(self, config: OAuthConfig) -> None:
        self.config = config
        self._sources: dict[str, CachedTokens] = {}
        self._lock = threading.Lock()

    def __call__(self, subject: str = "") -> CachedTokens:
        key = subject.lower() if self.config.provider == GENERIC else ""
        with self._lock:
            if key not in self._sources:
                self._sources[key] = token_source(self.config, key)
            return self._sources[key]
