"""Calls to the Bot Connector API (the activity's serviceUrl): replies, and
the member's e-mail/UPN, with a token from MSAL's client-credentials flow.

The Agents SDK's `MsalAuth` asks MSAL for the token; its client application
is built here because MSAL must be told two things the SDK does not pass: a
certificate as a PEM file (the SDK takes a PFX), and, for an authority that
is not Microsoft's own login (SAMVERKA_TEAMS_AUTHORITY, e.g. a sovereign
cloud's or a test's), not to ask Microsoft's instance discovery about it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import aiohttp
import msal
import structlog
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from microsoft_agents.activity import Activity, ChannelAccount, ConversationAccount
from microsoft_agents.authentication.msal import MsalAuth
from microsoft_agents.hosting.core import AgentAuthConfiguration
from microsoft_agents.hosting.core.authorization.auth_types import AuthTypes
from microsoft_agents.hosting.core.connector.client import ConnectorClient
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from adapters.teams.config import BOT_CONNECTOR_SCOPE, TeamsConfig
from adapters.teams.store import ConversationRef

log = structlog.get_logger(__name__)
T = TypeVar("T")
Poster = Callable[["ConversationRef", Activity], Awaitable[str]]
MAX_RETRY_AFTER = 60.0
# The longest a door's call may take, 429s waited out included.
CALL_TIMEOUT = 600.0
MICROSOFT_LOGINS = frozenset(
    {"login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn"}
)


def pem_credential(path: str) -> dict[str, str]:
    """MSAL's certificate credential from a PEM file holding the certificate
    and its private key."""
    data = Path(path).read_bytes()
    certificate = x509.load_pem_x509_certificate(data)
    key = serialization.load_pem_private_key(data, password=None)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    der = certificate.public_bytes(serialization.Encoding.DER)
    return {
        "private_key": private,
        "thumbprint": hashlib.sha1(der, usedforsecurity=False).hexdigest(),
        "public_certificate": certificate.public_bytes(serialization.Encoding.PEM).decode(),
    }


class SamverkaMsalAuth(MsalAuth):
    def __init__(self, config: TeamsConfig) -> None:
        self.teams = config
        super().__init__(
            AgentAuthConfiguration(
                auth_type=AuthTypes.certificate
                if config.app_certificate
                else AuthTypes.client_secret,
                client_id=config.app_id,
                tenant_id=config.tenant_id,
                client_secret=config.app_secret or None,
                # Only checked for presence by the SDK: the PEM is read below.
                cert_pfx_file=config.app_certificate or None,
                authority=config.authority_url,
                scopes=[BOT_CONNECTOR_SCOPE],
            )
        )

    def _create_client_application(
        self, tenant_id: str | None = None
    ) -> msal.ConfidentialClientApplication:
        config = self.teams
        credential: Any = (
            pem_credential(config.app_certificate) if config.app_certificate else config.app_secret
        )
        microsoft = urlsplit(config.authority_url).hostname in MICROSOFT_LOGINS
        return msal.ConfidentialClientApplication(
            client_id=config.app_id,
            authority=config.authority_url,
            client_credential=credential,
            instance_discovery=None if microsoft else False,
            timeout=config.timeout,
        )


def _throttled(error: BaseException) -> bool:
    return isinstance(error, aiohttp.ClientResponseError) and error.status == 429


def _retry_after(state: RetryCallState) -> float:
    """As long as the Connector's Retry-After says (seconds), at most a minute."""
    error = state.outcome.exception() if state.outcome else None
    headers = getattr(error, "headers", None) or {}
    try:
        wanted = float(headers.get("Retry-After", "1"))
    except ValueError:
        wanted = 1.0
    return min(max(wanted, 0.0), MAX_RETRY_AFTER)


class Connector:
    """The Bot Connector API, for one activity's serviceUrl at a time.

    A 429 is waited out as its Retry-After says, up to `max_retries` times
    per call; a throttled call posted nothing, so trying again never posts
    twice."""

    def __init__(self, config: TeamsConfig) -> None:
        self.auth = SamverkaMsalAuth(config)
        self.max_retries = config.max_retries
        # The door's calls run on one loop of their own, so their clients
        # (and connections) are kept from one call to the next.
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_lock = threading.Lock()
        self._kept: dict[str, tuple[str, ConnectorClient]] = {}

    def run(self, call: Coroutine[Any, Any, T]) -> T:
        """Runs `call` on the connector's own loop and waits for it
        (blocking; from any thread but that loop's)."""
        return self.submit(call).result(CALL_TIMEOUT)

    def submit(self, call: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Starts `call` on the connector's own loop; returns at once."""
        with self._loop_lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                threading.Thread(
                    target=self._loop.run_forever, name="teams-connector", daemon=True
                ).start()
            loop = self._loop
        return asyncio.run_coroutine_threadsafe(call, loop)

    def close(self) -> None:
        with self._loop_lock:
            loop, self._loop = self._loop, None
        if loop is None:
            return

        async def closed() -> None:
            for _, client in self._kept.values():
                await client.close()
            self._kept.clear()

        try:
            asyncio.run_coroutine_threadsafe(closed(), loop).result(5.0)
        except (TimeoutError, aiohttp.ClientError, OSError):
            log.info("teams.connector_close_slow")  # the process is going anyway
        loop.call_soon_threadsafe(loop.stop)

    async def _kept_client(self, service_url: str) -> ConnectorClient:
        """A client for the address, kept while its token is the one MSAL
        gives (on the connector's own loop only)."""
        token = await self.auth.get_access_token(service_url, [BOT_CONNECTOR_SCOPE])
        kept = self._kept.get(service_url)
        if kept is not None and kept[0] == token:
            return kept[1]
        client = ConnectorClient(service_url, token)
        self._kept[service_url] = (token, client)
        if kept is not None:
            await kept[1].close()
        return client

    async def _patiently(self, call: Callable[[], Awaitable[T]]) -> T:
        retrying = AsyncRetrying(
            retry=retry_if_exception(_throttled),
            wait=_retry_after,
            stop=stop_after_attempt(self.max_retries + 1),
            reraise=True,
            before_sleep=lambda _: log.info("teams.throttled"),
        )
        async for attempt in retrying:
            with attempt:
                return await call()
        raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

    async def _client(self, service_url: str) -> ConnectorClient:
        token = await self.auth.get_access_token(service_url, [BOT_CONNECTOR_SCOPE])
        return ConnectorClient(service_url, token)

    async def reply(self, to: Activity, reply: Activity) -> None:
        """Answers the activity in its conversation (on the connector's loop: `run`)."""
        client = await self._kept_client(str(to.service_url))
        reply = reply.model_copy(
            update={
                "conversation": to.conversation,
                "recipient": to.from_property,
                "from_property": to.recipient,
                "reply_to_id": to.id,
            }
        )
        conversation, activity_id = str(to.conversation.id), str(to.id or "")
        operations = client.conversations
        if activity_id:
            await self._patiently(
                lambda: operations.reply_to_activity(conversation, activity_id, reply)
            )
        else:
            await self._patiently(lambda: operations.send_to_conversation(conversation, reply))

    @asynccontextmanager
    async def poster(self, service_url: str) -> AsyncIterator[Poster]:
        """Posts activities in conversations at one service address (proactive
        messages), through one client and token: `await post(to, activity)`
        returns the id the Connector gave it."""
        client = await self._client(service_url)
        operations = client.conversations

        async def post(to: ConversationRef, activity: Activity) -> str:
            activity = activity.model_copy(
                update={
                    "conversation": ConversationAccount(
                        id=to.conversation_id, tenant_id=to.tenant_id or None
                    )
                }
            )
            found = await self._patiently(
                lambda: operations.send_to_conversation(to.conversation_id, activity)
            )
            return str(found.id or "")

        try:
            yield post
        finally:
            await client.close()

    async def member(
        self, activity: Activity, member_id: str | None = None
    ) -> ChannelAccount | None:
        """The sender (or another member: one they mention) as the
        conversation's roster has them (with e-mail and UPN; on the
        connector's loop: `run`)."""
        client = await self._kept_client(str(activity.service_url))
        conversation = str(activity.conversation.id)
        member = member_id or str(activity.from_property.id)
        operations = client.conversations
        return await self._patiently(
            lambda: operations.get_conversation_member(conversation, member)
        )
