"""Validation against the published schemas in tests/schemas/: Adaptive
Cards (1.5, the version Teams renders) and the Teams app manifest (1.17)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

SCHEMAS = Path(__file__).parent / "schemas"


@cache
def _validator(name: str) -> Any:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema)


def problems(instance: Any, schema: str) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in error.instance_path)}: {error.message}"
        for error in _validator(schema).iter_errors(instance)
    ]


def assert_valid_card(card: dict[str, Any]) -> None:
    """The card is an Adaptive Card 1.5, as Teams reads it."""
    assert card.get("version") == "1.5"
    found = problems(card, "adaptive-card-1.5.json")
    assert not found, found


def assert_valid_manifest(manifest: dict[str, Any]) -> None:
    found = problems(manifest, "MicrosoftTeams-1.17.schema.json")
    assert not found, found


def assert_valid_localization(localization: dict[str, Any]) -> None:
    found = problems(localization, "MicrosoftTeams-1.17.Localization.schema.json")
    assert not found, found
