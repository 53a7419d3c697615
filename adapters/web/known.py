"""Signed-in visitors seen in the last seconds, so that not every page reads
the session, the person, their API tokens and their arena roles again (four
queries on two databases, a third of a small page's time): the web door's
side of the API's token cache (adapters/http/deps.TokenCache).

A visitor kept here is used only while all of these hold; else the tables
are read again, as on the first page:

- it was read less than `ttl` seconds ago by the service's clock
  (SAMVERKA_TOKEN_CACHE_SECONDS, the API tokens' setting; 0 keeps nothing);
- the read views show the position they showed when it was read: any
  event (a role given or taken, a token revoked, the person forgotten or in
  no arena any more, a new name or language) makes every kept visitor stale
  the moment the projector of this process has applied it;
- no session was ended in this process since it was read (sign-out, a
  forgotten person, a person in no arena: sessions.ENDINGS).

So a change made in this process is seen by the next page. A session ended
by another process (another worker of `serve --workers`, `person forget` on
the command line) stops working within `ttl` seconds, as a revoked API
token does. Used on the event loop only, so it needs no lock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from cachetools import LRUCache

from adapters.web.sessions import ENDINGS, Session
from domain.authority import GlobalRole
from services.queries import Row


@dataclass(frozen=True)
class Known:
    """A signed-in visitor as read from the tables, and when."""

    session: Session
    person: Row
    roles: frozenset[GlobalRole]
    arena_roles: Mapping[str, str]
    read_at: datetime
    # The views' position and sessions.ENDINGS when the read began.
    shown: int
    endings: int


class KnownVisitors:
    def __init__(self, ttl_seconds: float, size: int = 1000) -> None:
        self.ttl = timedelta(seconds=ttl_seconds)
        self._kept: LRUCache[str, Known] = LRUCache(maxsize=size)

    def get(self, token_hash: str, now: datetime, shown: int) -> Known | None:
        """The kept visitor of the session, while it is still good (see above)."""
        known = self._kept.get(token_hash)
        if known is None:
            return None
        fresh = timedelta(0) <= now - known.read_at < self.ttl
        if fresh and known.shown == shown and known.endings == ENDINGS.count:
            return known
        self._kept.pop(token_hash, None)
        return None

    def keep(self, token_hash: str, known: Known) -> None:
        if self.ttl > timedelta(0):
            self._kept[token_hash] = known
