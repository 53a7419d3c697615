"""Reading the meeting forms' fields: each field is parsed into the value a
command takes, or gets a sentence (from the catalogs) saying what to write
there. The door only parses; whether the value is allowed is the domain's
to say, and its refusal is shown at the field it names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import TypeVar
from uuid import UUID

from pydantic import ValidationError
from starlette.datastructures import FormData

from domain.errors import DomainError, StaleVersion
from services.i18n import N_, translator
from services.i18n.errors import error_text

EMPTY = N_("Fill in this field.")
NOT_A_DATE = N_("Write a date like 2026-11-10.")
NOT_A_TIME = N_("Write a time like 12:00.")
NOT_A_NUMBER = N_("Write a whole number.")
NOT_A_CHOICE = N_("Choose one of the options.")
NOT_ACCEPTED = N_("This value is not accepted.")
STALE = N_("Someone changed this while you were writing. Reload the page and try again.")
T = TypeVar("T")


def _hours_minutes(text: str) -> str:
    return time.fromisoformat(text).strftime("%H:%M")


class Fields:
    """The posted form's values, and what is wrong with them (field -> words)."""

    def __init__(self, form: FormData, lang: str) -> None:
        self.form = form
        self.lang = lang
        self.errors: dict[str, str] = {}
        self._ = translator(lang).gettext

    def wrong(self, name: str, message: str) -> None:
        self.errors.setdefault(name, self._(message))

    def text(self, name: str, *, required: bool = False) -> str | None:
        value = self.form.get(name)
        text = value.strip() if isinstance(value, str) else ""
        if not text:
            if required:
                self.wrong(name, EMPTY)
            return None
        return text

    def _parsed(
        self, name: str, parse: Callable[[str], T], message: str, *, required: bool
    ) -> T | None:
        """The field's text as `parse` reads it; None when it is empty, or
        (with `message` said at the field) when `parse` cannot read it."""
        text = self.text(name, required=required)
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError:
            self.wrong(name, message)
            return None

    def day(self, name: str, *, required: bool = False) -> date | None:
        return self._parsed(name, date.fromisoformat, NOT_A_DATE, required=required)

    def clock(self, name: str, *, required: bool = False) -> str | None:
        return self._parsed(name, _hours_minutes, NOT_A_TIME, required=required)

    def number(self, name: str, *, required: bool = False) -> int | None:
        return self._parsed(name, int, NOT_A_NUMBER, required=required)

    def choice(self, name: str, allowed: list[str] | tuple[str, ...]) -> str | None:
        text = self.text(name, required=True)
        if text is not None and text not in allowed:
            self.wrong(name, NOT_A_CHOICE)
            return None
        return text

    def person(self, name: str, *, required: bool = False) -> UUID | None:
        return self._parsed(name, UUID, NOT_A_CHOICE, required=required)

    def people(self, name: str) -> list[UUID]:
        found = []
        for value in self.form.getlist(name):
            try:
                found.append(UUID(str(value)))
            except ValueError:
                self.wrong(name, NOT_A_CHOICE)
        return found

    def moment(self, day_name: str, time_name: str) -> datetime | None:
        """A local date and time from two fields."""
        day, clock = self.day(day_name, required=True), self.clock(time_name, required=True)
        if day is None or clock is None:
            return None
        return datetime.combine(day, time.fromisoformat(clock))

    def refused(self, error: Exception, fields: dict[str, str], fallback: str) -> None:
        """A refusal of the command, at the form field it concerns: `fields`
        maps the command's (or the domain's) field names to the form's."""
        if isinstance(error, ValidationError):
            for problem in error.errors():
                where = str(problem["loc"][0]) if problem["loc"] else ""
                self.wrong(fields.get(where, fallback), NOT_ACCEPTED)
            return
        if isinstance(error, StaleVersion):
            self.wrong(fallback, STALE)
            return
        if isinstance(error, DomainError):
            where = fields.get(error.field or "", fallback)
            self.errors.setdefault(where, error_text(error, self.lang))
