"""Fund reports for the CLI and the API: live, as known at a moment, submitted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from projections.fund_report import (
    ReportQuery,
    build_report,
    replay_until,
    report_diff,
    sources_from_db,
    sources_from_memory,
)
from projections.store import Row
from samverka.bootstrap import Container
from samverka.chain_verify import link_at


def compute_report(
    k: Container,
    query: ReportQuery,
    *,
    as_of: datetime | None = None,
    position: int | None = None,
) -> dict[str, Any]:
    """Live from the read tables, or from the events recorded up to `as_of`
    (or up to log `position`) replayed in memory."""
    if as_of is None and position is None:
        with k.engines.read.connect() as conn:
            src, at = sources_from_db(conn, query)
        return build_report(src, query, log_position=at, chain_link=link_at(k.app.recorder, at))
    store, at = replay_until(k.app, as_of=as_of, position=position)
    return build_report(
        sources_from_memory(store),
        query,
        log_position=at,
        chain_link=link_at(k.app.recorder, at),
        as_of=as_of.isoformat() if as_of else None,
    )


def query_of(submission: Row) -> ReportQuery:
    return ReportQuery(submission["year"], submission["principal"], submission["area"])


def submission_diff(k: Container, submission: Row) -> dict[str, Any]:
    """What the submitted report said (recomputed at its log position), what the
    same report says now, and the difference line by line."""
    query = query_of(submission)
    then = compute_report(k, query, position=submission["log_position"])
    now = compute_report(k, query)
    diff = report_diff(then, now)
    diff["submission"] = submission
    diff["reproduced"] = then["report_sha256"] == submission["report_sha256"]
    return diff
