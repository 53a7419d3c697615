"""A refused status change says the statuses in the reader's words."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.errors import InvalidTransition
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
