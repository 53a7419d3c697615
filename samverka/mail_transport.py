"""How mail goes out and comes in, from the settings: SMTP (password or
XOAUTH2), Microsoft Graph, or the outbox folder; and the OAuth token sources
they sign in with (adapters/email/oauth.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from adapters.email.graph import GraphClient, GraphReader, GraphTransport
from adapters.email.oauth import ENTRA, OAuthConfig, TokenSource, TokenSources
from adapters.email.transport import Transport, transport_for
from samverka.settings import Settings
from samverka.settings_mail import MailSettings


def oauth_config(mail: MailSettings) -> OAuthConfig | None:
    o = mail.oauth
    if not o.enabled:
        return None
    return OAuthConfig(
        provider=o.provider,
        client_id=o.client_id,
        scope=mail.oauth_scope(),
        client_secret=o.client_secret,
        certificate=Path(o.certificate) if o.certificate else None,
        authority=o.authority_url if o.provider == ENTRA else "",
        token_url=o.token_url,
    )


def token_sources(mail: MailSettings) -> Callable[[str], TokenSource] | None:
    """A token source per mailbox address, or None without an OAuth client."""
    config = oauth_config(mail)
    return TokenSources(config) if config is not None else None


def graph_client(mail: MailSettings, tokens: Callable[[str], TokenSource] | None) -> GraphClient:
    if tokens is None:  # the settings refuse graph without OAuth; a guard for callers
        raise ValueError("SAMVERKA_MAIL_TRANSPORT=graph needs SAMVERKA_MAIL_OAUTH_PROVIDER")
    return GraphClient(mail.graph_url, mail.graph_mailbox, tokens(mail.graph_mailbox))


def mail_transport(
    settings: Settings, tokens: Callable[[str], TokenSource] | None = None
) -> Transport:
    """Graph, SMTP_URL, or `.eml` files in `outbox_dir/mail/` (`make run`)."""
    mail = settings.mail
    tokens = tokens or token_sources(mail)
    if mail.transport == "graph":
        return GraphTransport(graph_client(mail, tokens))
    return transport_for(mail.smtp_url, settings.outbox_dir, tokens=tokens)


def graph_reader(mail: MailSettings) -> GraphReader:
    return GraphReader(graph_client(mail, token_sources(mail)), mail.graph_folder)
