"""Fuzz every operation of the API from its own OpenAPI spec: never a 5xx.

SAMVERKA_FUZZ_EXAMPLES sets the most examples per operation (default 30; with
about 90 operations that is a few thousand requests — hypothesis stops early
where an operation has few distinct inputs).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from domain.access import ApiRole
from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from tests.clock import FixedClock
from tests.e2e.server import issue_token, serve

EXAMPLES = int(os.environ.get("SAMVERKA_FUZZ_EXAMPLES", "30"))


@pytest.fixture
def served(tmp_path: object) -> Iterator[tuple[str, str]]:
    k: Container = bootstrap(
        Settings(database_url=f"sqlite:///{tmp_path}/fuzz.db"), clock=FixedClock()
    )
    _, token = issue_token(k, "Fuzz admin", ApiRole.ADMIN)
    with serve(k) as base:
        yield base, token
    k.close()


def test_no_operation_answers_with_a_server_error(served: tuple[str, str]) -> None:
    base, token = served
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    failures: list[str] = []
    calls = [0]
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            calls[0] += 1
            response = case.call(headers=headers, timeout=10)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            check()
        except (Exception, BaseExceptionGroup) as error:  # collect all, report together
            failures.append(f"{operation.label}: {str(error)[:800]}")
    assert failures == []
    assert calls[0] >= 20 * len(operations) // 2, calls[0]
