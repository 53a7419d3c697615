"""A grant's ledger on its page a page at a time, over real HTTP and without
JavaScript: the latest lines first, "Äldre rader" to the lines before
them; the balance on every line of every page is the one summed over the
whole ledger; the page as it was pages the same way at the same moment."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import httpx
import pytest

from domain.access import ApiRole
from domain.funds import commands as f
from projections.funds.queries import LINES_SHOWN, ledger_lines
from samverka.demo import Loaded
from samverka.demo_funds import FundDemo
from tests.e2e.test_web_timetravel import as_of_params, last_change, moment_passed
from tests.e2e.web_world import *  # noqa: F403 (the world's fixtures)
from tests.e2e.web_world import SYSTEM, WebWorld, give_role, settings

__all__ = ["settings"]  # the fixtures used here
_PREV = re.compile(r'<a href="([^"]+)" rel="prev">Äldre rader</a>')
_LINE = re.compile(r'<li id="line-([^"]+)">.*?<dt>Saldo</dt><dd>([^<]+)</dd>', re.S)


@pytest.fixture
def ledger(demo: tuple[WebWorld, Loaded]) -> Iterator[tuple[WebWorld, str, UUID]]:
    """The demo's fund coordinator, and a grant with more lines than a page
    shows: repayments of different amounts."""
    world, loaded = demo
    k = world.k
    fund = str(loaded.persons["fund"])
    FundDemo(k, loaded.initiatives, fund).load()
    give_role(k, loaded.persons["fund"], ApiRole.FUND_COORDINATOR)
    agreement = k.app.execute(
        f.RegisterAgreement(reference="PROV-1", title="Prov", first_year=2026, last_year=2026),
        SYSTEM,
    ).aggregate_id
    granted = f.GrantFunds(agreement_id=agreement, principal="Region Prov", area="samsjuklighet",
                           year=2026, amount=10**10, decided_on=k.clock.now().date())  # fmt: skip
    grant = k.app.execute(granted, SYSTEM).aggregate_id
    for n in range(LINES_SHOWN + 12):
        repaid = f.RepayFunds(
            grant_id=grant, amount=100 * (n + 1) + n, repaid_on=k.clock.now().date()
        )
        k.app.execute(repaid, SYSTEM)
    k.projector.catch_up()
    yield world, fund, grant


def _pages(client: httpx.Client, first: str) -> list[list[tuple[str, str]]]:
    """Each page's lines (entry, balance), following "Äldre rader"."""
    pages = []
    path: str | None = first
    while path is not None:
        answer = client.get(path)
        assert answer.status_code == 200, answer.text
        text = answer.text
        ledger = text.split('id="h-ledger"', 1)[1].split("</section>", 1)[0]
        pages.append([(e, html.unescape(b)) for e, b in _LINE.findall(ledger)])
        found = _PREV.search(ledger)
        path = html.unescape(found.group(1)) if found else None
    return pages


def test_the_ledger_pages_and_each_balance_is_over_all_lines(
    ledger: tuple[WebWorld, str, UUID],
) -> None:
    world, fund, grant = ledger
    with world.k.engines.read.connect() as conn:
        whole = [(r["entry_id"], r["balance_sek"]) for r in ledger_lines(conn, str(grant))]
    with world.session(fund) as client:
        pages = _pages(client, f"/funds/grants/{grant}")
        assert len(pages[0]) == LINES_SHOWN and len(pages) == 2
        assert [line for page in reversed(pages) for line in page] == whole
        older = client.get(f"/funds/grants/{grant}", params={"before": "1"}).text
        assert "Äldre rader" not in older and "De senaste raderna" in older
        latest = client.get(f"/funds/grants/{grant}").text
        assert f"{LINES_SHOWN} av huvudbokens {len(whole)} rader" in html.unescape(latest)


def test_the_ledger_as_it_was_pages_at_the_same_moment(
    ledger: tuple[WebWorld, str, UUID],
) -> None:
    world, fund, grant = ledger
    before = moment_passed(last_change(world, str(grant)))
    with world.k.engines.read.connect() as conn:
        then = [(r["entry_id"], r["balance_sek"]) for r in ledger_lines(conn, str(grant))]
    later = f.RepayFunds(grant_id=grant, amount=4711, repaid_on=world.k.clock.now().date())
    world.k.app.execute(later, SYSTEM)
    world.k.projector.catch_up()
    params = "&".join(f"{k}={v}" for k, v in as_of_params(before).items())
    with world.session(fund) as client:
        pages = _pages(client, f"/funds/grants/{grant}/as-of?{params}")
        page = client.get(f"/funds/grants/{grant}/as-of?{params}").text
    assert [line for page in reversed(pages) for line in page] == then
    # "Äldre rader" on the page as it was stays at the same moment.
    (link,) = [html.unescape(h) for h in _PREV.findall(page)]
    asked = parse_qs(urlsplit(link).query)
    assert {k: v[0] for k, v in asked.items() if k != "before"} == as_of_params(before)
    assert urlsplit(link).path == f"/funds/grants/{grant}/as-of"
