"""Finding a person by name, as the Händelselogg's Vem field does: the
database compares names folded the way `domain.person.folded_name` folds
them, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import unicodedata

from domain import commands as c
from projections.plan import queries as q
from samverka.bootstrap import Container
from tests.integration.scenario import meta


def _register(k: Container, name: str) -> str:
    return str(k.app.execute(c.RegisterPerson(name=name), meta()).aggregate_id)


def _found(k: Container, words: str, limit: int = 10) -> list[str]:
    with k.engines.read.connect() as conn:
        return [str(p["name"]) for p in q.persons_named(conn, words, limit=limit)]


def test_a_name_is_found_whole_first_then_as_a_part(container: Container) -> None:
    k = container
    for name in ("Östen Åkerlund", "Östen Åkerlund-Berg", "Åsa Öberg", "Anna_Berg", "Anna Xberg"):
        _register(k, name)
    k.projector.catch_up()
    assert _found(k, "  östen   ÅKERLUND ") == ["Östen Åkerlund"]  # whole: only him
    assert _found(k, "åkerlund") == ["Östen Åkerlund", "Östen Åkerlund-Berg"]
    assert _found(k, "åkerlund", limit=1) == ["Östen Åkerlund"]
    # As macOS sends it: Å as A and a ring, the same name once normalised.
    assert _found(k, unicodedata.normalize("NFD", "åsa öberg")) == ["Åsa Öberg"]
    # LIKE's wildcards are letters like any other in a name.
    assert _found(k, "anna_") == ["Anna_Berg"]
    assert _found(k, "%") == [] and _found(k, "a%b") == [] and _found(k, "   ") == []


def test_a_renamed_person_is_found_by_the_new_name_only(container: Container) -> None:
    k = container
    person = _register(k, "Karin Lind")
    k.app.execute(c.RevisePerson(person_id=person, name="Karin Ek"), meta())
    k.projector.catch_up()
    assert _found(k, "lind") == [] and _found(k, "karin ek") == ["Karin Ek"]
