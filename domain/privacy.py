"""Commands about personal data (the right to be forgotten)."""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID

from domain.commands import OnPerson


class ForgetPerson(OnPerson):
    """Right to be forgotten: the key that opens the person's personal data goes."""


class PersonalDataCodec(Protocol):
    """Seals a person's personal data in stored events and opens it again.

    The domain only names the port; the implementation (per-person keys in a
    key table) is infrastructure, injected by the composition root.
    """

    def seal(self, person_id: UUID, personal: dict[str, Any]) -> dict[str, Any]: ...

    def open(self, person_id: UUID, sealed: dict[str, Any]) -> dict[str, Any]: ...

    def spec(self) -> tuple[str, dict[str, Any]]:
        """(topic of a factory, keyword arguments) that builds an equal codec
        in another process, such as the rebuild worker."""
        ...
