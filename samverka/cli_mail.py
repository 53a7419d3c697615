"""`samverka mail ...`: inbound mail, by SMTP (listen) or IMAP (poll)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated

import typer

from adapters.email.inbound import Outcome
from adapters.email.listen import controller, parse_listen
from adapters.email.poll import parse_imap_url, poll_forever, poll_once
from adapters.email.transport import AuthFailed, Permanent, Transient
from samverka.cli_common import container, echo_json, fail, settings_or_fail, t, told
from samverka.mail import inbound_for
from samverka.mail_transport import graph_reader, token_sources
from services.i18n import translator

mail_app = typer.Typer(help="Inbound e-mail: replies that become events.", no_args_is_help=True)


@mail_app.command("listen")
def listen(
    bind: Annotated[
        str | None, typer.Option("--listen", help="host:port (SAMVERKA_MAIL_LISTEN).")
    ] = None,
) -> None:
    """Receive mail over SMTP (aiosmtpd) for svar+…@SAMVERKA_MAIL_DOMAIN."""
    k = container(mail="receives")
    try:
        host, port = parse_listen(bind or k.settings.mail.listen)
    except ValueError as error:
        k.close()
        fail(told(error))
    k.projector.start()
    server = controller(inbound_for(k), host, port)
    server.start()
    typer.echo(
        t(
            "listening for mail to {address} on {host}:{port}",
            address=f"@{k.settings.mail.domain}",
            host=host,
            port=port,
        ),
        err=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        k.close()


@mail_app.command("poll")
def poll(
    once: Annotated[bool, typer.Option("--once", help="Read the mailbox once and exit.")] = False,
    interval: Annotated[
        float, typer.Option("--interval", min=1.0, help="Seconds between polls.")
    ] = 60.0,
) -> None:
    """Read unseen mail from the IMAP mailbox in IMAP_URL (or, with
    SAMVERKA_MAIL_TRANSPORT=graph, unread mail from the Graph mailbox's folder)."""
    k = container(mail="receives")
    mail = k.settings.mail
    graph = mail.transport == "graph"
    if not (graph or mail.imap_url):
        k.close()
        fail(t("set IMAP_URL, like imaps://user:pass@imap.example.se/INBOX"))
    try:
        target = None if graph else parse_imap_url(mail.imap_url or "")
    except ValueError as error:
        k.close()
        fail(told(error))
    inbound = inbound_for(k)
    tokens = token_sources(mail)

    def once_through(on_outcome: Callable[[Outcome], None]) -> int:
        if target is None:
            return graph_reader(mail).poll_once(inbound, on_outcome)
        user_tokens = tokens(target.user) if tokens is not None else None
        return poll_once(inbound, target, on_outcome=on_outcome, tokens=user_tokens)

    try:
        if once:
            outcomes: dict[str, int] = {}

            def count(outcome: object) -> None:
                status = str(getattr(outcome, "status", "?"))
                outcomes[status] = outcomes.get(status, 0) + 1

            try:
                processed = once_through(count)
            except (AuthFailed, Transient, Permanent) as error:
                fail(str(error))
            echo_json({"processed": processed, "outcomes": outcomes})
        else:
            k.projector.start()
            if target is None:
                graph_reader(mail).poll_forever(inbound, interval)
            else:
                user_tokens = tokens(target.user) if tokens is not None else None
                poll_forever(inbound, target, interval, tokens=user_tokens)
    except KeyboardInterrupt:
        pass
    finally:
        k.close()


@mail_app.command("check")
def check(
    lang: Annotated[str, typer.Option("--lang", help="sv or en.")] = "sv",
) -> None:
    """Try the configured mail transport end to end (token, connection,
    sign-in; for Graph the mailbox's folder) and say what worked. Sends nothing."""
    from samverka.mail_check import run_check

    raise typer.Exit(run_check(settings_or_fail(), translator(lang), typer.echo))
