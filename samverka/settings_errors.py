"""Why a setting cannot be used, in the reader's words.

`SettingsError` is a catalog error: the CLI says it in the language of
`--lang` / SAMVERKA_LANG / the locale (else Swedish); `str()` is English.
Pydantic's own words for an invalid value are message ids here, by the
error's type (pydantic's English template); a validator's reason is its
own message id (marked `N_` where it is raised); words the catalogs do not
have are shown as pydantic wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from services.i18n import N_, CatalogError, Text, Translator

# Values of these variables may hold secrets or passwords: errors never echo them.
SECRET_VARIABLES = re.compile(r"SECRET|_TOKEN$|_URL$")

# Pydantic's words by error type (its templates, whose {fields} its context fills).
PYDANTIC_WORDS = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "enum": N_("Input should be {expected}"),
    "literal_error": N_("Input should be {expected}"),
    "string_type": N_("Input should be a valid string"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
}


@dataclass(frozen=True)
class Problems(Text):
    """Several texts said one after the other, separated by semicolons."""

    parts: Sequence[Text] = ()

    def say(self, tr: Translator) -> str:
        return "; ".join(part.say(tr) for part in self.parts)

    def __str__(self) -> str:
        return "; ".join(str(part) for part in self.parts)


class SettingsError(CatalogError, ValueError):
    """A setting has a value Samverka cannot use."""

    def __init__(self, message: str | Text, /, **values: object) -> None:
        if isinstance(message, Text):
            self.text = message
            ValueError.__init__(self, str(message))
        else:
            super().__init__(message, **values)


def _words(problem: ErrorDetails) -> Text:
    context = problem.get("ctx") or {}
    if problem["type"] == "value_error" and "error" in context:
        reason = context["error"]  # a validator's: its words, or its own message id
        return reason.text if isinstance(reason, CatalogError) else Text(str(reason))
    words = PYDANTIC_WORDS.get(problem["type"])
    if words is None:
        return Text(problem["msg"])
    return Text(words, {k: str(v) for k, v in context.items()})


def explained(error: ValidationError) -> Problems:
    """One text per invalid setting, naming its environment variable."""
    parts: list[Text] = []
    for problem in error.errors():
        message = _words(problem)
        name = str(problem["loc"][-1]) if problem["loc"] else ""
        if problem["type"] == "extra_forbidden" or SECRET_VARIABLES.search(name):
            # A misspelt keyword (in code), or a value that must not be echoed.
            parts.append(Text(N_("{name}: {message}"), {"name": name, "message": message}))
        elif not name.isupper():  # a rule across several settings names them itself
            parts.append(message)
        else:
            given = {"name": name, "message": message, "value": repr(problem["input"])}
            parts.append(Text(N_("{name}: {message}, not {value}"), given))
    return Problems("", parts=parts)
