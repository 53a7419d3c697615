"""The words a closed round leaves behind as data: the comment of the health it
reports and the agenda item of its meeting. The domain decides when they are
written; the texts come from the catalogs (services/checkin_words.py), passed
in with the unit of work, so that no display text is composed here."""

from __future__ import annotations

from typing import Any, Protocol

from domain.values import Health


class RoundWords(Protocol):
    def health_comment(self, health: Health, answered: int) -> str:
        """The comment of the health a status round reports."""
        ...

    def agenda_item(self, summary: dict[str, Any]) -> tuple[str, str]:
        """The title and text of the agenda item a round's summary becomes."""
        ...
