"""`mail poll` with XOAUTH2: a real IMAP server (pymap) that offers only
XOAUTH2 and checks every bearer token at a local fake token endpoint
(tests/pymap_oauth.py, tests/oauth_fixtures.py); the token comes through MSAL
as for Exchange Online. The round trip from a mailed prompt's reply to a
recorded check-in answer, in-process and as `samverka mail poll --once`, on
SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from imap_tools import AND, MailBoxUnencrypted
from imap_tools.errors import MailboxLoginError

from adapters.email.inbound import Status
from adapters.email.oauth import ENTRA, OAuthConfig, TokenSources
from adapters.email.poll import ImapTarget, connect, poll_once
from adapters.email.transport import AuthFailed
from samverka.bootstrap import Container, SystemClock, bootstrap
from samverka.settings import Settings
from tests.mail_inbound_fixtures import (
    STRONG_SECRET,
    MailWorld,
    build_world,
    pymap_oauth_server,
    quoted,
    reply_mail,
)
from tests.oauth_fixtures import CLIENT_ID, CLIENT_SECRET, MAILBOX, IdentityProvider, idp

__all__ = ["idp"]  # the fixture used here


@pytest.fixture
def imap(idp: IdentityProvider) -> Iterator[ImapTarget]:
    with pymap_oauth_server(MAILBOX, f"{idp.base}/introspect") as target:
        yield target


def tokens_for(idp: IdentityProvider) -> TokenSources:
    return TokenSources(
        OAuthConfig(
            provider=ENTRA,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            scope="https://outlook.office365.com/.default",
            authority=idp.authority,
        )
    )


def deliver(imap: ImapTarget, tokens: TokenSources, *mails: object) -> None:
    """Puts replies in the mailbox as the mail server would (over XOAUTH2 too)."""
    with connect(imap, tokens=tokens(imap.user)) as box:
        for mail in mails:
            box.append(bytes(mail), "INBOX", flag_set=())  # type: ignore[call-overload]


def test_poll_signs_in_with_a_token_and_records_replies(
    container: Container, idp: IdentityProvider, imap: ImapTarget
) -> None:
    world = build_world(container)
    tokens = tokens_for(idp)
    deliver(
        imap,
        tokens,
        reply_mail(world.address(), quoted("outlook", "risk\nFå anmälda.")),
        reply_mail(world.address(), "Kanske"),
    )
    outcomes: list[object] = []
    mine = tokens(imap.user)
    assert poll_once(world.inbound(), imap, on_outcome=outcomes.append, tokens=mine) == 2
    assert [getattr(o, "status", None) for o in outcomes] == [Status.RECORDED, Status.HELP]
    [row] = world.answers()
    assert row["answers"] == {"health": "at-risk", "progress": "Få anmälda."}
    assert row["channel"] == "email"

    # The token runs out between polls: the server refuses it, one new token, read on.
    idp.expire_all()
    deliver(imap, tokens, reply_mail(world.address("c", world.single_round), "blockerad"))
    assert poll_once(world.inbound(), imap, tokens=mine) == 1
    assert [r["answers"] for r in world.answers(world.single_round)] == [{"health": "blocked"}]
    assert poll_once(world.inbound(), imap, tokens=mine) == 0  # all \\Seen
    with connect(imap, tokens=mine) as box:
        assert box.uids(AND(seen=False)) == [] and len(box.uids(AND(seen=True))) == 3


def test_a_password_is_not_accepted_and_a_refused_client_is_said_in_words(
    idp: IdentityProvider, imap: ImapTarget
) -> None:
    with pytest.raises(MailboxLoginError):
        MailBoxUnencrypted(imap.host, imap.port).login(imap.user, "not-used-by-xoauth2")
    idp.refuse = True
    with pytest.raises(AuthFailed, match="invalid_client"):
        connect(imap, tokens=tokens_for(idp)(imap.user))


def test_mail_poll_once_as_its_own_process_with_entra(
    settings: Settings, idp: IdentityProvider, imap: ImapTarget, tmp_path: Path
) -> None:
    """`samverka mail poll --once` as deployed, configured only through the
    environment, on the same database as everything else (machine clock:
    the round is open from an hour ago for three days)."""
    from tests.e2e.processes import SCRIPT, env_for

    k = bootstrap(
        settings.model_copy(
            update={"mail": settings.mail.model_copy(update={"secret": STRONG_SECRET})}
        ),
        clock=SystemClock(),
    )
    try:
        world: MailWorld = build_world(k)
        deliver(imap, tokens_for(idp), reply_mail(world.address(), quoted("gmail", "på spår")))
        env = env_for(
            k.settings.database_url,
            SAMVERKA_OUTBOX_DIR=str(tmp_path / "outbox"),
            SAMVERKA_MAIL_SECRET=STRONG_SECRET,
            IMAP_URL=f"imap://{imap.user.replace('@', '%40')}@{imap.host}:{imap.port}/INBOX?auth=xoauth2",
            SAMVERKA_MAIL_OAUTH_PROVIDER="entra",
            SAMVERKA_MAIL_OAUTH_AUTHORITY=idp.authority,
            SAMVERKA_MAIL_OAUTH_CLIENT_ID=CLIENT_ID,
            SAMVERKA_MAIL_OAUTH_CLIENT_SECRET=CLIENT_SECRET,
        )
        polled = subprocess.run(
            [SCRIPT, "mail", "poll", "--once"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert polled.returncode == 0, polled.stderr
        assert '"processed": 1' in polled.stdout and '"recorded": 1' in polled.stdout
        [row] = world.answers()
        assert row["answers"]["health"] == "on-track"
        assert CLIENT_SECRET not in polled.stdout + polled.stderr
    finally:
        k.close()


def test_a_token_is_not_sent_in_clear_text_to_another_machine(idp: IdentityProvider) -> None:
    from adapters.email.poll import parse_imap_url

    target = parse_imap_url("imap://samverka%40region.se@imap.region.se/INBOX?auth=xoauth2")
    with pytest.raises(AuthFailed, match="without TLS"):
        connect(target, tokens=tokens_for(idp)(target.user))
    assert idp.issued == []  # refused before a token was even asked for
