"""The composition root with OAuth settings: the container's notifier (what
`serve` and `scheduler` run) sends through SMTP with XOAUTH2 or through
Graph, and the inbound pipeline's answers go the same way, all from the
settings alone (samverka/mail_transport.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from samverka.bootstrap import bootstrap
from samverka.mail import inbound_for
from samverka.settings import Settings
from samverka.settings_mail import MailOAuthSettings
from tests.clock import FixedClock
from tests.graph_fake import FakeGraph, fake_graph
from tests.integration.test_email_outbound import _notification
from tests.mail_fixtures import MailServer
from tests.mail_inbound_fixtures import STRONG_SECRET, build_world, reply_mail
from tests.oauth_fixtures import (
    CLIENT_ID,
    CLIENT_SECRET,
    MAILBOX,
    IdentityProvider,
    XOAuth2Handler,
    idp,
    xoauth2_smtp_server,
)

__all__ = ["idp"]  # the fixture used here

MOMENT = datetime(2026, 11, 30, 9, tzinfo=UTC)


def oauth(idp: IdentityProvider) -> MailOAuthSettings:
    return MailOAuthSettings(
        provider="entra",
        authority=idp.authority,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    )


def test_the_containers_notifier_sends_with_xoauth2(
    settings: Settings, idp: IdentityProvider
) -> None:
    server: MailServer
    handler: XOAuth2Handler
    with xoauth2_smtp_server(idp) as (server, handler):
        url = f"smtp://{MAILBOX.replace('@', '%40')}@127.0.0.1:{server.port}?auth=xoauth2"
        mail = settings.mail.model_copy(
            update={"smtp_url": url, "secret": STRONG_SECRET, "oauth": oauth(idp)}
        )
        k = bootstrap(settings.model_copy(update={"mail": mail}), clock=FixedClock(MOMENT))
        try:
            k.notifier.send(_notification([(str(UUID(int=7)), "p7@example.se")]))
        finally:
            k.close()
    assert [r.recipients for r in server.received] == [["p7@example.se"]]
    assert handler.attempts == [True] and "outlook.office365.com" in idp.issued[0].scope


def test_graph_from_the_settings_sends_and_answers(
    settings: Settings, idp: IdentityProvider, tmp_path: Path
) -> None:

    graph: FakeGraph
    with fake_graph(idp) as graph:
        mail = settings.mail.model_copy(
            update={
                "transport": "graph",
                "graph_mailbox": MAILBOX,
                "graph_url": graph.url,
                "secret": STRONG_SECRET,
                "oauth": oauth(idp),
            }
        )
        k = bootstrap(settings.model_copy(update={"mail": mail}), clock=FixedClock(MOMENT))
        try:
            k.notifier.send(_notification([(str(UUID(int=7)), "p7@example.se")]))
            world = build_world(k)
            # A reply from someone who is not the person: answered, through Graph too.
            inbound_for(k).process(
                bytes(reply_mail(world.address(), "risk", sender="eve@example.org"))
            )
        finally:
            k.close()
    assert len(graph.sent) == 2
    assert b"p7@example.se" in graph.sent[0] and b"eve@example.org" in graph.sent[1]
    assert "graph.microsoft.com/.default" in idp.issued[0].scope
