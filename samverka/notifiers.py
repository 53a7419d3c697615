"""Which notifier delivers what: the seam where Slack and e-mail plug in.

Each channel adapter contributes a factory that returns its Notifier when it
is configured (and None otherwise); recipients whose channel has no notifier
go to the file notifier, so `make run` still shows everything that would be
sent.
"""

from __future__ import annotations

from pathlib import Path

from samverka.settings import Settings
from scheduler.notifier import FileNotifier, Notifier, RoutingNotifier


def slack_notifier(settings: Settings) -> Notifier | None:
    """The Slack front door (issue 4) returns its notifier here when configured."""
    return None


def email_notifier(settings: Settings) -> Notifier | None:
    """The e-mail front door (issue 5) returns its notifier here."""
    return None


def build_notifier(settings: Settings) -> Notifier:
    routes: dict[str, Notifier] = {}
    if (slack := slack_notifier(settings)) is not None:
        routes["slack"] = slack
    if (email := email_notifier(settings)) is not None:
        routes["email"] = email
    return RoutingNotifier(routes, fallback=FileNotifier(Path(settings.outbox_dir)))
