"""Amounts of money (integer öre) as people read them, formatted with Babel
the way Samverka has always shown them: '7 700 000 kr', '1 250,50 kr',
'-300 kr', '7,7 mnkr'. Here, not in the domain, so that the read models'
`sek` fields and the words of services/i18n share one formatting.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel.numbers import NumberPattern, format_decimal, parse_pattern

# Babel writes a no-break space between thousands and before "kr", and a
# minus sign; Samverka's amounts (reports, the API) have always had plain
# spaces and a hyphen.
_PLAIN = str.maketrans({"\xa0": " ", "\u202f": " ", "\u2212": "-"})


@cache
def _kronor(locale: str, with_ore: bool) -> tuple[Locale, NumberPattern]:
    """The locale and number pattern Babel would parse on every call: a
    ledger page formats hundreds of amounts, so they are parsed once."""
    return Locale.parse(locale), parse_pattern("#,##0.00" if with_ore else "#,##0")


def format_sek(ore: int, locale: str = "sv_SE") -> str:
    """'7 700 000 kr', '1 250,50 kr', '-300 kr': öre shown only when there are any."""
    parsed, pattern = _kronor(locale, bool(ore % 100))
    return f"{pattern.apply(Decimal(ore).scaleb(-2), parsed).translate(_PLAIN)} kr"


def format_mnkr(ore: int, decimals: int = 1, locale: str = "sv_SE") -> str:
    """Millions of kronor with a decimal comma: '7,7 mnkr' (half up)."""
    step = Decimal(1).scaleb(-decimals)
    value = (Decimal(ore) / Decimal(100_000_000)).quantize(step, rounding=ROUND_HALF_UP)
    pattern = "0." + "0" * decimals if decimals > 0 else "0"
    return format_decimal(value, pattern, locale=locale).translate(_PLAIN) + " mnkr"
