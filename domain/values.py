"""Value types of the plan: statuses, roles, perspectives, links."""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from typing import TypedDict, TypeVar

from domain.errors import ValidationFailed


class ArenaKind(StrEnum):
    DELARENA = "delarena"
    FOKUSOMRADE = "fokusomrade"
    SAMORDNINGSGRUPP = "samordningsgrupp"
    NATVERK = "natverk"


class Language(StrEnum):
    """The language a person reads Samverka in."""

    SV = "sv"
    EN = "en"


class Reach(StrEnum):
    """How a person wants to be reached: `auto` is Teams when the Teams door
    can reach them, else Slack when they are linked to a Slack user, else
    e-mail; `teams` is Teams, and as `auto` while the bot cannot write to
    them there."""

    AUTO = "auto"
    SLACK = "slack"
    EMAIL = "email"
    TEAMS = "teams"


class Role(StrEnum):
    CONVENER = "convener"
    MODERATOR = "moderator"
    SECRETARY = "secretary"
    PARTICIPANT = "participant"


class Status(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Health(StrEnum):
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    BLOCKED = "blocked"


class Perspective(StrEnum):
    JAMSTALLDHET = "jamstalldhet"
    JAMLIKHET = "jamlikhet"
    HBTQI = "hbtqi"
    TILLGANGLIGHET = "tillganglighet"
    MANGFALD = "mangfald"
    BARNPERSPEKTIVET = "barnperspektivet"
    ALDRES_PERSPEKTIV = "aldres-perspektiv"


# The Swedish words people answer a health question with ("på spår"), also
# the choices a health question is stored with: input vocabulary, parsed by
# the doors and the check-ins. How health *reads* is services/i18n/labels.py's.
HEALTH_ANSWERS = {
    Health.ON_TRACK: "på spår",
    Health.AT_RISK: "risk",
    Health.BLOCKED: "blockerad",
}

# Which status may follow which. Completed initiatives can be reopened
# (work resumes), cancelled ones cannot: a cancelled initiative is restarted
# as a new one so that the history stays readable.
ALLOWED_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.PROPOSED: frozenset({Status.ACTIVE, Status.CANCELLED}),
    Status.ACTIVE: frozenset({Status.PAUSED, Status.COMPLETED, Status.CANCELLED}),
    Status.PAUSED: frozenset({Status.ACTIVE, Status.COMPLETED, Status.CANCELLED}),
    Status.COMPLETED: frozenset({Status.ACTIVE}),
    Status.CANCELLED: frozenset(),
}

_CODE = re.compile(r"^[0-9A-Za-zÅÄÖåäö][0-9A-Za-zÅÄÖåäö._-]{0,31}$")
_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f-\x9f]{1,2000}$")


E = TypeVar("E", bound=StrEnum)


class Link(TypedDict):
    title: str
    url: str | None


def parse_enum(enum: type[E], value: str, field: str) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise ValidationFailed(
            f"{value!r} is not one of: {allowed}",
            field=field,
            rule="value.not_allowed",
            params={"value": value, "allowed": allowed},
        ) from None


# Characters no text in Samverka may hold: the C0 and C1 controls (NUL cannot
# even be stored in PostgreSQL text), DEL, and lone surrogates (not UTF-8).
# Multi-line texts may hold tab and newline; single-line ones (titles, names,
# codes) neither. Windows line ends are folded to newlines first.
_NOT_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_NOT_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def check_characters(text: str, field: str, *, multiline: bool) -> str:
    """`text` with CRLF folded to LF; refuses control characters (see above)."""
    if multiline and "\r" in text:
        text = text.replace("\r\n", "\n")
    found = (_NOT_IN_TEXT if multiline else _NOT_IN_LINE).search(text)
    if found is not None:
        char = found.group()
        if char in "\n\r" and not multiline:
            message, rule = f"{field} must be a single line", "text.single_line"
        else:
            message = f"{field} contains a control character (U+{ord(char):04X})"
            rule = "text.control_character"
        raise ValidationFailed(
            message, field=field, rule=rule, params={"codepoint": f"U+{ord(char):04X}"}
        )
    return text


def made_storable(text: str, *, multiline: bool) -> str:
    """Text Samverka composes from what was stored before these checks (a
    title in a reminder's subject): a single line gets spaces for its line
    breaks and tabs, and any other control character becomes U+FFFD."""
    if not multiline:
        text = " ".join(re.sub(r"[\t\n\r]", " ", text).split())
    return (_NOT_IN_TEXT if multiline else _NOT_IN_LINE).sub("\ufffd", text.replace("\r\n", "\n"))


def require_text(value: str, field: str, *, max_len: int = 200, multiline: bool = False) -> str:
    """Strips the text and checks it is non-empty, not too long and holds no
    control characters (a single line unless `multiline`)."""
    text = check_characters(value.strip(), field, multiline=multiline)
    if not text:
        raise ValidationFailed(f"{field} must not be empty", field=field, rule="text.empty")
    return check_length(text, field, max_len)


def check_length(text: str, field: str, max_len: int) -> str:
    """The text, unless it is longer than `max_len` characters."""
    if len(text) > max_len:
        raise ValidationFailed(
            f"{field} is longer than {max_len} characters",
            field=field,
            rule="text.too_long",
            params={"max": max_len},
        )
    return text


def optional_text(
    value: str | None, field: str, *, max_len: int = 10_000, multiline: bool = True
) -> str:
    """Like `require_text`, but may be empty; multi-line unless told otherwise."""
    if value is None:
        return ""
    text = check_characters(value.strip(), field, multiline=multiline)
    return check_length(text, field, max_len)


def optional_pattern(
    pattern: re.Pattern[str], field: str, message: str
) -> Callable[[str | None], str | None]:
    """The check of an optional code: it gives the stripped value, or None
    for an empty one, and refuses one that `pattern` does not match in full
    (`message` may name it as `{value!r}`)."""

    def check(value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        clean = value.strip()
        if not pattern.fullmatch(clean):
            raise ValidationFailed(message.format(value=clean), field=field)
        return clean

    return check


def require_code(value: str, field: str = "code") -> str:
    code = value.strip()
    if not _CODE.fullmatch(code):
        raise ValidationFailed(
            "a code is 1-32 letters, digits, '.', '_' or '-' (e.g. 2.7.2)", field=field
        )
    return code


def require_link(title: str, url: str | None) -> Link:
    clean_title = require_text(title, "title")
    if url is not None and not _URL.fullmatch(url.strip()):
        raise ValidationFailed("url must start with http:// or https://", field="url")
    return Link(title=clean_title, url=url.strip() if url else None)


def text_list(
    values: list[str], field: str, *, max_items: int = 50, max_len: int = 2000
) -> list[str]:
    """At most `max_items` texts, each as `require_text` checks it."""
    if len(values) > max_items:
        raise ValidationFailed(f"{field} has more than {max_items} items", field=field)
    return [require_text(v, field, max_len=max_len) for v in values]


def perspective_list(values: list[str]) -> list[str]:
    """Validated, de-duplicated and sorted so equal sets compare equal."""
    return sorted({parse_enum(Perspective, v, "perspectives").value for v in values})
