"""Hypothesis fuzz of the inbound parser: arbitrary bytes, arbitrary reply
texts and mangled headers never raise, and never half-record (issue 7)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.email.answers import NotUnderstood, parse_answers
from adapters.email.body import html_to_text, strip_reply
from adapters.email.inbound import Status
from domain.handlers.checkins import status_questions
from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from tests.clock import FixedClock
from tests.mail_inbound_fixtures import MailWorld, build_world, reply_mail

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MailWorld]:
    path: Path = tmp_path_factory.mktemp("fuzz") / "samverka.db"
    k: Container = bootstrap(Settings(database_url=f"sqlite:///{path}"), clock=FixedClock())
    try:
        yield build_world(k)
    finally:
        k.close()


@FUZZ
@given(st.text(max_size=400))
def test_reply_text_and_answers_never_raise_other_errors(text: str) -> None:
    stripped = strip_reply(text)
    html_to_text(text)
    with contextlib.suppress(NotUnderstood):
        parse_answers(status_questions(), stripped)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(world: MailWorld, raw: bytes) -> None:
    before = world.events()
    outcome = world.inbound().process(raw)
    assert outcome.status is not Status.RECORDED and world.events() == before


@FUZZ
@given(body=st.text(max_size=300), subject=st.text(max_size=80))
def test_arbitrary_bodies_with_a_valid_token(world: MailWorld, body: str, subject: str) -> None:
    mail = reply_mail(world.address(), "x", subject="ok")
    head = bytes(mail).partition(b"\n\n")[0].replace(b"7bit", b"8bit")
    head = head.replace(b"Subject: ok", b"Subject: " + subject.encode("utf-8", "replace"))
    raw = head + b"\n\n" + body.encode("utf-8", "surrogatepass")
    before = world.events()
    outcome = world.inbound().process(raw)
    grew = world.events() - before
    # Recorded: the answer and its receipt, in one transaction; else nothing.
    assert (outcome.status is Status.RECORDED and grew == 2) or grew == 0, (outcome, grew)


HEADER_NAMES = st.sampled_from(
    [
        "From",
        "To",
        "Cc",
        "Message-ID",
        "Subject",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Auto-Submitted",
        "Return-Path",
        "Delivered-To",
        "Date",
        "MIME-Version",
    ]
)


@FUZZ
@given(
    st.lists(st.tuples(HEADER_NAMES, st.binary(max_size=120)), max_size=8),
    st.binary(max_size=300),
)
def test_mangled_headers(world: MailWorld, headers: list[tuple[str, bytes]], body: bytes) -> None:
    good = bytes(reply_mail(world.address(), "på spår"))
    head, _, _ = good.partition(b"\n\n")
    extra = b"".join(name.encode() + b": " + value + b"\n" for name, value in headers)
    raw = extra + head + b"\n\n" + body
    before = world.events()
    outcome = world.inbound().process(raw)
    grew = world.events() - before
    assert (outcome.status is Status.RECORDED and grew == 2) or grew == 0, (outcome, grew)
