"""The routing notifier's Teams rules: a person the Teams route prefers goes
there, whatever the domain's channel; a series' Teams channel reaches the
Teams route even when no recipient is on Teams."""

from __future__ import annotations

from services.notifications import Addressee, FakeNotifier, OutgoingNotification, RoutingNotifier


def notice(*people: Addressee, teams_channel: str | None = None) -> OutgoingNotification:
    return OutgoingNotification(
        key="meeting:s:2027-01-26:remind",
        kind="reminder",
        subject="Påminnelse",
        text="Tisdag 12:00",
        recipients=people,
        teams_channel=teams_channel,
    )


def test_the_preferred_route_wins_and_the_rest_go_as_before() -> None:
    teams, slack, email, fallback = FakeNotifier(), FakeNotifier(), FakeNotifier(), FakeNotifier()
    routing = RoutingNotifier(
        {"teams": teams, "slack": slack, "email": email},
        fallback,
        prefer=lambda a: "teams" if a.person_id == "anna" else None,
    )
    anna = Addressee("anna", "Anna", "slack", slack_user_id="U0ANNA")
    bengt = Addressee("bengt", "Bengt", "email", email="bengt@example.se")
    routing.send(notice(anna, bengt))
    assert [a.person_id for a in teams.sent[0].recipients] == ["anna"]
    assert [a.person_id for a in email.sent[0].recipients] == ["bengt"]
    assert slack.sent == [] and fallback.sent == []


def test_a_series_teams_channel_reaches_the_teams_route_alone() -> None:
    teams, email, fallback = FakeNotifier(), FakeNotifier(), FakeNotifier()
    routing = RoutingNotifier({"teams": teams, "email": email}, fallback)
    bengt = Addressee("bengt", "Bengt", "email", email="bengt@example.se")
    routing.send(notice(bengt, teams_channel="19:meeting@thread.tacv2"))
    assert teams.sent[0].recipients == ()
    assert teams.sent[0].teams_channel == "19:meeting@thread.tacv2"
    assert [a.person_id for a in email.sent[0].recipients] == ["bengt"]
