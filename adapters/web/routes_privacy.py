"""Personuppgifter, for admins (the data protection officer's pages): a
person's registerutdrag (GDPR article 15) on screen and as JSON and PDF
downloads, and "Glöm personen": a confirmation page that says what will and
will not be erased, then the erasure service's crypto-shredding, as
`samverka person forget` and the API do.

Everything is read through `PersonalRecords` (services/personal_records.py);
forgetting runs `Erasure.forget` as the signed-in admin, channel `web`.
Anyone else gets 403 and nothing of the person.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response

from adapters.web import forms
from adapters.web.record_pdf import record_pdf
from adapters.web.render import page, secured, see_other
from adapters.web.routes_admin import Admin
from adapters.web.services import WebServices
from adapters.web.visitors import CheckedForm, Services, Visitor, form_source
from domain.errors import DomainError
from domain.person import ERASED_NAME
from services.i18n import STOCKHOLM
from services.personal_records import PersonalRecords

router = APIRouter(include_in_schema=False)
LINES_SHOWN = 1000  # of the audit trail, on screen; the downloads hold every line


def _records(s: WebServices) -> PersonalRecords:
    assert s.records is not None, "the composition root gives the web door the records"
    return s.records


def _extract(s: WebServices, v: Visitor, person_id: str) -> dict[str, Any] | None:
    key = forms.id_of(person_id)
    if key is None:
        return None
    return _records(s).extract(key, made_at=s.clock.now(), lang=v.lang)


def _name(record: dict[str, Any]) -> str:
    person = record["person"]
    return ERASED_NAME if person["forgotten"] else str(person["name"])


def _file_name(record: dict[str, Any], ext: str) -> str:
    day = datetime.fromisoformat(record["made_at"]).astimezone(STOCKHOLM).date()
    return f"registerutdrag-{record['person_id'][:8]}-{day.isoformat()}.{ext}"


@router.get("/admin/people/{person_id}/record")
def record(request: Request, person_id: str, v: Admin, s: Services) -> Response:
    found = _extract(s, v, person_id)
    if found is None:
        return page(request, v, "not_found.html.j2", status=404)
    return page(
        request,
        v,
        "privacy_record.html.j2",
        nav="admin",
        tab="people",
        record=found,
        who_name=_name(found),
        saved=request.query_params.get("saved"),
        lines_shown=LINES_SHOWN,
    )


@router.get("/admin/people/{person_id}/record.json")
def record_json(request: Request, person_id: str, v: Admin, s: Services) -> Response:
    found = _extract(s, v, person_id)
    if found is None:
        return page(request, v, "not_found.html.j2", status=404)
    body = orjson.dumps(found, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
    return _download(request, v, body, "application/json", _file_name(found, "json"))


@router.get("/admin/people/{person_id}/record.pdf")
def record_pdf_download(request: Request, person_id: str, v: Admin, s: Services) -> Response:
    found = _extract(s, v, person_id)
    if found is None:
        return page(request, v, "not_found.html.j2", status=404)
    body = record_pdf(found, _name(found), v.lang)
    return _download(request, v, body, "application/pdf", _file_name(found, "pdf"))


def _download(request: Request, v: Visitor, body: bytes, media: str, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return secured(Response(body, media_type=media, headers=headers), request, v)


def _forget_page(
    request: Request, v: Visitor, found: dict[str, Any], status: int = 200, **state: Any
) -> Response:
    values: dict[str, Any] = {"failed": None}
    values.update(state)
    return page(
        request,
        v,
        "privacy_forget.html.j2",
        status=status,
        nav="admin",
        tab="people",
        record=found,
        who_name=_name(found),
        **values,
    )


@router.get("/admin/people/{person_id}/forget")
def forget_form(request: Request, person_id: str, v: Admin, s: Services) -> Response:
    """The confirmation step: what will be erased, and what stays."""
    found = _extract(s, v, person_id)
    if found is None:
        return page(request, v, "not_found.html.j2", status=404)
    return _forget_page(request, v, found)


@router.post("/admin/people/{person_id}/forget")
def forget(request: Request, person_id: str, v: Admin, s: Services, form: CheckedForm) -> Response:
    assert s.erasure is not None, "the composition root gives the web door the erasure"
    found = _extract(s, v, person_id)
    if found is None:
        return page(request, v, "not_found.html.j2", status=404)
    if found["person"]["forgotten"]:
        return see_other(request, f"/admin/people/{found['person_id']}/record?saved=forgotten")
    try:
        result = s.erasure.forget(UUID(found["person_id"]), v.context(form_source(form, v)))
    except DomainError as error:
        return _forget_page(request, v, found, 422, failed=forms.field_error(error, v.lang))
    if result is not None:
        _records(s).wait_for(result.position)
    return see_other(request, f"/admin/people/{found['person_id']}/record?saved=forgotten")
