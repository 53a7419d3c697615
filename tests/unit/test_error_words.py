"""Refusals carry values (statuses, amounts); the reader's words say them."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.errors import InvalidTransition
from domain.funds.money import Amount
from domain.funds.values import EntryKind
from domain.initiative import Initiative
from domain.meta import make_meta
from domain.values import Status
from services.i18n.errors import api_detail, error_text


def _refused() -> InvalidTransition:
    meta = make_meta(actor="anna", channel="cli")
    initiative = Initiative(uuid4(), "PS-1", "Titel", "", "", [], [], "proposed", meta)
    with pytest.raises(InvalidTransition) as raised:
        initiative.check_transition(Status.COMPLETED)
    return raised.value


def test_a_refused_status_change_carries_its_statuses_not_words() -> None:
    error = _refused()
    assert error.rule == "initiative.transition"
    assert error.params == {"code": "PS-1", "current": Status.PROPOSED, "new": Status.COMPLETED}
    assert error.message == "initiative PS-1 cannot go from proposed to completed"


def test_a_refused_status_change_reads_in_swedish_english_and_the_api() -> None:
    error = _refused()
    assert error_text(error) == "Initiativet PS-1 kan inte gå från Föreslaget till Avslutat."
    assert error_text(error, "en") == "initiative PS-1 cannot go from Proposed to Completed"
    assert api_detail(error) == "initiative PS-1 cannot go from Föreslaget to Avslutat"


def test_a_refused_amount_is_carried_in_ore_and_shown_as_money() -> None:
    error = InvalidTransition(
        "booking: only 7700000 kr is unbooked on this grant",
        field="amount",
        rule="funds.unbooked",
        params={"doing": EntryKind.BOOKING, "left": Amount(770_000_000)},
    )
    assert str(Amount(125_050)) == "1250.50 kr" and f"{Amount(-30_000)}" == "-300 kr"
    assert error_text(error) == "bokning: bara 7 700 000 kr av bidraget är obokat."
    assert error_text(error, "en") == "booking: only 7,700,000 kr is unbooked on this grant"
    assert api_detail(error) == "booking: only 7 700 000 kr is unbooked on this grant"
