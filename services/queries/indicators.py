"""What the doors read of the indicators: the list, one indicator, a series
over time, the history of every figure recorded."""

from __future__ import annotations

from sqlalchemy import Connection

from projections.indicators import queries as iq
from projections.store import Row
from services.queries.base import Facade, lists, reads


class IndicatorQueries(Facade):
    # Every indicator with its headline series (latest value, trend, target).
    list_indicators = lists(iq.list_indicators)

    # One indicator with its areas, links and headline series.
    get_indicator = reads(iq.get_indicator)

    # The groups (sex, age band) an indicator has values for in an area.
    groups = reads(iq.groups_of)

    # An indicator's id by its code (any case).
    id_by_code = reads(iq.indicator_id_by_code)

    # Every indicator's id by its code in lower case.
    codes = reads(iq.indicator_codes)

    def series(
        self,
        indicator_id: str,
        area: str,
        gender: str = iq.TOTAL,
        age: str = iq.ALL_AGES,
        *,
        conn: Connection | None = None,
    ) -> Row:
        """The values over time for an area and group, oldest first, with the
        latest, the trend and whether the latest meets the target."""
        return self._read(conn, iq.series, indicator_id, area, gender, age)

    def history(
        self, indicator_id: str, area: str | None = None, *, conn: Connection | None = None
    ) -> list[Row]:
        """Every figure recorded, newest first; a revision names the one it replaced."""
        return self._read(conn, iq.value_history, indicator_id, area)
