"""Names as the Händelselogg compares and shows them: folded alike however
they were written, and the system actor named by one constant."""

from __future__ import annotations

import unicodedata

from domain.meta import SYSTEM_ACTOR, SYSTEM_NAME
from domain.person import folded_name
from projections.audit import display_name


def test_a_name_folds_alike_however_it_was_written() -> None:
    composed = "Åsa  Öberg "
    decomposed = unicodedata.normalize("NFD", composed)  # as macOS sends it
    assert decomposed != composed
    assert folded_name(decomposed) == folded_name(composed) == "åsa öberg"
    assert folded_name("ＡＳＡ\u00a0Öberg") == "asa öberg", "full-width letters, a no-break space"


def test_the_system_actor_is_named_by_one_constant() -> None:
    assert display_name(SYSTEM_ACTOR, {}) == SYSTEM_NAME == "Samverka"
