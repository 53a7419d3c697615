"""The command line speaks Swedish unless told otherwise (`--lang`,
SAMVERKA_LANG, the locale), and what it prints for machines is the same in
every language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samverka.cli import app

# No language from the caller's environment: each case sets its own.
QUIET = {"SAMVERKA_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANGUAGE": None}
XLSX_WITHOUT_FILE = ["report", "funds", "--year", "2021", "--format", "xlsx"]
SWEDISH = "fel: en Excel-arbetsbok behöver --out FIL.xlsx\n"
ENGLISH = "error: an Excel workbook needs --out FILE.xlsx\n"


@pytest.mark.parametrize(
    ("args", "env", "said"),
    [
        ([], {"LANG": "C.UTF-8"}, SWEDISH),
        ([], {"LANG": "en_GB.UTF-8"}, ENGLISH),
        ([], {"LANG": "en_GB.UTF-8", "LC_ALL": "sv_SE.UTF-8"}, SWEDISH),
        ([], {"LANG": "de_DE.UTF-8"}, SWEDISH),
        ([], {"LANG": "C.UTF-8", "SAMVERKA_LANG": "en"}, ENGLISH),
        (["--lang", "sv"], {"LANG": "en_GB.UTF-8", "SAMVERKA_LANG": "en"}, SWEDISH),
        (["--lang", "en"], {"LANG": "sv_SE.UTF-8"}, ENGLISH),
        (["--lang", "fi"], {"LANG": "en_GB.UTF-8"}, SWEDISH),
    ],
    ids=[
        "default",
        "english-locale",
        "lc-all-first",
        "unknown-locale",
        "env",
        "option-over-env",
        "option-over-locale",
        "unknown-option",
    ],
)
def test_the_language_of_messages(args: list[str], env: dict[str, str], said: str) -> None:
    result = CliRunner().invoke(app, [*args, *XLSX_WITHOUT_FILE], env={**QUIET, **env})
    assert (result.exit_code, result.stderr) == (2, said)


def test_json_is_the_same_in_both_languages_and_the_summary_is_not(tmp_path: Path) -> None:
    env = {**QUIET, "SAMVERKA_DATABASE_URL": f"sqlite:///{tmp_path}/s.db", "LANG": "C.UTF-8"}
    runner = CliRunner()
    swedish = runner.invoke(app, ["audit", "verify"], env=env)
    english = runner.invoke(app, ["--lang", "en", "audit", "verify"], env=env)
    assert swedish.exit_code == english.exit_code == 0
    assert json.loads(swedish.stdout) == json.loads(english.stdout)
    assert json.loads(swedish.stdout)["ok"] is True
    head = json.loads(swedish.stdout)["head"]
    assert swedish.stderr == f"ok: 0 händelser, senaste länk {head}\n"
    assert english.stderr == f"ok: 0 events, head {head}\n"


def test_an_unknown_id_is_said_in_the_language_asked_for() -> None:
    runner = CliRunner()
    env = {**QUIET, "LANG": "C.UTF-8"}
    swedish = runner.invoke(app, ["checkins", "close", "x"], env=env)
    english = runner.invoke(app, ["--lang", "en", "checkins", "close", "x"], env=env)
    assert swedish.stderr == "fel: 'x' är inget id för en incheckning\n"
    assert english.stderr == "error: 'x' is not a round id\n"


@pytest.mark.parametrize(
    ("args", "env", "said", "not_said"),
    [
        (["--help"], {"LANG": "C.UTF-8"}, "Samverka: den gemensamma planen", "the shared plan"),
        (["--lang", "en", "--help"], {"LANG": "sv_SE.UTF-8"}, "the shared plan", "den gemensamma"),
        (["--help"], {"LANG": "C.UTF-8", "SAMVERKA_LANG": "en"}, "the shared plan", "Kommandon"),
        (["initiative", "create", "--help"], {"LANG": "C.UTF-8"}, "Skapa en insats.", "Create"),
        (["--lang=en", "initiative", "create", "--help"], {}, "Create an initiative.", "Skapa"),
    ],
    ids=["default", "option", "env", "subcommand", "subcommand-english"],
)
def test_help_speaks_the_language_of_messages(
    args: list[str], env: dict[str, str], said: str, not_said: str
) -> None:
    result = CliRunner().invoke(app, args, env={**QUIET, "COLUMNS": "200", **env})
    assert result.exit_code == 0
    assert said in result.stdout and not_said not in result.stdout


def test_swedish_help_names_its_words_in_swedish() -> None:
    env = {**QUIET, "COLUMNS": "200", "LANG": "C.UTF-8"}
    result = CliRunner().invoke(app, ["initiative", "create", "--help"], env=env)
    assert result.exit_code == 0
    for words in ("Delarenans id eller kod", "[krävs]", "Flaggor", "Visa denna hjälp och avsluta."):
        assert words in result.stdout
    listing = CliRunner().invoke(app, ["--help"], env=env)
    assert "Kommandon" in listing.stdout and "Insatser." in listing.stdout
