"""Money is exact: integer öre, always SEK. How it is shown to people is
services/i18n/labels.py's (Babel); an error names an amount as an `Amount`.

>>> str(Amount(125_050))
'1250.50 kr'
>>> parse_sek("7 700 000,50 kr")
770000050
"""

from __future__ import annotations

import re
from decimal import Decimal

from domain.errors import ValidationFailed

CURRENCY = "SEK"
MAX_ORE = 10**14  # a thousand billion kronor: more than any agreement
_SEK = re.compile(r"^(-?)(\d{1,3}(?:[ \u00a0\u202f]?\d{3})*|\d+)(?:[,.](\d{1,2}))?$")


def check_currency(currency: str) -> str:
    if currency.strip().upper() != CURRENCY:
        raise ValidationFailed(f"currency must be {CURRENCY}, not {currency!r}", field="currency")
    return CURRENCY


def check_amount(ore: int, field: str = "amount") -> int:
    """A positive whole number of öre (bool and float are refused)."""
    if type(ore) is not int:
        raise ValidationFailed(f"{field} must be a whole number of öre", field=field)
    if ore <= 0:
        raise ValidationFailed(
            f"{field} must be more than 0 kr", field=field, rule="money.not_positive"
        )
    if ore > MAX_ORE:
        raise ValidationFailed(
            f"{field} is larger than {Amount(MAX_ORE)}",
            field=field,
            rule="money.too_large",
            params={"max": Amount(MAX_ORE)},
        )
    return ore


def parse_sek(text: str, field: str = "amount") -> int:
    """Kronor as people write them ("7 700 000", "1250,50 kr", "7,7 mnkr") to öre."""
    clean = " ".join(text.strip().lower().split())
    factor = 1
    for suffix, times in _UNITS:
        if clean.endswith(suffix):
            clean, factor = clean.removesuffix(suffix).strip(), times
            break
    found = _SEK.match(clean)
    if not found:
        raise ValidationFailed(f"{text!r} is not an amount in kronor", field=field)
    sign, whole, decimals = found.groups()
    value = Decimal(re.sub(r"\D", "", whole) + "." + (decimals or "0")) * factor * 100
    if value != value.to_integral_value():
        raise ValidationFailed(f"{text!r} is not a whole number of öre", field=field)
    return -int(value) if sign else int(value)


_UNITS = (
    ("mnkr", 1_000_000), ("mkr", 1_000_000), ("miljoner kr", 1_000_000),
    ("tkr", 1000), ("kr", 1), ("sek", 1), (":-", 1),
)  # fmt: skip


class Amount(int):
    """A number of öre among an error's params: the front doors show it as
    money in the reader's way. Its own text is the plain one of logs and
    English messages ('7700000 kr', '1250.50 kr'), not a display format."""

    def __str__(self) -> str:
        kronor, rest = divmod(abs(int(self)), 100)
        return f"{'-' if self < 0 else ''}{kronor}{f'.{rest:02d}' if rest else ''} kr"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)
