from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.commands import RecordDecision
from domain.decision import Decision, DecisionState, decided_by
from domain.errors import Duplicate, InvalidTransition, ValidationFailed
from domain.meta import make_meta
from tests.unit.helpers import meta


def new_decision(**overrides: object) -> Decision:
    fields: dict[str, object] = {
        "text": "En bred behovsanalys ska genomföras",
        "rationale": "Förslag från Styrgruppen",
        "decided_by_body": "Länschefsnätverket",
        "decision_date": date(2020, 12, 18),
    }
    fields.update(overrides)
    return Decision.record(
        RecordDecision(**fields),
        by=decided_by(body="Länschefsnätverket", meeting_id=None, meeting_title=None),
        meta=meta(),
    )


def test_someone_must_have_decided() -> None:
    with pytest.raises(ValidationFailed) as err:
        decided_by(body=None, meeting_id=None, meeting_title=None)
    assert err.value.field == "decided_by"


def test_review_date_not_before_decision_date() -> None:
    with pytest.raises(ValidationFailed):
        new_decision(review_date=date(2020, 12, 1))
    decision = new_decision(review_date=date(2021, 2, 19))
    with pytest.raises(ValidationFailed):
        decision.set_review_date(date(2019, 1, 1), meta=meta())


def test_an_initiative_is_linked_once() -> None:
    initiative = uuid.uuid4()
    with pytest.raises(Duplicate):
        new_decision(initiative_ids=[initiative, initiative])
    decision = new_decision(initiative_ids=[initiative])
    with pytest.raises(Duplicate):
        decision.link_initiative(initiative, meta=meta())


def test_superseded_or_revoked_decisions_are_final() -> None:
    decision = new_decision()
    decision.supersede(uuid.uuid4(), meta=meta())
    assert decision.state is DecisionState.SUPERSEDED
    with pytest.raises(InvalidTransition):
        decision.revoke(reason="x", revoked_on=date(2021, 1, 1), meta=meta())
    other = new_decision()
    with pytest.raises(ValidationFailed):
        other.revoke(reason="x", revoked_on=date(2020, 1, 1), meta=meta())
    other.revoke(reason="Ersätts inte", revoked_on=date(2021, 1, 1), meta=meta())
    with pytest.raises(InvalidTransition):
        other.supersede(uuid.uuid4(), meta=meta())
    fresh = new_decision()
    with pytest.raises(ValidationFailed):
        fresh.supersede(fresh.id, meta=meta())


def test_envelope_is_validated() -> None:
    with pytest.raises(ValidationFailed):
        make_meta(actor="x", channel="fax")
    with pytest.raises(ValidationFailed):
        make_meta(actor="", channel="api")
    with pytest.raises(ValidationFailed):
        make_meta(actor="x", channel="api", source_id="has space")
    with pytest.raises(ValidationFailed):
        make_meta(actor="x", channel="api", business_date="18 dec")
    envelope = make_meta(actor="x", channel="slack", source_id="Ev123", business_date="2020-12-18")
    assert envelope["channel"] == "slack" and envelope["business_date"] == "2020-12-18"
    assert envelope["correlation_id"]


def test_a_correlation_id_is_short_printable_ascii_from_any_door() -> None:
    for channel in ("api", "slack", "email", "cli"):
        for bad in ("c" * 129, "has space", "tab\there", "line\n", "åäö", "nul\x00"):
            with pytest.raises(ValidationFailed) as raised:
                make_meta(actor="x", channel=channel, correlation_id=bad)
            assert raised.value.field == "correlation_id"
    given = "req-" + "7" * 124
    assert make_meta(actor="x", channel="api", correlation_id=given)["correlation_id"] == given
