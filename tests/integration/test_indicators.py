"""Indicators on SQLite and PostgreSQL: a Kolada file and the template
imported, a bad file refused whole with its line numbers and nothing of it
recorded, a revised figure beside the one it replaced, the series over time
with its target, and the same tables after a replay."""

from __future__ import annotations

from uuid import UUID

import pytest

from adapters.persistence import chain
from domain import commands as c
from domain.authority import GlobalRole
from domain.errors import Forbidden
from domain.indicators import commands as i
from domain.indicators.indicator import indicator_id
from domain.meta import Channel
from projections.export import snapshot_from_db
from projections.indicators.tables import INDICATOR_TABLES
from projections.rebuild import rebuild
from samverka.bootstrap import Container
from services.commands import Context, system
from services.indicator_import import ImportRefused
from services.indicators import refusal_lines
from services.integrity import verify

KOLADA = (
    "kpi;municipality;period;gender;value;count;status\n"
    "N60020;0017;2021;T;14,2;1;\n"
    "N60020;0017;2022;T;13,0;1;\n"
    "N60020;0017;2023;T;;0;Saknas\n"
    "N60020;1780;2022;T;12,1;1;\n"
    "N60020;1780;2022;K;7,9;1;\n"
)
BAD = (
    "kpi;municipality;period;gender;value\n"
    "N60020;0017;2024;T;12,0\n"
    "N60020;1780;2024;X;11\n"
    "N60020;1780;20x4;T;11\n"
    "N60020;1781;2024;T;elva\n"
    "N60020;0017;2024;T;12,5\n"
)


def define(k: Container) -> UUID:
    ctx = system()
    made = k.commands.run(
        i.DefineIndicator(
            code="N60020",
            name="Suicid per 100 000 invånare",
            source="Socialstyrelsen, dödsorsaksregistret (via Kolada)",
            unit="per 100 000 invånare",
        ),
        ctx,
    )
    k.commands.run(
        i.SetIndicatorTarget(indicator_id=made.aggregate_id, value="10", direction="at_most"), ctx
    )
    k.projector.catch_up()
    return made.aggregate_id


def test_import_revise_refuse_and_replay(container: Container) -> None:
    k = container
    indicator = define(k)
    ctx = system()
    done = k.indicator_import.run(KOLADA.encode(), "kolada.csv", ctx, wait=False)
    assert (done.values, done.skipped, done.indicators) == (4, 1, 1)
    k.projector.catch_up()
    position = k.views.head()

    with pytest.raises(ImportRefused) as refused:
        k.indicator_import.run(BAD.encode(), "kolada.csv", ctx, wait=False)
    said = refusal_lines(refused.value)
    assert said == [
        "Rad 3: ”X” är inte ett av: T, K, M",
        "Rad 4: '20x4' är inget år (1900–2100)",
        "Rad 5: 'elva' är inget tal",
        "Rad 6: samma värde finns redan på rad 2",
    ]
    k.projector.catch_up()
    assert k.views.head() == position  # nothing of the bad file

    template = "indikator;område;år;kön;ålder;värde\nN60020;17;2022;T;;13,4\n"
    k.indicator_import.run(template.encode(), "mall.csv", ctx, wait=False)
    k.projector.catch_up()
    series = k.indicators.series(str(indicator), "17")
    assert [(p["period"], p["value"], p["revisions"]) for p in series["points"]] == [
        (2021, "14.2", 0),
        (2022, "13.4", 1),
    ]
    assert (series["trend"], series["target_met"]) == ("down", False)
    history = k.indicators.history(str(indicator), "17")
    assert [(h["period"], h["value"], h["previous"]) for h in history] == [
        (2022, "13.4", "13"),
        (2022, "13", None),
        (2021, "14.2", None),
    ]
    listed = k.indicators.list_indicators()
    assert listed[0]["headline"]["latest"]["value"] == "13.4"

    with k.engines.read.connect() as conn:
        before = snapshot_from_db(conn, INDICATOR_TABLES)
    rebuild(k.app, k.engines)
    with k.engines.read.connect() as conn:
        assert snapshot_from_db(conn, INDICATOR_TABLES) == before


def test_only_plan_coordinators_import(container: Container) -> None:
    k = container
    define(k)
    member = Context(actor="5d9e3c8a-0000-4000-8000-000000000001", channel=Channel.API)
    with pytest.raises(ImportRefused) as refused:
        k.indicator_import.run(KOLADA.encode(), "kolada.csv", member, wait=False)
    assert isinstance(refused.value.errors[0].error, Forbidden)
    coordinator = Context(
        actor=member.actor, channel=Channel.API, roles=frozenset({GlobalRole.PLAN_COORDINATOR})
    )
    assert k.indicator_import.run(KOLADA.encode(), "k.csv", coordinator, wait=False).values == 4


def test_who_may_define_and_link(container: Container) -> None:
    """Plan coordinators and admins; an arena's moderators for their arena's
    indicators only; members never."""
    k = container
    ctx = system()
    own = k.commands.run(c.CreateArena(code="V", name="Värmland"), ctx).aggregate_id
    other = k.commands.run(c.CreateArena(code="D", name="Dalarna"), ctx).aggregate_id
    people = {}
    for name, arena, role in (("mod", own, "moderator"), ("other", other, "moderator"),
                              ("member", own, "participant")):  # fmt: skip
        person = k.commands.run(c.RegisterPerson(name=name), ctx).aggregate_id
        k.commands.run(c.AddMember(arena_id=arena, person_id=person, role=role), ctx)
        people[name] = Context(actor=str(person), channel=Channel.API)
    kept = i.DefineIndicator(code="V1", name="Värmlands mått", source="x", unit="st", arena_id=own)
    for who in ("member", "other"):
        with pytest.raises(Forbidden):
            k.commands.run(kept, people[who])
    indicator = k.commands.run(kept, people["mod"]).aggregate_id
    goal = UUID("7b0c6a52-5b1f-4f63-9a57-4cbb0a1e2d11")
    link = i.LinkIndicator(indicator_id=indicator, kind="goal", target_id=goal)
    with pytest.raises(Forbidden):
        k.commands.run(link, people["other"])
    k.commands.run(link, people["mod"])
    unkept = i.DefineIndicator(code="R1", name="Rikets mått", source="x", unit="st")
    with pytest.raises(Forbidden):
        k.commands.run(unkept, people["mod"])
    coordinator = Context(
        actor=people["member"].actor,
        channel=Channel.API,
        roles=frozenset({GlobalRole.PLAN_COORDINATOR}),
    )
    k.commands.run(unkept, coordinator)
    k.projector.catch_up()
    assert k.indicators.list_indicators(linked_to=str(goal))[0]["code"] == "V1"


def test_a_big_import_is_one_transaction_and_keeps_the_chain(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL saves a big import in INSERT statements of INSERT_CHUNK
    events, in one transaction: every position is linked in the hash chain,
    and a refusal records nothing."""
    monkeypatch.setattr(chain, "INSERT_CHUNK", 7)
    k = container
    define(k)
    rows = ["kpi,municipality,period,gender,value"]
    rows += [
        f"N60020,17{n:02d},{year},T,{n}.5" for n in range(15, 20) for year in range(2015, 2021)
    ]
    done = k.indicator_import.run(("\n".join(rows) + "\n").encode(), "k.csv", system(), wait=False)
    assert done.values == 30
    k.projector.catch_up()
    assert verify(k.app.recorder).ok
    assert len(k.indicators.history(str(indicator_id("N60020")))) == 30
    assert [a["code"] for a in k.indicators.get_indicator(str(indicator_id("N60020")))["areas"]][
        :2
    ] == ["1715", "1716"]
