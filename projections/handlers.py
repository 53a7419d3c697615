"""Importing this module registers every projection handler on PROJECTION."""

from projections import audit, funds, funds_audit, plan, privacy  # noqa: F401
from projections.framework import PROJECTION

__all__ = ["PROJECTION"]
