"""Questions of a check-in round and how answers are checked and summarised."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Any

from typing_extensions import TypedDict  # pydantic validates it on Python 3.11

from domain.errors import ValidationFailed
from domain.values import HEALTH_ANSWERS, Health, optional_text, parse_enum, require_text

HEALTH_WORDS = {v: k.value for k, v in HEALTH_ANSWERS.items()} | {h.value: h.value for h in Health}
# Worse first: ties in a status round are resolved towards the worse health.
HEALTH_ORDER = [Health.BLOCKED.value, Health.AT_RISK.value, Health.ON_TRACK.value]


class QuestionKind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    NUMBER = "number"
    HEALTH = "health"  # på spår / risk / blockerad; feeds the initiative's health


class Question(TypedDict):
    id: str
    text: str
    kind: str
    choices: list[str]
    minimum: float | None
    maximum: float | None
    required: bool
    area: str  # insatsområde, for the yearly survey


def make_question(
    qid: str,
    text: str,
    kind: str,
    *,
    choices: list[str] | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    required: bool = False,
    area: str | None = None,
) -> Question:
    parsed = parse_enum(QuestionKind, kind, "kind")
    clean_choices = [require_text(c, "choices", max_len=100) for c in choices or []]
    if parsed is QuestionKind.CHOICE and not 2 <= len(clean_choices) <= 20:
        raise ValidationFailed("a choice question has 2-20 choices", field="choices")
    if parsed is QuestionKind.HEALTH:
        clean_choices = [HEALTH_ANSWERS[h] for h in Health]
    if minimum is not None and maximum is not None and minimum > maximum:
        raise ValidationFailed("minimum is above maximum", field="minimum")
    return Question(
        id=require_text(qid, "id", max_len=40),
        text=require_text(text, "text", max_len=1000),
        kind=parsed.value,
        choices=clean_choices,
        minimum=minimum,
        maximum=maximum,
        required=required,
        area=optional_text(area, "area", max_len=200, multiline=False),
    )


def check_questions(questions: list[Question]) -> list[Question]:
    if not 1 <= len(questions) <= 50:
        raise ValidationFailed("a round has 1-50 questions", field="questions")
    ids = [q["id"] for q in questions]
    if len(set(ids)) != len(ids):
        raise ValidationFailed("question ids must be unique", field="questions")
    return questions


def clean_answers(questions: list[Question], answers: dict[str, Any]) -> dict[str, Any]:
    """Checks answers against the questions; returns them normalised."""
    by_id = {q["id"]: q for q in questions}
    unknown = sorted(set(answers) - set(by_id))
    if unknown:
        raise ValidationFailed(f"no question {unknown[0]!r} in this round", field="answers")
    clean: dict[str, Any] = {}
    for qid, question in by_id.items():
        value = answers.get(qid)
        if value is None or value == "":
            if question["required"]:
                raise ValidationFailed(
                    f"question {qid!r} needs an answer",
                    field="answers",
                    rule="checkin.answer_required",
                    params={"question": qid},
                )
            continue
        clean[qid] = _one(question, value)
    if not clean:
        raise ValidationFailed(
            "answer at least one question", field="answers", rule="checkin.no_answer"
        )
    return clean


def _one(question: Question, value: Any) -> Any:
    kind, qid = question["kind"], question["id"]
    if kind == QuestionKind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationFailed(
                f"question {qid!r} takes a number",
                field="answers",
                rule="checkin.not_a_number",
                params={"question": qid},
            )
        low, high = question["minimum"], question["maximum"]
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValidationFailed(
                f"the answer to {qid!r} is out of range",
                field="answers",
                rule="checkin.out_of_range",
                params={"question": qid},
            )
        return value
    if not isinstance(value, str):
        raise ValidationFailed(f"question {qid!r} takes text", field="answers")
    text = value.strip()
    if kind == QuestionKind.HEALTH:
        found = HEALTH_WORDS.get(text.lower())
        if found is None:
            raise ValidationFailed(
                f"answer {qid!r} with på spår, risk or blockerad", field="answers"
            )
        return found
    if kind == QuestionKind.CHOICE:
        if text not in question["choices"]:
            raise ValidationFailed(f"{text!r} is not a choice of {qid!r}", field="answers")
        return text
    try:
        return require_text(text, "answers", max_len=5000, multiline=True)
    except ValidationFailed as error:  # say which question, as the other checks do
        raise ValidationFailed(
            f"the answer to {qid!r}: {error.message}",
            field="answers",
            rule=error.rule,
            params={**error.params, "question": qid},
        ) from None


def summarise(questions: list[Question], latest: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Per question: counts of choices, number statistics or the texts given."""
    out: list[dict[str, Any]] = []
    for question in questions:
        qid, kind = question["id"], question["kind"]
        given = {p: a[qid] for p, a in sorted(latest.items()) if qid in a}
        item: dict[str, Any] = {
            "id": qid,
            "text": question["text"],
            "kind": kind,
            "answers": len(given),
        }
        if question["area"]:
            item["area"] = question["area"]
        if kind in (QuestionKind.CHOICE, QuestionKind.HEALTH):
            counts = Counter(given.values())
            keys = HEALTH_ORDER if kind == QuestionKind.HEALTH else question["choices"]
            item["counts"] = {k: counts.get(k, 0) for k in keys}
        elif kind == QuestionKind.NUMBER:
            numbers = list(given.values())
            item["mean"] = round(sum(numbers) / len(numbers), 2) if numbers else None
            item["min"] = min(numbers) if numbers else None
            item["max"] = max(numbers) if numbers else None
        else:
            item["texts"] = [{"person_id": p, "text": t} for p, t in given.items()]
        out.append(item)
    return out


def overall_health(counts: dict[str, int]) -> str | None:
    """The most common health; a tie goes to the worse one."""
    best = max(HEALTH_ORDER, key=lambda h: (counts.get(h, 0), -HEALTH_ORDER.index(h)))
    return best if counts.get(best, 0) else None
