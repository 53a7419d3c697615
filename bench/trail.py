"""The Händelselogg (the audit trail page) with filters over a million
events, next to the JSON API's page of the same filter in the same run.

The store is the web line's (bench/web.py: 1,000,000 events over 200
initiatives in 20 arenas, about 1,000 people), with an auditor who signs in
by a real link and whose token asks the API (`GET /api/v1/audit`, the same
filter, 50 rows, the same cursor). Each filter's first page and the page
after it by its cursor alternate with the API's, one request at a time:
one initiative, a channel, a channel nothing came through, a person, a day
and a day after the last event. Target: p95 under 100 ms for every page.
Each page also gets a line of the server's CPU time per request (as the
web line's), which the host's load moves less.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from bench.report import Line
from bench.service import api_client, running_service
from bench.timing import Against
from bench.web import World, kept_world, signed_in
from services.i18n import STOCKHOLM

TRAIL_MS = 100.0
LINES = 50  # the page's lines
_NEXT = re.compile(r'href="(/audit\?[^"]*cursor=\d+[^"]*)" rel="next"')
# The page's filter fields and the API's parameters of the same meaning.
_API_NAMES = {"about": "aggregate_id", "who": "actor", "channel": "channel", "cursor": "cursor"}
SAME_FILTER = Against("Händelselogg", "JSON API, same filter and cursor", TRAIL_MS)


def _api_path(page_path: str) -> str:
    """The API request for the rows a trail page shows."""
    query = parse_qs(urlsplit(page_path).query)
    params = [f"limit={LINES}"]
    for name, values in query.items():
        if name in _API_NAMES:
            params.append(f"{_API_NAMES[name]}={values[0]}")
        elif name in ("from", "to"):
            day = datetime.fromisoformat(values[0]).replace(tzinfo=STOCKHOLM)
            if name == "to":  # the last day included: up to the midnight after it
                day += timedelta(days=1)
            stamp = day.isoformat().replace("+", "%2B")
            params.append(f"{'since' if name == 'from' else 'until'}={stamp}")
    return "/api/v1/audit?" + "&".join(params)


def bench_trail(backend: str, events: int = 1_000_000, rounds: int = 200) -> list[Line]:
    with kept_world(backend, events, "auditor_id") as (url, world):
        return measure_trail(url, world, f"{events:,} events ({backend})", rounds)


def measure_trail(url: str, world: World, label: str, rounds: int = 200) -> list[Line]:
    day = world.trail_day
    filters = {
        "one initiative": f"/audit?about={world.initiative_id}",
        "a channel": "/audit?channel=slack",
        "a channel nothing came through": "/audit?channel=web",
        "a person": f"/audit?who={world.actor_id}",
        "a day": f"/audit?from={day}&to={day}",
        "a day after the last event": "/audit?from=2099-01-01",
    }
    lines: list[Line] = []
    with running_service(url, ready_within=900) as service:
        web = signed_in(service.base, world.link)
        api = api_client(service, world.auditor_token)
        try:
            for name, first in filters.items():
                paths = [("first page", first)]
                # A filter nothing matches, or one page's worth, has no next page.
                found = _NEXT.search(web.get(first).text)
                if found is not None:
                    paths.append(("next page by cursor", html.unescape(found.group(1))))
                for which, path in paths:
                    said = f"{which}, {name}, {label}"
                    asked = (web, [path]), (api, [_api_path(path)])
                    lines += SAME_FILTER.lines(said, service.process.pid, *asked, rounds)
        finally:
            web.close()
            api.close()
    return lines
