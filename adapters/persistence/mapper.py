"""Event (de)serialisation: the library's JSON format, decoded faster.

Stored bytes are exactly what eventsourcing's JSONTranscoder writes, so the
library (and any other reader) can still decode them. Reading parses with
orjson and turns the `{"_type_": ..., "_data_": ...}` objects back into
values in one pass, which matters when millions of events are replayed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    Cipher,
    Compressor,
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
    Transcoding,
    UUIDAsHex,
)
from eventsourcing.utils import get_topic, resolve_topic

from domain.privacy import PersonalDataCodec


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def samverka_transcoder() -> FastJSONTranscoder:
    """The transcoder of Samverka's events, with every transcoding they use."""
    transcoder = FastJSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)
    return transcoder


class FastJSONTranscoder(JSONTranscoder):
    def decode(self, data: bytes) -> Any:
        return self.decode_stamped(data)[0]

    def decode_stamped(self, data: bytes) -> tuple[Any, str | None]:
        """The decoded state, and its timestamp as stored (ISO 8601 text) when
        that was found on the way: a replay then need not format it again."""
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError:
            # orjson refuses what json accepts in rare cases (huge integers).
            return super().decode(data), None
        if type(parsed) is dict and data.count(b'"_type_"') == 1:
            # Most events carry one typed value, their timestamp. When the one
            # marker is the timestamp's, nothing else needs the walk. A marker
            # inside a string is escaped (\"_type_\") and does not count; a
            # string that is exactly "_type_" does, and takes the long way.
            stamp = parsed.get("timestamp")
            if type(stamp) is dict and len(stamp) == 2 and "_data_" in stamp:
                kind, text = stamp.get("_type_"), stamp["_data_"]
                if kind in self.names and type(text) is str:
                    parsed["timestamp"] = self.names[kind].decode(text)
                    return parsed, text if kind == DatetimeAsISO.name else None
        return self._revive(parsed), None

    def _revive(self, value: Any) -> Any:
        if type(value) is dict:
            return self._revive_dict(value)
        if type(value) is list:
            return self._revive_list(value)
        return value

    def _revive_dict(self, value: dict[str, Any]) -> Any:
        type_name = value.get("_type_")
        if type_name is not None and len(value) == 2 and "_data_" in value:
            return self.names[type_name].decode(self._revive(value["_data_"]))
        for key, item in value.items():
            kind = type(item)
            if kind is dict:
                value[key] = self._revive_dict(item)
            elif kind is list:
                value[key] = self._revive_list(item)
        return value

    def _revive_list(self, items: list[Any]) -> list[Any]:
        return [self._revive(item) for item in items]


_NUL = b"\\u0000"  # how the JSON of a stored event writes a NUL character


def without_nul(value: Any) -> Any:
    """`value` with every NUL character in its strings replaced by U+FFFD.

    Events stored before text was checked for control characters may hold
    NUL, which PostgreSQL text cannot store: read models get the replacement
    character, while the stored event (and its hash) stays as it is."""
    kind = type(value)
    if kind is str:
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if kind is dict:
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    if kind is list:
        return [without_nul(v) for v in value]
    if kind is tuple:
        return tuple(without_nul(v) for v in value)
    return value


def mapper_from_spec(personal: tuple[str, dict[str, Any]] | None) -> SamverkaMapper:
    """The mapper `SamverkaMapper.spec` describes (in another process)."""
    codec = resolve_topic(personal[0])(**personal[1]) if personal else None
    return SamverkaMapper(transcoder=samverka_transcoder(), personal=codec)


class SamverkaMapper(Mapper[UUID]):
    """The library's mapper, with a direct path from stored parts to an event.

    With a `personal` codec, an event's `personal` field (a person's name,
    e-mail and Slack id) is sealed before it is stored and opened when read;
    the codec and its keys are infrastructure, injected by the composition root.
    """

    def __init__(
        self,
        transcoder: Transcoder,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
        personal: PersonalDataCodec | None = None,
    ) -> None:
        super().__init__(transcoder, compressor, cipher)
        self.personal = personal
        self._decode_stamped: Callable[[bytes], tuple[Any, str | None]] = (
            transcoder.decode_stamped
            if isinstance(transcoder, FastJSONTranscoder)
            else lambda data: (transcoder.decode(data), None)
        )

    def spec(self) -> tuple[str, dict[str, Any]]:
        """How another process (the rebuild's worker) builds the same mapper."""
        personal = self.personal.spec() if self.personal is not None else None
        return f"{__name__}:mapper_from_spec", {"personal": personal}

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        state = vars(domain_event)
        if self.personal is None or "personal" not in state:
            return super().to_stored_event(domain_event)
        event_state = dict(state)
        originator_id = event_state.pop("originator_id")
        originator_version = event_state.pop("originator_version")
        event_state["personal"] = self.personal.seal(originator_id, event_state["personal"])
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            event_state["class_version"] = class_version
        stored_state = self.transcoder.encode(event_state)
        if self.compressor:
            stored_state = self.compressor.compress(stored_state)
        if self.cipher:
            stored_state = self.cipher.encrypt(stored_state)
        return StoredEvent(
            originator_id, originator_version, get_topic(type(domain_event)), stored_state
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        originator_id = stored_event.originator_id
        if not isinstance(originator_id, UUID):
            return super().to_domain_event(stored_event)
        return self.event_from_parts(
            stored_event.topic, originator_id, stored_event.originator_version, stored_event.state
        )

    def event_from_parts(
        self, topic: str, originator_id: UUID, version: int, state: bytes
    ) -> DomainEventProtocol[UUID]:
        return self.event_and_time(topic, originator_id, version, state)[0]

    def event_and_time(
        self, topic: str, originator_id: UUID, version: int, state: bytes
    ) -> tuple[DomainEventProtocol[UUID], str | None]:
        """The event, and its timestamp as stored when the transcoder has it
        (`event.timestamp.isoformat()` gives the same text, more slowly)."""
        cls = resolve_topic(topic)
        if (
            self.cipher is not None
            or self.compressor is not None
            or getattr(cls, "class_version", 1) > 1
        ):
            stored = StoredEvent(originator_id, version, topic, state)
            return self._opened(super().to_domain_event(stored)), None
        try:
            event_state, at = self._decode_stamped(state)
        except Exception as error:
            raise MapperDeserialisationError(
                f"cannot decode {topic} {originator_id} v{version}: {error}"
            ) from error
        if "class_version" in event_state:  # written by a newer class: let the library upcast
            stored = StoredEvent(originator_id, version, topic, state)
            return self._opened(super().to_domain_event(stored)), None
        if _NUL in state:
            event_state = without_nul(event_state)
        if self.personal is not None and "personal" in event_state:
            event_state["personal"] = without_nul(
                self.personal.open(originator_id, event_state["personal"])
            )
        event_state["originator_id"] = originator_id
        event_state["originator_version"] = version
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", event_state)
        return event, at

    def _opened(self, event: DomainEventProtocol[UUID]) -> DomainEventProtocol[UUID]:
        state = vars(event)
        if self.personal is not None and "personal" in state:
            state["personal"] = self.personal.open(event.originator_id, state["personal"])
        cleaned = without_nul(state)
        if cleaned != state:
            object.__setattr__(event, "__dict__", cleaned)
        return event
