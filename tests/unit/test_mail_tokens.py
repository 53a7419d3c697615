from datetime import date
from uuid import uuid4

import pytest

from adapters.email import tokens as t

SECRET = "test-secret"


def _resolver(*pairs):
    def resolve(kind, target_prefix, person_prefix):
        return [
            (a, b)
            for a, b in pairs
            if a.bytes.startswith(target_prefix) and b.bytes.startswith(person_prefix)
        ]

    return resolve


def test_a_token_round_trips_and_fits_in_a_local_part():
    round_id, person = uuid4(), uuid4()
    token = t.issue(SECRET, "c", round_id, person, date(2026, 11, 30), 14)
    address = t.reply_address(token, "samverka.example.se")
    assert len(address.split("@")[0]) <= 64
    assert t.token_from_address(address.upper()) == token
    found = t.decode(SECRET, token, _resolver((round_id, person)), date(2026, 12, 14))
    assert (found.kind, found.target, found.person) == ("c", round_id, person)
    assert found.valid_until == date(2026, 12, 14)


def test_expired_forged_and_malformed_tokens_are_refused():
    round_id, person = uuid4(), uuid4()
    token = t.issue(SECRET, "c", round_id, person, date(2026, 11, 30), 14)
    resolve = _resolver((round_id, person))
    with pytest.raises(t.TokenError) as expired:
        t.decode(SECRET, token, resolve, date(2026, 12, 15))
    assert expired.value.reason == "expired"
    with pytest.raises(t.TokenError) as forged:
        t.decode("another-secret", token, resolve, date(2026, 12, 1))
    assert forged.value.reason == "forged"
    with pytest.raises(t.TokenError) as malformed:
        t.decode(SECRET, "not-a-token!", resolve, date(2026, 12, 1))
    assert malformed.value.reason == "malformed"
    assert t.token_from_address("someone@example.se") is None
