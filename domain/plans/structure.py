"""A plan's structure: målbilder, strategic directions, insatsområden with
their utmaningsfrågor and uppföljningsfrågor, and goals per perspective.

Every part is an entity of the plan with an id derived from the plan and the
part's code (domain.plans.values); nothing is ever deleted that others may
refer to: a part is revised, a question withdrawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import SamverkaAggregate
from domain.checkins.questions import Question
from domain.errors import Duplicate, NotFound, ValidationFailed
from domain.meta import Meta
from domain.plans.values import (
    CHOICES,
    QuestionKind,
    direction_id,
    focus_area_id,
    perspective,
    question_id,
    target_id,
    text_items,
)
from domain.values import optional_text, parse_enum, require_code, require_text

Part = dict[str, Any]
MAX_PARTS = 100
MAX_QUESTIONS = 50  # a survey round asks at most 50 questions


class PlanStructure(SamverkaAggregate):
    """The parts of a plan; `Plan` adds its life, activities and follow-up."""

    if TYPE_CHECKING:  # set by Plan.__init__ (class annotations would be event fields)
        targets: dict[str, Part]
        directions: dict[str, Part]
        areas: dict[str, Part]
        perspective_goals: dict[str, dict[str, str]]  # "plan" or area id: perspective: goal

    # -- målbilder and strategic directions ---------------------------------------

    def _titled(
        self,
        parts: dict[str, Part],
        make_id: Callable[[UUID, str], UUID],
        code: str,
        title: str,
        description: str | None,
    ) -> tuple[UUID, Part]:
        """A new part's id and its code, title and description, checked."""
        clean = require_code(code)
        new_id = make_id(self.id, clean)
        if str(new_id) in parts:
            raise Duplicate(f"the plan already has a part with code {clean}", field="code")
        if len(parts) >= MAX_PARTS:
            raise ValidationFailed(f"a plan has at most {MAX_PARTS} of these", field="code")
        return new_id, {
            "code": clean,
            "title": require_text(title, "title", max_len=300),
            "description": optional_text(description, "description", max_len=5000),
        }

    def add_target(self, code: str, title: str, description: str | None, *, meta: Meta) -> UUID:
        new_id, part = self._titled(self.targets, target_id, code, title, description)
        self._target_added(target_id=new_id, **part, meta=meta)
        return new_id

    @event("TargetAdded")
    def _target_added(
        self, target_id: UUID, code: str, title: str, description: str, meta: Meta
    ) -> None:
        self.targets[str(target_id)] = {"code": code, "title": title, "description": description}

    def add_direction(self, code: str, title: str, description: str | None, *, meta: Meta) -> UUID:
        new_id, part = self._titled(self.directions, direction_id, code, title, description)
        self._direction_added(direction_id=new_id, **part, meta=meta)
        return new_id

    @event("DirectionAdded")
    def _direction_added(
        self, direction_id: UUID, code: str, title: str, description: str, meta: Meta
    ) -> None:
        self.directions[str(direction_id)] = {
            "code": code,
            "title": title,
            "description": description,
        }

    @staticmethod
    def _known(parts: dict[str, Part], part_id: UUID, what: str, field: str) -> Part:
        found = parts.get(str(part_id))
        if found is None:
            raise NotFound(f"no {what} {part_id} in this plan", field=field)
        return found

    def check_target(self, target: UUID) -> Part:
        return self._known(self.targets, target, "målbild", "target_ids")

    # -- insatsområden -------------------------------------------------------------

    def check_area(self, area: UUID) -> Part:
        return self._known(self.areas, area, "insatsområde", "area_id")

    def add_area(
        self,
        code: str,
        title: str,
        *,
        direction: UUID | None,
        description: str | None,
        challenges: list[str],
        meta: Meta,
    ) -> UUID:
        new_id, part = self._titled(self.areas, focus_area_id, code, title, description)
        if direction is not None and str(direction) not in self.directions:
            raise NotFound(f"no strategic direction {direction} in this plan", field="direction_id")
        self._area_added(
            area_id=new_id,
            **part,
            direction_id=direction,
            challenges=text_items(challenges, "challenges"),
            meta=meta,
        )
        return new_id

    @event("FocusAreaAdded")
    def _area_added(
        self,
        area_id: UUID,
        code: str,
        title: str,
        direction_id: UUID | None,
        description: str,
        challenges: list[str],
        meta: Meta,
    ) -> None:
        self.areas[str(area_id)] = {
            "code": code,
            "title": title,
            "direction_id": str(direction_id) if direction_id else None,
            "description": description,
            "challenges": challenges,
            "questions": {},
        }

    def revise_area(
        self,
        area: UUID,
        *,
        title: str | None,
        description: str | None,
        challenges: list[str] | None,
        meta: Meta,
    ) -> None:
        part = self.check_area(area)
        new = {
            "title": require_text(title, "title", max_len=300) if title is not None else None,
            "description": (
                optional_text(description, "description", max_len=5000)
                if description is not None
                else None
            ),
            "challenges": text_items(challenges, "challenges") if challenges is not None else None,
        }
        changes = {k: v for k, v in new.items() if v is not None and v != part[k]}
        if changes:
            self._area_revised(area_id=area, changes=changes, meta=meta)

    @event("FocusAreaRevised")
    def _area_revised(self, area_id: UUID, changes: dict[str, Any], meta: Meta) -> None:
        self.areas[str(area_id)] = {**self.areas[str(area_id)], **changes}

    # -- uppföljningsfrågor ------------------------------------------------------------

    def question_count(self) -> int:
        return sum(len(a["questions"]) for a in self.areas.values())

    def add_question(
        self, area: UUID, text: str, *, kind: str, perspective_key: str | None, meta: Meta
    ) -> str:
        part = self.check_area(area)
        if self.question_count() >= MAX_QUESTIONS:
            raise ValidationFailed(
                f"a plan's survey asks at most {MAX_QUESTIONS} questions", field="text"
            )
        number = max((int(n) for n in part["questions"]), default=0) + 1
        self._question_added(
            area_id=area,
            number=number,
            text=require_text(text, "text", max_len=1000),
            kind=parse_enum(QuestionKind, kind, "kind").value,
            perspective=perspective(perspective_key) if perspective_key else None,
            meta=meta,
        )
        return question_id(part["code"], number)

    @event("FollowUpQuestionAdded")
    def _question_added(
        self,
        area_id: UUID,
        number: int,
        text: str,
        kind: str,
        perspective: str | None,
        meta: Meta,
    ) -> None:
        questions = dict(self.areas[str(area_id)]["questions"])
        questions[str(number)] = {"text": text, "kind": kind, "perspective": perspective}
        self.areas[str(area_id)] = {**self.areas[str(area_id)], "questions": questions}

    def withdraw_question(self, area: UUID, number: int, *, meta: Meta) -> None:
        part = self.check_area(area)
        if str(number) not in part["questions"]:
            raise NotFound(f"no question {number} in {part['code']}", field="number")
        self._question_withdrawn(area_id=area, number=number, meta=meta)

    @event("FollowUpQuestionWithdrawn")
    def _question_withdrawn(self, area_id: UUID, number: int, meta: Meta) -> None:
        questions = dict(self.areas[str(area_id)]["questions"])
        del questions[str(number)]
        self.areas[str(area_id)] = {**self.areas[str(area_id)], "questions": questions}

    def survey_questions(self) -> list[Question]:
        """The year's survey: every uppföljningsfråga of every insatsområde, in
        the order of the areas' codes; `area` is the insatsområde's id."""
        out = []
        for area, part in sorted(self.areas.items(), key=lambda kv: kv[1]["code"]):
            for number, q in sorted(part["questions"].items(), key=lambda kv: int(kv[0])):
                choice = q["kind"] == QuestionKind.CHOICE
                out.append(
                    Question(
                        id=question_id(part["code"], int(number)),
                        text=q["text"],
                        kind="choice" if choice else "text",
                        choices=list(CHOICES) if choice else [],
                        minimum=None,
                        maximum=None,
                        required=False,
                        area=area,
                    )
                )
        return out

    # -- perspectives ---------------------------------------------------------------

    def set_perspective_goal(
        self, area: UUID | None, perspective_key: str, goal: str | None, *, meta: Meta
    ) -> None:
        """A goal for one of the seven perspectives, for the whole plan (no
        area) or one insatsområde; an empty goal removes it."""
        if area is not None:
            self.check_area(area)
        scope = str(area) if area is not None else "plan"
        key = perspective(perspective_key)
        clean = optional_text(goal, "goal", max_len=2000)
        if self.perspective_goals.get(scope, {}).get(key, "") != clean:
            self._perspective_goal_set(area_id=area, perspective=key, goal=clean, meta=meta)

    @event("PerspectiveGoalSet")
    def _perspective_goal_set(
        self, area_id: UUID | None, perspective: str, goal: str, meta: Meta
    ) -> None:
        scope = str(area_id) if area_id is not None else "plan"
        goals = dict(self.perspective_goals.get(scope, {}))
        if goal:
            goals[perspective] = goal
        else:
            goals.pop(perspective, None)
        self.perspective_goals = {**self.perspective_goals, scope: goals}
