"""Fund reports (återrapportering) for every door: live, as known at a moment,
as submitted, and the difference."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from functools import partial
from typing import Any
from uuid import UUID

from domain.authority import Authority
from projections.amounts import format_sek
from projections.export import replay_in_memory
from projections.funds.report import (
    ReportQuery,
    Words,
    build_report,
    canonical_json,
    report_diff,
    sources_from_db,
    sources_from_memory,
)
from projections.funds.report_as_of import Moment, covers, last_position, sources_at
from projections.source import EventLog
from projections.store import Row
from projections.timetravel import Rewind
from services.i18n import translator
from services.i18n.labels import area_label, label
from services.integrity import link_at
from services.queries.plans import PlansQueries
from services.report_formats import MEDIA_TYPES, render
from services.views import Views

# What the doors need to ask for a report and render it (they never import projections).
__all__ = ["MEDIA_TYPES", "ReportQuery", "Reports", "query_of", "render"]


def query_of(submission: Row) -> ReportQuery:
    return ReportQuery(
        submission["year"], submission["principal"], submission["area"], submission.get("plan_id")
    )


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
        self._rewind = Rewind(log)

    def compute(
        self,
        query: ReportQuery,
        *,
        as_of: datetime | None = None,
        position: int | None = None,
    ) -> dict[str, Any]:
        """Live from the read tables, or as known at `as_of` (or at log
        `position`): from the read tables too when they hold the log that far
        (`projections.funds.report_as_of`), else from the events up to then
        replayed in memory (and always so for a report with a plan's
        follow-up). Both give the same report."""
        recorder = self._log.recorder
        if as_of is None and position is None:
            with self._views.connect() as conn:
                src, at = sources_from_db(conn, query)
            return build_report(
                src, query, log_position=at, chain_link=link_at(recorder, at), words=REPORT_WORDS
            )
        if query.plan is None:  # a plan's follow-up as it was is replayed
            moment = Moment.of(as_of, position)
            with self._views.connect() as conn:
                if covers(conn, self._log, moment):
                    src = sources_at(conn, query, moment, self._rewind)
                    at = last_position(conn, self._log, moment)
                    return build_report(
                        src,
                        query,
                        log_position=at,
                        chain_link=link_at(recorder, at),
                        words=REPORT_WORDS,
                        as_of=as_of.isoformat() if as_of else None,
                    )
        return self.replayed(query, as_of=as_of, position=position)

    def replayed(
        self, query: ReportQuery, *, as_of: datetime | None = None, position: int | None = None
    ) -> dict[str, Any]:
        """The report from the events up to `as_of` (or `position`) replayed
        in memory: what the report as known then must equal."""
        store, at = replay_in_memory(self._log, as_of=as_of, position=position)
        return build_report(
            sources_from_memory(store, query),
            query,
            log_position=at,
            chain_link=link_at(self._log.recorder, at),
            words=REPORT_WORDS,
            as_of=as_of.isoformat() if as_of else None,
        )

    def find_plan(self, ref: str) -> Row | None:
        """A plan by its code or id, for a report that carries its follow-up."""
        plans = PlansQueries(self._views)
        code = ref.strip()
        try:
            ident: str | None = str(UUID(code))
        except ValueError:
            # A code is at most 32 printable characters without spaces; anything
            # else (a NUL byte, which PostgreSQL refuses in a query) is no plan.
            fits = 0 < len(code) <= 32 and code.isprintable() and not any(c.isspace() for c in code)
            ident = plans.plan_id_by_code(code) if fits else None
        return None if ident is None else plans.get_plan(ident)

    def may_follow_up(self, plan: Row, viewer: Authority) -> bool:
        """Whether `viewer` may have the plan's follow-up in a report: it holds
        every organisation's answers, so it is read as the compilation is (the
        plan arena's secretaries and moderators, auditors, admins)."""
        return PlansQueries(self._views).may_compile(plan, viewer)

    @staticmethod
    def document(report: dict[str, Any]) -> str:
        """The report's canonical JSON, as a submission keeps it."""
        return canonical_json(report)

    def kept(self, submission: Row) -> str | None:
        """The report exactly as submitted (its canonical JSON, read from the
        submission's event); None for a submission recorded before reports
        were kept, or one whose document is not what its digest covers."""
        recorder = self._log.recorder
        for stored in recorder.select_events(UUID(str(submission["id"])), limit=1):
            document = getattr(self._log.mapper.to_domain_event(stored), "document", None)
            if isinstance(document, str):
                digest = hashlib.sha256(document.encode()).hexdigest()
                return document if digest == submission["report_sha256"] else None
        return None

    def as_submitted(self, submission: Row) -> dict[str, Any] | None:
        """The submitted report as a dict (with its digest), read, not recomputed."""
        document = self.kept(submission)
        if document is None:
            return None
        report: dict[str, Any] = json.loads(document)
        report["report_sha256"] = submission["report_sha256"]
        return report

    def submission_diff(self, submission: Row) -> dict[str, Any]:
        """What the submitted report said (as kept with the submission; for an
        older one, recomputed at its log position), what the same report says
        now, and the difference line by line; and whether the log still
        reproduces the submitted digest (a check anyone can run)."""
        query = query_of(submission)
        reproduced = self.compute(query, position=submission["log_position"])
        kept = self.as_submitted(submission)
        then = kept if kept is not None else reproduced
        now = self.compute(query)
        diff = self.diff(then, now)
        diff["submission"] = submission
        diff["kept"] = kept is not None
        diff["reproduced"] = reproduced["report_sha256"] == submission["report_sha256"]
        return diff

    @staticmethod
    def diff(then: dict[str, Any], now: dict[str, Any]) -> dict[str, Any]:
        """What changed between two reports of the same year, line by line."""
        return report_diff(then, now, money=format_sek)
