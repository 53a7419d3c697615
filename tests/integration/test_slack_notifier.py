"""Outbound Slack messages through the Notifier port, against the fake Web API:
rate limits are waited out, nothing is posted twice, nothing is dropped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.slack.config import SlackConfig
from adapters.slack.notifier import SlackNotifier, web_client
from adapters.slack.store import SlackStore, slack_engine
from services.notifications import Addressee, DeliveryIncomplete, OutgoingNotification
from tests.e2e.fake_slack import FakeSlack, fake_slack


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with fake_slack() as f:
        for n in range(1, 6):
            f.add_user(f"U0PERSON{n}", f"p{n}@example.se")
        yield f


def notifier(fake: FakeSlack, tmp_path: Path, retries: int = 3) -> SlackNotifier:
    config = SlackConfig(
        bot_token="xoxb-t",
        signing_secret="s",
        api_url=f"{fake.url}/api/",
        max_rate_limit_retries=retries,
    )
    store = SlackStore(slack_engine(f"sqlite:///{tmp_path}/samverka.db"))
    return SlackNotifier(web_client(config), store)


def people(n: int, *, missing: int = 0) -> tuple[Addressee, ...]:
    found = [
        Addressee(f"p{i}", f"Person {i}", "slack", slack_user_id=f"U0PERSON{i}")
        for i in range(1, n + 1)
    ]
    found += [
        Addressee(f"x{i}", "Gone", "slack", slack_user_id=f"U0GONE{i:03d}") for i in range(missing)
    ]
    return tuple(found)


def checkin(
    recipients: tuple[Addressee, ...], key: str = "round:r1:notice"
) -> OutgoingNotification:
    return OutgoingNotification(
        key=key,
        kind="checkin-open",
        subject="Läget i 2.7.2",
        text="Läget i 2.7.2: svara senast 2027-01-14 kl. 12:00.\n- Hur går det för initiativet?",
        recipients=recipients,
        data={"round_id": "5f0c5a3e-0000-4000-8000-000000000001"},
        slack_channel="C0SUMMARY",
    )


def test_rate_limited_posting_waits_and_delivers_everything_once(
    fake: FakeSlack, tmp_path: Path
) -> None:
    fake.throttle_next("chat.postMessage", 2)
    sent = notifier(fake, tmp_path).send(checkin(people(3)))
    assert sent == {"p1": "slack", "p2": "slack", "p3": "slack"}
    assert fake.rate_limited == 2
    posts = fake.of("chat.postMessage")
    assert sorted(p["channel"] for p in posts) == [
        "C0SUMMARY",
        "U0PERSON1",
        "U0PERSON2",
        "U0PERSON3",
    ]
    dm = next(p for p in posts if p["channel"] == "U0PERSON1")
    assert dm["metadata"]["event_payload"] == {"key": "round:r1:notice"}
    assert dm["blocks"][-1]["elements"][0]["action_id"] == "checkin_open"


def test_what_is_still_rate_limited_is_retried_later_without_repeating_posts(
    fake: FakeSlack, tmp_path: Path
) -> None:
    slack = notifier(fake, tmp_path, retries=1)
    fake.throttle_next("chat.postMessage", 2)  # the first person's post and its one retry
    with pytest.raises(DeliveryIncomplete) as caught:
        slack.send(checkin(people(3)))
    assert caught.value.delivered == {"p2": "slack", "p3": "slack"}
    assert set(caught.value.failed) == {"p1"} and caught.value.unreachable == {}
    # The dispatcher tries again with everyone still pending: only p1 is posted now.
    assert slack.send(checkin(people(3))) == {"p1": "slack", "p2": "slack", "p3": "slack"}
    targets = [p["channel"] for p in fake.of("chat.postMessage")]
    assert sorted(targets) == ["C0SUMMARY", "U0PERSON1", "U0PERSON2", "U0PERSON3"]


def test_people_slack_does_not_know_are_unreachable_the_rest_delivered(
    fake: FakeSlack, tmp_path: Path
) -> None:
    with pytest.raises(DeliveryIncomplete) as caught:
        notifier(fake, tmp_path).send(checkin(people(2, missing=1)))
    assert caught.value.delivered == {"p1": "slack", "p2": "slack"}
    assert caught.value.unreachable == {"x0": "channel_not_found"}


def test_a_bucket_like_slacks_paces_a_burst(fake: FakeSlack, tmp_path: Path) -> None:
    fake.limit("chat.postMessage", burst=3, per_second=20)
    sent = notifier(fake, tmp_path, retries=5).send(checkin(people(5), key="k2"))
    assert len(sent) == 5
    assert fake.rate_limited >= 1
    assert len(fake.of("chat.postMessage")) == 6


def test_retry_after_is_honoured_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    from slack_sdk.http_retry import builtin_handlers
    from slack_sdk.http_retry.request import HttpRequest
    from slack_sdk.http_retry.response import HttpResponse
    from slack_sdk.http_retry.state import RetryState

    waits: list[float] = []
    monkeypatch.setattr(builtin_handlers.time, "sleep", waits.append)
    handler = web_client(SlackConfig(max_rate_limit_retries=3)).retry_handlers[-1]
    request = HttpRequest(method="POST", url="https://slack.com/api/chat.postMessage", headers={})
    response = HttpResponse(status_code=429, headers={"Retry-After": ["7"]})
    state = RetryState()
    assert handler.can_retry(state=state, request=request, response=response)
    handler.prepare_for_next_attempt(state=state, request=request, response=response)
    assert 7 <= waits[0] < 8 and state.current_attempt == 1


def test_the_meeting_announcement_goes_to_the_channel_with_the_agenda(
    fake: FakeSlack, tmp_path: Path
) -> None:
    reminder = OutgoingNotification(
        key="meeting:s1:2027-01-26:remind",
        kind="reminder",
        subject="Påminnelse: Öppet samordningsmöte 2027-01-26",
        text="Påminnelse …",
        recipients=people(1),
        data={
            "starts_at": "2027-01-26T12:00:00+01:00",
            "agenda": ["Välkommen", "Umo:s nya tjänst"],
            "carried_forward": ["Skicka deltagarlistan"],
            "slack_channel": "C0MEETING",
        },
        slack_channel="C0MEETING",
    )
    slack = notifier(fake, tmp_path)
    assert slack.send(reminder) == {"p1": "slack"}
    assert slack.send(reminder) == {"p1": "slack"}  # sent again: nothing is posted twice
    posts = {p["channel"]: p for p in fake.of("chat.postMessage")}
    assert set(posts) == {"C0MEETING", "U0PERSON1"} and len(fake.of("chat.postMessage")) == 2
    shown = json.dumps(posts["C0MEETING"]["blocks"], ensure_ascii=False)
    assert "tis 26 jan 12:00" in shown and "2. Umo:s nya tjänst" in shown
    assert "Skicka deltagarlistan" in shown


@pytest.mark.parametrize("kind", ["occurrence-cancelled", "series-ended", "minutes"])
def test_the_e_mail_kinds_reach_slack_as_a_short_text(
    fake: FakeSlack, tmp_path: Path, kind: str
) -> None:
    """Cancelled meetings, ended series and minutes carry calendar data for e-mail;
    Slack recipients get the subject and the short text."""
    n = OutgoingNotification(
        key=f"meeting:s:2027-01-21:{kind}",
        kind=kind,
        subject="Inställt: Öppet samordningsmöte 2027-01-21",
        text="Mötet är inställt.\nOrsak: Sjukdom",
        recipients=people(2),
        data={"series_id": "s", "rules": [], "present_ids": [], "action_items": []},
    )
    assert notifier(fake, tmp_path).send(n) == {"p1": "slack", "p2": "slack"}
    texts = json.dumps(fake.of("chat.postMessage"), ensure_ascii=False)
    assert "Inställt: Öppet samordningsmöte" in texts and "Orsak: Sjukdom" in texts
