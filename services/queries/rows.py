"""The read tables whose rows the query facades answer with, by name, for a
front door that describes those rows (the HTTP door's response models are
built from these columns: adapters/http/models_derived.py). Nothing here reads."""

from __future__ import annotations

from projections.funds.tables import fund_agreements, fund_entries, fund_grants, fund_reports
from projections.indicators.tables import indicator_value_history, indicators
from projections.meetings.tables import (
    action_items,
    checkin_recipients,
    checkin_rounds,
    meeting_series,
    meetings,
    notifications,
)
from projections.plans.tables import organisations, plan_narratives, plans
from projections.tables import arenas, audit_trail, decisions, initiatives, persons

__all__ = [
    "action_items",
    "arenas",
    "audit_trail",
    "checkin_recipients",
    "checkin_rounds",
    "decisions",
    "fund_agreements",
    "fund_entries",
    "fund_grants",
    "fund_reports",
    "indicator_value_history",
    "indicators",
    "initiatives",
    "meeting_series",
    "meetings",
    "notifications",
    "organisations",
    "persons",
    "plan_narratives",
    "plans",
]
