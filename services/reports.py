"""Fund reports (återrapportering) for every door: live, as known at a moment,
as submitted, and the difference."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from projections.amounts import format_sek
from projections.funds.report import (
    ReportQuery,
    Words,
    build_report,
    replay_until,
    report_diff,
    sources_from_db,
    sources_from_memory,
)
from projections.source import EventLog
from projections.store import Row
from services.i18n import translator
from services.i18n.labels import area_label, label
from services.integrity import link_at
from services.report_formats import MEDIA_TYPES, render
from services.views import Views

# What the doors need to ask for a report and render it (they never import projections).
__all__ = ["MEDIA_TYPES", "ReportQuery", "Reports", "query_of", "render"]


def query_of(submission: Row) -> ReportQuery:
    return ReportQuery(submission["year"], submission["principal"], submission["area"])


# The report's words are Swedish whoever asks: its JSON (`report`, area
# names, `status_sv`, `kind_sv`, perspective names) is a public contract, and
# its hash covers them.
_SWEDISH = translator("sv")
REPORT_WORDS = Words(
    title=_SWEDISH.gettext("Report on the use of stimulus funds"),
    value=partial(label, _SWEDISH),
    area=partial(area_label, _SWEDISH),
)


class Reports:
    def __init__(self, log: EventLog, views: Views) -> None:
        self._log = log
        self._views = views

    def compute(
        self,
        query: ReportQuery,
        *,
        as_of: datetime | None = None,
        position: int | None = None,
    ) -> dict[str, Any]:
        """Live from the read tables, or from the events recorded up to `as_of`
        (or up to log `position`) replayed in memory."""
        recorder = self._log.recorder
        if as_of is None and position is None:
            with self._views.connect() as conn:
                src, at = sources_from_db(conn, query)
            return build_report(
                src, query, log_position=at, chain_link=link_at(recorder, at), words=REPORT_WORDS
            )
        store, at = replay_until(self._log, as_of=as_of, position=position)
        return build_report(
            sources_from_memory(store),
            query,
            log_position=at,
            chain_link=link_at(recorder, at),
            words=REPORT_WORDS,
            as_of=as_of.isoformat() if as_of else None,
        )

    def submission_diff(self, submission: Row) -> dict[str, Any]:
        """What the submitted report said (recomputed at its log position), what
        the same report says now, and the difference line by line."""
        query = query_of(submission)
        then = self.compute(query, position=submission["log_position"])
        now = self.compute(query)
        diff = self.diff(then, now)
        diff["submission"] = submission
        diff["reproduced"] = then["report_sha256"] == submission["report_sha256"]
        return diff

    @staticmethod
    def diff(then: dict[str, Any], now: dict[str, Any]) -> dict[str, Any]:
        """What changed between two reports of the same year, line by line."""
        return report_diff(then, now, money=format_sek)
