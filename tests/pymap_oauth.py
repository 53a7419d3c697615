"""pymap (a real IMAP server, in-memory backend) that takes only XOAUTH2 and
checks each bearer token at a token endpoint's introspection URL, the way
Exchange Online and Gmail accept an app's token. Run as a process by the
tests (tests/mail_inbound_fixtures.py: `pymap_oauth_server`):

    python tests/pymap_oauth.py INTROSPECT_URL pymap-arguments...

Its demo user is the mailbox; LOGIN with a password is refused (the only
mechanism offered is XOAUTH2, and plain credentials are not accepted).
"""

from __future__ import annotations

import asyncio
import json
import sys
import urllib.parse
import urllib.request
from typing import Any

import pymap.backend.dict as dict_backend
from pymap.exceptions import InvalidAuth
from pymap.main import main
from pysasl import SASLAuth
from pysasl.creds.external import ExternalCredentials, ExternalVerificationRequired

INTROSPECT = sys.argv.pop(1)


def _active(token: str) -> bool:
    data = urllib.parse.urlencode({"token": token}).encode()
    with urllib.request.urlopen(INTROSPECT, data=data, timeout=10) as answer:
        return bool(json.loads(answer.read()).get("active"))


class OAuthConfig(dict_backend.Config):
    @property
    def tls_auth(self) -> SASLAuth:
        return SASLAuth.named([b"XOAUTH2"])


class OAuthLogin(dict_backend.Login):
    async def authenticate(self, credentials: Any) -> dict_backend.Identity:
        if not isinstance(credentials, ExternalCredentials):
            raise InvalidAuth()  # no passwords here
        try:
            credentials.verify(None)
        except ExternalVerificationRequired as required:
            token = required.token or ""
        if credentials.authzid != self.config.demo_user:
            raise InvalidAuth()
        if not await asyncio.to_thread(_active, token):
            raise InvalidAuth()
        return dict_backend.Identity(credentials.authzid, self, None, frozenset())


dict_backend.Config = OAuthConfig  # type: ignore[misc]
dict_backend.Login = OAuthLogin  # type: ignore[misc]

if __name__ == "__main__":
    sys.argv[0] = "pymap"
    main()
