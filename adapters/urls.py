"""Which URLs a setting may name for a server Samverka signs in to or sends
tokens to: https, or plain http only to this machine (a test's fake, a local
Keycloak). One rule for the mail, OpenID and Teams settings alike."""

from __future__ import annotations

from urllib.parse import urlsplit

from services.i18n import N_

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def https_or_loopback(value: str) -> str:
    """An https URL, or plain http to a server on this machine; else ValueError."""
    parsed = urlsplit(value)
    if parsed.scheme == "https" and parsed.hostname:
        return value
    if parsed.scheme == "http" and parsed.hostname in LOOPBACK_HOSTS:
        return value
    raise ValueError(N_("must be an https URL (plain http only on 127.0.0.1 or localhost)"))
