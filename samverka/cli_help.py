"""The CLI's help in the reader's language.

The help texts are written in English where the commands are declared (the
Typer apps' `help`, the commands' docstrings, the options' `help`), and
those English texts are the message ids: `extract` gives them to `pybabel
extract` (babel.cfg), so they are in the catalogs like every other text.
`HelpGroup`, the root group, says them in the language of `--lang`,
SAMVERKA_LANG or the locale (else Swedish) before anything is parsed, as
`--help` is answered before the options beside it are read; so are the few
words the libraries add (Options, Commands, [required]...;
Click's "Usage:" stays as it is).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import IO, Any

import typer
import typer.rich_utils as rich
from babel.messages.extract import extract_python
from typer import _click as click
from typer.core import TyperGroup

from services.i18n import N_, Translator, lang_of, language_from_locale, translator

# The words Typer's help panels add, by the name it keeps them under.
_PANEL_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
}
# What --help says of itself.
_HELP_OPTION = N_("Show this message and exit.")


def help_language(args: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language of `--lang X` / `--lang=X` among `args`, else of
    SAMVERKA_LANG, else of the locale, else Swedish (as for messages)."""
    for n, arg in enumerate(args):
        if arg == "--lang" and n + 1 < len(args):
            return lang_of(args[n + 1])
        if arg.startswith("--lang="):
            return lang_of(arg.partition("=")[2])
    return lang_of(environ.get("SAMVERKA_LANG") or language_from_locale(environ))


def _texts(command: click.Command) -> Iterator[tuple[Any, str]]:
    """Each object of the command tree with a help text, and the attribute."""
    for name in ("help", "short_help"):
        if getattr(command, name, None):
            yield command, name
    # Made on first use and kept: made here, so that its words are said too.
    help_option = command.get_help_option(click.Context(command))
    for parameter in [*command.params, *([help_option] if help_option else [])]:
        if getattr(parameter, "help", None):
            yield parameter, "help"
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            yield from _texts(sub)


def say_help(command: click.Command, tr: Translator) -> None:
    """Every help text of the tree (built anew for each run) in `tr`'s language."""
    for holder, name in _texts(command):
        setattr(holder, name, tr.gettext(getattr(holder, name)))
    for name, words in _PANEL_WORDS.items():
        setattr(rich, name, tr.gettext(words))


class HelpGroup(TyperGroup):
    """The root group: its help, and every command's, in the reader's language."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        given = sys.argv[1:] if args is None else list(args)
        say_help(self, translator(help_language(given, os.environ)))
        return super().main(args, *rest, **options)


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Collection[str], options: Any
) -> Iterator[tuple[Any, ...]]:
    """A Babel extractor for the module that builds the CLI: its `t(...)` and
    `N_(...)` texts as Python's extractor finds them, and every help text of
    the command tree."""
    yield from extract_python(fileobj, keywords, comment_tags, options)
    from samverka.cli import app

    seen = {_HELP_OPTION, *_PANEL_WORDS.values()}
    for holder, name in _texts(typer.main.get_command(app)):
        text = getattr(holder, name)
        if text not in seen:
            seen.add(text)
            yield 0, None, text, []
