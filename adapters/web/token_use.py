"""When each API token was last used, for the administration pages.

The token tables are read tables (rebuilt from the events, which record
changes, not reads), so the last use is kept beside them in a side table of
the web door's group (`api_token_use`, migration web_0003): the API's token
check notes a use, the admin pages read it. Written at most once per
`EVERY_SECONDS` per token and process: `due` answers from memory which
uses need writing, so a busy integration costs one small write a minute,
not one per request.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from cachetools import LRUCache
from sqlalchemy import Engine, select, update

from adapters.persistence.side_tables import insert_new
from adapters.web.sessions import WEB_MIGRATIONS, token_use

EVERY_SECONDS = 60
# Tokens whose last write this process remembers (older ones are simply
# written again at their next use).
_REMEMBERED = 10_000


class TokenUseTable:
    """services.ports.TokenUse on the web door's side tables."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._every = timedelta(seconds=EVERY_SECONDS)
        self._written: LRUCache[str, datetime] = LRUCache(maxsize=_REMEMBERED)
        WEB_MIGRATIONS.upgrade(engine)

    def due(self, token_id: str, now: datetime) -> bool:
        """Whether this use must be written (no I/O: safe on the event loop).
        True claims the write, so two requests at once write once."""
        last = self._written.get(token_id)
        if last is not None and now - last < self._every:
            return False
        self._written[token_id] = now
        return True

    def record(self, token_id: str, now: datetime) -> None:
        """Notes the use; an earlier time never overwrites a later one (another
        process may have written meanwhile)."""
        stamp = now.isoformat()
        later = update(token_use).where(
            token_use.c.token_id == token_id, token_use.c.last_used_at < stamp
        )
        with self.engine.begin() as conn:
            if conn.execute(later.values(last_used_at=stamp)).rowcount:
                return
        if not insert_new(self.engine, token_use, token_id=token_id, last_used_at=stamp):
            # Another process made the row meanwhile: keep the later time.
            with self.engine.begin() as conn:
                conn.execute(later.values(last_used_at=stamp))

    def last_used(self, token_ids: Iterable[str]) -> dict[str, datetime]:
        wanted = list(token_ids)
        if not wanted:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(token_use.c.token_id, token_use.c.last_used_at).where(
                    token_use.c.token_id.in_(wanted)
                )
            ).all()
        return {str(r.token_id): datetime.fromisoformat(r.last_used_at) for r in rows}
