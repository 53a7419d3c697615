"""Money is exact: integer öre, always SEK, shown the Swedish way.

>>> format_sek(770_000_000)
'7 700 000 kr'
>>> format_mnkr(770_000_000)
'7,7 mnkr'
>>> parse_sek("7 700 000,50 kr")
770000050
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

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
        raise ValidationFailed(f"{field} must be more than 0 kr", field=field)
    if ore > MAX_ORE:
        raise ValidationFailed(f"{field} is larger than {format_sek(MAX_ORE)}", field=field)
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


def _group(digits: str) -> str:
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return " ".join(groups) or "0"


def format_sek(ore: int) -> str:
    """'7 700 000 kr', '1 250,50 kr', '-300 kr' (space between thousands)."""
    sign = "-" if ore < 0 else ""
    kronor, rest = divmod(abs(ore), 100)
    text = _group(str(kronor))
    if rest:
        text += f",{rest:02d}"
    return f"{sign}{text} kr"


def format_mnkr(ore: int, decimals: int = 1) -> str:
    """Millions of kronor with a decimal comma: '7,7 mnkr' (half up)."""
    value = (Decimal(ore) / Decimal(100_000_000)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )
    return f"{value}".replace(".", ",") + " mnkr"
