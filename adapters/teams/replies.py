"""The lazy reply: what the bot says back to an activity is posted after the
Bot Framework has been answered.

A message activity needs only a 200; the reply is a call of its own to the
Bot Connector. The door answers as soon as what the member asked for is done
(or refused) and leaves the reply here. Replies are posted on the
connector's loop, in the order they were given within each conversation,
with the Connector's rules: a 429 waited out as its Retry-After says (a
throttled post posted nothing, so it is never posted twice), a connection
that could not even be opened tried again, anything else logged with the
activity's id (`teams.reply_failed`): never dropped without a word.
`settle` waits until nothing is pending (the door's stop, and tests).
"""

from __future__ import annotations

import asyncio
import threading
import time

import aiohttp
import structlog
from microsoft_agents.activity import Activity
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_incrementing,
)

from adapters.teams.connector import Connector

log = structlog.get_logger(__name__)
# A connection refused or reset before the request was sent posted nothing.
CONNECT_TRIES = 3
CONNECT_PAUSE = 0.5


class LazyReplies:
    def __init__(self, connector: Connector) -> None:
        self.connector = connector
        self._pending = 0
        self._idle = threading.Condition()
        # Conversation id -> the last reply given for it (on the loop only).
        self._last: dict[str, asyncio.Future[None]] = {}

    def post(self, to: Activity, reply: Activity) -> None:
        """Posts `reply` to `to`'s conversation soon; returns at once."""
        with self._idle:
            self._pending += 1
        try:
            self.connector.submit(self._in_turn(to, reply))
        except RuntimeError as error:  # the loop is gone: the process is stopping
            log.warning("teams.reply_failed", error=type(error).__name__, activity_id=to.id)
            self._done()

    def pending(self) -> int:
        with self._idle:
            return self._pending

    def settle(self, timeout: float) -> bool:
        """Waits until every reply given has been posted (or given up on);
        False when some were still pending after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
            return True

    def _done(self) -> None:
        with self._idle:
            self._pending -= 1
            if not self._pending:
                self._idle.notify_all()

    async def _in_turn(self, to: Activity, reply: Activity) -> None:
        """Posts after the conversation's previous reply, so a member reads
        them in the order the door wrote them."""
        key = str(to.conversation.id)
        before = self._last.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._last[key] = mine
        try:
            if before is not None:
                await before
            await self._deliver(to, reply)
        finally:
            mine.set_result(None)
            if self._last.get(key) is mine:
                del self._last[key]
            self._done()

    async def _deliver(self, to: Activity, reply: Activity) -> None:
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(aiohttp.ClientConnectorError),
            stop=stop_after_attempt(CONNECT_TRIES),
            wait=wait_incrementing(start=CONNECT_PAUSE, increment=CONNECT_PAUSE),
            before_sleep=_retried,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    await self.connector.reply(to, reply)
        except Exception as error:  # whatever it was, after the tries, it is logged
            self._failed(to, error)

    @staticmethod
    def _failed(to: Activity, error: BaseException) -> None:
        status = getattr(error, "status", None)
        log.warning(
            "teams.reply_failed",
            error=type(error).__name__,
            status=status if isinstance(status, int) else None,
            activity_id=to.id,
        )


def _retried(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    log.info("teams.reply_retried", error=type(error).__name__, attempt=state.attempt_number)
