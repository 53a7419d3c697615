"""The Teams side of the Notifier port: cards in a person's chat with the bot,
and posts to a series' Teams channel.

Each (notification key, conversation) is posted at most once: a post is
recorded in `teams_deliveries` as soon as the Connector took it, before the
dispatcher records the delivery, so a retried notification posts only what
is still missing. Cards go out a few at a time; the Connector's 429s are
waited out as its Retry-After says (adapters/teams/connector.py), and a
throttled post posted nothing, so trying again never posts twice. What
still cannot be posted is reported as failed and retried by the dispatcher
later.

A person is reached here when they are linked to a Teams user (`samverka
teams link`, or by their address) whose personal conversation with the bot
is known: kept when the app was installed for them or they first wrote.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import aiohttp
import structlog
from microsoft_agents.activity import Activity, Attachment

from adapters.teams import notices
from adapters.teams.cards import CONTENT_TYPE
from adapters.teams.config import TeamsConfig
from adapters.teams.connector import Connector, Poster
from adapters.teams.store import ConversationRef, TeamsStore
from adapters.teams.words import lang_of
from services.notifications import Addressee, DeliveryIncomplete, OutgoingNotification

log = structlog.get_logger(__name__)
# The Connector's answers after which posting to that conversation will not work:
# the bot was removed or blocked, or the conversation is gone.
PERMANENT = frozenset({401, 403, 404})
# How long who-is-reachable is trusted within a round.
REACH_SECONDS = 30.0
# Cards in flight at once: the Connector's rate limit, not the round trips,
# should bound how fast a round goes out.
CONCURRENCY = 8


class Unreachable(Exception):
    """This conversation cannot be posted to, now or later."""


class TeamsNotifier:
    def __init__(
        self,
        connector: Connector,
        store: TeamsStore,
        config: TeamsConfig,
        now: Callable[[], datetime],
    ) -> None:
        self.connector = connector
        self.store = store
        self.config = config
        self.now = now
        self._cards: dict[tuple[str, str], dict[str, Any]] = {}
        self._reachable: dict[str, tuple[str, ConversationRef, str | None]] | None = None
        self._reachable_at = 0.0

    # -- who -------------------------------------------------------------------------------

    def _reach(self) -> dict[str, tuple[str, ConversationRef, str | None]]:
        """Who the bot can write to, read once for a round (the routing asks
        for each recipient, then the send), at most REACH_SECONDS old."""
        now = time.monotonic()
        if self._reachable is None or now - self._reachable_at > REACH_SECONDS:
            self._reachable, self._reachable_at = self.store.reachable(), now
        return self._reachable

    def target(self, person_id: str) -> str | None:
        """`user:<aad id>` of the person's Teams user the bot can write to."""
        found = self._reach().get(person_id)
        return found[0] if found else None

    def prefer(self, addressee: Addressee) -> str | None:
        """Teams for a person linked to a Teams user the bot can write to,
        unless they chose e-mail or Slack themselves. One who chose Teams and
        whose chat the bot does not know goes as `auto` would, by Slack or
        e-mail (logged: they may need to open the app once)."""
        if addressee.reach not in (None, "auto", "teams"):
            return None
        if self.target(addressee.person_id):
            return "teams"
        if addressee.reach == "teams":
            log.info("teams.reach_fallback", person_id=addressee.person_id)
        return None

    def _channel_ref(self, conversation_id: str) -> ConversationRef | None:
        """The channel as the bot saw it; else, for a channel the bot was not
        yet written to in, at the service address of the team's other
        channels (a team's channels share it)."""
        known = self.store.conversation(f"channel:{conversation_id}")
        if known is not None:
            return known
        others = self.store.channels()
        if not others:
            return None
        return ConversationRef(others[0]["service_url"], conversation_id, self.config.tenant_id)

    # -- send ------------------------------------------------------------------------------

    def send(self, notification: OutgoingNotification) -> dict[str, str]:
        try:
            return asyncio.run(self._send(notification))
        finally:
            self._reachable = None  # the next notification reads who is reachable anew

    async def _send(self, n: OutgoingNotification) -> dict[str, str]:
        done = self.store.delivered(n.key)
        delivered: dict[str, str] = {}
        unreachable: dict[str, str] = {}
        failed: dict[str, str] = {}
        todo: list[tuple[str, str, ConversationRef, str]] = []  # person, target, where, lang
        reach = self._reach()
        for person in n.recipients:
            found = reach.get(person.person_id)
            if found is None:
                unreachable[person.person_id] = "no Teams conversation"
                continue
            scope, ref, language = found
            if scope in done:
                delivered[person.person_id] = "teams"
            else:
                chosen = person.language or language or self.config.language
                todo.append((person.person_id, scope, ref, lang_of(chosen)))
        outcomes = await self._post_all(n, todo)
        for (person_id, *_), outcome in zip(todo, outcomes, strict=True):
            if outcome is None:
                delivered[person_id] = "teams"
            elif isinstance(outcome, Unreachable):
                unreachable[person_id] = str(outcome)
            else:
                failed[person_id] = type(outcome).__name__
        channel = n.teams_channel
        target = f"channel:{channel}" if channel else None
        if channel and target and target not in done:
            where = self._channel_ref(channel)
            if where is None:
                log.warning("teams.channel_unknown", key=n.key)
            else:
                [outcome] = await self._post_all(n, [("", target, where, self.config.language)])
                if isinstance(outcome, Unreachable):
                    log.warning("teams.channel_unreachable", key=n.key)
                elif outcome is not None:
                    # The dispatcher tries again; what reached people is not posted again.
                    raise outcome
        if unreachable or failed:
            raise DeliveryIncomplete(delivered, unreachable=unreachable, failed=failed)
        log.info("teams.sent", key=n.key, people=len(delivered), channel=bool(channel))
        return delivered

    async def _post_all(
        self, n: OutgoingNotification, todo: list[tuple[str, str, ConversationRef, str]]
    ) -> list[Exception | None]:
        """Posts each card, up to CONCURRENCY at a time, one client per service
        address; each post's outcome (None: posted and recorded)."""
        gate = asyncio.Semaphore(CONCURRENCY)
        outcomes: list[Exception | None] = [None] * len(todo)
        by_service: dict[str, list[int]] = {}
        for number, (_, _, ref, _) in enumerate(todo):
            by_service.setdefault(ref.service_url, []).append(number)
        for service_url, numbers in by_service.items():
            async with self.connector.poster(service_url) as post:

                async def one(number: int) -> None:
                    _, target, ref, lang = todo[number]
                    async with gate:
                        try:
                            await self._post(post, n, target, ref, lang)
                        except (Unreachable, aiohttp.ClientError, TimeoutError, OSError) as error:
                            outcomes[number] = error

                await asyncio.gather(*(one(number) for number in numbers))
        return outcomes

    def _card(self, n: OutgoingNotification, lang: str) -> dict[str, Any]:
        """The notification's card in `lang`, made once per send."""
        key = (n.key, lang)
        if key not in self._cards:
            self._cards = {key: notices.render(n.kind, n.subject, n.text, n.data, lang)} | {
                k: v for k, v in self._cards.items() if k[0] == n.key
            }
        return self._cards[key]

    async def _post(
        self, post: Poster, n: OutgoingNotification, target: str, ref: ConversationRef, lang: str
    ) -> None:
        card = self._card(n, lang)
        activity = Activity(
            type="message",
            summary=n.subject[:300],
            attachments=[Attachment(content_type=CONTENT_TYPE, content=card)],
        )
        try:
            activity_id = await post(ref, activity)
        except aiohttp.ClientResponseError as error:
            log.warning("teams.post_failed", key=n.key, status=error.status)
            if error.status in PERMANENT:
                if target.startswith("user:"):
                    # Removed or blocked: the person goes by Slack or e-mail from now on.
                    self.store.forget_conversation(target)
                    self._reachable = None
                raise Unreachable(f"Teams answered {error.status}") from error
            raise
        # Recorded before this post counts as done; in a thread, so the other
        # posts in flight go on meanwhile.
        await asyncio.to_thread(self.store.record, n.key, target, activity_id, self.now())
