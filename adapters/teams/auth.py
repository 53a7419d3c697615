"""Who may post to /api/messages: a request whose bearer token the Bot
Framework (or Entra ID) signed for this bot.

The Agents SDK's own `JwtTokenValidator` finds its keys at fixed Microsoft
addresses and checks expiry against the machine's clock; Samverka checks the
same things (RS256 signature against the published keys, issuer, audience =
the app id, expiry with five minutes' leeway, and that the token was issued
for the activity's serviceUrl) but finds the keys through the OpenID metadata
document of SAMVERKA_TEAMS_OPENID_METADATA_URL and reads the time from the
service's clock, so a deployment can point at another cloud and tests at a
local issuer.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import jwt
import structlog
from cachetools import TTLCache

from services.ports import Clock

log = structlog.get_logger(__name__)
LEEWAY = timedelta(minutes=5)  # what the Bot Framework allows for clock skew
_METADATA_SECONDS = 24 * 3600  # the keys rotate; the document says where they are


class Unauthorized(Exception):
    """The request is not from the Bot Framework for this bot (a short reason)."""


@dataclass(frozen=True)
class Caller:
    """What a valid token says about the request."""

    issuer: str
    service_url: str | None
    claims: dict[str, Any]


class TokenValidator:
    def __init__(
        self, app_id: str, metadata_url: str, clock: Clock, *, timeout: float = 10.0
    ) -> None:
        self.app_id = app_id
        self.metadata_url = metadata_url
        self.clock = clock
        self.timeout = timeout
        self._metadata: TTLCache[str, dict[str, Any]] = TTLCache(1, _METADATA_SECONDS)
        self._keys: dict[str, jwt.PyJWKClient] = {}
        self._lock = threading.Lock()

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            found = self._metadata.get("doc")
            if found is None:
                response = httpx.get(self.metadata_url, timeout=self.timeout)
                response.raise_for_status()
                found = response.json()
                if not isinstance(found, dict) or not isinstance(found.get("jwks_uri"), str):
                    raise Unauthorized("metadata")
                self._metadata["doc"] = found
            return found

    def _key_client(self, jwks_uri: str) -> jwt.PyJWKClient:
        with self._lock:
            client = self._keys.get(jwks_uri)
            if client is None:
                client = jwt.PyJWKClient(jwks_uri, cache_keys=True, timeout=int(self.timeout))
                self._keys[jwks_uri] = client
            return client

    def validate(self, authorization: str | None) -> Caller:
        """The caller, or Unauthorized. Blocking (it may fetch the keys)."""
        if not authorization:
            raise Unauthorized("no_token")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("not_bearer")
        try:
            metadata = self.metadata()
        except (httpx.HTTPError, ValueError) as error:
            log.warning("teams.openid_metadata_failed", error=type(error).__name__)
            raise Unauthorized("metadata") from None
        try:
            key = self._key_client(metadata["jwks_uri"]).get_signing_key_from_jwt(token.strip())
            claims: dict[str, Any] = jwt.decode(
                token.strip(),
                key=key,
                algorithms=["RS256"],
                audience=self.app_id,
                issuer=metadata.get("issuer") or None,
                # Expiry is checked below, against the service's clock.
                options={"verify_exp": False, "verify_nbf": False, "verify_iat": False},
            )
        except jwt.PyJWTError as error:
            raise Unauthorized(type(error).__name__) from None
        now = self.clock.now().timestamp()
        leeway = LEEWAY.total_seconds()
        exp = claims.get("exp")
        if not isinstance(exp, int | float) or exp + leeway < now:
            raise Unauthorized("expired")
        nbf = claims.get("nbf")
        if isinstance(nbf, int | float) and nbf - leeway > now:
            raise Unauthorized("not_yet_valid")
        # The router checks it against the activity's serviceUrl: a token for one
        # address must not send the bot's replies (and its own token) to another.
        claimed = claims.get("serviceurl")
        return Caller(
            issuer=str(claims.get("iss")),
            service_url=claimed if isinstance(claimed, str) else None,
            claims=claims,
        )
