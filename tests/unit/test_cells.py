"""The one rule for text a spreadsheet would take for a formula."""

from __future__ import annotations

from projections.cells import csv_text, starts_like_formula


def test_text_that_starts_like_a_formula_is_neutralised_and_nothing_else() -> None:
    for text in ("=1+1", "+46 70", "-VER-7", "@SUMMA(A1)", "\tflik", "\r=1+1"):
        assert starts_like_formula(text)
        assert csv_text(text) == "'" + text
    for value in ("Region Värmland", "1-2", "", " =1", -5, -12.5, None):
        assert not starts_like_formula(value)
        assert csv_text(value) == value
