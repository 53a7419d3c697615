"""`samverka mail ...`: inbound mail, by SMTP (listen) or IMAP (poll)."""

from __future__ import annotations

import threading
from typing import Annotated

import typer

from adapters.email.listen import controller, parse_listen
from adapters.email.poll import parse_imap_url, poll_forever, poll_once
from samverka.cli_common import container, echo_json, fail, t, told
from samverka.mail import inbound_for

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
    """Read unseen mail from the IMAP mailbox in IMAP_URL."""
    k = container(mail="receives")
    if not k.settings.mail.imap_url:
        k.close()
        fail(t("set IMAP_URL, like imaps://user:pass@imap.example.se/INBOX"))
    try:
        target = parse_imap_url(k.settings.mail.imap_url)
    except ValueError as error:
        k.close()
        fail(told(error))
    inbound = inbound_for(k)
    try:
        if once:
            outcomes: dict[str, int] = {}

            def count(outcome: object) -> None:
                status = str(getattr(outcome, "status", "?"))
                outcomes[status] = outcomes.get(status, 0) + 1

            processed = poll_once(inbound, target, on_outcome=count)
            echo_json({"processed": processed, "outcomes": outcomes})
        else:
            k.projector.start()
            poll_forever(inbound, target, interval)
    except KeyboardInterrupt:
        pass
    finally:
        k.close()
