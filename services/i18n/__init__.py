"""Words for people: gettext catalogs (Swedish first, English) and Babel formats.

Message ids are the English text; `locale/sv` translates every one of them
and `locale/en` may leave an entry empty (gettext then shows the id). The
`.po` files are the source of truth and are compiled in memory the first time
a language is asked for, so there is no build step and no `.mo` to forget.
See docs/i18n.md for how to add or change a text.
"""

from __future__ import annotations

import gettext as _gettext
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from io import BytesIO
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from projections.amounts import format_sek

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
DOMAIN = "messages"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def lang_of(value: str | None) -> str:
    """A language Samverka speaks: `value` when it is one, else Swedish."""
    if value:
        value = value.strip().lower().replace("_", "-").split("-")[0]
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def sv_or_en(value: str) -> str:
    """A setting's language, as it is written ("SV" is sv); refused unless
    Samverka speaks it (a pydantic validator: the refusal is a ValueError)."""
    if value.lower() not in LANGUAGES:
        raise ValueError(N_("must be sv or en"))
    return value.lower()


def language_from_header(header: str | None) -> str | None:
    """The language an Accept-Language header prefers among Samverka's, or None
    when there is no header or it names none of them."""
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate((header or "").split(",")):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        code = tag.strip().lower().replace("_", "-").split("-")[0]
        if code in LANGUAGES and weight > 0:
            ranked.append((-weight, n, code))
    return min(ranked)[2] if ranked else None


def language_from_locale(environ: Mapping[str, str]) -> str | None:
    """The language the process locale asks for (GNU gettext's order: LC_ALL,
    LC_MESSAGES, LANG, then LANGUAGE's list unless the locale is C/POSIX),
    when it is one of Samverka's; None otherwise."""
    locale = next((environ[n] for n in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(n)), "")
    if locale in ("", "C", "POSIX") or locale.startswith("C."):
        return None
    for candidate in [*environ.get("LANGUAGE", "").split(":"), locale]:
        code = re.split(r"[_.@-]", candidate.strip(), maxsplit=1)[0].lower()
        if code in LANGUAGES:
            return code
    return None


def N_(message: str) -> str:
    """Marks `message` for extraction where it is defined; translate it where shown."""
    return message


def catalog_path(lang: str) -> str:
    return str(files("services.i18n") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po")


@cache
def _translations(lang: str) -> _gettext.NullTranslations:
    with open(catalog_path(lang), "rb") as po:
        catalog = read_po(po, locale=_LOCALES[lang], domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def _filled(text: str, values: dict[str, object]) -> str:
    return text.format(**values) if values else text


@dataclass(frozen=True)
class Translator:
    """Texts, dates and money in one language; values fill `{name}` fields."""

    lang: str
    locale: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "locale", _LOCALES[self.lang])

    @property
    def translations(self) -> _gettext.NullTranslations:
        """The compiled catalog, for libraries that take one (Jinja2's i18n)."""
        return _translations(self.lang)

    def gettext(self, message: str, /, **values: object) -> str:
        return _filled(_translations(self.lang).gettext(message), values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        return _filled(_translations(self.lang).ngettext(singular, plural, n), {"n": n, **values})

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        return _filled(_translations(self.lang).pgettext(context, message), values)

    def moment(self, value: datetime | str | None) -> str:
        """A moment in its own offset: '2026-12-02 kl. 12:00' / '2026-12-02 at 12:00'."""
        if not value:
            return ""
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        pattern = self.pgettext("date pattern", "yyyy-MM-dd 'at' HH:mm")
        return format_datetime(value, pattern, locale=self.locale)

    def when(self, value: datetime | str) -> str:
        """Short, in Swedish time: 'ons 2 dec 12:00' / 'Wed 2 Dec 12:00'.

        Babel's abbreviations end in a dot in Swedish ('dec.'); chat wants the
        bare form, so weekday and month come from the catalog."""
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        local = value.astimezone(STOCKHOLM)
        weekday = self.gettext(_WEEKDAYS[local.weekday()])
        return f"{weekday} {self.day_month(local)} {local:%H:%M}"

    def day_month(self, value: date) -> str:
        return f"{value.day} {self.gettext(_MONTHS[value.month - 1])}"

    def day(self, value: date | str) -> str:
        """A date: '2 dec 2026'."""
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return f"{self.day_month(value)} {value.year}"

    def long_date(self, value: date | str) -> str:
        """A date as Babel writes it in full: "2 december 2026" / "2 December 2026"."""
        if isinstance(value, str):
            value = date.fromisoformat(value[:10])
        return format_date(value, "long", locale=self.locale)

    def sek(self, ore: int) -> str:
        """An amount the Swedish way in either language ("7 700 000 kr", "1 250,50
        kr"): the ledger, its reports and the återrapportering are Swedish."""
        return format_sek(ore)


_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
_MONTHS = (
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)  # fmt: skip


@cache
def translator(lang: str | None = None) -> Translator:
    """The translator of `lang` (Swedish when unknown or not given)."""
    return Translator(lang_of(lang))


@dataclass(frozen=True)
class Text:
    """A catalog message (marked `N_` where it is made) with the values of its
    fields, said later in the reader's language; a value may be a `Text` too.
    `str()` is the English sentence, for logs and machine-readable output."""

    message: str
    values: Mapping[str, object] = field(default_factory=dict)

    def say(self, tr: Translator) -> str:
        return tr.gettext(self.message, **{k: _said(v, tr) for k, v in self.values.items()})

    def __str__(self) -> str:
        return _filled(self.message, {k: str(v) for k, v in self.values.items()})


def _said(value: object, tr: Translator) -> object:
    return value.say(tr) if isinstance(value, Text) else value


class CatalogError(Exception):
    """An error whose words come from the catalogs: `text` says it in a
    language; the exception's message is the English sentence (logs, API)."""

    def __init__(self, message: str, /, **values: object) -> None:
        self.text = Text(message, values)
        super().__init__(str(self.text))


class CatalogValueError(CatalogError, ValueError):
    """A value Samverka cannot use, said from the catalogs."""
