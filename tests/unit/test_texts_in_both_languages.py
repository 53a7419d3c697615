"""A few texts as people get them, in Swedish (the default) and in English."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from adapters.email import bounce
from adapters.email.render import environment
from adapters.http.problems import install_problem_handlers
from adapters.slack import blocks as b
from adapters.slack.i18n import health
from domain.values import require_text
from services.backup import BackupError
from services.i18n import N_, Text, language_from_header, language_from_locale, translator
from services.i18n.labels import area_label
from services.report_formats import FIGURES, to_html
from services.reports import REPORT_WORDS


def test_slack_words_and_modal_buttons() -> None:
    assert health("at-risk") == ":large_yellow_circle: risk"
    assert health("at-risk", "en") == ":large_yellow_circle: at risk"
    modal = b.minutes_modal("note", [], "sv")
    assert (modal["title"]["text"], modal["submit"]["text"]) == ("Mötesanteckning", "Spara")
    modal = b.minutes_modal("note", [], "en")
    assert (modal["title"]["text"], modal["submit"]["text"]) == ("Meeting note", "Save")


@pytest.mark.parametrize(
    ("lang", "subject", "sign_off"),
    [
        ("sv", "Ditt mejl var för stort", "Detta är ett automatiskt svar från Samverka."),
        ("en", "Your e-mail was too large", "This is an automatic reply from Samverka."),
    ],
)
def test_mail_answers(lang: str, subject: str, sign_off: str) -> None:
    answer = bounce.compose("too_large", to="a@x.se", sender="s@samverka.se", lang=lang)
    assert answer["Subject"] == subject
    assert answer.get_content().rstrip().endswith(sign_off)


def test_mail_templates() -> None:
    values = {"recipient_name": "Anna", "d": {"title": "Möte", "starts_at": None}}
    swedish = environment("sv").get_template("minutes.txt.j2").render(values)
    english = environment("en").get_template("minutes.txt.j2").render(values)
    assert swedish.startswith("Hej Anna!") and "Skickat av Samverka till Anna." in swedish
    assert english.startswith("Hello Anna!") and "Sent by Samverka to Anna." in english
    html = (
        environment("en")
        .get_template("minutes.html.j2")
        .render(values | {"d": {"title": "<b>R&D</b>"}})
    )
    assert "Minutes of <strong>&lt;b&gt;R&amp;D&lt;/b&gt;</strong>" in html  # escaped once


def test_dates() -> None:
    moment = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)
    assert translator("sv").moment(moment.isoformat()) == "2026-12-02 kl. 11:00"
    assert translator("en").moment(moment.isoformat()) == "2026-12-02 at 11:00"
    assert translator("sv").long_date("2026-12-02") == "2 december 2026"
    assert translator("en").day("2026-05-02") == "2 May 2026"


def test_the_accept_language_header_picks_a_language() -> None:
    assert language_from_header("en-GB,en;q=0.9,sv;q=0.8") == "en"
    assert language_from_header("de, sv;q=0.5, en;q=0.4") == "sv"
    assert language_from_header("de") is None and language_from_header(None) is None


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/title")
    @app.get("/api/v1/title")
    def title() -> None:
        require_text("  ", "title")

    return TestClient(app)


@pytest.mark.parametrize(
    ("header", "title", "detail"),
    [
        (
            {"Accept-Language": "sv-SE"},
            "Innehållet kan inte behandlas",
            "Fältet får inte vara tomt.",
        ),
        ({"Accept-Language": "en"}, "Unprocessable content", "title must not be empty"),
        ({}, "Unprocessable content", "title must not be empty"),  # API clients as before
        # A browser that names none of Samverka's languages reads Swedish, as on the pages.
        (
            {"Accept": "text/html", "Accept-Language": "de"},
            "Innehållet kan inte behandlas",
            "Fältet får inte vara tomt.",
        ),
        (
            {"Accept": "text/html", "Accept-Language": "en"},
            "Unprocessable content",
            "title must not be empty",
        ),
    ],
)
def test_problem_details(
    client: TestClient, header: dict[str, str], title: str, detail: str
) -> None:
    body = client.get("/title", headers=header).json()
    assert (body["status"], body["title"], body["detail"]) == (422, title, detail)
    assert body["type"].endswith("/validation_failed") and body["field"] == "title"


def test_the_api_stays_english_for_a_browser_that_names_no_language(client: TestClient) -> None:
    body = client.get("/api/v1/title", headers={"Accept": "text/html"}).json()
    assert (body["title"], body["detail"]) == ("Unprocessable content", "title must not be empty")


def _report() -> dict[str, object]:
    figures = dict.fromkeys(FIGURES, 0) | {"granted": 125_050}
    area = {
        "name": "Samsjuklighet",
        "grants": [{"principal": "Region <Dalarna>", **figures}],
        "activities": [{"code": "2.7", "title": "Brukarråd", "booked": 0, "spent": 0}],
        "perspectives": [{"name": "jämlikhet", "initiatives": []}],
        **figures,
    }
    return {
        "report": "Återrapportering",
        "year": 2021,
        "agreements": [{"title": "Överenskommelse", "reference": "S2021/1"}],
        "areas": [area],
        "totals": figures,
        "source": {"log_position": 7, "chain_link": "ab"},
        "report_sha256": "cd",
    }


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("sv", ["<th>Ej förbrukat</th>", "Beviljat totalt 1 250,50 kr", "(dnr S2021/1)"]),
        ("en", ["<th>Unspent</th>", "Granted in total 1 250,50 kr", "(reference S2021/1)"]),
    ],
)
def test_the_fund_report_page(lang: str, words: list[str]) -> None:
    page = to_html(_report(), lang)
    assert all(word in page for word in words), page
    assert "Region &lt;Dalarna&gt;" in page and f"<html lang={lang}>" in page


def test_problem_titles_of_the_framework_speak_the_language_too(client: TestClient) -> None:
    missing = client.get("/nowhere", headers={"Accept-Language": "sv"}).json()
    assert (missing["status"], missing["title"]) == (404, "Hittades inte")
    assert client.get("/nowhere").json()["title"] == "Not found"


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, None),
        ({"LANG": "C.UTF-8", "LANGUAGE": "en"}, None),  # gettext ignores LANGUAGE under C
        ({"LANG": "POSIX"}, None),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "sv_SE.UTF-8"}, "sv"),
        ({"LANG": "sv_SE.UTF-8", "LC_MESSAGES": "en_GB"}, "en"),
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "sv_FI.UTF-8"}, "sv"),
        ({"LANG": "de_DE.UTF-8", "LANGUAGE": "de:en"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, None),
    ],
)
def test_the_language_a_locale_asks_for(environ: dict[str, str], lang: str | None) -> None:
    assert language_from_locale(environ) == lang


def test_an_error_from_the_catalogs_is_english_for_logs_and_said_in_swedish() -> None:
    reason = Text(N_("the event was removed (the link at {follower} follows it)"), {"follower": 8})
    error = BackupError(
        N_("the restored log does not verify: {problem} at {position}"), problem=reason, position=7
    )
    assert str(error) == (
        "the restored log does not verify: the event was removed (the link at 8 follows it) at 7"
    )
    assert error.text.say(translator("sv")) == (
        "den återställda loggen håller inte vid kontroll: "
        "händelsen har tagits bort (länken vid 8 följer på den) vid 7"
    )


def test_the_fund_report_says_its_words_in_swedish_whoever_asks() -> None:
    swedish, english = translator("sv"), translator("en")
    assert area_label(swedish, "samsjuklighet") == "Samsjuklighet"
    assert area_label(english, "samsjuklighet") == "Co-occurring conditions"
    assert area_label(english, "psykisk-hälsa-barn") == "Psykisk hälsa barn"  # as people wrote it
    assert REPORT_WORDS.title == "Återrapportering av stimulansmedel"
    assert REPORT_WORDS.area("ungdomsmottagningar") == "Ungdomsmottagningar"
