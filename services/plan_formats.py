"""The yearly follow-up compiled, as a workbook: one sheet per part (the
questions per insatsområde this year beside last, the free-text answers, the
organisations, the narratives, the perspectives), in the reader's language.
What the cells hold is the compilation's (services.queries.plans); text that
starts like a formula stays text."""

from __future__ import annotations

from typing import Any

from services.i18n import N_, translator
from services.i18n.labels import PERSPECTIVE

# The same formula-safe rows and the same look as the fund report.
from services.report_formats import _append, _saved

CHOICE_WORDS = {"ja": N_("yes"), "delvis": N_("partly"), "nej": N_("no")}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _tally(result: dict[str, Any] | None) -> list[Any]:
    if result is None:
        return ["", "", "", ""]
    counts = result.get("counts") or {}
    return [result["answers"], *[counts.get(k, "") for k in ("ja", "delvis", "nej")]]


def compilation_xlsx(compiled: dict[str, Any], lang: str | None = None) -> bytes:
    from openpyxl import Workbook

    tr = translator(lang)
    year, before = compiled["year"], compiled["previous_year"]
    book = Workbook()
    questions = book.active
    assert questions is not None
    questions.title = tr.gettext("Questions")
    choices = [tr.gettext(CHOICE_WORDS[k]) for k in ("ja", "delvis", "nej")]
    _append(
        questions,
        [
            tr.gettext("Insatsområde"),
            tr.gettext("Question"),
            *[f"{year} {h}" for h in [tr.gettext("Answers"), *choices]],
            *[f"{before} {h}" for h in [tr.gettext("Answers"), *choices]],
        ],
    )
    texts = book.create_sheet(tr.gettext("Answers in text"))
    _append(
        texts,
        [
            tr.gettext("Insatsområde"),
            tr.gettext("Question"),
            tr.gettext("Organisation"),
            tr.gettext("The answer"),
        ],
    )
    narratives = book.create_sheet(tr.gettext("Narratives"))
    _append(
        narratives,
        [tr.gettext("Insatsområde"), tr.gettext("What was done"), tr.gettext("What effect it had"),
         tr.gettext("What comes next"), tr.gettext("Version")],
    )  # fmt: skip
    for area in compiled["areas"]:
        name = f"{area['code']} {area['title']}"
        for q in area["questions"]:
            _append(
                questions,
                [name, q["text"], *_tally(q["this_year"]), *_tally(q["last_year"])],
            )
            for answer in q["this_year"].get("texts", []):
                _append(texts, [name, q["text"], answer["organisation"], answer["text"]])
        told = area["narrative"]
        if told:
            _append(
                narratives, [name, told["done"], told["effect"], told["next"], told["revision"]]
            )
    organisations = book.create_sheet(tr.gettext("Organisations"))
    _append(
        organisations,
        [tr.gettext("Organisation"), tr.gettext("SCB code"), tr.gettext("Answered questions"),
         tr.gettext("Answered {year}", year=before)],
    )  # fmt: skip
    for org in compiled["organisations"]:
        _append(
            organisations,
            [org["name"], org["area_code"] or "", org["answered_questions"],
             tr.gettext("yes") if org["answered_before"] else tr.gettext("no")],
        )  # fmt: skip
    perspectives = book.create_sheet(tr.gettext("Perspectives"))
    _append(
        perspectives,
        [tr.gettext("Perspective"), tr.gettext("Insatsområde"), tr.gettext("Goal or activity")],
    )
    for p in compiled["perspectives"]:
        label = tr.gettext(PERSPECTIVE_BY_VALUE.get(p["perspective"], p["perspective"]))
        for goal in p["goals"]:
            _append(perspectives, [label, goal["area"] or "", goal["goal"]])
        for act in p["activities"]:
            _append(
                perspectives,
                [label, act["area"] or "", f"{act['code']} {act['title']}: {act['how']}"],
            )
    return _saved(book)


PERSPECTIVE_BY_VALUE = {p.value: words for p, words in PERSPECTIVE.items()}
