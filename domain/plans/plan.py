"""A plan (Värmland's plan for mental health 2021–2024, a national work plan):
its long-term goal and period, its structure (domain.plans.structure), its
activities with responsible organisations, the organisations that take part
in the yearly follow-up, and the narrative written per insatsområde and year.

The yearly survey is a SurveyPlan linked to the plan: each year's round asks
the plan's uppföljningsfrågor of the contact persons of the organisations
taking part, and the plan records who answers for which organisation.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.errors import Duplicate, InvalidTransition, NotFound, ValidationFailed
from domain.meta import Meta
from domain.plans.commands import CreatePlan
from domain.plans.structure import Part, PlanStructure
from domain.plans.values import (
    PlanScope,
    activity_id,
    check_years,
    perspective,
    plan_id,
)
from domain.values import optional_text, parse_enum, require_code, require_text

MAX_ACTIVITIES = 1000
MAX_ORGANISATIONS = 2000
NARRATIVE_PARTS = ("done", "effect", "next")


class Plan(PlanStructure):
    @staticmethod
    def create_id(code: str, **_: object) -> UUID:
        return plan_id(code)

    @event("Created")
    def __init__(
        self,
        code: str,
        title: str,
        scope: str,
        county: str,
        goal: str,
        purpose: str,
        first_year: int,
        last_year: int,
        arena_id: UUID | None,
        meta: Meta,
    ) -> None:
        self.code = code
        self.title = title
        self.scope = PlanScope(scope)
        self.county = county
        self.goal = goal
        self.purpose = purpose
        self.first_year = first_year
        self.last_year = last_year
        self.arena_id = arena_id
        self.targets = {}
        self.directions = {}
        self.areas = {}
        self.perspective_goals = {}
        self.activities: dict[str, Part] = {}
        self.organisations: list[str] = []
        self.survey_id: str | None = None
        self.follow_ups: dict[str, dict[str, list[str]]] = {}  # year: organisation: persons
        self.narratives: dict[str, dict[str, Any]] = {}  # "area:year": parts and revision

    @classmethod
    def create(cls, cmd: CreatePlan, *, meta: Meta) -> Plan:
        check_years(cmd.first_year, cmd.last_year)
        return cls(
            code=require_code(cmd.code),
            title=require_text(cmd.title, "title", max_len=300),
            scope=parse_enum(PlanScope, cmd.scope, "scope").value,
            county=optional_text(cmd.county, "county", max_len=100, multiline=False),
            goal=require_text(cmd.goal, "goal", max_len=1000),
            purpose=optional_text(cmd.purpose, "purpose", max_len=10_000),
            first_year=cmd.first_year,
            last_year=cmd.last_year,
            arena_id=cmd.arena_id,
            meta=meta,
        )

    def revise(self, changes: dict[str, Any], *, meta: Meta) -> None:
        """Title, goal, purpose or the years; only what differs is recorded."""
        clean: dict[str, Any] = {}
        for name, given in changes.items():
            if given is None:
                continue
            value = given
            if name in ("title", "goal"):
                value = require_text(given, name, max_len=300 if name == "title" else 1000)
            elif name == "purpose":
                value = optional_text(given, name, max_len=10_000)
            elif name not in ("first_year", "last_year"):
                raise ValidationFailed(f"{name} cannot be revised", field=name)
            if getattr(self, name) != value:
                clean[name] = value
        check_years(
            clean.get("first_year", self.first_year), clean.get("last_year", self.last_year)
        )
        if clean:
            self._revised(changes=clean, meta=meta)

    @event("Revised")
    def _revised(self, changes: dict[str, Any], meta: Meta) -> None:
        for name, value in changes.items():
            setattr(self, name, value)

    # -- activities ----------------------------------------------------------------

    def check_activity(self, activity: UUID) -> Part:
        return self._known(self.activities, activity, "activity", "activity_id")

    def _links(
        self, targets: list[UUID], organisations: list[UUID], known: set[str]
    ) -> tuple[list[str], list[str]]:
        for target in targets:
            self.check_target(target)
        missing = [o for o in organisations if str(o) not in known]
        if missing:
            raise NotFound(f"no organisation {missing[0]}", field="organisation_ids")
        return sorted({str(t) for t in targets}), sorted({str(o) for o in organisations})

    def add_activity(
        self,
        code: str,
        title: str,
        *,
        area: UUID,
        description: str | None,
        targets: list[UUID],
        organisations: list[UUID],
        known_organisations: set[str],
        initiative: UUID | None,
        meta: Meta,
    ) -> UUID:
        """An activity (bilaga 1 and 2) in an insatsområde, aimed at målbilder,
        with the organisations responsible; `known_organisations` are the
        ids the handler found (the domain loads nothing itself)."""
        self.check_area(area)
        clean = require_code(code)
        new_id = activity_id(self.id, clean)
        if str(new_id) in self.activities:
            raise Duplicate(f"the plan already has an activity {clean}", field="code")
        if len(self.activities) >= MAX_ACTIVITIES:
            raise ValidationFailed(f"a plan has at most {MAX_ACTIVITIES} activities", field="code")
        target_ids, organisation_ids = self._links(targets, organisations, known_organisations)
        self._activity_added(
            activity_id=new_id,
            code=clean,
            title=require_text(title, "title", max_len=500),
            area_id=area,
            description=optional_text(description, "description", max_len=5000),
            target_ids=target_ids,
            organisation_ids=organisation_ids,
            initiative_id=initiative,
            meta=meta,
        )
        return new_id

    @event("ActivityAdded")
    def _activity_added(
        self,
        activity_id: UUID,
        code: str,
        title: str,
        area_id: UUID,
        description: str,
        target_ids: list[str],
        organisation_ids: list[str],
        initiative_id: UUID | None,
        meta: Meta,
    ) -> None:
        self.activities[str(activity_id)] = {
            "code": code,
            "title": title,
            "area_id": str(area_id),
            "description": description,
            "target_ids": target_ids,
            "organisation_ids": organisation_ids,
            "initiative_id": str(initiative_id) if initiative_id else None,
            "perspectives": {},
        }

    def link_activity(
        self,
        activity: UUID,
        *,
        targets: list[UUID],
        organisations: list[UUID],
        known_organisations: set[str],
        meta: Meta,
    ) -> None:
        """Sets the målbilder an activity aims at and who is responsible."""
        part = self.check_activity(activity)
        target_ids, organisation_ids = self._links(targets, organisations, known_organisations)
        if (target_ids, organisation_ids) != (part["target_ids"], part["organisation_ids"]):
            self._activity_linked(
                activity_id=activity,
                target_ids=target_ids,
                organisation_ids=organisation_ids,
                meta=meta,
            )

    @event("ActivityLinked")
    def _activity_linked(
        self, activity_id: UUID, target_ids: list[str], organisation_ids: list[str], meta: Meta
    ) -> None:
        part = self.activities[str(activity_id)]
        self.activities[str(activity_id)] = {
            **part,
            "target_ids": target_ids,
            "organisation_ids": organisation_ids,
        }

    def address_perspective(
        self, activity: UUID, perspective_key: str, how: str | None, *, meta: Meta
    ) -> None:
        """How an activity addresses a perspective (empty: it no longer says)."""
        part = self.check_activity(activity)
        key = perspective(perspective_key)
        clean = optional_text(how, "how", max_len=2000)
        if part["perspectives"].get(key, "") != clean:
            self._perspective_addressed(activity_id=activity, perspective=key, how=clean, meta=meta)

    @event("ActivityPerspectiveAddressed")
    def _perspective_addressed(
        self, activity_id: UUID, perspective: str, how: str, meta: Meta
    ) -> None:
        part = self.activities[str(activity_id)]
        said = {k: v for k, v in part["perspectives"].items() if k != perspective}
        if how:
            said[perspective] = how
        self.activities[str(activity_id)] = {**part, "perspectives": said}

    # -- who takes part in the follow-up -------------------------------------------

    def add_organisation(self, organisation: UUID, *, meta: Meta) -> None:
        if str(organisation) in self.organisations:
            raise Duplicate("the organisation already takes part", field="organisation_id")
        if len(self.organisations) >= MAX_ORGANISATIONS:
            raise ValidationFailed("too many organisations", field="organisation_id")
        self._organisation_joined(organisation_id=organisation, meta=meta)

    @event("OrganisationJoined")
    def _organisation_joined(self, organisation_id: UUID, meta: Meta) -> None:
        self.organisations = [*self.organisations, str(organisation_id)]

    def remove_organisation(self, organisation: UUID, *, meta: Meta) -> None:
        if str(organisation) not in self.organisations:
            raise NotFound("the organisation does not take part", field="organisation_id")
        self._organisation_left(organisation_id=organisation, meta=meta)

    @event("OrganisationLeft")
    def _organisation_left(self, organisation_id: UUID, meta: Meta) -> None:
        self.organisations = [o for o in self.organisations if o != str(organisation_id)]

    # -- the yearly survey -------------------------------------------------------------

    def link_survey(self, survey: UUID, *, meta: Meta) -> None:
        if self.survey_id is not None:
            raise Duplicate("the plan already has its yearly survey", field="plan_id")
        self._survey_linked(survey_id=survey, meta=meta)

    @event("SurveyLinked")
    def _survey_linked(self, survey_id: UUID, meta: Meta) -> None:
        self.survey_id = str(survey_id)

    def record_follow_up(
        self, year: int, round_id: UUID, respondents: dict[str, list[str]], *, meta: Meta
    ) -> None:
        """Who answers the year's survey for which organisation, as sent."""
        if str(year) in self.follow_ups:
            raise InvalidTransition(f"the survey of {year} is already sent", field="year")
        if not any(respondents.values()):
            raise ValidationFailed(
                "no organisation taking part has a contact person", field="organisations"
            )
        self._follow_up_sent(year=year, round_id=round_id, respondents=respondents, meta=meta)

    @event("FollowUpSent")
    def _follow_up_sent(
        self, year: int, round_id: UUID, respondents: dict[str, list[str]], meta: Meta
    ) -> None:
        self.follow_ups = {**self.follow_ups, str(year): respondents}

    # -- narrative -----------------------------------------------------------------------

    def write_narrative(
        self, area: UUID, year: int, parts: dict[str, str | None], *, meta: Meta
    ) -> None:
        """What was done, what effect it had, what comes next: each revision
        is kept (the events); the latest is shown."""
        self.check_area(area)
        if not self.first_year - 1 <= year <= self.last_year + 1:
            raise ValidationFailed("the year is outside the plan's period", field="year")
        key = f"{area}:{year}"
        now = self.narratives.get(key, {})
        clean = {
            name: optional_text(parts.get(name), name, max_len=20_000) for name in NARRATIVE_PARTS
        }
        if not any(clean.values()):
            raise ValidationFailed("write at least one part", field="done")
        if all(now.get(name, "") == clean[name] for name in NARRATIVE_PARTS):
            return
        self._narrative_written(
            area_id=area, year=year, revision=now.get("revision", 0) + 1, **clean, meta=meta
        )

    @event("NarrativeWritten")
    def _narrative_written(
        self,
        area_id: UUID,
        year: int,
        revision: int,
        done: str,
        effect: str,
        next: str,
        meta: Meta,
    ) -> None:
        self.narratives = {
            **self.narratives,
            f"{area_id}:{year}": {
                "done": done,
                "effect": effect,
                "next": next,
                "revision": revision,
            },
        }
