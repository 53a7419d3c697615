"""`samverka indicator ...`: indicators, their targets, links and values.

`indicator import FILE` reads a CSV in Kolada's layout (kpi, municipality,
period, gender, value) or the template (indikator;område;år;kön;ålder;värde;
see `indicator template`), as CSV or Excel, checks every row and records all
of it or nothing: a bad file is refused with each bad line's number.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer

from domain.indicators import commands as i
from domain.indicators.values import Direction, LinkKind
from samverka.bootstrap import Container
from samverka.cli_common import (
    ArenaOpt,
    coded_ref,
    container,
    context,
    echo_json,
    fail,
    find_arena,
    initiative_ref,
    named,
    run,
    state,
    t,
    using,
)
from services.i18n import N_
from services.indicator_import import TEMPLATE_HEADER, ImportRefused
from services.indicators import refusal_lines

indicator_app = typer.Typer(
    help="Indicators: what the plan follows, with values per area, year and group.",
    no_args_is_help=True,
)
IndicatorArg = Annotated[str, typer.Argument(help="Indicator id or code (e.g. N60020)")]


def indicator_ref(k: Container, ref: str) -> UUID:
    """An indicator by id or by code."""
    return coded_ref(ref, k.indicators.id_by_code, N_("no indicator with code {code}"))


def _find(ref: str) -> UUID:
    return using(lambda k: indicator_ref(k, ref))


@indicator_app.command("new")
def new(
    code: Annotated[str, typer.Argument(help="A Kolada KPI id (N60020) or the plan's own code")],
    name: Annotated[str, typer.Argument(help='"Suicid per 100 000 invånare"')],
    source: Annotated[str, typer.Option(help='Where the figures come from: "Liv & Hälsa ung"')],
    unit: Annotated[str, typer.Option(help='"procent", "per 100 000 invånare"')],
    description: Annotated[str | None, typer.Option()] = None,
    arena: ArenaOpt = None,
    demo: Annotated[bool, typer.Option(help="The figures are made up for a demo")] = False,
) -> None:
    """Define an indicator."""
    arena_id = find_arena(arena) if arena else None
    run(named(i.DefineIndicator, locals()))


@indicator_app.command("target")
def target(
    indicator: IndicatorArg,
    value: Annotated[str | None, typer.Argument(help="The target; leave out to remove it")] = None,
    direction: Annotated[
        Direction, typer.Option(help="at_least (higher is better) or at_most")
    ] = Direction.AT_LEAST,
) -> None:
    """Set (or remove) an indicator's target."""
    run(i.SetIndicatorTarget(indicator_id=_find(indicator), value=value, direction=direction))


@indicator_app.command("link")
def link(
    indicator: IndicatorArg,
    malbild: Annotated[str | None, typer.Option(help="A målbild's id")] = None,
    insatsomrade: Annotated[str | None, typer.Option(help="An insatsområde's id")] = None,
    initiative: Annotated[str | None, typer.Option(help="Initiative id or code")] = None,
    remove: Annotated[bool, typer.Option(help="Remove the link instead")] = False,
) -> None:
    """Link an indicator to a målbild, an insatsområde or an initiative."""
    given = [(k, v) for k, v in (("goal", malbild), ("area", insatsomrade)) if v]
    k = container()
    try:
        indicator_id = indicator_ref(k, indicator)
        if initiative:
            given.append(("initiative", str(initiative_ref(k, initiative))))
    finally:
        k.close()
    if len(given) != 1:
        fail(t("give one of --malbild, --insatsomrade or --initiative"))
    kind, target_id = given[0]
    try:
        target_uuid = UUID(target_id)
    except ValueError:
        fail(t("{value} is not an id", value=repr(target_id)))
    command = i.UnlinkIndicator if remove else i.LinkIndicator
    run(command(indicator_id=indicator_id, kind=LinkKind(kind), target_id=target_uuid))


@indicator_app.command("list")
def list_() -> None:
    """Every indicator with its latest value, trend and target."""
    echo_json(using(lambda k: k.indicators.list_indicators()))


@indicator_app.command("show")
def show(
    indicator: IndicatorArg,
    area: Annotated[str | None, typer.Option(help="Area code: 17, 1780, 0000")] = None,
    gender: Annotated[str, typer.Option(help="T, K or M")] = "T",
    age: Annotated[str, typer.Option(help="Age band, e.g. 16-84 (empty: all ages)")] = "",
    history: Annotated[bool, typer.Option(help="Every figure recorded, revisions too")] = False,
) -> None:
    """An indicator with its series over time (its first area unless --area)."""

    def read(k: Container) -> object:
        indicator_id = str(indicator_ref(k, indicator))
        found = k.indicators.get_indicator(indicator_id)
        assert found is not None
        if area:
            found["series"] = k.indicators.series(indicator_id, area, gender.upper(), age)
        if history:
            found["history"] = k.indicators.history(indicator_id, area)
        return found

    echo_json(using(read))


@indicator_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file", exists=True, dir_okay=False)],
    indicator: Annotated[
        str | None, typer.Option(help="The indicator every row is for (id or code)")
    ] = None,
) -> None:
    """Import values from Kolada's CSV layout or the template (CSV or Excel)."""
    k = container()
    try:
        indicator_id = str(indicator_ref(k, indicator)) if indicator else None
        done = k.indicator_import.run(
            file.read_bytes(), file.name, context(), indicator=indicator_id, wait=False
        )
        k.projector.catch_up()
    except ImportRefused as refused:
        typer.echo(t("The file was not imported; nothing was recorded:"), err=True)
        for line in refusal_lines(refused, state.lang):
            typer.echo(line, err=True)
        raise typer.Exit(1) from None
    finally:
        k.close()
    echo_json(
        {
            "values": done.values,
            "skipped": done.skipped,
            "indicators": done.indicators,
            "position": done.position,
        }
    )


@indicator_app.command("template")
def template() -> None:
    """Print the template's header (semicolon-separated, as Excel writes it)."""
    sys.stdout.write(TEMPLATE_HEADER + "\n")
