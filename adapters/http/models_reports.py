"""What the återrapportering answers with a plan's follow-up (issue 22), beside
the report's own models in `models.py`."""

from __future__ import annotations

from typing import Any

from adapters.http.models import FundReport, Submission


class FundReportWithFollowUp(FundReport):
    """The report; asked for with `plan`, also that plan's id and its follow-up
    of the year (per insatsområde the activities and their status, the survey
    compiled, the narrative, the indicators; per perspective what was done;
    see docs/plans.md, "In the återrapportering")."""

    plan: str | None = None
    follow_up: dict[str, Any] | None = None


class SubmissionWithPlan(Submission):
    # The plan whose follow-up the submitted report carries (None: the ledger only).
    plan_id: str | None = None
