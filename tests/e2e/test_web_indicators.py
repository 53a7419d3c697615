"""Indikatorer over real HTTP, on the demo's indicators for Värmland: a
member reads the list and a series (chart and table, the revision shown);
a plan coordinator imports a file, and a bad file is refused with its lines
in Swedish and nothing recorded; a member may not import."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from domain.access import ApiRole
from projections.indicators import tables as it
from samverka.demo import Loaded
from samverka.demo_indicators import IndicatorDemo
from tests.e2e.web_world import (
    WebWorld,
    container,
    csrf_of,
    demo,
    give_role,
    notifier,
    settings,
)

__all__ = ["container", "demo", "notifier", "settings"]  # the fixtures used here

BAD = (
    "indikator;område;år;kön;ålder;värde\n"
    "DEMO-SUICID;17;2024;T;;12,9\n"
    "DEMO-SUICID;17;2024;Q;;12,9\n"
    "DEMO-SUICID;1799x;2024;T;;12,9\n"
)
GOOD = "indikator;område;år;kön;ålder;värde\nDEMO-SUICID;17;2024;T;;12,9\n"


@pytest.fixture
def indicators(demo: tuple[WebWorld, Loaded]) -> Iterator[tuple[WebWorld, Loaded, str]]:
    """The demo with its indicators; Bengt holds the plan coordinator role."""
    world, loaded = demo
    k = world.k
    IndicatorDemo(k, loaded.initiatives).load()
    give_role(k, loaded.persons["bengt"], ApiRole.PLAN_COORDINATOR)
    yield world, loaded, str(loaded.persons["bengt"])


def _values(world: WebWorld) -> int:
    with world.k.engines.read.connect() as conn:
        return len(conn.execute(it.indicator_value_history.select()).all())


def test_a_member_reads_and_a_coordinator_imports(
    indicators: tuple[WebWorld, Loaded, str],
) -> None:
    world, _loaded, coordinator = indicators
    with world.session(world.member) as client:
        listing = client.get("/indicators")
        assert listing.status_code == 200
        assert "Suicid per 100 000 invånare" in listing.text and "demosiffror" in listing.text
        assert "Importera värden" not in listing.text  # not for a member
        link = re.search(r'href="(/indicators/[0-9a-f-]+)">Suicid', listing.text)
        assert link
        page = client.get(link.group(1), params={"area": "17", "group": "T|"}).text
        assert '<svg role="img"' in page and "<polyline" in page
        assert "<caption>Värden per år" in page and '<th scope="row">2023</th>' in page
        assert "Värmlands län 2023: 13,9 (var 13,4)" in page
        assert client.get("/indicators/not-an-id").status_code == 404
        client.cookies.set("samverka_lang", "en")
        english = client.get(link.group(1)).text
        assert "Values per year" in english and "13.9" in english
        client.cookies.set("samverka_lang", "sv")
        refused = client.post(
            "/indicators/import",
            data={"csrf": csrf_of(listing.text)},
            files={"file": ("mall.csv", GOOD.encode(), "text/csv")},
        )
        assert refused.status_code == 403
    before = _values(world)
    with world.session(coordinator) as client:
        listing = client.get("/indicators").text
        assert "Importera värden" in listing
        bad = client.post(
            "/indicators/import",
            data={"csrf": csrf_of(listing)},
            files={"file": ("mall.csv", BAD.encode(), "text/csv")},
        )
        assert bad.status_code == 422
        assert "Rad 3: ”Q” är inte ett av: T, K, M" in bad.text
        assert "Rad 4: &#39;1799x&#39; är ingen områdeskod" in bad.text
        assert 'aria-invalid="true"' in bad.text
        assert _values(world) == before
        good = client.post(
            "/indicators/import",
            data={"csrf": csrf_of(listing)},
            files={"file": ("mall.csv", GOOD.encode(), "text/csv")},
        )
        assert good.status_code == 303 and good.headers["location"] == "/indicators?imported=1"
        world.k.projector.catch_up()
        assert _values(world) == before + 1
        assert "Importerade 1 värden." in client.get(good.headers["location"]).text
        # A whole county's file is larger than an API body may be: the form takes it.
        rows = [
            f"DEMO-SUICID;{county}{n:02d};{year};{sex};;{n}.5"
            for county in ("17", "20", "12", "14", "01", "03")
            for n in range(1, 40)
            for year in range(2010, 2024)
            for sex in "TKM"
        ]
        big = ("indikator;område;år;kön;ålder;värde\n" + "\n".join(rows)).encode()
        assert len(big) > 256 * 1024
        done = client.post(
            "/indicators/import",
            data={"csrf": csrf_of(listing)},
            files={"file": ("län.csv", big, "text/csv")},
            timeout=120,
        )
        assert done.status_code == 303, done.text[:500]
        assert done.headers["location"] == f"/indicators?imported={len(rows)}"
