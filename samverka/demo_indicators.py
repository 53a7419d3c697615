"""Demo: four indicators for Värmland's plan for mental health, with values
for several years for Värmlands län (17), the country (0000) and a few of
the county's municipalities.

Every figure here is made up for the demo: the indicators are marked
`demo` (the pages say "demosiffror") and their sources say so. The names
are those the plan and its sources use (Liv & Hälsa ung, Hälsa på lika
villkor, ELSA, the cause-of-death register); the codes are the demo's own,
not Kolada's. One county figure is revised by a second import, so the
history shows a revision beside the figure it replaced.
"""

from __future__ import annotations

from uuid import UUID

from domain.commands import Command
from domain.indicators import commands as i
from domain.indicators.values import Direction, LinkKind
from domain.meta import Channel, make_meta
from samverka.bootstrap import Container

# code: (name, source, unit, age band, years, county level, target (value, direction))
INDICATORS: dict[str, tuple[str, str, str, str, list[int], float, tuple[str, str] | None]] = {
    "DEMO-LH-VALBEFINNANDE": (
        "Andel unga som uppger gott psykiskt välbefinnande",
        "Liv & Hälsa ung, Region Värmland (demosiffror)",
        "procent",
        "13-17",
        [2014, 2017, 2020, 2023],
        71.0,
        ("75", "at_least"),
    ),
    "DEMO-SUICID": (
        "Suicid per 100 000 invånare",
        "Socialstyrelsen, dödsorsaksregistret (demosiffror)",
        "per 100 000 invånare",
        "",
        list(range(2016, 2024)),
        15.2,
        ("10", "at_most"),
    ),
    "DEMO-ELSA-STRESS": (
        "Andel elever i årskurs 8 som ofta känner sig stressade",
        "ELSA, elevhälsans databas (demosiffror)",
        "procent",
        "14-15",
        list(range(2019, 2025)),
        34.0,
        None,
    ),
    "DEMO-HLV-PSYKISKT": (
        "Andel med nedsatt psykiskt välbefinnande",
        "Hälsa på lika villkor, Folkhälsomyndigheten (demosiffror)",
        "procent",
        "16-84",
        [2016, 2018, 2020, 2022, 2024],
        17.0,
        ("15", "at_most"),
    ),
}
# Area code: how far its figures lie from the county's (made up).
AREAS = {"17": 0.0, "0000": -1.2, "1780": -0.8, "1784": 1.1, "1737": 2.3, "1781": 0.6}
# Per year the figures drift by this much (made up): the young feel a little worse.
DRIFT = {
    "DEMO-LH-VALBEFINNANDE": -0.6,
    "DEMO-SUICID": -0.25,
    "DEMO-ELSA-STRESS": 0.7,
    "DEMO-HLV-PSYKISKT": 0.3,
}
SEX = {"T": 0.0, "K": 1.0, "M": -1.0}  # women report more on every one of these (made up)
LINKS = {"DEMO-LH-VALBEFINNANDE": "271"}  # initiative keys of the demo's arena 2.7
REVISED = ("DEMO-SUICID", "17", 2023, "13.9")


def figure(code: str, area: str, year: int, sex: str) -> str:
    """A made-up figure, the same on every run."""
    _name, _source, _unit, _age, years, level, _target = INDICATORS[code]
    value = level + DRIFT[code] * (year - years[0]) + AREAS[area]
    value += SEX[sex] * (3.0 if code != "DEMO-SUICID" else -4.0)
    value += ((year * 7 + int(area) * 3) % 5 - 2) * 0.3  # a little noise
    return f"{max(value, 0.5):.1f}"


class IndicatorDemo:
    def __init__(self, k: Container, initiatives: dict[str, UUID]) -> None:
        self.k = k
        self.initiatives = initiatives
        self.new = 0

    def _do(self, key: str, command: Command) -> UUID:
        meta = make_meta(actor="system", channel=Channel.CLI, source_id=f"demo:indicator:{key}")
        result = self.k.app.execute(command, meta)
        self.new += 0 if result.replayed else 1
        return result.aggregate_id

    def load(self) -> int:
        values: list[dict[str, object]] = []
        ids: dict[str, UUID] = {}
        for code, (name, source, unit, age, years, _level, target) in INDICATORS.items():
            indicator = self._do(
                f"define:{code}",
                i.DefineIndicator(code=code, name=name, source=source, unit=unit, demo=True),
            )
            ids[code] = indicator
            if target is not None:
                self._do(
                    f"target:{code}",
                    i.SetIndicatorTarget(
                        indicator_id=indicator, value=target[0], direction=Direction(target[1])
                    ),
                )
            if code in LINKS and LINKS[code] in self.initiatives:
                self._do(
                    f"link:{code}",
                    i.LinkIndicator(
                        indicator_id=indicator,
                        kind=LinkKind.INITIATIVE,
                        target_id=self.initiatives[LINKS[code]],
                    ),
                )
            for area in AREAS:
                for year in years:
                    for sex in SEX if area in ("17", "1780") else ("T",):
                        value = figure(code, area, year, sex)
                        if (code, area, year, sex) == (*REVISED[:3], "T"):
                            value = "13.4"  # the first figure published; revised below
                        values.append(
                            {
                                "indicator_id": indicator,
                                "area": area,
                                "period": year,
                                "gender": sex,
                                "age": age,
                                "value": value,
                            }
                        )
        self._do("values", i.RecordIndicatorValues.model_validate({"values": values}))
        code, area, year, value = REVISED
        suicide = ids[code]
        revised = {"indicator_id": suicide, "area": area, "period": year, "value": value}
        self._do("revision", i.RecordIndicatorValues.model_validate({"values": [revised]}))
        return self.new
