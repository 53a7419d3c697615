"""Did a receiving server we trust authenticate the From domain? (RFC 8601)

Anyone can write any From. A reply token proves the mail answers *our* mail
to a person, but a token can leak (a forwarded prompt, a quoted thread), and
then only the From check stands between its reader and an answer in the
person's name. A server that checks SPF, DKIM and DMARC on arrival records
what it found in an `Authentication-Results` header that starts with its own
authserv-id, and (RFC 8601 section 5) removes headers claiming that id from
mail it receives. `SAMVERKA_MAIL_AUTHSERV_ID` names the ids to trust; when it
is set, a reply is accepted only when such a header vouches for the From
domain:

- DMARC `pass` for it: yes; DMARC `fail`: no, whatever else passed;
- otherwise a DKIM `pass` whose `header.d`, or an SPF `pass` whose
  `smtp.mailfrom`, is the From domain, a parent or a subdomain of it (the
  alignment DMARC calls relaxed, without the public-suffix list);
- anything else (no trusted header, one that does not parse, only `none`,
  `softfail`, `temperror` ...): no.

Headers with other ids are ignored: anyone can write them. Exchange Online
writes its header without an authserv-id, so it cannot be named here.
"""

from __future__ import annotations

from collections.abc import Iterable
from email.message import EmailMessage
from typing import Any

import authres
import structlog

log = structlog.get_logger(__name__)
HEADER = "Authentication-Results"


def _values(message: EmailMessage) -> list[str]:
    try:
        return [str(v) for v in message.get_all(HEADER) or []]
    except Exception:  # a malformed header reads as raw text, never raises
        return [str(v) for k, v in message.raw_items() if k.lower() == HEADER.lower()]


def trusted_results(message: EmailMessage, trusted: Iterable[str]) -> list[Any]:
    """The results of every header written by a trusted authserv-id."""
    ids = {t.strip().lower() for t in trusted if t.strip()}
    found: list[Any] = []
    for value in _values(message):
        try:
            header = authres.AuthenticationResultsHeader.parse_value(value)
        except Exception as error:  # authres raises its own SyntaxError and others on junk
            log.info("mail.authresults_unreadable", error=type(error).__name__)
            continue
        if str(header.authserv_id or "").lower() in ids:
            found.extend(header.results)
    return found


def _property(result: Any, kind: str, name: str) -> str | None:
    for prop in getattr(result, "properties", None) or []:
        if str(prop.type).lower() == kind and str(prop.name).lower() == name:
            return str(prop.value)
    return None


def _domain(value: str | None) -> str:
    return (value or "").rsplit("@", 1)[-1].strip().strip(".").lower()


def aligned(domain: str, other: str) -> bool:
    if not domain or not other or "." not in other:
        return False
    return domain == other or domain.endswith("." + other) or other.endswith("." + domain)


def vouched(message: EmailMessage, sender: str, trusted: Iterable[str]) -> bool:
    """True when a trusted header authenticates the domain of `sender`."""
    domain = _domain(sender)
    results = trusted_results(message, trusted)
    dmarc = [
        str(r.result).lower()
        for r in results
        if str(r.method).lower() == "dmarc"
        and _domain(_property(r, "header", "from") or domain) == domain
    ]
    if "fail" in dmarc:
        return False
    if "pass" in dmarc:
        return True
    for r in results:
        if str(r.result).lower() != "pass":
            continue
        method = str(r.method).lower()
        if method == "dkim" and aligned(domain, _domain(_property(r, "header", "d"))):
            return True
        if method == "spf" and aligned(domain, _domain(_property(r, "smtp", "mailfrom"))):
            return True
    return False
