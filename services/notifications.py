"""The Notifier port (how the scheduler tells people), and the notifiers that
need no outside service.

Slack and e-mail adapters implement `Notifier`. Every notification carries
an idempotency key (series + occurrence + kind): a notifier that is handed
the same key twice must not deliver twice where it can tell (the file
notifier can; a crash between a Slack post and recording it may repeat it
once, which is the at-least-once end of the bargain).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import structlog

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Addressee:
    person_id: str
    name: str
    # slack | email | none: Slack when the person has a Slack id, else e-mail
    # (the notifier may send it through Teams instead: samverka/notifiers.py).
    channel: str
    email: str | None = None
    slack_user_id: str | None = None
    # The language the person chose (their settings: PreferencesSet); None when
    # they chose none, and each door falls back to its own rule.
    language: str | None = None
    # How the person chose to be reached (auto | slack | email | teams; None: never chose).
    reach: str | None = None


@dataclass(frozen=True)
class OutgoingNotification:
    """What to send. `data` carries what adapters render richly: for an
    invitation the series, its rule in words, the coming occurrences and the
    skipped or moved dates; for a reminder the agenda; for a check-in the
    round id and its questions."""

    key: str
    kind: str  # invitation | reminder | checkin-open | checkin-reminder | round-summary | ...
    subject: str
    text: str
    recipients: tuple[Addressee, ...]
    data: dict[str, Any] = field(default_factory=dict)
    slack_channel: str | None = None
    # A Teams channel's conversation id (the series' `teams_channel`).
    teams_channel: str | None = None


class Notifier(Protocol):
    def send(self, notification: OutgoingNotification) -> dict[str, str]:
        """Delivers to every recipient; returns person id -> channel used.

        Raises DeliveryIncomplete when some recipients were reached and others
        were not, and any other exception when nothing was delivered (the
        dispatcher then tries again later).
        """


class DeliveryIncomplete(Exception):
    """Some recipients were reached; others failed for now or for good."""

    def __init__(
        self,
        delivered: dict[str, str],
        *,
        unreachable: dict[str, str] | None = None,
        failed: dict[str, str] | None = None,
    ) -> None:
        self.delivered = delivered  # person id -> channel
        self.unreachable = unreachable or {}  # person id -> reason (permanent: not retried)
        self.failed = failed or {}  # person id -> error (transient: retried later)
        super().__init__(
            f"{len(self.delivered)} reached, {len(self.unreachable)} unreachable, "
            f"{len(self.failed)} to retry"
        )


class RoutingNotifier:
    """Sends each recipient's part through the notifier of their channel.

    `routes` maps a channel ("slack", "email") to the notifier that speaks it;
    recipients whose channel has no route go to `fallback` (the file notifier
    when nothing is configured). A Slack channel post (`slack_channel`) goes to
    the Slack route even when no recipient is on Slack, a Teams one
    (`teams_channel`) to the Teams route. `prefer(addressee)` may name another
    route for a person than the domain's channel (Teams, for a person linked
    to a Teams user the bot can write to).
    """

    def __init__(
        self,
        routes: dict[str, Notifier],
        fallback: Notifier,
        prefer: Callable[[Addressee], str | None] | None = None,
    ) -> None:
        self.routes = routes
        self.fallback = fallback
        self.prefer = prefer

    def _route(self, addressee: Addressee) -> Notifier:
        preferred = self.prefer(addressee) if self.prefer is not None else None
        if preferred is not None and preferred in self.routes:
            return self.routes[preferred]
        notifier = self.routes.get(addressee.channel)
        if notifier is None and addressee.email and "email" in self.routes:
            return self.routes["email"]
        return notifier or self.fallback

    def send(self, notification: OutgoingNotification) -> dict[str, str]:
        groups: dict[int, tuple[Notifier, list[Addressee]]] = {}
        for addressee in notification.recipients:
            notifier = self._route(addressee)
            groups.setdefault(id(notifier), (notifier, []))[1].append(addressee)
        slack = self.routes.get("slack")
        if notification.slack_channel and slack is not None and id(slack) not in groups:
            groups[id(slack)] = (slack, [])
        teams = self.routes.get("teams")
        if notification.teams_channel and teams is not None and id(teams) not in groups:
            groups[id(teams)] = (teams, [])
        if not groups:
            return self.fallback.send(notification)
        delivered: dict[str, str] = {}
        unreachable: dict[str, str] = {}
        failed: dict[str, str] = {}
        for notifier, addressees in groups.values():
            part = replace(notification, recipients=tuple(addressees))
            try:
                delivered.update(notifier.send(part))
            except DeliveryIncomplete as partial:
                delivered.update(partial.delivered)
                unreachable.update(partial.unreachable)
                failed.update(partial.failed)
            except Exception as error:
                log.warning("notify.route_failed", key=notification.key, error=str(error))
                failed.update({a.person_id: str(error)[:300] for a in addressees})
        if unreachable or failed:
            raise DeliveryIncomplete(delivered, unreachable=unreachable, failed=failed)
        return delivered


class FileNotifier:
    """Writes each notification as one JSON line to `folder/outbox.jsonl`.

    The default until the Slack and e-mail adapters exist: `make run` shows
    what would be sent. A key already in the file is not written again.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / "outbox.jsonl"
        self._keys: set[str] | None = None
        self._lock = threading.Lock()

    def _known(self) -> set[str]:
        if self._keys is None:
            self._keys = set()
            if self.path.exists():
                for line in self.path.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        self._keys.add(json.loads(line)["key"])
        return self._keys

    def send(self, notification: OutgoingNotification) -> dict[str, str]:
        channels = {a.person_id: a.channel for a in notification.recipients}
        with self._lock:
            if notification.key in self._known():
                log.info("notify.already_sent", key=notification.key)
                return channels
            self.path.parent.mkdir(parents=True, exist_ok=True)
            line = json.dumps(asdict(notification), ensure_ascii=False, sort_keys=True)
            with self.path.open("a", encoding="utf-8") as stream:
                stream.write(line + "\n")
            self._known().add(notification.key)
        log.info(
            "notify.sent",
            key=notification.key,
            kind=notification.kind,
            recipients=len(notification.recipients),
            subject=notification.subject,
        )
        return channels


class FakeNotifier:
    """Records what it was asked to send (for tests); can be told to fail."""

    def __init__(self) -> None:
        self.sent: list[OutgoingNotification] = []
        self.fail_with: Exception | None = None
        self._lock = threading.Lock()

    def send(self, notification: OutgoingNotification) -> dict[str, str]:
        with self._lock:
            if self.fail_with is not None:
                raise self.fail_with
            self.sent.append(notification)
        return {a.person_id: a.channel for a in notification.recipients}

    def sent_keys(self) -> list[str]:
        return [n.key for n in self.sent]

    def of_kind(self, kind: str) -> list[OutgoingNotification]:
        return [n for n in self.sent if n.kind == kind]
