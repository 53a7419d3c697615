"""Text that a spreadsheet must not run (CSV and formula injection, OWASP).

A title, note or name that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return is a formula to Excel and LibreOffice when the file is
opened. The workbook stores such text as a text cell; CSV has no types, so
there a single quote goes in front, which spreadsheets show as text. Only
text is changed: numbers (a negative amount too) stay numbers.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(value: object) -> bool:
    """Whether a spreadsheet would take `value` for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_text(value: T) -> T | str:
    """`value` for a CSV cell: text that starts like a formula gets a `'` in front."""
    return f"'{value}" if starts_like_formula(value) else value
