"""Models built from one definition instead of restating it field by field.

`from_table`: a response model from the read table whose rows a route answers
with. The columns say the field names and types (text is a string, a whole
number an integer, a flag a boolean); a column that may be null is
`T | None = None`, one that is never null is required. What the table does not
say is declared on the class by hand and takes the column's place: a JSON
column's shape, a field the rows carry besides their columns (nested rows,
computed values).

`patch_of`: a request body of named changes to what a command set, each with
the command's limits.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Collection, Mapping
from typing import Annotated, Any, TypeVar, cast

from pydantic import BaseModel, create_model
from sqlalchemy import JSON, Boolean, Column, Float, Integer, String, Table

M = TypeVar("M", bound=BaseModel)
_TYPES: tuple[tuple[type[Any], Any], ...] = (
    (Boolean, bool),
    (Integer, int),  # BigInteger too
    (Float, float),
    (String, str),  # Text too
    (JSON, Any),
)


def json_type(column: Column[Any]) -> Any:
    """The JSON type the API gives the column's values."""
    for kind, python in _TYPES:
        if isinstance(column.type, kind):
            return python
    raise TypeError(f"no JSON type for column {column.name} ({column.type})")


def from_table(
    table: Table,
    *names: str,
    omit: Collection[str] = (),
    optional: Collection[str] = (),
    after: Mapping[str, str] | None = None,
) -> Callable[[type[M]], type[M]]:
    """Decorates a model with the table's columns (those named, or all but `omit`),
    in the table's order after the base's fields; the class's own fields take
    their column's place or follow, or stand `after` the column named.
    `optional`: columns that are never null but that the API has always
    documented as `T | None = None`."""
    placed = {column: field for field, column in (after or {}).items()}

    def build(cls: type[M]) -> type[M]:
        own = _own(cls)
        fields: dict[str, Any] = {}
        for column in table.columns:
            name = column.name
            if (names and name not in names) or name in omit or name in _base(cls).model_fields:
                continue
            if name in own:
                fields[name] = own.pop(name)
            elif column.nullable or name in optional:
                kind = json_type(column)
                fields[name] = (kind if kind is Any else kind | None, None)
            else:
                fields[name] = (json_type(column), ...)
            if name in placed:
                fields[placed[name]] = own.pop(placed[name])
        return _in_stead(cls, fields | own)

    return build


def patch_of(command: type[BaseModel], *names: str) -> Callable[[type[M]], type[M]]:
    """Decorates a body with the command's fields named, as changes: each may be
    left out, and one given keeps the command's limits. The class's own fields
    follow."""

    def build(cls: type[M]) -> type[M]:
        fields: dict[str, Any] = {}
        for name in names:
            field = command.model_fields[name]
            kind: Any = field.annotation
            if field.metadata:  # the field's own limits (its items' stay in `kind`)
                kind = Annotated.__class_getitem__((kind, *field.metadata))  # type: ignore[attr-defined]
            fields[name] = (kind | None, None)
        return _in_stead(cls, fields | _own(cls))

    return build


def _base(cls: type[BaseModel]) -> type[BaseModel]:
    base = cls.__bases__[0]
    if not issubclass(base, BaseModel):
        raise TypeError(f"{cls.__name__}: the first base is no pydantic model")
    return base


def _own(cls: type[BaseModel]) -> dict[str, Any]:
    """The fields the class declares itself (not those of its bases)."""
    declared = inspect.get_annotations(cls)
    return {name: (f.annotation, f) for name, f in cls.model_fields.items() if name in declared}


def _in_stead(cls: type[M], fields: dict[str, Any]) -> type[M]:
    """A model in the class's stead: its first base, name, module and docstring,
    with these fields. Not a subclass of `cls`, but it answers for it."""
    model = create_model(
        cls.__name__,
        __base__=_base(cls),
        __module__=cls.__module__,
        __doc__=cls.__doc__,
        **fields,
    )
    return cast("type[M]", model)
