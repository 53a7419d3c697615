"""Reading indicator values from the files people have.

Two layouts, told apart by their header (the first line or row), as CSV
(comma or semicolon, UTF-8 or Windows-1252) or Excel (.xlsx, its first
sheet):

- **Kolada's**: `kpi, municipality, period, gender, value` (the names of
  Kolada's API; `municipality_id` is read too, and the region ids `0017`
  are the county `17`). Other columns (`count`, `status`, titles) are left.
- **The template**: `indikator, område, år, kön, ålder, värde` (or in
  English `indicator, area, year, gender, age, value`). `kön` (T, K, M;
  T when empty) and `ålder` (`16-84`, `65+`; all ages when empty) may be
  left out; `indikator` too when the import names the indicator
  (`--indicator`).

Every row is checked with the domain's own rules before anything is
recorded, and all that is wrong is reported with its line number (the
file's line, the header being line 1): a file with any bad row is refused
as a whole. A row without a value (Kolada leaves missing figures empty)
is skipped and counted, not refused.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.errors import DomainError, ValidationFailed
from domain.indicators.commands import MAX_VALUES
from domain.indicators.indicator import check_value
from domain.indicators.values import check_area
from domain.values import check_characters

MAX_BYTES = 50 * 1024 * 1024
MAX_ERRORS = 200  # reported; the count says how many there were

COLUMNS = {
    "indicator": ("kpi", "kpi_id", "indicator", "indikator"),
    "area": ("municipality", "municipality_id", "area", "område", "omrade", "kommun"),
    "period": ("period", "year", "år", "ar"),
    "gender": ("gender", "kön", "kon", "sex"),
    "age": ("age", "ålder", "alder", "age_band", "åldersgrupp"),
    "value": ("value", "värde", "varde"),
}
TEMPLATE_HEADER = "indikator;område;år;kön;ålder;värde"


@dataclass(frozen=True)
class LineError:
    """What is wrong on one line of the file (line 0: the file as a whole)."""

    line: int
    error: DomainError


@dataclass
class ParsedFile:
    values: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    skipped: int = 0
    errors: list[LineError] = field(default_factory=list)
    error_count: int = 0

    def refuse(self, line: int, error: DomainError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(LineError(line, error))


class ImportRefused(Exception):
    """The file was refused as a whole; `errors` say where and why."""

    def __init__(self, errors: list[LineError], count: int) -> None:
        super().__init__(f"{count} errors in the file")
        self.errors = errors
        self.count = count


def _file_error(message: str, rule: str, **params: object) -> ValidationFailed:
    return ValidationFailed(message, field="file", rule=rule, params=params)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _text(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    if "\t" in first and first.count("\t") > first.count(delimiter):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for row in reader:
        yield reader.line_num, row


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    # openpyxl is imported when a workbook comes in (it takes a while).
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportRefused(
            [LineError(0, _file_error("not an Excel workbook", "indicator_import.not_xlsx"))], 1
        ) from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, ["" if cell is None else _cell(cell) for cell in row]
    finally:
        book.close()


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _header(cells: list[str]) -> dict[str, int]:
    wanted = {name: key for key, names in COLUMNS.items() for name in names}
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = wanted.get(cell.strip().lower())
        if key is not None and key not in found:
            found[key] = index
    return found


def parse(
    data: bytes,
    filename: str,
    codes: Mapping[str, str],
    *,
    indicator: str | None = None,
) -> ParsedFile:
    """The file's values, or ImportRefused with every bad line.

    `codes` maps each known indicator's code (in lower case) to its id;
    `indicator` is the id every row is for when the file has no indicator
    column (a row naming another is refused)."""
    parsed = ParsedFile()
    if len(data) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        error = _file_error("the file is too large", "indicator_import.too_large", max=limit)
        raise ImportRefused([LineError(0, error)], 1)
    is_xlsx = filename.lower().endswith(".xlsx") or data[:2] == b"PK"
    rows = _xlsx_rows(data) if is_xlsx else _csv_rows(data)
    columns: dict[str, int] | None = None
    seen: dict[tuple[str, str, int, str, str], int] = {}
    ids = set(codes.values())
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if columns is None:
            columns = _header(cells)
            missing = [k for k in ("area", "period", "value") if k not in columns]
            if "indicator" not in columns and indicator is None:
                missing.insert(0, "indicator")
            for key in missing:
                parsed.refuse(
                    line,
                    _file_error(
                        f"the header has no column {COLUMNS[key][0]}",
                        "indicator_import.column",
                        column=" / ".join(COLUMNS[key][:4]),
                    ),
                )
            if missing:
                break
            continue
        if len(parsed.values) >= MAX_VALUES:
            parsed.refuse(
                line,
                _file_error("too many rows", "indicator_import.too_many", max=MAX_VALUES),
            )
            break
        _row(parsed, line, cells, columns, codes, ids, indicator, seen)
    if columns is None:
        parsed.refuse(0, _file_error("the file is empty", "indicator_import.empty"))
    elif not parsed.values and not parsed.errors:
        parsed.refuse(0, _file_error("the file has no values", "indicator_import.no_values"))
    if parsed.errors:
        raise ImportRefused(parsed.errors, parsed.error_count)
    return parsed


def _row(
    parsed: ParsedFile,
    line: int,
    cells: list[str],
    columns: Mapping[str, int],
    codes: Mapping[str, str],
    ids: set[str],
    indicator: str | None,
    seen: dict[tuple[str, str, int, str, str], int],
) -> None:
    def cell(key: str) -> str:
        index = columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    raw_value = cell("value")
    if not raw_value:
        parsed.skipped += 1
        return
    try:
        code = check_characters(cell("indicator"), "indicator", multiline=False)
        indicator_id = _indicator_of(code, codes, ids, indicator)
        area = check_area(cell("area"))
        value = check_value(cell("period"), cell("gender") or "T", cell("age"), raw_value)
    except DomainError as error:
        parsed.refuse(line, error)
        return
    key = (indicator_id, area, value["period"], value["gender"], value["age"])
    first = seen.get(key)
    if first is not None:
        twice = _file_error(
            "the same figure is given on an earlier line", "indicator_import.twice", first=first
        )
        parsed.refuse(line, twice)
        return
    seen[key] = line
    parsed.values.append({"indicator_id": indicator_id, "area": area, **value})
    parsed.lines.append(line)


def _indicator_of(code: str, codes: Mapping[str, str], ids: set[str], given: str | None) -> str:
    if not code:
        if given is None:
            raise ValidationFailed(
                "no indicator is named", field="indicator", rule="indicator_import.no_indicator"
            )
        return given
    found = codes.get(code.lower()) or (code if code in ids else None)
    if found is None:
        raise ValidationFailed(
            f"no indicator with the code {code}",
            field="indicator",
            rule="indicator_import.unknown",
            params={"code": code[:40]},
        )
    if given is not None and found != given:
        raise ValidationFailed(
            f"the row is for {code}, not the indicator imported",
            field="indicator",
            rule="indicator_import.other",
            params={"code": code[:40]},
        )
    return found
