"""What every CLI command shares: the container, the envelope, output, words.

What the CLI says to people comes from the catalogs (services/i18n) in the
language of `--lang` / SAMVERKA_LANG, else the locale's, else Swedish; what it
prints for machines (JSON, ids, digests, CSV) is the same in every language.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Annotated, Any, Literal, NoReturn, TextIO, TypeVar
from uuid import UUID

import typer

from domain.commands import Command
from domain.meta import SYSTEM_ACTOR, Channel, Meta, make_meta
from samverka.bootstrap import Container, bootstrap
from samverka.logging import configure_logging
from samverka.settings import Settings
from samverka.settings_errors import SettingsError
from services.application import CommandResult
from services.commands import Context
from services.i18n import (
    DEFAULT_LANGUAGE,
    N_,
    CatalogError,
    Translator,
    lang_of,
    language_from_locale,
    translator,
)

T = TypeVar("T")
# The plainest parameters, declared once: a text argument, an optional text option.
TextArg = Annotated[str, typer.Argument()]
TextOpt = Annotated[str | None, typer.Option()]
ArenaOpt = Annotated[str | None, typer.Option(help="Arena id or code")]
InitiativeOpt = Annotated[str | None, typer.Option(help="Initiative id or code")]
PersonArg = Annotated[str, typer.Argument(help="Person id")]


@dataclass
class CliState:
    actor: str = SYSTEM_ACTOR
    lang: str = DEFAULT_LANGUAGE


state = CliState()


def choose_language(chosen: str | None) -> str:
    """`--lang` / SAMVERKA_LANG when given, else the locale's, else Swedish."""
    return lang_of(chosen or language_from_locale(os.environ))


def tr() -> Translator:
    return translator(state.lang)


def t(message: str, /, **values: object) -> str:
    """`message` from the catalogs in the CLI's language, its `{fields}` filled."""
    return tr().gettext(message, **values)


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    return tr().ngettext(singular, plural, n, **values)


def told(error: Exception) -> str:
    """What went wrong in the CLI's language (an error from the catalogs), else
    the error's own message (a library's, or a setting's with pydantic's words)."""
    return error.text.say(tr()) if isinstance(error, CatalogError) else str(error)


def fail(message: str) -> NoReturn:
    typer.echo(t("error: {message}", message=message), err=True)
    raise typer.Exit(2)


MailUse = Literal["sends", "receives"]


def settings_or_fail() -> Settings:
    """The settings from the environment; an invalid one ends the command."""
    try:
        return Settings.from_env()
    except SettingsError as error:
        fail(told(error))


def container(*, start: bool = False, mail: MailUse | None = None) -> Container:
    """Builds the container; catches up the views so reads see every write.

    `mail`: the command sends mail (through SMTP_URL when set) or receives
    it; either refuses to start with a missing or guessable mail secret."""
    settings = settings_or_fail()
    try:
        if mail is not None:
            settings.check_mail_secret(receives=mail == "receives")
        configure_logging(settings.log.level, settings.log.format)
        k = bootstrap(settings)
    except SettingsError as error:
        fail(told(error))
    if start:
        k.start()
    else:
        try:
            k.projector.catch_up()
        except Exception as error:
            k.projector.note_failure(error)
            # One event the views cannot take must not keep `serve` (whose
            # projector keeps trying, and /readyz says so) or any command
            # from starting: say so and go on with the views as they are.
            failed = k.projector.failed_event
            typer.echo(
                t(
                    "warning: the read model could not catch up; "
                    "what is shown may be behind (see the log)"
                )
                if failed is None
                else t(
                    "warning: the read model could not catch up at event {position} "
                    "({event}); what is shown may be behind (see the log)",
                    position=failed.position,
                    event=failed.topic.rsplit(".", 1)[-1],
                ),
                err=True,
            )
    return k


def using(read: Callable[[Container], T]) -> T:
    """What `read` finds in a container opened for it (and closed after)."""
    k = container()
    try:
        return read(k)
    finally:
        k.close()


def echo_read(read: Callable[[Container], Any]) -> None:
    """Prints what `read` finds, as JSON."""
    echo_json(using(read))


def now() -> datetime:
    """The container's clock (a fixed one in the tests)."""
    return using(lambda k: k.clock.now())


C = TypeVar("C", bound=Command)


def named(command: type[C], given: Mapping[str, Any], /, **values: Any) -> C:
    """`command` from the CLI parameters named as its fields (`given`: the
    command function's `locals()`), and `values`: the fields a parameter
    gives in another form or under another name (they win)."""
    return command(**{k: v for k, v in given.items() if k in command.model_fields} | values)


def run(
    command: Command,
    then: Callable[[Container, CommandResult], dict[str, object]] | None = None,
) -> None:
    """Executes `command` and prints its receipt (and what `then` adds,
    read after the views caught up)."""
    k = container()
    result = k.app.execute(command, meta())
    k.projector.catch_up()
    out: dict[str, object] = {
        "id": str(result.aggregate_id),
        "version": result.version,
        "position": result.position,
    }
    if then is not None:
        out |= then(k, result)
    echo_json(out)
    k.close()


def meta(source_id: str | None = None) -> Meta:
    return make_meta(actor=state.actor, channel=Channel.CLI, source_id=source_id)


def context(source_id: str | None = None) -> Context:
    """The CLI's context: the operator, acting as Samverka (recorded as
    `--actor` when given)."""
    return Context(actor=state.actor, channel=Channel.CLI, source_id=source_id)


def echo_json(value: Any, *, err: bool = False) -> None:
    typer.echo(
        json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str), err=err
    )


@contextlib.contextmanager
def open_out(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as stream:
        yield stream


# What an id names, each its own sentence (a word is not pasted into another).
NOT_AN_ID = {
    "agreement": N_("{value} is not an agreement id"),
    "grant": N_("{value} is not a grant id"),
    "meeting": N_("{value} is not a meeting id"),
    "person": N_("{value} is not a person id"),
    "round": N_("{value} is not a round id"),
    "series": N_("{value} is not a series id"),
}
Named = Literal["agreement", "grant", "meeting", "person", "round", "series"]


def uuid_ref(value: str, what: Named) -> UUID:
    if (found := uuid_or_none(value)) is None:
        fail(t(NOT_AN_ID[what], value=repr(value)))
    return found


def uuid_or_none(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


def coded_ref(ref: str, by_code: Callable[[str], str | None], missing: str) -> UUID:
    """What `ref` names: an id, or the id `by_code` finds for a code; else it
    fails with `missing` (a message with {code}, marked with N_)."""
    if (found := uuid_or_none(ref)) is not None:
        return found
    found_id = by_code(ref)
    if found_id is None:
        fail(t(missing, code=repr(ref)))
    return UUID(found_id)


def arena_ref(k: Container, ref: str) -> UUID:
    """An arena by id or by code ("2.7")."""
    return coded_ref(ref, k.plan.arena_id_by_code, N_("no arena with code {code}"))


def initiative_ref(k: Container, ref: str) -> UUID:
    """An initiative by id or by code ("2.7.2")."""
    if (found := uuid_or_none(ref)) is not None:
        return found
    ids = k.plan.initiative_ids_by_code(ref)
    if not ids:
        fail(t("no initiative with code {code}", code=repr(ref)))
    if len(ids) > 1:
        fail(t("code {code} is used in several arenas; give the initiative id", code=repr(ref)))
    return UUID(ids[0])


def id_or_none(k: Container, find: Callable[[Container, str], UUID], ref: str | None) -> str | None:
    """The id `find` reads for `ref` (e.g. `arena_ref`), as text; None without one."""
    return str(find(k, ref)) if ref else None


def find_arena(ref: str) -> UUID:
    """arena_ref, in a container of its own."""
    return using(lambda k: arena_ref(k, ref))


def find_initiative(ref: str) -> UUID:
    """initiative_ref, in a container of its own."""
    return using(lambda k: initiative_ref(k, ref))


def person_ref(ref: str) -> UUID:
    return uuid_ref(ref, "person")


def parameter_of(trace: TracebackType | None, field: str | None) -> str | None:
    """The option or argument of the command that ran which gave `field`
    (a command's field is named as the CLI parameter that fills it), if any."""
    command: Any = None
    while trace is not None:  # the innermost click context: the command that ran
        command = getattr(trace.tb_frame.f_locals.get("ctx"), "command", command)
        trace = trace.tb_next
    for parameter in getattr(command, "params", ()) if field else ():
        if parameter.name == field:
            option = parameter.param_type_name == "option"
            return str(parameter.opts[0]) if option else str(parameter.name).upper()
    return None
