"""Commands are defined once, with their limits; the HTTP bodies are derived."""

from __future__ import annotations

from uuid import uuid4

import pytest

from adapters.http.command_routes import CommandRoute, body_model
from domain import commands as c
from domain.errors import ValidationFailed
from domain.funds import commands as f
from domain.meetings import commands as m
from domain.values import Health


def test_a_command_strips_its_texts_and_takes_enum_values_as_strings() -> None:
    command = c.ReportHealth(initiative_id=uuid4(), health="at-risk", comment="  late  ")
    assert command.health is Health.AT_RISK
    assert command.health == "at-risk"
    assert command.comment == "late"


@pytest.mark.parametrize(
    ("fields", "field", "rule"),
    [
        ({"code": "2.7", "name": "  "}, "name", "text.empty"),
        ({"code": "2.7", "name": "x" * 201}, "name", "text.too_long"),
        ({"code": "2.7", "name": "A", "kind": "club"}, "kind", "value.not_allowed"),
        ({"code": "2 7", "name": "A"}, "code", None),
        ({"code": "2.7", "name": "A", "colour": "red"}, "colour", None),
    ],
)
def test_a_value_outside_a_limit_is_the_domains_validation_error(
    fields: dict[str, str], field: str, rule: str | None
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        c.CreateArena(**fields)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert caught.value.rule == rule


def test_money_is_a_whole_number_of_ore() -> None:
    with pytest.raises(ValidationFailed):
        f.RepayFunds(grant_id=uuid4(), amount="100", repaid_on="2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed):
        f.RepayFunds(grant_id=uuid4(), amount=True, repaid_on="2026-01-01")  # type: ignore[arg-type]


def _fields(route: CommandRoute) -> dict[str, bool]:
    model = body_model(route)
    assert model is not None
    return {name: info.is_required() for name, info in model.model_fields.items()}


def test_a_body_is_the_command_minus_its_path_with_only_the_differences_stated() -> None:
    grant = CommandRoute(
        "POST /grants/{grant_id}/repayments", f.RepayFunds, "", renamed={"amount": "amount_ore"}
    )
    assert _fields(grant) == {
        "amount_ore": True,
        "repaid_on": True,
        "reference": False,
        "currency": False,
    }
    revoke = CommandRoute("POST /{decision_id}/revoke", c.RevokeDecision, "", today=("revoked_on",))
    assert _fields(revoke) == {"reason": True, "revoked_on": False, "expected_version": False}
    series = CommandRoute("POST /series", m.ScheduleSeries, "", hidden=("timezone",))
    assert "timezone" not in _fields(series)
    close = CommandRoute("POST /{series_id}/meetings/{day}/close", m.CloseMeeting, "",
                         renamed={"occurrence_date": "day"}, now=("closed_at",))  # fmt: skip
    assert body_model(close) is None
    assert (
        body_model(CommandRoute("DELETE /{arena_id}/members/{person_id}", c.RemoveMember, ""))
        is None
    )
