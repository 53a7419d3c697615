"""Microsoft Graph as the mail transport, against a local fake of Graph
(tests/graph_fake.py) that checks every token at the fake token endpoint
MSAL gets it from: sendMail with MIME (an invitation arrives byte for byte),
replies read by delta query and marked read only after they are processed,
429 with Retry-After, and a token that runs out in the middle of a run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.policy import SMTP

import pytest

from adapters.email.graph import GraphClient, GraphReader, GraphTransport
from adapters.email.inbound import Outcome, Status
from adapters.email.oauth import ENTRA, OAuthConfig, TokenSources
from adapters.email.transport import AuthFailed, Permanent
from domain import commands as c
from samverka.bootstrap import Container
from scheduler.config import SchedulerConfig
from scheduler.dispatch import Dispatcher
from scheduler.jobs import JobRunner
from services.notifications import FakeNotifier, RoutingNotifier
from tests.clock import FixedClock
from tests.graph_fake import FakeGraph, fake_graph
from tests.integration.meeting_scenario import seed_series
from tests.integration.scenario import meta
from tests.integration.test_email_outbound import calendar_of, mailer
from tests.integration.test_mail_oauth_smtp import _queue, _row
from tests.mail_inbound_fixtures import build_world, quoted, reply_mail
from tests.oauth_fixtures import CLIENT_ID, CLIENT_SECRET, MAILBOX, IdentityProvider, idp

__all__ = ["idp"]  # the fixture used here

ANNA = "anna.jonsson@example.se"


@pytest.fixture
def graph(idp: IdentityProvider) -> Iterator[FakeGraph]:
    with fake_graph(idp) as fake:
        yield fake


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(idp: IdentityProvider, graph: FakeGraph, sleep: Sleeps | None = None) -> GraphClient:
    config = OAuthConfig(
        provider=ENTRA,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        scope="https://graph.microsoft.com/.default",
        authority=idp.authority,
    )
    return GraphClient(
        graph.url,
        MAILBOX,
        TokenSources(config)(MAILBOX),
        sleep=Sleeps() if sleep is None else sleep,
    )


def _invitation() -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Samverka <{MAILBOX}>"
    message["To"] = f"Anna Jonsson <{ANNA}>"
    message["Subject"] = "Inbjudan: Öppet samordningsmöte"
    message["Message-ID"] = "<graph-test@region.test>"
    message.set_content("Välkommen.")
    ical = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Öppet samordningsmöte\r\nEND:VCALENDAR\r\n"
    message.add_alternative(ical, subtype="calendar", params={"method": "REQUEST"})
    return message


def test_send_mail_carries_the_exact_mime(idp: IdentityProvider, graph: FakeGraph) -> None:
    message = _invitation()
    GraphTransport(client(idp, graph)).open().deliver(message, ANNA)
    assert graph.sent == [message.as_bytes(policy=SMTP)]  # byte for byte
    assert [call[:2] for call in graph.calls] == [("POST", f"/v1.0/users/{MAILBOX}/sendMail")]


def test_invitations_go_out_through_the_dispatcher(
    container: Container, idp: IdentityProvider, graph: FakeGraph
) -> None:
    s = seed_series(container.app, starts_on=date(2026, 12, 10), weekday=3)
    clock = FixedClock(datetime(2026, 11, 30, 9, tzinfo=UTC))
    transport = GraphTransport(client(idp, graph))
    routes = RoutingNotifier(
        {"email": mailer(container, transport, clock)}, fallback=FakeNotifier()
    )
    app, engines, projector, cfg = (
        container.app,
        container.engines,
        container.projector,
        SchedulerConfig(),
    )
    runner = JobRunner(app, engines, projector, clock.now, cfg)
    dispatcher = Dispatcher(app, engines, projector, routes, clock.now, cfg)
    assert runner.run(f"series:{s.series}:invite:r1") == "queued"
    dispatcher.run_once()
    import email
    import email.policy

    received = [email.message_from_bytes(raw, policy=email.policy.default) for raw in graph.sent]
    to_anna = [m for m in received if ANNA in str(m["To"])]
    assert len(to_anna) == 1
    method, cal = calendar_of(to_anna[0])  # type: ignore[arg-type]
    assert method == "REQUEST" and cal["METHOD"] == "REQUEST"


def test_throttling_waits_as_retry_after_says(idp: IdentityProvider, graph: FakeGraph) -> None:
    sleeps = Sleeps()
    graph.throttle(2, "7")
    GraphTransport(client(idp, graph, sleeps)).open().deliver(_invitation(), ANNA)
    assert sleeps == [7.0, 7.0] and len(graph.sent) == 1
    assert [status for *_, status in graph.calls] == [429, 429, 202]


def test_a_token_that_runs_out_mid_run_is_renewed_once(
    idp: IdentityProvider, graph: FakeGraph
) -> None:
    session = GraphTransport(client(idp, graph)).open()
    session.deliver(_invitation(), ANNA)
    graph.expire_after(0)
    session.deliver(_invitation(), ANNA)
    assert len(graph.sent) == 2 and len(idp.issued) == 2
    assert [status for *_, status in graph.calls] == [202, 401, 202]


def test_no_permission_is_an_auth_failure_recorded_on_the_notification(
    container: Container, idp: IdentityProvider, graph: FakeGraph
) -> None:
    graph.forbid = True
    clock = FixedClock(datetime(2026, 11, 30, 9, tzinfo=UTC))
    transport = GraphTransport(client(idp, graph))
    routes = RoutingNotifier(
        {"email": mailer(container, transport, clock)}, fallback=FakeNotifier()
    )
    cfg = SchedulerConfig()
    dispatcher = Dispatcher(
        container.app, container.engines, container.projector, routes, clock.now, cfg
    )
    karin = container.app.execute(
        c.RegisterPerson(name="Karin Ok", email="karin@example.se"), meta()
    ).aggregate_id
    key = _queue(container, "series:demo:evaluate", [karin])
    assert dispatcher.run_once() == 0
    row = _row(container, key)
    assert row["state"] == "queued" and row["unreachable"] == {}
    assert "403 ErrorAccessDenied" in str(row["last_error"])
    graph.forbid = False
    assert dispatcher.run_once() == 1 and len(graph.sent) == 1


def test_a_bad_message_is_permanent_and_a_wrong_mailbox_is_not(
    idp: IdentityProvider, graph: FakeGraph
) -> None:
    c = client(idp, graph)
    with pytest.raises(Permanent, match="400"):
        c.call("POST", c.url("/sendMail"), content=b"not base64 !", headers={})
    c.mailbox = "someone.else@region.test"
    with pytest.raises(AuthFailed, match="ErrorInvalidUser"):
        GraphTransport(c).open().deliver(_invitation(), ANNA)


def test_replies_are_read_by_delta_and_marked_read_after_processing(
    container: Container, idp: IdentityProvider, graph: FakeGraph
) -> None:
    world = build_world(container)
    first = graph.deliver(
        bytes(reply_mail(world.address(), quoted("outlook", "risk\nFå anmälda.")))
    )
    graph.deliver(bytes(reply_mail(world.address("c", world.single_round), "blockerad")))
    graph.deliver(bytes(reply_mail(world.address(), "Kanske")))
    reader = GraphReader(client(idp, graph), "inbox")
    inbound = world.inbound()

    class Crashing:
        """The process dies while the second message is processed."""

        def __init__(self) -> None:
            self.seen = 0

        def process(self, raw: bytes) -> Outcome:
            self.seen += 1
            if self.seen == 2:
                raise RuntimeError("the process stopped")
            return inbound.process(raw)

    with pytest.raises(RuntimeError):
        reader.poll_once(Crashing())  # type: ignore[arg-type]
    assert [m.is_read for m in graph.messages] == [True, False, False]
    assert first.is_read

    graph.expire_after(1)  # the token runs out during the next run
    outcomes: list[Outcome] = []
    fresh = GraphReader(reader.client, "inbox")  # a restarted process: a full pass
    assert fresh.poll_once(inbound, outcomes.append) == 2
    assert [o.status for o in outcomes] == [Status.RECORDED, Status.HELP]
    assert graph.unread() == [] and len(idp.issued) == 2
    [row] = world.answers()
    assert row["answers"] == {"health": "at-risk", "progress": "Få anmälda."}
    assert [r["answers"] for r in world.answers(world.single_round)] == [{"health": "blocked"}]

    # Later polls ask only for what changed: nothing new, then one new reply.
    assert fresh.poll_once(inbound) == 0 and fresh.delta_link is not None
    graph.deliver(bytes(reply_mail(world.address("c", world.single_round), "risk")))
    assert fresh.poll_once(inbound) == 1 and graph.unread() == []


def test_the_folder_is_read_in_pages(
    container: Container, idp: IdentityProvider, graph: FakeGraph
) -> None:

    world = build_world(container)
    for n in range(120):  # more than two pages of 50
        graph.deliver(bytes(reply_mail(world.address(), "Kanske", subject=f"SV: {n}")))
    reader = GraphReader(client(idp, graph), "inbox")
    assert reader.poll_once(world.inbound()) == 120
    deltas = [path for method, path, _ in graph.calls if path.endswith("/delta")]
    assert len(deltas) == 3 and graph.unread() == []


def test_reading_a_missing_folder_says_so(idp: IdentityProvider, graph: FakeGraph) -> None:
    with pytest.raises(AuthFailed, match="ErrorItemNotFound"):
        GraphReader(client(idp, graph), "Svar").folder_info()
    assert GraphReader(client(idp, graph), "inbox").folder_info()["displayName"] == "Inkorgen"
