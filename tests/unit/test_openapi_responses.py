"""Every operation in /openapi.json documents its 2xx answer with a schema,
so a generated client is typed (the command bodies are checked elsewhere)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from adapters.http.app import create_app
from adapters.http.services import ApiLimits


def _spec() -> dict[str, Any]:
    # Only the routes are read: no services are called while the document is built.
    app = create_app(SimpleNamespace(limits=ApiLimits()))  # type: ignore[arg-type]
    return app.openapi()


def test_every_operation_documents_a_2xx_body_with_a_schema() -> None:
    spec = _spec()
    undocumented = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            schemas = [
                content.get("schema")
                for status, response in operation["responses"].items()
                if status.startswith("2")
                for content in response.get("content", {}).values()
            ]
            if not any(schema for schema in schemas):
                undocumented.append(f"{method.upper()} {path}")
    assert undocumented == []
    assert len(spec["paths"]) > 40


def test_a_command_answer_names_its_resource_and_the_202_when_views_lag() -> None:
    operation = _spec()["paths"]["/api/v1/persons"]["post"]
    created = operation["responses"]["201"]["content"]["application/json"]["schema"]
    assert created == {"$ref": "#/components/schemas/Person"}
    accepted = operation["responses"]["202"]["content"]["application/json"]["schema"]
    assert accepted == {"$ref": "#/components/schemas/Accepted"}
