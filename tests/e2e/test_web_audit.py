"""Granskning over real HTTP: an auditor reads the Händelselogg (filtered by
initiative, channel, person and dates, a page at a time by its cursor) and
verifies the log against the digest shown; after one byte is flipped in the
stored events the page names the first bad position. Everyone else gets 403
and nothing of the log."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime, timedelta
from urllib.parse import unquote_plus
from uuid import UUID

import httpx

from domain import commands as c
from domain.access import ApiRole
from domain.meta import Channel, make_meta
from domain.privacy import ForgetPerson
from domain.values import Language
from samverka.bootstrap import Container
from samverka.demo import Loaded
from services.i18n import STOCKHOLM
from tests.e2e.web_world import *  # noqa: F403 (the world's fixtures)
from tests.e2e.web_world import SYSTEM, WebWorld, csrf_of, give_role, post_form, settings
from tests.integration.test_chain import raw

__all__ = ["settings"]  # the fixtures used here

_POSITION = re.compile(r"<p class=\"muted\">Nr (\d+)")
_DIGEST = re.compile(r'id="current-digest" class="code digest" value="([^"]+)"')


def make_auditor(k: Container, person_id: str | None = None) -> str:
    """A person with an auditor API token: an auditor, as the API knows them
    (a new person in no arena, unless `person_id` is given)."""
    if person_id is None:
        registered = c.RegisterPerson(name="Greta Granskare", email="greta@example.se")
        person_id = str(k.app.execute(registered, SYSTEM).aggregate_id)
    give_role(k, UUID(person_id), ApiRole.AUDITOR, label="Gretas nyckel")
    return person_id


def positions(page: str) -> list[int]:
    return [int(p) for p in _POSITION.findall(page)]


def flip_a_byte(k: Container, position: int) -> None:
    """Changes one byte of a stored event behind the application's back, as
    tests/integration/test_chain.py does (SQLite or PostgreSQL)."""
    with raw(k) as sql:
        (state,) = sql("SELECT state FROM EVENTS WHERE notification_id = %s", position)[0]
        changed = bytearray(state)
        changed[len(changed) // 2] ^= 0x01
        sql("UPDATE EVENTS SET state = %s WHERE notification_id = %s", bytes(changed), position)


def test_an_auditor_reads_the_trail_page_by_page(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    auditor = make_auditor(world.k)
    with world.session(auditor) as client:
        home = client.get("/").text
        assert 'href="/audit"' in home and "Granskning" in home
        first = client.get("/audit")
        assert first.status_code == 200
        text = html.unescape(first.text)
        assert "Händelselogg" in text and 'aria-current="page">Granskning' in text
        assert "via kommandoraden" in text, "the demo was loaded from the CLI"
        shown = positions(text)
        assert shown == sorted(shown) and len(shown) == 50
        found = re.search(r'href="(/audit\?cursor=\d+)" rel="next"', first.text)
        assert found is not None, "the demo holds more than one page"
        second = html.unescape(client.get(html.unescape(found.group(1))).text)
        more = positions(second)
        assert more and min(more) > max(shown), "the next page goes on where the first ended"
        assert "Till första sidan" in second


def test_the_filters(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    auditor = make_auditor(world.k)
    initiative = str(loaded.initiatives["272"])
    with world.session(auditor) as client:
        about = html.unescape(client.get("/audit", params={"about": initiative}).text)
        lines = re.findall(r"<li>\s*<p>(.*?)</p>", about, re.S)
        assert lines and all("2.7.2" in line for line in lines[:3]), lines[:3]
        assert f'href="/initiatives/{initiative}"' in about
        assert "Öppna initiativet" in about
        assert client.get(f"/initiatives/{initiative}").status_code == 200
        series = str(loaded.series["272"])
        of_series = html.unescape(client.get("/audit", params={"other": series}).text)
        # A series' page is for those who run it: no link that ends in a 403.
        assert positions(of_series) and "Öppna mötesserien" not in of_series
        assert client.get(f"/series/{series}").status_code == 403
        arena = str(world.arena)
        of_arena = html.unescape(client.get("/audit", params={"about": arena}).text)
        assert f'href="/arenas/{arena}"' in of_arena and "Öppna arenan" in of_arena
        assert client.get(f"/arenas/{arena}").status_code == 200
    make_auditor(world.k, world.moderator)  # an auditor who runs 2.7's series: linked
    with world.session(world.moderator) as client:
        of_series = html.unescape(client.get("/audit", params={"other": series}).text)
        assert f'href="/series/{series}"' in of_series and "Öppna mötesserien" in of_series
        assert client.get(f"/series/{series}").status_code == 200
    with world.session(auditor) as client:
        by_samverka = html.unescape(client.get("/audit", params={"who": "system"}).text)
        assert "Samverka skapade initiativ 2.7.2" in by_samverka
        assert "Bengt Stavenow rapporterade" not in by_samverka
        client.cookies.set("samverka_lang", "en")
        english = client.get("/audit", params={"about": initiative}).text
        assert "Event log" in english and "via the command line" in english
        client.cookies.delete("samverka_lang")
        web_only = client.get("/audit", params={"channel": "slack"}).text
        assert "Inget registrerat matchar filtret." in web_only
        # The auditor's own token was issued by the system: filter by person.
        by_system = client.get("/audit", params={"who": auditor}).text
        assert "Inget registrerat matchar filtret." in by_system
        # Events are stamped when they are stored: the day of the first line.
        stamped = re.search(r'<time datetime="([^"]+)">', client.get("/audit").text)
        assert stamped is not None
        today = datetime.fromisoformat(stamped.group(1)).astimezone(STOCKHOLM).date()
        dated = client.get("/audit", params={"from": today.isoformat(), "to": today.isoformat()})
        assert dated.status_code == 200 and positions(dated.text)
        tomorrow = (today + timedelta(days=1)).isoformat()
        empty = client.get("/audit", params={"from": tomorrow})
        assert "Inget registrerat matchar filtret." in empty.text
        bad = client.get("/audit", params={"from": "31/1 2022"})
        assert bad.status_code == 422
        assert 'id="filter-from-error"' in bad.text and "Skriv datumet som 2026-01-31." in bad.text
        assert 'aria-invalid="true"' in bad.text and not positions(bad.text)
        wrong_id = client.get("/audit", params={"other": "inte-ett-id"})
        assert wrong_id.status_code == 422 and 'id="filter-other-error"' in wrong_id.text
        # `who` is a person's id or the system, nothing else: said at the
        # field, neither echoed nor asked of the trail (a NUL on PostgreSQL).
        token = csrf_of(client.get("/audit").text)
        for garbage in ("ab\x00cd", "inte-ett-id", "'; DROP TABLE events; --", "x" * 100):
            for answer in (
                client.get("/audit", params={"who": garbage}),
                client.post("/audit", data={"csrf": token, "who": garbage, "person": "Ab"}),
            ):
                assert answer.status_code == 422, (garbage, answer.status_code)
                assert 'id="filter-person-error"' in answer.text and not positions(answer.text)
                said = html.unescape(answer.text)
                assert "Den valda personens id kunde inte läsas: skriv namnet." in said
                assert garbage not in said and 'name="who"' not in said
        # An id in capitals is the same id, in its one spelling.
        upper = client.get("/audit", params={"who": auditor.upper()}).text
        assert f'<input type="hidden" name="who" value="{auditor}">' in upper


def _verify(client: httpx.Client, digest: str) -> httpx.Response:
    page = client.get("/audit/verify").text
    return client.post("/audit/verify", data={"csrf": csrf_of(page), "digest": digest})


def test_verify_intact_then_tampered(demo: tuple[WebWorld, Loaded]) -> None:
    world, _ = demo
    k = world.k
    auditor = make_auditor(k)
    with world.session(auditor) as client:
        page = client.get("/audit/verify")
        assert page.status_code == 200
        found = _DIGEST.search(page.text)
        assert found is not None
        digest = found.group(1)
        assert digest == str(k.audit.digest())
        intact = html.unescape(_verify(client, digest).text)
        assert "Loggen är intakt." in intact
        position = digest.split(":")[0]
        assert f"bygger fortfarande vidare på kontrollvärdet från position {position}" in intact
        bad = _verify(client, "1234:inte-hex")
        assert bad.status_code == 422
        said = html.unescape(bad.text)
        assert (
            'id="verify-digest-error"' in said and "Ett kontrollvärde skrivs POSITION:HASH" in said
        )
        flip_a_byte(k, 5)
        tampered = html.unescape(_verify(client, digest).text)
        assert "Loggen har manipulerats." in tampered
        assert "Första felaktiga position: 5." in tampered
        assert "händelsen eller dess kedjelänk har ändrats" in tampered
        assert "Loggen är intakt fram till position 4 (4 händelser)." in tampered


def test_others_get_403_and_nothing_of_the_log(demo: tuple[WebWorld, Loaded]) -> None:
    world, loaded = demo
    with world.session(world.moderator) as client:
        home = client.get("/").text
        assert 'href="/audit"' not in home
        for url in ("/audit", f"/audit?about={loaded.initiatives['272']}", "/audit/verify"):
            refused = client.get(url)
            assert refused.status_code == 403 and "Inte för din roll" in refused.text
            assert "via kommandoraden" not in refused.text and "current-digest" not in refused.text
        posted = client.post("/audit/verify", data={"csrf": csrf_of(home), "digest": ""})
        assert posted.status_code == 403 and "Loggen" not in posted.text


def test_a_line_says_its_channel_person_and_business_date(
    demo: tuple[WebWorld, Loaded],
) -> None:
    """A health report sent by e-mail with a business date in the past: the
    line names the reporter, the channel in words and the business date."""
    world, loaded = demo
    k = world.k
    auditor = make_auditor(k)
    report = c.ReportHealth(
        initiative_id=loaded.initiatives["272"], health="at-risk", comment="Två har slutat"
    )
    meta = make_meta(actor=world.member, channel=Channel.EMAIL, business_date="2022-01-31")
    k.app.execute(report, meta)
    k.projector.catch_up()
    with world.session(auditor) as client:
        page = html.unescape(
            client.get("/audit", params={"who": world.member, "channel": "email"}).text
        )
    assert positions(page), "the e-mail's line is found by person and channel"
    assert "Amanda Romare rapporterade läget för 2.7.2: risk" in page
    assert "via e-post" in page and "affärsdag 31 jan 2022" in page


def test_the_kind_filter_pages_by_cursor_and_keeps_the_other_filters(
    demo: tuple[WebWorld, Loaded],
) -> None:
    world, loaded = demo
    auditor = make_auditor(world.k)
    for n in range(40):  # more people registered than one page shows
        world.k.app.execute(c.RegisterPerson(name=f"Person {n}"), SYSTEM)
    world.k.projector.catch_up()
    with world.session(auditor) as client:
        page = html.unescape(client.get("/audit").text)
        assert 'id="filter-kind"' in page and "Läge rapporterat" in page
        assert '<optgroup label="Initiativ">' in page
        health = html.unescape(
            client.get("/audit", params={"kind": "Initiative.HealthReported"}).text
        )
        lines = re.findall(r"<li>\s*<p>(.*?)</p>", health, re.S)
        assert lines and all("rapporterade läget för" in line for line in lines), lines
        assert 'value="Initiative.HealthReported" selected' in health
        # Paging by cursor keeps the kind: every person registered, page after page.
        seen: list[int] = []
        url: str | None = "/audit?" + "kind=Person.Registered"
        while url:
            text = html.unescape(client.get(url).text)
            lines = re.findall(r"<li>\s*<p>(.*?)</p>", text, re.S)
            assert all("registrerade" in line for line in lines), lines
            seen += positions(text)
            found = re.search(r'href="([^"]+)" rel="next"', text)
            url = html.unescape(found.group(1)) if found else None
            assert url is None or "kind=Person.Registered" in url
        assert seen == sorted(seen) and len(seen) == len(set(seen)) > 50
        assert len(seen) == len(world.k.plan.persons_page(limit=1000, offset=0).items)
        # With another filter: one initiative's health reports only.
        initiative = str(loaded.initiatives["272"])
        both = html.unescape(
            client.get(
                "/audit", params={"kind": "Initiative.HealthReported", "about": initiative}
            ).text
        )
        lines = re.findall(r"<li>\s*<p>(.*?)</p>", both, re.S)
        assert lines and all("2.7.2" in line for line in lines)
        bad = client.get("/audit", params={"kind": "Person.Exploded"})
        assert bad.status_code == 422 and 'id="filter-kind-error"' in bad.text
        assert "Välj en sorts händelse i listan." in bad.text and not positions(bad.text)


def test_the_filter_lists_follow_the_views(demo: tuple[WebWorld, Loaded]) -> None:
    """The list of arenas and initiatives is kept between pages
    (adapters/web/trail_options.py), the one chosen marked; a person added
    since is found on the next page, by id or by name, and named in the
    "who" field."""
    world, loaded = demo
    auditor = make_auditor(world.k)
    initiative = str(loaded.initiatives["272"])
    with world.session(auditor) as client:
        first = client.get("/audit", params={"about": initiative}).text
        assert f'<option value="{initiative}" selected>' in first
        assert "Nils Nykomling" not in first
        again = client.get("/audit").text
        assert f'<option value="{initiative}">' in again
        assert f'<option value="{initiative}" selected>' not in again
        added = c.RegisterPerson(name="Nils <Nykomling>", email="nils@example.se")
        nils = str(world.k.app.execute(added, SYSTEM).aggregate_id)
        world.k.projector.catch_up()
        after = client.get("/audit", params={"who": nils}).text
        assert _who_field(after) == "Nils &lt;Nykomling&gt;"
        assert f'<input type="hidden" name="who" value="{nils}">' in after
        assert f'<option value="{initiative}">' in after
        by_name = _found(client, {"person": "nils <nykomling>"}).text
        assert f'<input type="hidden" name="who" value="{nils}">' in by_name
        # A name may be 200 characters long (domain.limits.Short): found whole.
        long_name = "Långa " + "Namnet" * 32 + "xy"
        assert len(long_name) == 200
        long_id = str(world.k.app.execute(c.RegisterPerson(name=long_name), SYSTEM).aggregate_id)
        world.k.projector.catch_up()
        found = _found(client, {"person": long_name}).text
        assert f'<input type="hidden" name="who" value="{long_id}">' in found
        assert _who_field(found) == long_name and 'maxlength="200"' in found


def test_a_forgotten_person_is_found_by_id_alone(demo: tuple[WebWorld, Loaded]) -> None:
    """Once forgotten, a person is not found by their name (it is gone), but
    their lines still are by their id: `?who=<id>`, the field naming them
    "[borttagen person]", and the lines about them by "Eller ett annat id"."""
    world, _ = demo
    k = world.k
    auditor = make_auditor(k)
    added = c.RegisterPerson(name="Frida Glömd", email="frida@example.se")
    frida = k.app.execute(added, SYSTEM).aggregate_id
    settings = c.SetPreferences(person_id=frida, language=Language.EN)
    k.app.execute(settings, make_meta(actor=str(frida), channel=Channel.WEB))
    k.app.execute(ForgetPerson(person_id=frida), SYSTEM)
    k.projector.catch_up()
    with world.session(auditor) as client:
        by_name = _search(client, {"person": "Frida Glömd"})
        assert by_name.status_code == 422 and "Ingen registrerad har det namnet." in by_name.text
        erased = _search(client, {"person": "[borttagen person]"})
        assert erased.status_code == 422, "no one is found as the erased name"
        by_id = client.get("/audit", params={"who": str(frida)})
        assert by_id.status_code == 200 and len(positions(by_id.text)) == 1
        assert html.unescape(_who_field(by_id.text)) == "[borttagen person]"
        # Sent again as it stands: still her lines, by the id.
        again = _found(client, {"person": "[borttagen person]", "who": str(frida)})
        assert positions(again.text) == positions(by_id.text)
        about = client.get("/audit", params={"other": str(frida)}).text
        assert len(positions(about)) >= 3 and "Frida" not in about


def _who_field(page: str) -> str:
    found = re.search(r'<input type="text" id="filter-person" name="person" value="([^"]*)"', page)
    assert found is not None, "the who field"
    return found.group(1)


def _search(client: httpx.Client, fields: dict[str, str]) -> httpx.Response:
    """The filter form posted (with the CSRF token), as the page sends it."""
    return post_form(client, client.get("/audit").text, "/audit", **fields)


def _found(client: httpx.Client, fields: dict[str, str]) -> httpx.Response:
    """The form posted, answered by a redirect whose address names no one;
    the page it leads to."""
    answer = _search(client, fields)
    assert answer.status_code == 303, answer.status_code
    location = answer.headers["location"]
    assert location.startswith("/audit") and "person=" not in location
    for words in fields.get("person", "").split():
        assert words.casefold() not in unquote_plus(location).casefold(), location
    return client.get(location)


def test_anyone_registered_is_found_by_name(demo: tuple[WebWorld, Loaded]) -> None:
    """More registered than the 1,000 a list of people once offered: the
    last of them by name is found by their name, or a part of it in any
    case, and the filter holds from page to page; a name several share asks
    which of them; a name no one has is said at the field."""
    world, _ = demo
    k = world.k
    auditor = make_auditor(k)
    for n in range(1000):
        k.app.execute(c.RegisterPerson(name=f"Anna Medlem {n:04}"), SYSTEM)
    added = c.RegisterPerson(name="Östen Åkerlund", email="osten@example.se")
    osten = k.app.execute(added, SYSTEM).aggregate_id
    for language in (Language.EN, Language.SV) * 30:  # more than a page of lines
        settings = c.SetPreferences(person_id=osten, language=language)
        k.app.execute(settings, make_meta(actor=str(osten), channel=Channel.WEB))
    k.projector.catch_up()
    first_thousand = k.plan.persons_page(limit=1000, offset=0).items
    assert str(osten) not in {str(p["id"]) for p in first_thousand}
    with world.session(auditor) as client:
        page = html.unescape(_found(client, {"person": " åkerLUND "}).text)
        assert _who_field(page) == "Östen Åkerlund"
        assert f'<input type="hidden" name="who" value="{osten}">' in page
        shown = positions(page)
        assert len(shown) == 50 and "Östen Åkerlund" in page
        assert "Samverka registrerade" not in page, "his own lines only"
        found = re.search(r'href="(/audit\?[^"]*cursor=\d+)" rel="next"', page)
        assert found is not None
        assert "person=" not in found.group(1), "a link names no one: the id says who"
        second = html.unescape(client.get(html.unescape(found.group(1))).text)
        assert _who_field(second) == "Östen Åkerlund"
        assert len(positions(second)) == 10 and min(positions(second)) > max(shown)
        # The same as his id, as a bookmark gives it.
        assert positions(client.get("/audit", params={"who": str(osten)}).text) == shown
        # The other filters go along; the name does not, and a query's
        # `person` is not read (no link passes a name on).
        both = _search(client, {"person": "åkerlund", "channel": "web", "kind": ""})
        assert both.headers["location"] == f"/audit?who={osten}&channel=web"
        ignored = client.get("/audit", params={"person": "åkerlund"}).text
        assert _who_field(ignored) == "" and "Samverka registrerade" in html.unescape(ignored)
        unsigned = client.post("/audit", data={"person": "åkerlund"})
        assert unsigned.status_code == 403 and "location" not in unsigned.headers

        k.app.execute(c.RegisterPerson(name="Östen Åkerlund", organisation="Lunds kommun"), SYSTEM)
        k.projector.catch_up()
        asked = _search(client, {"person": "Östen Åkerlund"})
        said = html.unescape(asked.text)
        assert asked.status_code == 200 and not positions(said)
        assert "Flera matchar ”Östen Åkerlund”. Välj vem du menar:" in said
        assert "Inget registrerat matchar filtret." not in said
        choices = re.findall(r'<li><a href="(/audit\?[^"]+)">Östen Åkerlund</a>', asked.text)
        assert len(choices) == 2 and "Lunds kommun" in said and "osten@example.se" in said
        assert not [url for url in choices if "person=" in url]
        mine = [url for url in choices if str(osten) in html.unescape(url)]
        chosen = html.unescape(client.get(html.unescape(mine[0])).text)
        assert positions(chosen) == shown
        # Sent again as it stands (the name and the id chosen): still him.
        again = {"person": "Östen Åkerlund", "who": str(osten)}
        assert positions(_found(client, again).text) == shown
        # The field emptied: everyone again.
        cleared = _found(client, {"person": "", "who": str(osten)}).text
        assert "Samverka registrerade" in html.unescape(cleared)

        many = html.unescape(_search(client, {"person": "anna medlem"}).text)
        assert "Fler än 20 matchar: skriv mer av namnet." in many
        assert len(re.findall(r'<li><a href="/audit[^"]*">Anna Medlem', many)) == 20
        system = html.unescape(_found(client, {"person": "samverka"}).text)
        assert _who_field(system) == "Samverka" and "Samverka registrerade" in system
        assert 'name="who" value="system"' in system
        # Part of the name, as the hint says, finds the system as well.
        part = _search(client, {"person": "AMVERK"})
        offered = re.findall(r'<li><a href="(/audit\?[^"]+)">([^<]+)</a>', part.text)
        assert offered[0] == ("/audit?who=system", "Samverka"), offered
        assert [name for _, name in offered[1:]] == ["Samverka demo-admin"], "the demo's admin"
        # Written as macOS sends it (decomposed: A and a ring), still him.
        decomposed = unicodedata.normalize("NFD", "åkerlund östen")
        assert decomposed != "åkerlund östen"
        turned = k.app.execute(c.RegisterPerson(name="Åkerlund Östen"), SYSTEM).aggregate_id
        k.projector.catch_up()
        assert _found(client, {"person": decomposed}).url.query == f"who={turned}".encode()

        nobody = _search(client, {"person": "Ingen Alls"})
        assert nobody.status_code == 422 and not positions(nobody.text)
        assert 'id="filter-person-error"' in nobody.text
        assert "Ingen registrerad har det namnet." in nobody.text
        # Another field wrong: said at it, and no name is looked up.
        both_wrong = _search(client, {"person": "anna medlem", "from": "31/1 2022"})
        said = html.unescape(both_wrong.text)
        assert both_wrong.status_code == 422 and 'id="filter-from-error"' in said
        assert "Flera matchar" not in said and "Anna Medlem 0000" not in said
        assert _who_field(both_wrong.text) == "anna medlem", "the name stays as written"
