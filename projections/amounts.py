"""Amounts of money (integer öre) as people read them, formatted with Babel
the way Samverka has always shown them: '7 700 000 kr', '1 250,50 kr',
'-300 kr', '7,7 mnkr'. Here, not in the domain, so that the read models'
`sek` fields and the words of services/i18n share one formatting.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

# Babel writes a no-break space between thousands and before "kr", and a
# minus sign; Samverka's amounts (reports, the API) have always had plain
# spaces and a hyphen.
_PLAIN = str.maketrans({"\xa0": " ", "\u202f": " ", "\u2212": "-"})


def format_sek(ore: int, locale: str = "sv_SE") -> str:
    """'7 700 000 kr', '1 250,50 kr', '-300 kr': öre shown only when there are any."""
    if locale == "sv_SE":
        # What Babel writes for Swedish, without it: a ledger page formats
        # hundreds of amounts, and Babel takes several times as long.
        kr, rest = divmod(abs(ore), 100)
        number = f"{kr:,}".replace(",", " ") + (f",{rest:02d}" if rest else "")
        return f"{'-' if ore < 0 else ''}{number} kr"
    pattern = "#,##0.00" if ore % 100 else "#,##0"
    number = format_decimal(Decimal(ore).scaleb(-2), pattern, locale=locale).translate(_PLAIN)
    return f"{number} kr"


def format_mnkr(ore: int, decimals: int = 1, locale: str = "sv_SE") -> str:
    """Millions of kronor with a decimal comma: '7,7 mnkr' (half up)."""
    step = Decimal(1).scaleb(-decimals)
    value = (Decimal(ore) / Decimal(100_000_000)).quantize(step, rounding=ROUND_HALF_UP)
    pattern = "0." + "0" * decimals if decimals > 0 else "0"
    return format_decimal(value, pattern, locale=locale).translate(_PLAIN) + " mnkr"
