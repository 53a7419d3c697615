"""The words a round keeps as data: the title of a status round, and what its
closing leaves (the comment of the health it reports, the agenda item of its
meeting). The domain decides when they are
written; the texts come from the catalogs (services/checkin_words.py), passed
in with the unit of work, so that no display text is composed here."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from domain.values import Health


class RoundWords(Protocol):
    def status_round_title(self, series_title: str, day: date) -> str:
        """The title of the status round before a meeting of a series."""
        ...

    def health_comment(self, health: Health, answered: int) -> str:
        """The comment of the health a status round reports."""
        ...

    def agenda_item(self, summary: dict[str, Any]) -> tuple[str, str]:
        """The title and text of the agenda item a round's summary becomes."""
        ...
