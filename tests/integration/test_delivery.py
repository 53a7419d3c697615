"""Delivering through several channels: partial outcomes are recorded, only the
rest is retried, and who could not be reached is visible."""

from __future__ import annotations

from datetime import UTC, datetime

from domain import commands as c
from domain.meetings import commands as m
from projections.meetings import queries as mq
from samverka.bootstrap import Container
from scheduler.config import SchedulerConfig
from scheduler.dispatch import Dispatcher
from services.notifications import (
    Addressee,
    DeliveryIncomplete,
    FakeNotifier,
    OutgoingNotification,
    RoutingNotifier,
)
from tests.clock import FixedClock
from tests.integration.scenario import meta


class FlakyMail:
    """An e-mail route: one address bounces for good, another fails once."""

    def __init__(self, bounces: str, flaky: str) -> None:
        self.bounces, self.flaky = bounces, flaky
        self.sent: list[tuple[str, str]] = []
        self.failed_once = False

    def send(self, n: OutgoingNotification) -> dict[str, str]:
        delivered, unreachable, failed = {}, {}, {}
        for a in n.recipients:
            if a.person_id == self.bounces:
                unreachable[a.person_id] = "550 no such mailbox"
            elif a.person_id == self.flaky and not self.failed_once:
                self.failed_once = True
                failed[a.person_id] = "421 try again later"
            else:
                delivered[a.person_id] = "email"
                self.sent.append((n.key, a.person_id))
        if unreachable or failed:
            raise DeliveryIncomplete(delivered, unreachable=unreachable, failed=failed)
        return delivered


def test_partial_delivery_is_recorded_and_only_the_rest_retried(container: Container) -> None:
    app = container.app
    ids = [
        app.execute(
            c.RegisterPerson(
                name=name, email=f"{name.split()[0].lower()}@example.se", slack_user_id=slack
            ),
            meta(),
        ).aggregate_id
        for name, slack in [
            ("Anna Jonsson", "U0ANNA"),
            ("Karin Althen", None),
            ("Åsa Sandler", None),
            ("Emma Dahlson", None),
        ]
    ]
    anna, karin, asa, emma = (str(i) for i in ids)
    app.execute(
        m.QueueNotification(
            key="test:1",
            kind="reminder",
            person_ids=list(ids),
            subject="Påminnelse",
            text="Möte i morgon",
        ),
        meta(),
    )
    slack, mail, files = FakeNotifier(), FlakyMail(bounces=asa, flaky=emma), FakeNotifier()
    router = RoutingNotifier({"slack": slack, "email": mail}, fallback=files)  # type: ignore[dict-item]
    dispatcher = Dispatcher(
        app,
        container.engines,
        container.projector,
        router,
        FixedClock(datetime(2026, 9, 1, tzinfo=UTC)).now,
        SchedulerConfig(),
    )

    assert dispatcher.run_once() == 1
    assert [a.person_id for n in slack.sent for a in n.recipients] == [anna]
    assert mail.sent == [("test:1", karin)]
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        row = next(r for r in mq.notifications(conn) if r["key"] == "test:1")
    assert row["state"] == "queued" and row["attempts"] == 1
    assert row["channels"] == {anna: "slack", karin: "email"}
    assert row["unreachable"] == {asa: "550 no such mailbox"}

    # The retry goes to Emma only: nobody gets the reminder twice.
    assert dispatcher.run_once() == 1
    assert mail.sent == [("test:1", karin), ("test:1", emma)]
    assert len(slack.sent) == 1 and files.sent == []
    container.projector.catch_up()
    with container.engines.read.connect() as conn:
        row = next(r for r in mq.notifications(conn) if r["key"] == "test:1")
    assert row["state"] == "sent"
    assert row["channels"] == {anna: "slack", karin: "email", emma: "email"}
    assert row["unreachable"] == {asa: "550 no such mailbox"}


def test_a_channel_without_a_notifier_falls_back_to_the_file_notifier() -> None:
    files, mail = FakeNotifier(), FakeNotifier()
    router = RoutingNotifier({"email": mail}, fallback=files)
    people = (
        Addressee("p1", "Anna", "slack", email="anna@example.se", slack_user_id="U0ANNA"),
        Addressee("p2", "Bengt", "slack", slack_user_id="U0BENGT"),
        Addressee("p3", "Karin", "none"),
    )
    got = router.send(
        OutgoingNotification(key="k", kind="reminder", subject="s", text="t", recipients=people)
    )
    assert got == {"p1": "slack", "p2": "slack", "p3": "none"}
    assert [a.person_id for a in mail.sent[0].recipients] == [
        "p1"
    ]  # Slack not set up: e-mail instead
    assert [a.person_id for a in files.sent[0].recipients] == ["p2", "p3"]
