"""Response models built from a read table's columns, and a patch body built
from a command's fields (adapters/http/models_derived.py)."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy import JSON, Boolean, Column, Integer, MetaData, String, Table, Text

from adapters.http.models_derived import from_table, patch_of
from domain.limits import Title

things = Table(
    "things",
    MetaData(),
    Column("id", String(36), primary_key=True),
    Column("name", Text, nullable=False),
    Column("note", Text),
    Column("count", Integer, nullable=False),
    Column("done", Boolean, nullable=False),
    Column("tags", JSON, nullable=False),
    Column("secret", Text),
)


class Base(BaseModel):
    id: str


@from_table(things, omit=("secret",), optional=("count",), after={"label": "name"})
class Thing(Base):
    """A thing."""

    tags: list[str] = []
    label: str | None = None


def test_a_table_model_has_the_columns_types_nullability_and_hand_fields_in_order() -> None:
    schema = Thing.model_json_schema()
    assert list(schema["properties"]) == ["id", "name", "label", "note", "count", "done", "tags"]
    assert schema["required"] == ["id", "name", "done"]
    assert schema["properties"]["name"]["type"] == "string"
    assert schema["properties"]["note"]["anyOf"] == [{"type": "string"}, {"type": "null"}]
    assert schema["properties"]["count"]["anyOf"] == [{"type": "integer"}, {"type": "null"}]
    assert schema["properties"]["done"]["type"] == "boolean"
    assert schema["properties"]["tags"]["items"] == {"type": "string"}
    assert schema["description"] == "A thing."
    assert Thing.__name__ == "Thing" and issubclass(Thing, Base)


def test_only_the_columns_named_when_named() -> None:
    @from_table(things, "id", "done")
    class Few(BaseModel):
        pass

    assert list(Few.model_fields) == ["id", "done"]


class Create(BaseModel):
    title: Title
    note: str | None = None
    count: int = 0


@patch_of(Create, "title", "note")
class Patch(BaseModel):
    version: int | None = None


def test_a_patch_has_the_commands_fields_each_optional_with_its_limits() -> None:
    assert list(Patch.model_fields) == ["title", "note", "version"]
    assert Patch().model_dump(exclude_unset=True) == {}
    assert Patch(title="New").model_dump(exclude_unset=True) == {"title": "New"}
    with pytest.raises(ValidationError):
        Patch(title="")  # Title's min_length, as the command's
    with pytest.raises(ValidationError):
        Patch(title="x" * 301)
