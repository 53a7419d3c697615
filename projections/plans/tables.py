"""Read tables of plans and organisations. A plan's parts (målbilder,
directions, insatsområden) share one table, told apart by `kind`."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text

from projections.tables import (
    ID,
    POSITION,
    WHEN,
    by_whom,
    clustered,
    entity,
    history,
    key,
    links,
    optional,
    required,
    stamped,
)

organisations = entity(
    "organisations",
    *required(code=String(32), name=Text, kind=String(16), county=Text),
    *optional(area_code=String(4), parent_id=ID, arena_id=ID),
    *stamped("created_at", "updated_at"),
    Index("ix_organisations_county", "county", "kind"),
)

organisation_members = links(
    "organisation_members",
    "organisation_id",
    "person_id",
    *required(contact=Boolean),
)

plans = entity(
    "plans",
    *required(code=String(32), title=Text, scope=String(16), county=Text, goal=Text, purpose=Text),
    *required(first_year=Integer, last_year=Integer),
    *optional(arena_id=ID, survey_id=ID),
    *stamped("created_at", "updated_at"),
)

# kind: target (målbild), direction, area (insatsområde). `questions` of an
# area: {number: {text, kind, perspective}}.
plan_parts = clustered(
    "plan_parts",
    *key(plan_id=ID, part_id=ID),
    *required(kind=String(16), code=String(32), title=Text, description=Text),
    *optional(direction_id=ID),
    *required(challenges=JSON, questions=JSON, position=POSITION),
    Index("ix_plan_parts_part", "part_id", unique=True),
)

plan_activities = clustered(
    "plan_activities",
    *key(plan_id=ID, activity_id=ID),
    *required(code=String(32), title=Text, area_id=ID, description=Text, target_ids=JSON),
    *required(organisation_ids=JSON),
    *optional(initiative_id=ID),
    *required(perspectives=JSON),
    Index("ix_plan_activities_area", "area_id"),
)

# scope: "plan" or an insatsområde's id.
plan_perspective_goals = clustered(
    "plan_perspective_goals",
    *key(plan_id=ID, scope=ID, perspective=String(32)),
    *required(goal=Text),
)

plan_organisations = links("plan_organisations", "plan_id", "organisation_id")

# Who answers each year's survey for which organisation, as sent.
plan_follow_ups = clustered(
    "plan_follow_ups",
    *key(plan_id=ID, year=Integer),
    *required(round_id=ID, respondents=JSON, sent_at=WHEN),
)

# Every revision of a narrative; the latest per area and year is shown.
plan_narratives = history(
    "plan_narratives",
    *required(plan_id=ID, area_id=ID, year=Integer, revision=Integer, done=Text, effect=Text),
    *required(next=Text),
    *by_whom(),
    *required(recorded_at=WHEN),
    Index("ix_plan_narratives_area", "plan_id", "area_id", "year"),
)

PLANS_TABLES = (
    organisations,
    organisation_members,
    plans,
    plan_parts,
    plan_activities,
    plan_perspective_goals,
    plan_organisations,
    plan_follow_ups,
    plan_narratives,
)
