"""The copy the library takes of a cached aggregate for each command."""

from __future__ import annotations

import copy
import uuid
from datetime import date
from typing import Any

from domain.due import parse_due
from domain.initiative import Initiative
from tests.unit.helpers import meta, new_arena, new_initiative


def planned_initiative() -> Initiative:
    initiative = new_initiative(status="active")
    initiative.add_milestone("m1", "Kartläggning klar", parse_due("Oktober?"), meta=meta())
    initiative.add_link("l1", "Delarena 2.7", "https://example.org/2.7", meta=meta())
    initiative.add_participant(uuid.uuid4(), "convener", meta=meta())
    initiative.report_health("at-risk", comment="Resurser saknas", meta=meta())
    initiative.collect_events()  # as in the cache: saved, nothing pending
    return initiative


def containers(value: Any) -> list[Any]:
    """Every dict and list inside `value`, itself included."""
    if isinstance(value, dict):
        return [value, *(c for item in value.values() for c in containers(item))]
    if isinstance(value, list):
        return [value, *(c for item in value for c in containers(item))]
    return []


def test_the_copy_has_the_same_state_and_shares_no_container() -> None:
    arena = new_arena()
    arena.add_member(uuid.uuid4(), "moderator", meta=meta())
    arena.collect_events()
    for original in (planned_initiative(), arena):
        copied = copy.deepcopy(original)
        assert type(copied) is type(original)
        assert copied.snapshot_state() == original.snapshot_state()
        theirs = {id(c) for c in containers(vars(original))}
        assert not theirs & {id(c) for c in containers(vars(copied))}


def test_changing_the_copy_leaves_the_original_as_it_was() -> None:
    original = planned_initiative()
    before = copy.deepcopy(original.snapshot_state())
    copied = copy.deepcopy(original)
    copied.complete_milestone("m1", date(2026, 10, 20), meta=meta())
    copied.revise(changes={"objectives": ["Delmål 3"]}, meta=meta())
    copied.report_health("blocked", comment=None, meta=meta())
    assert original.snapshot_state() == before
    assert original.pending_events == [] and len(copied.pending_events) == 3
    assert copied.version == original.version + 3
