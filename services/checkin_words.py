"""A closed round's summary in words, from the catalogs: for the agenda item
and the health comment the round leaves (stored, in Swedish, the way they
always read) and for the message that tells people the round closed."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.checkins.questions import QuestionKind
from domain.values import Health
from services.i18n import N_, Translator
from services.i18n.labels import label

_ANSWERED = N_("{answered} of {invited} answered ({percent} %).")
_MEAN = N_("{question} mean {mean}")
_FREE_TEXTS = N_("{question} {count} free-text answers")
_HEALTH_COMMENT = N_("Status round: {health} ({answered} answers)")
_AGENDA_TITLE = N_("Status round: summary")
_STATUS_ROUND = N_("Status round before {series} {date}")
_HEALTH = {health.value for health in Health}


def _answer(kind: str, key: str, tr: Translator) -> str:
    if kind == "health" and key in _HEALTH:
        return label(tr, Health(key))
    return key


def summary_text(summary: dict[str, Any], tr: Translator) -> str:
    """A short text for an agenda item or a message."""
    lines = [
        tr.gettext(
            _ANSWERED,
            answered=summary["answered"],
            invited=summary["invited"],
            percent=round(100 * summary["response_rate"]),
        )
    ]
    for question in summary["questions"]:
        if "counts" in question:
            counts = ", ".join(
                f"{_answer(question['kind'], k, tr)}: {v}" for k, v in question["counts"].items()
            )
            lines.append(f"{question['text']} {counts}")
        elif question["kind"] == QuestionKind.NUMBER and question["mean"] is not None:
            lines.append(tr.gettext(_MEAN, question=question["text"], mean=question["mean"]))
        elif question.get("texts"):
            lines.append(
                tr.gettext(_FREE_TEXTS, question=question["text"], count=len(question["texts"]))
            )
    return "\n".join(lines)


class CatalogRoundWords:
    """The domain's RoundWords in `tr`'s language (Swedish for what is stored)."""

    def __init__(self, tr: Translator) -> None:
        self.tr = tr

    def status_round_title(self, series_title: str, day: date) -> str:
        return self.tr.gettext(_STATUS_ROUND, series=series_title, date=day.isoformat())

    def health_comment(self, health: Health, answered: int) -> str:
        return self.tr.gettext(_HEALTH_COMMENT, health=label(self.tr, health), answered=answered)

    def agenda_item(self, summary: dict[str, Any]) -> tuple[str, str]:
        return self.tr.gettext(_AGENDA_TITLE), summary_text(summary, self.tr)
