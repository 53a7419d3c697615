"""The Händelselogg's long filter list, rendered once and kept while the
read views do not change.

The filter form offers every arena and initiative (up to 500) in one list
(a person is found by name, `routes_audit.find_who`). Reading and rendering
such lists were most of the page's work (a filtered page's query takes
0.3-2 ms on a million events; the lists, with a person list of 1,000 as
they were, took about 20 ms). They change only when an event changes the
views, so the list is rendered once per language, as HTML, and kept while
the views show the position they showed then, and for at most `ttl`
seconds (cachetools; the visitors' setting, SAMVERKA_TOKEN_CACHE_SECONDS: a
worker of `serve --workers`, whose views' position does not move, sees
another process's new initiative within that). The option chosen in the
filter is marked in the kept HTML for each page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from cachetools import TTLCache
from markupsafe import Markup, escape

from adapters.web.render import environment
from services.queries import Row


class TrailOptions:
    """The list's options (HTML) per language and views' position, kept for
    at most `ttl` seconds (one per app)."""

    def __init__(self, ttl_seconds: float) -> None:
        # A new position is a new key: lists of an older one simply age out.
        self._kept: TTLCache[tuple[str, int], str] | None = (
            TTLCache(maxsize=8, ttl=ttl_seconds) if ttl_seconds > 0 else None
        )
        # The page is a sync route, served from a thread pool, and cachetools'
        # caches are not thread-safe (a read may evict). Reading and rendering
        # stay outside the lock: two threads may both render, never corrupt.
        self._lock = threading.Lock()

    def lists(
        self,
        lang: str,
        shown: int | None,
        read: Callable[[], tuple[list[Row], list[Row]]],
    ) -> str:
        """The kept options while fresh; else `read` (arenas, initiatives)
        rendered, and kept when the views' position is known."""
        cache = None if shown is None else self._kept
        key = (lang, shown or 0)
        if cache is not None:
            with self._lock:
                kept = cache.get(key)
            if kept is not None:
                return kept
        arenas, initiatives = read()
        macros = environment(lang).get_template("audit_filter_lists.html.j2").module
        made = str(macros.about(arenas, initiatives))  # type: ignore[attr-defined]
        if cache is not None:
            with self._lock:
                cache[key] = made
        return made


def chosen(options: str, value: str) -> Markup:
    """The options (rendered by the template, so escaped) with `value` selected."""
    if value:
        mark = f'<option value="{escape(value)}">'
        options = options.replace(mark, f"{mark[:-1]} selected>", 1)
    return Markup(options)  # noqa: S704 (the template's output)
