"""Command handlers. Importing this package registers all of them."""

from domain.handlers import (  # noqa: F401
    checkins,
    funds,
    indicators,
    meetings,
    minutes,
    plan,
    plans,
    rsvp,
)
from domain.handlers.registry import HANDLERS

__all__ = ["HANDLERS"]
