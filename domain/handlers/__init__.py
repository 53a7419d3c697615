"""Command handlers. Importing this package registers all of them."""

from domain.handlers import checkins, funds, meetings, minutes, plan, plans, rsvp  # noqa: F401
from domain.handlers.registry import HANDLERS

__all__ = ["HANDLERS"]
