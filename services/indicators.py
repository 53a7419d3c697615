"""Importing indicator values from a file, for every door (CLI, API, web).

The file is read and every row checked (services.indicator_import); a file
with any bad row is refused whole, with each line's error in the reader's
language. A good file becomes one `RecordIndicatorValues`: every value is
recorded in one save, or none is.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.errors import DomainError
from domain.indicators.commands import IndicatorValue, RecordIndicatorValues
from domain.indicators.values import Gender
from services.commands import CommandService, Context
from services.i18n import translator
from services.i18n.errors import error_text
from services.indicator_import import ImportRefused, LineError, parse
from services.queries.indicators import IndicatorQueries


@dataclass(frozen=True)
class ImportResult:
    values: int  # in the file (figures equal to those recorded are not recorded again)
    skipped: int  # rows without a value
    indicators: int
    position: int | None  # the log position of the save (None: nothing new)


class IndicatorImport:
    def __init__(self, commands: CommandService, indicators: IndicatorQueries) -> None:
        self._commands = commands
        self._indicators = indicators

    def run(
        self,
        data: bytes,
        filename: str,
        context: Context,
        *,
        indicator: str | None = None,
        wait: bool = True,
    ) -> ImportResult:
        """Records the file's values; ImportRefused (with the lines) when any
        row is bad or the domain refuses the whole (a role, an unknown id)."""
        codes = self._indicators.codes()
        parsed = parse(data, filename, codes, indicator=indicator)
        # Built without pydantic's pass over every row: the parser checked
        # each with the domain's rules, and the handler checks them again.
        command = RecordIndicatorValues.model_construct(
            values=[
                IndicatorValue.model_construct(
                    **{**v, "indicator_id": UUID(v["indicator_id"]), "gender": Gender(v["gender"])}
                )
                for v in parsed.values
            ]
        )
        try:
            result = self._commands.run(command, context, wait=wait)
        except DomainError as error:
            raise ImportRefused([LineError(0, error)], 1) from error
        return ImportResult(
            values=len(parsed.values),
            skipped=parsed.skipped,
            indicators=len({v["indicator_id"] for v in parsed.values}),
            position=result.position,
        )


def refusal_lines(refused: ImportRefused, lang: str | None = None) -> list[str]:
    """Each error as a line of text in the reader's language ("Rad 3: …")."""
    words = translator(lang)
    said = []
    for found in refused.errors:
        text = error_text(found.error, lang)
        if found.line:
            said.append(words.gettext("Line {line}: {error}", line=found.line, error=text))
        else:
            said.append(text)
    if refused.count > len(refused.errors):
        more = refused.count - len(refused.errors)
        said.append(words.gettext("… and {count} more errors", count=more))
    return said
