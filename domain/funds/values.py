"""Value types of the fund ledger: areas, principals, entry kinds."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TypedDict

from domain.errors import ValidationFailed
from domain.values import require_text


class PrincipalKind(StrEnum):
    REGION = "region"
    KOMMUN = "kommun"
    LANSGEMENSAMT = "lansgemensamt"  # a lead principal acting for the whole county


class EntryKind(StrEnum):
    GRANT = "grant"
    REQUISITION = "requisition"
    BOOKING = "booking"
    EXPENDITURE = "expenditure"
    RELEASE = "release"
    REPAYMENT = "repayment"
    REVERSAL = "reversal"


KNOWN_AREAS = {
    "samsjuklighet": "Samsjuklighet",
    "brukarmedverkan": "Brukarmedverkan",
    "suicidprevention": "Suicidprevention",
    "ungdomsmottagningar": "Ungdomsmottagningar",
}
_AREA = re.compile(r"^[a-zåäö0-9][a-zåäö0-9-]{0,59}$")


def check_area(area: str) -> str:
    """A known area or a free one written as a short lowercase slug."""
    clean = area.strip().lower().replace(" ", "-")
    if not _AREA.match(clean):
        raise ValidationFailed(
            "an area is 1-60 lowercase letters, digits or '-' (e.g. samsjuklighet)",
            field="area",
            rule="funds.area",
        )
    return clean


def area_name(area: str) -> str:
    return KNOWN_AREAS.get(area, area.replace("-", " ").capitalize())


def check_year(year: int, field: str = "year") -> int:
    if type(year) is not int or not 2000 <= year <= 2100:
        raise ValidationFailed("year must be between 2000 and 2100", field=field)
    return year


class Principal(TypedDict):
    """Who receives the grant: a region, a kommun, or a lead principal for the county."""

    name: str
    kind: str
    county: str | None


def principal(name: str, kind: str, county: str | None = None) -> Principal:
    try:
        clean_kind = PrincipalKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in PrincipalKind)
        raise ValidationFailed(
            f"{kind!r} is not one of: {allowed}", field="principal_kind"
        ) from None
    clean_county = county.strip() if county and county.strip() else None
    if clean_kind is PrincipalKind.LANSGEMENSAMT and clean_county is None:
        raise ValidationFailed(
            "a länsgemensamt grant names the county the lead principal acts for",
            field="county",
            rule="funds.county",
        )
    return Principal(
        name=require_text(name, "principal"),
        kind=clean_kind.value,
        county=require_text(clean_county, "county") if clean_county else None,
    )
