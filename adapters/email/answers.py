"""A check-in reply's text -> the answers of the round's questions.

One question: the first line decides a choice (på spår / risk / blockerad, or
English on track / at risk / blocked), a number, or the whole text for a text
question. Several questions: lines like `1: på spår`, `2) text`, or
`label: value` (the question's id or text), else the lines in order, one per
question. A line without a prefix continues the previous text answer. What
cannot be understood raises `NotUnderstood`; the domain checks the rest.
"""

from __future__ import annotations

import re
from typing import Any

from domain.checkins.questions import Question, QuestionKind
from domain.values import HEALTH_ANSWERS, Health
from services.i18n import DEFAULT_LANGUAGE, translator

HEALTH_INPUT = {
    **{sv: h.value for h, sv in HEALTH_ANSWERS.items()},
    **{h.value: h.value for h in Health},
    "on track": Health.ON_TRACK.value,
    "at risk": Health.AT_RISK.value,
    "blocked": Health.BLOCKED.value,
    "pa spar": Health.ON_TRACK.value,
}
_NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[:.)]\s*(.*)$")
_LABELLED = re.compile(r"^\s*([^:\d][^:]{0,80}?)\s*:\s*(.*)$")
_BULLET = re.compile(r"^\s*[*•·-]\s+")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
_WORD_END = re.compile(r"[\s.,;:!?)\-–]|$")
MAX_TEXT = 5000


class NotUnderstood(ValueError):
    """The reply could not be read as answers (`question` names where, if known)."""

    def __init__(self, reason: str, question: str | None = None) -> None:
        self.reason = reason
        self.question = question
        super().__init__(reason)


def _clean_lines(text: str) -> list[str]:
    lines = [_BULLET.sub("", line).strip() for line in text.replace("\r", "").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _starts_with(line: str, word: str) -> bool:
    low = line.casefold()
    return low.startswith(word.casefold()) and bool(_WORD_END.match(low[len(word) :]))


def choice_of(question: Question, line: str) -> str:
    """The choice the line starts with (the longest that fits)."""
    text = line.strip().strip("\"'”“*_")
    if question["kind"] == QuestionKind.HEALTH:
        options = HEALTH_INPUT
    else:
        options = {c: c for c in question["choices"]}
    for word in sorted(options, key=len, reverse=True):
        if _starts_with(text, word):
            return options[word]
    raise NotUnderstood("choice", question["id"])


def number_of(question: Question, line: str) -> float | int:
    found = _NUMBER.search(line)
    if found is None:
        raise NotUnderstood("number", question["id"])
    raw = found.group().replace(",", ".")
    return float(raw) if "." in raw else int(raw)


def value_of(question: Question, text: str) -> Any:
    kind = question["kind"]
    if kind in (QuestionKind.HEALTH, QuestionKind.CHOICE):
        first = next((line for line in text.split("\n") if line.strip()), "")
        return choice_of(question, first)
    if kind == QuestionKind.NUMBER:
        return number_of(question, text)
    clean = text.strip()
    if not clean:
        raise NotUnderstood("empty", question["id"])
    return clean[:MAX_TEXT]


def _label_index(questions: list[Question], label: str) -> int | None:
    want = label.strip().strip("*_").casefold().rstrip("?")
    for n, q in enumerate(questions):
        if want in (q["id"].casefold(), q["text"].strip().casefold().rstrip("?")):
            return n
    return None


def _prefixed(questions: list[Question], lines: list[str]) -> dict[int, list[str]] | None:
    """Lines grouped by the question their prefix names; None if none is prefixed."""
    groups: dict[int, list[str]] = {}
    current: int | None = None
    seen_prefix = False
    for line in lines:
        index: int | None = None
        rest = line
        numbered = _NUMBERED.match(line)
        if numbered and 1 <= int(numbered.group(1)) <= len(questions):
            index, rest = int(numbered.group(1)) - 1, numbered.group(2)
        else:
            labelled = _LABELLED.match(line)
            if labelled:
                index = _label_index(questions, labelled.group(1))
                rest = labelled.group(2) if index is not None else line
        if index is not None:
            seen_prefix = True
            current = index
            groups.setdefault(index, []).append(rest)
        elif current is not None:
            groups[current].append(line)
        elif line:
            return None  # text before the first prefix: not this format
    return groups if seen_prefix else None


def parse_answers(questions: list[Question], text: str) -> dict[str, Any]:
    """The answers in `text`; raises NotUnderstood."""
    lines = _clean_lines(text)
    if not lines:
        raise NotUnderstood("empty")
    if len(questions) == 1:
        return {questions[0]["id"]: value_of(questions[0], "\n".join(lines))}
    groups = _prefixed(questions, lines)
    if groups is None:
        given = [line for line in lines if line]
        if len(given) > len(questions):
            # The last question takes the rest (often a text question).
            given = [*given[: len(questions) - 1], "\n".join(given[len(questions) - 1 :])]
        groups = {n: [line] for n, line in enumerate(given)}
    answers: dict[str, Any] = {}
    for index, group in sorted(groups.items()):
        body = "\n".join(group).strip()
        if body:
            answers[questions[index]["id"]] = value_of(questions[index], body)
    if not answers:
        raise NotUnderstood("empty")
    return answers


def format_help(questions: list[Question], lang: str = DEFAULT_LANGUAGE) -> str:
    """How to answer this round by mail (Swedish by default)."""
    tr = translator(lang)
    lines = []
    for n, q in enumerate(questions, start=1):
        hint = ""
        if q["kind"] == QuestionKind.HEALTH:
            hint = " (" + tr.gettext("on track, at risk or blocked") + ")"
        elif q["kind"] == QuestionKind.CHOICE:
            hint = " (" + ", ".join(q["choices"]) + ")"
        elif q["kind"] == QuestionKind.NUMBER:
            hint = " (" + tr.gettext("a number") + ")"
        lines.append(f"{n}: {q['text']}{hint}")
    return "\n".join(lines)
