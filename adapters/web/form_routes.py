"""One declaration a form: the function that reads a form is declared,
with a decorator, as the POST route of its path and what the form is (the
part of the page it saves, the fields its refusals are shown at), and one
runner per page turns any of them into an answer. The route reads the
signed-in visitor, the page's services and the checked form (CSRF), and
hands them with the path's parameters to the runner:

    form = forms_at(router, "/initiatives/{initiative_id}", _edit, Edit)

    @form("/status", "status")
    def _status(f: FormData, found: Row, p: Params, s: WebServices) -> Command: ...

The routes are not in the OpenAPI document (they answer HTML, not JSON).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, Visitor, signed_in

Spec = TypeVar("Spec")
Params = dict[str, str]
Runner = Callable[[Request, Visitor, WebServices, FormData, Params, Spec], Response]


Read = Callable[..., Any]


def forms_at(
    router: APIRouter,
    prefix: str,
    run: Runner[Spec],
    spec: Callable[..., Spec],
    who: Callable[..., Visitor | Awaitable[Visitor]] = signed_in,
) -> Callable[..., Callable[[Read], Read]]:
    """A decorator that declares a page's form: `@form(path, *details)` on
    the function that reads the form registers `prefix + path` as a POST
    that `run`s `spec(reader, *details)` for the visitor `who` lets in
    (anyone signed in, unless told otherwise)."""

    def form(path: str, *details: Any) -> Callable[[Read], Read]:
        def register(read: Read) -> Read:
            endpoint = _endpoint(run, spec(read, *details), who)
            router.add_api_route(prefix + path, endpoint, methods=["POST"])
            return read

        return register

    return form


def _endpoint(
    run: Runner[Spec], spec: Spec, who: Callable[..., Visitor | Awaitable[Visitor]]
) -> Callable[..., Response]:
    def endpoint(
        request: Request, *, v: Visitor = Depends(who), s: Services, form: CheckedForm
    ) -> Response:
        return run(request, v, s, form, dict(request.path_params), spec)

    return endpoint
