"""The återrapportering with a plan's follow-up over real HTTP: read by
those who may read the plan's compilation, refused to others, submitted
with its plan and reproduced from the log as submitted."""

from __future__ import annotations

import io
import json

import httpx
from openpyxl import load_workbook

from domain.access import ApiRole
from samverka.bootstrap import Container
from tests.e2e.server import issue_token, serve
from tests.integration.test_report_follow_up import world_with_follow_up


def client(base: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def test_the_report_with_a_plan_over_http(container: Container) -> None:
    k = container
    world = world_with_follow_up(k)
    _, outsider = issue_token(k, "Ekonom", ApiRole.FUND_COORDINATOR)
    _, keeper = issue_token(
        k, "Ekonom i RKPH", ApiRole.FUND_COORDINATOR, arena=(world.arena, "secretary")
    )
    with serve(k) as base, client(base, outsider) as other, client(base, keeper) as fund:
        params = {"year": 2025, "plan": "vrm-test"}
        refused = other.get("/api/v1/reports/funds", params=params)
        assert refused.status_code == 403, refused.text
        assert other.get("/api/v1/reports/funds", params={"year": 2025}).status_code == 200
        for ref in ("ingen", "x\x00y", "a b", " "):  # no such plan, and no such code
            missing = fund.get("/api/v1/reports/funds", params={"year": 2025, "plan": ref})
            assert missing.status_code in {404, 422}, (ref, missing.text)

        found = fund.get("/api/v1/reports/funds", params=params)
        assert found.status_code == 200, found.text
        report = found.json()
        assert report["plan"] == str(world.plan)
        io1 = report["follow_up"]["areas"][0]
        assert io1["narrative"]["done"] == "Utbildning för elevhälsan"
        by_id = fund.get("/api/v1/reports/funds", params={"year": 2025, "plan": str(world.plan)})
        assert by_id.json()["report_sha256"] == report["report_sha256"]

        xlsx = fund.get("/api/v1/reports/funds", params={**params, "format": "xlsx"})
        book = load_workbook(io.BytesIO(xlsx.content))
        assert {"Insatsområden", "Enkäten", "Berättelser", "Indikatorer"} <= set(book.sheetnames)

        assert (
            other.post(
                "/api/v1/reports/funds/submissions", json={"year": 2025, "plan": "vrm-test"}
            ).status_code
            == 403
        )
        submitted = fund.post(
            "/api/v1/reports/funds/submissions",
            json={"year": 2025, "plan": "vrm-test", "submitted_on": "2026-01-31"},
        )
        assert submitted.status_code == 201, submitted.text
        report_id = submitted.json()["id"]
        assert submitted.json()["report_sha256"] == report["report_sha256"]
        diff = fund.get(f"/api/v1/reports/funds/submissions/{report_id}/diff")
        assert diff.status_code == 200, diff.text
        assert diff.json()["reproduced"] is True and diff.json()["kept"] is True
    (row,) = k.funds.list_submissions(year=2025)
    assert row["plan_id"] == str(world.plan)
    kept = k.reports.kept(row)
    assert kept is not None and json.loads(kept)["follow_up"]["plan"]["code"] == "vrm-test"
