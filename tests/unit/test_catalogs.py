"""The message catalogs hold every text the front doors show people.

1. Babel's extraction (babel.cfg, the same run as `make messages`) finds no
   message without a Swedish translation, and the catalogs hold no entry the
   code no longer uses; translations keep the message's `{fields}`.
2. The chat and mail doors and the command line hold no prose outside the
   catalogs: a string literal with two words or more that is not marked for
   translation, a docstring, an exception's message, a command line's `--help`
   text or on the short list of words that are not shown to people (input
   vocabularies, protocol replies) fails the test.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from services.i18n import catalog_path

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
KEYWORDS |= {"t": None, "N_": None}  # as `make messages` passes them (-k t -k N_)


def _extracted() -> dict[tuple[str, str | None], str]:
    """(message id, context) -> first place it is used, as `pybabel extract` sees it."""
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[tuple[str, str | None], str] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        ROOT, method_map=method_map, options_map=options_map, keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault((msgid, context), f"{filename}:{lineno}")
    return found


def _catalog(lang: str) -> Catalog:
    with open(catalog_path(lang), "rb") as po:
        return read_po(po, locale=lang)


def _entries(catalog: Catalog) -> dict[tuple[str, str | None], object]:
    return {
        (m.id if isinstance(m.id, str) else m.id[0], m.context): m.string for m in catalog if m.id
    }


@pytest.fixture(scope="module")
def extracted() -> dict[tuple[str, str | None], str]:
    found = _extracted()
    assert len(found) > 100, "extraction found almost nothing: is babel.cfg read?"
    return found


def test_every_text_in_the_code_has_a_swedish_translation(
    extracted: dict[tuple[str, str | None], str],
) -> None:
    swedish = _entries(_catalog("sv"))
    missing = [
        f"{where}: {msgid!r}"
        for (msgid, context), where in sorted(extracted.items(), key=lambda kv: kv[1])
        if not swedish.get((msgid, context))
    ]
    assert not missing, "run `make messages` and translate:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_catalogs_hold_no_text_the_code_no_longer_uses(
    lang: str, extracted: dict[tuple[str, str | None], str]
) -> None:
    stale = sorted(str(key) for key in _entries(_catalog(lang)) if key not in extracted)
    assert not stale, "run `make messages` to drop:\n" + "\n".join(stale)


def _fields(text: str) -> set[str]:
    brace = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return brace | set(re.findall(r"%\((\w+)\)s", text))


def test_translations_use_only_the_fields_the_code_fills() -> None:
    for message in _catalog("sv"):
        if not message.id or not isinstance(message.id, str) or not message.string:
            continue
        assert _fields(str(message.string)) <= _fields(message.id), message.id


# -- no prose outside the catalogs ------------------------------------------------

# The chat and mail doors, and what the scheduler tells people through them.
DOORS = ["adapters/slack", "adapters/email", "scheduler/compose.py"]
# The command line: its messages to people (its `--help` texts stay English,
# like the documentation of its options; see docs/i18n.md).
CLI = sorted((ROOT / "samverka").glob("cli*.py"))
PROSE = re.compile(r"[^\W\d_]{2,}[,;:.!?]?\s+[^\W\d_]{2,}")
MARKERS = {"_", "gettext", "ngettext", "pgettext", "t", "N_"}
# Literals that are not shown to people, and why.
NOT_SHOWN = {
    # Answers to Slack's servers (HTTP problems for a robot), not to people.
    "Not signed by Slack",
    "the signature is missing or wrong",
    "Not a Slack request",
    "the body is not UTF-8",
    "the body is not a Slack payload",
    "Slack is not configured",
    "set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or an OAuth client)",
    # Delivery ledger reasons, read by operators.
    "no Slack id",
    "not tried",
    # Words people may answer a health question with (input, not output).
    "on track",
    "at risk",
    "pa spar",
    # SMTP replies to the sending server.
    "250 Message accepted",
    "550 5.1.1 Recipient not accepted here",
    "451 4.3.0 Temporary failure, please try again later",
}


def _prose(path: Path, *, help_texts: bool = False) -> Iterator[tuple[int, str]]:
    """Literals that read as prose; with `help_texts`, `help=` values are let by."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if help_texts and isinstance(node, ast.keyword) and node.arg == "help":
            exempt.update(id(sub) for sub in ast.walk(node.value))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            exempt.add(id(body[0].value))  # a docstring
        marked = isinstance(node, ast.Call) and (
            getattr(node.func, "id", None) in MARKERS or getattr(node.func, "attr", None) in MARKERS
        )
        logged = isinstance(node, ast.Call) and getattr(node.func, "attr", "") in {
            "debug", "info", "warning", "error", "exception"
        }  # fmt: skip
        if marked or logged or (isinstance(node, ast.Raise) and node.exc is not None):
            exempt.update(id(sub) for sub in ast.walk(node))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in exempt
            and PROSE.search(node.value)
            and node.value not in NOT_SHOWN
        ):
            yield node.lineno, node.value


def test_the_chat_and_mail_doors_say_nothing_outside_the_catalogs() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}"
        for door in DOORS
        for path in (
            sorted((ROOT / door).rglob("*.py")) if (ROOT / door).is_dir() else [ROOT / door]
        )
        for line, text in _prose(path)
    ]
    assert not found, "mark these for translation (docs/i18n.md):\n" + "\n".join(found)


def test_the_command_line_says_nothing_outside_the_catalogs() -> None:
    assert len(CLI) > 5, "no samverka/cli*.py found"
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}"
        for path in CLI
        for line, text in _prose(path, help_texts=True)
    ]
    assert not found, "mark these for translation (docs/i18n.md):\n" + "\n".join(found)


@pytest.mark.parametrize("folder", ["adapters/email/templates", "services/templates"])
def test_the_templates_have_no_words_outside_translation_calls(folder: str) -> None:
    templates = sorted((ROOT / folder).glob("*.j2"))
    assert templates
    for template in templates:
        text = template.read_text(encoding="utf-8")
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", text, flags=re.DOTALL)
        text = re.sub(r"<style>.*?</style>|<[^>]*>|&\w+;", " ", text)  # markup, entities
        assert not re.findall(r"[^\W\d_]{2,}", text), template.name


def test_the_prose_check_would_catch_a_forgotten_text(tmp_path: Path) -> None:
    door = tmp_path / "door.py"
    door.write_text(
        'def greet(lang):\n    """Says hello."""\n'
        '    return t("Hello {name}!", lang) + " Välkommen tillbaka!"\n'
    )
    assert [text for _, text in _prose(door)] == [" Välkommen tillbaka!"]
